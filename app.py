"""Kraftsamla: choose where Malmö's kraftsamlande insatser go, and follow them up.

The router: page configuration, the shared sidebar (data package, area level, year, language) and the
page list. Run with ``streamlit run app.py``.
"""

from __future__ import annotations

import streamlit as st

from ui.identity import name_input
from ui.print_style import print_style
from ui.state import leave_legacy_pages_mode, sidebar, t

leave_legacy_pages_mode()

st.set_page_config(page_title="Kraftsamla", page_icon="🧭", layout="wide")

# The first page is the default one and is served at the root URL ("/"), whatever its url_path.
PAGES = [
    st.Page("pages/oversikt.py", title=t("page_overview"), icon="🗺️", url_path="oversikt",
            default=True),
    st.Page("pages/omradesval.py", title=t("page_choose"), icon="🎯", url_path="omradesval"),
    st.Page("pages/robusthet.py", title=t("page_robustness"), icon="🎲", url_path="robusthet"),
    st.Page("pages/uppfoljning.py", title=t("page_followup"), icon="📈", url_path="uppfoljning"),
    st.Page("pages/insatser.py", title=t("page_insatser"), icon="🧩", url_path="insatser"),
    st.Page("pages/data.py", title=t("page_data"), icon="📂", url_path="data"),
    st.Page("pages/mote.py", title=t("page_meeting"), icon="🖥️", url_path="mote"),
]

page = st.navigation(PAGES)
print_style()  # browser printing leaves the sidebar out (ui/print_style.py)
sidebar()
name_input()  # who is saving: recorded with every change (ui/identity.py)
page.run()

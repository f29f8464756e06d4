"""Kraftsamla: choose where Malmö's kraftsamlande insatser go, and follow them up.

The router: page configuration, the shared sidebar (data package, area level, year, language) and the
page list. Run with ``streamlit run app.py``.
"""

from __future__ import annotations

import streamlit as st

from access.roles import MANAGE_ROLES
from ui.access import auth_configured, refusal_for, sign_in_gate, signed_in_user
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

# Roles are given in the app only where people sign in, and only an administratör sees the page.
if signed_in_user() is not None and refusal_for(MANAGE_ROLES) is None:
    PAGES.append(st.Page("pages/roller.py", title=t("page_roles"), icon="🔑", url_path="roller"))

locked = auth_configured() and signed_in_user() is None  # sign-in configured, nobody signed in
page = st.navigation(PAGES, position="hidden" if locked else "sidebar")
print_style()  # browser printing leaves the sidebar out (ui/print_style.py)
if sign_in_gate():  # ui/access.py: the sign-in page, nothing else of the app
    st.stop()
sidebar()
name_input()  # who is saving (recorded with every change), sign-in status and roles (ui/identity.py)
page.run()

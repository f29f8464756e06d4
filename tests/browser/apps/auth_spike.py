"""A minimal Streamlit page for the sign-in spike (tests/browser/test_oidc_login.py); not the app.

It shows what Streamlit's own OIDC support gives a page: ``st.user`` (all claims of the ID token, plus
``is_logged_in``), ``st.login()`` and ``st.logout()``.
"""

from __future__ import annotations

import json

import streamlit as st

st.title("Sign-in spike")
if st.user.is_logged_in:
    claims = {k: v for k, v in st.user.to_dict().items() if k != "tokens"}
    st.code(json.dumps(claims, sort_keys=True, ensure_ascii=False), language="json")
    if st.button("Log out"):
        st.logout()
else:
    st.markdown("Signed out")
    if st.button("Log in"):
        st.login()

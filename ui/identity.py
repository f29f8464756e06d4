"""Who is using the app: recorded with every change a person saves (``updated_by``, ``reported_by``, the
history), so others can see who changed what.

`current_person` is the signed-in person once sign-in exists (see `_signed_in_person`, the one place to
add it), otherwise the name this session stated in the sidebar's "Ditt namn" field (`name_input`). A
page that writes asks for the name at the first write if none is known (`person_for_write`); what the
person typed stays on the page meanwhile.
"""

from __future__ import annotations

import streamlit as st

from ui.state import t

#: The sidebar's widget and the session's stated name (kept apart: a widget's state is dropped on a
#: run that does not draw it, the stated name is not).
NAME_WIDGET = "identity_name"
NAME_STATE = "identity_person"


def _signed_in_person() -> str | None:
    """The signed-in person's name, or None.

    SIGN-IN GOES HERE. When the app gets OIDC sign-in (``[auth]`` in ``.streamlit/secrets.toml``,
    ``st.login()``), return ``st.user.name`` (or ``st.user.email``) when ``st.user.is_logged_in``;
    `current_person` then uses it and `name_input` shows it instead of asking.
    """
    return None


def current_person() -> str | None:
    """Who is writing: the signed-in person, else the name this session stated, else None."""
    signed_in = _signed_in_person()
    if signed_in:
        return signed_in
    stated = " ".join(str(st.session_state.get(NAME_STATE, "")).split())
    return stated or None


def _remember(widget_key: str) -> None:
    """Widget callback: keep the typed name for the session (and show it in the sidebar field)."""
    name = " ".join(str(st.session_state.get(widget_key, "")).split())
    st.session_state[NAME_STATE] = name
    st.session_state[NAME_WIDGET] = name


def name_input() -> None:
    """The sidebar's "Ditt namn" field (or who is signed in). Drawn by `app.py` on every page."""
    signed_in = _signed_in_person()
    if signed_in:
        st.sidebar.caption(t("identity_signed_in", name=signed_in))
        return
    st.session_state[NAME_WIDGET] = st.session_state.get(NAME_STATE, "")
    st.sidebar.text_input(t("identity_name"), key=NAME_WIDGET, on_change=_remember,
                          args=(NAME_WIDGET,), help=t("identity_help"), max_chars=200)


def person_for_write(key: str, *, in_form: bool = False) -> str | None:
    """The person to record for a write about to happen, or None after asking for the name (the page
    then does not write; the person states the name and saves again, nothing typed is lost).

    ``key`` makes the name field's widget key unique on the page (e.g. ``"ins_edit"``). Inside an
    `st.form` (``in_form``) the person is pointed to the sidebar's field instead (a form's fields
    cannot act on their own).
    """
    person = current_person()
    if person:
        return person
    st.warning(t("identity_needed_sidebar" if in_form else "identity_needed"))
    if not in_form:
        st.text_input(t("identity_name"), key=f"{key}_identity", on_change=_remember,
                      args=(f"{key}_identity",), max_chars=200)
    return None

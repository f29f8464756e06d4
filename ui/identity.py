"""Who is using the app: recorded with every change a person saves (``updated_by``, ``reported_by``, the
history), so others can see who changed what.

`current_person` is the signed-in person ("Name (e-mail)", see `ui.access`) when sign-in is configured,
otherwise (local mode) the name this session stated in the sidebar's "Ditt namn" field (`name_input`).

`person_for_write` is called at every write site, right before the store: it checks that the person may
do the write (``action`` and, for a rapportör, ``board``; `ui.access.permitted`) and refuses it with a
message naming the role it needs; in local mode it asks for the name at the first write if none is
known. What the person typed stays on the page meanwhile.
"""

from __future__ import annotations

import streamlit as st

from access.roles import OTHER_WRITE
from ui.access import auth_configured, permitted, sidebar_status, signed_in_person
from ui.state import t

#: The sidebar's widget and the session's stated name (kept apart: a widget's state is dropped on a
#: run that does not draw it, the stated name is not).
NAME_WIDGET = "identity_name"
NAME_STATE = "identity_person"


def _signed_in_person() -> str | None:
    """The signed-in person as the history records them ("Name (e-mail)", from ``st.user``), or None."""
    return signed_in_person()


def current_person() -> str | None:
    """Who is writing: the signed-in person, else the name this session stated, else None."""
    signed_in = _signed_in_person()
    if signed_in or auth_configured():
        return signed_in  # with sign-in configured, a typed name never stands in for it
    stated = " ".join(str(st.session_state.get(NAME_STATE, "")).split())
    return stated or None


def _remember(widget_key: str) -> None:
    """Widget callback: keep the typed name for the session (and show it in the sidebar field)."""
    name = " ".join(str(st.session_state.get(widget_key, "")).split())
    st.session_state[NAME_STATE] = name
    st.session_state[NAME_WIDGET] = name


def name_input() -> None:
    """The sidebar's "Ditt namn" field with the local-mode notice, or who is signed in with their roles
    and a log-out. Drawn by `app.py` on every page."""
    sidebar_status()
    if auth_configured():
        return
    st.session_state[NAME_WIDGET] = st.session_state.get(NAME_STATE, "")
    st.sidebar.text_input(t("identity_name"), key=NAME_WIDGET, on_change=_remember,
                          args=(NAME_WIDGET,), help=t("identity_help"), max_chars=200)


def person_for_write(key: str, *, action: str = OTHER_WRITE, board: str | None = None,
                     in_form: bool = False) -> str | None:
    """The person to record for a write about to happen, or None when the write must not happen: the
    person's roles do not allow ``action`` (a message names the role it needs), or, in local mode, after
    asking for the name (the person states it and saves again, nothing typed is lost).

    ``action`` is one of `access.roles.ACTIONS` (default: a change only a samordnare makes); ``board``
    the board (Swedish name) whose insats the write is about, for the actions of a rapportör. ``key``
    makes the name field's widget key unique on the page (e.g. ``"ins_edit"``). Inside an `st.form`
    (``in_form``) the person is pointed to the sidebar's field instead (a form's fields cannot act on
    their own).
    """
    if not permitted(action, board):
        return None
    person = current_person()
    if person:
        return person
    st.warning(t("identity_needed_sidebar" if in_form else "identity_needed"))
    if not in_form:
        st.text_input(t("identity_name"), key=f"{key}_identity", on_change=_remember,
                      args=(f"{key}_identity",), max_chars=200)
    return None

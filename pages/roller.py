"""Roller: who may change what — the roles the sign-in's groups give and those given here — for the
administratör. (No data package is needed here, so the page does not ask for a selection.)"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from access.roles import MANAGE_ROLES, READER, REPORTER, ROLES, RoleError, grants_from_groups
from persistence import ROLE, RoleGrant
from persistence.records import NO_PACKAGE
from ui.access import permitted, role_name, secrets_section
from ui.history import delete_button, deleted_view, flash, undo_notice, when_text, who_text
from ui.identity import person_for_write
from ui.persist import attempt, store
from ui.plain_text import plain
from ui.state import labels_for, t

st.title(t("page_roles"))
st.caption(t("roles_intro"))
st.markdown(t("roles_what"))
if not permitted(MANAGE_ROLES):  # the page is listed for administratörer only; a deep link ends here
    st.stop()

# --- from the sign-in's groups (configuration) ------------------------------------------------------
st.subheader(t("roles_from_groups"))
mapping = dict(secrets_section("roles").get("groups") or {})
rows = []
for group in mapping:
    try:
        words = ", ".join(role_name(g) for g in grants_from_groups([group], mapping))
    except RoleError:
        words = "–"
    rows.append({t("roles_col_group"): str(group), t("roles_col_role"): words})
if rows:
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
else:
    st.info(t("roles_no_groups"))

# --- given in the app ---------------------------------------------------------------------------------
st.subheader(t("roles_in_app"))
db = store(reading=True)
if db is None:
    st.stop()
undo_notice(db, "roles")
grants = attempt(db.list_role_grants, write=False)
if grants is None:
    st.stop()
if grants:
    st.dataframe(pd.DataFrame({
        t("roles_col_person"): [g.person for g in grants],
        t("roles_col_role"): [role_name(g.role, g.board) for g in grants],
        t("roles_col_by"): [who_text(g.updated_by) for g in grants],
        t("roles_col_when"): [when_text(g.updated_at) for g in grants],
    }), hide_index=True, width="stretch")
    keys = [g.key for g in grants]
    by_key = {g.key: g for g in grants}
    doomed = by_key[st.selectbox(t("roles_remove_pick"), keys, key="roles_remove_pick",
                                 format_func=labels_for(keys, lambda k: t(
                                     "roles_line", person=by_key[k].person,
                                     role=role_name(by_key[k].role, by_key[k].board))))]
    delete_button(t("roles_remove"), "roles_remove",
                  lambda person: db.revoke_role(doomed, expected_version=doomed.version, user=person),
                  kind=ROLE, key=doomed.key,
                  name=t("roles_line", person=doomed.person, role=role_name(doomed.role, doomed.board)))
else:
    st.info(t("roles_none_in_app"))
deleted_view(db, NO_PACKAGE, ROLE, "roles_deleted",
             lambda d: t("roles_line", person=d.get("person", "–"),
                         role=role_name(d.get("role", READER), d.get("board") or None)))

boards = [b.name_sv for b in attempt(db.list_boards, write=False) or []]
choices = [r for r in ROLES if r != READER]  # a läsare is anyone signed in without a role
with st.form("roles_give_form", clear_on_submit=False):
    st.markdown(f"**{t('roles_give_heading')}**")
    who = st.text_input(t("roles_person"), key="roles_person", help=t("roles_person_help"),
                        max_chars=200)
    role = st.selectbox(t("roles_role"), choices, key="roles_role",
                        format_func=labels_for(choices, role_name))
    board = st.selectbox(t("roles_board"), boards, key="roles_board")
    if st.form_submit_button(t("roles_give"), type="primary"):
        if not who.strip():
            st.error(t("roles_person_missing"))
        elif person := person_for_write("roles_give", action=MANAGE_ROLES, in_form=True):
            given = attempt(lambda: db.grant_role(
                RoleGrant(who, role, board if role == REPORTER else ""), user=person), write=True)
            if given is not None:
                flash(plain(t("roles_given", person=given.person,
                              role=role_name(given.role, given.board))))
                st.rerun()

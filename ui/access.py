"""Sign-in and roles for the pages: who is signed in (Streamlit's own OIDC: ``st.login``, ``st.user``,
``st.logout``), which roles they hold, and the check every write makes before the store is called.

* Without ``[auth]`` in ``.streamlit/secrets.toml`` the app is in *local mode*: no sign-in, everyone may
  change everything (as before), a notice says so in the sidebar. With ``KRAFTSAMLA_REQUIRE_SIGN_IN=1``
  a deployment refuses every write until sign-in is configured.
* With ``[auth]`` a visitor signs in first (`sign_in_gate`); the roles come from the ID token's group
  claim mapped in ``[roles.groups]`` of the secrets, and from the roles an administratör gave in the app
  (`persistence.roles`, the page Roller). The rules are `access.roles`.
* `refusal_for` / `permitted` check one write (with the board the write is about, for a rapportör);
  `ui.identity.person_for_write` calls it at every write site, so a refused write never reaches the
  store, whatever buttons a page shows.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any

import streamlit as st

from access.roles import (
    REPORTER,
    ROLE_REQUIRED,
    SIGN_IN_NOT_CONFIGURED,
    SIGN_IN_REQUIRED,
    Grant,
    Refusal,
    RoleError,
    everything,
    grants_from_groups,
    refusal,
    strongest,
)
from ui.persist import attempt, store
from ui.state import t

#: Set to 1 (or true/yes) to refuse every write without sign-in (a deployment for the city).
REQUIRE_SIGN_IN_ENV = "KRAFTSAMLA_REQUIRE_SIGN_IN"
#: The ID token claim holding the person's groups unless ``[roles] group_claim`` names another.
DEFAULT_GROUP_CLAIM = "groups"


def secrets_section(name: str) -> Mapping[str, Any]:
    """``st.secrets[name]`` as a mapping, or {} (no secrets file, or no such section)."""
    try:
        section = st.secrets.get(name)
    except FileNotFoundError:  # no secrets file (Streamlit's own error is a FileNotFoundError)
        return {}
    return section if isinstance(section, Mapping) else {}


def auth_configured() -> bool:
    """True when ``[auth]`` is configured (sign-in is on)."""
    return bool(secrets_section("auth"))


def sign_in_required() -> bool:
    """True when the deployment asks that only signed-in people may write (`REQUIRE_SIGN_IN_ENV`)."""
    return os.environ.get(REQUIRE_SIGN_IN_ENV, "").strip().lower() in {"1", "true", "yes", "ja"}


def signed_in_user() -> dict[str, Any] | None:
    """The signed-in person's ID token claims (``st.user``), or None (not signed in, or no sign-in)."""
    if not auth_configured():
        return None
    claims = st.user.to_dict()
    return claims if claims.get("is_logged_in") is True else None


def person_key(claims: Mapping[str, Any]) -> str:
    """What names a signed-in person in the role table: the e-mail in lower case (else the subject)."""
    return " ".join(str(claims.get("email") or claims.get("sub") or "").split()).casefold()


def person_label(claims: Mapping[str, Any]) -> str:
    """How the history names a signed-in person: "Name (e-mail)", or whichever of them there is."""
    name = " ".join(str(claims.get("name") or "").split())
    email = " ".join(str(claims.get("email") or "").split())
    if name and email:
        return f"{name} ({email})"
    return name or email or str(claims.get("sub") or "")


def signed_in_person() -> str | None:
    """The signed-in person as the history records them, or None."""
    claims = signed_in_user()
    return (person_label(claims) or None) if claims else None


def group_grants(claims: Mapping[str, Any]) -> tuple[Grant, ...]:
    """The grants the group claim gives by ``[roles.groups]``; a wrong mapping is shown and gives none."""
    roles = secrets_section("roles")
    groups = claims.get(str(roles.get("group_claim") or DEFAULT_GROUP_CLAIM)) or []
    if isinstance(groups, str):
        groups = [groups]
    try:
        return grants_from_groups(groups, dict(roles.get("groups") or {}))
    except RoleError as exc:
        st.error(t("access_bad_mapping", group=exc.params.get("group", ""),
                   value=exc.params.get("value", "")))
        return ()


def stored_grants(claims: Mapping[str, Any]) -> tuple[Grant, ...]:
    """The grants an administratör gave this person in the app (none when they cannot be read)."""
    key = person_key(claims)
    db = store() if key else None
    rows = attempt(lambda: db.list_role_grants(key), write=False) if db is not None else None
    return tuple(Grant(r.role, r.board or None) for r in rows or [])


def current_grants() -> tuple[Grant, ...] | None:
    """What the person using the app may do: every grant in local mode (none when sign-in is required
    but not configured), the signed-in person's grants, or None when nobody is signed in."""
    if not auth_configured():
        return () if sign_in_required() else everything()
    claims = signed_in_user()
    if claims is None:
        return None
    return strongest((*group_grants(claims), *stored_grants(claims)))


def refusal_for(action: str, board: str | None = None) -> Refusal | None:
    """None when the person may do ``action`` (on ``board``'s insatser), else why not."""
    if not auth_configured():
        return Refusal(SIGN_IN_NOT_CONFIGURED) if sign_in_required() else None
    grants = current_grants()
    if grants is None:
        return Refusal(SIGN_IN_REQUIRED)
    return refusal(action, grants, board)


def role_name(grant_or_role: Grant | str, board: str | None = None) -> str:
    """A role in words: "samordnare", "rapportör för fritidsnämnden"."""
    role = grant_or_role.role if isinstance(grant_or_role, Grant) else grant_or_role
    board = grant_or_role.board if isinstance(grant_or_role, Grant) else board
    if role == REPORTER and board:
        return t("access_role_reporter_for", board=board)
    return t(f"access_role_{role}")


def roles_text(grants: Iterable[Grant]) -> str:
    """The person's roles in words (läsare when none)."""
    names = [role_name(g) for g in grants]
    return ", ".join(names) if names else t("access_no_role")


def refusal_text(found: Refusal) -> str:
    """A refusal in the UI's language: "Det här kräver rollen samordnare. …"."""
    if found.code == ROLE_REQUIRED:
        board = found.params.get("board")
        names = [role_name(role, board) for role in found.params.get("roles", ())]
        return t("access_role_required", roles=t("access_or").join(names))
    return t(f"access_{found.code}")


def permitted(action: str, board: str | None = None) -> bool:
    """True when the person may do ``action``; otherwise says why on the page and returns False.
    Call it right before the store is called (the server-side check), not only to hide a button."""
    found = refusal_for(action, board)
    if found is None:
        return True
    st.error(refusal_text(found), icon="🔒")
    return False


def sidebar_status() -> None:
    """The sidebar's line on sign-in: local mode, or who is signed in, their roles and a log-out."""
    if not auth_configured():
        st.sidebar.info(t("access_local_mode"), icon="🔓")
        st.sidebar.caption(t("access_local_required") if sign_in_required() else t("access_local_mode_help"))
        return
    claims = signed_in_user()
    if claims is None:
        return
    from ui.plain_text import plain  # the provider's names shown as text

    st.sidebar.caption(plain(t("identity_signed_in", name=person_label(claims))))
    st.sidebar.caption(plain(t("access_roles_line", roles=roles_text(current_grants() or ()))))
    if st.sidebar.button(t("access_log_out"), key="access_log_out"):
        st.logout()


def sign_in_gate() -> bool:
    """With sign-in configured and nobody signed in: the sign-in page (True: stop drawing the app)."""
    if not auth_configured() or signed_in_user() is not None:
        return False
    st.title("Kraftsamla")
    st.markdown(t("access_gate_text"))
    if st.button(t("access_log_in"), key="access_log_in", type="primary"):
        st.login()
    return True

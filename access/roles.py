"""Who may change what: the roles of a deployment with sign-in, and which action needs which role.

Pure (no streamlit, no I/O): the UI asks `refusal(action, grants, board)` before every write and turns
a refusal's code and parameters into words (``i18n/catalogue.py``). Reading is never checked here: every
signed-in person reads everything.

Roles (Swedish names in the UI)
-------------------------------
========================  =====================  ===============================================
code                      in the UI              may
========================  =====================  ===============================================
``reader``                läsare                 read everything, change nothing
``analyst``               analytiker             save and remove scenarios
``reporter`` + board      rapportör för NÄMND    report values and edit indicators of that
                                                 board's insatser
``coordinator``           samordnare             targets, boards, insatser and indicators of any
                                                 board, reported values, imports, scenarios
``admin``                 administratör          who has which role
========================  =====================  ===============================================

A person may hold several grants (e.g. rapportör for two boards); an action is allowed when one of them
allows it. Grants are written ``"samordnare"`` or ``"rapportör:fritidsnämnden"`` in configuration (the
Swedish or English role name; `parse_grant`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

READER, ANALYST, REPORTER, COORDINATOR, ADMIN = "reader", "analyst", "reporter", "coordinator", "admin"
#: Every role, from the least to the most trusted with shared data.
ROLES: tuple[str, ...] = (READER, ANALYST, REPORTER, COORDINATOR, ADMIN)

#: Names a configuration may use for a role (Swedish and English, any case and accents).
ROLE_ALIASES: Mapping[str, str] = {
    "reader": READER, "lasare": READER, "läsare": READER,
    "analyst": ANALYST, "analytiker": ANALYST,
    "reporter": REPORTER, "rapportor": REPORTER, "rapportör": REPORTER,
    "coordinator": COORDINATOR, "samordnare": COORDINATOR,
    "admin": ADMIN, "administrator": ADMIN, "administratör": ADMIN,
}

# --- actions (every write of the app is one of these) -------------------------------------------------
SAVE_SCENARIO, DELETE_SCENARIO = "save_scenario", "delete_scenario"
SAVE_TARGETS, DELETE_TARGETS = "save_targets", "delete_targets"
ADD_BOARD = "add_board"
SAVE_INSATS, DELETE_INSATS = "save_insats", "delete_insats"
SAVE_INDICATOR, DELETE_INDICATOR = "save_indicator", "delete_indicator"
REPORT_VALUE, DELETE_REPORTED_VALUE = "report_value", "delete_reported_value"
IMPORT = "import"
MANAGE_ROLES = "manage_roles"
#: A shared change not given an action of its own: stadskontoret's (samordnare).
OTHER_WRITE = "other_write"

#: Which roles may do each action. ``REPORTER`` only for the board the action is about.
NEEDS: Mapping[str, tuple[str, ...]] = {
    SAVE_SCENARIO: (ANALYST, COORDINATOR),
    DELETE_SCENARIO: (ANALYST, COORDINATOR),
    SAVE_TARGETS: (COORDINATOR,),
    DELETE_TARGETS: (COORDINATOR,),
    ADD_BOARD: (COORDINATOR,),
    SAVE_INSATS: (COORDINATOR,),
    DELETE_INSATS: (COORDINATOR,),
    SAVE_INDICATOR: (REPORTER, COORDINATOR),
    DELETE_INDICATOR: (REPORTER, COORDINATOR),
    REPORT_VALUE: (REPORTER, COORDINATOR),
    DELETE_REPORTED_VALUE: (REPORTER, COORDINATOR),
    IMPORT: (COORDINATOR,),
    MANAGE_ROLES: (ADMIN,),
    OTHER_WRITE: (COORDINATOR,),
}
ACTIONS: tuple[str, ...] = tuple(NEEDS)

#: The action that changes (or restores) a record of each kind the history keeps
#: (`persistence.records.HISTORY_KINDS`); a restore needs the same role as a save.
SAVE_ACTION_OF_KIND: Mapping[str, str] = {
    "scenario": SAVE_SCENARIO, "targets": SAVE_TARGETS, "insats": SAVE_INSATS,
    "indicator": SAVE_INDICATOR, "reported_value": REPORT_VALUE, "role": MANAGE_ROLES,
    "meeting_note": OTHER_WRITE,
}
DELETE_ACTION_OF_KIND: Mapping[str, str] = {
    "scenario": DELETE_SCENARIO, "targets": DELETE_TARGETS, "insats": DELETE_INSATS,
    "indicator": DELETE_INDICATOR, "reported_value": DELETE_REPORTED_VALUE, "role": MANAGE_ROLES,
    "meeting_note": OTHER_WRITE,
}

# --- refusal codes (words in i18n/catalogue.py: "access_<code>") ------------------------------------
ROLE_REQUIRED = "role_required"  # params: roles (tuple of role codes), board (str or None)
SIGN_IN_REQUIRED = "sign_in_required"  # sign-in is configured, the person has not signed in
SIGN_IN_NOT_CONFIGURED = "sign_in_not_configured"  # sign-in is required but not configured
BOARD_REQUIRED = "board_required"  # a board-bound action asked about without its board (a bug)


class RoleError(ValueError):
    """A role, action or grant that does not exist; ``code`` and ``params`` say which (for the UI)."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(f"{code}: {params}")
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Grant:
    """One role a person holds; ``board`` (the board's Swedish name) only for ``reporter``."""

    role: str
    board: str | None = None

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise RoleError("unknown_role", role=self.role, valid=", ".join(ROLES))
        board = " ".join(str(self.board or "").split()) or None
        if self.role == REPORTER and board is None:
            raise RoleError("reporter_needs_board")
        object.__setattr__(self, "board", board if self.role == REPORTER else None)

    def covers(self, board: str | None) -> bool:
        """True when this grant's board is ``board`` (compared without case)."""
        return self.board is not None and board is not None and \
            _fold(self.board) == _fold(board)


@dataclass(frozen=True)
class Refusal:
    """Why a write is refused: a code (see ``ROLE_REQUIRED`` …) and its parameters."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split())).casefold()


def _plain(text: str) -> str:
    """Lower case without accents: "Rapportör" → "rapportor"."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def role_code(name: str) -> str:
    """The role code for a Swedish or English role name (any case, with or without accents).

    Raises
    ------
    RoleError
        ``unknown_role`` with the valid names.
    """
    found = ROLE_ALIASES.get(_plain(str(name)))
    if found is None:
        raise RoleError("unknown_role", role=str(name), valid=", ".join(ROLES))
    return found


def parse_grant(text: str) -> Grant:
    """A grant as configuration writes it: ``"samordnare"``, ``"rapportör:fritidsnämnden"``.

    Examples
    --------
    >>> parse_grant("Rapportör: fritidsnämnden")
    Grant(role='reporter', board='fritidsnämnden')
    """
    role, _, board = str(text).partition(":")
    return Grant(role_code(role), board or None)


def grants_from_groups(groups: Iterable[object], mapping: Mapping[str, object]) -> tuple[Grant, ...]:
    """The grants the ID token's group claim gives, by the configured ``mapping`` (group id → a grant
    text as `parse_grant` reads it, or a list of them). Groups not in the mapping give nothing.

    Raises
    ------
    RoleError
        A mapped value is not a valid grant (the configuration is wrong; ``params`` names the group).
    """
    found: list[Grant] = []
    for group in groups:
        value = mapping.get(str(group))
        if value is None:
            continue
        for text in value if isinstance(value, list | tuple) else (value,):
            try:
                found.append(parse_grant(str(text)))
            except RoleError as exc:
                raise RoleError("bad_group_mapping", group=str(group), value=str(text),
                                reason=exc.code) from None
    return tuple(dict.fromkeys(found))


def refusal(action: str, grants: Iterable[Grant], board: str | None = None) -> Refusal | None:
    """None when one of ``grants`` allows ``action`` (on ``board``'s insatser for a board-bound
    action); else why not.

    Parameters
    ----------
    action : one of `ACTIONS`.
    grants : what the person holds (a signed-in person with none reads only).
    board : the board (Swedish name) whose insats the action is about; needed for the actions a
        rapportör may do (``SAVE_INDICATOR``, ``REPORT_VALUE`` …), ignored otherwise.

    Returns
    -------
    None, or `Refusal` with code ``role_required`` and params ``roles`` (the role codes that would
    allow it, in `ROLES` order) and ``board`` (set when a rapportör for that board would do).

    Raises
    ------
    RoleError
        ``unknown_action``.
    """
    needs = NEEDS.get(action)
    if needs is None:
        raise RoleError("unknown_action", action=action, valid=", ".join(ACTIONS))
    held = tuple(grants)
    for grant in held:
        if grant.role in needs and (grant.role != REPORTER or grant.covers(board)):
            return None
    if REPORTER in needs and board is None:
        # A board-bound action asked about without its board: only the roles for any board count.
        return Refusal(ROLE_REQUIRED, {"roles": tuple(r for r in needs if r != REPORTER), "board": None})
    return Refusal(ROLE_REQUIRED, {"roles": needs, "board": board if REPORTER in needs else None})


def may(action: str, grants: Iterable[Grant], board: str | None = None) -> bool:
    """True when `refusal` has nothing against it."""
    return refusal(action, grants, board) is None


def everything() -> tuple[Grant, ...]:
    """The grants of local mode (no sign-in configured): every role except a board-bound one, which
    `COORDINATOR` covers."""
    return (Grant(ANALYST), Grant(COORDINATOR), Grant(ADMIN))


def strongest(grants: Iterable[Grant]) -> tuple[Grant, ...]:
    """``grants`` without duplicates, in `ROLES` order then by board (for showing them)."""
    unique = dict.fromkeys(grants)
    return tuple(sorted(unique, key=lambda g: (ROLES.index(g.role), _fold(g.board or ""))))

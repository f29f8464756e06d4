"""The role rules (access/roles.py): which action needs which role, table-driven."""

from __future__ import annotations

import pytest

from access.roles import (
    ACTIONS,
    ADD_BOARD,
    ADMIN,
    ANALYST,
    COORDINATOR,
    DELETE_ACTION_OF_KIND,
    DELETE_INDICATOR,
    DELETE_INSATS,
    DELETE_REPORTED_VALUE,
    DELETE_SCENARIO,
    DELETE_TARGETS,
    IMPORT,
    MANAGE_ROLES,
    OTHER_WRITE,
    READER,
    REPORT_VALUE,
    REPORTER,
    ROLE_REQUIRED,
    SAVE_ACTION_OF_KIND,
    SAVE_INDICATOR,
    SAVE_INSATS,
    SAVE_SCENARIO,
    SAVE_TARGETS,
    Grant,
    Refusal,
    RoleError,
    everything,
    grants_from_groups,
    may,
    parse_grant,
    refusal,
    role_code,
    strongest,
)
from persistence.records import HISTORY_KINDS

FRITID, SKOLA = "fritidsnämnden", "grundskolenämnden"
LASARE = (Grant(READER),)
ANALYTIKER = (Grant(ANALYST),)
RAPPORTOR = (Grant(REPORTER, FRITID),)
SAMORDNARE = (Grant(COORDINATOR),)
ADMINISTRATOR = (Grant(ADMIN),)
NOBODY: tuple[Grant, ...] = ()

# (action, board the action is about) → who may: läsare, analytiker, rapportör (fritid), samordnare,
# administratör, a person with no grant at all.
ALLOWED = [
    (SAVE_SCENARIO, None, (False, True, False, True, False, False)),
    (DELETE_SCENARIO, None, (False, True, False, True, False, False)),
    (SAVE_TARGETS, None, (False, False, False, True, False, False)),
    (DELETE_TARGETS, None, (False, False, False, True, False, False)),
    (ADD_BOARD, None, (False, False, False, True, False, False)),
    (SAVE_INSATS, FRITID, (False, False, False, True, False, False)),  # insatser: samordnare only
    (DELETE_INSATS, FRITID, (False, False, False, True, False, False)),
    (SAVE_INDICATOR, FRITID, (False, False, True, True, False, False)),
    (SAVE_INDICATOR, SKOLA, (False, False, False, True, False, False)),  # another board's insats
    (DELETE_INDICATOR, FRITID, (False, False, True, True, False, False)),
    (REPORT_VALUE, FRITID, (False, False, True, True, False, False)),
    (REPORT_VALUE, "FRITIDSNÄMNDEN ", (False, False, True, True, False, False)),  # case, spaces
    (REPORT_VALUE, SKOLA, (False, False, False, True, False, False)),
    (REPORT_VALUE, None, (False, False, False, True, False, False)),  # no board: not a rapportör's
    (DELETE_REPORTED_VALUE, FRITID, (False, False, True, True, False, False)),
    (IMPORT, None, (False, False, False, True, False, False)),
    (MANAGE_ROLES, None, (False, False, False, False, True, False)),
    (OTHER_WRITE, None, (False, False, False, True, False, False)),
]
PEOPLE = (LASARE, ANALYTIKER, RAPPORTOR, SAMORDNARE, ADMINISTRATOR, NOBODY)


@pytest.mark.parametrize(("action", "board", "expected"), ALLOWED)
def test_who_may_do_what(action, board, expected):
    assert tuple(may(action, grants, board) for grants in PEOPLE) == expected


def test_every_action_is_in_the_table():
    assert {a for a, _, _ in ALLOWED} == set(ACTIONS)


@pytest.mark.parametrize(("action", "grants", "board", "expected"), [
    (SAVE_TARGETS, LASARE, None, Refusal(ROLE_REQUIRED, {"roles": (COORDINATOR,), "board": None})),
    (SAVE_SCENARIO, LASARE, None,
     Refusal(ROLE_REQUIRED, {"roles": (ANALYST, COORDINATOR), "board": None})),
    (REPORT_VALUE, RAPPORTOR, SKOLA,
     Refusal(ROLE_REQUIRED, {"roles": (REPORTER, COORDINATOR), "board": SKOLA})),
    (REPORT_VALUE, LASARE, None, Refusal(ROLE_REQUIRED, {"roles": (COORDINATOR,), "board": None})),
    (MANAGE_ROLES, SAMORDNARE, None, Refusal(ROLE_REQUIRED, {"roles": (ADMIN,), "board": None})),
    (SAVE_TARGETS, SAMORDNARE, None, None),
])
def test_a_refusal_names_the_roles_that_would_do(action, grants, board, expected):
    assert refusal(action, grants, board) == expected


def test_several_grants_add_up():
    both = (Grant(REPORTER, FRITID), Grant(REPORTER, SKOLA), Grant(ANALYST))
    assert may(REPORT_VALUE, both, SKOLA)
    assert may(REPORT_VALUE, both, FRITID)
    assert may(SAVE_SCENARIO, both)
    assert not may(SAVE_TARGETS, both)


def test_local_mode_may_do_everything_but_reads_no_board():
    for action in ACTIONS:
        assert may(action, everything(), FRITID)


@pytest.mark.parametrize(("text", "expected"), [
    ("samordnare", Grant(COORDINATOR)),
    ("Samordnare", Grant(COORDINATOR)),
    ("coordinator", Grant(COORDINATOR)),
    ("läsare", Grant(READER)),
    ("lasare", Grant(READER)),
    ("administratör", Grant(ADMIN)),
    ("Administrator", Grant(ADMIN)),
    ("analytiker", Grant(ANALYST)),
    ("rapportör:fritidsnämnden", Grant(REPORTER, FRITID)),
    ("reporter: fritidsnämnden ", Grant(REPORTER, FRITID)),
    ("samordnare:fritidsnämnden", Grant(COORDINATOR)),  # a board means nothing to other roles
])
def test_parse_grant(text, expected):
    assert parse_grant(text) == expected


@pytest.mark.parametrize(("text", "code"), [
    ("chef", "unknown_role"),
    ("", "unknown_role"),
    ("rapportör", "reporter_needs_board"),
    ("rapportör:  ", "reporter_needs_board"),
])
def test_parse_grant_refuses(text, code):
    with pytest.raises(RoleError) as caught:
        parse_grant(text)
    assert caught.value.code == code


def test_groups_map_to_grants():
    mapping = {"g-ana": "analytiker", "g-rap": "rapportör:fritidsnämnden",
               "g-both": ["samordnare", "administratör"]}
    assert grants_from_groups(["g-ana", "unknown"], mapping) == (Grant(ANALYST),)
    assert grants_from_groups(["g-both", "g-rap", "g-both"], mapping) == (
        Grant(COORDINATOR), Grant(ADMIN), Grant(REPORTER, FRITID))
    assert grants_from_groups([], mapping) == ()


def test_a_wrong_mapping_names_the_group():
    with pytest.raises(RoleError) as caught:
        grants_from_groups(["g"], {"g": "chef"})
    assert caught.value.code == "bad_group_mapping"
    assert caught.value.params == {"group": "g", "value": "chef", "reason": "unknown_role"}


def test_unknown_action_and_role():
    with pytest.raises(RoleError) as caught:
        refusal("launch", LASARE)
    assert caught.value.code == "unknown_action"
    with pytest.raises(RoleError):
        Grant("boss")
    assert role_code("RAPPORTÖR") == REPORTER


def test_every_history_kind_has_its_actions():
    assert set(HISTORY_KINDS) <= set(SAVE_ACTION_OF_KIND)
    assert set(HISTORY_KINDS) <= set(DELETE_ACTION_OF_KIND)


def test_strongest_orders_and_dedupes():
    assert strongest([Grant(ADMIN), Grant(REPORTER, SKOLA), Grant(READER), Grant(REPORTER, FRITID),
                      Grant(ADMIN)]) == (Grant(READER), Grant(REPORTER, FRITID), Grant(REPORTER, SKOLA),
                                         Grant(ADMIN))


def test_the_example_secrets_map_every_group_to_a_valid_role():
    import tomllib
    from pathlib import Path

    example = Path(__file__).resolve().parents[1] / ".streamlit" / "secrets.example.toml"
    roles = tomllib.loads(example.read_text(encoding="utf-8"))["roles"]
    assert roles["group_claim"] == "groups"
    grants = grants_from_groups(list(roles["groups"]), roles["groups"])
    assert {g.role for g in grants} == {READER, ANALYST, REPORTER, COORDINATOR, ADMIN}

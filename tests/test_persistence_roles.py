"""Roles kept in the database (revision 0008, persistence/roles.py): given and taken away by an
administratör, with who and when in the history, a removal undoable. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from access.roles import ADMIN, COORDINATOR, REPORTER
from persistence import ROLE, ConflictError, InvalidDataError, RoleGrant, Store
from persistence.records import NO_PACKAGE
from tests.stores import T0

LATER = T0 + timedelta(hours=1)


def test_a_role_is_given_listed_and_taken_away_with_history(store: Store) -> None:
    given = store.grant_role(RoleGrant(" Rut.Rapportor@Malmo.test ", REPORTER, "fritidsnämnden"),
                             user="Ada Administratör", now=T0)
    assert (given.person, given.role, given.board, given.version) == (
        "rut.rapportor@malmo.test", REPORTER, "fritidsnämnden", 1)
    store.grant_role(RoleGrant("sam@malmo.test", COORDINATOR), user="Ada Administratör", now=T0)
    assert [g.person for g in store.list_role_grants()] == ["rut.rapportor@malmo.test", "sam@malmo.test"]
    assert store.list_role_grants("RUT.rapportor@malmo.test") == [given]
    assert store.revoke_role(given, expected_version=1, user="Ada Administratör", now=LATER)
    assert store.list_role_grants("rut.rapportor@malmo.test") == []
    entries = store.history(ROLE, given.key)
    assert [(e.version, e.action, e.changed_by, e.package_key) for e in entries] == [
        (1, "create", "Ada Administratör", NO_PACKAGE), (2, "delete", "Ada Administratör", NO_PACKAGE)]
    assert [e.key for e in store.deleted(NO_PACKAGE, ROLE)] == [given.key]
    back = store.restore(ROLE, given.key, 1, expected_version=2, user="Ada Administratör")
    assert (back.person, back.version) == ("rut.rapportor@malmo.test", 3)
    assert store.list_role_grants("rut.rapportor@malmo.test") == [back]


def test_a_role_given_twice_or_taken_away_stale_is_refused(store: Store) -> None:
    given = store.grant_role(RoleGrant("ada@malmo.test", ADMIN), user="A")
    with pytest.raises(ConflictError):
        store.grant_role(RoleGrant("ADA@malmo.test", ADMIN), user="B")
    assert store.revoke_role(given, expected_version=1, user="A")
    assert not store.revoke_role(given, expected_version=1, user="B")  # already gone: nothing lost


@pytest.mark.parametrize(("person", "role", "board"), [
    ("", ADMIN, ""), ("x@y", "chef", ""), ("x@y", REPORTER, " "),
])
def test_a_bad_grant_is_refused(person: str, role: str, board: str) -> None:
    with pytest.raises(InvalidDataError):
        RoleGrant(person, role, board)


def test_a_board_means_nothing_to_other_roles() -> None:
    assert RoleGrant("x@y", COORDINATOR, "fritidsnämnden").board == ""

"""Roles given in the app: who (e-mail) holds which role, beside those the identity provider's group
claim gives (`access.roles`). Granting creates a row, taking a role away removes it; both are versions
in the history (kind "role"), so a removal can be undone."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, select

from persistence import schema as s
from persistence.errors import ConflictError
from persistence.operation import Operations, operation
from persistence.records import NO_PACKAGE, ROLE, RoleGrant, content
from persistence.versioned import Item, remove, restore_version, save


def _from_row(row: Row) -> RoleGrant:
    return RoleGrant(row.person, row.role, row.board, version=row.version, created_at=row.created_at,
                     updated_at=row.updated_at, updated_by=row.updated_by)


def _already_given(existing: RoleGrant) -> ConflictError:
    return ConflictError(f"{existing.person} har redan den rollen.",
                         f"{existing.person} already has that role.", current=existing)


class RoleOps(Operations):
    """Roles: list (everyone's or one person's), grant, take away, restore."""

    def _role_item(self, grant: RoleGrant) -> Item[RoleGrant]:
        identity = {"person": grant.person, "role": grant.role, "board": grant.board}
        return Item(ROLE, grant.key, NO_PACKAGE, s.role_grants, identity,
                    lambda: self._load_grant(grant),
                    (f"Rollen för {grant.person}", f"The role of {grant.person}"))

    def _load_grant(self, grant: RoleGrant) -> RoleGrant | None:
        r = s.role_grants
        row = self.conn.execute(select(r).where(r.c.person == grant.person, r.c.role == grant.role,
                                                r.c.board == grant.board)).first()
        return None if row is None else _from_row(row)

    @operation(("Rollerna kunde inte läsas", "The roles could not be read"), write=False)
    def list_role_grants(self, person: str | None = None) -> list[RoleGrant]:
        """Every role given in the app (by person, role, board), or only ``person``'s (any case)."""
        r = s.role_grants
        query = select(r).order_by(r.c.person, r.c.role, r.c.board)
        if person is not None:
            query = query.where(r.c.person == " ".join(person.split()).casefold())
        return [_from_row(row) for row in self.conn.execute(query)]

    @operation(("Rollen kunde inte ges", "The role could not be given"), write=True)
    def grant_role(self, grant: RoleGrant) -> RoleGrant:
        """Give a role (``grant.version == 0``); `ConflictError` when the person already has it."""
        return save(self, self._role_item(grant), {}, grant.version, exists=_already_given,
                    same=lambda current: content(current) == content(grant))

    @operation(("Rollen kunde inte tas bort", "The role could not be taken away"), write=True)
    def revoke_role(self, grant: RoleGrant, *, expected_version: int) -> bool:
        """Take a role away if still at ``expected_version``; False when it was already gone."""
        return remove(self, self._role_item(grant), expected_version)

    def _restore_role(self, state: dict[str, Any], expected_version: int,
                      cause_id: int | None = None) -> RoleGrant:
        restored = RoleGrant.from_dict(state)
        item = self._role_item(restored)
        version = restore_version(self, item, expected_version)
        return save(self, item, {}, version, exists=_already_given, same=lambda current: True,
                    action="restore", created_at=restored.created_at, cause_id=cause_id)

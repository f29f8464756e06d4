"""Boards (nämnder) that can be responsible for insatser: the six of the programme and any added."""

from __future__ import annotations

from sqlalchemy import func, insert, select

from persistence import schema as s
from persistence.checks import check_name
from persistence.errors import InvalidDataError
from persistence.operation import Operations, operation
from persistence.records import Board


class BoardOps(Operations):
    """Boards: list, find by name, add."""

    @operation(("Nämnderna kunde inte läsas", "The boards could not be read"), write=False)
    def list_boards(self) -> list[Board]:
        """Every board, in their sort order (the six seeded ones first)."""
        rows = self.conn.execute(select(s.boards).order_by(s.boards.c.sort_order, s.boards.c.id))
        return [Board(r.id, r.name_sv, r.name_en, r.sort_order) for r in rows]

    @operation(("Nämnderna kunde inte läsas", "The boards could not be read"), write=False)
    def board_named(self, name: str) -> Board | None:
        """The board called ``name`` (Swedish or English name, any case), or None."""
        wanted = " ".join(str(name).split()).casefold()
        for board in self.list_boards():
            if wanted in (board.name_sv.casefold(), board.name_en.casefold()):
                return board
        return None

    def _board(self, name: str) -> Board:
        board = self.board_named(name)
        if board is None:
            valid = ", ".join(b.name_sv for b in self.list_boards())
            raise InvalidDataError(f"Okänd nämnd '{name}'. Giltiga nämnder: {valid}.",
                                   f"Unknown board '{name}'. Valid boards: {valid}.")
        return board

    @operation(("Nämnden kunde inte läggas till", "The board could not be added"), write=True)
    def add_board(self, name_sv: str, name_en: str = "") -> Board:
        """Add a board that can be responsible for insatser; an existing name returns that board."""
        check_name(name_sv, "Nämndens namn", "The board's name")
        name_sv = " ".join(name_sv.split())
        existing = self.board_named(name_sv)
        if existing is not None:
            return existing
        order = self.conn.execute(select(func.max(s.boards.c.sort_order))).scalar() or 0
        new_id = self.conn.execute(insert(s.boards).values(
            name_sv=name_sv, name_en=" ".join(name_en.split()), sort_order=order + 1,
            created_at=self.now)).inserted_primary_key[0]
        return Board(int(new_id), name_sv, " ".join(name_en.split()), order + 1)

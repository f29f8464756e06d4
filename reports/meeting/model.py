"""What one meeting step shows, in words already in the meeting's language: cards with key figures,
headed tables, an image, and the definitions and sources. The page draws it as HTML, the handout as an
A4 page; neither adds words of its own."""

from __future__ import annotations

from dataclasses import dataclass, field

#: The meeting's steps, in the order a steering group asks.
STEP_KEYS: tuple[str, ...] = ("uvas", "proposal", "targets", "insatser", "decisions")


@dataclass(frozen=True)
class Cell:
    """A table cell; ``colour`` makes it a status pill of that background colour."""

    text: str
    colour: str | None = None


@dataclass(frozen=True)
class Card:
    """A key figure: what it is, the value (large), its year or detail, status pills and the
    definition it is measured by."""

    label: str
    value: str
    detail: str = ""
    pills: tuple[Cell, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Table:
    """A headed table; ``more`` says what was left out to fit one screen (e.g. "och 6 till")."""

    heading: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    more: str = ""
    empty: str = ""


@dataclass(frozen=True)
class Slide:
    """One step of the meeting."""

    step: int
    key: str
    title: str
    lead: str = ""
    cards: tuple[Card, ...] = ()
    tables: tuple[Table, ...] = ()
    image: bytes | None = None
    image_alt: str = ""
    image_below: bool = False  # a chart under the cards rather than a map beside them
    notes: tuple[str, ...] = field(default_factory=tuple)
    message: str = ""

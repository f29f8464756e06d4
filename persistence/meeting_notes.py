"""Meeting notes: the decisions a samordnare records per step of a steering-group meeting (text, date,
who was present), and the open questions the analysts write for the next meeting to decide.

One record per note, versioned (`persistence.versioned`) with its history kept like every editable
record, so a note corrected after the meeting still shows what it said before.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, select

from persistence import schema as s
from persistence.checks import check_choice, check_name
from persistence.errors import InvalidDataError
from persistence.operation import Operations, operation
from persistence.records import MEETING_NOTE, _iso, _stamps, content, item_key
from persistence.versioned import Item, conflict, remove, restore_version, save

#: The steps of the meeting (`ui.meeting`): 1 UVAS, 2 the proposal, 3 targets, 4 insatser, 5 decisions.
MEETING_STEPS: tuple[int, ...] = (1, 2, 3, 4, 5)
#: A note records a decision taken, or a question left for a meeting to decide.
NOTE_KINDS: tuple[str, ...] = ("decision", "question")
MAX_NOTE_LENGTH = 4_000


@dataclass(frozen=True)
class MeetingNote:
    """A decision (or open question) recorded for one step of a meeting.

    Attributes
    ----------
    package_key : the data package the meeting was about.
    step : the meeting step it belongs to (`MEETING_STEPS`).
    kind : "decision" (taken) or "question" (to be decided).
    text : what was decided or asked, as typed (shown as text, never as markup).
    meeting_date : the day of the meeting.
    present : who was present, as typed (e.g. "Anna Andersson, Bo Berg").
    id : a UUID given by the store; "" until saved.
    version, created_at, updated_at, updated_by : filled in by the store.
    """

    package_key: str
    step: int
    kind: str
    text: str
    meeting_date: date
    present: str = ""
    id: str = ""
    version: int = 0
    created_at: datetime | None = None
    updated_at: datetime | None = None
    updated_by: str | None = None

    def __post_init__(self) -> None:
        check_name(self.package_key, "Datapaketets namn", "The package key")
        if self.step not in MEETING_STEPS or isinstance(self.step, bool):
            raise InvalidDataError(f"Mötessteget måste vara 1–5, fick {self.step!r}.",
                                   f"The meeting step must be 1–5, got {self.step!r}.")
        check_choice(self.kind, NOTE_KINDS, "sorts anteckning", "kind of note")
        text = str(self.text).strip()
        if not text:
            raise InvalidDataError("Beslutet får inte vara tomt.", "The decision must not be empty.")
        if len(text) > MAX_NOTE_LENGTH:
            raise InvalidDataError(f"Texten får vara högst {MAX_NOTE_LENGTH} tecken.",
                                   f"The text may be at most {MAX_NOTE_LENGTH} characters.")
        if not isinstance(self.meeting_date, date) or isinstance(self.meeting_date, datetime):
            raise InvalidDataError(f"Mötesdatumet måste vara ett datum, fick {self.meeting_date!r}.",
                                   f"The meeting date must be a date, got {self.meeting_date!r}.")
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "present", " ".join(str(self.present or "").split()))

    @property
    def key(self) -> str:
        return item_key(self.id)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "package_key": self.package_key, "step": self.step, "kind": self.kind,
                "text": self.text, "meeting_date": self.meeting_date.isoformat(),
                "present": self.present, "version": self.version,
                "created_at": _iso(self.created_at), "updated_at": _iso(self.updated_at),
                "updated_by": self.updated_by}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MeetingNote:
        return cls(data["package_key"], int(data["step"]), data["kind"], data["text"],
                   date.fromisoformat(data["meeting_date"]), data.get("present") or "",
                   data.get("id") or "", **_stamps(data))


def _from_row(row: Row) -> MeetingNote:
    return MeetingNote(row.package_key, row.step, row.kind, row.text, row.meeting_date, row.present,
                       row.id, row.version, row.created_at, row.updated_at, row.updated_by)


class MeetingNoteOps(Operations):
    """Meeting notes: list, read, save (versioned), delete and restore."""

    def _note_item(self, note_id: str, package_key: str) -> Item[MeetingNote]:
        return Item(MEETING_NOTE, item_key(note_id), package_key, s.meeting_notes,
                    {"id": note_id, "package_key": package_key},
                    lambda: self.get_meeting_note(note_id),
                    ("Anteckningen från mötet", "The meeting note"))

    @operation(("Mötesanteckningarna kunde inte läsas", "The meeting notes could not be read"),
               write=False)
    def list_meeting_notes(self, package_key: str, kind: str | None = None) -> list[MeetingNote]:
        """The package's notes, newest meeting first, then by step and when they were written."""
        t = s.meeting_notes
        query = select(t).where(t.c.package_key == package_key).order_by(
            t.c.meeting_date.desc(), t.c.step, t.c.created_at, t.c.id)
        if kind is not None:
            query = query.where(t.c.kind == kind)
        return [_from_row(r) for r in self.conn.execute(query)]

    @operation(("Mötesanteckningen kunde inte läsas", "The meeting note could not be read"),
               write=False)
    def get_meeting_note(self, note_id: str) -> MeetingNote | None:
        t = s.meeting_notes
        row = self.conn.execute(select(t).where(t.c.id == note_id)).first()
        return None if row is None else _from_row(row)

    @operation(("Beslutet kunde inte sparas", "The decision could not be saved"), write=True)
    def save_meeting_note(self, note: MeetingNote) -> MeetingNote:
        """Create (``note.version == 0``; an id is given) or update (the version the person loaded).

        Raises
        ------
        ConflictError
            The note changed or was removed since it was loaded.
        """
        return self._write_meeting_note(note)

    def _write_meeting_note(self, note: MeetingNote, action: str | None = None,
                            cause_id: int | None = None) -> MeetingNote:
        ident = note.id
        if note.version == 0:
            ident = ident or str(uuid.uuid4())
            if action != "restore" and self.get_meeting_note(ident) is not None:
                raise InvalidDataError(f"Det finns redan en anteckning med id {ident}.",
                                       f"There is already a note with id {ident}.")
        values = {"step": note.step, "kind": note.kind, "text": note.text,
                  "meeting_date": note.meeting_date, "present": note.present}
        wanted = content(replace(note, id=ident))
        item = self._note_item(ident, note.package_key)
        return save(self, item, values, note.version,
                    exists=lambda current: conflict(item.what, current),
                    same=lambda current: content(current) == wanted, action=action,
                    created_at=note.created_at if action == "restore" else None, cause_id=cause_id)

    @operation(("Anteckningen kunde inte tas bort", "The note could not be removed"), write=True)
    def delete_meeting_note(self, note_id: str, *, expected_version: int) -> bool:
        """Remove a note if still at ``expected_version``; False if already gone (undo: `restore`)."""
        current = self.get_meeting_note(note_id)
        return remove(self, self._note_item(note_id, current.package_key if current else ""),
                      expected_version)

    def _restore_meeting_note(self, state: dict[str, Any], expected_version: int,
                              cause_id: int | None = None) -> MeetingNote:
        restored = MeetingNote.from_dict(state)
        version = restore_version(self, self._note_item(restored.id, restored.package_key),
                                  expected_version)
        return self._write_meeting_note(replace(restored, version=version), "restore", cause_id)

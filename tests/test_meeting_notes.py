"""Meeting notes in the shared store, on SQLite and PostgreSQL: saved with who and when, listed newest
meeting first, corrected with a version check, kept in the history, removed and restored."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from persistence import ConflictError, InvalidDataError, MeetingNote, Store
from tests.stores import PKG, T0

MAY, JUNE = date(2026, 5, 12), date(2026, 6, 9)


def note(text: str = "Förslaget godkänns", step: int = 2, when: date = MAY,
         kind: str = "decision") -> MeetingNote:
    return MeetingNote(PKG, step, kind, text, when, "Anna Andersson,  Bo Berg")


def test_notes_are_saved_with_who_and_listed_newest_meeting_first(store: Store) -> None:
    first = store.save_meeting_note(note(), user="Anna Andersson", now=T0)
    store.save_meeting_note(note("Budgeten ses över", step=4, when=JUNE), user="Bo Berg", now=T0)
    store.save_meeting_note(note("Ska DeSO eller RegSO användas?", step=5, when=JUNE,
                                 kind="question"), user="Bo Berg", now=T0)
    store.save_meeting_note(MeetingNote("malmo", 1, "decision", "Annat paket", MAY), now=T0)
    listed = store.list_meeting_notes(PKG)
    assert [(n.meeting_date, n.step) for n in listed] == [(JUNE, 4), (JUNE, 5), (MAY, 2)]
    assert listed[-1] == first
    assert first.version == 1
    assert first.updated_by == "Anna Andersson"
    assert first.id
    assert first.present == "Anna Andersson, Bo Berg"  # spaces tidied, nothing else changed
    assert [n.text for n in store.list_meeting_notes(PKG, kind="question")] == [
        "Ska DeSO eller RegSO användas?"]


def test_a_correction_is_a_new_version_and_a_stale_one_is_refused(store: Store) -> None:
    saved = store.save_meeting_note(note(), user="Anna", now=T0)
    corrected = store.save_meeting_note(replace(saved, text="Förslaget godkänns med P3"),
                                        user="Bo", now=T0)
    assert corrected.version == 2
    unchanged = store.save_meeting_note(corrected, user="Bo", now=T0)
    assert unchanged.version == 2  # nothing changed, nothing written
    with pytest.raises(ConflictError) as refused:
        store.save_meeting_note(replace(saved, text="Något annat"), user="Cecilia", now=T0)
    assert refused.value.current.text == "Förslaget godkänns med P3"
    history = store.history("meeting_note", saved.key)
    assert [(h.version, h.action, h.changed_by) for h in history] == [
        (1, "create", "Anna"), (2, "update", "Bo")]
    assert history[1].changed_fields() == ["text"]


def test_a_removed_note_can_be_restored(store: Store) -> None:
    saved = store.save_meeting_note(note(), user="Anna", now=T0)
    assert store.delete_meeting_note(saved.id, expected_version=1, user="Anna", now=T0)
    assert store.list_meeting_notes(PKG) == []
    assert [e.key for e in store.deleted(PKG, "meeting_note")] == [saved.key]
    back = store.restore("meeting_note", saved.key, 1, expected_version=2, user="Anna", now=T0)
    assert back.text == saved.text
    assert back.version == 3
    assert store.list_meeting_notes(PKG) == [back]


@pytest.mark.parametrize(("changes", "word"), [
    ({"text": "  "}, "empty"), ({"step": 6}, "1–5"), ({"kind": "wish"}, "kind of note"),
    ({"text": "x" * 4_001}, "4000"), ({"meeting_date": "2026-05-12"}, "date")])
def test_bad_notes_are_refused_naming_the_field(changes: dict, word: str) -> None:
    fields = {"package_key": PKG, "step": 1, "kind": "decision", "text": "Ja",
              "meeting_date": MAY, **changes}
    with pytest.raises(InvalidDataError) as refused:
        MeetingNote(**fields)
    assert word in refused.value.message("en")


def test_round_trip_through_the_history_dict() -> None:
    original = note("Text med *stjärnor* och [länk](http://x)")
    assert MeetingNote.from_dict(original.to_dict()) == original

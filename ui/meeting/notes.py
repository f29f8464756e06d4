"""Recording a decision (or a question for a later meeting) on a step of the meeting.

Only a samordnare records (`ui.identity.person_for_write` checks the role on the server side; in local
mode anyone who has given a name); the write goes through `ui.persist.attempt(..., write=True)`.
People's text is shown as text (`ui.plain_text.plain`).
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from persistence import NOTE_KINDS, InvalidDataError, MeetingNote, Store
from ui.identity import person_for_write
from ui.persist import attempt
from ui.plain_text import plain
from ui.state import labels_for, lang, t

PREFIX = "meeting_note"
_CLEAR = f"{PREFIX}__clear"
_FLASH = f"{PREFIX}__flash"


def flash() -> str | None:
    """What was saved on the previous run (shown once), as plain text for markdown."""
    saved = st.session_state.pop(_FLASH, None)
    return None if saved is None else t("meeting_note_saved", text=plain(saved))


def record_note(db: Store | None, package_key: str, step: int, notes: list[MeetingNote],
                today: date) -> None:
    """The "Anteckna" popover: kind, text, meeting date, who was present; the notes of this step."""
    if st.session_state.pop(_CLEAR, False):
        st.session_state[f"{PREFIX}_text"] = ""
    with st.popover(t("meeting_record"), width="stretch"):
        kind = st.radio(t("meeting_note_kind"), NOTE_KINDS, key=f"{PREFIX}_kind", horizontal=True,
                        format_func=labels_for(NOTE_KINDS, lambda k: t(f"meeting_kind_{k}")))
        text = st.text_area(t("meeting_note_text"), key=f"{PREFIX}_text", max_chars=4_000, height=100)
        when = st.date_input(t("meeting_note_date"), value=today, key=f"{PREFIX}_date",
                             format="YYYY-MM-DD")
        present = st.text_input(t("meeting_note_present"), key=f"{PREFIX}_present", max_chars=2_000)
        if st.button(t("meeting_note_save"), key=f"{PREFIX}_save", type="primary",
                     disabled=db is None):
            _save(db, package_key, step, kind, text, when, present)
        here = [n for n in notes if n.step == step]
        if here:
            st.markdown(f"**{t('meeting_notes_here')}**")
            for note in here[:5]:
                st.markdown(f"{note.meeting_date.isoformat()} · {t(f'meeting_kind_{note.kind}')}: "
                            f"{plain(note.text)}")


def _save(db: Store | None, package_key: str, step: int, kind: str, text: str, when: date,
          present: str) -> None:
    if db is None:
        return
    if not (text or "").strip():
        st.warning(t("meeting_note_empty"))
        return
    person = person_for_write(PREFIX)
    if person is None:
        return
    try:
        note = MeetingNote(package_key, step, kind, text, when, present)
    except InvalidDataError as exc:
        st.warning(exc.message(lang()))
        return
    saved = attempt(lambda: db.save_meeting_note(note, user=person), write=True)
    if saved is not None:
        st.session_state[_CLEAR] = True
        st.session_state[_FLASH] = saved.text
        st.rerun()

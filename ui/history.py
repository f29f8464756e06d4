"""An item's history with restore, undoable deletes, removed items to bring back, and the conflict view
(the other person's saved value beside what this person typed) — the same on every page that edits
stored records (Insatser, Områdesval's scenarios, Uppföljning's targets).

Every write here passes the person (`ui.identity.person_for_write`) and the version the person saw
(`ui.persist.seen_version`). People's text is shown as text, never as markdown.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

import pandas as pd
import streamlit as st

from access.roles import DELETE_ACTION_OF_KIND, SAVE_ACTION_OF_KIND
from i18n.format import number
from persistence import HistoryEntry, Store
from ui.identity import person_for_write
from ui.persist import Draft, attempt, seen_version
from ui.plain_text import plain
from ui.state import lang, t
from ui.tables import show_table

#: Fields never shown to people (ids, keys, bookkeeping).
HIDDEN_FIELDS = frozenset({"id", "insats_id", "indicator_id", "package_key", "version", "created_at",
                           "updated_at", "updated_by", "reported_at"})
_FLASH = "history_flash"
_UNDO = "history_undo"




def when_text(moment: datetime | None) -> str:
    """A time as people read it (UTC, to the minute)."""
    return "–" if moment is None else moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def who_text(person: str | None) -> str:
    return person or t("history_unknown_person")


def value_text(field: str, value: Any) -> str:
    """A stored field's value in words and numbers for people (``field`` decides the wording)."""
    language = lang()
    if value is None or value == "" or value == []:
        return "–"
    if field == "kind" and value in ("output", "outcome"):
        return t(f"kind_{value}")
    if field == "direction":
        return t("higher_better" if value == "higher_is_better" else "higher_worse")
    if field == "scope":
        return t(f"history_scope_{value}")
    if field == "checkpoints" and isinstance(value, Mapping):
        parts = []
        for year, spec in sorted(value.items()):
            kind = spec.get("kind")
            parts.append(f"{year}: {t(f'target_kind_{kind}')} {value_text('', spec.get('amount'))}")
        return "; ".join(parts)
    if field == "scenario_json":
        return t("history_unreadable")
    if isinstance(value, bool):
        return t("history_yes") if value else t("history_no")
    if isinstance(value, int) and (field.endswith("year") or field == "year"):
        return str(value)
    if isinstance(value, int | float):
        return number(value, language, 0 if float(value).is_integer() else 2)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def field_label(field: str) -> str:
    return t(f"history_field_{field}")


TextOf = Callable[[str, Any], str]


def _changes(entry: HistoryEntry, text_of: TextOf) -> str:
    if entry.action == "delete":
        return t("history_removed")
    if entry.before is None:
        return t("history_created")
    after = entry.after or {}
    parts = [f"{field_label(f)}: {text_of(f, entry.before.get(f))} → {text_of(f, after.get(f))}"
             for f in entry.changed_fields() if f not in HIDDEN_FIELDS]
    return "; ".join(parts) or t("history_no_change")


def history_table(entries: list[HistoryEntry], text_of: TextOf = value_text) -> pd.DataFrame:
    """Newest first: version, what happened, who, when, what changed (all text)."""
    return pd.DataFrame({
        t("history_col_version"): [str(e.version) for e in reversed(entries)],
        t("history_col_action"): [t(f"history_action_{e.action}") for e in reversed(entries)],
        t("history_col_who"): [who_text(e.changed_by) for e in reversed(entries)],
        t("history_col_when"): [when_text(e.changed_at) for e in reversed(entries)],
        t("history_col_changes"): [_changes(e, text_of) for e in reversed(entries)],
    })


def flash(message: str) -> None:
    """Show ``message`` on the next run (after `st.rerun`)."""
    st.session_state[_FLASH] = message


def show_flash() -> None:
    message = st.session_state.pop(_FLASH, None)
    if message:
        st.success(message)


def history_view(db: Store, kind: str, key: str, current_version: int, widget_key: str,
                 text_of: TextOf = value_text, *, board: str | None = None) -> None:
    """An expander with the item's versions and a restore of an earlier one (itself a new version).

    ``current_version`` is the item's version as this run shows it; a restore is refused (with a
    message) when someone changed the item after the person saw it. ``text_of(field, value)`` words
    a stored value (default `value_text`). ``board``: the board whose insats the item belongs to
    (a rapportör for it may restore an indicator or a value).
    """
    entries = attempt(lambda: db.history(kind, key), write=False)
    seen = seen_version(f"{widget_key}_history", current_version)
    if entries is None:
        return
    with st.expander(t("history_heading", n=len(entries))):
        if not entries:
            st.caption(t("history_empty"))
            return
        show_table(history_table(entries, text_of), hide_index=True, width="stretch")
        restorable = [e.version for e in entries if e.after is not None and e.version != current_version]
        if not restorable:
            return
        cols = st.columns([3, 2])
        version = cols[0].selectbox(t("history_restore_pick"), list(reversed(restorable)),
                                    key=f"{widget_key}_restore_pick",
                                    format_func=lambda v: t("history_version", version=v))
        if cols[1].button(t("history_restore_button"), key=f"{widget_key}_restore"):
            person = person_for_write(f"{widget_key}_restore", action=SAVE_ACTION_OF_KIND[kind],
                                      board=board)
            if person and attempt(lambda: db.restore(kind, key, version, expected_version=seen,
                                                     user=person), write=True) is not None:
                flash(t("history_restored", version=version))
                st.rerun()


def delete_button(label: str, widget_key: str, remove: Callable[[str], bool | None], *, kind: str,
                  key: str, name: str, board: str | None = None) -> None:
    """A button that removes an item (``remove(person)`` does it, with the version the person saw) and
    then offers to undo it (`undo_notice`). The person's role must allow removing ``kind`` (on
    ``board``'s insatser, for a rapportör)."""
    if st.button(label, key=widget_key):
        person = person_for_write(widget_key, action=DELETE_ACTION_OF_KIND[kind], board=board)
        if person and attempt(lambda: remove(person), write=True):
            st.session_state[_UNDO] = {"kind": kind, "key": key, "name": name, "board": board}
            st.rerun()


def undo_notice(db: Store, widget_key: str) -> None:
    """After a removal: say what was removed and offer to bring it back (a restore, a new version)."""
    show_flash()
    undo = st.session_state.get(_UNDO)
    if not undo:
        return
    cols = st.columns([4, 1])
    cols[0].success(t("deleted_done", name=undo["name"]))
    if cols[1].button(t("deleted_undo"), key=f"{widget_key}_undo"):
        person = person_for_write(f"{widget_key}_undo", action=SAVE_ACTION_OF_KIND[undo["kind"]],
                                  board=undo.get("board"))
        entries = attempt(lambda: db.history(undo["kind"], undo["key"]), write=False) or []
        deletion = next((e for e in reversed(entries) if e.action == "delete"), None)
        if person and deletion is not None and deletion.before is not None:
            restored = attempt(lambda: db.restore(undo["kind"], undo["key"], deletion.version - 1,
                                                  expected_version=deletion.version, user=person),
                               write=True)
            if restored is not None:
                st.session_state.pop(_UNDO, None)
                flash(t("deleted_undone", name=plain(undo["name"])))
                st.rerun()


def deleted_view(db: Store, package_key: str, kind: str, widget_key: str,
                 name_of: Callable[[Mapping[str, Any]], str],
                 board_of: Callable[[Mapping[str, Any]], str | None] | None = None) -> None:
    """An expander listing the package's removed items of ``kind`` with a button to bring each back
    (``board_of(removed record)``: the board whose insats it belonged to, for a rapportör's restore)."""
    entries = attempt(lambda: db.deleted(package_key, kind), write=False) or []
    if not entries:
        return
    with st.expander(t("deleted_heading", n=len(entries))):
        for i, entry in enumerate(entries[:25]):
            cols = st.columns([5, 1])
            cols[0].markdown(plain(t("deleted_line", name=name_of(entry.before or {}),
                                     who=who_text(entry.changed_by), when=when_text(entry.changed_at))))
            if cols[1].button(t("deleted_restore"), key=f"{widget_key}_back_{i}"):
                person = person_for_write(f"{widget_key}_back_{i}", action=SAVE_ACTION_OF_KIND[kind],
                                          board=board_of(entry.before or {}) if board_of else None)
                if person and attempt(lambda entry=entry, person=person: db.restore(
                        kind, entry.key, entry.version - 1, expected_version=entry.version,
                        user=person), write=True) is not None:
                    flash(t("deleted_undone", name=plain(name_of(entry.before or {}))))
                    st.rerun()


def conflict_view(draft: Draft, labels: Mapping[str, str], widget_key: str,
                  text_of: Callable[[str, Any], str] = value_text) -> None:
    """While a save of ``draft`` is refused because someone else saved first: what is saved now (by
    whom, when) beside what this person typed (kept), and a choice between the two.

    ``labels`` maps the draft's fields to their labels (in order); ``text_of(field, value)`` words a
    value.
    """
    pending = draft.conflict()
    if pending is None:
        return
    current, message = pending
    st.warning(t("conflict_heading"))
    st.caption(plain(message))
    typed = draft.typed()
    theirs = draft.values_of(current) if current is not None else {}
    saved_label = (t("conflict_removed") if current is None else
                   t("conflict_theirs", who=who_text(current.updated_by), when=when_text(current.updated_at)))
    show_table(pd.DataFrame({
        t("conflict_field"): list(labels.values()),
        saved_label: [text_of(f, theirs.get(f)) if current is not None else "–" for f in labels],
        t("conflict_yours"): [text_of(f, typed.get(f)) for f in labels],
        t("conflict_differs"): ["≠" if current is None or theirs.get(f) != typed.get(f) else ""
                                for f in labels],
    }), hide_index=True, width="stretch")
    cols = st.columns(2)
    cols[0].button(t("conflict_keep_mine") if current is not None else t("conflict_save_anew"),
                   key=f"{widget_key}_keep_mine", on_click=draft.keep_mine, type="primary")
    cols[1].button(t("conflict_take_theirs") if current is not None else t("conflict_discard"),
                   key=f"{widget_key}_take_theirs", on_click=draft.take_theirs)

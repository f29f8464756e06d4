"""The shared store for the pages: one per process, opened lazily; failures become messages; edits carry
the version the page was built from.

* `attempt` runs a read or a write and turns a failure into a message that says which it was ("could
  not read" / "could not save"); the widgets keep what the person typed.
* `seen_version` is the version of an item as the person saw it on the page (the previous run), so a
  click saves against that, not against what the database holds at the click.
* `Draft` is one record being edited in widgets: the version it started from travels with the edit; a
  stale save is refused, the other person's value shown beside what this person typed (kept), and the
  person chooses (`ui.history.conflict_view`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import streamlit as st

from persistence import ConflictError, NameTakenError, PersistenceError, Store, database_url, open_store
from ui.state import lang, t

T = TypeVar("T")
R = TypeVar("R")


@st.cache_resource(show_spinner=False)
def _open(url: str) -> Store:
    # A connection pool: unpicklable and never mutated, so cache_resource, shared by all sessions.
    return open_store(url)


def store(*, reading: bool = False) -> Store | None:
    """The deployment's store, or None (with a message on the page) when it cannot be opened.

    ``reading``: the page is mainly there to show what is saved, so the message says it cannot be read
    (rather than that nothing can be saved).
    """
    try:
        return _open(database_url())
    except PersistenceError as exc:
        st.error(t("store_unavailable_read" if reading else "store_unavailable",
                   reason=exc.message(lang())))
        return None


def attempt(action: Callable[[], T], *, write: bool | None = None,
            on_conflict: Callable[[ConflictError], None] | None = None,
            on_name_taken: Callable[[NameTakenError], None] | None = None) -> T | None:
    """Run a read or a write; on failure say why and return None.

    Parameters
    ----------
    action : the store call.
    write : False for a read ("Det gick inte att läsa …"), True for a write ("Det gick inte att spara
        …"); None lets the store's error say which it was.
    on_conflict : called with a `ConflictError` (someone else saved first) instead of the plain
        message, e.g. `Draft.conflicted`, so the page can show both values and keep the person's.
    on_name_taken : called with a `NameTakenError` (e.g. to ask before replacing); otherwise it is
        reported as a taken name — never as someone else's change.
    """
    try:
        return action()
    except NameTakenError as exc:
        if on_name_taken is not None:
            on_name_taken(exc)
        else:
            st.warning(t("store_name_taken", reason=exc.message(lang())))
        return None
    except ConflictError as exc:
        if on_conflict is not None:
            on_conflict(exc)
        else:
            st.warning(t("store_conflict", reason=exc.message(lang())))
        return None
    except PersistenceError as exc:
        writing = exc.writing if write is None else write
        key = "store_read_failed" if writing is False else "store_write_failed"
        st.error(t(key, reason=exc.message(lang())))
        return None


def seen_version(key: str, current: int) -> int:
    """The version of an item the person saw when the page was last built, recording ``current`` (what
    this run shows) for the next run. A button click reruns the page: what the person clicked on is
    what the previous run showed, not what the database holds at the click."""
    versions: dict[str, int] = st.session_state.setdefault("persist_seen_versions", {})
    seen = versions.get(key, current)
    versions[key] = current
    return seen


@dataclass(frozen=True)
class Draft(Generic[R]):
    """One stored record being edited in widgets.

    ``fields`` maps a field name to how its value is read from a record; each field's widget key is
    ``f"{key}_{name}"``. `start` fills the widgets from the record the first time (or for another
    item) and keeps that record — its version — as the edit's base across reruns; while the person has
    changed nothing it follows newer saves by others. Save with the base's version; on `ConflictError`
    call `conflicted` and show `ui.history.conflict_view`.
    """

    key: str
    fields: Mapping[str, Callable[[Any], Any]]

    def widget(self, name: str) -> str:
        return f"{self.key}_{name}"

    @property
    def _base_key(self) -> str:
        return f"{self.key}__base"

    @property
    def _conflict_key(self) -> str:
        return f"{self.key}__conflict"

    def values_of(self, record: Any) -> dict[str, Any]:
        return {name: read(record) for name, read in self.fields.items()}

    def typed(self) -> dict[str, Any]:
        """What the widgets hold now (what the person typed)."""
        return {name: st.session_state.get(self.widget(name)) for name in self.fields}

    def _load(self, identity: str, record: Any, widgets: bool = True) -> None:
        st.session_state[self._base_key] = (identity, record)
        if widgets:
            for name, value in self.values_of(record).items():
                st.session_state[self.widget(name)] = value

    def start(self, identity: str, fresh: R) -> R:
        """The record this edit started from (call before drawing the widgets).

        ``identity`` names the item (e.g. the insats id); ``fresh`` is the record as this run read it.
        """
        held = st.session_state.get(self._base_key)
        reload = st.session_state.pop(f"{self.key}__reload", False)
        if held is None or held[0] != identity or reload:
            self._load(identity, fresh if held is None or held[0] != identity else held[1])
        elif (self.conflict() is None and not self.dirty()
              and getattr(held[1], "version", None) != getattr(fresh, "version", None)):
            self._load(identity, fresh)  # nothing typed: show what others saved since
        return st.session_state[self._base_key][1]

    def base(self) -> R | None:
        held = st.session_state.get(self._base_key)
        return None if held is None else held[1]

    def dirty(self) -> bool:
        """True when the person changed something since the edit started."""
        base = self.base()
        return base is not None and self.typed() != self.values_of(base)

    def saved(self, record: R) -> None:
        """After a successful save: the saved record is the new base (widgets refilled next run)."""
        held = st.session_state.get(self._base_key)
        self._load(held[0] if held else "", record, widgets=False)
        st.session_state[f"{self.key}__reload"] = True
        st.session_state.pop(self._conflict_key, None)

    def forget(self) -> None:
        """Drop the edit (e.g. the item was removed); the next `start` begins afresh."""
        for suffix in ("__base", "__conflict", "__reload"):
            st.session_state.pop(f"{self.key}{suffix}", None)

    # --- someone else saved first ----------------------------------------------------------------

    def conflicted(self, error: ConflictError) -> None:
        """`attempt`'s ``on_conflict``: keep the other person's record to show beside the typed one."""
        st.session_state[self._conflict_key] = (error.current, error.message(lang()))

    def conflict(self) -> tuple[Any, str] | None:
        """(the record as saved now — None if removed —, the message) while a conflict is open."""
        return st.session_state.get(self._conflict_key)

    def keep_mine(self) -> None:
        """Widget callback: keep what this person changed, on top of what is saved now (fields they did
        not touch take the other person's values), with the saved record as the new base — the next
        save overwrites it knowingly. A removed record is saved anew."""
        current, _ = st.session_state.pop(self._conflict_key, (None, ""))
        held = st.session_state.get(self._base_key)
        identity, base = (held[0], held[1]) if held else ("", None)
        if current is None:
            self._load(identity, _unsaved(base), widgets=False)
            return
        started, typed, theirs = self.values_of(base), self.typed(), self.values_of(current)
        self._load(identity, current, widgets=False)
        for name in self.fields:
            st.session_state[self.widget(name)] = typed[name] if typed[name] != started[name] \
                else theirs[name]

    def take_theirs(self) -> None:
        """Widget callback: drop what was typed and show the saved record."""
        current, _ = st.session_state.pop(self._conflict_key, (None, ""))
        held = st.session_state.get(self._base_key)
        if current is None:
            self.forget()
        else:
            self._load(held[0] if held else "", current)


def _unsaved(record: Any) -> Any:
    """``record`` as never saved (version 0), to save a removed record anew."""
    return dataclasses.replace(record, version=0) if record is not None else None

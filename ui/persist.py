"""The shared store for the pages: one per process, opened lazily; failures become messages.

A failed write is shown in the page's language and the widgets keep what the person typed (nothing
here clears them), so nothing is lost when the database is away or someone else saved first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from persistence import ConflictError, PersistenceError, Store, database_url, open_store
from ui.state import lang, t

T = TypeVar("T")


@st.cache_resource(show_spinner=False)
def _open(url: str) -> Store:
    # A connection pool: unpicklable and never mutated, so cache_resource, shared by all sessions.
    return open_store(url)


def store() -> Store | None:
    """The deployment's store, or None (with a message on the page) when it cannot be opened."""
    try:
        return _open(database_url())
    except PersistenceError as exc:
        st.error(t("store_unavailable", reason=exc.message(lang())))
        return None


def attempt(action: Callable[[], T]) -> T | None:
    """Run a read or write; on failure show why (conflicts show the saved version) and return None."""
    try:
        return action()
    except ConflictError as exc:
        st.warning(t("store_conflict", reason=exc.message(lang())))
        if exc.current is not None and hasattr(exc.current, "to_dict"):
            with st.expander(t("store_conflict_current")):
                st.json(exc.current.to_dict())
        return None
    except PersistenceError as exc:
        st.error(t("store_write_failed", reason=exc.message(lang())))
        return None

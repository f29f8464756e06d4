"""The demo's example insatser: offered on the Insatser page of a demo package when nothing is
registered yet (`datapackage.demo_insatser`)."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from access.roles import IMPORT
from datapackage.demo_insatser import demo_insatser
from model import columns as c
from persistence import Insats, Store
from ui.history import flash
from ui.identity import person_for_write
from ui.persist import attempt
from ui.state import Selection, t


def demo_records(selection: Selection) -> list[Insats]:
    """The demo's example insatser as records of the selected package."""
    manifest = selection.package.manifest
    if not manifest.demo or not manifest.example_insatser:
        return []
    level = manifest.example_insatser[0].level
    ids = list(selection.package.areas_at(level)[c.AREA_ID])
    return [Insats.from_dict({**data, "package_key": selection.package_key})
            for data in demo_insatser(manifest, ids)]


def seed_all(db: Store, selection: Selection, user: str | None = None) -> int:
    """Save the demo's example insatser that are not there yet (by name) in one batch; how many."""
    records = demo_records(selection)
    with db.batch(("Exempelinsatserna kunde inte sparas", "The example insatser could not be saved"),
                  user=user) as batch:
        taken = {i.name for i in batch.list_insatser(selection.package_key)}
        fresh = [r for r in records if r.name not in taken]
        for record in fresh:
            batch.save_insats(record)
    return len(fresh)


def demo_seed_offer(db: Store, selection: Selection, insatser: Sequence[Insats]) -> None:
    """A button that adds the example insatser, shown for a demo package with no insatser."""
    if insatser or not demo_records(selection):
        return
    st.caption(t("demo_insatser_seed_help"))
    if st.button(t("demo_insatser_seed"), key="ins_demo_seed") and (
            person := person_for_write("ins_demo_seed", action=IMPORT)):
        n = attempt(lambda: seed_all(db, selection, person), write=True)
        if n is not None:
            flash(t("demo_insatser_seeded", n=n))
            st.rerun()

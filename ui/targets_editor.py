"""The target editor of Uppföljning: one indicator at a time, in words, with a preview before saving.

A target belongs to an indicator and a scope: the proposed areas (``proposal``) or the whole city
(``city``). The person chooses the kind (a level, a change in percent, or — for the proposed areas —
closing part of the gap to the rest of the city), the baseline year (its value comes from the data), the
2030 and 2035 values and the responsible board. Numbers are typed in Swedish or English style and the
page shows what will be stored before it is saved. Only this indicator's target is written, against
the version the person saw; a stale save shows the other person's target beside what was typed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import streamlit as st

from access.roles import SAVE_TARGETS
from i18n.format import number
from i18n.numbers import parse_number
from indicators.targets import (
    ABSOLUTE,
    CHECKPOINTS,
    CLOSE_GAP,
    RELATIVE,
    CheckpointTarget,
    Target,
    TargetError,
    resolve_target,
)
from model.registry import Indicator
from persistence import TARGETS, IndicatorTargets, Store, TargetCheckpoint
from ui.history import conflict_view, delete_button, flash, history_view, show_flash
from ui.identity import person_for_write
from ui.number_field import exact_text
from ui.persist import Draft, attempt
from ui.plain_text import plain
from ui.state import labels_for, lang, t

#: Target kinds offered per scope: closing the gap needs the rest of the city, so not for the city.
KINDS = {"proposal": (RELATIVE, ABSOLUTE, CLOSE_GAP), "city": (RELATIVE, ABSOLUTE)}
AMOUNT_FIELDS = {year: f"amount_{year}" for year in CHECKPOINTS}


@dataclass(frozen=True)
class Baselines:
    """What the data says an indicator's target can start from, for one scope.

    ``values`` is the group's value by year; ``rest`` the rest of the city's (for closing the gap).
    """

    values: Mapping[int, float]
    rest: Mapping[int, float] | None = None


def to_target(ident: str, record: IndicatorTargets) -> Target:
    """The maths' view of a stored target."""
    return Target(ident, record.baseline_year, record.baseline_value,
                  tuple((p.year, CheckpointTarget(p.kind, p.amount)) for p in record.checkpoints))


def _amount_text(record: IndicatorTargets, year: int) -> str:
    point = record.at(year)
    return "" if point is None else exact_text(point.amount, lang())


def _draft(scope: str, ident: str, default_kind: str) -> Draft:
    return Draft(f"tgt_{scope}_{ident}", {
        "kind": lambda r: r.checkpoints[0].kind if r.checkpoints else default_kind,
        "baseline_year": lambda r: r.baseline_year,
        **{name: (lambda r, y=year: _amount_text(r, y)) for year, name in AMOUNT_FIELDS.items()},
        "board": lambda r: r.responsible_board or "",
    })


def target_editor(db: Store, package_key: str, indicator: Indicator, scope: str,
                  baselines: Baselines, stored: IndicatorTargets | None, boards: Sequence[str],
                  start_year: int, scenario_name: str | None) -> None:
    """Edit one indicator's target for one scope (see the module doc)."""
    years = sorted(y for y, v in baselines.values.items() if v == v)
    if not years:
        st.caption(t("target_no_baseline"))
        return
    kinds = KINDS[scope]
    before_start = [y for y in years if y < start_year]
    default_year = before_start[-1] if before_start else years[-1]
    fresh = stored or IndicatorTargets(package_key, indicator.id, default_year,
                                       float(baselines.values[default_year]), start_year, (),
                                       scope=scope)
    draft = _draft(scope, indicator.id, kinds[0])
    base = draft.start(f"{package_key}/{scope}/{indicator.id}", fresh)
    key = draft.key
    if st.session_state.get(draft.widget("kind")) not in kinds:
        st.session_state[draft.widget("kind")] = kinds[0]
    if st.session_state.get(draft.widget("baseline_year")) not in years:
        st.session_state[draft.widget("baseline_year")] = default_year
    cols = st.columns([3, 2, 2, 2, 3])
    kind = cols[0].selectbox(t("target_kind"), kinds, key=draft.widget("kind"),
                             format_func=labels_for(kinds, lambda k: t(f"target_kind_{k}")))
    base_year = cols[1].selectbox(t("baseline_year"), years, key=draft.widget("baseline_year"),
                                  help=t("baseline_year_help"))
    base_value = float(baselines.values[base_year])
    amounts: dict[int, float | None] = {}
    unit = indicator.unit.symbol
    for col, (year, name) in zip(cols[2:4], AMOUNT_FIELDS.items(), strict=True):
        text = col.text_input(t(f"target_amount_{kind}", year=year, unit=unit), key=draft.widget(name),
                              placeholder=t(f"target_placeholder_{kind}"))
        parsed = parse_number(text, lang())
        amounts[year] = parsed.value
        if text.strip() and not parsed.ok:
            col.error(t(f"number_{parsed.code}", text=plain(text[:40])))
    options = ["", *boards]
    if st.session_state.get(draft.widget("board")) not in options:
        st.session_state[draft.widget("board")] = ""
    board = cols[4].selectbox(t("responsible_board"), options, key=draft.widget("board"),
                              format_func=labels_for(options, lambda b: b or "–"))

    # What will be stored, in words, before it is saved.
    rest = (baselines.rest or {}).get(base_year)
    points, problems = [], []
    for year, amount in amounts.items():
        if amount is None:
            continue
        try:
            points.append((year, CheckpointTarget(kind, amount)))
        except TargetError as exc:
            problems.append(exc.message(lang()))
    preview = None
    if points:
        try:
            preview = Target(indicator.id, base_year, base_value, tuple(points))
            resolved = [(year, resolve_target(preview, year, rest)) for year, _ in points]
        except TargetError as exc:
            problems.append(exc.message(lang()))
            preview = None
    for problem in problems:
        st.error(problem)
    if preview is not None:
        last_year, last_value = resolved[-1]
        pace = (last_value - base_value) / (last_year - base_year)
        st.caption(t("target_preview", base=number(base_value, lang(), 1), unit=unit,
                     base_year=base_year, targets=", ".join(
                         f"{year}: {number(value, lang(), 1)} {unit}" for year, value in resolved),
                     pace=number(pace, lang(), 2)))
    elif not any(amounts.values()):
        st.caption(t("target_not_set"))

    conflict_view(draft, {"kind": t("target_kind"), "baseline_year": t("baseline_year"),
                          **{name: str(year) for year, name in AMOUNT_FIELDS.items()},
                          "board": t("responsible_board")}, key,
                  text_of=lambda field, value: t(f"target_kind_{value}") if field == "kind"
                  and value else ("–" if value in (None, "") else str(value)))
    buttons = st.columns([2, 2, 5])
    can_save = preview is not None and not problems and draft.conflict() is None
    if buttons[0].button(t("target_save"), key=f"{key}_save", disabled=not can_save,
                         type="primary"):
        person = person_for_write(f"{key}_save", action=SAVE_TARGETS)
        record = IndicatorTargets(
            package_key, indicator.id, base_year, base_value, start_year,
            tuple(TargetCheckpoint(year, kind, amount) for year, amount in amounts.items()
                  if amount is not None),
            scenario_name=scenario_name, responsible_board=board or None, scope=scope,
            version=base.version)
        saved = person and attempt(lambda: db.save_targets(record, user=person), write=True,
                                   on_conflict=draft.conflicted)
        if saved:
            draft.saved(saved)
            flash(t("target_saved", name=indicator.short(lang())))
            st.rerun()
        if draft.conflict() is not None:
            st.rerun()  # the conflict view is drawn above the button
    if stored is not None:
        with buttons[1]:
            delete_button(t("target_delete"), f"{key}_delete",
                          lambda person: db.delete_targets(package_key, indicator.id, scope=scope,
                                                           expected_version=stored.version,
                                                           user=person),
                          kind=TARGETS, key=stored.key, name=indicator.short(lang()))
        history_view(db, TARGETS, stored.key, stored.version, f"{key}_history")
    show_flash()

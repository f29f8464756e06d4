"""The five steps of a steering-group meeting as slides (`reports.meeting.model`), in the order the
group asks: 1) UVAS for the city and the proposed areas against the 2030/2035 targets; 2) where the
proposal is and how sure it is; 3) targets and status per indicator, UVAS first; 4) insatser per board
with status and money; 5) questions to decide and decisions recorded earlier.

No streamlit: the Möte page and ``python -m cli meeting-pack`` both build the slides here, so the
handout shows exactly what the projector shows. Words come from the UI catalogue (`i18n.catalogue`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from datapackage.store import DataPackage
from i18n.catalogue import translate
from i18n.format import indicator_value, number
from indicators.index import RANK
from indicators.progress import CITY, PROPOSED, REST, group_series, status_table
from indicators.reference import compare_with_reference
from indicators.scenario import SELECTED
from indicators.selection import describe
from indicators.targets import CHECKPOINTS, Target, TargetError, resolve_target, target_from_dict
from model import columns as c
from model.registry import PROGRAMME_IDS
from persistence import IndicatorTargets, Insats, MeetingNote
from reports.meeting.chart import Line, path_chart
from reports.meeting.model import STEP_KEYS, Card, Cell, Slide, Table
from reports.wording import index_composition
from services.scenario import ScenarioResult

UVAS = "uvas"
#: Rows a table may have and still fit one projector screen (1280×720) with its cards and notes.
MAX_ROWS = 8
#: Beside the map and under the key figures there is room for fewer.
MAX_MAP_ROWS = 5
#: Notes longer than this are cut at a word with "…" (the handout and Uppföljning have them in full).
MAX_NOTE = 180


@dataclass(frozen=True)
class MeetingInputs:
    """What a meeting is made from.

    Attributes
    ----------
    package : the data package.
    result : the proposal followed (an evaluated scenario).
    scenario_label : how the proposal is named, e.g. "Lika vikter" or "Förslaget på Områdesval".
    targets : saved targets by (scope, indicator id); scope "city" or "proposal".
    insatser : the registered insatser, or None when they could not be read.
    notes : decisions and open questions recorded earlier (`persistence.MeetingNote`).
    probability : each area's selection probability (0–1) from the robustness draws, or None.
    draws : how many draws ``probability`` comes from.
    map_png : the map of the index with the proposal outlined (PNG), or None.
    year : the meeting's year (an insats starting later is planned).
    date_text : e.g. "2026-12-03".
    lang : "sv" or "en".
    """

    package: DataPackage
    result: ScenarioResult
    scenario_label: str
    targets: Mapping[tuple[str, str], IndicatorTargets]
    insatser: Sequence[Insats] | None
    notes: Sequence[MeetingNote]
    probability: pd.Series | None
    draws: int
    map_png: bytes | None
    year: int
    date_text: str
    lang: str = "sv"


def counted(n: int, key: str, lang: str) -> str:
    """``n`` with the right Swedish (or English) plural: "1 insats", "2 insatser"."""
    return translate(f"{key}_{'one' if n == 1 else 'many'}", lang, n=number(n, lang, 0))


def short_note(text: str) -> str:
    """A definition cut to `MAX_NOTE` characters at a word boundary."""
    text = " ".join(str(text or "").split())
    if len(text) <= MAX_NOTE:
        return text
    return text[:MAX_NOTE].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def to_target(record: IndicatorTargets) -> Target:
    """The maths' view of a stored target."""
    return target_from_dict(record.target_dict())


def _more(hidden: int, lang: str) -> str:
    return translate("meeting_more_rows", lang, n=hidden) if hidden > 0 else ""


def slides(inputs: MeetingInputs) -> list[Slide]:
    """The five slides, in order."""
    return [uvas_slide(inputs), proposal_slide(inputs), targets_slide(inputs),
            insatser_slide(inputs), decisions_slide(inputs)]


def _title(step: int, lang: str) -> str:
    return translate(f"meeting_title_{STEP_KEYS[step - 1]}", lang)


# --- 1. UVAS -------------------------------------------------------------------------------------------

def target_path(record: IndicatorTargets | None, rest_baseline: float | None
                ) -> tuple[tuple[int, float], ...]:
    """(year, value) from the target's baseline through each checkpoint's target (empty without a
    saved target; checkpoints that cannot be resolved are left out)."""
    if record is None:
        return ()
    target = to_target(record)
    points = [(target.baseline_year, target.baseline_value)]
    for year in CHECKPOINTS:
        if record.at(year) is None:
            continue
        try:
            points.append((year, resolve_target(target, year, rest_baseline)))
        except (TargetError, ValueError):
            continue
    return tuple(points) if len(points) > 1 else ()


def _pills(series: pd.Series | pd.DataFrame, record: IndicatorTargets | None, indicator,
           lang: str) -> tuple[tuple[Cell, ...], str]:
    """The status against each checkpoint (only for a saved target) and the targets in words."""
    if record is None:
        return (), translate("meeting_no_target", lang)
    target = to_target(record)
    pills, parts = [], []
    for year in CHECKPOINTS:
        if record.at(year) is None:
            continue
        row = status_table({record.indicator_id: series}, {record.indicator_id: target},
                           {record.indicator_id: indicator.direction}, year, lang=lang).iloc[0]
        pills.append(Cell(f"{year}: {row['label']}", row["colour"]))
        if pd.notna(row["target_value"]):
            parts.append(translate("meeting_target_in", lang, year=year,
                                   value=indicator_value(row["target_value"], indicator, lang)))
    return tuple(pills), " · ".join(parts)


def proposal_series(package: DataPackage, result: ScenarioResult, ident: str) -> pd.DataFrame | None:
    """The proposed areas', the rest's and the whole city's values by year at the proposal's level
    (population-weighted like Uppföljning), or None when the indicator has no values there."""
    level = result.scenario.level
    selected = list(result.index.index[result.index[SELECTED]])
    if not selected or not package.years_for(ident, level):
        return None
    population = package.population_at(level, result.scenario.year)
    weights = population.get(c.AGE_TOTAL) if not population.empty else None
    return group_series(package.indicators, level, ident, selected, weights=weights,
                        is_share=package.registry.get(ident).is_share)


def uvas_slide(inputs: MeetingInputs) -> Slide:
    package, lang = inputs.package, inputs.lang
    manifest, registry = package.manifest, package.registry
    if UVAS not in registry:
        return Slide(1, STEP_KEYS[0], _title(1, lang), message=translate("meeting_no_uvas", lang))
    indicator, entry = registry.get(UVAS), manifest.entry(UVAS)
    level = inputs.result.scenario.level
    cards, target_lines, lines = [], [], []
    city = package.city_series(UVAS)
    if len(city):
        label = translate("meeting_uvas_city", lang)
        pills, targets = _pills(city, inputs.targets.get(("city", UVAS)), indicator, lang)
        note = entry.at(manifest.city_level).note(lang) if manifest.city_level else ""
        cards.append(Card(label, indicator_value(city.iloc[-1], indicator, lang),
                          str(int(city.index[-1])), pills, short_note(note)))
        target_lines.append(translate("meeting_targets_line", lang, what=label, targets=targets))
        lines.append(Line(label, city, target_path(inputs.targets.get(("city", UVAS)), None)))
    frame = proposal_series(package, inputs.result, UVAS)
    level_name = manifest.level(level).name(lang)
    level_note = short_note(entry.at(level).note(lang))
    label = translate("meeting_uvas_proposed", lang)
    if frame is not None and frame[PROPOSED].notna().any():
        latest = int(frame[PROPOSED].dropna().index[-1])
        cards.append(Card(translate("meeting_uvas_city_same", lang, level=level_name),
                          indicator_value(frame.loc[latest, CITY], indicator, lang), str(latest),
                          note=translate("meeting_same_definition", lang)))
        pills, targets = _pills(frame, inputs.targets.get(("proposal", UVAS)), indicator, lang)
        cards.append(Card(label, indicator_value(frame.loc[latest, PROPOSED], indicator, lang),
                          str(latest), pills, level_note))
        target_lines.append(translate("meeting_targets_line", lang, what=label, targets=targets))
        record = inputs.targets.get(("proposal", UVAS))
        rest = frame[REST].get(record.baseline_year) if record is not None else None
        lines.append(Line(label, frame[PROPOSED], target_path(record, rest)))
    else:
        cards.append(Card(label, "–",
                          note=translate("meeting_uvas_not_at_level", lang, level=level_name)))
    chart = path_chart(lines, indicator.unit.symbol, translate("meeting_path_label", lang), lang)
    return Slide(1, STEP_KEYS[0], _title(1, lang), translate("meeting_uvas_lead", lang),
                 tuple(cards), image=chart, image_alt=translate("meeting_chart_alt", lang),
                 image_below=True, notes=(translate("meeting_status_meaning", lang),
                                      entry.source or manifest.attribution))


# --- 2. the proposal -------------------------------------------------------------------------------------

def _area_types(package: DataPackage, result: ScenarioResult, lang: str):
    """(classification, category per area, comparison) for the first classification with focus
    categories that reaches the proposal's level; None when the package has none."""
    level, year = result.scenario.level, result.scenario.year
    for classification in package.manifest.classifications:
        if not classification.focus:
            continue
        categories = package.classification_for(classification.id, level, year)
        if categories.empty:
            continue
        comparison = compare_with_reference(result.index[SELECTED], result.index[RANK], categories,
                                            classification.focus)
        return classification, categories, comparison
    return None


def proposal_slide(inputs: MeetingInputs) -> Slide:
    package, result, lang = inputs.package, inputs.result, inputs.lang
    manifest, scenario = package.manifest, result.scenario
    index = result.index
    selected = index[index[SELECTED]]
    level_name = manifest.level(scenario.level).name(lang)
    lead = translate("meeting_proposal_lead", lang, name=inputs.scenario_label,
                     rule=describe(scenario.selection_rule, lang), level=level_name,
                     year=scenario.year)
    cards = [Card(translate("meeting_proposal_areas", lang), number(len(selected), lang, 0),
                  level_name),
             Card(translate("meeting_youth_covered", lang),
                  f"{number(100 * result.coverage.youth_share, lang, 0)} %",
                  translate("meeting_youth_band", lang, band=manifest.youth_age_group))]
    probability = inputs.probability
    if probability is not None and len(selected):
        sure = int((probability.reindex(selected.index) >= 0.95).sum())
        cards.append(Card(translate("meeting_sure", lang), f"{sure} / {len(selected)}",
                          translate("meeting_sure_detail", lang)))
    types = _area_types(package, result, lang)
    notes = [translate("index_made_of", lang, parts=index_composition(result, package.registry, lang))]
    headers = [translate("col_area", lang)]
    if probability is not None:
        headers.append(translate("meeting_col_probability", lang))
    if types is not None:
        classification, categories, comparison = types
        focus = ", ".join(classification.focus)
        headers.append(translate("meeting_col_area_type", lang, name=classification.name(lang),
                                 year=categories.attrs.get("year", scenario.year)))
        shown_codes = sorted({str(k) for k in categories.reindex(selected.index).dropna()})
        kinds = "; ".join(f"{translate('meeting_type', lang, code=k)}: "
                          f"{classification.category(k).name(lang)}" for k in shown_codes)
        notes.append(translate("meeting_area_type_note", lang, kinds=kinds) + " " + translate(
            "meeting_in_focus", lang, n=len(comparison.in_both), total=len(selected), types=focus,
            left=len(comparison.left_out)))
    order = selected.assign(_p=probability.reindex(selected.index) if probability is not None
                            else 0.0).sort_values(["_p", RANK], ascending=[False, True])
    rows = []
    for area_id, row in order.head(MAX_MAP_ROWS).iterrows():
        cells = [Cell(str(row[c.NAME]))]
        if probability is not None:
            p = probability.get(area_id)
            cells.append(Cell("–" if p is None or p != p else f"{number(100 * p, lang, 0)} %"))
        if types is not None:
            code = types[1].get(area_id)
            cells.append(Cell(translate("reference_no_type", lang) if code is None or code != code
                              else translate("meeting_type", lang, code=code)))
        rows.append(tuple(cells))
    if probability is not None:
        notes.append(translate("meeting_probability_note", lang, n=number(inputs.draws, lang, 0)))
    table = Table(translate("meeting_proposal_table", lang), tuple(headers), tuple(rows),
                  _more(len(order) - MAX_MAP_ROWS, lang), translate("no_proposals", lang))
    return Slide(2, STEP_KEYS[1], _title(2, lang), lead, tuple(cards), (table,),
                 image=inputs.map_png, image_alt=translate("meeting_map_alt", lang),
                 notes=(*notes, manifest.attribution))


# --- 3. targets and status -----------------------------------------------------------------------------

def targets_slide(inputs: MeetingInputs) -> Slide:
    package, lang = inputs.package, inputs.lang
    manifest, registry = package.manifest, package.registry
    level = inputs.result.scenario.level
    headers = (translate("col_indicator", lang), translate("target_applies_to", lang),
               translate("latest_value", lang),
               *(h for year in CHECKPOINTS for h in (translate("meeting_col_target", lang, year=year),
                                                       translate("meeting_col_status", lang,
                                                                 year=year))),
               translate("responsible_board", lang))
    order = {ident: n for n, ident in enumerate(PROGRAMME_IDS)}
    keys = sorted((k for k in inputs.targets if k[1] in registry),
                  key=lambda k: (k[1] != UVAS, order.get(k[1], 99), k[1], k[0] != "city"))
    rows, notes = [], []
    for scope, ident in keys:
        record, indicator = inputs.targets[(scope, ident)], registry.get(ident)
        series = package.city_series(ident) if scope == "city" else proposal_series(
            package, inputs.result, ident)
        if series is None or len(series) == 0:
            continue
        values = series if scope == "city" else series[PROPOSED]
        values = values.dropna()
        latest = (f"{indicator_value(values.iloc[-1], indicator, lang)} ({int(values.index[-1])})"
                  if len(values) else "–")
        cells = [Cell(indicator.short(lang)), Cell(translate(f"target_scope_{scope}", lang)),
                 Cell(latest)]
        for year in CHECKPOINTS:
            if record.at(year) is None:
                cells += [Cell("–"), Cell("–")]
                continue
            row = status_table({ident: series}, {ident: to_target(record)},
                               {ident: indicator.direction}, year, lang=lang).iloc[0]
            cells += [Cell(indicator_value(row["target_value"], indicator, lang)),
                      Cell(row["label"], row["colour"])]
        cells.append(Cell(record.responsible_board or "–"))
        rows.append(tuple(cells))
        note_level = manifest.city_level if scope == "city" else level
        note = short_note(manifest.entry(ident).at(note_level).note(lang)) if note_level else ""
        if note:
            notes.append(f"{indicator.short(lang)} ({translate(f'target_scope_{scope}', lang).lower()})"
                         f": {note}")
    table = Table("", headers, tuple(rows[:MAX_ROWS]), _more(len(rows) - MAX_ROWS, lang),
                  translate("meeting_no_targets_yet", lang))
    return Slide(3, STEP_KEYS[2], _title(3, lang), translate("meeting_targets_lead", lang),
                 tables=(table,), notes=(*notes[:4], translate("meeting_status_meaning", lang),
                                         manifest.attribution))


# --- 4. insatser ---------------------------------------------------------------------------------------

def insatser_slide(inputs: MeetingInputs) -> Slide:
    lang, title = inputs.lang, _title(4, inputs.lang)
    if inputs.insatser is None:
        return Slide(4, STEP_KEYS[3], title, message=translate("meeting_insatser_unreadable", lang))
    insatser = list(inputs.insatser)
    if not insatser:
        return Slide(4, STEP_KEYS[3], title, message=translate("meeting_no_insatser", lang))
    frame = pd.DataFrame([{"board": i.board, "budget": i.budget_sek, "running": i.start_year <= inputs.year}
                          for i in insatser])
    summary = frame.groupby("board").agg(n=("board", "size"), running=("running", "sum"),
                                         budget=("budget", lambda b: b.sum(min_count=1)),
                                         unknown=("budget", lambda b: int(b.isna().sum())))
    summary = summary.sort_values(["budget", "n"], ascending=False, na_position="last")
    rows = []
    for board, row in summary.iterrows():
        n, running = int(row["n"]), int(row["running"])
        status = [counted(running, "meeting_running", lang)] if running else []
        if n - running:
            status.append(counted(n - running, "meeting_planned", lang))
        money = "–" if pd.isna(row["budget"]) else f"{number(row['budget'], lang, 0)} kr"
        if row["unknown"]:
            money += " " + translate("meeting_budget_unknown", lang, n=int(row["unknown"]))
        rows.append((Cell(str(board)), Cell(counted(n, "meeting_insatser", lang)),
                     Cell(", ".join(status)), Cell(money)))
    total = frame["budget"].sum(min_count=1)
    cards = (Card(translate("meeting_insatser_total", lang), number(len(insatser), lang, 0),
                  counted(len(summary), "meeting_boards", lang)),
             Card(translate("meeting_budget_total", lang),
                  "–" if pd.isna(total) else f"{number(total / 1e6, lang, 1)} mnkr",
                  translate("meeting_per_year", lang)))
    headers = (translate("responsible_board", lang), translate("meeting_col_insatser", lang),
               translate("meeting_col_insats_status", lang), translate("meeting_col_budget", lang))
    table = Table("", headers, tuple(rows[:MAX_ROWS]), _more(len(rows) - MAX_ROWS, lang))
    return Slide(4, STEP_KEYS[3], title, translate("meeting_insatser_lead", lang, year=inputs.year),
                 cards, (table,), notes=(translate("meeting_insatser_note", lang),))


# --- 5. decisions -------------------------------------------------------------------------------------

def decisions_slide(inputs: MeetingInputs) -> Slide:
    lang = inputs.lang
    questions = [n for n in inputs.notes if n.kind == "question"]
    decisions = [n for n in inputs.notes if n.kind == "decision"]
    step_name = {k + 1: translate(f"meeting_title_{key}", lang) for k, key in enumerate(STEP_KEYS)}
    open_rows = tuple((Cell(step_name[n.step]), Cell(n.text), Cell(n.meeting_date.isoformat()))
                      for n in questions[:4])
    done_rows = tuple((Cell(n.meeting_date.isoformat()), Cell(step_name[n.step]), Cell(n.text),
                       Cell(n.present or "–")) for n in decisions[:4])
    tables = (
        Table(translate("meeting_open_questions", lang),
              (translate("meeting_col_step", lang), translate("meeting_col_question", lang),
               translate("meeting_col_written", lang)), open_rows,
              _more(len(questions) - 4, lang), translate("meeting_no_questions", lang)),
        Table(translate("meeting_earlier_decisions", lang),
              (translate("meeting_col_date", lang), translate("meeting_col_step", lang),
               translate("meeting_col_decision", lang), translate("meeting_col_present", lang)),
              done_rows, _more(len(decisions) - 4, lang), translate("meeting_no_decisions", lang)),
    )
    return Slide(5, STEP_KEYS[4], _title(5, lang), translate("meeting_decisions_lead", lang),
                 tables=tables)


# --- inputs that take a moment ------------------------------------------------------------------------

def selection_probability(package: DataPackage, result: ScenarioResult, draws: int = 1_000,
                          seed: int = 0) -> pd.Series | None:
    """Each area's probability of being in the proposal under other reasonable weights (the
    Robusthet page's Monte Carlo, `indicators.robustness.rank_uncertainty`, with its defaults:
    Dirichlet concentration 50, the chosen methods), or None when the index has no indicators."""
    from indicators.robustness import rank_uncertainty
    from services.scenario import area_inputs

    scenario, ids = result.scenario, result.present_ids
    if not ids:
        return None
    inputs = area_inputs(package, scenario.level, scenario.year, ids)
    weights = {k: w for k, w in scenario.weights if k in ids}
    table = rank_uncertainty(inputs[list(ids)], {i: package.registry.get(i).direction for i in ids},
                             weights, draws=draws, concentration=50.0,
                             normalisation=scenario.normalisation,
                             aggregation=scenario.aggregation, rule=scenario.rule,
                             youth=inputs["youth"], seed=seed).table
    return table["p_selected"]


def proposal_map(package: DataPackage, result: ScenarioResult, date_text: str, lang: str,
                 width_px: int = 2000) -> bytes:
    """The index map with the proposed areas outlined and numbered (PNG), as `cli export-map` draws
    it."""
    from geo.export import MapSpec, render_map
    from indicators.index import SCORE

    manifest, scenario = package.manifest, result.scenario
    return render_map(package.areas_at(scenario.level), result.index[SCORE], MapSpec(
        title=translate("index_title", lang),
        subtitle=f"{manifest.level(scenario.level).name(lang)} · {scenario.year}",
        legend_title=translate("index_legend_sub", lang), unit="",
        attribution=manifest.attribution, date_text=date_text, demo=manifest.demo, lang=lang),
        fmt="png", proposals=result.proposals, land=package.land, width_px=width_px, dpi=200)

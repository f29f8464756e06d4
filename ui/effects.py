"""Blev det skillnad? The section that estimates whether an effort changed an indicator in its areas
more than in comparable areas, and, before the start, what a follow-up will be able to see.

`effect_section` is self-contained: Uppföljning calls it for the proposal it follows, Insatser for one
insats. It reads its own widgets (keys prefixed by the caller's ``key``), calls the pure estimators in
`indicators.effects` (cached per package, group, indicator and method) and draws the result.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from datapackage.manifest import ManifestError
from datapackage.store import DataPackage
from i18n.format import number
from indicators.effects import (
    CLEAR_DECREASE,
    CLEAR_INCREASE,
    METHOD_IDS,
    SYNTHETIC,
    DidDiagnostics,
    EffectEstimate,
    EvaluationPlan,
    Refusal,
    estimate_effect,
    minimum_detectable_effect,
)
from indicators.effects.panel import NO_POST_YEARS
from indicators.effects.power import BEFORE_START
from indicators.effects.results import BY_YEAR, COUNTERFACTUAL, TREATED
from model import columns as c
from model.registry import Indicator, Unit
from ui.charts import OKABE_ITO
from ui.effect_charts import effect_chart
from ui.effect_text import listed, refusal_text, status_text, unit_text
from ui.state import Selection, labels_for, lang, t
from ui.tables import show_table

#: Donor weights shown in the diagnostics.
MAX_WEIGHTS_SHOWN = 10
OWN = "own"


def effect_indicators(package: DataPackage, level: str) -> list[str]:
    """Indicators with values per area at the level (not counts of people), the follow-up first."""
    table = package.indicators
    rows = table[(table[c.LEVEL] == level) & table[c.VALUE].notna()]
    present = set(rows[c.INDICATOR].unique())
    registry = package.registry
    ids = [i.id for i in registry if i.id in present and i.unit is not Unit.PERSONS]
    follow_up = registry.follow_up.id
    return sorted(ids, key=lambda i: i != follow_up)


def _weights(package: DataPackage, level: str, year: int) -> pd.Series | None:
    population = package.population_at(level, year)
    return population.get(c.AGE_TOTAL) if not population.empty else None


@st.cache_data(show_spinner=False, max_entries=64)
def cached_estimate(_package: DataPackage, cache_key: str, level: str, indicator: str,
                    starts: tuple[tuple[str, int], ...], method: str) -> EffectEstimate | Refusal:
    """`estimate_effect` once per package, group, indicator and method."""
    weights = _weights(_package, level, max(year for _, year in starts))
    return estimate_effect(_package.indicators, level, indicator, dict(starts), method=method,
                           weights=weights)


@st.cache_data(show_spinner=False, max_entries=64)
def cached_plan(_package: DataPackage, cache_key: str, level: str, indicator: str,
                area_ids: tuple[str, ...], start: int) -> EvaluationPlan | Refusal:
    """`minimum_detectable_effect` once per package, group, indicator and start."""
    return minimum_detectable_effect(_package.indicators, level, indicator, area_ids, start,
                                     weights=_weights(_package, level, start))


def _groups(selection: Selection, level: str, starts: Mapping[str, int], own_label: str
            ) -> dict[str, tuple[str, str, dict[str, int], float | None]]:
    """Group key -> (label, level, starts, planted effect): the caller's group, then the package's
    example efforts."""
    groups: dict[str, tuple[str, str, dict[str, int], float | None]] = {}
    if starts:
        groups[OWN] = (t(own_label, n=len(starts), year=min(starts.values())), level, dict(starts),
                       None)
    registry = selection.package.registry
    for k, example in enumerate(selection.package.manifest.example_insatser):
        effect = ""
        if example.planted_effect is not None and example.indicator in registry:
            indicator = registry.get(example.indicator)
            effect = (f"{registry.get(example.indicator).short(lang())} "
                      f"{number(example.planted_effect, lang())} {unit_text(indicator, lang())}")
        label = t("effect_group_example", name=example.name, label=example.label(lang()),
                  effect=effect)
        groups[f"example_{k}"] = (label, example.level, dict.fromkeys(example.area_ids,
                                                                      example.start_year),
                                  example.planted_effect)
    return groups


def _area_names(package: DataPackage, level: str) -> dict[str, str]:
    try:
        areas = package.areas_at(level)
    except (ManifestError, KeyError):
        return {}
    return dict(zip(areas[c.AREA_ID].astype(str), areas[c.NAME].astype(str), strict=True))


def effect_section(selection: Selection, level: str, starts: Mapping[str, int], key: str,
                   own_label: str = "effect_group_proposal") -> None:
    """Draw "Blev det skillnad?" for the areas in ``starts`` (area id -> start year) at ``level``.

    Parameters
    ----------
    selection : the page's selection (package, language).
    level : the level of the areas.
    starts : the caller's treated areas and their start years (may be empty: then only the package's
        example efforts are offered).
    key : prefix of this section's widget keys (e.g. ``follow_effect``).
    own_label : text key of the caller's group (``effect_group_proposal`` or
        ``effect_group_insats``; formatted with ``n`` and ``year``).
    """
    package = selection.package
    st.subheader(t("effect_heading"))
    st.caption(t("effect_intro"))
    groups = _groups(selection, level, starts, own_label)
    if not groups:
        return
    pick = OWN if OWN in groups else next(iter(groups))
    if len(groups) > 1:
        pick = st.radio(t("effect_group"), list(groups), key=f"{key}_group",
                        format_func=labels_for(groups, lambda g: groups[g][0]))
    _, level, starts, planted = groups[pick]
    names = _area_names(package, level)
    ids = effect_indicators(package, level)
    if not ids:
        st.info(t("effect_no_indicators", level=level))
        return
    registry = package.registry
    cols = st.columns([2, 3])
    indicator_id = cols[0].selectbox(t("effect_indicator"), ids, key=f"{key}_indicator",
                                     format_func=labels_for(ids, lambda i: registry.get(i).name(lang())))
    method = cols[1].radio(t("effect_method"), METHOD_IDS, key=f"{key}_method", horizontal=True,
                           format_func=labels_for(METHOD_IDS, lambda m: t(f"effect_method_{m}")),
                           help=t("effect_method_help"))
    st.caption(t("effect_how"))
    indicator = registry.get(indicator_id)
    with st.spinner(t("effect_computing")):
        result = cached_estimate(package, selection.cache_key, level, indicator_id,
                                 tuple(sorted(starts.items())), method)
    if isinstance(result, Refusal):
        if result.code == NO_POST_YEARS:
            _plan(package, selection.cache_key, level, indicator, starts)
        else:
            st.warning(refusal_text(result, lang(), names))
        return
    _result(result, indicator, names, planted)


def _badge(status: str, indicator: Indicator) -> str:
    """The status as a coloured pill: an improvement in the indicator's direction is green."""
    better = {CLEAR_DECREASE: -1, CLEAR_INCREASE: 1}.get(status, 0) * -indicator.direction.sign
    colour = OKABE_ITO[2] if better > 0 else OKABE_ITO[1] if better < 0 else "#666666"
    return (f"<span style='background:{colour};color:white;padding:.2em .7em;border-radius:.8em;"
            f"font-weight:600'>{status_text(status, lang())}</span>")


def _result(result: EffectEstimate, indicator: Indicator, names: dict[str, str],
            planted: float | None) -> None:
    unit = unit_text(indicator, lang())
    st.markdown(_badge(result.status, indicator), unsafe_allow_html=True)
    st.markdown(t("effect_average", effect=number(result.effect, lang(), 2), unit=unit,
                  low=number(result.ci_low, lang(), 2), high=number(result.ci_high, lang(), 2)))
    if planted is not None:
        st.caption(t("effect_planted", effect=number(planted, lang()), unit=unit))
    by_year = result.series.index.name == BY_YEAR
    if not by_year:
        st.caption(t("effect_staggered"))
    counterfactual = t("effect_chart_synthetic") if result.method == SYNTHETIC else \
        t("effect_chart_comparison")
    start = min(year for _, year in result.starts) if by_year else 0
    x_title = t("effect_col_year") if by_year else t("effect_col_years_since")
    st.altair_chart(effect_chart(result.series, {TREATED: t("effect_chart_treated"),
                                                 COUNTERFACTUAL: counterfactual}, x_title,
                                 f"{indicator.short(lang())} ({indicator.unit.symbol})", start,
                                 t("effect_chart_start")), width="stretch")
    effects = result.effects_table()
    table = pd.DataFrame({
        x_title: [str(y) for y in (effects["year"] if by_year else effects["years_since_start"])],
        f"{t('effect_col_effect')} ({unit})": [number(v, lang(), 2) for v in effects["effect"]],
        t("effect_col_low"): [number(v, lang(), 2) for v in effects["ci_low"]],
        t("effect_col_high"): [number(v, lang(), 2) for v in effects["ci_high"]],
    })
    show_table(table, hide_index=True, width="stretch")
    if result.excluded:
        st.caption(t("effect_excluded", n=len(result.excluded),
                     names=listed(result.excluded, names)))
    if result.not_started:
        st.caption(t("effect_not_started", n=len(result.not_started)))
    with st.expander(t("effect_diagnostics"), expanded=False):
        _diagnostics(result, unit, names)


def _diagnostics(result: EffectEstimate, unit: str, names: dict[str, str]) -> None:
    d = result.diagnostics
    if isinstance(d, DidDiagnostics):
        key = "effect_diag_pretrend_rejected" if d.pretrend_rejected else "effect_diag_pretrend_ok"
        (st.warning if d.pretrend_rejected else st.markdown)(
            t(key, p=number(d.pretrend_p, lang(), 3), leads=d.pretrend_leads))
        st.markdown(t("effect_diag_did", n_treated=result.n_treated,
                      n_comparison=result.n_comparison, p=number(result.p_value, lang(), 3)))
        return
    st.markdown(t("effect_diag_fit", pre=number(d.pre_rmspe_cv, lang(), 2), unit=unit,
                  post=number(d.post_rmspe, lang(), 2)))
    if d.poor_fit:
        st.warning(t("effect_diag_poor_fit"))
    st.markdown(t("effect_diag_placebo", rank=d.placebo_rank, n=d.n_placebos + 1,
                  p=number(result.p_value, lang(), 3)))
    st.markdown(t("effect_diag_pool", n=d.donor_pool,
                  capped=t("effect_diag_pool_capped") if d.donor_pool_capped else ""))
    top = result.comparison[:MAX_WEIGHTS_SHOWN]
    st.markdown(f"**{t('effect_diag_weights')}**")
    show_table(pd.DataFrame({
        t("effect_col_area"): [names.get(a, a) for a, _ in top],
        t("effect_col_weight"): [f"{number(100 * w, lang(), 1)} %" for _, w in top],
    }), hide_index=True, width="stretch")


def _plan(package: DataPackage, cache_key: str, level: str, indicator: Indicator,
          starts: Mapping[str, int]) -> None:
    """The evaluation plan for a group that has not started (minimum detectable effects)."""
    start = min(starts.values())
    plan = cached_plan(package, cache_key, level, indicator.id, tuple(sorted(starts)), start)
    st.markdown(f"**{t('effect_plan_heading')}**")
    if isinstance(plan, Refusal):
        st.warning(refusal_text(plan, lang()))
        return
    unit = unit_text(indicator, lang())
    st.markdown(t("effect_plan_intro"))
    rows = []
    for point in plan.checkpoints:
        if point.code is None:
            rows.append(t("effect_plan_row", year=point.year, mde=number(point.mde, lang(), 1),
                          unit=unit, post=point.post_years, pre=point.pre_years))
        else:
            key = "effect_plan_before_start" if point.code == BEFORE_START else "effect_plan_no_pre_years"
            rows.append(t(key, year=point.year))
    st.markdown("\n".join(f"- {row}" for row in rows))
    st.caption(t("effect_plan_note", n_treated=plan.n_treated, n_comparison=plan.n_comparison))

"""``python -m cli evaluate PACKAGE --level L --areas ID,ID,... --start YEAR --indicator ID --out DIR``.

Did the effort make a difference? Estimates the effect on the indicator in the areas from the start
year on, against the package's other areas (`indicators.effects`), by synthetic control (the default)
or difference-in-differences (``--method did``). Writes

* ``DIR/effects.csv`` – ``year, effect, ci_low, ci_high``: the effect in each year from the start
  (treated minus counterfactual, in the indicator's unit: percentage points for shares) and its 95 %
  interval;
* ``DIR/summary.json`` – ``method, effect, ci_low, ci_high, p_value, n_treated, n_comparison,
  pre_years, post_years, comparison`` (``[{"area_id", "weight"}]``: the synthetic control's donor
  weights, or each comparison area's share of the regression weight), and beside them ``indicator,
  level, start, status, treated, excluded`` and the method's ``diagnostics``.

Unknown ids, too few years or areas: a message in Swedish (``--lang en`` for English) and exit 1.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path

import pandas as pd

from cli.common import fail
from datapackage.manifest import ManifestError
from datapackage.store import read_package
from i18n.catalogue import LANGUAGES, translate
from i18n.format import number
from indicators.effects import METHODS, SYNTHETIC, Refusal, estimate_effect
from model import columns as c
from model.problems import ImportRefused
from model.registry import UnknownIndicatorError
from ui.effect_text import refusal_text, status_text


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("evaluate", help="did an effort make a difference? effect against comparison "
                                        "areas (synthetic control or difference-in-differences)")
    p.add_argument("package", help="package folder")
    p.add_argument("--level", required=True, help="area level, e.g. deso or smaomrade")
    p.add_argument("--areas", required=True, help="the effort's area ids, comma separated")
    p.add_argument("--start", required=True, type=int, help="the effort's first year")
    p.add_argument("--indicator", default="uvas", help="indicator id (default uvas)")
    p.add_argument("--method", choices=tuple(METHODS), default=SYNTHETIC)
    p.add_argument("--seed", type=int, default=0, help="seed of the placebo draws (synthetic)")
    p.add_argument("--lang", choices=LANGUAGES, default="sv", help="language of messages")
    p.add_argument("--out", required=True, type=Path, help="folder for effects.csv and summary.json")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    lang = args.lang
    try:
        package = read_package(args.package)
    except ImportRefused as refused:
        return fail(translate("effect_cli_package", lang, reason="; ".join(
            p.describe(lang) for p in refused.problems)))
    areas = [a.strip() for a in args.areas.split(",") if a.strip()]
    if not areas:
        return fail(translate("effect_cli_no_areas", lang))
    try:
        package.manifest.level(args.level)
    except ManifestError:
        return fail(refusal_text(Refusal("unknown_level", {
            "level": args.level, "valid": package.manifest.level_ids}), lang))
    try:
        package.registry.get(args.indicator)
    except UnknownIndicatorError as exc:
        return fail(translate("effect_cli_unknown_indicator", lang, indicator=args.indicator,
                              valid=", ".join(exc.valid)))
    population = package.population_at(args.level, args.start)
    weights = population.get(c.AGE_TOTAL) if not population.empty else None
    options = {"seed": args.seed} if args.method == SYNTHETIC else {}
    result = estimate_effect(package.indicators, args.level, args.indicator,
                             dict.fromkeys(areas, args.start), method=args.method, weights=weights,
                             **options)
    if isinstance(result, Refusal):
        return fail(refusal_text(result, lang))

    args.out.mkdir(parents=True, exist_ok=True)
    effects = pd.DataFrame([{"year": row.year, "effect": row.effect, "ci_low": row.ci_low,
                             "ci_high": row.ci_high} for row in result.per_year])
    effects.to_csv(args.out / "effects.csv", index=False, float_format="%.4f")
    summary = {
        "method": result.method, "effect": result.effect, "ci_low": result.ci_low,
        "ci_high": result.ci_high, "p_value": result.p_value, "n_treated": result.n_treated,
        "n_comparison": result.n_comparison, "pre_years": result.pre_years,
        "post_years": result.post_years,
        "comparison": [{"area_id": a, "weight": w} for a, w in result.comparison],
        "indicator": result.indicator, "level": result.level, "start": args.start,
        "status": result.status, "treated": list(result.treated),
        "excluded": list(result.excluded), "diagnostics": dataclasses.asdict(result.diagnostics),
    }
    (args.out / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n",
                                           encoding="utf-8")
    print(translate("effect_cli_done", lang, method=translate(f"effect_method_{result.method}", lang),
                    effect=number(result.effect, lang, 2), low=number(result.ci_low, lang, 2),
                    high=number(result.ci_high, lang, 2), p=number(result.p_value, lang, 3),
                    status=status_text(result.status, lang).lower(), n_treated=result.n_treated,
                    n_comparison=result.n_comparison, out=args.out))
    return 0

"""``python -m cli propose PACKAGE --level L --year Y --weights id=w,... --out DIR``.

Writes ``DIR/ranking.csv`` (area_id, score, rank, decile, n_indicators, one contribution column per
weighted indicator) and ``DIR/proposals.geojson`` (one feature per contiguous proposed area with its
member area_ids).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.common import CliError, add_method_arguments, add_package_arguments, fail, open_package_at
from datapackage.manifest import ManifestError
from indicators.index import (
    DECILE,
    N_INDICATORS,
    RANK,
    SCORE,
    contribution_column,
)
from indicators.proposal import proposals_geojson
from indicators.scenario import Scenario, parse_weights
from indicators.selection import describe
from services.scenario import evaluate_scenario


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("propose", help="rank areas by the index and propose contiguous areas")
    add_package_arguments(p)
    p.add_argument("--weights", required=True,
                   help="id=weight,... for the index indicators (ids left out weigh 0)")
    add_method_arguments(p)
    p.add_argument("--out", required=True, type=Path, help="folder for ranking.csv and proposals.geojson")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        package = open_package_at(args)
    except CliError as exc:
        return fail(str(exc))
    try:
        weights = parse_weights(args.weights, package.registry.index_ids)
        scenario = Scenario(args.level, args.year, weights, args.normalise, args.aggregate,
                            args.rule)
        result = evaluate_scenario(package, scenario)
    except (ManifestError, ValueError) as exc:  # unknown level, ids, methods, rule, weights
        return fail(str(exc))
    args.out.mkdir(parents=True, exist_ok=True)
    columns = [SCORE, RANK, DECILE, N_INDICATORS,
               *(contribution_column(i) for i in result.weighted_ids)]
    ranking = result.index[columns].sort_values([RANK, SCORE], ascending=[True, False])
    ranking = ranking.astype({RANK: "Int64", DECILE: "Int64"})
    ranking.to_csv(args.out / "ranking.csv", float_format="%.4f")
    (args.out / "proposals.geojson").write_text(proposals_geojson(result.proposals),
                                                encoding="utf-8")
    print(f"{package.manifest.name}: {len(ranking)} areas at {args.level} {args.year}; "
          f"{describe(scenario.selection_rule, 'en')}: {int(result.index['selected'].sum())} areas "
          f"in {len(result.proposals)} proposed areas -> {args.out}")
    if result.missing_ids:
        print(f"note: no values at this level and year for {', '.join(result.missing_ids)}; "
              "the index uses the others", file=sys.stderr)
    return 0

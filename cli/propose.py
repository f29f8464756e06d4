"""``python -m cli propose PACKAGE --level L --year Y --weights id=w,... --out DIR``.

Writes ``DIR/ranking.csv`` (area_id, score, rank, decile, n_indicators, one contribution column per
weighted indicator) and ``DIR/proposals.geojson`` (one feature per contiguous proposed area with its
member area_ids).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from datapackage.manifest import ManifestError
from datapackage.problems import ImportRefused
from datapackage.store import read_package
from indicators.index import (
    AGGREGATIONS,
    DECILE,
    N_INDICATORS,
    NORMALISATIONS,
    RANK,
    SCORE,
    contribution_column,
)
from indicators.proposal import proposals_geojson
from indicators.scenario import DEFAULT_RULE, Scenario, evaluate_scenario, parse_weights
from indicators.selection import describe, valid_forms


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("propose", help="rank areas by the index and propose contiguous areas")
    p.add_argument("package", help="package folder")
    p.add_argument("--level", required=True, help="area level, e.g. deso or smaomrade")
    p.add_argument("--year", required=True, type=int)
    p.add_argument("--weights", required=True,
                   help="id=weight,... for the index indicators (ids left out weigh 0)")
    p.add_argument("--normalise", default="min_max", help=f"one of {', '.join(NORMALISATIONS)}")
    p.add_argument("--aggregate", default="arithmetic", help=f"one of {', '.join(AGGREGATIONS)}")
    p.add_argument("--rule", default=DEFAULT_RULE, help=valid_forms())
    p.add_argument("--out", required=True, type=Path, help="folder for ranking.csv and proposals.geojson")
    p.set_defaults(run=run)


def fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 1


def run(args: argparse.Namespace) -> int:
    try:
        package = read_package(args.package)
    except ImportRefused as refused:
        return fail("\n".join(p.describe("en") for p in refused.problems))
    try:
        package.manifest.level(args.level)
        if args.year not in package.manifest.years:
            return fail(f"year {args.year} is not in the package; years: "
                        f"{', '.join(map(str, package.manifest.years))}")
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

"""``python -m cli robustness PACKAGE --level L --year Y --weights id=w,... --out DIR``.

Writes ``DIR/robustness.csv`` (area_id, median_rank, rank_p05, rank_p95, p_selected): how far each
area's rank moves, and how often the selection rule picks it, when the weights are drawn from a
Dirichlet distribution around the chosen ones (see `indicators.robustness.rank_uncertainty`).

Beside it, the spatial structure of the same index: ``DIR/hotspots.csv`` (area_id, value, local_i,
p_value, cluster; `geo.hotspots.local_hotspots`) and ``DIR/regions.csv`` (area_id, region,
region_order, region_young, region_selected, rule_selected; `geo.regions.regionalise_scenario` with
``--min-youth`` young people per region).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from cli.common import CliError, add_method_arguments, add_package_arguments, fail, open_package_at
from datapackage.manifest import ManifestError
from geo.contiguity import contiguity_graph
from geo.hotspots import HotspotInputError, local_hotspots
from geo.regions import regionalise_scenario
from indicators.index import SCORE
from indicators.robustness import MEDIAN_RANK, P_SELECTED, ROBUSTNESS_COLUMNS, rank_uncertainty
from indicators.scenario import SELECTED, Scenario, parse_weights
from indicators.selection import describe, estimate_neet, parse_rule
from model import columns as c
from services.scenario import area_inputs, evaluate_scenario


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("robustness",
                       help="rank bands and selection probabilities when the weights are uncertain")
    add_package_arguments(p)
    p.add_argument("--weights", required=True,
                   help="id=weight,... for the index indicators (ids left out weigh 0)")
    p.add_argument("--draws", type=int, default=10_000, help="Monte Carlo draws (default 10000)")
    p.add_argument("--concentration", type=float, default=50.0,
                   help="Dirichlet concentration around the weights; larger = less spread, "
                        "inf = none (default 50)")
    add_method_arguments(p)
    p.add_argument("--no-jitter", action="store_true",
                   help="keep missing values missing instead of imputing them per draw")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--min-youth", type=float, default=300.0,
                   help="floor of young people per region for regions.csv (default 300)")
    p.add_argument("--out", required=True, type=Path, help="folder for robustness.csv")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        package = open_package_at(args)
    except CliError as exc:
        return fail(str(exc))
    try:
        if args.draws < 1:
            return fail(f"--draws must be at least 1, got {args.draws}")
        rule = parse_rule(args.rule)
        registry = package.registry
        weights = {k: w for k, w in parse_weights(args.weights, registry.index_ids) if w > 0}
        if not weights:
            return fail("at least one weight must be above zero")
        ids = tuple(weights)
        inputs = area_inputs(package, args.level, args.year, ids)
        directions = {ident: registry.get(ident).direction for ident in ids}
        city = {ident: package.city_value(args.year, ident) for ident in ids}
        neet = estimate_neet(inputs["youth"], inputs["uvas"]).neet
        result = rank_uncertainty(
            inputs[list(ids)], directions, weights, draws=args.draws,
            concentration=args.concentration, normalisation=args.normalise,
            aggregation=args.aggregate, suppressed_jitter=not args.no_jitter, rule=rule,
            youth=inputs["youth"], neet=neet, city_values=city, seed=args.seed)
    except (ManifestError, ValueError) as exc:  # unknown level, ids, methods, rule, weights
        return fail(str(exc))
    if not args.min_youth > 0:
        return fail(f"--min-youth must be greater than 0, got {args.min_youth}")
    args.out.mkdir(parents=True, exist_ok=True)
    table = result.table[list(ROBUSTNESS_COLUMNS)].rename_axis(c.AREA_ID)
    table = table.sort_values(MEDIAN_RANK, kind="stable")
    table.to_csv(args.out / "robustness.csv", float_format="%.4f")
    sure = int((table[P_SELECTED] >= 0.95).sum())
    print(f"{package.manifest.name}: {len(table)} areas at {args.level} {args.year}, "
          f"{result.draws} draws; {describe(rule, 'en')}: {sure} areas selected in at least 95 % "
          f"of draws -> {args.out / 'robustness.csv'}")
    write_spatial(package, args, weights)
    return 0


def write_spatial(package, args: argparse.Namespace, weights: dict[str, float]) -> None:
    """hotspots.csv and regions.csv for the same index (see the module's docstring)."""
    scenario = Scenario(args.level, args.year, tuple(weights.items()), args.normalise,
                        args.aggregate, args.rule)
    graph = contiguity_graph(package.areas_at(args.level))
    index = evaluate_scenario(package, scenario, graph=graph).index
    try:
        hot = local_hotspots(index[SCORE], graph, seed=args.seed)
    except HotspotInputError as exc:
        print(f"hotspots.csv not written: {exc}")
    else:
        hot.table.to_csv(args.out / "hotspots.csv", float_format="%.4f")
        counts = hot.counts()
        print(f"Hot spots: {counts['hot']}, cold spots: {counts['cold']} (p <= {hot.threshold}); "
              f"global Moran's I {hot.global_i:.2f} -> {args.out / 'hotspots.csv'}")
    regions = regionalise_scenario(index, graph, min_youth=args.min_youth)
    order = regions.regions["order"]
    young = regions.regions["youth"]
    chosen = regions.regions["selected"]
    out = pd.DataFrame({
        "region": regions.assignment,
        "region_order": regions.assignment.map(order).astype("Int64"),
        "region_young": regions.assignment.map(young).round(0).astype("Int64"),
        "region_selected": regions.assignment.map(chosen).fillna(False).astype(bool),
        "rule_selected": index[SELECTED].reindex(regions.assignment.index).astype(bool),
    }).rename_axis(c.AREA_ID)
    out.to_csv(args.out / "regions.csv")
    print(f"Regions with at least {args.min_youth:.0f} young people: {len(regions.regions)}, "
          f"{int(chosen.sum())} proposed ({regions.below_floor} below the floor) "
          f"-> {args.out / 'regions.csv'}")

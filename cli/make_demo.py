"""``python -m cli make-demo OUT [--seed N]``: write the fictitious demo package (the city Kustad)."""

from __future__ import annotations

import argparse

from datapackage.demo import DEMO_SEED, build_demo_package
from datapackage.store import write_package


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "make-demo",
        help="write the demo package: the fictitious coastal city Kustad, with made-up data",
    )
    p.add_argument("out", help="package folder to write (created if needed; its files are replaced)")
    p.add_argument("--seed", type=int, default=DEMO_SEED,
                   help=f"random seed; the same seed gives the same package (default {DEMO_SEED})")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    package = build_demo_package(args.seed)
    path = write_package(package, args.out)
    counts = ", ".join(f"{level}: {len(package.areas[level])}"
                       for level in package.manifest.level_ids)
    print(f"{package.manifest.name} (seed {args.seed}) -> {path}")
    print(f"  areas: {counts}")
    years = package.manifest.years
    print(f"  years: {years[0]}–{years[-1]}, indicators: {', '.join(package.indicator_ids())}")
    return 0

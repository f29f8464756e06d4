"""``python -m cli info PATH [--json]``: what a data package holds."""

from __future__ import annotations

import argparse
import json
import sys

from datapackage.store import read_package
from model.problems import ImportRefused


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("info", help="summarise a data package (levels, areas, indicators, years)")
    p.add_argument("path", help="package folder")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.add_argument("--lang", choices=("sv", "en"), default="sv")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        package = read_package(args.path)
    except ImportRefused as refused:
        for problem in refused.problems:
            print(problem.describe(args.lang), file=sys.stderr)
        return 1
    summary = package.info()
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
        return 0
    print(summary["name"])
    for level, info in summary["levels"].items():
        print(f"  {level}: {info['areas']} areas")
    for ident, info in summary["indicators"].items():
        years = info["years"]
        span = f"{years[0]}–{years[-1]}" if years else "—"
        print(f"  {ident}: {info['status']}, {span}, levels {', '.join(info['levels']) or '—'}")
    return 0

"""``python -m cli build-malmo SRC OUT``: build the real Malmö data package from public files.

SRC is a folder laid out like ``../shared/data/real`` (see its README.md); OUT is the package folder
to write. A missing or malformed source file is reported by name, with exit code 1.
"""

from __future__ import annotations

import argparse
import sys
import time

from datapackage.malmo import build_malmo_package
from datapackage.osm import OsmInputError
from datapackage.store import write_package
from i18n.catalogue import translate
from model.problems import ImportRefused


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build-malmo",
                       help="build the real Malmö data package from ../shared/data/real")
    p.add_argument("src", help="source folder, e.g. ../shared/data/real")
    p.add_argument("out", help="package folder to write (created if needed)")
    p.add_argument("--lang", choices=("sv", "en"), default="sv")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    try:
        package = build_malmo_package(args.src)
    except ImportRefused as refused:
        for problem in refused.problems:
            print(problem.describe(args.lang), file=sys.stderr)
        return 1
    except OsmInputError as exc:  # the OpenStreetMap folder (issue 21)
        print(f"{exc.file}: {translate(f'osm_error_{exc.code}', args.lang, **exc.params)}",
              file=sys.stderr)
        return 1
    try:
        path = write_package(package, args.out)
    except OSError as exc:
        what = "Cannot write the package" if args.lang == "en" else "Kan inte skriva paketet"
        print(f"{args.out}: {what}: {exc}", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    print(f"{package.manifest.name} → {path} ({elapsed:.1f} s)")
    for level in package.manifest.levels:
        print(f"  {level.id}: {len(package.areas[level.id])} areas")
    for ident, info in package.info()["indicators"].items():
        statuses = ", ".join(f"{lv} {package.manifest.entry(ident).at(lv).status}"
                             for lv in package.manifest.level_ids)
        years = info["years"]
        span = f"{years[0]}–{years[-1]}" if years else "—"
        print(f"  {ident}: {span} ({statuses})")
    print(f"  overlays: {', '.join(sorted(package.overlays))}")
    return 0

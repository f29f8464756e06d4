"""``python -m cli report-pack PACKAGE --scenario NAME --out FILE.pdf``: the report pack of a saved
scenario, regenerated exactly from what is stored (and the targets set for the package)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from datapackage.store import read_package
from i18n.catalogue import translate
from indicators.targets import target_from_dict
from model.problems import ImportRefused
from persistence import PersistenceError, open_store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report-pack", help="PDF report pack of a saved scenario")
    p.add_argument("package", help="package folder")
    p.add_argument("--scenario", required=True, help="name of a saved scenario")
    p.add_argument("--package-key", default=None,
                   help="the key scenarios are saved under (default: the folder name)")
    p.add_argument("--database", default=None, help="database URL (default: as the app)")
    p.add_argument("--lang", choices=("sv", "en"), default="sv")
    p.add_argument("--out", required=True, type=Path)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from reports.pack import PackInputs, report_pack

    try:
        package = read_package(args.package)
    except ImportRefused as refused:
        print("\n".join(p.describe(args.lang) for p in refused.problems), file=sys.stderr)
        return 1
    key = args.package_key or Path(args.package).resolve().name
    try:
        store = open_store(args.database)
        saved = store.get_scenario(key, args.scenario)
        if saved is None:
            names = [s.name for s in store.list_scenarios(key)]
            print(f"error: no saved scenario {args.scenario!r} for package {key!r}. Saved: "
                  f"{', '.join(names) or '(none)'}", file=sys.stderr)
            return 1
        targets = {t.indicator_id: target_from_dict(t.target_dict())
                   for t in store.list_targets(key, scope="proposal")}
    except PersistenceError as exc:
        print(f"error: {exc.message(args.lang)}", file=sys.stderr)
        return 1
    today = date.today().isoformat()
    date_text = translate("report_date", args.lang, date=today)
    pdf = report_pack(PackInputs(package, saved.scenario, targets, date_text, args.lang))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(pdf)
    print(f"{args.out} ({len(pdf) // 1024} kB)")
    return 0

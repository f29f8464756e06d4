"""``python -m cli meeting-pack PACKAGE [--scenario NAME] --out FILE.pdf``: the steering group's handout,
the same five steps as the Möte page, one A4 landscape page each, from what is stored (targets,
insatser, decisions and open questions) for the package."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from datapackage.store import read_package
from i18n.catalogue import translate
from model.problems import ImportRefused
from persistence import PersistenceError, open_store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("meeting-pack", help="PDF handout of the steering group's meeting (Möte)")
    p.add_argument("package", help="package folder")
    p.add_argument("--scenario", default=None,
                   help="name of a saved scenario (default: equal weights at the package's default "
                        "level and latest year, as the app opens)")
    p.add_argument("--package-key", default=None,
                   help="the key scenarios and targets are saved under (default: the folder name)")
    p.add_argument("--database", default=None, help="database URL (default: as the app)")
    p.add_argument("--lang", choices=("sv", "en"), default="sv")
    p.add_argument("--date", default=None, help="the meeting's date, YYYY-MM-DD (default: today)")
    p.add_argument("--out", required=True, type=Path)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from indicators.scenario import Scenario, equal_weights
    from reports.meeting.handout import HandoutInfo, handout_pdf
    from reports.meeting.slides import MeetingInputs, proposal_map, selection_probability, slides
    from services.scenario import evaluate_scenario
    from ui.state import default_level, default_year

    try:
        package = read_package(args.package)
    except ImportRefused as refused:
        print("\n".join(p.describe(args.lang) for p in refused.problems), file=sys.stderr)
        return 1
    try:
        day = date.fromisoformat(args.date) if args.date else date.today()
    except ValueError:
        print(f"error: --date must be YYYY-MM-DD, got {args.date!r}", file=sys.stderr)
        return 2
    key = args.package_key or Path(args.package).resolve().name
    try:
        store = open_store(args.database)
        if args.scenario:
            saved = store.get_scenario(key, args.scenario)
            if saved is None:
                names = ", ".join(s.name for s in store.list_scenarios(key)) or "–"
                print(translate("meeting_cli_unknown_scenario", args.lang, name=args.scenario,
                                package=key, saved=names), file=sys.stderr)
                return 1
            scenario, label = saved.scenario, saved.name
        else:
            level = default_level(package)
            year = default_year(package.index_coverage(level), package.manifest.years)
            scenario = Scenario(level, year, equal_weights(package.registry.index_ids))
            label = translate("proposal_current", args.lang)
        targets = {(x.scope, x.indicator_id): x for x in store.list_targets(key)}
        insatser = store.list_insatser(key)
        notes = store.list_meeting_notes(key)
    except PersistenceError as exc:
        print(f"error: {exc.message(args.lang)}", file=sys.stderr)
        return 1
    result = evaluate_scenario(package, scenario)
    draws = 1_000
    inputs = MeetingInputs(package, result, label, targets, insatser, notes,
                           selection_probability(package, result, draws), draws,
                           proposal_map(package, result, "", args.lang), day.year, day.isoformat(),
                           args.lang)
    pdf = handout_pdf(slides(inputs), HandoutInfo(package.manifest.name, label, day.isoformat(),
                                                  package.manifest.attribution, args.lang))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(pdf)
    print(f"{args.out} ({len(pdf) // 1024} kB)")
    return 0

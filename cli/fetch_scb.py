"""``python -m cli fetch-scb --kommun CODE OUT``: a data package for any kommun, from SCB's open data.

Fetches DeSO/RegSO boundaries, SCB's DeSO 2018–2025 key and the catalogue's tables
(`datapackage.scb`), keeping SCB's rate and cell limits, with progress on stderr. Raw answers are
cached (``--cache``, else ``$KRAFTSAMLA_CACHE/scb`` or ``~/.cache/kraftsamla/scb``), so a re-run
fetches only what is new. The package is written to a temporary folder beside OUT and moved into
place at the end: when SCB cannot be reached, or the kommun code is unknown, OUT is left as it was
and the exit code is 1. A table that is missing, has changed layout or answers with other codes is
reported by name and the package built without it (exit 0).

``python -m cli fetch-scb --check [--kommun CODE]`` asks SCB's config and the table descriptions only
and reports per table whether the catalogue still matches (codes, variables, years). Exit codes:
0 every table matches, 1 at least one table differs or is gone, 3 SCB could not be reached
(2 is argparse's usage error).

``$KRAFTSAMLA_SCB_MIRROR`` points the requests at a mirror with SCB's paths (the tests' fake SCB).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from datapackage.scb.check import MATCH, check_catalogue
from datapackage.scb.client import ScbClient, ScbUnavailable, default_cache_dir
from datapackage.scb.endpoints import Endpoints
from datapackage.scb.job import DONE, FAILED, FetchJob, SystemClock, writable_target
from datapackage.scb.kommuner import find_kommun
from datapackage.scb.progress import FetchProgress
from i18n.catalogue import translate, with_language
from model.problems import ImportRefused

#: Replaced by tests with a fake clock, so that waits and back-off take no real time.
CLOCK = SystemClock()
EXIT_MISMATCH, EXIT_UNREACHABLE = 1, 3


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "fetch-scb",
        help="build a data package for any kommun from SCB's open data (needs the internet)",
        description="Fetch DeSO/RegSO boundaries and SCB's tables (UVAS, economic assistance, "
        "eligibility, low economic standard, population, socioeconomic index and area type; every "
        "published year, older years carried onto the 2025 areas) for one kommun and write a data "
        "package. With --check: only compare the catalogue with SCB's table descriptions.",
    )
    p.add_argument("--kommun", help="four-digit kommun code, e.g. 1280 (Malmö)")
    p.add_argument("out", nargs="?",
                   help="package folder to write (replaced when it already holds a package)")
    p.add_argument("--check", action="store_true",
                   help="only check that the catalogue matches SCB's table descriptions "
                   "(exit 0 match, 1 mismatch, 3 SCB unreachable)")
    p.add_argument("--cache", default=None,
                   help="folder for SCB's raw answers (default: $KRAFTSAMLA_CACHE/scb or "
                   "~/.cache/kraftsamla/scb)")
    p.add_argument("--refresh", action="store_true",
                   help="fetch everything again instead of reusing cached answers")
    p.add_argument("--deso-key", default=None,
                   help="file or URL of SCB's DeSO 2018–2025 key (default: found on SCB's DeSO "
                   "page)")
    p.add_argument("--lang", choices=("sv", "en"), default="sv")
    p.set_defaults(run=run)


def _err(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def progress_line(event: FetchProgress, lang: str) -> str:
    """One progress line, e.g. ``Hämtar tabell 1/6: … (IntGr8RegSOKON1N) (del 3/17)``."""
    return translate(f"scb_progress_{event.code}", lang, **with_language(dict(event.params), lang))


def run(args: argparse.Namespace) -> int:
    lang = args.lang
    if args.check:
        return run_check(args)
    if not args.kommun or not args.out:
        _err(translate("scb_cli_needs_kommun_and_out", lang))
        return 2
    started = time.perf_counter()
    out = Path(args.out)
    try:
        kommun = find_kommun(args.kommun)
    except ImportRefused as refused:
        for problem in refused.problems:
            _err(problem.describe(lang))
        return 1
    if not writable_target(out):
        _err(translate("scb_not_a_package_folder", lang, path=str(out)))
        return 1
    cache = Path(args.cache).expanduser() if args.cache else default_cache_dir()
    _err(translate("scb_cli_start", lang, kommun=kommun.name, code=kommun.code, cache=str(cache)))
    job = FetchJob(kommun, out, Endpoints.from_env(), {"cache_dir": cache, "refresh": args.refresh},
                   clock=CLOCK, deso_key=args.deso_key,
                   listener=lambda event: _err(progress_line(event, lang)))
    job.run()
    state = job.snapshot()
    if state.status == FAILED:
        if state.error is not None:
            code, params = state.error
            _err(translate(code, lang, **params))
        for problem in state.problems:
            _err(problem.describe(lang))
        return 1
    assert state.status == DONE
    assert state.path is not None
    for problem in state.problems:
        _err(problem.describe(lang))
    _summary(state.path, state.calls, time.perf_counter() - started, lang)
    return 0


def _summary(path: Path, calls: int, seconds: float, lang: str) -> None:
    from datapackage.store import read_package

    package = read_package(path)
    print(translate("scb_cli_done", lang, name=package.manifest.name, path=str(path),
                    seconds=f"{seconds:.1f}", calls=calls))
    for level in package.manifest.levels:
        print(translate("scb_cli_level", lang, level=level.id, n=len(package.areas[level.id])))
    for ident, entry in package.manifest.indicators.items():
        years = package.years_for(ident, "regso") or package.years_for(ident, "deso")
        span = f"{years[0]}–{years[-1]}" if years else "—"
        statuses = ", ".join(f"{lv} {entry.at(lv).status}" for lv in package.manifest.level_ids)
        breaks = "".join(translate("scb_cli_break", lang, year=b.year) for b in entry.breaks)
        print(f"  {ident}: {span} ({statuses}){breaks}")
    if package.manifest.classifications:
        k = package.classifications
        print(translate("scb_cli_classification", lang, name=package.manifest.classifications[0]
                        .name(lang), areas=k["area_id"].nunique(),
                        years=f"{k['year'].min()}–{k['year'].max()}"))


def run_check(args: argparse.Namespace) -> int:
    lang = args.lang
    kommun = None
    if args.kommun:
        try:
            kommun = find_kommun(args.kommun).code
        except ImportRefused as refused:
            for problem in refused.problems:
                _err(problem.describe(lang))
            return 2
    endpoints = Endpoints.from_env()
    cache = Path(args.cache).expanduser() if args.cache else default_cache_dir()
    client = ScbClient(CLOCK, base_url=endpoints.pxweb, cache_dir=cache, refresh=True)
    try:
        checks = check_catalogue(client, kommun=kommun)
    except ScbUnavailable as exc:
        _err(translate("scb_unavailable", lang, host=exc.host, detail=exc.detail,
                       cache=str(exc.cache_dir or "–")))
        return EXIT_UNREACHABLE
    for check in checks:
        spec = check.spec
        print(translate(f"scb_check_{check.status}", lang, table_id=spec.table_id, url=check.url,
                        **with_language({"what_sv": spec.what_sv, "what_en": spec.what_en}, lang)))
        if check.first_year is not None:
            print(translate("scb_check_years", lang, first=check.first_year, last=check.last_year))
        if check.new_years:
            print(translate("scb_check_new_years", lang,
                            years=", ".join(map(str, check.new_years))))
        for problem in check.problems:
            print(f"    {problem.describe(lang)}")
    bad = [c.spec.table_id for c in checks if c.status != MATCH]
    print(translate("scb_check_summary_bad" if bad else "scb_check_summary_ok", lang,
                    n=len(checks), tables=", ".join(bad)))
    return EXIT_MISMATCH if bad else 0

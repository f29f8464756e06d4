"""``python -m cli fetch-scb --kommun CODE OUT``: a data package for any kommun, from SCB's open data.

Fetches DeSO/RegSO boundaries and the catalogue's tables (`datapackage.scb`), keeping SCB's rate and
cell limits, with progress on stderr. Raw answers are cached (``--cache``, else
``$KRAFTSAMLA_CACHE/scb`` or ``~/.cache/kraftsamla/scb``), so a re-run fetches only what is new.
The package is written to a temporary folder beside OUT and moved into place at the end: when SCB
cannot be reached, or the kommun code is unknown, OUT is left as it was and the exit code is 1.
A table that is missing or has changed layout is reported and the package built without it (exit 0).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from datapackage.problems import ImportRefused
from datapackage.scb.build import build_scb_package
from datapackage.scb.client import V1_BASE, ScbClient, ScbUnavailable, default_cache_dir
from datapackage.scb.kommuner import find_kommun
from datapackage.store import MANIFEST, write_package


class SystemClock:
    """The real clock: the CLI is where the date of today enters (it dates the cached answers)."""

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    def today(self) -> date:
        return date.today()


#: Replaced by tests with a fake clock, so that waits and back-off take no real time.
CLOCK = SystemClock()


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "fetch-scb",
        help="build a data package for any kommun from SCB's open data (needs the internet)",
        description="Fetch DeSO/RegSO boundaries and SCB's tables (UVAS, economic assistance, "
        "eligibility, low economic standard, population; every published year) for one kommun "
        "and write a data package.",
    )
    p.add_argument("--kommun", required=True, help="four-digit kommun code, e.g. 1280 (Malmö)")
    p.add_argument("out", help="package folder to write (replaced when it already holds a package)")
    p.add_argument("--cache", default=None,
                   help="folder for SCB's raw answers (default: $KRAFTSAMLA_CACHE/scb or "
                   "~/.cache/kraftsamla/scb)")
    p.add_argument("--refresh", action="store_true",
                   help="fetch everything again instead of reusing cached answers")
    p.add_argument("--lang", choices=("sv", "en"), default="sv")
    p.set_defaults(run=run)


def _say(lang: str, sv: str, en: str) -> str:
    return en if lang == "en" else sv


def run(args: argparse.Namespace) -> int:
    lang = args.lang
    started = time.perf_counter()
    out = Path(args.out)
    try:
        kommun = find_kommun(args.kommun)
    except ImportRefused as refused:
        for problem in refused.problems:
            print(problem.describe(lang), file=sys.stderr)
        return 1
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MANIFEST).is_file())):
        print(f"{out}: " + _say(lang, "finns redan och är inget datapaket; välj en ny eller tom "
                                "mapp.", "already exists and is not a data package; choose a new "
                                "or empty folder."), file=sys.stderr)
        return 1
    cache = Path(args.cache).expanduser() if args.cache else default_cache_dir()
    client = ScbClient(CLOCK, base_url=V1_BASE, cache_dir=cache, refresh=args.refresh,
                       progress=lambda line: print(line, file=sys.stderr, flush=True))
    print(_say(lang, f"Hämtar SCB:s öppna data för {kommun.name} ({kommun.code}); cache: {cache}",
               f"Fetching SCB's open data for {kommun.name} ({kommun.code}); cache: {cache}"),
          file=sys.stderr)
    try:
        build = build_scb_package(kommun.code, client)
    except ScbUnavailable as exc:
        print(exc.message(lang), file=sys.stderr)
        return 1
    except ImportRefused as refused:
        for problem in refused.problems:
            print(problem.describe(lang), file=sys.stderr)
        return 1
    try:
        path = _write_atomically(build.package, out)
    except OSError as exc:
        print(f"{out}: " + _say(lang, "Kan inte skriva paketet", "Cannot write the package")
              + f": {exc}", file=sys.stderr)
        return 1
    for problem in build.problems:
        print(problem.describe(lang), file=sys.stderr)
    package = build.package
    elapsed = time.perf_counter() - started
    print(f"{package.manifest.name} → {path} ({elapsed:.1f} s, "
          + _say(lang, f"{client.calls} anrop till SCB", f"{client.calls} calls to SCB") + ")")
    for level in package.manifest.levels:
        print(f"  {level.id}: {len(package.areas[level.id])} " + _say(lang, "områden", "areas"))
    for ident, entry in package.manifest.indicators.items():
        years = package.years_for(ident, "regso") or package.years_for(ident, "deso")
        span = f"{years[0]}–{years[-1]}" if years else "—"
        statuses = ", ".join(f"{lv} {entry.at(lv).status}" for lv in package.manifest.level_ids)
        print(f"  {ident}: {span} ({statuses})")
    return 0


def _write_atomically(package, out: Path) -> Path:
    """Write into a temporary folder beside ``out``, then swap it into place."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    try:
        write_package(package, tmp)
        if out.exists():
            os.replace(out, old)
        os.replace(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
    return out

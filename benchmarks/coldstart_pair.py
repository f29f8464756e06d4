"""Cold start and server memory of this checkout beside another commit, alternating, in one run.

    .venv/bin/python -m benchmarks.coldstart_pair [--ref main] [--rounds 2]

On a shared machine the absolute cold start moves with the load (the same code measured 14 s and 38 s
an hour apart), so a before/after figure is only honest when both are measured in the same run. The
other commit is exported with ``git archive`` into a temporary folder (the repository and its work
tree are only read), and both serve the same Malmö package (built from ../shared/data/real). Each
round runs `benchmarks.run.cold_start_and_memory` on the reference, then on this checkout. Prints
JSON: per round and per side, the cold start (process start -> first coloured map in chromium), the
warm second load and the server's peak RSS after Översikt, Områdesval and Uppföljning, with the load
average; then the medians and the ratios reference / this checkout.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def export(ref: str, folder: Path) -> Path:
    """The tree of ``ref`` under ``folder`` (read from git; nothing in the work tree changes)."""
    archive = folder / "ref.tar"
    subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", "-o", str(archive), ref],
                   check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(folder / "tree", filter="data")
    return folder / "tree"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ref", default="main")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    import tests.browser.conftest as browser
    from benchmarks import run

    original = browser.start_server
    out: dict = {"ref": args.ref, "this": subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
        check=True).stdout.strip(), "rounds": []}
    with tempfile.TemporaryDirectory() as tmp:
        other = export(args.ref, Path(tmp))
        package = run.malmo_deso(Path(tmp))
        if package is None:
            print("no real data beside the repository", file=sys.stderr)
            return 1
        for _ in range(args.rounds):
            row = {}
            for side, root in (("ref", other), ("this", ROOT)):
                browser.start_server = functools.partial(original, app=root / "app.py")
                load = os.getloadavg()[0]
                cold, memory = run.cold_start_and_memory(package, side, "?level=regso&year=2023")
                row[side] = {"cold_start_s": cold["cold_start_s"],
                             "warm_second_load_s": cold["warm_second_load_s"],
                             "peak_rss_mb": memory["peak_rss_mb"],
                             "bare_imports_peak_rss_mb": memory["bare_imports_peak_rss_mb"],
                             "load_average_1min_before": round(load, 2)}
            out["rounds"].append(row)
        browser.start_server = original

    def median(side: str, key: str) -> float:
        return round(statistics.median(r[side][key] for r in out["rounds"]), 3)

    keys = ("cold_start_s", "warm_second_load_s", "peak_rss_mb")
    out["median"] = {side: {k: median(side, k) for k in keys} for side in ("ref", "this")}
    out["ratio_ref_over_this"] = {k: round(out["median"]["ref"][k] / out["median"]["this"][k], 2)
                                  for k in keys}
    print(json.dumps(out, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())

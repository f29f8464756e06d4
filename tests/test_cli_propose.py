"""``python -m cli propose``: ranking.csv and proposals.geojson, clear errors for unknown names."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from datapackage.catalog import DEMO_PACKAGE

ROOT = Path(__file__).resolve().parents[1]
WEIGHTS = "behorighet_yrkesprogram=1,trangboddhet=1,ekonomiskt_bistand=1,lag_inkomststandard=1"


def propose(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cli", "propose", str(DEMO_PACKAGE), *args],
                          cwd=ROOT, capture_output=True, text=True)


def test_writes_ranking_and_proposals(tmp_path):
    out = propose("--level", "smaomrade", "--year", "2025", "--weights", WEIGHTS,
                  "--rule", "top-n:15", "--out", str(tmp_path))
    assert out.returncode == 0, out.stderr
    ranking = pd.read_csv(tmp_path / "ranking.csv")
    assert list(ranking.columns[:5]) == ["area_id", "score", "rank", "decile", "n_indicators"]
    assert {f"contribution_{i}" for i in WEIGHTS.replace("=1", "").split(",")} <= set(ranking)
    assert len(ranking) == 200
    assert ranking["rank"].is_monotonic_increasing
    contributions = ranking.filter(like="contribution_").sum(axis=1)
    assert (contributions - ranking["score"]).abs().max() < 1e-3
    features = json.loads((tmp_path / "proposals.geojson").read_text())["features"]
    members = sorted(m for f in features for m in f["properties"]["members"])
    assert members == sorted(ranking.nsmallest(15, "rank")["area_id"])  # no ties in the demo


@pytest.mark.parametrize(("args", "expected"), [
    (["--weights", "uvass=1"], "behorighet_yrkesprogram"),
    (["--weights", WEIGHTS, "--normalise", "minmax"], "percentile_rank"),
    (["--weights", WEIGHTS, "--aggregate", "median"], "geometric"),
    (["--weights", WEIGHTS, "--rule", "best:3"], "top-decile"),
    (["--weights", "trangboddhet=0"], "zero"),
])
def test_unknown_names_are_refused_with_the_valid_ones(tmp_path, args, expected):
    out = propose("--level", "smaomrade", "--year", "2025", "--out", str(tmp_path), *args)
    assert out.returncode == 1
    assert expected in out.stderr
    assert "Traceback" not in out.stderr

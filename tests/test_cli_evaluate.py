"""``python -m cli evaluate``: effects.csv and summary.json for the demo's planted example, clear
messages (Swedish by default) and exit 1 for unknown ids and too little data."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from cli.__main__ import main
from datapackage.catalog import DEMO_PACKAGE
from datapackage.store import read_package

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = read_package(DEMO_PACKAGE).manifest.example_insatser[0]
AREAS = ",".join(EXAMPLE.area_ids)


def evaluate(*args: str) -> subprocess.CompletedProcess:
    """The command as a person runs it (a new process)."""
    return subprocess.run([sys.executable, "-m", "cli", "evaluate", str(DEMO_PACKAGE), *args],
                          cwd=ROOT, capture_output=True, text=True)


def evaluate_here(capsys, *args: str) -> subprocess.CompletedProcess:
    """The same command in this process (quicker for the many refusals)."""
    code = main(["evaluate", str(DEMO_PACKAGE), *args])
    captured = capsys.readouterr()
    return subprocess.CompletedProcess(args, code, captured.out, captured.err)


@pytest.mark.parametrize("method", ["synthetic", "did"])
def test_writes_effects_and_summary_for_the_planted_example(tmp_path: Path, method: str,
                                                            capsys) -> None:
    args = ("--level", "smaomrade", "--areas", AREAS, "--start", "2021", "--indicator", "uvas",
            "--method", method, "--out", str(tmp_path))
    out = evaluate(*args) if method == "synthetic" else evaluate_here(capsys, *args)
    assert out.returncode == 0, out.stderr
    assert "tydlig minskning" in out.stdout
    effects = pd.read_csv(tmp_path / "effects.csv")
    assert list(effects.columns) == ["year", "effect", "ci_low", "ci_high"]
    assert list(effects["year"]) == [2021, 2022, 2023, 2024, 2025]
    assert (effects["ci_low"] <= effects["effect"]).all()
    assert (effects["effect"] <= effects["ci_high"]).all()
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert list(summary)[:10] == ["method", "effect", "ci_low", "ci_high", "p_value", "n_treated",
                                  "n_comparison", "pre_years", "post_years", "comparison"]
    assert summary["method"] == method
    assert summary["ci_low"] <= -2.0 <= summary["ci_high"] < 0
    assert summary["n_treated"] == 8
    assert (summary["pre_years"], summary["post_years"]) == (6, 5)
    assert 0 < summary["p_value"] <= 1
    weights = summary["comparison"]
    assert set(weights[0]) == {"area_id", "weight"}
    assert sum(w["weight"] for w in weights) == pytest.approx(1.0)
    assert not {w["area_id"] for w in weights} & set(EXAMPLE.area_ids)
    assert summary["status"] == "clear_decrease"
    assert len(weights) == summary["n_comparison"] or method == "synthetic"


@pytest.mark.parametrize(("args", "message"), [
    (["--areas", "K0007,X9,Y8"], "Dessa områden finns inte på nivån: X9, Y8."),
    (["--start", "2016"], "För få år med data före start 2016: 1 år, minst 3 behövs"),
    (["--start", "2031"], "data finns bara till och med 2025"),
    (["--level", "stadsomrade", "--areas", "SO1"],
     "För få jämförelseområden med värden alla år: 4, minst 10 behövs."),
    (["--level", "deso"], "Nivån deso finns inte i datapaketet. Nivåer: smaomrade, stadsdel"),
    (["--indicator", "nope"], "Okänd indikator nope."),
    (["--areas", " , "], "Ange minst ett område med --areas."),
])
def test_refuses_with_a_clear_message_and_exit_1(tmp_path: Path, args: list[str], message: str,
                                                 capsys) -> None:
    base = {"--level": "smaomrade", "--areas": AREAS, "--start": "2021", "--indicator": "uvas"}
    for flag, value in zip(args[::2], args[1::2], strict=True):
        base[flag] = value
    out = evaluate_here(capsys, *[x for pair in base.items() for x in pair], "--out",
                        str(tmp_path / "out"))
    assert out.returncode == 1
    assert message in out.stderr
    assert out.stderr.startswith("error: ")
    assert not (tmp_path / "out").exists()


def test_messages_in_english(tmp_path: Path, capsys) -> None:
    out = evaluate_here(capsys, "--level", "smaomrade", "--areas", "K0007,X9", "--start", "2021",
                        "--lang", "en", "--out", str(tmp_path))
    assert out.returncode == 1
    assert "These areas are not at the level: X9." in out.stderr


def test_a_broken_package_is_refused(tmp_path: Path, capsys) -> None:
    code = main(["evaluate", str(tmp_path), "--level", "x", "--areas", "a", "--start", "2020",
                 "--out", str(tmp_path / "o")])
    assert code == 1
    assert "Datapaketet kunde inte öppnas" in capsys.readouterr().err

"""The report pack: a PDF per saved scenario, regenerated from what is stored."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from datapackage.catalog import DEMO_PACKAGE
from datapackage.store import read_package
from i18n.catalogue import translate
from indicators.scenario import Scenario, equal_weights
from indicators.targets import CheckpointTarget, Target
from model.registry import REGISTRY
from persistence import IndicatorTargets, TargetCheckpoint, open_store
from reports.pack import PackInputs, report_pack

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = Scenario("smaomrade", 2025, equal_weights(REGISTRY.index_ids), rule="top-n:12",
                    name="Styrgruppen mars")


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture(scope="module")
def demo():
    return read_package(DEMO_PACKAGE)


def test_the_pack_holds_map_choices_proposals_ranking_and_follow_up(demo):
    targets = {"uvas": Target("uvas", 2020, 14.0, ((2030, CheckpointTarget("close_gap", 25.0)),))}
    pdf = report_pack(PackInputs(demo, SCENARIO, targets, "Skapad 2026-11-24"))
    text = pages_text(pdf)
    assert len(text) == 4
    assert "Styrgruppen mars" in text[0]
    assert "Källa: fiktiva demodata" in text[0]
    assert "Trångboddhet 25 %" in text[1]  # the weights in words
    assert "De 12 områden med störst behov" in text[1]
    assert "P1" in text[1]
    assert "Rangordning" in text[2]
    assert "Uppföljning mot målen 2030" in text[3]
    assert "UVAS" in text[3]


def test_without_targets_and_in_english(demo):
    text = pages_text(report_pack(PackInputs(demo, SCENARIO, {}, "Made 2026-11-24", "en")))
    assert "Proposed areas" in text[1]
    assert len(text) == 3  # no page that only says there are no targets
    assert "No targets are set; the follow-up page is left out." in text[1]
    assert all("Page " + str(n) in page for n, page in enumerate(text, start=1))


def test_only_the_map_page_says_when_the_map_was_made(demo):
    date_text = translate("report_date", "sv", date="2026-11-24")
    text = pages_text(report_pack(PackInputs(demo, SCENARIO, {}, date_text)))
    assert all("Skapad 2026-11-24" in page for page in text)
    assert not any("Kartan skapad" in page for page in text[1:])


def test_cli_regenerates_the_pack_of_a_saved_scenario(tmp_path):
    store = open_store()
    store.save_scenario("demo", SCENARIO)
    store.save_targets(IndicatorTargets("demo", "trangboddhet", 2020, 33.0, 2021,
                                        (TargetCheckpoint(2030, "relative", -10.0),)))
    out = tmp_path / "pack.pdf"
    run = subprocess.run([sys.executable, "-m", "cli", "report-pack", str(DEMO_PACKAGE),
                          "--scenario", "Styrgruppen mars", "--out", str(out)],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    text = pages_text(out.read_bytes())
    assert "Trångboddhet" in text[3]
    missing = subprocess.run([sys.executable, "-m", "cli", "report-pack", str(DEMO_PACKAGE),
                              "--scenario", "Finns inte", "--out", str(out)],
                             cwd=ROOT, capture_output=True, text=True)
    assert missing.returncode == 1
    assert "Styrgruppen mars" in missing.stderr  # the saved ones are listed


def test_the_pack_carries_young_peoples_participation(demo):
    from datapackage.demo_insatser import demo_insatser
    from persistence import Insats

    ids = list(demo.areas_at("smaomrade")["area_id"])
    insatser = [Insats.from_dict({**d, "package_key": "demo"}) for d in demo_insatser(demo.manifest, ids)]
    pdf = report_pack(PackInputs(demo, SCENARIO, {}, "Skapad 2026-12-03", insatser=insatser))
    text = pages_text(pdf)
    assert len(text) == 4  # map, choices, ranking, participation (no targets: no follow-up page)
    assert "Ungas delaktighet" in text[3]
    assert "Hela kraftsamlingen" in text[3]
    assert "50 %" in text[3]  # 2 of the 4 example insatser let young people take part in the design
    assert "färre än 5" in text[3]
    [fritid] = [line for line in text[3].splitlines() if line.startswith("fritidsnämnden")]
    assert fritid.endswith("färre än 5")  # the group of 3 is never a count
    english = pages_text(report_pack(PackInputs(demo, SCENARIO, {}, "Made", "en", insatser=insatser)))
    assert "The whole effort" in english[3]

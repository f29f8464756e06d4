"""The meeting's slides and handout: the five steps in order, UVAS first, definitions where they differ,
Swedish plurals, people's text as typed; the handout has one A4 landscape page per step with date,
package, scenario and source; ``python -m cli meeting-pack`` makes it from what is stored."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from datapackage.catalog import DEMO_PACKAGE
from datapackage.store import read_package
from indicators.scenario import Scenario, equal_weights
from model.registry import REGISTRY
from persistence import IndicatorTargets, Insats, MeetingNote, TargetCheckpoint, open_store
from reports.meeting.handout import HandoutInfo, handout_pdf
from reports.meeting.slides import MeetingInputs, counted, slides
from services.scenario import evaluate_scenario

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = Scenario("smaomrade", 2025, equal_weights(REGISTRY.index_ids), rule="top-n:12",
                    name="Styrgruppen mars")
TARGETS = {
    ("proposal", "trangboddhet"): IndicatorTargets("demo", "trangboddhet", 2020, 33.0, 2024,
                                                   (TargetCheckpoint(2030, "relative", -10.0),)),
    ("proposal", "uvas"): IndicatorTargets("demo", "uvas", 2020, 14.0, 2024,
                                           (TargetCheckpoint(2030, "relative", -10.0),
                                            TargetCheckpoint(2035, "relative", -20.0)),
                                           responsible_board="grundskolenämnden"),
}
INSATSER = [Insats("demo", "Läxhjälp", "grundskolenämnden", "smaomrade", ("a",), 2024, 1e6),
            Insats("demo", "Kvällsöppet", "fritidsnämnden", "smaomrade", ("a",), 2024, 5e5),
            Insats("demo", "Sommarjobb", "fritidsnämnden", "smaomrade", ("a",), 2028, None)]
NOTES = [MeetingNote("demo", 2, "decision", "Godkänt **utan** ändring", date(2026, 11, 5), "Anna, Bo"),
         MeetingNote("demo", 4, "question", "Ska budgeten höjas?", date(2026, 11, 5))]


@pytest.fixture(scope="module")
def demo():
    return read_package(DEMO_PACKAGE)


@pytest.fixture(scope="module")
def shown(demo):
    result = evaluate_scenario(demo, SCENARIO)
    probability = result.index["selected"].astype(float)  # stands in for the Monte Carlo
    return slides(MeetingInputs(demo, result, "Styrgruppen mars", TARGETS, INSATSER, NOTES,
                                probability, 1_000, None, 2026, "2026-12-03"))


def test_five_steps_in_the_order_a_steering_group_asks(shown):
    assert [s.title for s in shown] == ["UVAS mot målen 2030 och 2035", "Var förslaget ligger och varför",
                                        "Mål och status per indikator", "Insatser per nämnd", "Beslut"]
    uvas = shown[0]
    assert [c.label for c in uvas.cards] == ["Hela staden", "Hela staden, mätt som områdena (Småområde)",
                                            "Föreslagna områden"]
    assert [p.text.split(":")[0] for p in uvas.cards[2].pills] == ["2030", "2035"]
    assert uvas.image is not None  # the path chart


def test_targets_uvas_first_with_headed_columns_and_definitions(shown):
    table = shown[2].tables[0]
    assert table.headers[:5] == ("Indikator", "Gäller", "Senaste värde", "Mål 2030", "Status 2030")
    assert [row[0].text for row in table.rows] == ["UVAS", "Trångboddhet"]
    assert table.rows[0][-1].text == "grundskolenämnden"
    assert table.rows[0][4].colour  # a status pill
    assert table.rows[1][5].text == "–"  # no 2035 target: no status claimed
    assert any(n.startswith("UVAS (de föreslagna områdena)") for n in shown[2].notes)


def test_insatser_per_board_with_plurals_and_money(shown):
    rows = {row[0].text: [c.text for c in row[1:]] for row in shown[3].tables[0].rows}
    assert rows["grundskolenämnden"] == ["1 insats", "1 pågår", "1\xa0000\xa0000 kr"]
    assert rows["fritidsnämnden"] == ["2 insatser", "1 pågår, 1 planerad", "500\xa0000 kr (1 utan budget)"]
    assert [c.value for c in shown[3].cards] == ["3", "1,5 mnkr"]
    assert counted(1, "meeting_insatser", "en") == "1 effort"


def test_decisions_and_questions_as_typed(shown):
    questions, decisions = shown[4].tables
    assert [c.text for c in questions.rows[0]] == ["Insatser per nämnd", "Ska budgeten höjas?",
                                                   "2026-11-05"]
    assert [c.text for c in decisions.rows[0]] == ["2026-11-05", "Var förslaget ligger och varför",
                                                   "Godkänt **utan** ändring", "Anna, Bo"]


def test_the_handout_has_a_page_per_step_with_date_package_scenario_and_source(shown):
    pdf = handout_pdf(shown, HandoutInfo("Demodata – fiktiv stad", "Styrgruppen mars", "2026-12-03",
                                         "Källa: fiktiva demodata"))
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 5
    for n, page in enumerate(reader.pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert width > height  # landscape
        text = page.extract_text()
        for part in ("2026-12-03", "Demodata – fiktiv stad", "Styrgruppen mars",
                     "Källa: fiktiva demodata", f"Steg {n} av 5"):
            assert part in text, (n, part)
    assert "Godkänt **utan** ändring" in reader.pages[4].extract_text()


def test_cli_meeting_pack_from_what_is_stored(tmp_path):
    store = open_store()
    store.save_scenario("demo", SCENARIO)
    for record in TARGETS.values():
        store.save_targets(record)
    store.save_meeting_note(NOTES[0], user="Anna")
    out = tmp_path / "mote.pdf"
    run = subprocess.run([sys.executable, "-m", "cli", "meeting-pack", str(DEMO_PACKAGE),
                          "--scenario", "Styrgruppen mars", "--date", "2026-12-03", "--out", str(out)],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    pages = [p.extract_text() for p in PdfReader(out).pages]
    assert len(pages) == 5
    assert "Styrgruppen mars" in pages[0]
    assert "Trångboddhet" in pages[2]
    assert "Godkänt **utan** ändring" in pages[4]
    missing = subprocess.run([sys.executable, "-m", "cli", "meeting-pack", str(DEMO_PACKAGE),
                              "--scenario", "Finns inte", "--out", str(out)],
                             cwd=ROOT, capture_output=True, text=True)
    assert missing.returncode == 1
    assert "Styrgruppen mars" in missing.stderr

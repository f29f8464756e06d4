"""Young people's survey answers per area (`datapackage.surveys`, `ui.surveys`): import with
suppression of small groups, refusals by file, row and column, the round trip into a package, and an
upload on the Data page."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from datapackage.store import read_package, write_package
from datapackage.survey_indicators import SurveyTexts, with_survey
from datapackage.surveys import (
    question_indicator_id,
    read_survey_table,
)
from indicators.progress import wilson_interval
from model import columns as c
from model.registry import Direction, Role
from ui.surveys import survey_problem, survey_texts

AREAS = ["K0001", "K0002", "K0003", "K0004"]
SURVEY = (
    "område;år;fråga;frågetext;andel;svarande\n"
    "K0001;2024;trygg;Känner sig trygg i sitt område;72,5;40\n"
    "K0002;2024;trygg;Känner sig trygg i sitt område;50;3\n"
    "K0003;2024;trygg;Känner sig trygg i sitt område;..;12\n"
    "K0004;2024;trygg;Känner sig trygg i sitt område;60;0\n"
    "K0001;2024;fritid;Har en meningsfull fritid;40,0;25\n"
    "K0002;2024;fritid;Har en meningsfull fritid;80;5\n"
)
TEXTS = SurveyTexts("Fråga {label} ({question}), minst {min}", "Question {label} ({question})",
                    "Fil {file}, källa {source}", "File {file}, source {source}")


def read(text: str, filename: str = "enkat.csv", encoding: str = "cp1252", **kwargs):
    kwargs.setdefault("area_ids", AREAS)
    kwargs.setdefault("level", "smaomrade")
    return read_survey_table(text.encode(encoding), filename, **kwargs)


def codes(survey) -> list[tuple[str, int | None, str | None]]:
    return [(i.code, i.row, i.column) for i in survey.issues if i.is_error]


# ---------------------------------------------------------------------------------------------------
# Reading and suppression
# ---------------------------------------------------------------------------------------------------


def test_swedish_csv_with_suppression_of_small_groups():
    survey = read(SURVEY)
    assert survey.ok
    table = survey.table
    assert list(table.index) == [2, 3, 4, 5, 6, 7]  # spreadsheet rows, header = row 1
    safe = table[table[c.INDICATOR] == "enkat_trygg"].set_index(c.AREA_ID)
    assert safe.loc["K0001", c.VALUE] == 72.5
    assert safe.loc["K0001", c.DENOMINATOR] == 40
    assert safe.loc["K0001", c.NUMERATOR] == pytest.approx(29.0)  # 72.5 % of 40
    # 3 respondents, SCB's ".." and 0 respondents: no value and no counts, only the flag
    for area in ("K0002", "K0003", "K0004"):
        assert safe.loc[area, c.SUPPRESSED]
        assert safe.loc[area, [c.VALUE, c.NUMERATOR, c.DENOMINATOR]].isna().all()
    leisure = table[table[c.INDICATOR] == "enkat_fritid"].set_index(c.AREA_ID)
    assert not leisure.loc["K0002", c.SUPPRESSED]  # exactly 5 respondents is enough
    assert (table[c.LEVEL] == "smaomrade").all()
    assert [(q.indicator_id, q.label, q.rows, q.suppressed) for q in survey.questions] == [
        ("enkat_trygg", "Känner sig trygg i sitt område", 4, 3),
        ("enkat_fritid", "Har en meningsfull fritid", 2, 0)]
    notes = [(i.code, dict(i.params)) for i in survey.issues if not i.is_error]
    assert ("suppressed", {"count": 3, "question": "trygg", "min": 5}) in notes
    assert any("cp1252" in p.message_en for p in survey.read_problems)  # read as Swedish Excel
    assert survey.years == (2024,)


def test_the_minimum_is_configurable():
    survey = read(SURVEY, min_respondents=30)
    suppressed = survey.table.set_index([c.INDICATOR, c.AREA_ID])[c.SUPPRESSED]
    assert suppressed[("enkat_trygg", "K0001")] == np.False_  # 40 respondents
    assert suppressed[("enkat_fritid", "K0001")] == np.True_  # 25 respondents
    with pytest.raises(ValueError, match="min_respondents"):
        read(SURVEY, min_respondents=0)


def test_yes_counts_give_the_share_and_a_wilson_interval():
    survey = read("area_id,year,question,yes,respondents,direction\n"
                  "K0001,2023,safe,30,40,higher is better\n"
                  "K0002,2023,safe,1,20,högre är bättre\n", encoding="utf-8")
    assert survey.ok
    rows = survey.table.set_index(c.AREA_ID)
    assert rows.loc["K0001", c.VALUE] == 75.0
    assert rows.loc["K0002", c.NUMERATOR] == 1  # a count of 1 among 20 respondents is a share
    low, high = wilson_interval(rows[c.NUMERATOR].to_numpy(), rows[c.DENOMINATOR].to_numpy())
    assert np.all(low < rows[c.VALUE].to_numpy())
    assert np.all(rows[c.VALUE].to_numpy() < high)
    assert high[1] - low[1] > 10  # 20 respondents: a wide interval
    assert survey.questions[0].direction is Direction.HIGHER_IS_BETTER


def test_xlsx_is_read_by_the_same_cell_reader():
    frame = pd.DataFrame({"Områdeskod": AREAS[:2], "År": [2024, 2024], "Fråga": ["trygg"] * 2,
                          "Andel (%)": [72.5, 10.0], "Antal svarande": [40, 4]})
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    survey = read_survey_table(buffer.getvalue(), "enkat.xlsx", area_ids=AREAS, level="smaomrade")
    assert survey.ok
    assert survey.table[c.VALUE].tolist()[0] == 72.5
    assert survey.table[c.SUPPRESSED].tolist() == [False, True]


@pytest.mark.parametrize(("text", "expected"), [
    # no respondents column: named, with what was found
    ("område;år;fråga;andel\nK0001;2024;trygg;50\n", [("missing_column", 1, None)]),
    # neither share nor yes-count
    ("område;år;fråga;svarande\nK0001;2024;trygg;50\n", [("missing_share_column", 1, None)]),
    ("område;år;fråga;antal_ja;svarande\nK0001;2024;trygg;-3;40\n",
     [("negative", 2, "antal_ja")]),
    ("område;år;fråga;andel;svarande\nK0001;2024;trygg;50;-40\n", [("negative", 2, "svarande")]),
    ("område;år;fråga;andel;svarande\nK0001;2024;trygg;101;40\n",
     [("share_out_of_range", 2, "andel")]),
    ("område;år;fråga;andel;svarande\nK0001;2024;trygg;-1;40\n",
     [("share_out_of_range", 2, "andel")]),
    ("område;år;fråga;andel;svarande\nK0001;2024;trygg;mycket;40\n",
     [("not_a_number", 2, "andel")]),
    ("område;år;fråga;andel;svarande\nK0001;2024;trygg;50;12,5\n", [("not_whole", 2, "svarande")]),
    ("område;år;fråga;andel;svarande\nK0001;2024;trygg;50;\n",
     [("missing_respondents", 2, "svarande")]),
    ("område;år;fråga;antal_ja;svarande\nK0001;2024;trygg;41;40\n",
     [("yes_exceeds_respondents", 2, "antal_ja")]),
    ("område;år;fråga;andel;svarande\nK0001;2024;trygg;;40\n", [("missing_value", 2, "andel")]),
    ("område;år;fråga;andel;svarande\n;2024;trygg;50;40\n", [("missing_area_id", 2, "område")]),
    ("område;år;fråga;andel;svarande\nK0001;20x4;trygg;50;40\n", [("bad_year", 2, "år")]),
    ("område;år;fråga;andel;svarande\nK0001;2024;;50;40\n", [("missing_question", 2, "fråga")]),
    ("område;år;fråga;andel;svarande\nK0001;2024;trygg;50;40\nK0001;2024;trygg;51;40\n",
     [("duplicate", 3, "fråga")]),
    ("område;år;fråga;andel;svarande;riktning\nK0001;2024;trygg;50;40;uppåt\n",
     [("bad_direction", 2, "riktning")]),
    ("område;år;fråga;andel;svarande\nK0001;2024;Trygg!;50;40\nK0002;2024;trygg;50;40\n",
     [("question_clash", 3, "fråga")]),
    ("område;år;fråga;andel;svarande\nX99;2024;trygg;50;40\nK0001;2024;trygg;50;40\n"
     "Y42;2024;trygg;50;40\nX99;2024;fritid;50;40\n",
     [("unknown_area", 2, "område"), ("unknown_area", 4, "område")]),
])
def test_refusals_name_the_row_and_column(text, expected):
    survey = read(text)
    assert not survey.ok
    assert codes(survey) == expected


def test_unknown_area_ids_are_each_named():
    survey = read("område;år;fråga;andel;svarande\nX99;2024;trygg;50;40\nY42;2024;trygg;50;40\n")
    named = [dict(i.params) for i in survey.issues if i.code == "unknown_area"]
    assert named == [{"area_id": "X99", "level": "smaomrade"},
                     {"area_id": "Y42", "level": "smaomrade"}]


def test_missing_respondents_column_is_named_in_words():
    survey = read("område;år;fråga;andel\nK0001;2024;trygg;50\n")
    problem = survey_problem(survey.filename, survey.issues[0])
    assert problem.describe("sv") == (
        "enkat.csv, rad 1: Kolumnen för antal svarande saknas (förväntade en av: respondents, "
        "svarande, antal_svarande). Kolumner i filen: område, år, fråga, andel.")
    assert "The column for number of respondents is missing" in problem.describe("en")
    negative = read("område;år;fråga;antal_ja;svarande\nK0001;2024;trygg;-3;40\n")
    assert survey_problem("enkat.csv", negative.issues[0]).describe("sv") == (
        "enkat.csv, rad 2, kolumn 'antal_ja': Antalet -3 är negativt.")


def test_many_problems_of_one_kind_are_capped():
    rows = "".join(f"X{i};2024;trygg;50;40\n" for i in range(30))
    survey = read("område;år;fråga;andel;svarande\n" + rows)
    unknown = [i for i in survey.issues if i.code == "unknown_area"]
    assert len(unknown) == 20
    assert survey.issues[-1].code == "more"
    assert survey.issues[-1].params == {"count": 10}


@pytest.mark.parametrize(("filename", "data", "code"), [
    ("enkat.pdf", b"%PDF", "file_type"),
    ("enkat.csv", b"", "empty"),
    ("enkat.csv", "område;år;fråga;andel;svarande\n".encode(), "no_rows"),
])
def test_unreadable_files(filename, data, code):
    survey = read_survey_table(data, filename, area_ids=AREAS)
    assert not survey.ok
    assert survey.issues[0].code == code


def test_question_ids_become_indicator_ids():
    assert question_indicator_id("Trygg i området?") == "enkat_trygg_i_omradet"
    assert question_indicator_id("Q12") == "enkat_q12"
    assert question_indicator_id("!!!") is None


# ---------------------------------------------------------------------------------------------------
# Into a package and back
# ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo():
    from datapackage.catalog import DEMO_PACKAGE

    return read_package(DEMO_PACKAGE)


def test_round_trip_into_a_package(demo, tmp_path):
    survey = read(SURVEY)
    merged = with_survey(demo, survey, level="smaomrade", role=Role.INDEX,
                         directions={"enkat_trygg": Direction.HIGHER_IS_BETTER,
                                     "enkat_fritid": Direction.HIGHER_IS_BETTER},
                         source="Skolenkäten 2024", texts=TEXTS)
    back = read_package(write_package(merged, tmp_path / "pkg"))
    assert back.manifest == merged.manifest
    safe = back.registry.get("enkat_trygg")
    assert safe.name_sv == "Känner sig trygg i sitt område"
    assert safe.role is Role.INDEX
    assert safe.definition_sv == "Fråga Känner sig trygg i sitt område (trygg), minst 5"
    assert "enkat_trygg" in back.registry.index_ids
    entry = back.manifest.entry("enkat_trygg")
    assert entry.source == "Skolenkäten 2024"
    assert entry.at("smaomrade").note_sv == "Fil enkat.csv, källa Skolenkäten 2024"
    frame = back.indicator_frame("smaomrade", 2024, "enkat_trygg")
    assert frame.loc["K0001", c.VALUE] == 72.5
    assert frame.loc["K0001", c.DENOMINATOR] == 40
    assert frame.loc["K0002", c.SUPPRESSED]
    assert frame.loc[["K0002", "K0003", "K0004"], [c.VALUE, c.NUMERATOR, c.DENOMINATOR]].isna().all(
        axis=None)
    assert frame.loc["K0005", c.VALUE] != frame.loc["K0005", c.VALUE]  # not in the file: missing
    assert 2024 in back.manifest.years
    # the package it came from is untouched
    assert "enkat_trygg" not in demo.registry
    # the default weights leave the survey out until an analyst weighs it in
    from indicators.scenario import equal_weights
    assert dict(equal_weights(back.registry.index_ids))["enkat_trygg"] == 0


def test_a_direction_is_needed_and_a_refused_survey_adds_nothing(demo):
    survey = read(SURVEY)
    with pytest.raises(ValueError, match="needs a direction"):
        with_survey(demo, survey, level="smaomrade", role=Role.DESCRIPTIVE, directions={},
                    source="x", texts=TEXTS)
    refused = read("område;år;fråga;andel\nK0001;2024;trygg;50\n")
    with pytest.raises(ValueError, match="refused"):
        with_survey(demo, refused, level="smaomrade", role=Role.DESCRIPTIVE, directions={},
                    source="x", texts=TEXTS)


def test_catalogue_texts_fill_every_placeholder():
    texts = survey_texts()
    words = {"question": "q", "label": "l", "min": 5, "file": "f.csv", "source": "s"}
    for template in (texts.definition_sv, texts.definition_en, texts.note_sv, texts.note_en):
        assert "{" not in template.format(**words)


# ---------------------------------------------------------------------------------------------------
# The Data page
# ---------------------------------------------------------------------------------------------------


@pytest.fixture
def data_page(app_test_navigation, monkeypatch) -> AppTest:
    monkeypatch.delenv("KRAFTSAMLA_DATA", raising=False)
    at = AppTest.from_file("../app.py", default_timeout=60).run()
    at.switch_page("pages/data.py").run()
    assert not at.exception
    return at


def test_upload_a_survey_on_the_data_page(data_page):
    at = data_page
    assert at.button(key="data_survey_check").disabled  # nothing chosen yet
    at.file_uploader(key="data_survey_file").set_value(
        ("enkat.csv", SURVEY.encode("cp1252"), "text/csv")).run()
    at.selectbox(key="data_survey_level").set_value("smaomrade").run()
    at.button(key="data_survey_check").click().run()
    assert not at.exception
    assert any("Enkätfilen kan användas: 2 frågor" in s.value for s in at.success)
    assert any("färre än 5 svarande" in w.value for w in at.warning)
    assert at.button(key="data_survey_use").disabled  # the file gives no direction: asked
    at.radio(key="data_survey_direction_enkat_trygg").set_value("higher_is_better").run()
    at.radio(key="data_survey_direction_enkat_fritid").set_value("higher_is_better").run()
    at.radio(key="data_survey_role").set_value("follow_up").run()
    at.text_input(key="data_survey_source").set_value("Skolenkäten 2024").run()
    at.button(key="data_survey_use").click().run()
    assert not at.exception
    assert at.session_state["package"] == "upload"
    package = at.session_state["uploaded_package"]
    assert package.registry.get("enkat_trygg").role is Role.FOLLOW_UP
    assert package.manifest.entry("enkat_trygg").source == "Skolenkäten 2024"
    assert any("Enkätsvaren används nu" in s.value for s in at.success)
    # the overview opens on the first question, where the small groups are missing
    at.switch_page("pages/oversikt.py").run()
    assert not at.exception
    assert at.session_state["overview_indicator"] == "enkat_trygg"


def test_a_refused_survey_names_row_and_column_and_changes_nothing(data_page):
    at = data_page
    bad = "område;år;fråga;andel;svarande\nK0001;2024;trygg;120;40\nX99;2024;trygg;50;40\n"
    at.file_uploader(key="data_survey_file").set_value(("dålig.csv", bad.encode(), "text/csv")).run()
    at.selectbox(key="data_survey_level").set_value("smaomrade").run()
    at.button(key="data_survey_check").click().run()
    assert not at.exception
    assert any("avvisades" in e.value for e in at.error)
    listed = " ".join(m.value for m in at.markdown)
    assert "rad 2, kolumn 'andel'" in listed
    assert "X99" in listed
    assert at.session_state["package"] == "demo"
    assert not [b for b in at.button if b.key == "data_survey_use"]

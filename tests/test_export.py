"""Report-ready static maps (`geo.export`) and ``python -m cli export-map``: sizes, searchable texts,
legends with units, categorical maps, refused inputs, determinism, speed, and the real Malmö DeSO layer."""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import matplotlib.image as mpimg
import numpy as np
import pandas as pd
import pytest
import shapely
from PIL import Image
from pypdf import PdfReader

from datapackage.catalog import DEMO_PACKAGE
from datapackage.store import DataPackage, read_package
from geo.classify import classify
from geo.export import (
    FORMATS,
    MapSpec,
    class_break_labels,
    format_number,
    render_map,
    scale_bar_length,
)
from indicators.scenario import Scenario, equal_weights
from services.scenario import evaluate_scenario

ROOT = Path(__file__).resolve().parents[1]
WEIGHTS = "behorighet_yrkesprogram=1,trangboddhet=1,ekonomiskt_bistand=1,lag_inkomststandard=1"
DEMO_LABEL = "Demodata – fiktiv stad"
SPEC = MapSpec(title="Unga som varken arbetar eller studerar", subtitle="Småområde · 2025",
               legend_title="UVAS (%)", unit="%", attribution="Källa: fiktiva demodata",
               date_text="Kartan skapad 2026-11-24", demo=True)


# --- fixtures -----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo() -> DataPackage:
    return read_package(DEMO_PACKAGE)


@pytest.fixture(scope="module")
def uvas(demo: DataPackage) -> tuple[gpd.GeoDataFrame, pd.Series]:
    """Demo small areas and their UVAS in 2025 (a few suppressed, so there is no-data)."""
    return demo.areas_at("smaomrade"), demo.indicator_frame("smaomrade", 2025, "uvas")["value"]


@pytest.fixture(scope="module")
def index_result(demo: DataPackage):
    return evaluate_scenario(demo, Scenario("smaomrade", 2025, equal_weights(demo.registry.index_ids)))


def grid(n_side: int, cell_m: float = 300.0) -> gpd.GeoDataFrame:
    """n_side × n_side square areas in Malmö's corner of EPSG:3006."""
    i, j = np.meshgrid(np.arange(n_side), np.arange(n_side))
    x0, y0 = 370_000 + i.ravel() * cell_m, 6_150_000 + j.ravel() * cell_m
    boxes = shapely.box(x0, y0, x0 + cell_m, y0 + cell_m)
    ids = [f"A{k:05d}" for k in range(len(boxes))]
    return gpd.GeoDataFrame({"area_id": ids, "name": ids}, geometry=boxes, crs="EPSG:3006")


def svg_text(data: bytes) -> str:
    return data.decode("utf-8")


def pdf_text(data: bytes) -> str:
    return PdfReader(io.BytesIO(data)).pages[0].extract_text()


def expected_labels(values: pd.Series, unit: str = "%", lang: str = "sv") -> tuple[str, ...]:
    classification = classify(values, "quantiles", 5)
    return tuple(f"{label} ({count})" for label, count in zip(
        class_break_labels(classification.lower, classification.upper, unit, lang),
        classification.counts, strict=True))


# --- numbers ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "lang", "decimals", "text"), [
    (3.14159, "sv", 1, "3,1"),
    (3.14159, "en", 1, "3.1"),
    (1234.5, "sv", 1, "1\u00a0234,5"),  # one formatter: a non-breaking space between thousands
    (1234.5, "en", 0, "1,234"),
    (-0.01, "sv", 1, "0,0"),
])
def test_format_number(value, lang, decimals, text):
    assert format_number(value, lang, decimals) == text


def test_class_break_labels_use_the_unit_and_decimal_commas():
    assert class_break_labels((3.1, 5.4), (5.4, 9.25), "%", "sv") == ("3,1–5,4 %", "5,4–9,2 %")
    assert class_break_labels((3.1, 5.4), (5.4, 9.25), "%", "en") == ("3.1–5.4 %", "5.4–9.2 %")
    assert class_break_labels((1.0, 8.0), (8.0, 13.0), "%") == ("1–8 %", "8–13 %")  # whole numbers
    assert class_break_labels((0.0,), (100.0,), "") == ("0–100",)
    # One decimal would make two labels read the same: more decimals are used.
    assert class_break_labels((0.11, 0.12), (0.12, 0.13)) == ("0,11–0,12", "0,12–0,13")
    assert class_break_labels((), ()) == ()


@pytest.mark.parametrize(("max_m", "length"), [
    (4_999.0, 2_000.0), (5_000.0, 5_000.0), (1_900.0, 1_000.0), (740.0, 500.0), (12_000.0, 10_000.0),
])
def test_scale_bar_length_is_round(max_m, length):
    assert scale_bar_length(max_m) == length


# --- images -------------------------------------------------------------------------------------------

def test_png_is_at_least_2000_px_wide_with_its_density(uvas):
    areas, values = uvas
    data = render_map(areas, values, SPEC, fmt="png")
    pixels = mpimg.imread(io.BytesIO(data), format="png")
    assert pixels.shape[1] == 2400
    assert pixels.shape[0] > 1000
    assert Image.open(io.BytesIO(data)).info["dpi"] == pytest.approx((200, 200), abs=0.01)


def test_print_size_is_a4_landscape_width_at_300_dpi(uvas):
    areas, values = uvas
    image = Image.open(io.BytesIO(render_map(areas, values, SPEC, fmt="png", width_px=3508, dpi=300)))
    assert image.size[0] == 3508
    assert image.info["dpi"] == pytest.approx((300, 300), abs=0.01)


def test_svg_keeps_title_legend_attribution_and_demo_label_as_text(uvas):
    areas, values = uvas
    svg = svg_text(render_map(areas, values, SPEC, fmt="svg"))
    assert "<text" in svg
    for text in (SPEC.title, SPEC.subtitle, "UVAS (%)", "Källa: fiktiva demodata",
                 "Kartan skapad 2026-11-24", DEMO_LABEL, *expected_labels(values)):
        assert text in svg, text
    n_missing = int(values.isna().sum())
    assert n_missing > 0
    assert f"Uppgift saknas ({n_missing})" in svg
    assert "<dc:date>" not in svg  # no creation date: identical inputs give identical files
    assert "km</text>" in svg  # the scale bar


def test_pdf_text_can_be_extracted(uvas):
    areas, values = uvas
    data = render_map(areas, values, SPEC, fmt="pdf")
    text = pdf_text(data)
    for label in (*expected_labels(values), "Källa: fiktiva demodata", DEMO_LABEL, SPEC.title):
        assert label in text, label
    assert "/CreationDate" not in (PdfReader(io.BytesIO(data)).metadata or {})


def test_english_texts(uvas):
    areas, values = uvas
    spec = MapSpec(title="Young people neither working nor studying", legend_title="NEET (%)", unit="%",
                   attribution="Source: demo", demo=True, lang="en")
    svg = svg_text(render_map(areas, values, spec, fmt="svg"))
    assert "Demo data – fictitious city" in svg
    assert f"No data ({int(values.isna().sum())})" in svg
    assert expected_labels(values, lang="en")[0] in svg
    assert "." in expected_labels(values, lang="en")[0]


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_is_deterministic(uvas, index_result, fmt):
    areas, values = uvas
    first, second = (render_map(areas, values, SPEC, fmt=fmt, proposals=index_result.proposals)
                     for _ in range(2))
    assert first == second


def test_proposals_are_labelled_and_named_in_the_legend(demo, index_result):
    areas = demo.areas_at("smaomrade")
    spec = MapSpec(title="Behovsindex (0–100)", legend_title="Behovsindex", demo=True)
    svg = svg_text(render_map(areas, index_result.index["score"], spec, fmt="svg",
                              proposals=index_result.proposals, context=demo.areas_at("stad")))
    proposals = index_result.proposals
    assert f"Föreslagna områden ({len(proposals)})" in svg
    for pid, name in zip(proposals["proposal_id"], proposals["name"], strict=True):
        assert f"{pid} {name}" in svg or f">{pid}<" in svg


def test_overlays_are_named_in_the_legend(uvas, demo):
    areas, values = uvas
    overlay = next(iter(demo.overlays.values())).copy()
    overlay.attrs["title"] = "Fokusområden 2020"
    untitled = next(iter(demo.overlays.values()))
    svg = svg_text(render_map(areas, values, SPEC, fmt="svg", overlays=[overlay, untitled]))
    assert "Fokusområden 2020" in svg
    assert "Referensområden" in svg


def test_categorical_difference_map(demo):
    areas = demo.areas_at("smaomrade")
    status = pd.Series("outside", index=areas["area_id"])
    status.iloc[:3], status.iloc[3:5], status.iloc[5:12] = "enters", "leaves", "stays"
    status.iloc[12] = None
    categories = {"enters": ("#0072B2", "Tillkommer"), "leaves": ("#D55E00", "Faller bort"),
                  "stays": ("#555555", "Kvar"), "outside": ("#eeeeee", "Utanför")}
    spec = MapSpec(title="Skillnad mellan scenarier", legend_title="Förändring A → B")
    svg = svg_text(render_map(areas, status, spec, fmt="svg", categorical=categories))
    for label in ("Tillkommer (3)", "Faller bort (2)", "Kvar (7)", f"Utanför ({len(areas) - 13})",
                  "Uppgift saknas (1)"):
        assert label in svg, label
    assert "#0072b2" in svg.lower()
    assert "Mörkare färg" not in svg  # the need note belongs to numeric classes only
    assert pdf_text(render_map(areas, status, spec, fmt="pdf", categorical=categories)).count("(") >= 5


def test_refuses_wgs84_and_other_bad_inputs(uvas, index_result):
    areas, values = uvas
    with pytest.raises(ValueError, match="EPSG:3006"):
        render_map(areas.to_crs("EPSG:4326"), values, SPEC)
    with pytest.raises(ValueError, match="proposals must be in EPSG:3006"):
        render_map(areas, values, SPEC, proposals=index_result.proposals.to_crs("EPSG:4326"))
    with pytest.raises(ValueError, match="png, svg, pdf"):
        render_map(areas, values, SPEC, fmt="jpg")
    with pytest.raises(ValueError, match="at least 2000"):
        render_map(areas, values, SPEC, width_px=800)
    with pytest.raises(ValueError, match="quantiles"):
        render_map(areas, values, SPEC, scheme="natural_breaks")
    with pytest.raises(ValueError, match="area_id"):
        render_map(areas.rename(columns={"area_id": "code"}), values, SPEC)
    with pytest.raises(ValueError, match="numbers"):
        render_map(areas, values.astype(object).fillna("x"), SPEC)
    with pytest.raises(ValueError, match="language"):
        MapSpec(title="x", lang="de")


def test_inputs_are_not_modified(uvas, index_result):
    areas, values = uvas
    before_areas, before_values = areas.copy(), values.copy()
    before_proposals = index_result.proposals.copy()
    render_map(areas, values, SPEC, fmt="svg", proposals=index_result.proposals)
    pd.testing.assert_frame_equal(areas, before_areas)
    pd.testing.assert_series_equal(values, before_values)
    pd.testing.assert_frame_equal(index_result.proposals, before_proposals)


def test_six_thousand_areas_render():
    # How fast is measured in benchmarks/ (export section), never asserted in a test.
    areas = grid(78)  # 6,084 areas
    values = pd.Series(np.random.default_rng(1).gamma(2, 10, len(areas)), index=areas["area_id"])
    proposals = areas.iloc[[0, 500, 3000]].assign(proposal_id=["P1", "P2", "P3"])
    data = render_map(areas, values, SPEC, fmt="png", proposals=proposals)
    assert Image.open(io.BytesIO(data)).size[0] == 2400


# --- the command line ---------------------------------------------------------------------------------

def export_map(*args: str) -> int:
    """Run ``export-map`` in-process, through the subcommand's own parser registration."""
    from cli import export_map as module

    parser = argparse.ArgumentParser(prog="python -m cli")
    module.register(parser.add_subparsers(dest="command", required=True))
    parsed = parser.parse_args(["export-map", *args])
    return parsed.run(parsed)


def test_cli_index_png_with_proposals(tmp_path, capsys):
    out = tmp_path / "index.png"
    code = export_map(str(DEMO_PACKAGE), "--level", "smaomrade", "--year", "2025", "--weights", WEIGHTS,
                      "--rule", "top-n:15", "--out", str(out))
    assert code == 0, capsys.readouterr().err
    assert Image.open(out).size[0] == 2400


def test_cli_indicator_svg_in_english_with_an_overlay(tmp_path, capsys):
    out = tmp_path / "map.svg"
    code = export_map(str(DEMO_PACKAGE), "--level", "smaomrade", "--year", "2025",
                      "--indicator", "behorighet_yrkesprogram", "--overlay", "fokusomraden_2020",
                      "--lang", "en", "--format", "svg", "--out", str(out))
    assert code == 0, capsys.readouterr().err
    svg = out.read_text(encoding="utf-8")
    for text in ("Eligibility for vocational upper-secondary programmes", "Small area · 2025",
                 "Demo data – fictitious city", "Source: fiktiva demodata", "Map made 20"):
        assert text in svg, text


def test_cli_index_pdf_for_print(tmp_path, capsys):
    out = tmp_path / "index.pdf"
    code = export_map(str(DEMO_PACKAGE), "--level", "stadsdel", "--year", "2024", "--weights", WEIGHTS,
                      "--print", "--out", str(out))
    assert code == 0, capsys.readouterr().err
    text = pdf_text(out.read_bytes())
    for expected in ("Behovsindex (0–100)", "Källa: fiktiva demodata", DEMO_LABEL, "Kartan skapad 20",
                     "Föreslagna områden"):
        assert expected in text, expected


@pytest.mark.parametrize(("args", "expected"), [
    (["--level", "deso", "--indicator", "uvas"], "smaomrade, stadsdel"),
    (["--year", "1999", "--indicator", "uvas"], "2015"),
    (["--indicator", "uvass"], "behorighet_yrkesprogram"),
    (["--weights", "uvas=1"], "lag_inkomststandard"),
    (["--weights", WEIGHTS, "--normalise", "minmax"], "percentile_rank"),
    (["--weights", WEIGHTS, "--aggregate", "median"], "geometric"),
    (["--weights", WEIGHTS, "--rule", "best:3"], "top-decile"),
    (["--indicator", "uvas", "--scheme", "jenks"], "fisher_jenks"),
    (["--indicator", "uvas", "--lang", "de"], "sv, en"),
    (["--indicator", "uvas", "--format", "gif"], "png, svg, pdf"),
    (["--indicator", "uvas", "--overlay", "polis"], "fokusomraden_2020"),
])
def test_cli_refuses_unknown_names_listing_the_valid_ones(tmp_path, capsys, args, expected):
    base = {"--level": "smaomrade", "--year": "2025"}
    given = dict(zip(args[::2], args[1::2], strict=True))
    argv = [f for k, v in {**base, **given}.items() for f in (k, v)]
    out = tmp_path / "map.png"
    assert export_map(str(DEMO_PACKAGE), *argv, "--out", str(out)) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert expected in err
    assert not out.exists()


def test_cli_refuses_a_folder_that_is_no_package(tmp_path, capsys):
    assert export_map(str(tmp_path), "--level", "deso", "--year", "2023", "--indicator", "uvas",
                      "--out", str(tmp_path / "x.png")) == 1
    assert "manifest.json" in capsys.readouterr().err


def test_cli_entry_point(tmp_path):
    """Through ``python -m cli`` once the subcommand is registered there."""
    from cli.__main__ import build_parser

    commands = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    if "export-map" not in commands.choices:
        pytest.skip("export-map is not registered in cli/__main__.py yet")
    out = subprocess.run([sys.executable, "-m", "cli", "export-map", str(DEMO_PACKAGE), "--level",
                          "smaomrade", "--year", "2025", "--indicator", "uvass", "--out",
                          str(tmp_path / "x.png")], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 1
    assert "Valid ids" in out.stderr
    assert "Traceback" not in out.stderr


# --- the real Malmö data --------------------------------------------------------------------------------

@pytest.mark.real_data
def test_malmo_deso_layer_exports(malmo_package, tmp_path):
    areas = malmo_package.areas_at("deso")
    year = malmo_package.years_for("lag_inkomststandard", "deso")[-1]
    values = malmo_package.indicator_frame("deso", year, "lag_inkomststandard")["value"]
    overlays = list(malmo_package.overlays.values())
    spec = MapSpec(title="Låg inkomststandard", subtitle=f"DeSO · {year}",
                   legend_title="Låg inkomststandard (%)", unit="%",
                   attribution=malmo_package.manifest.attribution, date_text="Kartan skapad 2026-11-24")
    png = render_map(areas, values, spec, fmt="png", overlays=overlays,
                     context=malmo_package.areas_at("kommun"), land=malmo_package.land)
    assert Image.open(io.BytesIO(png)).size[0] == 2400
    text = pdf_text(render_map(areas, values, spec, fmt="pdf", overlays=overlays))
    assert malmo_package.manifest.attribution in text
    assert "Demodata" not in text
    assert all(label in text for label in expected_labels(values))
    assert export_map(str(malmo_package.path), "--level", "deso", "--year", str(year), "--indicator",
                      "lag_inkomststandard", "--out", str(tmp_path / "deso.svg")) == 0

"""``python -m cli validate``: every problem on its own line, a summary, exit code 1 on refusal."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from cli.__main__ import main

REPO = Path(__file__).resolve().parents[1]


def _areas(path: Path, ids: tuple[str, ...] = ("A", "B")) -> Path:
    boxes = [shapely.box(13.0 + 0.01 * i, 55.6, 13.01 + 0.01 * i, 55.61) for i in range(len(ids))]
    gdf = gpd.GeoDataFrame({"area_id": list(ids), "namn": list(ids)}, geometry=boxes,
                           crs="EPSG:4326")
    path.write_text(gdf.to_json(), encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = main(["validate", *args])
    return code, capsys.readouterr().out.splitlines()


def test_accepted_files_exit_0_with_a_summary(tmp_path: Path, capsys):
    areas = _areas(tmp_path / "areas.geojson")
    table = tmp_path / "data.csv"
    table.write_text("områdeskod;år;uvas\nA;2023;12,5\nB;2023;..\n", encoding="cp1252")
    code, lines = _run(capsys, str(areas), str(table), "--level", "stadsdel", "--lang", "en")
    assert code == 0
    assert f"{areas}: 2 areas, level stadsdel" in lines
    assert any(line.startswith(f"{table}: 2 rows") and "uvas" in line and "2023" in line
               for line in lines)
    assert lines[-2:] == ["Everything accepted.", "1 note(s) above."]  # the file is cp1252
    assert lines[0] == (f"{table}: Note: The file is not UTF-8; it was read as cp1252 (common for "
                        "Swedish Excel).")


def test_ids_missing_from_the_areas_are_refused_one_line_each(tmp_path: Path, capsys):
    areas = _areas(tmp_path / "areas.geojson")
    table = tmp_path / "data.csv"
    table.write_text("area_id,year,uvas\nA,2023,1\nX,2023,2\nY,2023,3\nX,2022,4\n")
    code, lines = _run(capsys, str(areas), str(table), "--level", "stadsdel")
    assert code == 1
    unmatched = [line for line in lines if "finns inte bland områdena" in line]
    assert unmatched == [
        f"{table}, rad 3, kolumn 'area_id': Områdeskoden 'X' finns inte bland områdena på nivån "
        "'stadsdel' i geometrifilerna.",
        f"{table}, rad 4, kolumn 'area_id': Områdeskoden 'Y' finns inte bland områdena på nivån "
        "'stadsdel' i geometrifilerna.",
    ]
    assert f"{table}: avvisad (2 fel)" in lines


def test_unmatched_ids_are_capped(tmp_path: Path, capsys):
    areas = _areas(tmp_path / "areas.geojson")
    table = tmp_path / "data.csv"
    table.write_text("area_id;year;uvas\n" + "".join(f"Z{i};2023;1\n" for i in range(25)))
    code, lines = _run(capsys, str(areas), str(table), "--lang", "en")
    assert code == 1
    assert sum("matches no area" in line for line in lines) == 20
    assert any("5 more area ids" in line for line in lines)


def test_missing_path_is_refused_not_a_crash(tmp_path: Path, capsys):
    areas = _areas(tmp_path / "areas.geojson")
    code, lines = _run(capsys, str(tmp_path / "nope.csv"), str(areas), "--lang", "en")
    assert code == 1
    assert f"{tmp_path / 'nope.csv'}: The file does not exist." in lines
    assert f"{tmp_path / 'nope.csv'}: refused" in lines


def test_broken_and_unsupported_files_exit_1(tmp_path: Path, capsys):
    cut = tmp_path / "cut.geojson"
    cut.write_bytes(_areas(tmp_path / "whole.geojson").read_bytes()[:100])
    doc = tmp_path / "notes.docx"
    doc.write_bytes(b"PK")
    code, lines = _run(capsys, str(cut), str(doc))
    assert code == 1
    assert any(line.startswith(f"{cut}: ") and "avkortad eller skadad" in line for line in lines)
    assert any(line.startswith(f"{doc}: ") and "stöds inte" in line for line in lines)
    assert lines[-1] == "2 av 2 fil(er) avvisades."


def test_folder_stands_for_its_files(tmp_path: Path, capsys):
    _areas(tmp_path / "areas.geojson")
    (tmp_path / "README.md").write_text("not checked")
    code, lines = _run(capsys, str(tmp_path), "--level", "x")
    assert code == 0
    assert lines == [f"{tmp_path / 'areas.geojson'}: 2 områden, nivå x", "Allt godkändes."]


def test_python_m_cli_validate_runs_as_a_module(tmp_path: Path):
    areas = _areas(tmp_path / "areas.geojson")
    done = subprocess.run([sys.executable, "-m", "cli", "validate", str(areas), "--lang", "en"],
                          cwd=REPO, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "Everything accepted." in done.stdout
    assert "Traceback" not in done.stderr


@pytest.mark.real_data
def test_real_files_validate_together(real_data_dir: Path, capsys):
    deso = real_data_dir / "scb_deso2025_malmo" / "malmo_deso2025_simplified_wgs84.geojson"
    delomraden = real_data_dir / "malmo_delomraden" / "malmo_delomraden_epsg3008.gpkg"
    code, lines = _run(capsys, str(deso), str(delomraden), "--lang", "en")
    assert code == 0
    assert f"{deso}: 209 areas, level deso" in lines
    assert f"{delomraden}: 136 areas, level delomrade" in lines


def test_a_data_package_folder_is_read_as_the_app_reads_it(tmp_path: Path, capsys):
    import shutil

    code, lines = _run(capsys, str(REPO / "data" / "demo"), "--lang", "en")
    assert code == 0
    assert lines[-2] == "Everything accepted."
    broken = tmp_path / "broken"
    shutil.copytree(REPO / "data" / "demo", broken)
    (broken / "population.csv").write_text("area_id;year\nK0001;2025\n", encoding="utf-8")
    code, lines = _run(capsys, str(broken), "--lang", "en")
    assert code == 1
    assert any(line.startswith(f"{broken / 'population.csv'}") for line in lines)


def test_control_characters_from_a_file_never_reach_the_terminal(tmp_path, capsys):
    from cli.__main__ import main

    hostile = tmp_path / "ond.csv"
    hostile.write_text("område;år;\x1b]0;pwned\x07\x1b[31mröd\x1b[0m\nA;2023;1\n", encoding="utf-8")
    code = main(["validate", str(hostile)])
    captured = capsys.readouterr()
    assert code == 1
    shown = captured.out + captured.err
    assert "\x1b" not in shown
    assert "\x07" not in shown
    assert "\\x1b" in shown  # named, not acted on

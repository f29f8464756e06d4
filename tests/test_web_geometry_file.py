"""The web-map geometry file: written once, named by content, written again when it goes missing."""

from __future__ import annotations

import geopandas as gpd
import shapely

from ui import loaders


def _areas() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"area_id": ["a", "b"], "name": ["A", "B"]},
                            geometry=[shapely.box(0, 0, 1000, 1000), shapely.box(1000, 0, 2000, 1000)],
                            crs="EPSG:3006")


def test_the_file_is_written_again_when_it_was_removed(tmp_path, monkeypatch):
    monkeypatch.setattr(loaders, "STATIC_DIR", tmp_path)
    name = loaders.web_geometry_file(_areas(), None, "test-geometry-removed")
    target = tmp_path / name
    assert target.is_file()
    content = target.read_text(encoding="utf-8")
    target.unlink()  # a cleaned cache folder, or a replica with a fresh disk
    assert loaders.web_geometry_file(_areas(), None, "test-geometry-removed") == name
    assert target.read_text(encoding="utf-8") == content
    assert not list(tmp_path.rglob("*.tmp"))  # no half-written files left behind


def test_the_name_is_the_same_for_the_same_geometry(tmp_path, monkeypatch):
    # Two replicas (two processes, two caches) name one level's geometry alike, so a browser may ask
    # either of them for it.
    monkeypatch.setattr(loaders, "STATIC_DIR", tmp_path)
    first = loaders.web_geometry_file(_areas(), None, "test-geometry-one")
    second = loaders.web_geometry_file(_areas(), None, "test-geometry-two")
    assert first == second


def test_an_unwritable_folder_gives_none(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setattr(loaders, "STATIC_DIR", blocked)
    assert loaders.web_geometry_file(_areas(), None, "test-geometry-unwritable") is None

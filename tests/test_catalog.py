"""Finding packages: the demo beside the app, built packages under data/, and KRAFTSAMLA_DATA."""

from __future__ import annotations

import json
import os

from datapackage.catalog import discover_packages


def make_package(path, name, demo=False):
    path.mkdir(parents=True)
    (path / "manifest.json").write_text(json.dumps({"name": name, "demo": demo}), encoding="utf-8")
    return path


def test_packages_under_data_and_from_the_environment(tmp_path):
    data = tmp_path / "data"
    make_package(data / "demo", "Demo", demo=True)
    make_package(data / "malmo", "Malmö")
    (data / "not-a-package").mkdir()
    extra = make_package(tmp_path / "elsewhere" / "malmo", "Malmö 2")
    refs = discover_packages(data, env={"KRAFTSAMLA_DATA": str(extra)})
    assert [r.name for r in refs] == ["Malmö 2", "Demo", "Malmö"]  # the environment's come first
    assert len({r.key for r in refs}) == 3  # two folders called malmo get distinct keys
    assert refs[1].demo


def test_explicit_paths_that_are_not_packages_are_listed_so_opening_them_explains_why(tmp_path):
    a = make_package(tmp_path / "a", "A")
    broken = tmp_path / "b"
    broken.mkdir()
    (broken / "manifest.json").write_text("{not json", encoding="utf-8")
    missing = tmp_path / "typo"
    env = {"KRAFTSAMLA_DATA": os.pathsep.join(map(str, (a, broken, missing)))}
    refs = discover_packages(tmp_path / "none", env=env)
    assert [r.name for r in refs] == ["A", "b", "typo"]

"""Hostile input: whatever bytes arrive, importers answer with their own problems, never a crash."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from datapackage.importers import MAX_FILE_BYTES, validate_inputs
from persistence import open_store
from persistence.exchange import import_insatser

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def test_files_above_the_limit_are_refused_before_reading():
    report = validate_inputs([("stor.csv", b"a" * (MAX_FILE_BYTES + 1))])
    assert not report.ok
    assert "största tillåtna storlek är 50 MB" in report.problems[0].message_sv
    assert report.problems[0].file == "stor.csv"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return open_store(f"sqlite:///{tmp_path_factory.mktemp('db') / 'k.sqlite'}")


@SETTINGS
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".xlsx", ".csv", ".zip", ".txt"]))
def test_insatser_import_survives_random_bytes(store, data, suffix):
    before = store.list_insatser("demo")
    report = import_insatser(data, f"fil{suffix}", store, "demo")  # never raises
    if not report.accepted:
        assert store.list_insatser("demo") == before  # a refused import writes nothing
        assert all(p.file.startswith(f"fil{suffix}") for p in report.problems)


@SETTINGS
@given(rows=st.lists(st.lists(st.text(max_size=12), min_size=1, max_size=8), max_size=12))
def test_insatser_import_survives_random_csv_shapes(store, rows):
    text = "\n".join(";".join(cell.replace("\n", " ") for cell in row) for row in rows)
    report = import_insatser(text.encode("utf-8"), "insatser.csv", store, "demo")
    for problem in report.problems:
        assert problem.file.startswith("insatser.csv")
        assert problem.message_sv
        assert problem.message_en


def test_a_zip_bomb_of_insatser_is_refused(store):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("insatser.csv", b"0" * (300 * 1024 * 1024))
    report = import_insatser(buffer.getvalue(), "bomb.zip", store, "demo")
    assert not report.accepted

"""Shared fixtures: the real public data beside the repository and the Malmö package built from it.

Other test modules reuse `real_data_dir` and `malmo_package`; keep their names.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from datapackage.store import DataPackage


@pytest.fixture(scope="session")
def real_data_dir() -> Path:
    """``../shared/data/real`` beside the repository; the test is skipped when it is absent."""
    path = Path(__file__).resolve().parents[2] / "shared" / "data" / "real"
    if not path.is_dir():
        pytest.skip(f"real data not found at {path}")
    return path


@pytest.fixture(scope="session")
def malmo_package(real_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> DataPackage:
    """The real Malmö package, built once per session, written to a temp folder and read back."""
    from datapackage.malmo import build_malmo_package
    from datapackage.store import read_package, write_package

    out = tmp_path_factory.mktemp("malmo_package")
    write_package(build_malmo_package(real_data_dir), out)
    return read_package(out)

"""Shared fixtures: the real public data beside the repository and the Malmö package built from it.

Other test modules reuse `real_data_dir` and `malmo_package`; keep their names.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from datapackage.store import DataPackage
from tests.stores import db_url, make_store, postgres_url, store  # noqa: F401 (store fixtures, both backends)


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


@pytest.fixture(autouse=True)
def _own_database(tmp_path, monkeypatch):
    """Every test gets its own SQLite database, so no test writes to data/local or sees another's
    saved scenarios, targets or insatser."""
    monkeypatch.setenv("KRAFTSAMLA_DATABASE_URL", f"sqlite:///{tmp_path / 'kraftsamla.sqlite'}")


@pytest.fixture
def app_test_navigation(monkeypatch):
    """Make AppTest rerun ``app.py`` the way a running server does.

    AppTest resets Streamlit's old ``pages/``-folder flag before every run; because our pages live in a
    folder called ``pages``, every *rerun* would then execute the page script alone, skipping ``app.py``
    (a server does this only for its very first run, which `ui.state.page_selection` covers). Clearing
    the flag after it is computed keeps AppTest on the ``st.navigation`` path the app is written for.
    """
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)

"""The package is one shared object per process (st.cache_resource): no page may change it."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from datapackage.catalog import discover_packages
from datapackage.store import read_package

APP = "../app.py"


@pytest.fixture(autouse=True)
def _navigation(app_test_navigation):
    """Every AppTest here reruns app.py like a server (see tests/conftest.py)."""


def frames(package) -> dict[str, pd.DataFrame]:
    out = {f"areas:{lv}": frame for lv, frame in package.areas.items()}
    out |= {f"overlay:{k}": frame for k, frame in package.overlays.items()}
    out["indicators"], out["population"] = package.indicators, package.population
    out["classifications"] = package.classifications
    return out


def test_pages_leave_the_shared_package_as_read(monkeypatch):
    from ui.loaders import load_package

    monkeypatch.delenv("KRAFTSAMLA_DATA", raising=False)
    path = str(next(ref.path for ref in discover_packages() if ref.key == "demo"))
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    shared = load_package(path)
    assert load_package(path) is shared  # one object, not a copy per call
    for page in ("omradesval", "robusthet", "uppfoljning", "oversikt"):
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, (page, at.exception)
    at.switch_page("pages/omradesval.py").run()
    slider = next(s for s in at.slider if s.key and s.key.startswith("choose_w_"))
    slider.set_value(0.5).run()
    assert not at.exception
    fresh = read_package(path)
    for name, frame in frames(fresh).items():
        pd.testing.assert_frame_equal(frames(load_package(path))[name], frame, obj=name)

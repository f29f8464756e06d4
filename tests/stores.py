"""Stores for tests, on SQLite and PostgreSQL, and small sample records.

The PostgreSQL cases need ``KRAFTSAMLA_TEST_DATABASE_URL`` (``eval "$(scripts/start_test_postgres.sh)"``
starts a local server and sets it); each test module gets a PostgreSQL database of its own, created
and dropped here. Without the variable they are skipped, except in CI (``CI`` set), where they fail.

The fixtures are registered for every test module in ``tests/conftest.py``: a test that asks for
``store``, ``make_store`` or ``db_url`` runs once on each backend.
"""

from __future__ import annotations

import io
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from indicators.scenario import Scenario
from persistence import (
    IndicatorTargets,
    Insats,
    InsatsIndicator,
    ReportedValue,
    Store,
    TargetCheckpoint,
    open_store,
    sqlite_url,
)
from persistence.engine import CONNECT_TIMEOUT_S, make_engine, normalise_url
from persistence.migrate import LEGACY_REVISIONS, upgrade

PG_ENV = "KRAFTSAMLA_TEST_DATABASE_URL"
T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
PKG = "demo"
#: Databases exactly as the hand-written migrations v1–v4 left them (see the folder's README).
LEGACY_FILES = Path(__file__).resolve().parent / "fixtures" / "persistence"



# ---------------------------------------------------------------------------------------------------
# Fixtures: a fresh database per test on each backend
# ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL database of this module's own, dropped afterwards."""
    base = os.environ.get(PG_ENV, "").strip()
    if not base:
        reason = (f"PostgreSQL tests need {PG_ENV}; start a local server with "
                  "'eval \"$(scripts/start_test_postgres.sh)\"'")
        if os.environ.get("CI"):
            pytest.fail(f"{reason}. In CI (CI is set) they must run, not be skipped.")
        pytest.skip(reason)
    name = f"kraftsamla_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(normalise_url(base), isolation_level="AUTOCOMMIT",
                          connect_args={"connect_timeout": CONNECT_TIMEOUT_S})
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield normalise_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _empty_postgres(url: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty database."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "kraftsamla.sqlite")
    url = request.getfixturevalue("postgres_url")
    _empty_postgres(url)
    return url


@pytest.fixture
def make_store(db_url: str) -> Iterator[Callable[..., Store]]:
    """Opens stores (by default on ``db_url``) and closes them all after the test."""
    opened: list[Store] = []

    def factory(url: str | None = None, **kwargs) -> Store:
        store = open_store(db_url if url is None else url, **kwargs)
        opened.append(store)
        return store

    yield factory
    for store in opened:
        store.close()


@pytest.fixture
def store(make_store: Callable[..., Store]) -> Store:
    return make_store()


def sample_scenario(name: str = "Lika vikter", rule: str = "top-decile") -> Scenario:
    return Scenario(level="deso", year=2024, rule=rule, name=name,
                    weights=(("behorighet_yrkesprogram", 1.0), ("trangboddhet", 2.0)))


def sample_targets(indicator: str = "uvas") -> IndicatorTargets:
    return IndicatorTargets(PKG, indicator, 2024, 12.5, 2026,
                            (TargetCheckpoint(2035, "close_gap", 50.0),
                             TargetCheckpoint(2030, "relative", -20.0)),
                            scenario_name="Lika vikter", responsible_board="grundskolenämnden")


def sample_insats(name: str = "Läxhjälp i Kustad", board: str = "grundskolenämnden") -> Insats:
    return Insats(PKG, name, board, "smaomrade", ("KU0101", "KU0102"), 2026, 1_250_000.0,
                  "Läxhjälp efter skolan; \"öppen\" för alla.")


def populate(store: Store, now: datetime = T0) -> tuple[Insats, InsatsIndicator, InsatsIndicator]:
    """One insats with two indicators and a few reported values (a correction included)."""
    insats = store.save_insats(sample_insats(), now=now, user="anna")
    output = store.save_indicator(InsatsIndicator(insats.id, "Deltagare", "output", "antal",
                                                  "higher_is_better", target_2030=200.0), now=now)
    outcome = store.save_indicator(InsatsIndicator(insats.id, "Andel behöriga", "outcome", "%",
                                                   "higher_is_better", 2025, 61.5, 70.0, 75.5), now=now)
    store.report_value(ReportedValue(output.id, 2026, 120, note="första terminen", reported_by="bo"),
                       now=now)
    store.report_value(ReportedValue(outcome.id, 2026, 63.25, 253, 400, reported_by="bo"), now=now)
    store.report_value(ReportedValue(outcome.id, 2026, 63.5, 254, 400, note="rättat",
                                     reported_by="cia"), now=now + timedelta(minutes=5))
    return insats, output, outcome




def snapshot(store: Store) -> dict:
    return {
        "scenarios": [s.to_dict() for s in store.list_scenarios(PKG)],
        "targets": [t.to_dict() for t in store.list_targets(PKG)],
        "boards": [b.to_dict() for b in store.list_boards()],
        "insatser": [i.to_dict() for i in store.list_insatser(PKG)],
        "indicators": [i.to_dict() for i in store.list_indicators(PKG)],
        "reported": [r.to_dict() for r in store.list_reported_values(PKG)],
    }


def sheets_of(xlsx: bytes) -> dict[str, list[list]]:
    book = openpyxl.load_workbook(io.BytesIO(xlsx), read_only=True)
    out = {s.title: [list(r) for r in s.iter_rows(values_only=True)] for s in book.worksheets}
    book.close()
    return out


def write_xlsx(sheets: dict[str, list[list]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def legacy_database(url: str, version: int) -> None:
    """Make the empty database at ``url`` what the hand-written migration ``version`` (1–4) left: on
    SQLite a copy of the real file that code made; on PostgreSQL the same tables built by the matching
    Alembic revision, with Alembic's bookkeeping replaced by the old ``schema_version`` table."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        shutil.copyfile(LEGACY_FILES / f"kraftsamla_v{version}.sqlite", parsed.database)
        return
    engine = make_engine(url)
    try:
        upgrade(engine, LEGACY_REVISIONS[version])
        with engine.begin() as conn:
            conn.execute(text("DROP TABLE alembic_version"))
            conn.execute(text("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description "
                              "VARCHAR(200) NOT NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)"))
            for n in range(1, version + 1):
                conn.execute(text("INSERT INTO schema_version VALUES (:v, 'hand-written', now())"),
                             {"v": n})
    finally:
        engine.dispose()

"""Persistence: every entity round-trips, survives a restart, concurrent edits lose nothing, failed
writes raise `PersistenceError`, and import/export round-trips (schema migrations: test_migrations.py;
history, restore and delete: test_history.py).

Every store test runs on SQLite and on PostgreSQL (fixtures in `tests.stores`). The PostgreSQL cases
need ``KRAFTSAMLA_TEST_DATABASE_URL`` (``eval "$(scripts/start_test_postgres.sh)"`` starts a local
server and sets it); without it they are skipped, except in CI (``CI`` set), where they fail.
"""

from __future__ import annotations

import csv
import io
import socket
import threading
import time
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from persistence import (
    SEEDED_BOARDS,
    ConflictError,
    DatabaseUnavailableError,
    Insats,
    InsatsIndicator,
    InvalidDataError,
    NotFoundError,
    PersistenceError,
    ReadOnlyDatabaseError,
    ReportedValue,
    Store,
    TargetCheckpoint,
    database_url,
    export_insatser,
    export_insatser_csv,
    export_insatser_zip,
    import_insatser,
    open_store,
    sqlite_url,
)
from persistence.engine import CONNECT_TIMEOUT_S, normalise_url
from tests.stores import PKG, T0
from tests.stores import populate as _populate
from tests.stores import sample_insats as _insats
from tests.stores import sample_scenario as _scenario
from tests.stores import sample_targets as _targets
from tests.stores import sheets_of as _sheets
from tests.stores import snapshot as _snapshot
from tests.stores import write_xlsx as _write_xlsx

# ---------------------------------------------------------------------------------------------------
# URLs and opening
# ---------------------------------------------------------------------------------------------------


def test_database_url_defaults_to_local_sqlite_and_reads_the_environment() -> None:
    default = database_url({})
    assert default.startswith("sqlite:///")
    assert default.endswith(str(Path("data", "local", "kraftsamla.sqlite")))
    assert database_url({"KRAFTSAMLA_DATABASE_URL": "  "}) == default
    pg = "postgresql+psycopg://u:pw@127.0.0.1:5432/kraftsamla"
    assert database_url({"KRAFTSAMLA_DATABASE_URL": pg}) == pg


def test_urls_are_normalised_and_unsupported_ones_refused() -> None:
    assert normalise_url("postgresql://u:p@h/db").drivername == "postgresql+psycopg"
    assert normalise_url("postgres://u:p@h/db").drivername == "postgresql+psycopg"
    with pytest.raises(PersistenceError) as info:
        open_store("mysql://u:p@h/db")
    assert "mysql" in info.value.message_sv
    assert "mysql" in info.value.message_en


def test_sqlite_store_creates_its_folders(tmp_path: Path) -> None:
    path = tmp_path / "data" / "local" / "kraftsamla.sqlite"
    store = open_store(sqlite_url(path))
    try:
        assert path.is_file()
        assert store.backend == "sqlite"
        assert str(path) in store.location
    finally:
        store.close()


def test_postgres_location_never_shows_the_password() -> None:
    store = open_store("postgresql://user:secret@127.0.0.1:1/db", upgrade_schema=False)
    assert "secret" not in store.location
    assert store.location == "PostgreSQL 127.0.0.1:1/db"


# ---------------------------------------------------------------------------------------------------
# Round trips
# ---------------------------------------------------------------------------------------------------


def test_scenarios_round_trip(store: Store) -> None:
    first = store.save_scenario(PKG, _scenario(), user="anna", now=T0)
    assert (first.version, first.created_at, first.updated_at, first.updated_by) == (1, T0, T0, "anna")
    assert store.get_scenario(PKG, "Lika vikter") == first
    store.save_scenario(PKG, _scenario("Annat"), now=T0)
    store.save_scenario("malmo", _scenario(), now=T0)  # same name, other package: fine
    assert [s.name for s in store.list_scenarios(PKG)] == ["Annat", "Lika vikter"]
    later = T0 + timedelta(hours=1)
    updated = store.save_scenario(PKG, _scenario(rule="cover-youth:25"), expected_version=1, now=later)
    assert (updated.version, updated.created_at, updated.updated_at) == (2, T0, later)
    assert updated.scenario.rule == "cover-youth:25"
    assert updated.to_dict()["scenario"] == _scenario(rule="cover-youth:25").to_dict()
    with pytest.raises(ConflictError) as taken:
        store.save_scenario(PKG, _scenario())
    assert taken.value.current == updated
    assert store.delete_scenario(PKG, "Annat", expected_version=1)
    assert not store.delete_scenario(PKG, "Annat", expected_version=1)  # already gone
    assert store.get_scenario(PKG, "Annat") is None


def test_targets_round_trip(store: Store) -> None:
    saved = store.save_targets(_targets(), user="anna", now=T0)
    assert saved.version == 1
    assert [p.year for p in saved.checkpoints] == [2030, 2035]
    assert store.get_targets(PKG, "uvas") == saved
    assert saved.to_dict()["checkpoints"] == {"2030": {"kind": "relative", "amount": -20.0},
                                              "2035": {"kind": "close_gap", "amount": 50.0}}
    store.save_targets(_targets("trangboddhet"))
    assert [t.indicator_id for t in store.list_targets(PKG)] == ["trangboddhet", "uvas"]
    changed = store.save_targets(replace(saved, baseline_value=13.0, scenario_name=None))
    assert (changed.version, changed.baseline_value, changed.scenario_name) == (2, 13.0, None)
    assert store.delete_targets(PKG, "uvas", expected_version=2)
    assert store.get_targets(PKG, "uvas") is None


def test_saved_targets_read_as_indicator_targets(store: Store) -> None:
    targets_module = pytest.importorskip("indicators.targets")
    saved = store.save_targets(_targets())
    target = targets_module.target_from_dict(saved.target_dict())
    assert target.baseline_value == 12.5
    assert target.at(2030).kind == "relative"


def test_insatser_indicators_and_reported_values_round_trip(store: Store) -> None:
    insats, output, outcome = _populate(store)
    assert (insats.version, insats.updated_by, insats.budget_sek) == (1, "anna", 1_250_000.0)
    assert uuid.UUID(insats.id)
    assert store.get_insats(insats.id) == insats
    assert store.list_insatser(PKG) == [insats]
    assert store.list_insatser("malmo") == []
    assert store.list_indicators(PKG) == [outcome, output]  # by insats, then name
    assert store.get_indicator(output.id) == output
    assert (outcome.baseline_year, outcome.target_2030, outcome.target_2035) == (2025, 70.0, 75.5)

    every = store.list_reported_values(PKG)
    assert [(r.value, r.reported_by) for r in every] == [(120.0, "bo"), (63.25, "bo"), (63.5, "cia")]
    assert every[1].numerator == 253
    assert every[1].denominator == 400
    latest = store.list_reported_values(PKG, latest_only=True)
    assert {(r.indicator_id, r.year): r.value for r in latest} == {(output.id, 2026): 120.0,
                                                                  (outcome.id, 2026): 63.5}
    assert [r.value for r in store.list_reported_values(PKG, indicator_id=outcome.id)] == [63.25, 63.5]

    moved = store.save_insats(replace(insats, name="Läxhjälp", area_ids=("KU0103",), budget_sek=None,
                                      board="Culture Committee"), user="bo")
    assert (moved.version, moved.name, moved.area_ids, moved.budget_sek, moved.board) == (
        2, "Läxhjälp", ("KU0103",), None, "kulturnämnden")
    assert moved.created_at == insats.created_at

    assert store.delete_indicator(output.id, expected_version=1)
    assert [r.value for r in store.list_reported_values(PKG)] == [63.25, 63.5]
    assert store.delete_insats(insats.id, expected_version=2)
    assert store.list_insatser(PKG) == []
    assert store.list_indicators(PKG) == []
    assert store.list_reported_values(PKG) == []


def test_boards_can_be_added(store: Store) -> None:
    board = store.add_board("stadsbyggnadsnämnden", "City Planning Committee")
    assert store.list_boards()[-1] == board
    assert store.add_board("  Stadsbyggnadsnämnden ") == board  # already there
    saved = store.save_insats(_insats(board="stadsbyggnadsnämnden"))
    assert saved.board == "stadsbyggnadsnämnden"


def test_unknown_boards_and_bad_values_are_refused(store: Store) -> None:
    with pytest.raises(InvalidDataError) as info:
        store.save_insats(_insats(board="miljönämnden"))
    for board, _ in SEEDED_BOARDS:
        assert board in info.value.message_sv
        assert board in info.value.message_en
    assert store.list_insatser(PKG) == []
    bad = [
        lambda: replace(_insats(), start_year=20266),
        lambda: replace(_insats(), name=" "),
        lambda: replace(_insats(), budget_sek=-1.0),
        lambda: InsatsIndicator("x", "Deltagare", kind="input"),
        lambda: ReportedValue("x", 2026, float("nan")),
        lambda: ReportedValue("x", 2026, 1.0, 1.0, 0.0),
        lambda: replace(_targets(), checkpoints=(TargetCheckpoint(2030, "double", 1.0),)),
    ]
    for make in bad:
        with pytest.raises(InvalidDataError) as info:
            make()
        assert info.value.message_sv
        assert info.value.message_en
        assert isinstance(info.value, ValueError)


def test_reporting_for_a_removed_indicator_is_a_clear_error(store: Store) -> None:
    _, output, _ = _populate(store)
    store.delete_indicator(output.id, expected_version=1)
    with pytest.raises(NotFoundError) as info:
        store.report_value(ReportedValue(output.id, 2027, 10))
    assert "finns kvar" in info.value.message_sv


def test_everything_is_kept_across_a_restart(db_url: str, make_store: Callable[..., Store]) -> None:
    store = make_store()
    store.save_scenario(PKG, _scenario(), now=T0)
    store.save_targets(_targets(), now=T0)
    store.add_board("stadsbyggnadsnämnden", now=T0)
    _populate(store)
    before = _snapshot(store)
    store.close()
    assert _snapshot(make_store(db_url)) == before




# ---------------------------------------------------------------------------------------------------
# Concurrency: two sessions on one database
# ---------------------------------------------------------------------------------------------------


def test_interleaved_edits_lose_nothing(make_store: Callable[..., Store]) -> None:
    anna, bo = make_store(), make_store()  # two stores: two connection pools, like two app instances
    created = anna.save_insats(_insats())
    seen_by_anna = anna.get_insats(created.id)
    seen_by_bo = bo.get_insats(created.id)

    after_anna = anna.save_insats(replace(seen_by_anna, budget_sek=2_000_000.0), user="anna")
    with pytest.raises(ConflictError) as info:
        bo.save_insats(replace(seen_by_bo, description="Bo's text"), user="bo")
    conflict = info.value
    assert conflict.current == after_anna  # what is saved now, for the page to show beside Bo's input
    assert "anna" in conflict.message_sv
    assert "version 2" in conflict.message_en
    assert bo.get_insats(created.id).description == created.description  # nothing of Bo's written

    merged = bo.save_insats(replace(conflict.current, description="Bo's text"), user="bo")
    assert (merged.version, merged.budget_sek, merged.description) == (3, 2_000_000.0, "Bo's text")
    assert anna.get_insats(created.id) == merged


@pytest.mark.parametrize("kind", ["scenario", "targets", "indicator"])
def test_stale_saves_of_every_editable_record_conflict(make_store: Callable[..., Store], kind: str) -> None:
    a, b = make_store(), make_store()
    if kind == "scenario":
        a.save_scenario(PKG, _scenario())
        a.save_scenario(PKG, _scenario(rule="top-n:3"), expected_version=1)
        with pytest.raises(ConflictError) as info:
            b.save_scenario(PKG, _scenario(rule="top-n:9"), expected_version=1)
        assert info.value.current.scenario.rule == "top-n:3"
    elif kind == "targets":
        first = a.save_targets(_targets())
        a.save_targets(replace(first, baseline_value=1.0))
        with pytest.raises(ConflictError) as info:
            b.save_targets(replace(first, baseline_value=2.0))
        assert info.value.current.baseline_value == 1.0
        with pytest.raises(ConflictError):
            b.save_targets(_targets())  # "new" targets for an indicator someone already has
    else:
        _, output, _ = _populate(a)
        a.save_indicator(replace(output, unit="personer"))
        with pytest.raises(ConflictError) as info:
            b.save_indicator(replace(output, target_2035=300.0))
        assert info.value.current.unit == "personer"


def test_saving_or_deleting_what_someone_removed(make_store: Callable[..., Store]) -> None:
    a, b = make_store(), make_store()
    insats = a.save_insats(_insats())
    changed = a.save_insats(replace(insats, budget_sek=1.0))
    with pytest.raises(ConflictError) as stale:
        b.delete_insats(insats.id, expected_version=1)  # Bo deletes what he saw; Anna changed it since
    assert stale.value.current == changed
    assert b.delete_insats(insats.id, expected_version=2)
    with pytest.raises(ConflictError) as gone:
        a.save_insats(changed)
    assert gone.value.current is None
    assert "tagits bort" in gone.value.message_sv
    assert "removed" in gone.value.message_en


def test_appends_never_conflict(make_store: Callable[..., Store]) -> None:
    a, b = make_store(), make_store()
    _, output, _ = _populate(a)
    a.report_value(ReportedValue(output.id, 2027, 10, reported_by="a"))
    b.report_value(ReportedValue(output.id, 2027, 11, reported_by="b"))  # same indicator and year
    a.save_insats(_insats("Insats A"))
    b.save_insats(_insats("Insats B"))
    b.save_indicator(InsatsIndicator(output.insats_id, "Föräldrar", "output", "antal"))
    values = [r.value for r in a.list_reported_values(PKG, indicator_id=output.id)]
    assert values == [120.0, 10.0, 11.0]
    assert {i.name for i in b.list_insatser(PKG)} == {"Läxhjälp i Kustad", "Insats A", "Insats B"}
    [latest_2027] = [r for r in a.list_reported_values(PKG, latest_only=True) if r.year == 2027]
    assert latest_2027.value == 11.0


def test_concurrent_sessions_in_threads_lose_no_update(make_store: Callable[..., Store]) -> None:
    stores = [make_store(), make_store()]
    insats = stores[0].save_insats(replace(_insats(), budget_sek=0.0))
    indicator = stores[0].save_indicator(InsatsIndicator(insats.id, "Deltagare", "output"))
    rounds, conflicts, failures = 15, [0, 0], []

    def session(n: int) -> None:
        store = stores[n]
        try:
            for i in range(rounds):
                store.report_value(ReportedValue(indicator.id, 2026, float(i), reported_by=str(n)))
                while True:  # read, change, save; on conflict read again (what a page does on reload)
                    current = store.get_insats(insats.id)
                    try:
                        store.save_insats(replace(current, budget_sek=current.budget_sek + 1))
                        break
                    except ConflictError:
                        conflicts[n] += 1
        except Exception as exc:  # reported below; a thread's exception would otherwise vanish
            failures.append(exc)

    threads = [threading.Thread(target=session, args=(n,)) for n in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not failures, failures
    final = stores[1].get_insats(insats.id)
    assert final.budget_sek == 2 * rounds
    assert final.version == 1 + 2 * rounds
    assert len(stores[0].list_reported_values(PKG)) == 2 * rounds


# ---------------------------------------------------------------------------------------------------
# Failed writes
# ---------------------------------------------------------------------------------------------------


def _every_write(store: Store, insats: Insats, indicator: InsatsIndicator,
                 ) -> dict[str, Callable[[], object]]:
    return {
        "save_scenario": lambda: store.save_scenario(PKG, _scenario("Nytt")),
        "delete_scenario": lambda: store.delete_scenario(PKG, "Lika vikter", expected_version=1),
        "save_targets": lambda: store.save_targets(_targets("trangboddhet")),
        "delete_targets": lambda: store.delete_targets(PKG, "uvas", expected_version=1),
        "add_board": lambda: store.add_board("miljönämnden"),
        "save_insats (new)": lambda: store.save_insats(_insats("Ny")),
        "save_insats (edit)": lambda: store.save_insats(replace(insats, budget_sek=5.0)),
        "delete_insats": lambda: store.delete_insats(insats.id, expected_version=insats.version),
        "save_indicator": lambda: store.save_indicator(InsatsIndicator(insats.id, "Ny indikator")),
        "delete_indicator": lambda: store.delete_indicator(indicator.id, expected_version=1),
        "report_value": lambda: store.report_value(ReportedValue(indicator.id, 2030, 1.0)),
        "import_insatser": lambda: import_insatser(_tiny_csv(), "insatser.csv", store, PKG),
    }


def _tiny_csv() -> bytes:
    return "namn;nämnd;startår\nImporterad;kulturnämnden;2027\n".encode()


def _read_only_url(url: str, backend: str) -> str:
    if backend == "sqlite":
        return f"sqlite:///file:{make_url(url).database}?mode=ro&uri=true"
    parsed = make_url(url).update_query_dict({"options": "-c default_transaction_read_only=on"})
    return parsed.render_as_string(hide_password=False)


def test_writes_to_a_read_only_database_raise_persistence_error(
        db_url: str, make_store: Callable[..., Store]) -> None:
    writable = make_store()
    writable.save_scenario(PKG, _scenario())
    writable.save_targets(_targets())
    insats, output, _ = _populate(writable)
    before = _snapshot(writable)

    read_only = make_store(_read_only_url(db_url, writable.backend))
    assert _snapshot(read_only) == before  # reading works
    assert _sheets(export_insatser(read_only, PKG))["insatser"][1][1] == insats.name
    for name, write in _every_write(read_only, insats, output).items():
        with pytest.raises(PersistenceError) as info:
            write()
        error = info.value
        assert isinstance(error, ReadOnlyDatabaseError), (name, error, error.detail)
        assert "skrivskyddad" in error.message_sv, name
        assert "read-only" in error.message_en, name
        assert "finns kvar" in error.message_sv, name
    assert _snapshot(writable) == before


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_unreachable_postgres_fails_quickly_with_persistence_error() -> None:
    url = f"postgresql+psycopg://kraftsamla:secret@127.0.0.1:{_free_port()}/kraftsamla"
    start = time.monotonic()
    with pytest.raises(DatabaseUnavailableError) as info:
        open_store(url)
    assert "går inte att nå" in info.value.message_sv
    assert "cannot be reached" in info.value.message_en
    assert "secret" not in info.value.message_sv + info.value.message_en

    store = open_store(url, upgrade_schema=False)  # as if the server went away after start-up
    insats = replace(_insats(), id=str(uuid.uuid4()), version=1)
    indicator = InsatsIndicator(insats.id, "Deltagare", id=str(uuid.uuid4()), version=1)
    for name, write in _every_write(store, insats, indicator).items():
        with pytest.raises(PersistenceError) as info:
            write()
        assert isinstance(info.value, DatabaseUnavailableError), (name, info.value)
        assert "finns kvar" in info.value.message_sv, name
    with pytest.raises(DatabaseUnavailableError):
        store.list_insatser(PKG)
    assert time.monotonic() - start < 2 * CONNECT_TIMEOUT_S


def test_unopenable_sqlite_file_raises_persistence_error(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    with pytest.raises(DatabaseUnavailableError):
        open_store(sqlite_url(folder))  # a folder, not a file


# ---------------------------------------------------------------------------------------------------
# Import and export
# ---------------------------------------------------------------------------------------------------




def test_xlsx_export_has_three_sheets_and_imports_back(store: Store) -> None:
    insats, _, _ = _populate(store)
    xlsx = export_insatser(store, PKG)
    sheets = _sheets(xlsx)
    assert list(sheets) == ["insatser", "indikatorer", "rapporterat"]
    assert sheets["insatser"][0][:3] == ["id", "namn", "nämnd"]
    assert sheets["insatser"][1][1:6] == ["Läxhjälp i Kustad", "grundskolenämnden", "smaomrade",
                                          "KU0101, KU0102", 2026]
    assert len(sheets["indikatorer"]) == 3
    assert len(sheets["rapporterat"]) == 4
    before = _snapshot(store)

    again = import_insatser(xlsx, "insatser.xlsx", store, PKG)  # the same file: nothing changes
    assert again.accepted
    assert again.problems == []
    assert again.unchanged == 1 + 2 + 3
    assert _snapshot(store) == before

    store.delete_insats(insats.id, expected_version=1)  # gone, then restored from the file
    restored = import_insatser(xlsx, "insatser.xlsx", store, PKG, user="eva")
    assert restored.accepted, [p.describe("en") for p in restored.problems]
    assert (restored.insatser_created, restored.indicators_created, restored.values_added) == (1, 2, 3)
    # ids, names, values and report times kept; the versions count on past the removal (1 saved,
    # 2 removed, 3 imported again) and the values are reported by whoever imported them, with the
    # reporter named in the file kept in the note.
    assert _sheets(export_insatser(store, PKG)) == _as_imported_again(sheets, "eva")


def _as_imported_again(sheets: dict[str, list[list]], importer: str) -> dict[str, list[list]]:
    """What an export looks like after its insatser were removed and the export imported again."""
    out = {name: [list(row) for row in rows] for name, rows in sheets.items()}
    for name in ("insatser", "indikatorer"):
        version = out[name][0].index("version")
        for row in out[name][1:]:
            row[version] = 3
    header = out["rapporterat"][0]
    note, by = header.index("kommentar"), header.index("rapporterad_av")
    for row in out["rapporterat"][1:]:
        named = f"rapporterad_av: {row[by]}"
        row[note] = f"{row[note]} ({named})" if row[note] else named
        row[by] = importer
    return out


def test_csv_export_is_swedish_excel_and_imports_back(store: Store) -> None:
    insats, _, _ = _populate(store)
    files = export_insatser_csv(store, PKG)
    assert list(files) == ["insatser.csv", "indikatorer.csv", "rapporterat.csv"]
    body = files["rapporterat.csv"]
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark: Excel shows å, ä, ö right
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["insats", "indikator", "år", "värde"]
    assert rows[2][3] == "63,25"  # decimal comma

    store.delete_insats(insats.id, expected_version=1)
    for name in ("insatser.csv", "indikatorer.csv", "rapporterat.csv"):  # one file at a time
        result = import_insatser(files[name], name, store, PKG, user="eva")
        assert result.accepted, [p.describe("en") for p in result.problems]
    expected = _as_imported_again({name.removesuffix(".csv"): _csv_rows(body)
                                   for name, body in files.items()}, "eva")
    assert {name: _csv_rows(body) for name, body in export_insatser_csv(store, PKG).items()} == {
        f"{name}.csv": [[str(c) for c in row] for row in rows] for name, rows in expected.items()}
    files = export_insatser_csv(store, PKG)

    zipped = export_insatser_zip(store, PKG)
    with zipfile.ZipFile(io.BytesIO(zipped)) as archive:
        assert sorted(archive.namelist()) == sorted(files)
    result = import_insatser(zipped, "insatser.zip", store, PKG)
    assert result.accepted
    assert result.unchanged == 6


def _csv_rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_import_updates_adds_and_accepts_english_headers(store: Store) -> None:
    insats, _, _ = _populate(store)
    sheets = _sheets(export_insatser(store, PKG))
    sheets["insatser"][1][6] = 1_500_000  # budget changed in the file
    sheets["insatser"].append([None, "Sommarscen", "Kulturnämnden", "smaomrade", "KU0201;KU0202", 2027,
                               "250 000", "Scen i parken", None])
    sheets["indikatorer"].append([None, "Sommarscen", "Besökare", "prestation", "antal",
                                  "högre är bättre", None, None, 5000, None, None])
    sheets["rapporterat"].append(["Sommarscen", "Besökare", 2027, 4100, None, None, "", "eva", None])
    result = import_insatser(_write_xlsx(sheets), "ändrat.xlsx", store, PKG, user="eva",
                             areas={"smaomrade": ["KU0101", "KU0102", "KU0201", "KU0202"]})
    assert result.accepted, [p.describe("en") for p in result.problems]
    assert (result.insatser_created, result.insatser_updated, result.indicators_created,
            result.values_added) == (1, 1, 1, 1)
    assert "1 insatser tillagda" in result.summary("sv")
    assert "1 updated" in result.summary("en")
    updated = store.get_insats(insats.id)
    assert (updated.budget_sek, updated.version, updated.updated_by) == (1_500_000.0, 2, "eva")
    new = next(i for i in store.list_insatser(PKG) if i.name == "Sommarscen")
    assert (new.board, new.area_ids, new.budget_sek) == ("kulturnämnden", ("KU0201", "KU0202"), 250_000.0)
    [visitors] = store.list_indicators(PKG, new.id)
    assert (visitors.kind, visitors.direction, visitors.target_2030) == ("output", "higher_is_better",
                                                                         5000.0)

    unknown_area = [sheets["insatser"][0], [None, "Vinterscen", "kulturnämnden", "smaomrade",
                                            "KU0101, XX9999", 2028, None, None, None]]
    refused = import_insatser(_write_xlsx({"insatser": unknown_area}), "nytt.xlsx", store, PKG,
                              areas={"smaomrade": ["KU0101"]})
    assert [(p.row, p.column) for p in refused.problems if p.is_error] == [(2, "områden")]
    assert "XX9999" in refused.problems[0].message_sv

    english = ("name,board,start_year,budget_sek,level,areas\n"
               "Summer jobs,Labour Market and Social Services Committee,2028,1234.5,smaomrade,KU0101\n")
    result = import_insatser(english.encode(), "efforts.csv", store, PKG)
    assert result.accepted, [p.describe("en") for p in result.problems]
    jobs = next(i for i in store.list_insatser(PKG) if i.name == "Summer jobs")
    assert (jobs.board, jobs.budget_sek) == ("arbetsmarknads- och socialnämnden", 1234.5)


def test_refused_import_names_file_row_and_column_and_writes_nothing(store: Store) -> None:
    _populate(store)
    before = _snapshot(store)
    sheets = {
        "insatser": [
            ["namn", "nämnd", "områdesnivå", "områden", "startår", "budget_kr"],
            ["Helt ny insats", "grundskolenämnden", "smaomrade", "KU0101", 2027, 100],  # fine alone
            ["Fel nämnd", "miljönämnden", "smaomrade", "KU0101", 2027, 100],
            ["Fel år", "fritidsnämnden", "smaomrade", "KU0101", "tjugotjugosju", 100],
            ["Fel budget", "fritidsnämnden", "smaomrade", "KU0101", 2027, "mycket"],
        ],
        "rapporterat": [
            ["insats", "indikator", "år", "värde"],
            ["Läxhjälp i Kustad", "Deltagare", 2027, 130],  # fine alone
            ["Läxhjälp i Kustad", "Deltagare", 1850, 130],
            ["Läxhjälp i Kustad", "Deltagare", 2027, "ungefär 100"],
            ["Finns inte", "Deltagare", 2027, 1],
        ],
    }
    result = import_insatser(_write_xlsx(sheets), "plan.xlsx", store, PKG)
    assert not result.accepted
    assert (result.insatser_created, result.values_added) == (0, 0)
    assert _snapshot(store) == before  # the valid rows were not written either
    found = {(p.file, p.row, p.column) for p in result.problems if p.is_error}
    assert found == {("plan.xlsx/insatser", 3, "nämnd"), ("plan.xlsx/insatser", 4, "startår"),
                     ("plan.xlsx/insatser", 5, "budget_kr"), ("plan.xlsx/rapporterat", 3, "år"),
                     ("plan.xlsx/rapporterat", 4, "värde"), ("plan.xlsx/rapporterat", 5, "insats")}
    board = next(p for p in result.problems if p.column == "nämnd")
    assert "miljönämnden" in board.message_sv
    for name, _ in SEEDED_BOARDS:
        assert name in board.message_sv
        assert name in board.message_en
    year = next(p for p in result.problems if p.column == "startår")
    assert year.describe("sv").startswith("plan.xlsx/insatser, rad 4, kolumn 'startår':")
    assert year.describe("en").startswith("plan.xlsx/insatser, row 4, column 'startår':")
    assert "inte ett tal" in next(p for p in result.problems if p.column == "värde").message_sv
    assert "togs inte emot" in result.summary("sv")
    assert "nothing was saved" in result.summary("en")


def test_import_refuses_a_row_changed_in_the_app_since_export(store: Store) -> None:
    insats, _, _ = _populate(store)
    exported = export_insatser(store, PKG)
    store.save_insats(replace(insats, description="Ändrat i appen"))
    sheets = _sheets(exported)
    sheets["insatser"][1][7] = "Ändrat i filen"
    result = import_insatser(_write_xlsx(sheets), "gammal.xlsx", store, PKG)
    assert not result.accepted
    [stale] = [p for p in result.problems if p.is_error]
    assert (stale.row, stale.column) == (2, "version")
    assert "version 1" in stale.message_en
    assert "version 2" in stale.message_en
    assert store.get_insats(insats.id).description == "Ändrat i appen"


@pytest.mark.parametrize(("data", "filename", "expected"), [
    (b"not a workbook", "plan.xlsx", "Excel"),
    (b"a;b\n1;2\n", "plan.csv", "insatser.csv"),
    (b"anything", "plan.ods", ".ods"),
    ("namn;startår\nX;2027\n".encode(), "insatser.csv", "nämnd"),
])
def test_unreadable_files_are_refused_with_a_reason(store: Store, data: bytes, filename: str,
                                                    expected: str) -> None:
    result = import_insatser(data, filename, store, PKG)
    assert not result.accepted
    messages = " ".join(p.message_sv + p.message_en for p in result.problems)
    assert expected in messages
    assert store.list_insatser(PKG) == []

"""The store: saved scenarios, targets, boards, insatser, their indicators and reported values, kept in
one database that every session of a deployment shares.

Concurrency
-----------
Editable rows (scenarios, targets, insatser, insats indicators) carry a ``version``. Saving a loaded
record updates the row only if its version is still the one that was loaded (``UPDATE … WHERE version =
:loaded``, atomic on both backends) and bumps it; otherwise nothing is written and `ConflictError`
carries the row as it is now, so the page can show both and keep the person's input. Creating records
(a new insats, indicator or scenario) and reporting values only ever insert rows, so two people doing it
at once never conflict (apart from choosing a name that is already taken).

Failures
--------
Every method raises `PersistenceError` (a subclass where it helps: unreachable, read-only, conflict,
not found, invalid input) instead of a driver exception. A failed write leaves the database as it was.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Row,
    Select,
    Table,
    and_,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from indicators.scenario import Scenario
from persistence import schema as s
from persistence.engine import database_url, describe_url, make_engine, normalise_url, transaction
from persistence.errors import (
    ConflictError,
    DatabaseUnavailableError,
    InvalidDataError,
    NotFoundError,
    PersistenceError,
    ReadOnlyDatabaseError,
    SchemaVersionError,
)
from persistence.migrations import HEAD, current_version, upgrade
from persistence.records import (
    Board,
    IndicatorTargets,
    Insats,
    InsatsIndicator,
    ReportedValue,
    SavedScenario,
    check_name,
    checkpoints_from_dict,
)

#: (Swedish, English) description of what was being done, e.g. ("Insatsen kunde inte sparas", …).
Action = tuple[str, str]


def open_store(url: str | None = None, *, upgrade_schema: bool = True) -> Store:
    """Open the database at ``url`` (default: `database_url()`), creating or upgrading its schema.

    Parameters
    ----------
    url : SQLAlchemy URL: ``sqlite:///path/file.sqlite`` or
        ``postgresql+psycopg://user:pw@host:5432/db`` (plain ``postgresql://`` works too).
    upgrade_schema : apply pending migrations now (default). With False nothing connects until the first
        call, for deployments whose app role may not change the schema (run
        ``python -m persistence upgrade`` with an owner role instead).

    Raises
    ------
    PersistenceError
        Unreadable URL, unreachable database (`DatabaseUnavailableError`, within a few seconds), or a
        database newer than the code (`SchemaVersionError`).
    """
    engine = make_engine(database_url() if url is None else url)
    store = Store(engine)
    if upgrade_schema:
        try:
            store.upgrade()
        except PersistenceError:
            engine.dispose()
            raise
    return store


class Store:
    """Reads and writes every kind of record (see the module docstring). Thread-safe: one store can be
    shared by all sessions of a process (it holds a connection pool, not a connection)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self.location = describe_url(normalise_url(engine.url))

    # --- life cycle ----------------------------------------------------------------------------------

    @property
    def backend(self) -> str:
        """"sqlite" or "postgresql"."""
        return self._engine.dialect.name

    @property
    def engine(self) -> Engine:
        return self._engine

    def close(self) -> None:
        """Close every pooled connection. The store can still be used afterwards (it reconnects)."""
        self._engine.dispose()

    def upgrade(self, target: int | None = None) -> int:
        """Apply pending migrations (see `persistence.migrations.upgrade`); returns the version."""
        with self._errors(("Databasen kunde inte öppnas", "The database could not be opened"),
                          write=False):
            return upgrade(self._engine, target)

    def schema_version(self) -> int:
        """The database's schema version (`persistence.migrations.HEAD` once upgraded)."""
        with self._session(("Databasens version kunde inte läsas",
                            "The database version could not be read"), write=False) as session:
            return current_version(session.conn)

    # --- transactions -------------------------------------------------------------------------------

    @contextmanager
    def _errors(self, action: Action, write: bool) -> Iterator[None]:
        try:
            yield
        except PersistenceError:
            raise
        except SQLAlchemyError as exc:
            raise translate_error(exc, action, write, self.location) from exc

    @contextmanager
    def _session(self, action: Action, write: bool, user: str | None = None,
                 now: datetime | None = None) -> Iterator[Batch]:
        with self._errors(action, write), transaction(self._engine, write) as conn:
            yield Batch(conn, user=user, now=now)

    @contextmanager
    def reading(self, action: Action = ("Uppgifterna kunde inte läsas", "The data could not be read"),
                ) -> Iterator[Batch]:
        """Several reads in one transaction (works on a read-only database too)."""
        with self._session(action, False) as session:
            yield session

    @contextmanager
    def batch(self, action: Action = ("Ändringarna kunde inte sparas", "The changes could not be saved"),
              *, user: str | None = None, now: datetime | None = None) -> Iterator[Batch]:
        """Several writes in one transaction: all are kept, or (on any error) none.

        Examples
        --------
        >>> with store.batch(user="anna") as batch:  # doctest: +SKIP
        ...     insats = batch.save_insats(insats)
        ...     batch.save_indicator(InsatsIndicator(insats.id, "Deltagare", kind="output"))
        """
        with self._session(action, True, user, now) as session:
            yield session

    # --- boards --------------------------------------------------------------------------------------

    def list_boards(self) -> list[Board]:
        """Every board, in their sort order (the six seeded ones first)."""
        with self._session(("Nämnderna kunde inte läsas", "The boards could not be read"), False) as b:
            return b.list_boards()

    def add_board(self, name_sv: str, name_en: str = "", *, now: datetime | None = None) -> Board:
        """Add a board that can be responsible for insatser; an existing name returns that board."""
        with self._session(("Nämnden kunde inte läggas till", "The board could not be added"), True,
                           now=now) as b:
            return b.add_board(name_sv, name_en)

    # --- scenarios -----------------------------------------------------------------------------------

    def list_scenarios(self, package_key: str) -> list[SavedScenario]:
        """The package's saved scenarios, by name."""
        with self._session(("Scenarierna kunde inte läsas", "The scenarios could not be read"),
                           False) as b:
            return b.list_scenarios(package_key)

    def get_scenario(self, package_key: str, name: str) -> SavedScenario | None:
        with self._session(("Scenariot kunde inte läsas", "The scenario could not be read"), False) as b:
            return b.get_scenario(package_key, name)

    def save_scenario(self, package_key: str, scenario: Scenario, *, expected_version: int = 0,
                      user: str | None = None, now: datetime | None = None) -> SavedScenario:
        """Save ``scenario`` under ``scenario.name``: a new one when ``expected_version`` is 0, else an
        update of the saved one that was loaded at that version.

        Raises
        ------
        ConflictError
            The name is taken (new), or the saved scenario changed or was removed since it was loaded.
        """
        with self._session(("Scenariot kunde inte sparas", "The scenario could not be saved"), True,
                           user, now) as b:
            return b.save_scenario(package_key, scenario, expected_version)

    def delete_scenario(self, package_key: str, name: str, *, expected_version: int) -> bool:
        """Remove a saved scenario if it is still at ``expected_version``; False if already gone."""
        with self._session(("Scenariot kunde inte tas bort", "The scenario could not be removed"),
                           True) as b:
            return b.delete_scenario(package_key, name, expected_version)

    # --- targets -------------------------------------------------------------------------------------

    def list_targets(self, package_key: str) -> list[IndicatorTargets]:
        """The package's targets, one per indicator, by indicator id."""
        with self._session(("Målen kunde inte läsas", "The targets could not be read"), False) as b:
            return b.list_targets(package_key)

    def get_targets(self, package_key: str, indicator_id: str) -> IndicatorTargets | None:
        with self._session(("Målen kunde inte läsas", "The targets could not be read"), False) as b:
            return b.get_targets(package_key, indicator_id)

    def save_targets(self, targets: IndicatorTargets, *, user: str | None = None,
                     now: datetime | None = None) -> IndicatorTargets:
        """Create (``targets.version == 0``) or update (loaded version) an indicator's targets."""
        with self._session(("Målen kunde inte sparas", "The targets could not be saved"), True,
                           user, now) as b:
            return b.save_targets(targets)

    def delete_targets(self, package_key: str, indicator_id: str, *, expected_version: int) -> bool:
        with self._session(("Målen kunde inte tas bort", "The targets could not be removed"),
                           True) as b:
            return b.delete_targets(package_key, indicator_id, expected_version)

    # --- insatser ------------------------------------------------------------------------------------

    def list_insatser(self, package_key: str) -> list[Insats]:
        """The package's insatser, by name."""
        with self._session(("Insatserna kunde inte läsas", "The insatser could not be read"),
                           False) as b:
            return b.list_insatser(package_key)

    def get_insats(self, insats_id: str) -> Insats | None:
        with self._session(("Insatsen kunde inte läsas", "The insats could not be read"), False) as b:
            return b.get_insats(insats_id)

    def save_insats(self, insats: Insats, *, user: str | None = None,
                    now: datetime | None = None) -> Insats:
        """Create (``insats.version == 0``; id given if empty) or update (loaded version) an insats.

        Raises
        ------
        InvalidDataError
            Unknown board (the message lists the valid ones).
        ConflictError
            The name is taken in the package (new), or the insats changed or was removed since loaded.
        """
        with self._session(("Insatsen kunde inte sparas", "The insats could not be saved"), True,
                           user, now) as b:
            return b.save_insats(insats)

    def delete_insats(self, insats_id: str, *, expected_version: int) -> bool:
        """Remove an insats with its indicators and reported values; False if already gone."""
        with self._session(("Insatsen kunde inte tas bort", "The insats could not be removed"),
                           True) as b:
            return b.delete_insats(insats_id, expected_version)

    # --- insats indicators --------------------------------------------------------------------------

    def list_indicators(self, package_key: str, insats_id: str | None = None) -> list[InsatsIndicator]:
        """The indicators of one insats, or of every insats in the package (by insats, then name)."""
        with self._session(("Indikatorerna kunde inte läsas", "The indicators could not be read"),
                           False) as b:
            return b.list_indicators(package_key, insats_id)

    def get_indicator(self, indicator_id: str) -> InsatsIndicator | None:
        with self._session(("Indikatorn kunde inte läsas", "The indicator could not be read"),
                           False) as b:
            return b.get_indicator(indicator_id)

    def save_indicator(self, indicator: InsatsIndicator, *, user: str | None = None,
                       now: datetime | None = None) -> InsatsIndicator:
        """Create (``version == 0``) or update (loaded version) an insats indicator."""
        with self._session(("Indikatorn kunde inte sparas", "The indicator could not be saved"), True,
                           user, now) as b:
            return b.save_indicator(indicator)

    def delete_indicator(self, indicator_id: str, *, expected_version: int) -> bool:
        """Remove an indicator with its reported values; False if already gone."""
        with self._session(("Indikatorn kunde inte tas bort", "The indicator could not be removed"),
                           True) as b:
            return b.delete_indicator(indicator_id, expected_version)

    # --- reported values ----------------------------------------------------------------------------

    def report_value(self, report: ReportedValue, *, now: datetime | None = None) -> ReportedValue:
        """Append a reported value (never conflicts); ``reported_at`` defaults to now."""
        with self._session(("Värdet kunde inte sparas", "The value could not be saved"), True,
                           now=now) as b:
            return b.report_value(report)

    def list_reported_values(self, package_key: str, *, insats_id: str | None = None,
                             indicator_id: str | None = None,
                             latest_only: bool = False) -> list[ReportedValue]:
        """Reported values in the order they were reported; ``latest_only`` keeps, per indicator and
        year, the one reported last (the value that counts)."""
        with self._session(("De rapporterade värdena kunde inte läsas",
                            "The reported values could not be read"), False) as b:
            return b.list_reported_values(package_key, insats_id=insats_id, indicator_id=indicator_id,
                                          latest_only=latest_only)


# ---------------------------------------------------------------------------------------------------
# One transaction's worth of reads and writes
# ---------------------------------------------------------------------------------------------------


def _when(moment: datetime | None) -> tuple[str, str]:
    if moment is None:
        return "", ""
    text = moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f" {text}", f" at {text}"


def _conflict(what_sv: str, what_en: str, current: Any, version: int | None = None,
              by: str | None = None, at: datetime | None = None) -> ConflictError:
    """`ConflictError` for a stale save or delete; ``current`` None means it has been removed."""
    if current is None:
        return ConflictError(
            f"{what_sv} har tagits bort av någon annan sedan du öppnade den. Det du har skrivit har "
            "inte sparats men finns kvar här.",
            f"{what_en} has been removed by someone else since you opened it. What you wrote has not "
            "been saved but is still here.")
    when_sv, when_en = _when(at)
    return ConflictError(
        f"{what_sv} har ändrats av {by or 'någon annan'}{when_sv} sedan du öppnade den (nu version "
        f"{version}). Det du har skrivit har inte sparats men finns kvar: jämför med den sparade "
        "versionen och spara igen.",
        f"{what_en} was changed by {by or 'someone else'}{when_en} since you opened it (now version "
        f"{version}). What you wrote has not been saved but is still here: compare with the saved "
        "version and save again.",
        current=current)


def _name_taken(what_sv: str, what_en: str, name: str, current: Any) -> ConflictError:
    return ConflictError(
        f"Det finns redan {what_sv} som heter '{name}'. Välj ett annat namn eller öppna den befintliga.",
        f"There is already {what_en} called '{name}'. Choose another name or open the existing one.",
        current=current)


def _loads(text: str) -> Any:
    return json.loads(text)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


class Batch:
    """Reads and writes inside one open transaction (see `Store.batch`). ``user`` is recorded as
    ``updated_by``; ``now`` (default: when the batch began) stamps every row it writes."""

    def __init__(self, conn: Connection, user: str | None = None, now: datetime | None = None) -> None:
        self.conn = conn
        self.user = user
        self.now = datetime.now(UTC) if now is None else now
        if self.now.tzinfo is None:
            raise InvalidDataError("Tidpunkten saknar tidszon.", "The time has no time zone.")

    # --- boards --------------------------------------------------------------------------------------

    def list_boards(self) -> list[Board]:
        rows = self.conn.execute(select(s.boards).order_by(s.boards.c.sort_order, s.boards.c.id))
        return [Board(r.id, r.name_sv, r.name_en, r.sort_order) for r in rows]

    def board_named(self, name: str) -> Board | None:
        """The board called ``name`` (Swedish or English name, any case), or None."""
        wanted = " ".join(str(name).split()).casefold()
        for board in self.list_boards():
            if wanted in (board.name_sv.casefold(), board.name_en.casefold()):
                return board
        return None

    def _board(self, name: str) -> Board:
        board = self.board_named(name)
        if board is None:
            valid = ", ".join(b.name_sv for b in self.list_boards())
            raise InvalidDataError(f"Okänd nämnd '{name}'. Giltiga nämnder: {valid}.",
                                   f"Unknown board '{name}'. Valid boards: {valid}.")
        return board

    def add_board(self, name_sv: str, name_en: str = "") -> Board:
        check_name(name_sv, "Nämndens namn", "The board's name")
        name_sv = " ".join(name_sv.split())
        existing = self.board_named(name_sv)
        if existing is not None:
            return existing
        order = self.conn.execute(select(func.max(s.boards.c.sort_order))).scalar() or 0
        new_id = self.conn.execute(insert(s.boards).values(
            name_sv=name_sv, name_en=" ".join(name_en.split()), sort_order=order + 1,
            created_at=self.now)).inserted_primary_key[0]
        return Board(int(new_id), name_sv, " ".join(name_en.split()), order + 1)

    # --- scenarios -----------------------------------------------------------------------------------

    @staticmethod
    def _scenario(row: Row) -> SavedScenario:
        try:
            scenario = Scenario.from_dict({**_loads(row.scenario_json), "name": row.name})
        except (ValueError, KeyError, TypeError) as exc:
            raise PersistenceError(
                f"Det sparade scenariot '{row.name}' kan inte läsas av den här versionen av appen.",
                f"The saved scenario '{row.name}' cannot be read by this version of the app.",
                str(exc)) from None
        return SavedScenario(row.package_key, scenario, row.version, row.created_at, row.updated_at,
                             row.updated_by)

    def list_scenarios(self, package_key: str) -> list[SavedScenario]:
        t = s.scenarios
        rows = self.conn.execute(select(t).where(t.c.package_key == package_key).order_by(t.c.name))
        return [self._scenario(r) for r in rows]

    def get_scenario(self, package_key: str, name: str) -> SavedScenario | None:
        t = s.scenarios
        row = self.conn.execute(select(t).where(t.c.package_key == package_key,
                                                t.c.name == name)).first()
        return None if row is None else self._scenario(row)

    def save_scenario(self, package_key: str, scenario: Scenario,
                      expected_version: int = 0) -> SavedScenario:
        check_name(package_key, "Datapaketets namn", "The package key")
        check_name(scenario.name, "Scenariots namn", "The scenario's name")
        t = s.scenarios
        name = scenario.name
        body = _dumps(scenario.to_dict())
        if expected_version == 0:
            existing = self.get_scenario(package_key, name)
            if existing is not None:
                raise _name_taken("ett scenario", "a scenario", name, existing)
            self.conn.execute(insert(t).values(
                package_key=package_key, name=name, scenario_json=body, version=1, created_at=self.now,
                updated_at=self.now, updated_by=self.user))
        else:
            done = self.conn.execute(update(t).where(
                t.c.package_key == package_key, t.c.name == name, t.c.version == expected_version,
            ).values(scenario_json=body, version=t.c.version + 1, updated_at=self.now,
                     updated_by=self.user)).rowcount
            if done != 1:
                current = self.get_scenario(package_key, name)
                raise _conflict(f"Scenariot '{name}'", f"The scenario '{name}'", current,
                                *_stamp(current))
        saved = self.get_scenario(package_key, name)
        assert saved is not None
        return saved

    def delete_scenario(self, package_key: str, name: str, expected_version: int) -> bool:
        t = s.scenarios
        return self._delete(t, and_(t.c.package_key == package_key, t.c.name == name), expected_version,
                            lambda: self.get_scenario(package_key, name),
                            (f"Scenariot '{name}'", f"The scenario '{name}'"))

    # --- targets -------------------------------------------------------------------------------------

    @staticmethod
    def _targets(row: Row) -> IndicatorTargets:
        return IndicatorTargets(
            row.package_key, row.indicator_id, row.baseline_year, row.baseline_value, row.start_year,
            checkpoints_from_dict(_loads(row.checkpoints_json)), row.scenario_name,
            row.responsible_board, row.version, row.created_at, row.updated_at, row.updated_by)

    def list_targets(self, package_key: str) -> list[IndicatorTargets]:
        t = s.targets
        rows = self.conn.execute(select(t).where(t.c.package_key == package_key)
                                 .order_by(t.c.indicator_id))
        return [self._targets(r) for r in rows]

    def get_targets(self, package_key: str, indicator_id: str) -> IndicatorTargets | None:
        t = s.targets
        row = self.conn.execute(select(t).where(t.c.package_key == package_key,
                                                t.c.indicator_id == indicator_id)).first()
        return None if row is None else self._targets(row)

    def save_targets(self, targets: IndicatorTargets) -> IndicatorTargets:
        t = s.targets
        key, ident = targets.package_key, targets.indicator_id
        values = {"baseline_year": targets.baseline_year, "baseline_value": targets.baseline_value,
                  "start_year": targets.start_year, "checkpoints_json": _dumps(targets.checkpoints_dict()),
                  "scenario_name": targets.scenario_name,
                  "responsible_board": targets.responsible_board, "updated_at": self.now,
                  "updated_by": self.user}
        what = (f"Målen för '{ident}'", f"The targets for '{ident}'")
        if targets.version == 0:
            existing = self.get_targets(key, ident)
            if existing is not None:
                raise ConflictError(
                    f"{what[0]} har redan sparats av {existing.updated_by or 'någon annan'}. Det du "
                    "har skrivit har inte sparats men finns kvar: jämför och spara igen.",
                    f"{what[1]} have already been saved by {existing.updated_by or 'someone else'}. "
                    "What you wrote has not been saved but is still here: compare and save again.",
                    current=existing)
            self.conn.execute(insert(t).values(package_key=key, indicator_id=ident, version=1,
                                               created_at=self.now, **values))
        else:
            done = self.conn.execute(update(t).where(
                t.c.package_key == key, t.c.indicator_id == ident, t.c.version == targets.version,
            ).values(version=t.c.version + 1, **values)).rowcount
            if done != 1:
                current = self.get_targets(key, ident)
                raise _conflict(*what, current, *_stamp(current))
        saved = self.get_targets(key, ident)
        assert saved is not None
        return saved

    def delete_targets(self, package_key: str, indicator_id: str, expected_version: int) -> bool:
        t = s.targets
        return self._delete(t, and_(t.c.package_key == package_key, t.c.indicator_id == indicator_id),
                            expected_version, lambda: self.get_targets(package_key, indicator_id),
                            (f"Målen för '{indicator_id}'", f"The targets for '{indicator_id}'"))

    # --- insatser ------------------------------------------------------------------------------------

    def _insats_query(self) -> Select:
        t = s.insatser
        return select(t, s.boards.c.name_sv.label("board_name")).join(
            s.boards, s.boards.c.id == t.c.board_id)

    @staticmethod
    def _insats(row: Row) -> Insats:
        return Insats(row.package_key, row.name, row.board_name, row.area_level,
                      tuple(_loads(row.area_ids_json)), row.start_year, row.budget_sek, row.description,
                      row.id, row.version, row.created_at, row.updated_at, row.updated_by)

    def list_insatser(self, package_key: str) -> list[Insats]:
        t = s.insatser
        rows = self.conn.execute(self._insats_query().where(t.c.package_key == package_key)
                                 .order_by(t.c.name))
        return [self._insats(r) for r in rows]

    def get_insats(self, insats_id: str) -> Insats | None:
        row = self.conn.execute(self._insats_query().where(s.insatser.c.id == insats_id)).first()
        return None if row is None else self._insats(row)

    def insats_named(self, package_key: str, name: str) -> Insats | None:
        t = s.insatser
        row = self.conn.execute(self._insats_query().where(t.c.package_key == package_key,
                                                           t.c.name == name.strip())).first()
        return None if row is None else self._insats(row)

    def save_insats(self, insats: Insats) -> Insats:
        t = s.insatser
        board = self._board(insats.board)
        values = {"name": insats.name, "board_id": board.id, "area_level": insats.area_level,
                  "area_ids_json": _dumps(list(insats.area_ids)), "start_year": insats.start_year,
                  "budget_sek": None if insats.budget_sek is None else float(insats.budget_sek),
                  "description": insats.description or "", "updated_at": self.now,
                  "updated_by": self.user}
        what = (f"Insatsen '{insats.name}'", f"The insats '{insats.name}'")
        named = self.insats_named(insats.package_key, insats.name)
        if named is not None and named.id != insats.id:
            raise _name_taken("en insats", "an insats", insats.name, named)
        if insats.version == 0:
            new_id = insats.id or str(uuid.uuid4())
            if self.conn.execute(select(t.c.package_key).where(t.c.id == new_id)).first() is not None:
                raise InvalidDataError(f"Det finns redan en insats med id {new_id}.",
                                       f"There is already an insats with id {new_id}.")
            self.conn.execute(insert(t).values(id=new_id, package_key=insats.package_key, version=1,
                                               created_at=self.now, **values))
        else:
            new_id = insats.id
            done = self.conn.execute(update(t).where(
                t.c.id == insats.id, t.c.package_key == insats.package_key,
                t.c.version == insats.version,
            ).values(version=t.c.version + 1, **values)).rowcount
            if done != 1:
                current = self.get_insats(insats.id)
                raise _conflict(*what, current, *_stamp(current))
        saved = self.get_insats(new_id)
        assert saved is not None
        return saved

    def delete_insats(self, insats_id: str, expected_version: int) -> bool:
        t = s.insatser
        current = self.get_insats(insats_id)
        name = current.name if current else insats_id
        # Delete children explicitly too: foreign-key cascades are not guaranteed on every SQLite.
        if current is not None and current.version == expected_version:
            indicator_ids = select(s.insats_indicators.c.id).where(
                s.insats_indicators.c.insats_id == insats_id)
            self.conn.execute(delete(s.reported_values).where(
                s.reported_values.c.indicator_id.in_(indicator_ids)))
            self.conn.execute(delete(s.insats_indicators).where(
                s.insats_indicators.c.insats_id == insats_id))
        return self._delete(t, t.c.id == insats_id, expected_version, lambda: self.get_insats(insats_id),
                            (f"Insatsen '{name}'", f"The insats '{name}'"))

    # --- insats indicators --------------------------------------------------------------------------

    @staticmethod
    def _indicator(row: Row) -> InsatsIndicator:
        return InsatsIndicator(
            row.insats_id, row.name, row.kind, row.unit, row.direction, row.baseline_year,
            row.baseline_value, row.target_2030, row.target_2035, row.id, row.version, row.created_at,
            row.updated_at, row.updated_by)

    def list_indicators(self, package_key: str, insats_id: str | None = None) -> list[InsatsIndicator]:
        ti, t = s.insats_indicators, s.insatser
        query = (select(ti).join(t, t.c.id == ti.c.insats_id).where(t.c.package_key == package_key)
                 .order_by(t.c.name, ti.c.name))
        if insats_id is not None:
            query = query.where(ti.c.insats_id == insats_id)
        return [self._indicator(r) for r in self.conn.execute(query)]

    def get_indicator(self, indicator_id: str) -> InsatsIndicator | None:
        ti = s.insats_indicators
        row = self.conn.execute(select(ti).where(ti.c.id == indicator_id)).first()
        return None if row is None else self._indicator(row)

    def indicator_named(self, insats_id: str, name: str) -> InsatsIndicator | None:
        ti = s.insats_indicators
        row = self.conn.execute(select(ti).where(ti.c.insats_id == insats_id,
                                                 ti.c.name == name.strip())).first()
        return None if row is None else self._indicator(row)

    def save_indicator(self, indicator: InsatsIndicator) -> InsatsIndicator:
        ti = s.insats_indicators
        insats = self.get_insats(indicator.insats_id)
        if insats is None:
            raise NotFoundError(
                "Insatsen som indikatorn hör till finns inte (den kan ha tagits bort av någon annan).",
                "The insats the indicator belongs to does not exist (someone else may have removed it).")
        values = {"insats_id": indicator.insats_id, "name": indicator.name, "kind": indicator.kind,
                  "unit": indicator.unit or "", "direction": indicator.direction,
                  "baseline_year": indicator.baseline_year, "baseline_value": indicator.baseline_value,
                  "target_2030": indicator.target_2030, "target_2035": indicator.target_2035,
                  "updated_at": self.now, "updated_by": self.user}
        what = (f"Indikatorn '{indicator.name}'", f"The indicator '{indicator.name}'")
        named = self.indicator_named(indicator.insats_id, indicator.name)
        if named is not None and named.id != indicator.id:
            raise _name_taken(f"en indikator i insatsen '{insats.name}'",
                              f"an indicator in the insats '{insats.name}'", indicator.name, named)
        if indicator.version == 0:
            new_id = indicator.id or str(uuid.uuid4())
            if self.get_indicator(new_id) is not None:
                raise InvalidDataError(f"Det finns redan en indikator med id {new_id}.",
                                       f"There is already an indicator with id {new_id}.")
            self.conn.execute(insert(ti).values(id=new_id, version=1, created_at=self.now, **values))
        else:
            new_id = indicator.id
            done = self.conn.execute(update(ti).where(
                ti.c.id == indicator.id, ti.c.version == indicator.version,
            ).values(version=ti.c.version + 1, **values)).rowcount
            if done != 1:
                current = self.get_indicator(indicator.id)
                raise _conflict(*what, current, *_stamp(current))
        saved = self.get_indicator(new_id)
        assert saved is not None
        return saved

    def delete_indicator(self, indicator_id: str, expected_version: int) -> bool:
        ti = s.insats_indicators
        current = self.get_indicator(indicator_id)
        name = current.name if current else indicator_id
        if current is not None and current.version == expected_version:
            self.conn.execute(delete(s.reported_values).where(
                s.reported_values.c.indicator_id == indicator_id))
        return self._delete(ti, ti.c.id == indicator_id, expected_version,
                            lambda: self.get_indicator(indicator_id),
                            (f"Indikatorn '{name}'", f"The indicator '{name}'"))

    # --- reported values ----------------------------------------------------------------------------

    @staticmethod
    def _report(row: Row) -> ReportedValue:
        return ReportedValue(row.indicator_id, row.year, row.value, row.numerator, row.denominator,
                             row.note, row.reported_by, row.reported_at, row.id)

    def report_value(self, report: ReportedValue) -> ReportedValue:
        rv = s.reported_values
        if self.get_indicator(report.indicator_id) is None:
            raise NotFoundError(
                "Indikatorn som värdet rapporteras för finns inte (den kan ha tagits bort av någon "
                "annan). Det du har skrivit har inte sparats men finns kvar.",
                "The indicator the value is reported for does not exist (someone else may have removed "
                "it). What you wrote has not been saved but is still here.")
        at = report.reported_at or self.now
        new_id = self.conn.execute(insert(rv).values(
            indicator_id=report.indicator_id, year=report.year, value=float(report.value),
            numerator=report.numerator, denominator=report.denominator, note=report.note or "",
            reported_by=report.reported_by or self.user or "", reported_at=at)).inserted_primary_key[0]
        row = self.conn.execute(select(rv).where(rv.c.id == new_id)).one()
        return self._report(row)

    def list_reported_values(self, package_key: str, *, insats_id: str | None = None,
                             indicator_id: str | None = None,
                             latest_only: bool = False) -> list[ReportedValue]:
        rv, ti, t = s.reported_values, s.insats_indicators, s.insatser
        query = (select(rv).join(ti, ti.c.id == rv.c.indicator_id).join(t, t.c.id == ti.c.insats_id)
                 .where(t.c.package_key == package_key).order_by(rv.c.reported_at, rv.c.id))
        if insats_id is not None:
            query = query.where(ti.c.insats_id == insats_id)
        if indicator_id is not None:
            query = query.where(rv.c.indicator_id == indicator_id)
        reports = [self._report(r) for r in self.conn.execute(query)]
        if not latest_only:
            return reports
        latest: dict[tuple[str, int], ReportedValue] = {}
        for report in reports:  # in reporting order: the last one per key wins
            latest[(report.indicator_id, report.year)] = report
        return sorted(latest.values(), key=lambda r: (r.indicator_id, r.year))

    # --- shared --------------------------------------------------------------------------------------

    def _delete(self, table: Table, where: ColumnElement[bool], expected_version: int,
                current: Callable[[], Any], what: Action) -> bool:
        done = self.conn.execute(delete(table).where(where, table.c.version == expected_version)).rowcount
        if done == 1:
            return True
        now = current()
        if now is None:
            return False  # already gone: nothing the person wanted is lost
        raise _conflict(*what, now, *_stamp(now))


def _stamp(record: Any) -> tuple[int | None, str | None, datetime | None]:
    if record is None:
        return None, None, None
    return record.version, record.updated_by, record.updated_at


# ---------------------------------------------------------------------------------------------------
# Driver errors → PersistenceError
# ---------------------------------------------------------------------------------------------------


def _sqlstate(exc: SQLAlchemyError) -> str:
    orig = getattr(exc, "orig", None)
    return str(getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None) or "")


def translate_error(exc: SQLAlchemyError, action: Action, write: bool, location: str) -> PersistenceError:
    """A `PersistenceError` (the most specific subclass) for a SQLAlchemy/driver error.

    Parameters
    ----------
    action : (Swedish, English) what was being done, e.g. ("Insatsen kunde inte sparas", …).
    write : whether input may have been lost (then the message says it is kept on the page).
    location : where the database is (`persistence.engine.describe_url`; no password).
    """
    code = _sqlstate(exc)
    text = str(getattr(exc, "orig", None) or exc).lower()
    detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    kept_sv, kept_en = (" Det du har skrivit finns kvar.", " What you wrote is still here.") if write \
        else ("", "")
    again_sv = " Det du har skrivit finns kvar – försök igen om en stund." if write \
        else " Försök igen om en stund."
    again_en = " What you wrote is still here – try again in a while." if write else " Try again in a while."
    sv, en = action
    postgres = location.startswith("PostgreSQL")
    unavailable = (
        isinstance(exc, PoolTimeoutError)
        or (isinstance(exc, DBAPIError) and exc.connection_invalidated)
        or code.startswith("08") or code in ("57P01", "57P02", "57P03")
        or (postgres and isinstance(exc, DBAPIError) and not code
            and type(exc).__name__ in ("OperationalError", "InterfaceError"))
        or "unable to open database file" in text
    )
    if code == "25006" or "readonly" in text or "read-only" in text:
        return ReadOnlyDatabaseError(
            f"{sv}: databasen är skrivskyddad ({location}). Be den som förvaltar appen att göra den "
            f"skrivbar.{kept_sv}",
            f"{en}: the database is read-only ({location}). Ask whoever runs the app to make it "
            f"writable.{kept_en}", detail)
    if unavailable:
        return DatabaseUnavailableError(
            f"{sv}: databasen går inte att nå ({location}).{again_sv}",
            f"{en}: the database cannot be reached ({location}).{again_en}", detail)
    if code in ("40001", "40P01", "55P03") or "database is locked" in text:
        return PersistenceError(
            f"{sv}: databasen var upptagen av en annan ändring.{again_sv}",
            f"{en}: the database was busy with another change.{again_en}", detail)
    if code == "42P01" or "no such table" in text:
        return SchemaVersionError(
            f"{sv}: databasens tabeller saknas eller är för gamla (version {HEAD} behövs). Kör "
            "'python -m persistence upgrade'.",
            f"{en}: the database's tables are missing or too old (version {HEAD} is needed). Run "
            "'python -m persistence upgrade'.", detail)
    if isinstance(exc, IntegrityError):
        if code == "23503" or "foreign key" in text:
            return NotFoundError(
                f"{sv}: det som ändringen hänvisar till har tagits bort av någon annan.{kept_sv}",
                f"{en}: what the change refers to has been removed by someone else.{kept_en}", detail)
        return ConflictError(
            f"{sv}: någon annan sparade samtidigt något med samma namn. Ladda om sidan och försök "
            "igen; det du har skrivit finns kvar.",
            f"{en}: someone else saved something with the same name at the same time. Reload the page "
            "and try again; what you wrote is still here.", detail=detail)
    return PersistenceError(
        f"{sv}: ett databasfel inträffade ({type(exc).__name__}).{again_sv}",
        f"{en}: a database error occurred ({type(exc).__name__}).{again_en}", detail)


__all__ = ["Batch", "Store", "open_store", "translate_error"]

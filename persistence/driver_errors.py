"""Driver errors → `PersistenceError`: what went wrong, in words a person can act on.

Every error that SQLAlchemy or a driver raises inside the store becomes the most specific
`PersistenceError` subclass (unreachable, read-only, conflict, not found, schema…), with the action that
failed ("Insatsen kunde inte sparas") and, for writes, the promise that what was typed is still there.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from persistence.errors import (
    ConflictError,
    DatabaseUnavailableError,
    NotFoundError,
    PersistenceError,
    ReadOnlyDatabaseError,
    SchemaVersionError,
)
from persistence.migrate import head

#: (Swedish, English) description of what was being done, e.g. ("Insatsen kunde inte sparas", …).
Action = tuple[str, str]


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
    if code in ("42P01", "42703") or "no such table" in text or "no such column" in text:
        return SchemaVersionError(
            f"{sv}: databasens tabeller saknas eller är för gamla (version {head()} behövs). Kör "
            "'python -m persistence upgrade'.",
            f"{en}: the database's tables are missing or too old (version {head()} is needed). Run "
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

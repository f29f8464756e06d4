"""Running a fetch from SCB: the plan (what will be fetched, roughly how long), the atomic write,
and `FetchJob`, which runs `build_scb_package` on a background thread with progress and cancel.

The CLI and the fetch button share all of it: the same build, the same write (into a temporary
folder beside the target, swapped into place only when complete, so an offline or cancelled fetch
leaves nothing half-written), the same messages (codes with parameters, worded in ``i18n.catalogue``).
The job's thread never touches Streamlit; the page polls `FetchJob.snapshot`.

`SystemClock` is where the real time enters (it dates the cached answers); tests pass a fake one.

Never imports streamlit.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from datapackage.scb.build import build_scb_package
from datapackage.scb.catalogue import CATALOGUE, TableSpec
from datapackage.scb.client import Clock, ScbClient, ScbUnavailable
from datapackage.scb.endpoints import Endpoints
from datapackage.scb.kommuner import Kommun
from datapackage.scb.progress import FetchCancelled, FetchProgress
from datapackage.store import DataPackage, write_package
from model.problems import ImportRefused, Problem

#: A rough time per request (SCB answers in about half a second; at most 30 calls per 10 s).
SECONDS_PER_REQUEST = 0.6
RUNNING, DONE, FAILED, CANCELLED = "running", "done", "failed", "cancelled"


class SystemClock:
    """The real clock. ``stop`` (an event) makes waits end early, so a cancel is not held up by a
    back-off or the rate limit."""

    def __init__(self, stop: threading.Event | None = None) -> None:
        self._stop = stop

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        if self._stop is not None:
            self._stop.wait(seconds)
        else:
            time.sleep(seconds)

    def today(self) -> date:
        return date.today()


# =============================================================================================
# Plan
# =============================================================================================


@dataclass(frozen=True)
class PlannedTable:
    table_id: str
    what_sv: str
    what_en: str
    first_year: int | None
    last_year: int | None
    requests: int


@dataclass(frozen=True)
class FetchPlan:
    """What a fetch will ask SCB for: boundaries, the DeSO key, the tables and their years."""

    kommun: Kommun
    tables: tuple[PlannedTable, ...]
    requests: int

    @property
    def seconds(self) -> float:
        """Roughly how long it takes without a cache (`SECONDS_PER_REQUEST` per request)."""
        return self.requests * SECONDS_PER_REQUEST


def plan_fetch(kommun: Kommun, this_year: int, catalogue: Sequence[TableSpec] = CATALOGUE
               ) -> FetchPlan:
    """The requests a fetch makes: two boundary layers, SCB's config, the DeSO page and key, and per
    table its description and one query per year (from ``first_year`` to the latest year the
    catalogue knows, or last year)."""
    tables = []
    for spec in catalogue:
        last = spec.last_known_year or this_year - 1
        first = spec.first_year or last
        tables.append(PlannedTable(spec.table_id, spec.what_sv, spec.what_en, first, last,
                                   1 + max(0, last - first + 1)))
    return FetchPlan(kommun, tuple(tables), 2 + 1 + 2 + sum(t.requests for t in tables))


# =============================================================================================
# Writing
# =============================================================================================


def package_folder_name(kommun: Kommun) -> str:
    """The package folder of a kommun's SCB package, e.g. ``malmo_scb``."""
    plain = unicodedata.normalize("NFKD", kommun.name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_") + "_scb"


def writable_target(out: Path) -> bool:
    """True when ``out`` is new, empty, or already a package (which may be replaced)."""
    from datapackage.store import MANIFEST

    return not out.exists() or (out.is_dir() and (not any(out.iterdir())
                                                   or (out / MANIFEST).is_file()))


def write_atomically(package: DataPackage, out: Path) -> Path:
    """Write into a temporary folder beside ``out``, then swap it into place."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    old = out.with_name(f".{out.name}.old-{os.getpid()}-{threading.get_ident()}")
    try:
        write_package(package, tmp)
        if out.exists():
            os.replace(out, old)
        os.replace(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
    return out


# =============================================================================================
# The background job
# =============================================================================================


@dataclass(frozen=True)
class JobState:
    """A snapshot of a `FetchJob`. ``error`` is a text code and its parameters (``i18n.catalogue``)."""

    status: str
    progress: FetchProgress | None = None
    elapsed: float = 0.0
    problems: tuple[Problem, ...] = ()
    error: tuple[str, Mapping[str, Any]] | None = None
    path: Path | None = None
    calls: int = 0

    @property
    def fraction(self) -> float:
        return 1.0 if self.status == DONE else (self.progress.fraction if self.progress else 0.0)

    @property
    def seconds_left(self) -> float | None:
        """Time left, from the time per share done so far (None before anything is done)."""
        fraction = self.fraction
        if self.status != RUNNING or fraction <= 0.02 or self.elapsed <= 0:
            return None
        return self.elapsed * (1 - fraction) / fraction


@dataclass
class FetchJob:
    """Fetch a kommun's package from SCB and write it to ``out``, on a thread.

    ``client_options`` go to `ScbClient` (cache folder, session, …); ``clock`` defaults to the
    system clock (interruptible by `cancel`).
    """

    kommun: Kommun
    out: Path
    endpoints: Endpoints = field(default_factory=Endpoints)
    client_options: Mapping[str, Any] = field(default_factory=dict)
    clock: Clock | None = None
    now: Callable[[], float] = time.monotonic
    deso_key: str | None = None
    #: Also told of every step (the CLI prints them); called on the job's thread.
    listener: Callable[[FetchProgress], None] | None = None

    def __post_init__(self) -> None:
        self._cancel = threading.Event()
        self._lock = threading.Lock()
        self._state = JobState(RUNNING)
        self._started = self.now()
        self._finished: float | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> FetchJob:
        self._thread = threading.Thread(target=self.run, name=f"scb-fetch-{self.kommun.code}",
                                        daemon=True)
        self._thread.start()
        return self

    def cancel(self) -> None:
        self._cancel.set()

    def join(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    def snapshot(self) -> JobState:
        with self._lock:
            end = self._finished if self._finished is not None else self.now()
            return replace(self._state, elapsed=end - self._started)

    def _set(self, **changes: Any) -> None:
        with self._lock:
            self._state = replace(self._state, **changes)
            if self._state.status != RUNNING and self._finished is None:
                self._finished = self.now()

    def _on_progress(self, event: FetchProgress) -> None:
        self._set(progress=event)
        if self.listener is not None:
            self.listener(event)

    def run(self) -> None:
        """Fetch, build and write (the thread's body; callable directly in tests)."""
        client = ScbClient(self.clock or SystemClock(self._cancel), base_url=self.endpoints.pxweb,
                           progress=self._on_progress, should_stop=self._cancel.is_set,
                           **dict(self.client_options))
        try:
            build = build_scb_package(self.kommun.code, client,
                                      boundaries=self.endpoints.boundaries(),
                                      deso_key=self.deso_key, deso_page=self.endpoints.deso_page,
                                      progress=self._on_progress)
            if self._cancel.is_set():
                raise FetchCancelled()
            path = write_atomically(build.package, self.out)
        except FetchCancelled:
            self._set(status=CANCELLED, calls=client.calls)
        except ScbUnavailable as exc:
            self._set(status=FAILED, calls=client.calls, error=("scb_unavailable", {
                "host": exc.host, "detail": exc.detail, "cache": str(exc.cache_dir or "–")}))
        except ImportRefused as refused:
            self._set(status=FAILED, calls=client.calls, problems=tuple(refused.problems))
        except OSError as exc:
            self._set(status=FAILED, calls=client.calls,
                      error=("scb_write_failed", {"path": str(self.out), "detail": str(exc)}))
        except Exception as exc:  # the page must hear of any failure of the thread
            self._set(status=FAILED, calls=client.calls,
                      error=("scb_fetch_crashed", {"detail": f"{type(exc).__name__}: {exc}"}))
        else:
            self._set(status=DONE, path=path, problems=tuple(build.problems), calls=client.calls)

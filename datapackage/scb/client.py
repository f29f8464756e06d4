"""An HTTP client for SCB that keeps SCB's rules: rate limit, cell limit, retries, and a disk cache.

`ScbClient` is small on purpose and takes everything it depends on from outside: the HTTP session
(`requests.Session` or anything with its ``request`` method), the clock (``monotonic``, ``sleep``
and ``today``: tests pass a fake one, the CLI the system's) and the cache folder. It

* reads SCB's limits from the config endpoint (``GET <base>?config``) and never sends more than
  ``maxCalls`` requests within ``timeWindow`` seconds (a sliding window of call times: the next call
  waits until the oldest one leaves the window);
* splits a data query whose cells exceed ``maxValues`` on its largest variable
  (`datapackage.scb.pxweb.split_selection`);
* retries transient failures (connection errors, timeouts, HTTP 429 and 5xx) with exponential
  back-off, a bounded number of times, then raises `ScbUnavailable` with a message for people;
* caches every raw answer on disk, keyed by a hash of method, URL, parameters and body, with the
  date it was fetched. Data answers are reused for ever (``refresh=True`` fetches them again); table
  descriptions and the config are reused for ``metadata_max_age_days`` so that a re-run the same
  day makes no call at all and a later one discovers newly published years and fetches only those;
* reports progress through a callback of `datapackage.scb.progress.FetchProgress` steps (the CLI
  prints them, the fetch button draws a progress bar), and stops with `FetchCancelled` before the
  next request once ``should_stop()`` says so.

Never imports streamlit and never reads the system clock itself.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import requests

from datapackage.scb.progress import RETRY, FetchCancelled, FetchProgress, Progress, ignore
from datapackage.scb.pxweb import (
    Limits,
    Selection,
    TableMeta,
    parse_config,
    parse_table_meta,
    plan_parts,
    query_body,
)

#: SCB's PxWeb API v1, Swedish texts.
V1_BASE = "https://api.scb.se/OV0104/v1/doris/sv/ssd/"
#: HTTP statuses worth another try: rate limited, or the server is having a bad moment.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
CACHE_ENV = "KRAFTSAMLA_CACHE"


def default_cache_dir(env: Mapping[str, str] | None = None) -> Path:
    """``$KRAFTSAMLA_CACHE/scb`` when set, else ``~/.cache/kraftsamla/scb``."""
    env = os.environ if env is None else env
    root = env.get(CACHE_ENV)
    if root:
        return Path(root).expanduser() / "scb"
    return Path("~/.cache/kraftsamla/scb").expanduser()


class Clock(Protocol):
    """What the client needs of time. ``today`` dates the cached answers."""

    def monotonic(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...

    def today(self) -> date: ...


# =============================================================================================
# Errors
# =============================================================================================


class ScbUnavailable(Exception):
    """SCB could not be reached, or kept failing, after the retries. Carries a message for people."""

    def __init__(self, host: str, detail: str, cache_dir: Path | None = None) -> None:
        self.host = host
        self.detail = detail
        self.cache_dir = cache_dir
        super().__init__(self.message("en"))

    def message(self, lang: str = "sv") -> str:
        cache = f" ({self.cache_dir})" if self.cache_dir else ""
        if lang == "en":
            return (f"Could not reach SCB ({self.host}): {self.detail}. Check the network and try "
                    f"again; answers already fetched stay in the cache{cache} and are not fetched "
                    "again. Nothing was written.")
        return (f"Kunde inte nå SCB ({self.host}): {self.detail}. Kontrollera nätverket och försök "
                f"igen; redan hämtade svar ligger kvar i cachen{cache} och hämtas inte igen. "
                "Inget skrevs.")


class TableMissing(Exception):
    """SCB answered 404: the table (or folder) does not exist, perhaps renamed or moved."""

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(f"404 for {url}")


class QueryRefused(Exception):
    """SCB refused the request (HTTP 400/403…), e.g. a value code the table no longer has."""

    def __init__(self, url: str, status: int, text: str) -> None:
        self.url = url
        self.status = status
        self.text = text
        super().__init__(f"HTTP {status} for {url}: {text}")


# =============================================================================================
# Rate limit
# =============================================================================================


class RateLimiter:
    """At most ``max_calls`` calls within any ``time_window`` seconds (a sliding window)."""

    def __init__(self, max_calls: int, time_window: float, clock: Clock,
                 should_stop: Callable[[], bool] | None = None) -> None:
        self.max_calls = max_calls
        self.time_window = time_window
        self._clock = clock
        self._should_stop = should_stop or (lambda: False)
        self._calls: deque[float] = deque()

    def _forget_old(self, now: float) -> None:
        while self._calls and self._calls[0] <= now - self.time_window:
            self._calls.popleft()

    def acquire(self) -> float:
        """Wait (through the clock) until a call is allowed, record it, and return the wait."""
        now = self._clock.monotonic()
        self._forget_old(now)
        waited = 0.0
        while len(self._calls) >= self.max_calls:
            wait = self._calls[0] + self.time_window - now
            if wait > 0:
                self._clock.sleep(wait)
                waited += wait
            if self._should_stop():
                raise FetchCancelled()
            now = self._clock.monotonic()
            self._forget_old(now)
        self._calls.append(now)
        return waited


# =============================================================================================
# The client
# =============================================================================================


@dataclass(frozen=True)
class Fetched:
    """A raw answer and when it was fetched from SCB (today, or earlier when it came from the cache)."""

    content: bytes
    fetched: date
    from_cache: bool

    def json(self) -> Any:
        return json.loads(self.content.decode("utf-8-sig"))


@dataclass(frozen=True)
class QueryPart:
    """One part of a (possibly split) data query and its answer."""

    selection: Selection
    answer: Fetched


class ScbClient:
    """SCB's PxWeb API and open geodata, within SCB's rules (see the module docstring).

    Parameters
    ----------
    clock : ``monotonic()``, ``sleep(seconds)`` and ``today()``.
    base_url : the PxWeb v1 database root, ending in ``/``.
    session : anything with ``requests.Session.request``'s signature; a new session by default.
    cache_dir : where raw answers are kept; None keeps nothing.
    refresh : fetch every answer again (and overwrite the cache).
    metadata_max_age_days : how long table descriptions and the config are reused from the cache.
    progress : called with a `FetchProgress` for each retry (the builder reports the other steps).
    should_stop : asked before every request; True ends the fetch with `FetchCancelled`.
    max_retries, backoff : retries after the first attempt; the n-th retry waits
        ``backoff * 2**(n-1)`` seconds (or what a 429's ``Retry-After`` asks for).
    """

    def __init__(
        self,
        clock: Clock,
        *,
        base_url: str = V1_BASE,
        session: Any = None,
        cache_dir: str | Path | None = None,
        refresh: bool = False,
        metadata_max_age_days: int = 1,
        progress: Progress | None = None,
        should_stop: Callable[[], bool] | None = None,
        max_retries: int = 4,
        backoff: float = 1.0,
        timeout: float = 60.0,
    ) -> None:
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.clock = clock
        self.session = session if session is not None else requests.Session()
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.refresh = refresh
        self.metadata_max_age_days = metadata_max_age_days
        self.progress = progress or ignore
        self.should_stop = should_stop or (lambda: False)
        self.max_retries = max_retries
        self.backoff = backoff
        self.timeout = timeout
        self.calls = 0  # HTTP requests actually sent (retries included)
        self._limits: Limits | None = None
        self.limiter = RateLimiter(Limits().max_calls, Limits().time_window, clock,
                                   self.should_stop)

    # --- URLs ------------------------------------------------------------------------------
    def table_url(self, path: str) -> str:
        """URL of a table, e.g. ``AA/AA0003/AA0003H/IntGr8RegSOKON1N`` under ``START/``."""
        return f"{self.base_url}START/{path.strip('/')}"

    @property
    def config_url(self) -> str:
        return f"{self.base_url}?config"

    # --- SCB's limits ----------------------------------------------------------------------
    def limits(self) -> Limits:
        """SCB's limits from the config endpoint (fetched once; cached like table descriptions).

        An answer that cannot be read leaves SCB's documented v1 limits in force.
        """
        if self._limits is None:
            answer = self.get(self.config_url, max_age_days=self.metadata_max_age_days)
            try:
                self._limits = parse_config(answer.json())
            except (ValueError, AttributeError):
                self._limits = Limits()
            self.limiter.max_calls = self._limits.max_calls
            self.limiter.time_window = self._limits.time_window
        return self._limits

    # --- Tables ----------------------------------------------------------------------------
    def table_meta(self, path: str) -> tuple[TableMeta, Fetched]:
        """A table's description. Raises `TableMissing` (404), `QueryRefused`, `ScbUnavailable`,
        or `ValueError` when the answer is not a table description."""
        self.limits()
        answer = self.get(self.table_url(path), max_age_days=self.metadata_max_age_days)
        try:
            data = answer.json()
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ValueError(f"the table description is not JSON ({exc})") from None
        return parse_table_meta(data), answer

    def query(self, path: str, selection: Mapping[str, Sequence[str]],
              on_part: Callable[[int, int], None] | None = None,
              one_per: str | None = None) -> list[QueryPart]:
        """Ask a table for a selection, split so that no part exceeds SCB's cell limit (and into
        one part per value of ``one_per``, when given). ``on_part(i, n)`` is called before part
        ``i`` of ``n``."""
        limits = self.limits()
        parts = plan_parts(selection, limits.max_values, one_per)
        out: list[QueryPart] = []
        for i, part in enumerate(parts, start=1):
            if on_part is not None:
                on_part(i, len(parts))
            out.append(QueryPart(part, self.post(self.table_url(path), query_body(part))))
        return out

    # --- HTTP with cache ---------------------------------------------------------------------
    def get(self, url: str, params: Mapping[str, str] | None = None, *, rate_limited: bool = True,
            max_age_days: int | None = None) -> Fetched:
        """``GET`` through the cache. ``max_age_days`` None: a cached answer never expires."""
        return self._cached("GET", url, params, None, rate_limited, max_age_days)

    def post(self, url: str, body: Mapping[str, Any]) -> Fetched:
        """``POST`` a JSON body through the cache (cached answers never expire)."""
        return self._cached("POST", url, None, body, True, None)

    def _key(self, method: str, url: str, params: Mapping[str, str] | None,
             body: Mapping[str, Any] | None) -> str:
        blob = json.dumps({"method": method, "url": url, "params": dict(params or {}),
                           "body": body}, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def _cached(self, method: str, url: str, params: Mapping[str, str] | None,
                body: Mapping[str, Any] | None, rate_limited: bool,
                max_age_days: int | None) -> Fetched:
        if self.should_stop():
            raise FetchCancelled()
        key = self._key(method, url, params, body)
        if self.cache_dir is not None and not self.refresh:
            hit = self._read_cache(key, max_age_days)
            if hit is not None:
                return hit
        content = self._send(method, url, params, body, rate_limited)
        today = self.clock.today()
        if self.cache_dir is not None:
            self._write_cache(key, content, {"method": method, "url": url,
                                             "params": dict(params or {}), "body": body,
                                             "fetched": today.isoformat()})
        return Fetched(content, today, from_cache=False)

    def _read_cache(self, key: str, max_age_days: int | None) -> Fetched | None:
        assert self.cache_dir is not None
        meta_path, body_path = self.cache_dir / f"{key}.json", self.cache_dir / f"{key}.body"
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            fetched = date.fromisoformat(meta["fetched"])
            content = body_path.read_bytes()
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if max_age_days is not None and (self.clock.today() - fetched).days >= max_age_days:
            return None
        return Fetched(content, fetched, from_cache=True)

    def _write_cache(self, key: str, content: bytes, meta: dict[str, Any]) -> None:
        assert self.cache_dir is not None
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        # The body first, then its description: a description always has its body beside it.
        for name, data in ((f"{key}.body", content),
                           (f"{key}.json", json.dumps(meta, ensure_ascii=False).encode("utf-8"))):
            fd, tmp = tempfile.mkstemp(dir=self.cache_dir, prefix=".tmp-")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, self.cache_dir / name)

    def _send(self, method: str, url: str, params: Mapping[str, str] | None,
              body: Mapping[str, Any] | None, rate_limited: bool) -> bytes:
        host = urlsplit(url).netloc
        detail = ""
        retry_after: float | None = None
        for attempt in range(self.max_retries + 1):
            if attempt:
                delay = retry_after if retry_after is not None else self.backoff * 2 ** (attempt - 1)
                self.progress(FetchProgress(RETRY, params={
                    "detail": detail, "delay": f"{delay:g}", "attempt": attempt,
                    "retries": self.max_retries}))
                self.clock.sleep(delay)
                if self.should_stop():
                    raise FetchCancelled()
            retry_after = None
            if rate_limited:
                self.limiter.acquire()
            self.calls += 1
            try:
                response = self.session.request(method, url, params=params, json=body,
                                                timeout=self.timeout)
            except (requests.ConnectionError, requests.Timeout) as exc:
                detail = _short(exc)
                continue
            status = int(response.status_code)
            if status in RETRY_STATUSES:
                detail = f"HTTP {status}"
                retry_after = _retry_after(response)
                continue
            if status == 404:
                raise TableMissing(url)
            if status >= 400:
                raise QueryRefused(url, status, (response.text or "")[:300])
            return response.content
        raise ScbUnavailable(host, detail, self.cache_dir)


def _short(exc: BaseException) -> str:
    """A connection error in a few words (requests' messages nest the whole call chain)."""
    text = str(exc).split("\n")[0]
    name = type(exc).__name__
    return f"{name}: {text[:160]}" if text else name


def _retry_after(response: Any) -> float | None:
    try:
        value = float(response.headers.get("Retry-After", ""))
    except (TypeError, ValueError, AttributeError):
        return None
    return value if value >= 0 else None

"""Capacity of one app process: N Streamlit sessions driven over the websocket, no browser per user.

    .venv/bin/python -m benchmarks.load [--sessions 10 30 60] [--duration 60] [--interval 5]
                                        [--package data/malmo] [--url http://127.0.0.1:PORT --pid PID]

How it works (read against ``streamlit/web/server/starlette/starlette_websocket.py`` and
``streamlit/runtime/app_session.py`` of the pinned Streamlit, 1.67):

* A browser talks to Streamlit over one websocket, ``/_stcore/stream``, in binary protobuf frames:
  ``BackMsg`` from the browser, ``ForwardMsg`` from the server (both in ``streamlit.proto``). The first
  entry of the ``Sec-WebSocket-Protocol`` header names the subprotocol (``streamlit``); the second and
  third carry an XSRF token and a session id to resume, which only matter for sign-in cookies and
  reconnects, so this driver sends neither (a request without an ``Origin`` header is allowed).
* Nothing runs until the client sends ``BackMsg.rerun_script`` (a ``ClientState``): on connect the
  browser sends the URL's query string and the page's url path (``page_name``, here ``omradesval``).
  The server answers with ``new_session``, ``navigation`` (the page's ``page_script_hash``), the
  elements as ``delta`` messages, ``page_info_changed`` (the query string the app wrote) and finally
  ``script_finished``. A status of ``FINISHED_EARLY_FOR_RERUN`` (the app's ``st.rerun()``, or a run
  interrupted by a newer request) is followed by another run; the page is done at
  ``FINISHED_SUCCESSFULLY``.
* Moving a slider is another ``rerun_script`` with the page's ``page_script_hash``, the current query
  string and a ``WidgetState`` holding the slider's element id (``$$ID-…-choose_w_<indicator>``, read
  from the slider's delta) and its new value as a ``double_array_value``. The browser sends the state
  of every widget it shows; this driver sends only the one that changed, which the server treats the
  same way, because widget values it already holds persist between runs.
* Measured per rerun: the time from sending the ``BackMsg`` to receiving ``script_finished`` on
  loopback, i.e. the server's queueing plus the script run plus delivering its messages. Errors:
  ``exception`` elements in the deltas (a traceback on the page), ``st.error`` alerts, a closed
  websocket, and reruns that have not finished after ``--rerun-timeout`` seconds.

What it does not do (the browser run in ``benchmarks/concurrency.py`` covers it): no HTTP requests for
the page, Streamlit's JavaScript, the map component or its GeoJSON; no ``st_folium`` value sent back by
the component after it draws (one extra rerun per page load in a browser).

Each count N gets a fresh server (``streamlit run app.py`` on a free loopback port, stopped by its
process id) on the real Malmö package (RegSO, 2023: three index indicators are published there, so a
weight changes the ranking) and a temporary SQLite database. One session first opens the page to warm
the caches; the server's RSS after it has left is the baseline. Then N sessions connect, spread over
``--ramp`` seconds, and open Områdesval; once all are open, each changes a weight every ``--interval``
seconds for ``--duration`` seconds (phases spread evenly, each session a different value; a session
whose previous rerun has not finished waits and the tick is counted as late). A single session run
first in the same way is the baseline the ratios refer to. Output: JSON on stdout, a table on stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.procstat import Sampler, cpu_seconds, load_average, rss_mb  # noqa: E402

PAGE = "omradesval"
QUERY = "level=regso&year=2023"
#: The weight this driver moves (the key suffix of its slider on Områdesval).
WEIGHT = "trangboddhet"


def percentile(values: list[float], q: float) -> float | None:
    """The ``q``-th percentile (0-100) by linear interpolation; None without values."""
    if not values:
        return None
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def _r(x: float | None, digits: int = 3) -> float | None:
    return None if x is None else round(x, digits)


@dataclass
class Run:
    """What one script run (up to ``FINISHED_SUCCESSFULLY``) sent back."""

    seconds: float
    exceptions: list[str] = field(default_factory=list)
    error_alerts: list[str] = field(default_factory=list)
    sliders: dict[str, str] = field(default_factory=dict)
    page_hash: str = ""
    query_string: str = ""
    messages: int = 0
    bytes: int = 0
    #: The run that finished went through app.py (st.set_page_config); False: the page ran alone, in
    #: Streamlit's legacy pages/ mode (see ui.state.leave_legacy_pages_mode).
    routed: bool = False


class Session:
    """One Streamlit session over ``/_stcore/stream``, as the browser's websocket would hold it."""

    def __init__(self, url: str) -> None:
        self.stream = url.replace("http://", "ws://").rstrip("/") + "/_stcore/stream"
        self.ws = None
        self.page_hash = ""
        self.query_string = ""
        self.sliders: dict[str, str] = {}

    async def connect(self) -> None:
        import websockets

        self.ws = await websockets.connect(self.stream, subprotocols=["streamlit"], max_size=None,
                                           open_timeout=60, ping_interval=None)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def open_page(self, page: str, query: str, timeout: float) -> Run:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        msg = BackMsg()
        msg.rerun_script.query_string = query
        msg.rerun_script.page_name = page
        return await self._run(msg, timeout)

    async def move(self, weight: str, value: float, timeout: float) -> Run:
        """Set the slider whose key ends in ``choose_w_<weight>`` to ``value`` and wait for the run."""
        from streamlit.proto.BackMsg_pb2 import BackMsg

        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page_hash
        widget = state.widget_states.widgets.add()
        widget.id = next(i for i in self.sliders.values() if i.endswith(f"choose_w_{weight}"))
        widget.double_array_value.data.append(value)
        return await self._run(msg, timeout)

    async def _run(self, msg, timeout: float) -> Run:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        started = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        run = Run(0.0)
        deadline = started + timeout
        while True:
            data = await asyncio.wait_for(self.ws.recv(), max(0.01, deadline - time.perf_counter()))
            run.messages += 1
            run.bytes += len(data)
            forward = ForwardMsg()
            forward.ParseFromString(data)
            kind = forward.WhichOneof("type")
            if kind == "page_config_changed":
                run.routed = True
            elif kind == "navigation":
                self.page_hash = forward.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query_string = forward.page_info_changed.query_string
            elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                which = element.WhichOneof("type")
                if which == "exception":
                    run.exceptions.append(f"{element.exception.type}: {element.exception.message}")
                elif which == "alert" and element.alert.format == 1:  # Alert.Format.ERROR
                    run.error_alerts.append(element.alert.body[:200])
                elif which == "slider":
                    self.sliders[element.slider.label] = element.slider.id
            elif kind == "script_finished":
                if forward.script_finished in (0, 3):  # successfully (a full run, or a fragment)
                    break
                if forward.script_finished == 1:
                    run.exceptions.append("script compile error")
                    break
                run.routed = False  # finished early for a rerun: the next run is the one shown
        run.seconds = time.perf_counter() - started
        run.sliders, run.page_hash, run.query_string = dict(self.sliders), self.page_hash, \
            self.query_string
        return run


@dataclass
class Outcome:
    """One simulated user's figures."""

    open_s: float | None = None
    reruns: list[float] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    error_alerts: list[str] = field(default_factory=list)
    disconnects: int = 0
    timeouts: int = 0
    late_ticks: int = 0
    legacy_open: bool = False


async def user(index: int, n: int, url: str, ramp: float, opened: asyncio.Event, counter: list[int],
               steady: dict, args: argparse.Namespace) -> Outcome:
    """Open the page, wait until everybody has, then move a weight every ``interval`` seconds."""
    import websockets

    out = Outcome()
    await asyncio.sleep(ramp * index / n)
    session = Session(url)
    try:
        await session.connect()
        run = await session.open_page(PAGE, QUERY, args.open_timeout)
        out.open_s = run.seconds
        out.legacy_open = not run.routed
        out.exceptions += run.exceptions
        out.error_alerts += run.error_alerts
    except (TimeoutError, OSError, websockets.ConnectionClosed) as exc:
        out.timeouts += isinstance(exc, TimeoutError)
        out.disconnects += not isinstance(exc, TimeoutError)
        counter[0] += 1
        if counter[0] == n:
            opened.set()
        await session.close()
        return out
    counter[0] += 1
    if counter[0] == n:
        steady["start"] = time.perf_counter()
        opened.set()
    await opened.wait()
    start = steady["start"]
    offset = args.interval * index / n
    ticks = int(args.duration // args.interval)
    try:
        for k in range(ticks):
            tick = start + offset + k * args.interval
            now = time.perf_counter()
            if now < tick:
                await asyncio.sleep(tick - now)
            elif now - tick > 0.1:
                out.late_ticks += 1
            value = round(((index * 7 + (k + 1) * 3) % 21) * 0.05, 2)  # differs from the last one
            try:
                run = await session.move(WEIGHT, value, args.rerun_timeout)
            except TimeoutError:
                out.timeouts += 1
                break  # the session's messages are out of step now; stop it rather than guess
            out.reruns.append(run.seconds)
            out.exceptions += run.exceptions
            out.error_alerts += run.error_alerts
    except (OSError, websockets.ConnectionClosed):
        out.disconnects += 1
    finally:
        await session.close()
    return out


async def drive(url: str, n: int, args: argparse.Namespace) -> list[Outcome]:
    opened, counter, steady = asyncio.Event(), [0], {}
    ramp = args.ramp if args.ramp is not None else min(30.0, 0.5 * n)
    return await asyncio.gather(*(user(i, n, url, ramp, opened, counter, steady, args)
                                  for i in range(n)))


async def warm_up(url: str, args: argparse.Namespace) -> float:
    session = Session(url)
    await session.connect()
    run = await session.open_page(PAGE, QUERY, args.open_timeout)
    await session.move(WEIGHT, 0.5, args.rerun_timeout)
    await session.close()
    return run.seconds


def summarise(n: int, outcomes: list[Outcome], sampler: Sampler | None, baseline_rss: float | None,
              driver_cpu: float, wall: float) -> dict:
    opens = [o.open_s for o in outcomes if o.open_s is not None]
    reruns = [r for o in outcomes for r in o.reruns]
    exceptions = [e for o in outcomes for e in o.exceptions]
    alerts = [e for o in outcomes for e in o.error_alerts]
    out = {
        "sessions": n, "opened": len(opens),
        "open_p50_s": _r(percentile(opens, 50)), "open_p95_s": _r(percentile(opens, 95)),
        "reruns": len(reruns), "rerun_p50_s": _r(percentile(reruns, 50)),
        "rerun_p95_s": _r(percentile(reruns, 95)), "rerun_max_s": _r(max(reruns, default=None)),
        "reruns_per_s": round(len(reruns) / wall, 2) if wall else None,
        "late_ticks": sum(o.late_ticks for o in outcomes),
        # Pages first shown in Streamlit's legacy pages/ mode (file-name page list, no page config).
        "opened_in_legacy_mode": sum(o.legacy_open for o in outcomes),
        "errors": {"exceptions": len(exceptions), "error_alerts": len(alerts),
                   "disconnects": sum(o.disconnects for o in outcomes),
                   "timeouts": sum(o.timeouts for o in outcomes)},
        "error_examples": sorted(set(exceptions + alerts))[:5],
        "driver_cpu_percent": round(100 * driver_cpu / wall, 1) if wall else None,
        "load_average_after": load_average(),
    }
    if sampler is not None:
        out["server_cpu_percent"] = sampler.cpu_percent
        out["server_rss_peak_mb"] = sampler.peak_rss_mb
        if baseline_rss is not None:
            out["server_rss_baseline_mb"] = round(baseline_rss, 1)
            out["rss_per_session_mb"] = round((sampler.peak_rss_mb - baseline_rss) / n, 2)
    return out


def measure(n: int, args: argparse.Namespace, package: Path | None, url: str | None = None,
            pid: int | None = None) -> dict:
    """One count: a fresh server (unless ``url`` is given), a warm-up session, then N sessions."""
    server = None
    if url is None:
        from tests.browser.conftest import start_server

        tmp = Path(tempfile.mkdtemp(prefix="kraftsamla-load-"))
        # No file watcher (as in the Dockerfile): a source file saved during a run would make every
        # session's next run unload the app's modules while other sessions import them.
        server = start_server(tmp / "streamlit.log", str(package) if package else "",
                              env={"KRAFTSAMLA_DATABASE_URL": f"sqlite:///{tmp / 'load.sqlite'}"},
                              args=["--server.fileWatcherType", "none", *args.server_args])
        url, pid = server.url, server.process.pid
    try:
        warm = asyncio.run(warm_up(url, args))
        time.sleep(1)
        baseline = rss_mb(pid) if pid else None
        cpu0, t0 = time.process_time(), time.perf_counter()
        if pid:
            with Sampler(pid) as sampler:
                outcomes = asyncio.run(drive(url, n, args))
        else:
            sampler = None
            outcomes = asyncio.run(drive(url, n, args))
        wall = time.perf_counter() - t0
        result = summarise(n, outcomes, sampler, baseline, time.process_time() - cpu0, wall)
        result["warm_up_open_s"] = round(warm, 3)
        result["wall_s"] = round(wall, 1)
        return result
    finally:
        if server is not None:
            from tests.browser.conftest import stop_server

            stop_server(server.process)


def capacity(runs: list[dict], p95_goal: float) -> int | None:
    """The most sessions measured with rerun p95 within the goal and no errors at all."""
    fits = [r["sessions"] for r in runs if r["rerun_p95_s"] is not None
            and r["rerun_p95_s"] <= p95_goal and r["opened"] == r["sessions"]
            and not any(r["errors"].values())]
    return max(fits, default=None)


def run_load(package: Path | None, counts: list[int], args: argparse.Namespace) -> dict:
    """The whole benchmark: a single session (the baseline) and then each count."""
    out = {"what": "server-side rerun time after a weight change on Områdesval (Malmö RegSO 2023), "
                   "N sessions over Streamlit's websocket protocol, one server process",
           "duration_s": args.duration, "interval_s": args.interval,
           "machine": {"python": platform.python_version(), "cores": os.cpu_count()},
           "load_average_before": load_average(), "runs": []}
    single = measure(1, args, package, args.url, args.pid)
    out["single_session"] = single
    for n in counts:
        result = measure(n, args, package, args.url, args.pid)
        if single["rerun_p95_s"]:
            result["p95_vs_single"] = round(result["rerun_p95_s"] / single["rerun_p95_s"], 1) \
                if result["rerun_p95_s"] is not None else None
        out["runs"].append(result)
    out["goal"] = {"rerun_p95_s": args.goal_p95, "sessions": 30}
    out["sessions_per_replica"] = capacity(out["runs"], args.goal_p95)
    return out


def table(out: dict) -> str:
    rows = [f"{'sessions':>8} {'open p50':>9} {'rerun p50':>10} {'rerun p95':>10} {'vs 1':>6} "
            f"{'late':>5} {'errors':>7} {'RSS/sess':>9} {'srv CPU':>8} {'load':>6}"]
    for r in [out["single_session"], *out["runs"]]:
        errors = sum(r["errors"].values())
        rows.append(f"{r['sessions']:>8} {r['open_p50_s'] or 0:>8.2f}s {r['rerun_p50_s'] or 0:>9.3f}s "
                    f"{r['rerun_p95_s'] or 0:>9.3f}s {r.get('p95_vs_single') or 1:>5.1f}x "
                    f"{r['late_ticks']:>5} {errors:>7} {r.get('rss_per_session_mb', 0):>6.1f} MB "
                    f"{r.get('server_cpu_percent', 0):>7.0f}% {r['load_average_after'][0]:>6.2f}")
    rows.append(f"sessions per replica (rerun p95 <= {out['goal']['rerun_p95_s']} s, no errors): "
                f"{out['sessions_per_replica']}")
    return "\n".join(rows)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sessions", type=int, nargs="+", default=[10, 30, 60])
    p.add_argument("--duration", type=float, default=60.0, help="seconds of weight changes")
    p.add_argument("--interval", type=float, default=5.0, help="seconds between a user's changes")
    p.add_argument("--ramp", type=float, default=None,
                   help="seconds over which sessions connect (default: N/2, at most 30)")
    p.add_argument("--open-timeout", type=float, default=300.0)
    p.add_argument("--rerun-timeout", type=float, default=60.0)
    p.add_argument("--goal-p95", type=float, default=1.0)
    p.add_argument("--package", type=Path, default=None,
                   help="package folder (default: the Malmö package built from ../shared/data/real)")
    p.add_argument("--url", default=None, help="drive this running server instead of starting one")
    p.add_argument("--pid", type=int, default=None, help="its process id, for RSS and CPU")
    p.add_argument("--server-arg", dest="server_args", action="append", default=[],
                   help="extra `streamlit run` option for the servers started here")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if max(args.sessions) > 200:
        raise SystemExit("at most 200 sessions")  # bounded: this is a loopback benchmark
    if args.url and not args.url.startswith(("http://127.0.0.1", "http://localhost")):
        raise SystemExit("loopback servers only")
    with tempfile.TemporaryDirectory() as tmp:
        package = args.package
        if package is None and args.url is None:
            from benchmarks.run import malmo_deso

            package = malmo_deso(Path(tmp))
        out = run_load(package, args.sessions, args)
    print(json.dumps(out, ensure_ascii=False, indent=2))
    print(table(out), file=sys.stderr)
    return 0


__all__ = ["Session", "cpu_seconds", "main", "percentile", "run_load"]

if __name__ == "__main__":
    sys.exit(main())

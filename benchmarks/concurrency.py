"""What people see when many open the app at once: N headless chromium sessions against one server.

    .venv/bin/python -m benchmarks.concurrency [--sessions 20 30] [--moves 5] [--package data/malmo]

Each session is its own browser context (own cookies, own Streamlit session) in one Debian chromium
(``/usr/bin/chromium`` through Playwright, the flags of ``tests/browser/conftest.py``). All N open
Områdesval on the real Malmö package (RegSO 2023) at the same moment — the steering group opening the
link together — wait for the map to be coloured, then move the first weight slider ``--moves`` times
(Home/End by keyboard, ``--pause`` seconds apart) and time slider release -> map repainted (the map's
``window.kraftsamlaRepaints`` counter, as in ``tests/browser/helpers.py``).

Reported per count: maps drawn, "Your app is having trouble loading the … component" errors (the
frontend shows it when the component's iframe has not said ``componentReady`` within 60 s), Streamlit
exception boxes, page-open and slider→repaint p50/p95, and — to find where time goes — a timeline of
the map's first load per session, from the page's navigation start: the component iframe inserted
(the script run reached ``st_folium``), the iframe's ``index.html`` and ``main.js`` received, the
component's ``componentReady`` message, the area GeoJSON received and the first repaint. A probe
thread fetches the component's ``index.html`` and ``main.js`` every second meanwhile, so the server's
own latency for those assets is measured apart from the browsers'. Server and chromium CPU and RSS
are sampled from ``/proc``. A single session measured first in the same run is the baseline.

Bounded: at most 40 sessions, each count within ``--timeout`` seconds; loopback only; the server is
started and stopped by its process id.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.load import percentile  # noqa: E402
from benchmarks.procstat import Sampler, load_average  # noqa: E402

QUERY = "level=regso&year=2023"
MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
TROUBLE = "having trouble loading"
COMPONENT = "/component/streamlit_folium.st_folium"

# Epoch milliseconds of the first-load milestones, recorded in the page (the map frame's own come from
# its resource timing, read afterwards).
_TIMELINE = """
(() => {
  const now = () => performance.timeOrigin + performance.now();
  if (window.top === window) {
    const ks = window.__ks = {nav: performance.timeOrigin};
    // The Streamlit frontend has loaded when it opens its websocket; its first message follows.
    const NativeWebSocket = window.WebSocket;
    window.WebSocket = function (...a) {
      const ws = new NativeWebSocket(...a);
      if (!ks.websocket) { ks.websocket = now(); }
      ws.addEventListener("message", () => { if (!ks.firstMessage) { ks.firstMessage = now(); } });
      return ws;
    };
    window.WebSocket.prototype = NativeWebSocket.prototype;
    ["CONNECTING", "OPEN", "CLOSING", "CLOSED"].forEach((k) => { window.WebSocket[k] = NativeWebSocket[k]; });
    window.addEventListener("message", (e) => {
      if (e.data && e.data.type === "streamlit:componentReady" && !ks.ready) { ks.ready = now(); }
    });
    const seen = () => {
      if (!ks.iframe && document.querySelector("iframe[title='streamlit_folium.st_folium']")) {
        ks.iframe = now();
        observer.disconnect();
      }
    };
    const observer = new MutationObserver(seen);
    document.addEventListener("DOMContentLoaded",
      () => observer.observe(document.body, {subtree: true, childList: true}));
  }
})();
"""

_FRAME_TIMES = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const res = performance.getEntriesByType("resource");
  const end = (part) => { const e = res.find(r => r.name.includes(part));
                          return e ? performance.timeOrigin + e.responseEnd : null; };
  return {indexHtml: nav ? performance.timeOrigin + nav.responseEnd : null,
          mainJs: end("/static/js/main."), leaflet: end("leaflet.js"),
          geojson: end(".geojson")};
}"""


def _frame(page):
    return next((f for f in page.frames if "streamlit_folium" in f.url), None)


async def _repaints(page) -> int:
    frame = _frame(page)
    if frame is None:
        return 0
    try:
        return await frame.evaluate("() => window.kraftsamlaRepaints || 0")
    except Exception:  # the frame is being replaced
        return 0


async def browser_user(browser, url: str, index: int, args: argparse.Namespace) -> dict:
    """One person: open the page, wait for the coloured map, move a weight ``args.moves`` times."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    await context.add_init_script(_TIMELINE)
    page = await context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if ("timeout" in m.text.lower()
                                                           or TROUBLE in m.text) else None)
    out: dict = {"session": index, "map": False, "component_error": False, "exceptions": 0,
                 "repaints_s": [], "repaint_timeouts": 0}
    started = time.perf_counter()
    deadline = started + args.open_timeout
    try:
        await page.goto(f"{url}/omradesval?{QUERY}", wait_until="domcontentloaded",
                        timeout=args.open_timeout * 1000)
        while time.perf_counter() < deadline:
            if await page.get_by_text(TROUBLE).count():
                out["component_error"] = True
            if await _repaints(page) >= 1:
                out["map"] = True
                break
            await asyncio.sleep(0.5)
        out["open_s"] = round(time.perf_counter() - started, 3) if out["map"] else None
        timeline = await page.evaluate("() => window.__ks")
        frame = _frame(page)
        if frame is not None:
            timeline.update(await frame.evaluate(_FRAME_TIMES))
        nav = timeline.pop("nav")
        out["timeline_s"] = {k: round((v - nav) / 1000, 3) for k, v in timeline.items() if v}
        if out["map"]:
            slider = page.get_by_role("slider").first
            for move in range(args.moves):
                count = await _repaints(page)
                await slider.focus()
                t0 = time.perf_counter()
                await slider.press("Home" if move % 2 == 0 else "End")
                try:
                    await _frame(page).wait_for_function(
                        "(n) => (window.kraftsamlaRepaints || 0) > n", arg=count,
                        timeout=args.repaint_timeout * 1000)
                    out["repaints_s"].append(round(time.perf_counter() - t0, 3))
                except Exception:
                    out["repaint_timeouts"] += 1
                await asyncio.sleep(args.pause)
        # The component's error shows 60 s after its iframe was inserted: look once more at the end.
        if await page.get_by_text(TROUBLE).count():
            out["component_error"] = True
        out["exceptions"] = await page.locator("[data-testid='stException']").count()
    except Exception as exc:  # a crashed page or a navigation timeout is a result, not a stop
        out["failure"] = f"{type(exc).__name__}: {str(exc)[:200]}"
    # Streamlit logs "Custom Component … timeout error" when its 60 s wait for componentReady ends
    # (the warning on the page may be gone again by the time it is looked for).
    out["component_timeout_logged"] = any("timeout error" in m for m in console)
    out["component_error"] = out["component_error"] or out["component_timeout_logged"]
    out["console"] = console[:3]
    if args.screenshots and (out["component_error"] or not out["map"]):
        with contextlib.suppress(Exception):
            await page.screenshot(path=str(Path(args.screenshots) / f"session-{index}.png"))
    await context.close()
    return out


class AssetProbe:
    """Fetches the map component's ``index.html`` and ``main.js`` every second; keeps the latencies.

    The component is registered when the first script run imports streamlit-folium; until then its
    files answer 404 and the probe waits.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self.latencies: dict[str, list[float]] = {"index.html": [], "main.js": []}
        self.failures = 0
        self.main_js: str | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _get(self, path: str) -> tuple[float, bytes]:
        t0 = time.perf_counter()
        with urllib.request.urlopen(f"{self.url}{COMPONENT}/{path}", timeout=60) as r:
            body = r.read()
        return time.perf_counter() - t0, body

    def _loop(self) -> None:
        while not self._stop.wait(1.0):
            if self.main_js is None:
                try:
                    html = self._get("index.html")[1].decode()
                    self.main_js = html.split('src="./', 1)[1].split('"', 1)[0]
                except OSError:
                    continue
            for name, path in (("index.html", "index.html"), ("main.js", self.main_js)):
                try:
                    self.latencies[name].append(self._get(path)[0])
                except OSError:
                    self.failures += 1

    def __enter__(self) -> AssetProbe:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def summary(self) -> dict:
        return {name: {"p50_s": _r(percentile(v, 50)), "p95_s": _r(percentile(v, 95)),
                       "max_s": _r(max(v, default=None)), "n": len(v)}
                for name, v in self.latencies.items()} | {"failures": self.failures}


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


async def _drive(url: str, n: int, args: argparse.Namespace,
                 server_pid: int) -> tuple[list[dict], Sampler]:
    from playwright.async_api import async_playwright

    from tests.browser.conftest import CHROMIUM_ARGS

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        # The client side: this process (Playwright's driver, the probe) and chromium, not the server.
        chromium = Sampler(os.getpid(), tree=True, exclude=server_pid)
        try:
            with chromium:  # closed before the browser, whose processes take their CPU time along
                users = await asyncio.wait_for(
                    asyncio.gather(*(browser_user(browser, url, i, args) for i in range(n))),
                    timeout=args.timeout)
        finally:
            await browser.close()
    return users, chromium


def summarise(n: int, users: list[dict]) -> dict:
    opens = [u["open_s"] for u in users if u.get("open_s") is not None]
    repaints = [r for u in users for r in u["repaints_s"]]
    phases = ("websocket", "firstMessage", "iframe", "indexHtml", "mainJs", "ready", "leaflet", "geojson")
    timeline = {}
    for phase in phases:
        values = [u["timeline_s"][phase] for u in users if phase in u.get("timeline_s", {})]
        timeline[phase] = {"p50_s": _r(percentile(values, 50)), "max_s": _r(max(values, default=None)),
                           "n": len(values)}
    return {
        "sessions": n, "maps_drawn": sum(u["map"] for u in users),
        "component_errors": sum(u["component_error"] for u in users),
        "exceptions": sum(u["exceptions"] for u in users),
        "failures": [u["failure"] for u in users if "failure" in u][:5],
        "repaint_timeouts": sum(u["repaint_timeouts"] for u in users),
        "open_p50_s": _r(percentile(opens, 50)), "open_p95_s": _r(percentile(opens, 95)),
        "repaints": len(repaints),
        "repaint_p50_s": _r(percentile(repaints, 50)), "repaint_p95_s": _r(percentile(repaints, 95)),
        "first_load_timeline_from_navigation": timeline,
    }


def measure(n: int, args: argparse.Namespace, package: Path | None, early_ready: bool = True) -> dict:
    from tests.browser.conftest import start_server, stop_server
    from ui.map_component import SWITCH

    tmp = Path(tempfile.mkdtemp(prefix="kraftsamla-concurrency-"))
    server = start_server(tmp / "streamlit.log", str(package) if package else "",
                          env={"KRAFTSAMLA_DATABASE_URL": f"sqlite:///{tmp / 'c.sqlite'}",
                               SWITCH: "1" if early_ready else "0"},
                          args=["--server.fileWatcherType", "none", *args.server_args])
    try:
        load_before = load_average()
        t0 = time.perf_counter()
        with Sampler(server.process.pid) as srv, AssetProbe(server.url) as probe:
            users, chromium = asyncio.run(_drive(server.url, n, args, server.process.pid))
        result = summarise(n, users)
        result.update({
            "map_frame_ready_early": early_ready,
            "wall_s": round(time.perf_counter() - t0, 1),
            "server_cpu_percent": srv.cpu_percent, "server_rss_peak_mb": srv.peak_rss_mb,
            "client_cpu_percent (chromium + driver)": chromium.cpu_percent,
            "client_rss_peak_mb": chromium.peak_rss_mb,
            "component_asset_probe": probe.summary(),
            "load_average_before": load_before, "load_average_after": load_average(),
            "per_session": users if args.per_session else None,
        })
        return result
    finally:
        stop_server(server.process)


def run_concurrency(package: Path | None, counts: list[int], args: argparse.Namespace) -> dict:
    out = {"what": "N chromium sessions open Områdesval (Malmö RegSO 2023) at once and move a weight",
           "machine": {"python": platform.python_version(), "cores": os.cpu_count()},
           "server_args": args.server_args, "moves": args.moves, "runs": []}
    single = measure(1, args, package)
    out["single_session"] = single
    for n in counts:
        if args.compare_early_ready:  # the baseline: streamlit-folium's own frame, same count
            out["runs"].append(measure(n, args, package, early_ready=False))
        result = measure(n, args, package)
        if single["repaint_p50_s"] and result["repaint_p50_s"]:
            result["repaint_p50_vs_single"] = round(result["repaint_p50_s"] / single["repaint_p50_s"],
                                                    1)
        out["runs"].append(result)
    return out


def table(out: dict) -> str:
    rows = [f"{'early':>5} {'sessions':>8} {'maps':>5} {'comp.err':>8} {'exc':>4} {'open p50':>9} "
            f"{'open p95':>9} "
            f"{'repaint p50':>11} {'p95':>7} {'srv CPU':>8} {'chromium':>9} {'load':>6}"]
    for r in [out["single_session"], *out["runs"]]:
        early = "yes" if r["map_frame_ready_early"] else "no"
        rows.append(f"{early:>5} {r['sessions']:>8} {r['maps_drawn']:>5} {r['component_errors']:>8} "
                    f"{r['exceptions']:>4} {r['open_p50_s'] or 0:>8.1f}s {r['open_p95_s'] or 0:>8.1f}s "
                    f"{r['repaint_p50_s'] or 0:>10.2f}s {r['repaint_p95_s'] or 0:>6.2f}s "
                    f"{r['server_cpu_percent']:>7.0f}% {r['client_cpu_percent (chromium + driver)']:>8.0f}% "
                    f"{r['load_average_after'][0]:>6.2f}")
    return "\n".join(rows)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sessions", type=int, nargs="+", default=[20, 30])
    p.add_argument("--moves", type=int, default=5)
    p.add_argument("--pause", type=float, default=2.0, help="seconds between a session's moves")
    p.add_argument("--open-timeout", type=float, default=240.0)
    p.add_argument("--repaint-timeout", type=float, default=120.0)
    p.add_argument("--timeout", type=float, default=600.0, help="seconds for one count, all in")
    p.add_argument("--package", type=Path, default=None)
    p.add_argument("--server-arg", dest="server_args", action="append", default=[],
                   help="extra `streamlit run` option, e.g. --server-arg=--server.fileWatcherType=none")
    p.add_argument("--per-session", action="store_true", help="include every session's figures")
    p.add_argument("--compare-early-ready", action="store_true",
                   help="run each count first with streamlit-folium's own frame (ui/map_component.py "
                        "switched off), the baseline")
    p.add_argument("--screenshots", default=None, help="folder for screenshots of sessions without a map")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if max(args.sessions) > 40:
        raise SystemExit("at most 40 browser sessions on one machine")
    if not Path("/usr/bin/chromium").exists():
        raise SystemExit("Debian chromium is not installed")
    if args.screenshots:
        Path(args.screenshots).mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        package = args.package
        if package is None:
            from benchmarks.run import malmo_deso

            package = malmo_deso(Path(tmp))
        out = run_concurrency(package, args.sessions, args)
    print(json.dumps(out, ensure_ascii=False, indent=2))
    print(table(out), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

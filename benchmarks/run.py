"""Speed figures for Kraftsamla, printed as JSON (stdout) with a compact table (stderr).

    .venv/bin/python -m benchmarks.run [--quick] [--no-browser] [--only SECTION ...]

Every figure stands beside a naive baseline measured in the same run, and the ratio between them is
what to compare across machines (absolute seconds depend on the machine and its load). Nothing here is
a test: no figure fails the build.

Measured:
- index + ranks + proposal for 209 (real Malmö DeSO when ../shared/data/real is beside the repository,
  else synthetic), 6,000 and 40,000 areas: vectorised engine vs a straightforward per-area Python loop;
- the app's rerun after a weight-slider change on the Malmö DeSO level (Streamlit AppTest): warm caches
  vs the same rerun with every cache cleared;
- in a real browser (Debian chromium): slider release -> map repainted, vs the first page load;
- web-map payload (Malmö DeSO and RegSO, 6,000 synthetic areas): the simplified GeoJSON fetched once and
  the per-rerun restyle JSON, vs a plain folium map with full-precision GeoJSON rendered to HTML;
- static PNG export at 2400 px (geo.export.render_map) vs geopandas' own ``.plot`` saved by matplotlib;
- what ``app.py`` and the first page import, in a fresh interpreter (section ``imports``): time, peak
  RSS and which heavy libraries came along, vs a bare ``import streamlit, geopandas, folium``
  (`benchmarks/coldstart_pair.py` measures the cold start of two commits in one run);
- cold start (``streamlit run`` -> first map coloured in chromium) vs a warm second page load, and the
  server's peak RSS after three pages vs a bare ``import streamlit, geopandas, folium``;
- robustness at 209 and 6,000 areas: Monte Carlo draws per second (`rank_uncertainty`, 10,000 draws) vs a
  naive loop calling `composite_index` and `select_areas` once per draw; local Moran's I hot spots
  (999 permutations) and the regionalisation (Ward with contiguity + youth floor) beside the rule-based
  proposal of the same layer, and beside spopt's SKATER when spopt is installed
  (``benchmarks/requirements.txt``; not needed by the app);
- access to everyday places (`geo.access.land_share_within`): the Malmö DeSO land within 400 m of a
  playground or park (about 1,000 OSM places) and 6,000 synthetic areas with 3,000 places, vectorised
  vs a per-area loop that buffers and unites the places near each area;
- effect estimates at 200 and 6,000 areas (synthetic UVAS series 2015-2025, an effort in 20 areas from
  2021): synthetic control with placebo inference, difference-in-differences and the evaluation plan,
  beside one plain proposal (index + ranks + proposal) of the same layer.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import statistics
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.contiguity import DEFAULT_TOLERANCE_M, contiguity_graph, contiguous_groups  # noqa: E402
from indicators.index import SCORE, composite_index  # noqa: E402
from indicators.proposal import propose_areas  # noqa: E402
from indicators.selection import parse_rule, select_areas  # noqa: E402
from model.registry import REGISTRY  # noqa: E402

REAL_DATA = ROOT.parent / "shared" / "data" / "real"
INDEX_IDS = REGISTRY.index_ids
DIRECTIONS = {i: REGISTRY.get(i).direction for i in INDEX_IDS}
WEIGHTS = dict.fromkeys(INDEX_IDS, 1.0)


def timed(fn: Callable[[], object], repeat: int = 3) -> float:
    """Median wall time in seconds over ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# --- inputs -------------------------------------------------------------------------------------------

def synthetic_layer(n: int, seed: int = 7) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """``n`` Voronoi cells (a clean coverage, EPSG:3006) and random, spatially smooth indicator values."""
    rng = np.random.default_rng(seed)
    side = 400.0 * math.sqrt(n)  # about 400 m cells, like DeSO in a dense city
    x0, y0 = 370_000.0, 6_160_000.0
    pts = rng.uniform([x0, y0], [x0 + side, y0 + side], size=(n, 2))
    box = shapely.box(x0, y0, x0 + side, y0 + side)
    cells = shapely.voronoi_polygons(shapely.multipoints(pts), extend_to=box, ordered=True)
    cells = shapely.intersection(np.asarray(shapely.get_parts(cells)), box)
    centroids = shapely.centroid(cells)
    ids = [f"S{i:05d}" for i in range(len(cells))]
    areas = gpd.GeoDataFrame({"area_id": ids, "name": ids}, geometry=cells, crs="EPSG:3006")
    cx, cy = shapely.get_x(centroids), shapely.get_y(centroids)
    field = np.sin(cx / side * 6) + np.cos(cy / side * 5)
    values = pd.DataFrame({i: 20 + 8 * field * (1 if DIRECTIONS[i].sign > 0 else -1)
                           + rng.normal(0, 3, len(cells)) for i in INDEX_IDS}, index=ids)
    values.loc[rng.random(len(cells)) < 0.05, INDEX_IDS[0]] = np.nan  # some suppressed cells
    pop = pd.Series(rng.integers(800, 3000, len(cells)), index=ids, dtype=float)
    values["population"], values["youth"] = pop, (pop * 0.11).round()
    values["uvas"] = (8 + 3 * field + rng.normal(0, 1, len(cells))).clip(1, 30)
    return areas, values


def synthetic_package(n: int, folder: Path) -> Path:
    """A data package with one level of ``n`` synthetic areas (for the browser at scale)."""
    from datapackage.manifest import Level, Manifest
    from datapackage.store import DataPackage, write_package
    from model import columns as c

    areas, values = synthetic_layer(n)
    areas = areas.assign(level="syn", parent_id=None)
    ids = list(values.index)
    rows = [pd.DataFrame({c.AREA_ID: ids, c.LEVEL: "syn", c.YEAR: 2025, c.INDICATOR: i,
                          c.VALUE: values[i].to_numpy(), c.NUMERATOR: np.nan,
                          c.DENOMINATOR: np.nan, c.SUPPRESSED: values[i].isna().to_numpy()})
            for i in (*INDEX_IDS, "uvas")]
    population = pd.concat([pd.DataFrame({c.AREA_ID: ids, c.LEVEL: "syn", c.YEAR: 2025,
                                          c.AGE_GROUP: group, c.POPULATION: values[col].to_numpy()})
                            for group, col in (("total", "population"), ("16-24", "youth"))])
    manifest = Manifest(name=f"Syntetisk, {n} områden", description="Benchmark", attribution="-",
                        levels=(Level("syn", "Syntetisk", "Synthetic"),), years=(2025,),
                        youth_age_group="16-24", indicators={}, demo=True)
    package = DataPackage(manifest, {"syn": areas}, pd.concat(rows, ignore_index=True), population)
    return write_package(package, folder)


def malmo_deso(tmp: Path):
    """The real Malmö package (built from ../shared/data/real) and its DeSO inputs, or None."""
    if not REAL_DATA.is_dir():
        return None
    from datapackage.malmo import build_malmo_package
    from datapackage.store import write_package

    path = write_package(build_malmo_package(REAL_DATA), tmp / "malmo")
    return path


# --- the engine and its naive baseline -------------------------------------------------------------

def engine(areas: gpd.GeoDataFrame, values: pd.DataFrame, graph=None, dissolved=None,
           weights: dict[str, float] = WEIGHTS) -> int:
    index = composite_index(values[list(INDEX_IDS)], DIRECTIONS, weights)
    selected = select_areas(index[SCORE], parse_rule("top-decile"))
    groups = contiguous_groups(areas, selected, graph=graph)
    proposals = propose_areas(areas, index[SCORE], selected, groups, values["population"],
                              values["youth"], values["uvas"], dissolved=dissolved)
    return len(proposals)


def naive(areas: gpd.GeoDataFrame, values: pd.DataFrame) -> int:
    """The same result the straightforward way: a Python loop per area and per neighbour pair."""
    ids = list(values.index)
    rows = {i: values.loc[i] for i in ids}
    lo = {k: min(rows[i][k] for i in ids if rows[i][k] == rows[i][k]) for k in INDEX_IDS}
    hi = {k: max(rows[i][k] for i in ids if rows[i][k] == rows[i][k]) for k in INDEX_IDS}
    score = {}
    for i in ids:
        total, weight = 0.0, 0.0
        for k in INDEX_IDS:
            v = rows[i][k]
            if v != v:
                continue
            n = (v - lo[k]) / (hi[k] - lo[k]) if hi[k] > lo[k] else 0.5
            total += (n if DIRECTIONS[k].sign > 0 else 1 - n)
            weight += 1
        score[i] = 100 * total / weight if weight else float("nan")
    ranked = sorted((s, i) for i, s in score.items() if s == s)[::-1]
    chosen = {i for _, i in ranked[: math.ceil(len(ranked) / 10)]}
    geoms = dict(zip(areas["area_id"], areas.geometry, strict=True))
    tree_ids = list(areas["area_id"])
    tree = shapely.STRtree(list(areas.geometry))
    seen, groups = set(), []
    for start in chosen:
        if start in seen:
            continue
        queue, members = deque([start]), []
        seen.add(start)
        while queue:
            a = queue.popleft()
            members.append(a)
            for j in tree.query(geoms[a]):
                b = tree_ids[j]
                if b in chosen and b not in seen and geoms[a].distance(geoms[b]) <= DEFAULT_TOLERANCE_M:
                    seen.add(b)
                    queue.append(b)
        groups.append(members)
    for members in groups:  # the proposal's geometry and figures
        shapely.union_all([geoms[m] for m in members])
        sum(rows[m]["youth"] for m in members)
    return len(groups)


def engine_figures(label: str, areas, values, repeat: int) -> dict:
    """The engine as the app runs it (contiguity built once per level as a sparse matrix) vs the loop.

    ``engine_s``: every proposal dissolved afresh (median of ``repeat``). ``engine_slider_s``: the
    app's slider case, where the proposals' geometry is remembered per member set for the level
    (`DissolvedGeometries`): the cache is warmed with equal weights only, then six new weight
    settings are run once each (median), so groups that changed are dissolved and the rest reused.
    """
    from geo.contiguity import contiguity_adjacency
    from indicators.proposal import DissolvedGeometries

    graph_s = timed(lambda: contiguity_adjacency(areas), repeat=1)
    graph = contiguity_adjacency(areas)
    fast = timed(lambda: engine(areas, values, graph), repeat)
    dissolved = DissolvedGeometries()
    engine(areas, values, graph, dissolved)
    rng = np.random.default_rng(11)
    settings = [dict(zip(INDEX_IDS, rng.choice([0.5, 1.0, 1.5, 2.0], len(INDEX_IDS)), strict=True))
                for _ in range(6)]
    slider = []
    for weights in settings:
        start = time.perf_counter()
        engine(areas, values, graph, dissolved, weights)
        slider.append(time.perf_counter() - start)
    slider_s = statistics.median(slider)
    slow = timed(lambda: naive(areas, values), 1)
    # Both count the proposed areas; they can differ by a group where floating-point rounding puts a
    # different area at the boundary of the top decile, so both counts are reported.
    return {"areas": len(areas), "layer": label, "engine_s": round(fast, 4),
            "engine_slider_s (geometry kept per member set)": round(slider_s, 4),
            "proposals": engine(areas, values, graph), "proposals_naive": naive(areas, values),
            "contiguity_s (built once per level, cached)": round(graph_s, 4),
            "naive_loop_s": round(slow, 4), "speedup": round(slow / fast, 1),
            "speedup_slider": round(slow / slider_s, 1)}


# --- the app -----------------------------------------------------------------------------------------

def app_rerun(package_path: Path, repeat: int) -> dict:
    """Rerun after a weight change on Områdesval (Malmö DeSO), warm caches vs every cache cleared."""
    import logging
    import os

    import streamlit as st
    from streamlit.runtime.pages_manager import PagesManager

    logging.getLogger("streamlit").setLevel(logging.ERROR)  # AppTest's bare-mode chatter
    from streamlit.testing.v1 import AppTest

    original = PagesManager.__init__

    def init(self, *args, **kwargs):  # as tests/conftest.py: rerun app.py like a server
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init
    os.environ["KRAFTSAMLA_DATA"] = str(package_path)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page("pages/omradesval.py").run()
    at.selectbox(key="level").set_value("deso").run()
    at.selectbox(key="year").set_value(2024).run()
    weights = [0.5, 1.0]

    def move(clear: bool) -> None:
        if clear:
            st.cache_data.clear()
            st.cache_resource.clear()
        weights.reverse()
        at.slider(key="choose_w_lag_inkomststandard").set_value(weights[0]).run()
        assert not at.exception, at.exception

    warm = timed(lambda: move(False), repeat)
    cold = timed(lambda: move(True), repeat)
    return {"what": "Områdesval rerun after a weight change, Malmö DeSO (AppTest, server side)",
            "warm_s": round(warm, 4), "caches_cleared_s": round(cold, 4),
            "ratio": round(cold / warm, 1)}


def browser_repaint(package_path: Path | None, query: str, label: str) -> dict | None:
    """Slider release -> map repainted in Debian chromium, beside the first page load."""
    if not Path("/usr/bin/chromium").exists():
        return None
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM_ARGS, start_server, stop_server
    from tests.browser.helpers import map_frame, map_polygons, repaints, wait_for_repaint

    log = Path(tempfile.mkdtemp()) / "streamlit.log"
    server = start_server(log, str(package_path) if package_path else "")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{server.url}/")  # a fresh server's first session reruns once; not timed
            map_polygons(page, timeout=120_000)
            started = time.perf_counter()
            page.goto(f"{server.url}/omradesval{query}")
            map_polygons(page, timeout=120_000)
            areas = map_frame(page).evaluate("() => Object.keys(window.kraftsamlaAreas).length")
            first_load = time.perf_counter() - started
            times = []
            frame_before = map_frame(page)
            slider = page.get_by_role("slider").first  # Behörighet till yrkesprogram
            for key in ("Home", "End", "Home"):
                count = repaints(page)
                slider.focus()
                started = time.perf_counter()
                slider.press(key)
                wait_for_repaint(page, count, timeout=60_000)
                # one more animation frame, so canvas maps have drawn the new colours
                map_frame(page).evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
                times.append(time.perf_counter() - started)
                assert map_frame(page) is frame_before, "the map iframe was rebuilt"
            browser.close()
    finally:
        stop_server(server.process)
    repaint = statistics.median(times)
    return {"what": f"slider release -> map repainted in chromium (Områdesval, {label})",
            "areas": areas,
            "repaint_s": round(repaint, 3), "repaints_s": [round(r, 3) for r in times],
            "first_page_load_s": round(first_load, 3),
            "ratio": round(first_load / repaint, 1)}


# --- web-map payload, static export, cold start and memory -------------------------------------------

def web_payload(label: str, areas: gpd.GeoDataFrame) -> dict:
    """Bytes and build time of our web map (GeoJSON once + restyle JSON per rerun) vs plain folium."""
    import folium

    from geo.simplify import simplify_for_web
    from geo.webmap import area_geojson, restyle_layer

    def ours() -> str:
        return area_geojson(simplify_for_web(areas))

    build = timed(ours, 3)
    geojson = ours().encode()
    ids = areas["area_id"].astype(str).to_numpy()
    palette = ["#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15"]
    fills = pd.Series([palette[i % len(palette)] for i in range(len(ids))], index=ids)
    values = pd.DataFrame({"a": [f"{i % 97},{i % 10}" for i in range(len(ids))],
                           "b": [f"{i % 13} av 10" for i in range(len(ids))]}, index=ids)

    def restyle() -> str:
        group = restyle_layer(fills, ["Värde", "Rang"], values, "#ccc")
        return next(iter(group._children.values())).data_json

    restyle_s = timed(restyle, 3)
    rerun_bytes = len(restyle().encode())

    def plain() -> str:
        m = folium.Map(location=[55.6, 13.0], zoom_start=11, tiles=None)
        folium.GeoJson(areas.to_crs(4326).to_json(),
                       style_function=lambda f: {"fillColor": "#fb6a4a", "color": "#333",
                                                 "weight": 1, "fillOpacity": 0.7},
                       tooltip=folium.GeoJsonTooltip(fields=["name"])).add_to(m)
        return m.get_root().render()

    plain_s = timed(plain, 2)
    plain_bytes = len(plain().encode())
    return {"what": f"web map payload, {label}", "areas": len(areas),
            "geojson_once_bytes": len(geojson), "geojson_build_s": round(build, 4),
            "per_rerun_bytes": rerun_bytes, "per_rerun_build_s": round(restyle_s, 4),
            "plain_folium_html_bytes": plain_bytes, "plain_folium_build_s": round(plain_s, 4),
            "ratio_once_bytes": round(plain_bytes / len(geojson), 1),
            "ratio_rerun_bytes": round(plain_bytes / rerun_bytes, 1),
            "ratio_rerun_build": round(plain_s / restyle_s, 1)}


def static_export(label: str, areas: gpd.GeoDataFrame) -> dict:
    """PNG export at 2400 px: geo.export.render_map vs geopandas' own plot saved with matplotlib."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from geo.export import MapSpec, render_map

    ids = areas["area_id"].astype(str).to_numpy()
    values = pd.Series(np.random.default_rng(3).normal(20, 5, len(ids)), index=ids)
    spec = MapSpec(title="t", attribution="Källa: SCB")

    def ours() -> bytes:
        return render_map(areas, values, spec, fmt="png")

    def plain() -> bytes:
        minx, miny, maxx, maxy = areas.total_bounds
        fig, ax = plt.subplots(figsize=(12, 12 * (maxy - miny) / (maxx - minx)))
        areas.assign(v=values.to_numpy()).plot(column="v", scheme="quantiles", legend=True, ax=ax)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=200)  # 12 in x 200 dpi = 2400 px
        plt.close(fig)
        return buffer.getvalue()

    fast, slow = timed(ours, 2), timed(plain, 2)
    return {"what": f"static PNG export 2400 px, {label}", "areas": len(areas),
            "render_map_s": round(fast, 3), "png_bytes": len(ours()),
            "geopandas_plot_s": round(slow, 3), "ratio": round(slow / fast, 2)}


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    raise RuntimeError("no VmHWM")


#: Heavy libraries the first page should not need (hot spots, regions, exports, reports, effects).
HEAVY_MODULES = ("libpysal", "esda", "mapclassify", "sklearn", "matplotlib", "scipy.stats",
                 "linearmodels", "statsmodels", "pysyncon", "altair", "sqlalchemy", "alembic")


def first_page_imports() -> dict:
    """Import what `app.py` and the first page (Översikt) import, in a fresh interpreter: wall time,
    peak RSS and which heavy libraries came along, beside a bare ``import streamlit, geopandas,
    folium`` (the floor any map page pays)."""
    import ast
    import subprocess

    modules = []
    for script in ("app.py", "pages/oversikt.py"):
        for node in ast.parse((ROOT / script).read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules.append(node.module)
            elif isinstance(node, ast.Import):
                modules.extend(alias.name for alias in node.names)
    modules = [m for m in dict.fromkeys(modules) if m != "__future__"]
    probe = ("import sys, time; t = time.perf_counter(); import {mods}; "
             "print(time.perf_counter() - t); "
             "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM'))); "
             "print(','.join(m for m in {heavy!r} if m in sys.modules))")

    def run(mods: list[str]) -> tuple[float, float, str]:
        out = subprocess.run([sys.executable, "-c", probe.format(mods=", ".join(mods),
                                                                 heavy=HEAVY_MODULES)],
                             capture_output=True, text=True, check=True, cwd=ROOT).stdout.split("\n")
        return float(out[0]), round(int(out[1]) / 1024, 1), out[2]

    first = [run(modules) for _ in range(3)]
    bare = [run(["streamlit", "geopandas", "folium"]) for _ in range(3)]
    return {"what": "imports of app.py + Översikt in a fresh interpreter (median of 3)",
            "modules": modules, "import_s": round(statistics.median(f[0] for f in first), 3),
            "peak_rss_mb": statistics.median(f[1] for f in first),
            "heavy_loaded": first[0][2].split(",") if first[0][2] else [],
            "bare_import_s": round(statistics.median(b[0] for b in bare), 3),
            "bare_peak_rss_mb": statistics.median(b[1] for b in bare),
            "ratio": round(statistics.median(f[0] for f in first)
                           / statistics.median(b[0] for b in bare), 2)}


def cold_start_and_memory(package_path: Path | None, label: str,
                          query: str = "") -> tuple[dict, dict] | None:
    """Process start -> first map coloured in chromium (vs a warm second load), then peak RSS."""
    import subprocess

    if not Path("/usr/bin/chromium").exists():
        return None
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM_ARGS, start_server, stop_server
    from tests.browser.helpers import map_polygons

    log = Path(tempfile.mkdtemp()) / "streamlit.log"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        started = time.perf_counter()  # chromium is already running: only the app is timed
        server = start_server(log, str(package_path) if package_path else "")
        try:
            health = time.perf_counter() - started
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{server.url}/")
            map_polygons(page, timeout=120_000)
            cold = time.perf_counter() - started
            page2 = browser.new_page(viewport={"width": 1400, "height": 1000})
            started = time.perf_counter()
            page2.goto(f"{server.url}/")
            map_polygons(page2, timeout=120_000)
            warm = time.perf_counter() - started
            page2.goto(f"{server.url}/omradesval{query}")
            map_polygons(page2, timeout=60_000)
            page2.goto(f"{server.url}/uppfoljning")  # no map: wait for the script run to end
            page2.locator("h1").first.wait_for(timeout=60_000)
            page2.wait_for_function(
                "() => !document.querySelector(\"[data-testid='stStatusWidget']\")", timeout=60_000)
            time.sleep(1)
            peak = peak_rss_mb(server.process.pid)
            browser.close()
        finally:
            stop_server(server.process)
    bare = subprocess.run(
        [sys.executable, "-c", "import streamlit, geopandas, folium; "
         "print(open('/proc/self/status').read())"], capture_output=True, text=True, check=True)
    bare_mb = next(round(int(line.split()[1]) / 1024, 1) for line in bare.stdout.splitlines()
                   if line.startswith("VmHWM:"))
    return ({"what": f"cold start: streamlit run -> first map coloured in chromium ({label})",
             "cold_start_s": round(cold, 3), "health_endpoint_up_s": round(health, 3),
             "warm_second_load_s": round(warm, 3), "ratio": round(cold / warm, 1)},
            {"what": f"app server peak RSS after Översikt, Områdesval, Uppföljning ({label})",
             "peak_rss_mb": peak, "bare_imports_peak_rss_mb": bare_mb,
             "ratio": round(peak / bare_mb, 1)})


# --- robustness: Monte Carlo, hot spots, regions ------------------------------------------------------

NAIVE_DRAWS = 200


def robustness_figures(label: str, areas: gpd.GeoDataFrame, values: pd.DataFrame,
                       draws: int = 10_000, skater: bool = True) -> dict:
    """Draws per second (vectorised vs one `composite_index` per draw), hot spots and regions."""
    from geo.hotspots import local_hotspots
    from geo.regions import regionalise
    from indicators.index import CONTRIBUTION_PREFIX
    from indicators.robustness import rank_uncertainty

    inputs = values[list(INDEX_IDS)]
    rule = parse_rule("top-decile")
    fast = timed(lambda: rank_uncertainty(inputs, DIRECTIONS, WEIGHTS, draws=draws, seed=1), 1)

    def naive() -> None:
        rng = np.random.default_rng(1)
        base = np.full(len(INDEX_IDS), 50.0 / len(INDEX_IDS))
        for _ in range(NAIVE_DRAWS):
            w = dict(zip(INDEX_IDS, rng.dirichlet(base), strict=True))
            score = composite_index(inputs, DIRECTIONS, w)[SCORE]
            select_areas(score, rule)

    slow = timed(naive, 1)
    graph = contiguity_graph(areas)
    index = composite_index(inputs, DIRECTIONS, WEIGHTS)
    features = index[[col for col in index.columns if col.startswith(CONTRIBUTION_PREFIX)]]
    selected = select_areas(index[SCORE], rule)
    target = float(values.loc[selected, "youth"].sum())
    hot_s = timed(lambda: local_hotspots(index[SCORE], graph, seed=0), 3)
    region_s = timed(lambda: regionalise(features, index[SCORE], values["youth"], graph,
                                         min_youth=300, target_youth=target), 3)
    rule_s = timed(lambda: engine(areas, values, graph), 3)
    out = {"layer": label, "areas": len(areas), "draws": draws,
           "draws_per_s": round(draws / fast), "naive_draws_per_s": round(NAIVE_DRAWS / slow),
           "speedup": round((draws / fast) / (NAIVE_DRAWS / slow), 1),
           "hot_spots_s": round(hot_s, 4), "regions_s": round(region_s, 4),
           "rule_proposal_s": round(rule_s, 4),
           "regions_vs_rule": round(region_s / rule_s, 2)}
    try:
        from spopt.region import Skater
    except ImportError:
        skater = False
    if not skater:  # not installed, or too slow to wait for (6,000 areas: over ten minutes)
        out["spopt_skater_s"] = None
    else:
        # SKATER drops edges of zero dissimilarity (identical neighbours) and then sees islands; a
        # jitter far below the data's precision keeps every edge.
        jitter = np.random.default_rng(0).normal(0, 1e-6, features.shape)
        frame = areas.assign(**{col: features[col].fillna(0).to_numpy() + jitter[:, k]
                                for k, col in enumerate(features)})
        n_clusters = max(2, int(target // 300))
        w = graph.to_W()

        def run_skater() -> None:
            import warnings
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                Skater(frame, w, list(features.columns), n_clusters=n_clusters,
                       floor=2, trace=False, islands="increase").solve()

        out["spopt_skater_s"] = round(timed(run_skater, 1), 3)
        out["spopt_skater_vs_regions"] = round(out["spopt_skater_s"] / region_s, 1)
    return out


# --- access to everyday places -------------------------------------------------------------------------

def access_figures(label: str, areas: gpd.GeoDataFrame, places: gpd.GeoDataFrame, distance: float,
                   land=None) -> dict:
    """`land_share_within` (one vectorised pass) vs a per-area loop over the places near each area."""
    from geo.access import land_share_within

    fast = timed(lambda: land_share_within(areas, places, distance, land=land), 3)
    points = places.geometry.to_numpy()

    def naive() -> None:
        for geom in areas.geometry:
            part = geom if land is None else geom.intersection(land)
            near = [p.buffer(distance) for p in points if p.distance(part) <= distance]
            reach = shapely.union_all(near) if near else shapely.Polygon()
            part.intersection(reach).area / part.area if part.area else None

    slow = timed(naive, 1)
    return {"layer": label, "areas": len(areas), "places": len(places), "distance_m": distance,
            "vectorised_s": round(fast, 4), "per_area_loop_s": round(slow, 3),
            "speedup": round(slow / fast, 1)}


# --- effect estimates -----------------------------------------------------------------------------

EFFECT_YEARS = tuple(range(2015, 2026))
EFFECT_START = 2021
EFFECT_TREATED = 20


def effect_table(values: pd.DataFrame, seed: int = 7) -> pd.DataFrame:
    """Tidy UVAS rows 2015-2025 at level ``syn`` for the synthetic layer's areas: each area's UVAS as
    its level, a common downward trend, a small own trend and binomial counts of its young people."""
    from model import columns as c

    rng = np.random.default_rng(seed)
    ids = list(values.index)
    years = np.asarray(EFFECT_YEARS)
    t = years - years[0]
    mean = (values["uvas"].to_numpy()[:, None] - 0.15 * t[None, :]
            + rng.normal(0, 0.05, len(ids))[:, None] * t[None, :])
    den = np.repeat(values["youth"].to_numpy().astype(int)[:, None], len(years), axis=1)
    num = rng.binomial(den, np.clip(mean, 0.5, 60) / 100)
    return pd.DataFrame({
        c.AREA_ID: np.repeat(ids, len(years)), c.LEVEL: "syn", c.YEAR: np.tile(years, len(ids)),
        c.INDICATOR: "uvas", c.VALUE: (100 * num / den).ravel(), c.NUMERATOR: num.ravel().astype(float),
        c.DENOMINATOR: den.ravel().astype(float), c.SUPPRESSED: False})


def effect_figures(label: str, areas: gpd.GeoDataFrame, values: pd.DataFrame) -> dict:
    """One evaluation by each method (and the evaluation plan) beside one plain proposal."""
    from indicators.effects import (
        difference_in_differences,
        minimum_detectable_effect,
        synthetic_control,
    )

    table = effect_table(values)
    graph = contiguity_graph(areas)
    index = composite_index(values[list(INDEX_IDS)], DIRECTIONS, WEIGHTS)
    treated = list(index[SCORE].sort_values(ascending=False).index[:EFFECT_TREATED])
    starts = dict.fromkeys(treated, EFFECT_START)
    propose_s = timed(lambda: engine(areas, values, graph), 3)
    synthetic = synthetic_control(table, "syn", "uvas", starts)
    synthetic_s = timed(lambda: synthetic_control(table, "syn", "uvas", starts), 1)
    did_s = timed(lambda: difference_in_differences(table, "syn", "uvas", starts), 1)
    plan_s = timed(lambda: minimum_detectable_effect(table, "syn", "uvas", treated, 2027), 3)
    return {"layer": label, "areas": len(areas), "treated": len(treated),
            "years": len(EFFECT_YEARS), "donor_pool": synthetic.diagnostics.donor_pool,
            "placebos": synthetic.diagnostics.n_placebos,
            "synthetic_s": round(synthetic_s, 3), "did_s": round(did_s, 3),
            "plan_s": round(plan_s, 4), "propose_s": round(propose_s, 4),
            "synthetic_vs_propose": round(synthetic_s / propose_s, 1),
            "did_vs_propose": round(did_s / propose_s, 1)}


SECTIONS = ("engine", "app", "browser", "payload", "export", "imports", "coldstart", "robustness",
            "access", "effects")
#: Minutes long, so only run when named with --only: N sessions over the websocket (10, 30, 60) and
#: N chromium sessions at once (20, 30); each is also its own command (python -m benchmarks.load,
#: python -m benchmarks.concurrency) with more options.
LONG_SECTIONS = ("load", "concurrency")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip the 40,000-area layer")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--only", choices=SECTIONS + LONG_SECTIONS, action="append",
                        help="run only this section (repeatable)")
    args = parser.parse_args(argv)
    run = set(args.only or SECTIONS)
    if args.no_browser:
        run -= {"browser", "coldstart"}
    out: dict = {"machine": {"python": platform.python_version(), "cpu": platform.processor()
                             or platform.machine(), "cores": __import__("os").cpu_count()},
                 "index_ranks_proposal": [], "app": None, "browser": None,
                 "web_payload": [], "static_export": [], "cold_start": None, "peak_memory": None,
                 "robustness": [], "access": [], "load": None, "concurrency": None,
                 "effects": [], "first_page_imports": None}
    with tempfile.TemporaryDirectory() as tmp:
        from datapackage.store import read_package

        package_path = malmo_deso(Path(tmp))
        package = read_package(package_path if package_path else ROOT / "data" / "demo")
        small_level = "deso" if package_path else "smaomrade"
        small_label = "Malmö DeSO" if package_path else "demo småområde"
        if "engine" in run:
            if package_path is not None:
                from services.scenario import area_inputs

                areas = package.areas_at("deso")
                values = area_inputs(package, "deso", 2024, INDEX_IDS)
                values[list(INDEX_IDS)] = values[list(INDEX_IDS)].fillna(
                    values["lag_inkomststandard"].mean())  # only one indicator is published per DeSO
                out["index_ranks_proposal"].append(engine_figures("Malmö DeSO", areas, values, 5))
            else:
                out["index_ranks_proposal"].append(
                    engine_figures("synthetic", *synthetic_layer(209), 5))
            for n in (6_000,) if args.quick else (6_000, 40_000):
                out["index_ranks_proposal"].append(
                    engine_figures("synthetic", *synthetic_layer(n), 3))
        if "robustness" in run:
            if package_path is not None:
                from services.scenario import area_inputs

                values = area_inputs(package, "deso", 2024, INDEX_IDS)
                values[list(INDEX_IDS)] = values[list(INDEX_IDS)].fillna(
                    values["lag_inkomststandard"].mean())
                out["robustness"].append(robustness_figures("Malmö DeSO", package.areas_at("deso"),
                                                            values))
            else:
                out["robustness"].append(robustness_figures("synthetic", *synthetic_layer(209)))
            out["robustness"].append(robustness_figures("synthetic", *synthetic_layer(6_000),
                                                        skater=False))
        if "access" in run:
            if package_path is not None:
                from datapackage.malmo import OSM_PLACES
                from datapackage.osm import read_osm_places, select_open_places

                places = select_open_places(read_osm_places(REAL_DATA / OSM_PLACES), None).places
                play = places[places["kind"].isin(["playground", "park"])]
                out["access"].append(access_figures("Malmö DeSO", package.areas_at("deso"), play,
                                                    400.0, package.land.union_all()))
            syn_areas = synthetic_layer(6_000)[0]
            x0, y0, x1, y1 = syn_areas.total_bounds
            rng = np.random.default_rng(5)
            syn_places = gpd.GeoDataFrame(geometry=gpd.points_from_xy(
                rng.uniform(x0, x1, 3_000), rng.uniform(y0, y1, 3_000)), crs=syn_areas.crs)
            out["access"].append(access_figures("synthetic", syn_areas, syn_places, 400.0))
        if "effects" in run:
            for n in (200, 6_000):
                out["effects"].append(effect_figures("synthetic", *synthetic_layer(n)))
        if "app" in run and package_path is not None:
            out["app"] = app_rerun(package_path, 3)
        syn6000 = synthetic_layer(6_000)[0]
        if "payload" in run:
            levels = [("deso", "Malmö DeSO"), ("regso", "Malmö RegSO")] if package_path else \
                [("smaomrade", "demo småområde")]
            for level, label in levels:
                out["web_payload"].append(web_payload(label, package.areas_at(level)))
            out["web_payload"].append(web_payload("6,000 synthetic areas", syn6000))
        if "export" in run:
            out["static_export"].append(static_export(small_label, package.areas_at(small_level)))
            out["static_export"].append(static_export("6,000 synthetic areas", syn6000))
        if "imports" in run:
            out["first_page_imports"] = first_page_imports()
        if "coldstart" in run:
            result = cold_start_and_memory(package_path, "Malmö" if package_path else "demo",
                                           "?level=regso&year=2023" if package_path else "")
            if result:
                out["cold_start"], out["peak_memory"] = result
        if "load" in run and package_path is not None:
            from benchmarks import load

            out["load"] = load.run_load(package_path, [10, 30, 60], load.parser().parse_args([]))
            print(load.table(out["load"]), file=sys.stderr)
        if "concurrency" in run and package_path is not None:
            from benchmarks import concurrency

            out["concurrency"] = concurrency.run_concurrency(
                package_path, [20, 30], concurrency.parser().parse_args(["--compare-early-ready"]))
            print(concurrency.table(out["concurrency"]), file=sys.stderr)
        if "browser" in run:
            # On Malmö DeSO only one index indicator is published, and one indicator's weight does
            # not change a ranking; RegSO (three indicators) shows a real repaint.
            out["browser"] = [browser_repaint(package_path, "?level=regso&year=2023",
                                              "Malmö RegSO 2023") if package_path else
                              browser_repaint(None, "", "demo")]
            if not args.quick:
                big = synthetic_package(6_000, Path(tmp) / "syn6000")
                out["browser"].append(browser_repaint(big, "", "6,000 synthetic areas"))
    print(json.dumps(out, ensure_ascii=False, indent=2))
    print(table(out), file=sys.stderr)
    return 0


def _kb(n: int) -> str:
    return f"{n / 1024:,.0f} kB" if n < 10 * 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MB"


def table(out: dict) -> str:
    rows = [f"{'what':<70} {'fast':>10} {'baseline':>10} {'ratio':>7}"]

    def row(what: str, fast: str, slow: str, ratio: float) -> None:
        rows.append(f"{what:<70} {fast:>10} {slow:>10} {ratio:>6.1f}x")

    for r in out["index_ranks_proposal"]:
        row(f"index+ranks+proposal, {r['areas']} areas ({r['layer']})",
            f"{r['engine_s']:.3f}s", f"{r['naive_loop_s']:.3f}s", r["speedup"])
        row(f"  same, slider case (geometry kept per member set), {r['areas']} areas",
            f"{r['engine_slider_s (geometry kept per member set)']:.3f}s",
            f"{r['naive_loop_s']:.3f}s", r["speedup_slider"])
    if out["app"]:
        a = out["app"]
        row("app rerun after slider, Malmö DeSO (vs caches cleared)",
            f"{a['warm_s']:.3f}s", f"{a['caches_cleared_s']:.3f}s", a["ratio"])
    for b in out["browser"] or []:
        if b:
            row(f"browser: slider -> repaint, {b['areas']} areas (vs page load)",
                f"{b['repaint_s']:.3f}s", f"{b['first_page_load_s']:.3f}s", b["ratio"])
    for w in out["web_payload"]:
        name = w["what"].removeprefix("web map payload, ")
        row(f"web map GeoJSON once, {name} (vs plain folium)",
            _kb(w["geojson_once_bytes"]), _kb(w["plain_folium_html_bytes"]), w["ratio_once_bytes"])
        row(f"web map per rerun, {name} (vs plain folium)",
            _kb(w["per_rerun_bytes"]), _kb(w["plain_folium_html_bytes"]), w["ratio_rerun_bytes"])
        row(f"web map build: GeoJSON once, {name} (vs plain folium)",
            f"{w['geojson_build_s']:.3f}s", f"{w['plain_folium_build_s']:.3f}s",
            w["plain_folium_build_s"] / w["geojson_build_s"])
        row(f"web map build: per rerun, {name} (vs plain folium)",
            f"{w['per_rerun_build_s']:.4f}s", f"{w['plain_folium_build_s']:.3f}s",
            w["ratio_rerun_build"])
    for e in out["static_export"]:
        row(f"{e['what']} (vs gpd .plot)", f"{e['render_map_s']:.3f}s",
            f"{e['geopandas_plot_s']:.3f}s", e["ratio"])
    for r in out.get("access", []):
        row(f"land within {r['distance_m']:g} m of {r['places']:,} places, {r['areas']:,} areas "
            f"({r['layer']}, vs per-area loop)", f"{r['vectorised_s']:.3f}s",
            f"{r['per_area_loop_s']:.3f}s", r["speedup"])
    for r in out["robustness"]:
        where = f"{r['areas']} areas ({r['layer']})"
        row(f"Monte Carlo draws/s, {where} (vs naive loop)",
            f"{r['draws_per_s']:,}/s", f"{r['naive_draws_per_s']:,}/s", r["speedup"])
        row(f"hot spots, 999 permutations, {where} (vs rule proposal)",
            f"{r['hot_spots_s']:.3f}s", f"{r['rule_proposal_s']:.3f}s",
            r["hot_spots_s"] / r["rule_proposal_s"])
        row(f"regions (Ward + youth floor), {where} (vs rule proposal)",
            f"{r['regions_s']:.3f}s", f"{r['rule_proposal_s']:.3f}s", r["regions_vs_rule"])
        if r.get("spopt_skater_s") is not None:
            row(f"regions, {where} (vs spopt SKATER)", f"{r['regions_s']:.3f}s",
                f"{r['spopt_skater_s']:.3f}s", r["spopt_skater_vs_regions"])
    for e in out["effects"]:
        where = f"{e['areas']} areas, {e['treated']} treated"
        row(f"synthetic control + {e['placebos']} placebos, {where} (vs proposal)",
            f"{e['synthetic_s']:.2f}s", f"{e['propose_s']:.3f}s", e["synthetic_vs_propose"])
        row(f"difference-in-differences, {where} (vs proposal)", f"{e['did_s']:.2f}s",
            f"{e['propose_s']:.3f}s", e["did_vs_propose"])
        row(f"evaluation plan (MDE), {where} (vs proposal)", f"{e['plan_s']:.3f}s",
            f"{e['propose_s']:.3f}s", e["plan_s"] / e["propose_s"])
    if out.get("first_page_imports"):
        f = out["first_page_imports"]
        row("imports of app.py + Översikt (vs bare streamlit, geopandas, folium)",
            f"{f['import_s']:.2f}s", f"{f['bare_import_s']:.2f}s", f["ratio"])
        row("  peak RSS of those imports (vs bare)", f"{f['peak_rss_mb']:.0f} MB",
            f"{f['bare_peak_rss_mb']:.0f} MB", f["peak_rss_mb"] / f["bare_peak_rss_mb"])
    if out["cold_start"]:
        c = out["cold_start"]
        row("cold start -> first map in chromium (vs warm 2nd load)",
            f"{c['cold_start_s']:.2f}s", f"{c['warm_second_load_s']:.2f}s", c["ratio"])
    if out["peak_memory"]:
        m = out["peak_memory"]
        row("app peak RSS, 3 pages (vs bare imports)", f"{m['peak_rss_mb']:.0f} MB",
            f"{m['bare_imports_peak_rss_mb']:.0f} MB", m["ratio"])
    return "\n".join(rows)


if __name__ == "__main__":
    sys.exit(main())

"""Speed figures for Kraftsamla, printed as JSON (stdout) with a compact table (stderr).

    .venv/bin/python -m benchmarks.run [--quick] [--no-browser]

Every figure stands beside a naive baseline measured in the same run, and the ratio between them is
what to compare across machines (absolute seconds depend on the machine and its load). Nothing here is
a test: no figure fails the build.

Measured:
- index + ranks + proposal for 209 (real Malmö DeSO when ../shared/data/real is beside the repository,
  else synthetic), 6,000 and 40,000 areas: vectorised engine vs a straightforward per-area Python loop;
- the app's rerun after a weight-slider change on the Malmö DeSO level (Streamlit AppTest): warm caches
  vs the same rerun with every cache cleared;
- in a real browser (Debian chromium): slider release -> map repainted, vs the first page load.
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
from indicators.registry import REGISTRY  # noqa: E402
from indicators.selection import parse_rule, select_areas  # noqa: E402

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
    from indicators import columns as c

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

def engine(areas: gpd.GeoDataFrame, values: pd.DataFrame, graph=None) -> int:
    index = composite_index(values[list(INDEX_IDS)], DIRECTIONS, WEIGHTS)
    selected = select_areas(index[SCORE], parse_rule("top-decile"))
    groups = contiguous_groups(areas, selected, graph=graph)
    proposals = propose_areas(areas, index[SCORE], selected, groups, values["population"],
                              values["youth"], values["uvas"])
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
    graph_s = timed(lambda: contiguity_graph(areas), repeat=1)
    graph = contiguity_graph(areas)
    fast = timed(lambda: engine(areas, values, graph), repeat)
    slow = timed(lambda: naive(areas, values), 1)
    # Both count the proposed areas; they can differ by a group where floating-point rounding puts a
    # different area at the boundary of the top decile, so both counts are reported.
    return {"areas": len(areas), "layer": label, "engine_s": round(fast, 4),
            "proposals": engine(areas, values, graph), "proposals_naive": naive(areas, values),
            "contiguity_graph_s (built once per level, cached)": round(graph_s, 4),
            "naive_loop_s": round(slow, 4), "speedup": round(slow / fast, 1)}


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip the 40,000-area layer")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args(argv)
    out: dict = {"machine": {"python": platform.python_version(), "cpu": platform.processor()
                             or platform.machine(), "cores": __import__("os").cpu_count()},
                 "index_ranks_proposal": [], "app": None, "browser": None}
    with tempfile.TemporaryDirectory() as tmp:
        package_path = malmo_deso(Path(tmp))
        if package_path is not None:
            from datapackage.store import read_package
            from indicators.scenario import area_inputs

            package = read_package(package_path)
            areas = package.areas_at("deso")
            values = area_inputs(package, "deso", 2024, INDEX_IDS)
            values[list(INDEX_IDS)] = values[list(INDEX_IDS)].fillna(
                values["lag_inkomststandard"].mean())  # only one indicator is published per DeSO
            out["index_ranks_proposal"].append(engine_figures("Malmö DeSO", areas, values, 5))
        else:
            out["index_ranks_proposal"].append(
                engine_figures("synthetic", *synthetic_layer(209), 5))
        for n in (6_000,) if args.quick else (6_000, 40_000):
            out["index_ranks_proposal"].append(engine_figures("synthetic", *synthetic_layer(n), 3))
        if package_path is not None:
            out["app"] = app_rerun(package_path, 3)
        if not args.no_browser:
            # On Malmö DeSO only one index indicator is published, and one indicator's weight does
            # not change a ranking; RegSO (three indicators) shows a real repaint.
            out["browser"] = [browser_repaint(package_path, "?level=regso&year=2023",
                                              "Malmö RegSO 2023") if package_path else
                              browser_repaint(None, "", "demo")]
            if not args.quick:
                big = synthetic_package(6_000, Path(tmp) / "syn6000")
                out["browser"].append(browser_repaint(big, "", "6,000 synthetic areas"))
    print(json.dumps(out, ensure_ascii=False, indent=2))
    table = [f"{'what':<58} {'fast':>9} {'baseline':>10} {'ratio':>7}"]
    for row in out["index_ranks_proposal"]:
        table.append(f"{'index+ranks+proposal, ' + str(row['areas']) + ' areas (' + row['layer'] + ')':<58}"
                     f" {row['engine_s']:>8.3f}s {row['naive_loop_s']:>9.3f}s {row['speedup']:>6.1f}x")
    if out["app"]:
        a = out["app"]
        table.append(f"{'app rerun after slider, Malmö DeSO (vs caches cleared)':<58}"
                     f" {a['warm_s']:>8.3f}s {a['caches_cleared_s']:>9.3f}s {a['ratio']:>6.1f}x")
    for b in out["browser"] or []:
        if b:
            table.append(f"{'browser: slider -> repaint, ' + str(b['areas']) + ' areas (vs page load)':<58}"
                         f" {b['repaint_s']:>8.3f}s {b['first_page_load_s']:>9.3f}s {b['ratio']:>6.1f}x")
    print("\n".join(table), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

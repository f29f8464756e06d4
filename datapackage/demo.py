"""The embedded demo package: "Kustad", a fictitious coastal city with made-up statistics.

Everything here is invented and seeded, so the same seed always gives the same package. The city lies
at plausible SWEREF 99 TM coordinates in southern Sweden (about 15 km across, sea to the west with a
harbour bay), so that maps look Swedish, but it is no real place and the numbers are no real statistics.

How the data are made
---------------------
1. An outline with a wiggly coast to the west and a land boundary on the other sides.
2. About 200 seed points, denser towards the centre, whose Voronoi cells clipped to the outline are
   the small areas (``smaomrade``). The cells are built by polygonizing noded linework, so they form
   an exact coverage (no gaps, no overlaps).
3. Contiguous groups of similar size: 40 neighbourhoods (``stadsdel``) grown from k-means centres
   over the small areas' adjacency graph, then 5 districts (``stadsomrade``) grown the same way over
   the neighbourhoods, one of them around the centre, and the whole city (``stad``).
4. A smooth latent "need" field (three deprived clusters and one affluent one, plus gentle waves and
   local noise) drives every indicator, each with its own patchy noise, so neighbours are alike and
   indicators correlate without being copies of each other. Each cluster has its own trend
   (one improves after 2020, one worsens, one improves slowly); UVAS also improves slowly city-wide
   with a bump in 2020-2021.
5. Shares are drawn as binomial counts of a denominator (young people 16-24, year-9 pupils, residents),
   so small areas are noisier than large ones. Small cells are suppressed as SCB would: value,
   numerator and denominator left empty.
6. One example effort, "Ungdomslyftet (exempel)", has a known effect planted on UVAS: in the eight
   small areas nearest the north cluster's centre, from 2021 on, the numerators are lowered by
   2 % of the denominators (`plant_effect`; about -2 percentage points). The manifest declares it
   under ``example_insatser`` with the label "planterad effekt i demodata", so the app can offer it
   as a treated group and the effect estimates can be checked against a known answer. The planting
   draws no random numbers, so everything else is as it would be without it.
7. Coarser levels are sums of the small areas' published (not suppressed) numerators and denominators,
   and of their population.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiPoint, Polygon

from datapackage.manifest import (
    Availability,
    ExampleInsats,
    IndicatorEntry,
    Level,
    Manifest,
    Overlay,
)
from datapackage.store import STORAGE_CRS, DataPackage
from model import columns as c
from model.registry import PROGRAMME_IDS

DEMO_SEED = 2030
DEMO_YEARS: tuple[int, ...] = tuple(range(2015, 2026))
CITY_NAME = "Kustad"
CITY_ID = "KUSTAD"
YOUTH_AGE_GROUP = "16-24"

SMALL_AREA = "smaomrade"
NEIGHBOURHOOD = "stadsdel"
DISTRICT = "stadsomrade"
CITY = "stad"

N_SMALL_AREAS = 200
N_NEIGHBOURHOODS = 40
N_DISTRICTS = 5

FOCUS_OVERLAY_ID = "fokusomraden_2020"

#: The example effort with a planted effect (see the module docstring, step 6).
EXAMPLE_NAME = "Ungdomslyftet (exempel)"
EXAMPLE_BOARD = "arbetsmarknads- och socialnämnden"
EXAMPLE_INDICATOR = "uvas"
EXAMPLE_START = 2021
#: Percentage points added to UVAS in the example's areas from its start on.
EXAMPLE_EFFECT = -2.0
EXAMPLE_AREAS = 8
EXAMPLE_LABEL_SV = "planterad effekt i demodata"
EXAMPLE_LABEL_EN = "planted effect in demo data"

# The city centre, just east of the harbour bay (SWEREF 99 TM metres).
_CENTRE = np.array([375_800.0, 6_167_800.0])
_WEST, _EAST = 371_800.0, 384_800.0
_SOUTH, _NORTH = 6_160_000.0, 6_175_000.0
_BAY_Y = 6_167_800.0

_ATTRIBUTION = "Källa: fiktiva demodata (Kraftsamla). Inte verklig statistik."
_DESCRIPTION_SV = (
    "Kustad är en påhittad kuststad med ungefär 200 småområden, 40 stadsdelar och 5 stadsområden. "
    "Alla siffror är slumpade (med fast frö) ur ett jämnt varierande behovsfält, så att grannområden "
    "liknar varandra och indikatorerna hänger ihop på ett rimligt sätt. Använd paketet för att prova "
    "appen – inte för att dra slutsatser om någon verklig plats."
)
_DESCRIPTION_EN = (
    "Kustad is a made-up coastal city with about 200 small areas, 40 neighbourhoods and 5 districts. "
    "All figures are drawn at random (with a fixed seed) from a smoothly varying need field, so "
    "neighbouring areas are alike and the indicators relate plausibly. Use the package to try the "
    "app – not to draw conclusions about any real place."
)


# --------------------------------------------------------------------------------------------------
# Geometry
# --------------------------------------------------------------------------------------------------


def coastline_outline(rng: np.random.Generator) -> Polygon:
    """The city's outline: a wiggly coast with a harbour bay to the west, land boundary elsewhere.

    Parameters
    ----------
    rng : random generator; only the phases of the coast's wiggles and the land boundary's jitter
        depend on it.

    Returns
    -------
    A valid polygon in EPSG:3006 metres, roughly 13 km (east-west) by 15 km (north-south).
    """
    phase1, phase2 = rng.uniform(0, 2 * np.pi, 2)
    ys = np.linspace(_SOUTH, _NORTH, 181)
    rel = ys - _SOUTH
    coast_x = (
        _WEST
        + 450 * np.sin(2 * np.pi * rel / 6_500 + phase1)
        + 160 * np.sin(2 * np.pi * rel / 1_700 + phase2)
        + 2_500 * np.exp(-(((ys - _BAY_Y) / 750) ** 2))  # the harbour bay
        - 900 * np.exp(-(((ys - 6_171_600) / 650) ** 2))  # a headland north of the bay
    )
    coast = np.column_stack([coast_x, ys])  # south to north

    def boundary(start: np.ndarray, end: np.ndarray, n: int, jitter: float) -> np.ndarray:
        t = np.linspace(0, 1, n + 2)[1:-1, None]
        pts = start + t * (end - start)
        normal = np.array([-(end - start)[1], (end - start)[0]])
        normal /= np.linalg.norm(normal)
        return pts + rng.uniform(-jitter, jitter, (n, 1)) * normal

    north_west, south_west = coast[-1], coast[0]
    north_east = np.array([_EAST + rng.uniform(-300, 300), _NORTH + rng.uniform(-200, 200)])
    south_east = np.array([_EAST + rng.uniform(-300, 300), _SOUTH + rng.uniform(-200, 200)])
    ring = np.vstack([
        coast,
        boundary(north_west, north_east, 7, 350),
        north_east[None, :],
        boundary(north_east, south_east, 8, 400),
        south_east[None, :],
        boundary(south_east, south_west, 7, 350),
    ])
    outline = Polygon(ring)
    if not outline.is_valid:  # never seen, but the jitter is random
        outline = max(shapely.get_parts(shapely.make_valid(outline)), key=lambda g: g.area)
    return outline


def seed_points(
    outline: Polygon, n: int, rng: np.random.Generator, centre: np.ndarray = _CENTRE
) -> np.ndarray:
    """Draw ``n`` points inside ``outline``, denser near ``centre``, never too close to each other.

    Dart throwing with a minimum spacing that grows from 230 m at the centre to 850 m 6.5 km out,
    from candidates that are half Gaussian around the centre and half uniform.

    Returns
    -------
    Array of shape (n, 2) with x, y in metres.
    """
    inner = outline.buffer(-120)
    xmin, ymin, xmax, ymax = outline.bounds
    accepted: list[np.ndarray] = []
    for _ in range(200):
        m = 200
        gauss = centre + rng.normal(0, 2_600, (m // 2, 2))
        uniform = np.column_stack([
            rng.uniform(xmin, xmax, m - m // 2), rng.uniform(ymin, ymax, m - m // 2)
        ])
        candidates = np.vstack([gauss, uniform])[rng.permutation(m)]
        candidates = candidates[shapely.contains_xy(inner, candidates[:, 0], candidates[:, 1])]
        for point in candidates:
            spacing = 230 + 620 * min(np.hypot(*(point - centre)) / 6_500, 1.0)
            if accepted and np.min(np.hypot(*(np.asarray(accepted) - point).T)) < spacing:
                continue
            accepted.append(point)
            if len(accepted) == n:
                return np.asarray(accepted)
    raise RuntimeError(f"could only place {len(accepted)} of {n} points")


def voronoi_cells(points: np.ndarray, outline: Polygon) -> np.ndarray:
    """Voronoi cells of ``points`` clipped to ``outline``, as an exact coverage.

    The cells' boundaries and the outline are noded together and polygonized, so neighbouring cells
    share identical edges. Where the outline cuts a cell in two (across the bay), the piece without
    the point joins the neighbour it shares the longest edge with; every cell is one polygon.

    Returns
    -------
    Array of polygons, one per point, in the order of ``points``.
    """
    pts = shapely.points(points)
    frame = shapely.box(*outline.buffer(5_000).bounds)
    cells = shapely.get_parts(
        shapely.voronoi_polygons(MultiPoint(pts), extend_to=frame, ordered=True)
    )
    linework = shapely.union_all([*shapely.boundary(cells), outline.boundary])
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(linework)))
    faces = faces[shapely.contains(outline, shapely.point_on_surface(faces))]

    owner = np.full(len(faces), -1)
    for j, face in enumerate(faces):
        contains = np.flatnonzero(shapely.contains(face, pts))
        if len(contains):
            owner[j] = contains[0]
    if (np.bincount(owner[owner >= 0], minlength=len(pts)) != 1).any():
        raise RuntimeError("some point is not inside exactly one face")
    # Orphan pieces join the owned neighbour with the longest shared edge, repeatedly.
    while (owner < 0).any():
        orphans = np.flatnonzero(owner < 0)
        for j in orphans:
            shared = shapely.length(shapely.intersection(faces[j].boundary, faces))
            shared[owner < 0] = 0
            if shared.max() > 0:
                owner[j] = owner[np.argmax(shared)]
        if (owner[orphans] < 0).all():
            raise RuntimeError("a piece of the outline touches no cell")
    return np.array([
        shapely.coverage_union_all(faces[owner == i]) for i in range(len(pts))
    ], dtype=object)


def rook_adjacency(geoms: Sequence[Polygon] | np.ndarray, min_shared: float = 1.0) -> list[set[int]]:
    """Neighbours that share an edge of at least ``min_shared`` metres (rook contiguity).

    Returns
    -------
    For each geometry, the set of indices of its neighbours.
    """
    geoms = np.asarray(geoms, dtype=object)
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    neighbours: list[set[int]] = [set() for _ in geoms]
    for i, j in zip(left, right, strict=True):
        if i < j and shapely.intersection(geoms[i], geoms[j]).length >= min_shared:
            neighbours[i].add(int(j))
            neighbours[j].add(int(i))
    return neighbours


def kmeans_centres(
    xy: np.ndarray, k: int, rng: np.random.Generator, fixed: np.ndarray | None = None,
    iterations: int = 25,
) -> np.ndarray:
    """K-means centres of points ``xy`` (k-means++ start, Lloyd iterations).

    Parameters
    ----------
    fixed : optional (m, 2) centres that take part in the assignment but never move; they are the
        first m of the k centres returned.

    Returns
    -------
    Array of shape (k, 2).
    """
    pinned = np.empty((0, 2)) if fixed is None else np.asarray(fixed, dtype=float).reshape(-1, 2)
    centres = list(pinned) or [xy[rng.integers(len(xy))]]
    while len(centres) < k:
        d2 = np.min(((xy[:, None, :] - np.asarray(centres)[None]) ** 2).sum(-1), axis=1)
        centres.append(xy[rng.choice(len(xy), p=d2 / d2.sum())])
    centres_arr = np.asarray(centres)
    for _ in range(iterations):
        label = np.argmin(((xy[:, None, :] - centres_arr[None]) ** 2).sum(-1), axis=1)
        centres_arr = np.array([
            centres_arr[j] if j < len(pinned) or not (label == j).any()
            else xy[label == j].mean(axis=0)
            for j in range(k)
        ])
    return centres_arr


#: Weight of a region's size against distance when regions compete for a unit (see
#: `contiguous_regions`).
SIZE_PENALTY = 2.0


def contiguous_regions(
    xy: np.ndarray, neighbours: list[set[int]], k: int, rng: np.random.Generator,
    fixed: np.ndarray | None = None, min_size: int = 2,
) -> np.ndarray:
    """Partition a connected adjacency graph into ``k`` contiguous, similar-sized regions.

    Each region starts from the unit nearest one of ``k`` k-means centres and grows through
    neighbours. The next unit claimed is always the one with the lowest cost
    ``d / s + SIZE_PENALTY · size / target``, where d is its distance to the claiming region's
    centre, s the median distance between neighbours, size the region's current number of units
    and target = units / k: near units go first, and small regions win contested units from large
    ones. Growth only through neighbours keeps every region connected. Regions left with fewer than
    ``min_size`` units take units from their neighbours; in the rare case that fails, new centres
    are drawn.

    Parameters
    ----------
    xy : (units, 2) unit positions.
    neighbours : for each unit, the indices of its neighbours.
    k : number of regions.
    rng : random generator for the k-means start.
    fixed : optional centres that are pinned (e.g. the city centre, so one region is the centre).
    min_size : smallest number of units in a region.

    Returns
    -------
    Region label 0..k-1 per unit.
    """
    spacing = float(np.median([np.hypot(*(xy[i] - xy[j]))
                               for i, nb in enumerate(neighbours) for j in nb]))
    for _ in range(20):
        centres = kmeans_centres(xy, k, rng, fixed)
        dist = np.hypot(*(xy[:, None, :] - centres[None]).transpose(2, 0, 1))  # (units, k)
        label = _grow_regions(neighbours, dist / spacing)
        filled = _fill_small_regions(label, neighbours, dist, min_size)
        if filled is not None:
            return filled
    raise ValueError(f"could not form {k} regions of at least {min_size} units")


def _grow_regions(neighbours: list[set[int]], dist: np.ndarray) -> np.ndarray:
    """Grow one region per column of ``dist`` (units × regions, in units of neighbour spacing)."""
    n_units, k = dist.shape
    target = n_units / k
    label = np.full(n_units, -1)
    size = np.zeros(k, dtype=int)

    def cost(unit: int, region: int) -> float:
        # A region of a single unit claims its next one before anything else happens.
        head_start = 1e6 if size[region] < 2 else 0.0
        return float(dist[unit, region] + SIZE_PENALTY * size[region] / target - head_start)

    for j in range(k):
        start = next(int(i) for i in np.argsort(dist[:, j]) if label[int(i)] < 0)
        label[start] = j
        size[j] = 1
    heap: list[tuple[float, int, int]] = [
        (cost(other, int(label[unit])), other, int(label[unit]))
        for unit in np.flatnonzero(label >= 0) for other in neighbours[unit]
    ]
    heapq.heapify(heap)
    while heap:
        key, unit, region = heapq.heappop(heap)
        if label[unit] >= 0:
            continue
        current = cost(unit, region)
        if current > key + 1e-9:  # the region has grown since; costs only rise, so re-queue
            heapq.heappush(heap, (current, unit, region))
            continue
        label[unit] = region
        size[region] += 1
        for other in neighbours[unit]:
            if label[other] < 0:
                heapq.heappush(heap, (cost(other, region), other, region))
    if (label < 0).any():
        raise ValueError("the adjacency graph is not connected")
    return label


def _is_connected(units: set[int], neighbours: list[set[int]]) -> bool:
    if not units:
        return True
    start = next(iter(units))
    seen, stack = {start}, [start]
    while stack:
        for other in neighbours[stack.pop()] & units:
            if other not in seen:
                seen.add(other)
                stack.append(other)
    return seen == units


def _fill_small_regions(
    label: np.ndarray, neighbours: list[set[int]], dist: np.ndarray, min_size: int
) -> np.ndarray | None:
    """Give regions smaller than ``min_size`` units from neighbouring regions that can spare them.

    A unit moves only if its region keeps at least ``min_size`` units and stays connected; of the
    candidates, the one nearest the small region's centre moves first.

    Returns
    -------
    New labels, or None when some small region has no neighbour that can spare a unit.
    """
    label = label.copy()
    while True:
        sizes = np.bincount(label, minlength=dist.shape[1])
        small = np.flatnonzero(sizes < min_size)
        if not len(small):
            return label
        region = int(small[0])
        members = np.flatnonzero(label == region)
        candidates = sorted(
            (float(dist[u, region]), u)
            for m in members for u in neighbours[m]
            if label[u] != region and sizes[label[u]] > min_size
            and _is_connected(set(np.flatnonzero(label == label[u]).tolist()) - {u}, neighbours)
        )
        if not candidates:
            return None
        label[candidates[0][1]] = region


# --------------------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------------------

_STEMS = (
    "Ek", "Björk", "Lind", "Al", "Alm", "Ask", "Lönn", "Hassel", "Fläder", "Rönn", "Sälg", "Tall",
    "Gran", "Ljung", "Klöver", "Ros", "Sol", "Äng", "Hag", "Kvarn", "Mölle", "Sten", "Berg", "Hed",
    "Kärr", "Mosse", "Råg", "Korn", "Hjort", "Räv", "Tran", "Svan", "Lärk", "Stare", "Vall", "Kyrk",
    "Prästa", "Skoga", "Bäck", "Kungs", "Dros", "Tegel", "Smedje", "Gårda", "Vinter", "Sommar",
    "Höst", "Vår", "Lilje", "Lavendel", "Humle", "Vete", "Linne", "Lyck", "Fager", "Ljus",
)
_COAST_STEMS = (
    "Sjö", "Hav", "Strand", "Sand", "Dyn", "Tång", "Mås", "Fisk", "Båt", "Ankar", "Fyr", "Våg",
    "Salt", "Snäck", "Skepps", "Segel", "Ål", "Sill", "Kobb",
)
_SUFFIXES = (
    "gården", "hem", "backen", "lund", "dal", "berga", "holm", "torp", "by", "åsen", "höjden",
    "hagen", "ängen", "fältet", "sta", "slätt", "vången", "parken", "stad", "ro",
)
_COAST_SUFFIXES = ("vik", "strand", "näs", "hamnen", "udden", "viken", "sund")
_DIRECTIONS = {"N": "Norra", "S": "Södra", "E": "Östra", "W": "Västra"}
#: Real Malmö area names the generator could otherwise produce; a fictitious city must not borrow
#: them (and least of all attach made-up need to them).
REAL_MALMO_NAMES = frozenset({
    "Almgården", "Almvik", "Kvarnby", "Kyrkby", "Lindängen", "Lönngården", "Möllevången",
    "Rostorp", "Solbacken",
})


def _compound(stem: str, suffix: str) -> str:
    """Join a stem and a suffix, dropping a third identical consonant ("Tall" + "lund")."""
    if len(stem) >= 2 and stem[-1] == stem[-2] == suffix[0]:
        stem = stem[:-1]
    return stem + suffix


def place_name(rng: np.random.Generator, taken: set[str], coastal: bool = False) -> str:
    """A Swedish-sounding place name not in ``taken`` (which it then joins), never a real Malmö one.

    Coastal areas draw more often from sea-related stems and suffixes.
    """
    for _ in range(10_000):
        sea = coastal and rng.random() < 0.6
        stem = rng.choice(_COAST_STEMS if sea or rng.random() < 0.08 else _STEMS)
        suffix = rng.choice(_COAST_SUFFIXES if sea and rng.random() < 0.6 else _SUFFIXES)
        name = _compound(str(stem), str(suffix))
        if name not in taken and name not in REAL_MALMO_NAMES:
            taken.add(name)
            return name
    raise RuntimeError("ran out of place names")


def _compass(vector: np.ndarray) -> str:
    """N, S, E or W for the quadrant a vector points into."""
    x, y = vector
    if abs(y) >= abs(x):
        return "N" if y > 0 else "S"
    return "E" if x > 0 else "W"


def district_names(centroids: np.ndarray, city_centre: np.ndarray) -> list[str]:
    """Names for five districts: the one nearest ``city_centre`` is "Centrum", the rest by direction.

    Directions (Norr, Öster, Söder, Väster) are assigned to maximise the summed alignment of each
    district's direction from the centre with its name.
    """
    if len(centroids) != 5:
        raise ValueError(f"expected 5 district centroids, got {len(centroids)}")
    offsets = centroids - city_centre
    central = int(np.argmin(np.hypot(*offsets.T)))
    others = [i for i in range(5) if i != central]
    headings = {"Norr": (0, 1), "Öster": (1, 0), "Söder": (0, -1), "Väster": (-1, 0)}
    unit = offsets[others] / np.hypot(*offsets[others].T)[:, None]

    def alignment(perm: tuple[str, ...]) -> float:
        return sum(float(unit[i] @ np.array(headings[name])) for i, name in enumerate(perm))

    best = max(itertools.permutations(headings), key=alignment)
    names = [""] * 5
    names[central] = "Centrum"
    for i, name in zip(others, best, strict=True):
        names[i] = name
    return names


# --------------------------------------------------------------------------------------------------
# The latent need field
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cluster:
    """A Gaussian bump of the need field, with its own trend over the years.

    Attributes
    ----------
    centre : (x, y) in metres.
    amplitude : height of the bump (negative for an affluent area).
    sigma : width in metres.
    trend : name of the trend (see `trend_shift`): "improves_after_2020", "worsens",
        "improves_slowly" or "flat".
    """

    centre: tuple[float, float]
    amplitude: float
    sigma: float
    trend: str

    def weight(self, xy: np.ndarray) -> np.ndarray:
        """exp(-d² / 2σ²) at each point, 1 at the centre."""
        d2 = ((xy - np.asarray(self.centre)) ** 2).sum(axis=1)
        return np.exp(-d2 / (2 * self.sigma**2))


def need_clusters(rng: np.random.Generator) -> tuple[Cluster, ...]:
    """Three deprived clusters (east, south, north by the coast) and one affluent (south-west coast)."""
    def at(dx: float, dy: float) -> tuple[float, float]:
        jitter = rng.uniform(-350, 350, 2)
        return (float(_CENTRE[0] + dx + jitter[0]), float(_CENTRE[1] + dy + jitter[1]))

    return (
        Cluster(at(3_700, -1_100), 1.0, 1_500, "improves_after_2020"),
        Cluster(at(800, -5_400), 0.85, 1_500, "worsens"),
        Cluster(at(-1_200, 4_600), 0.65, 1_350, "improves_slowly"),
        Cluster(at(-2_400, -4_300), -0.45, 1_900, "flat"),
    )


def trend_shift(name: str, years: np.ndarray) -> np.ndarray:
    """Change of need (in standard deviations of the field) per year for a cluster's trend."""
    t = (years - years[0]) / 10.0
    shifts = {
        "improves_after_2020": -1.6 * np.clip((years - 2019) / 6.0, 0, None),
        "worsens": 1.8 * t,
        "improves_slowly": -0.6 * t,
        "flat": 0.0 * t,
    }
    return shifts[name]


def latent_need(xy: np.ndarray, clusters: Sequence[Cluster], rng: np.random.Generator) -> np.ndarray:
    """Standardised need at each point: the clusters, gentle waves and some local noise.

    Returns
    -------
    Array of shape (n,), mean 0 and standard deviation 1; higher means greater need.
    """
    field = sum(cl.amplitude * cl.weight(xy) for cl in clusters)
    for _ in range(4):  # waves of 3-7 km
        angle = rng.uniform(0, np.pi)
        wavenumber = 2 * np.pi / rng.uniform(3_000, 7_000)
        direction = np.array([np.cos(angle), np.sin(angle)])
        field = field + 0.12 * np.cos(wavenumber * (xy @ direction) + rng.uniform(0, 2 * np.pi))
    field = field + rng.normal(0, 0.04, len(xy))
    return (field - field.mean()) / field.std()


# --------------------------------------------------------------------------------------------------
# Population and indicators
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Population:
    """Population per small area (rows) and year (columns), by age group."""

    total: np.ndarray
    children: np.ndarray  # 0-19
    youth: np.ndarray  # 16-24


def small_area_population(
    need: np.ndarray, centrality: np.ndarray, years: np.ndarray, rng: np.random.Generator
) -> Population:
    """Populations of about 800-3500 per small area, growing about 1 % a year.

    A few new housing areas grow 7-14 % a year from a few hundred inhabitants in 2015.

    Deprived areas have more children and young people; central areas more young adults and fewer
    children.
    """
    n = len(need)
    size_2025 = np.exp(rng.uniform(np.log(1_050), np.log(3_400), n))
    growth = rng.normal(0.008, 0.006, n)
    # A few new housing areas that were only beginning to fill in 2015.
    new_builds = rng.random(n) < 0.06
    growth[new_builds] = rng.uniform(0.07, 0.14, new_builds.sum())
    t = years - years[-1]
    total = size_2025[:, None] * (1 + growth[:, None]) ** t[None, :]
    total = np.rint(total * np.exp(rng.normal(0, 0.008, total.shape))).astype(int)
    share_children = np.clip(
        0.22 + 0.03 * need - 0.05 * centrality + rng.normal(0, 0.02, n), 0.12, 0.36
    )
    share_youth = np.clip(
        0.095 + 0.012 * need + 0.05 * centrality + rng.normal(0, 0.01, n), 0.06, 0.2
    )
    # New housing areas fill with young families: more children, fewer young adults.
    share_children[new_builds] += 0.05
    share_youth[new_builds] *= 0.65
    children = np.rint(total * share_children[:, None] * np.exp(rng.normal(0, 0.02, total.shape)))
    youth = np.rint(total * share_youth[:, None] * np.exp(rng.normal(0, 0.03, total.shape)))
    return Population(total, children.astype(int), youth.astype(int))


@dataclass(frozen=True)
class ShareSpec:
    """How one share indicator is drawn from the need field.

    Attributes
    ----------
    indicator : registry id.
    low, high : percent at the 1st and 99th percentile of the indicator's field over all areas and
        years (for ``higher_is_better``, ``high`` is reached at low need).
    coupling : correlation of the indicator's own field with the common need field.
    suppress_below : denominators below this are suppressed.
    yearly : city-wide shift on the logit scale per year, relative to the first year.
    higher_is_better : True for behörighet.
    """

    indicator: str
    low: float
    high: float
    coupling: float
    suppress_below: int = 0
    yearly: tuple[float, ...] = ()
    higher_is_better: bool = False


_UVAS_CITY_TREND = tuple(
    -0.022 * i + {2020: 0.12, 2021: 0.06}.get(year, 0.0) for i, year in enumerate(DEMO_YEARS)
)
SHARE_SPECS: tuple[ShareSpec, ...] = (
    ShareSpec("uvas", 3.0, 20.0, 0.9, suppress_below=50, yearly=_UVAS_CITY_TREND),
    ShareSpec("behorighet_yrkesprogram", 58.0, 97.0, 0.86, suppress_below=10,
              higher_is_better=True),
    ShareSpec("trangboddhet", 6.0, 42.0, 0.9),
    ShareSpec("ekonomiskt_bistand", 1.2, 23.0, 0.92),
    ShareSpec("lag_inkomststandard", 6.0, 42.0, 0.9),
)


def _logit(p: float) -> float:
    return float(np.log(p / (1 - p)))


def share_probability(spec: ShareSpec, field: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Expected share (0-1) from an indicator's field, scaled so that the 1st-99th percentile of
    ``reference`` maps to ``spec.low``-``spec.high`` percent on the logit scale."""
    q_low, q_high = np.quantile(reference, [0.01, 0.99])
    # Clipping keeps the few extreme areas plausible; binomial noise still spreads them a little.
    position = np.clip((field - q_low) / (q_high - q_low), -0.05, 1.05)
    lo, hi = _logit(spec.low / 100), _logit(spec.high / 100)
    logit = hi - (hi - lo) * position if spec.higher_is_better else lo + (hi - lo) * position
    return 1 / (1 + np.exp(-logit))


def denominators(indicator: str, pop: Population, rng: np.random.Generator) -> np.ndarray:
    """Who a share is counted among, per small area and year.

    uvas: young people 16-24. behörighet: the year-9 cohort, about a twentieth of 0-19 year olds.
    trångboddhet and låg inkomststandard: residents in dwellings / households (most residents).
    ekonomiskt bistånd: all residents.
    """
    n, t = pop.total.shape
    if indicator == "uvas":
        return pop.youth.copy()
    if indicator == "behorighet_yrkesprogram":
        cohort = pop.children / 20 * np.exp(rng.normal(0, 0.12, (n, 1)) + rng.normal(0, 0.08, (n, t)))
        return np.rint(cohort).astype(int)
    if indicator in ("trangboddhet", "lag_inkomststandard"):
        return np.rint(pop.total * rng.uniform(0.95, 0.99, (n, 1))).astype(int)
    if indicator == "ekonomiskt_bistand":
        return pop.total.copy()
    raise ValueError(f"no denominator defined for indicator {indicator!r}")


def smooth_noise(neighbours: list[set[int]], rng: np.random.Generator) -> np.ndarray:
    """Standard normal noise per area, twice averaged half and half with its neighbours' mean.

    An indicator's own variation is then patchy rather than speckled, as in real data.
    """
    smooth = rng.normal(0, 1, len(neighbours))
    for _ in range(2):
        mean_of_neighbours = np.array([smooth[sorted(nb)].mean() for nb in neighbours])
        smooth = 0.5 * smooth + 0.5 * mean_of_neighbours
    return (smooth - smooth.mean()) / smooth.std()


def share_counts(
    spec: ShareSpec,
    need_by_year: np.ndarray,
    own: np.ndarray,
    denominator: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """Numerators drawn as Binomial(denominator, p) where p follows the indicator's own field.

    The field is ``coupling`` × need plus ``sqrt(1 - coupling²)`` × ``own`` (the indicator's own,
    standardised area noise), plus area-year noise and the indicator's city-wide yearly shift.
    """
    n, t = need_by_year.shape
    base = spec.coupling * need_by_year[:, 0] + np.sqrt(1 - spec.coupling**2) * own
    field = base[:, None] + spec.coupling * (need_by_year - need_by_year[:, :1])
    field = field + rng.normal(0, 0.06, (n, t))
    p = share_probability(spec, field, field)
    if spec.yearly:
        shift = np.asarray(spec.yearly)[None, :]
        p = 1 / (1 + np.exp(-(np.log(p / (1 - p)) + shift)))
    return rng.binomial(denominator, p)


def example_areas(xy: np.ndarray, cluster: Cluster, n: int = EXAMPLE_AREAS) -> np.ndarray:
    """Indices of the ``n`` areas whose centroids lie nearest ``cluster``'s centre, ascending."""
    distance = np.hypot(*(xy - np.asarray(cluster.centre)).T)
    return np.sort(np.argsort(distance, kind="stable")[:n])


def plant_effect(numerator: np.ndarray, denominator: np.ndarray, rows: np.ndarray,
                 years: np.ndarray, start: int, effect: float) -> np.ndarray:
    """Numerators with ``effect`` percentage points added in ``rows`` from ``start`` on.

    :math:`n' = \\max(n + \\mathrm{round}(\\tau d / 100), 0)`: the share moves by :math:`\\tau`
    percentage points up to rounding (and the floor at 0). Deterministic, so the generator's random
    draws are the same with or without it. Returns a new array.
    """
    out = numerator.copy()
    cells = np.ix_(rows, np.flatnonzero(np.asarray(years) >= start))
    out[cells] = np.maximum(out[cells] + np.rint(effect / 100.0 * denominator[cells]).astype(out.dtype),
                            0)
    return out


# --------------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------------


def _membership(parent_index: np.ndarray, n_parents: int) -> np.ndarray:
    """0/1 matrix (parents × children) for summing children into parents."""
    m = np.zeros((n_parents, len(parent_index)), dtype=np.int64)
    m[parent_index, np.arange(len(parent_index))] = 1
    return m


def share_rows(
    area_ids: Sequence[str],
    level: str,
    indicator: str,
    years: Sequence[int],
    numerator: np.ndarray,
    denominator: np.ndarray,
    suppress_below: int,
) -> pd.DataFrame:
    """Tidy indicator rows: value = 100 × numerator / denominator, rounded to one decimal.

    Where the denominator is below ``suppress_below`` the row is suppressed: value, numerator and
    denominator are empty.
    """
    num = numerator.astype(float)
    den = denominator.astype(float)
    suppressed = den < max(suppress_below, 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.round(100 * num / den, 1)
    value[suppressed] = np.nan
    num[suppressed] = np.nan
    den[suppressed] = np.nan
    n, t = num.shape
    return pd.DataFrame({
        c.AREA_ID: pd.array(np.repeat(np.asarray(area_ids), t), dtype="string"),
        c.LEVEL: pd.array([level] * (n * t), dtype="string"),
        c.YEAR: np.tile(np.asarray(years, dtype=np.int64), n),
        c.INDICATOR: pd.array([indicator] * (n * t), dtype="string"),
        c.VALUE: value.ravel(),
        c.NUMERATOR: num.ravel(),
        c.DENOMINATOR: den.ravel(),
        c.SUPPRESSED: suppressed.ravel(),
    })


def count_rows(
    area_ids: Sequence[str], level: str, indicator: str, years: Sequence[int], counts: np.ndarray
) -> pd.DataFrame:
    """Tidy indicator rows for a count (e.g. befolkning): value only, never suppressed."""
    n, t = counts.shape
    return pd.DataFrame({
        c.AREA_ID: pd.array(np.repeat(np.asarray(area_ids), t), dtype="string"),
        c.LEVEL: pd.array([level] * (n * t), dtype="string"),
        c.YEAR: np.tile(np.asarray(years, dtype=np.int64), n),
        c.INDICATOR: pd.array([indicator] * (n * t), dtype="string"),
        c.VALUE: counts.astype(float).ravel(),
        c.NUMERATOR: np.full(n * t, np.nan),
        c.DENOMINATOR: np.full(n * t, np.nan),
        c.SUPPRESSED: np.zeros(n * t, dtype=bool),
    })


def population_rows(
    area_ids: Sequence[str], level: str, years: Sequence[int], by_age: dict[str, np.ndarray]
) -> pd.DataFrame:
    """Tidy population rows for one level: one row per area, year and age group."""
    frames = []
    for age_group, counts in by_age.items():
        n, t = counts.shape
        frames.append(pd.DataFrame({
            c.AREA_ID: pd.array(np.repeat(np.asarray(area_ids), t), dtype="string"),
            c.LEVEL: pd.array([level] * (n * t), dtype="string"),
            c.YEAR: np.tile(np.asarray(years, dtype=np.int64), n),
            c.AGE_GROUP: pd.array([age_group] * (n * t), dtype="string"),
            c.POPULATION: counts.astype(np.int64).ravel(),
        }))
    return pd.concat(frames, ignore_index=True)


def demo_manifest(with_overlay: bool = True,
                  examples: tuple[ExampleInsats, ...] = ()) -> Manifest:
    """The demo package's manifest: four levels, 2015-2025, all six indicators, and the example
    efforts given."""
    summed = Availability(
        "derived",
        "Summerat från småområden (fiktiva demodata; undertryckta småområden ingår inte).",
        "Summed from small areas (fictitious demo data; suppressed small areas not included).",
    )
    suppression = {
        "uvas": ("Undertryckt där färre än 50 unga 16–24 år bor.",
                 "Suppressed where fewer than 50 young people aged 16–24 live."),
        "behorighet_yrkesprogram": ("Undertryckt där färre än 10 elever gick ut årskurs 9.",
                                    "Suppressed where fewer than 10 pupils left year 9."),
    }

    def own(ident: str) -> Availability:
        sv, en = suppression.get(ident, ("", ""))
        return Availability("real", f"Fiktiva demodata. {sv}".strip(),
                            f"Fictitious demo data. {en}".strip())

    entries = {
        ident: IndicatorEntry(
            status="real",
            note_sv="Fiktiva demodata – inte verklig statistik.",
            note_en="Fictitious demo data – not real statistics.",
            source="Fiktiva demodata (Kraftsamla)",
            levels={SMALL_AREA: own(ident), NEIGHBOURHOOD: summed, DISTRICT: summed,
                    CITY: summed},
        )
        for ident in (*PROGRAMME_IDS, "befolkning")
    }
    overlays = (
        Overlay(FOCUS_OVERLAY_ID, "Tidigare fokusområden 2020", "Earlier focus areas 2020",
                _ATTRIBUTION),
    ) if with_overlay else ()
    return Manifest(
        name="Demodata – fiktiv stad",
        description=_DESCRIPTION_SV,
        description_en=_DESCRIPTION_EN,
        attribution=_ATTRIBUTION,
        levels=(
            Level(SMALL_AREA, "Småområde", "Small area", NEIGHBOURHOOD),
            Level(NEIGHBOURHOOD, "Stadsdel", "Neighbourhood", DISTRICT),
            Level(DISTRICT, "Stadsområde", "District", CITY),
            Level(CITY, "Stad", "City", None),
        ),
        years=DEMO_YEARS,
        youth_age_group=YOUTH_AGE_GROUP,
        indicators=entries,
        demo=True,
        overlays=overlays,
        city_level=CITY,
        example_insatser=examples,
    )


def _area_layer(
    ids: Sequence[str], names: Sequence[str], level: str, parents: Sequence[str | None],
    geoms: Sequence[Polygon],
) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            c.AREA_ID: pd.array(list(ids), dtype="string"),
            c.NAME: pd.array(list(names), dtype="string"),
            c.LEVEL: pd.array([level] * len(ids), dtype="string"),
            c.PARENT_ID: pd.array(list(parents), dtype="string"),
        },
        geometry=list(geoms),
        crs=STORAGE_CRS,
    )


def _order(groups: np.ndarray, xy: np.ndarray) -> np.ndarray:
    """Order units by group, then north to south in 500 m bands, then west to east."""
    return np.lexsort((xy[:, 0], -np.floor(xy[:, 1] / 500), groups))


def _small_area_names(
    stadsdel: np.ndarray, xy: np.ndarray, sd_names: Sequence[str], sd_xy: np.ndarray,
    coastal: np.ndarray, rng: np.random.Generator, taken: set[str],
) -> list[str]:
    """About a third of small areas are "Norra/Södra/Östra/Västra <stadsdel>", the rest own names."""
    used: set[tuple[int, str]] = set()
    names = []
    for i in range(len(xy)):
        sd = int(stadsdel[i])
        direction = _compass(xy[i] - sd_xy[sd])
        if (sd, direction) not in used and rng.random() < 0.4:
            used.add((sd, direction))
            name = f"{_DIRECTIONS[direction]} {sd_names[sd]}"
            taken.add(name)
            names.append(name)
        else:
            names.append(place_name(rng, taken, coastal=bool(coastal[i])))
    return names


def _focus_areas(
    small: gpd.GeoDataFrame, neighbourhoods: gpd.GeoDataFrame, clusters: Sequence[Cluster],
    need: np.ndarray,
) -> gpd.GeoDataFrame:
    """Two earlier focus areas: the neediest small areas around the east and north clusters,
    smoothed a little so they look drawn by hand rather than copied from the area layer. Each is
    named after the neighbourhood it overlaps most."""
    shapes, names = [], []
    xy = np.column_stack([small.centroid.x, small.centroid.y])
    for cluster in (clusters[0], clusters[2]):
        weight = cluster.weight(xy)
        chosen = (weight > 0.45) & (need > np.quantile(need, 0.6))
        if not chosen.any():
            chosen = weight == weight.max()
        union = shapely.union_all(small.geometry[chosen].to_numpy())
        shape = max(shapely.get_parts(union.buffer(120).buffer(-120)), key=lambda g: g.area)
        shapes.append(shape.simplify(40))
        overlap = shapely.area(shapely.intersection(neighbourhoods.geometry.to_numpy(), shape))
        names.append(f"Fokusområde {neighbourhoods[c.NAME].iloc[int(np.argmax(overlap))]}")
    return gpd.GeoDataFrame(
        {c.NAME: pd.array(names, dtype="string")}, geometry=shapes, crs=STORAGE_CRS
    )


def build_demo_package(seed: int = DEMO_SEED) -> DataPackage:
    """Generate the demo package for the fictitious coastal city Kustad.

    Parameters
    ----------
    seed : seed of the random generator; the same seed always gives the same package.

    Returns
    -------
    A `DataPackage` with levels smaomrade (200 areas), stadsdel (40), stadsomrade (5) and stad (1),
    population 2015-2025 by age group (total, 0-19, 16-24) at every level, the five programme
    indicators and befolkning at every level and year, one overlay (earlier focus areas), and one
    example effort with a planted effect on UVAS, declared in the manifest (``example_insatser``).
    """
    rng = np.random.default_rng(seed)
    years = np.asarray(DEMO_YEARS)

    # Geometry of the small areas, then contiguous groups.
    outline = coastline_outline(rng)
    points = seed_points(outline, N_SMALL_AREAS, rng)
    cells = voronoi_cells(points, outline)
    cell_xy = np.column_stack([shapely.get_x(shapely.centroid(cells)),
                               shapely.get_y(shapely.centroid(cells))])
    neighbours = rook_adjacency(cells)
    sd_label = contiguous_regions(cell_xy, neighbours, N_NEIGHBOURHOODS, rng)
    sd_geoms = np.array([shapely.coverage_union_all(cells[sd_label == j])
                         for j in range(N_NEIGHBOURHOODS)], dtype=object)
    sd_xy = np.column_stack([shapely.get_x(shapely.centroid(sd_geoms)),
                             shapely.get_y(shapely.centroid(sd_geoms))])
    so_label_of_sd = contiguous_regions(sd_xy, rook_adjacency(sd_geoms), N_DISTRICTS, rng,
                                        fixed=_CENTRE)
    so_geoms = np.array([shapely.coverage_union_all(sd_geoms[so_label_of_sd == j])
                         for j in range(N_DISTRICTS)], dtype=object)
    so_xy = np.column_stack([shapely.get_x(shapely.centroid(so_geoms)),
                             shapely.get_y(shapely.centroid(so_geoms))])
    city_geom = shapely.coverage_union_all(so_geoms)

    # Stable ids: districts north to south, neighbourhoods and small areas within their parent.
    so_order = np.lexsort((so_xy[:, 0], -so_xy[:, 1]))
    so_rank = np.empty(N_DISTRICTS, dtype=int)
    so_rank[so_order] = np.arange(N_DISTRICTS)
    sd_order = _order(so_rank[so_label_of_sd], sd_xy)
    sd_rank = np.empty(N_NEIGHBOURHOODS, dtype=int)
    sd_rank[sd_order] = np.arange(N_NEIGHBOURHOODS)
    sa_order = _order(sd_rank[sd_label], cell_xy)

    # Reorder everything into id order.
    so_geoms, so_xy = so_geoms[so_order], so_xy[so_order]
    sd_geoms, sd_xy = sd_geoms[sd_order], sd_xy[sd_order]
    sd_parent = so_rank[so_label_of_sd][sd_order]
    cells, cell_xy = cells[sa_order], cell_xy[sa_order]
    sa_parent = sd_rank[sd_label][sa_order]

    so_ids = [f"SO{i + 1}" for i in range(N_DISTRICTS)]
    sd_ids = [f"SD{i + 1:02d}" for i in range(N_NEIGHBOURHOODS)]
    sa_ids = [f"K{i + 1:04d}" for i in range(N_SMALL_AREAS)]

    sea = shapely.difference(shapely.box(*outline.buffer(3_000).bounds), outline)
    coastal_cells = shapely.intersects(cells, sea.buffer(1.0))
    coastal_sd = np.array([coastal_cells[sa_parent == j].any() for j in range(N_NEIGHBOURHOODS)])
    taken: set[str] = {CITY_NAME}
    sd_names = [place_name(rng, taken, coastal=bool(coastal_sd[j]))
                for j in range(N_NEIGHBOURHOODS)]
    sa_names = _small_area_names(sa_parent, cell_xy, sd_names, sd_xy, coastal_cells, rng, taken)
    so_names = district_names(so_xy, _CENTRE)

    small = _area_layer(sa_ids, sa_names, SMALL_AREA, [sd_ids[j] for j in sa_parent], cells)
    areas = {
        SMALL_AREA: small,
        NEIGHBOURHOOD: _area_layer(sd_ids, sd_names, NEIGHBOURHOOD,
                                   [so_ids[j] for j in sd_parent], sd_geoms),
        DISTRICT: _area_layer(so_ids, so_names, DISTRICT, [CITY_ID] * N_DISTRICTS, so_geoms),
        CITY: _area_layer([CITY_ID], [CITY_NAME], CITY, [None], [city_geom]),
    }

    # The need field and its trends.
    clusters = need_clusters(rng)
    need = latent_need(cell_xy, clusters, rng)
    slope_noise = rng.normal(0, 0.25, N_SMALL_AREAS)
    shift = sum(cl.weight(cell_xy)[:, None] * trend_shift(cl.trend, years)[None, :]
                for cl in clusters)
    shift = shift + slope_noise[:, None] * ((years - years[0]) / 10.0)[None, :]
    need_by_year = need[:, None] + shift + rng.normal(0, 0.05, (N_SMALL_AREAS, len(years)))

    example_rows = example_areas(cell_xy, clusters[2])
    centrality = np.exp(-((cell_xy - _CENTRE) ** 2).sum(axis=1) / (2 * 2_200.0**2))
    pop = small_area_population(need, centrality, years, rng)

    # Sum small areas into each coarser level.
    to_sd = _membership(sa_parent, N_NEIGHBOURHOODS)
    to_so = _membership(sd_parent, N_DISTRICTS) @ to_sd
    to_city = np.ones((1, N_SMALL_AREAS), dtype=np.int64)
    levels = (
        (SMALL_AREA, sa_ids, np.eye(N_SMALL_AREAS, dtype=np.int64)),
        (NEIGHBOURHOOD, sd_ids, to_sd),
        (DISTRICT, so_ids, to_so),
        (CITY, [CITY_ID], to_city),
    )

    indicator_frames = []
    population_frames = []
    for level, ids, matrix in levels:
        population_frames.append(population_rows(ids, level, years, {
            c.AGE_TOTAL: matrix @ pop.total,
            c.AGE_CHILDREN: matrix @ pop.children,
            YOUTH_AGE_GROUP: matrix @ pop.youth,
        }))
        indicator_frames.append(count_rows(ids, level, "befolkning", years, matrix @ pop.total))
    for spec in SHARE_SPECS:
        den = denominators(spec.indicator, pop, rng)
        num = share_counts(spec, need_by_year, smooth_noise(neighbours, rng), den, rng)
        if spec.indicator == EXAMPLE_INDICATOR:
            num = plant_effect(num, den, example_rows, years, EXAMPLE_START, EXAMPLE_EFFECT)
        published = den >= max(spec.suppress_below, 1)
        num_pub, den_pub = np.where(published, num, 0), np.where(published, den, 0)
        for level, ids, matrix in levels:
            if level == SMALL_AREA:
                n_level, d_level = num, den
            else:
                n_level, d_level = matrix @ num_pub, matrix @ den_pub
            indicator_frames.append(share_rows(ids, level, spec.indicator, years, n_level,
                                               d_level, spec.suppress_below))

    # Rows in the order `write_package` writes them, so a package read back equals this one.
    indicators = pd.concat(indicator_frames, ignore_index=True).sort_values(
        [c.LEVEL, c.INDICATOR, c.YEAR, c.AREA_ID], ignore_index=True)
    population = pd.concat(population_frames, ignore_index=True).sort_values(
        [c.LEVEL, c.YEAR, c.AGE_GROUP, c.AREA_ID], ignore_index=True)
    overlays = {FOCUS_OVERLAY_ID: _focus_areas(small, areas[NEIGHBOURHOOD], clusters, need)}
    example = ExampleInsats(
        name=EXAMPLE_NAME, board=EXAMPLE_BOARD, level=SMALL_AREA,
        area_ids=tuple(sa_ids[i] for i in example_rows), start_year=EXAMPLE_START,
        indicator=EXAMPLE_INDICATOR, planted_effect=EXAMPLE_EFFECT, label_sv=EXAMPLE_LABEL_SV,
        label_en=EXAMPLE_LABEL_EN)
    return DataPackage(
        manifest=demo_manifest(examples=(example,)),
        areas=areas,
        indicators=indicators,
        population=population,
        overlays=overlays,
    )

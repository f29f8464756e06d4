"""Synthetic area panels with a known effect, for the effect-estimate tests.

Each area has its own level, a common year effect, a small own trend and binomial sampling noise:
:math:`p_{it} = \\mu + \\alpha_i + \\lambda_t + \\delta_i (t - t_0) + \\tau_{it}` (percent), counts
:math:`n_{it} \\sim \\text{Binomial}(d_i, p_{it}/100)`. Treated areas get the planted effect
:math:`\\tau` (percentage points) from their start year on, and optionally an extra pre-trend.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from model import columns as c

LEVEL = "omrade"
INDICATOR = "uvas"


def area_ids(n: int) -> list[str]:
    return [f"A{i:03d}" for i in range(n)]


def panel_table(seed: int, *, n_areas: int = 40, years: Sequence[int] = tuple(range(2015, 2025)),
                starts: Mapping[str, int] | None = None, n_treated: int = 8, start: int = 2020,
                effect: float = 0.0, treated_trend: float = 0.0, sizes: tuple[int, int] = (150, 600),
                counts: bool = True) -> tuple[pd.DataFrame, dict[str, int]]:
    """A tidy indicator table (``uvas`` at level ``omrade``) and the treated areas' start years.

    ``starts`` fixes the treated areas (else ``n_treated`` drawn at random, all starting in
    ``start``); ``effect`` is added from each start on; ``treated_trend`` (pp per year) is added to
    the treated areas over every year (a different pre-trend).
    """
    rng = np.random.default_rng(seed)
    ids = area_ids(n_areas)
    years = np.asarray(years)
    if starts is None:
        starts = {ids[i]: start for i in sorted(rng.permutation(n_areas)[:n_treated])}
    size = rng.integers(*sizes, n_areas)
    level = 12 + rng.normal(0, 3, n_areas)
    year_effect = np.cumsum(rng.normal(-0.1, 0.3, len(years)))
    own_trend = rng.normal(0, 0.05, n_areas)
    t = years - years[0]
    mean = level[:, None] + year_effect[None, :] + own_trend[:, None] * t[None, :]
    for i, area in enumerate(ids):
        if area in starts:
            mean[i] += treated_trend * t + effect * (years >= starts[area])
    p = np.clip(mean, 0.5, 99.5) / 100
    den = np.repeat(size[:, None], len(years), axis=1)
    num = rng.binomial(den, p)
    table = pd.DataFrame({
        c.AREA_ID: np.repeat(ids, len(years)),
        c.LEVEL: LEVEL,
        c.YEAR: np.tile(years, n_areas),
        c.INDICATOR: INDICATOR,
        c.VALUE: (100 * num / den).ravel(),
        c.NUMERATOR: num.ravel().astype(float) if counts else np.nan,
        c.DENOMINATOR: den.ravel().astype(float) if counts else np.nan,
        c.SUPPRESSED: False,
    })
    return table, dict(starts)

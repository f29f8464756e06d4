"""Step 1's chart: the UVAS series of the whole city and of the proposed areas, each with the straight
path from its target's baseline to the 2030 and 2035 targets (PNG, drawn with matplotlib)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import FuncFormatter, MaxNLocator

from i18n.numbers import number

#: Colour-blind-safe series colours (Okabe–Ito): the whole city, the proposed areas.
COLOURS = ("#555555", "#0072B2", "#E69F00")


@dataclass(frozen=True)
class Line:
    """One observed series and its target path: ``path`` is (year, value) from the baseline through
    the checkpoints' targets (empty without a saved target)."""

    label: str
    values: pd.Series
    path: tuple[tuple[int, float], ...] = ()


def path_chart(lines: Sequence[Line], unit: str, path_label: str, lang: str,
               size: tuple[float, float] = (12.0, 2.8)) -> bytes | None:
    """The chart as PNG bytes; None when no line has two years or a path."""
    usable = [ln for ln in lines if len(ln.values.dropna()) >= 1]
    if not usable:
        return None
    fig, ax = plt.subplots(figsize=size, dpi=110)
    for k, line in enumerate(usable):
        colour = COLOURS[k % len(COLOURS)]
        values = line.values.dropna()
        ax.plot(values.index, values.to_numpy(), color=colour, marker="o", markersize=5, linewidth=3,
                label=line.label)
        if line.path:
            years, targets = zip(*line.path, strict=True)
            ax.plot(years, targets, color=colour, linestyle="--", linewidth=2)
            ax.plot(years[1:], targets[1:], color=colour, marker="D", markersize=9, linestyle="none")
            for year, value in line.path[1:]:
                ax.annotate(f"{number(value, lang, 1)} {unit}", (year, value), textcoords="offset points",
                            xytext=(0, 10), ha="center", fontsize=15, color=colour, weight="bold")
    ax.plot([], [], color="#777777", linestyle="--", marker="D", label=path_label)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{number(v, lang, 0)} {unit}"))
    ax.tick_params(labelsize=15)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#dddddd")
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=15, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()

"""What an exported map image says around the map (`MapSpec`) and which formats exist, without
matplotlib: the page that offers the download imports this; `geo.export` draws only when asked."""

from __future__ import annotations

from dataclasses import dataclass

#: Image formats `render_map` writes.
FORMATS = ("png", "svg", "pdf")
#: Languages of the texts drawn in the image.
LANGUAGES = ("sv", "en")


@dataclass(frozen=True)
class MapSpec:
    """The texts around a map image.

    Attributes
    ----------
    title : e.g. the indicator's name.
    subtitle : e.g. level and year.
    legend_title : heading of the legend, e.g. "Andel (%)".
    unit : unit appended to each class break, e.g. "%" gives "3,1–5,4 %"; empty for none.
    attribution : the package's "Källa: …" text, drawn at the bottom left.
    date_text : e.g. "Kartan skapad 2026-11-24", drawn at the bottom right; passed in, never computed.
    demo : True draws a clear "Demodata – fiktiv stad" label on the map.
    lang : "sv" (Swedish decimal commas and texts) or "en".
    notes : lines under the subtitle saying what went into the map, e.g. an indicator's caveat
        ("UVAS per RegSO avser 20–25 år") or an index's indicators and their shares.
    """

    title: str
    subtitle: str = ""
    legend_title: str = ""
    unit: str = ""
    attribution: str = ""
    date_text: str = ""
    demo: bool = False
    lang: str = "sv"
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.lang not in LANGUAGES:
            raise ValueError(f"Unknown language {self.lang!r}. Valid: {', '.join(LANGUAGES)}")

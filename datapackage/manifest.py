"""The manifest of a data package: what it holds, where it comes from, and how honest each indicator is.

`manifest.json` is the one file a person reads to know a package. Each indicator is marked ``real``
(published values), ``derived`` (computed from published values, e.g. population-weighted to a coarser
level) or ``missing`` (not available; never invented), overall and per level, with a note in Swedish and
English shown wherever the indicator is shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from model.registry import REGISTRY, Indicator, IndicatorDefinitionError, IndicatorRegistry

FORMAT_VERSION = 1
#: ``uploaded`` marks values a visitor uploaded in the app (with their own source label); packages on
#: disk use the other three.
STATUSES = ("real", "derived", "missing", "uploaded")


class ManifestError(ValueError):
    """The manifest is malformed; the message names the key."""


@dataclass(frozen=True)
class Level:
    """An area level, e.g. DeSO. ``parent`` is the id of the next coarser level, if any."""

    id: str
    name_sv: str
    name_en: str
    parent: str | None = None
    #: Where the level's areas come from when they are not the package's own (an upload's label).
    source: str = ""

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_sv


@dataclass(frozen=True)
class Availability:
    """How real an indicator is, overall or at one level."""

    status: str
    note_sv: str = ""
    note_en: str = ""

    def note(self, lang: str) -> str:
        return (self.note_en or self.note_sv) if lang == "en" else self.note_sv


@dataclass(frozen=True)
class SeriesBreak:
    """A break in an indicator's series: from ``year`` on, values are not fully comparable with
    earlier years (e.g. SCB's new DeSO 2025 division; earlier years carried over to the new areas).

    Charts of a series that crosses ``year`` mark it and show the note. ``levels`` lists the levels
    the break applies to; empty means every level.
    """

    year: int
    note_sv: str = ""
    note_en: str = ""
    levels: tuple[str, ...] = ()

    def note(self, lang: str) -> str:
        return (self.note_en or self.note_sv) if lang == "en" else self.note_sv

    def applies_to(self, level: str) -> bool:
        return not self.levels or level in self.levels

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"year": self.year, "note_sv": self.note_sv, "note_en": self.note_en}
        if self.levels:
            out["levels"] = list(self.levels)
        return out


@dataclass(frozen=True)
class IndicatorEntry:
    """The manifest's account of one indicator: overall status, source, and per-level status."""

    status: str
    note_sv: str = ""
    note_en: str = ""
    source: str = ""
    levels: Mapping[str, Availability] = field(default_factory=dict)
    #: Breaks in the series (written only when there are any), oldest first.
    breaks: tuple[SeriesBreak, ...] = ()

    def breaks_at(self, level: str) -> tuple[SeriesBreak, ...]:
        """The breaks that apply at one level."""
        return tuple(b for b in self.breaks if b.applies_to(level))

    def at(self, level: str) -> Availability:
        """Status at one level; falls back to the overall status and note."""
        if level in self.levels:
            return self.levels[level]
        return Availability(self.status, self.note_sv, self.note_en)

    def note(self, lang: str) -> str:
        return (self.note_en or self.note_sv) if lang == "en" else self.note_sv


@dataclass(frozen=True)
class Overlay:
    """A reference layer drawn over maps (e.g. the police's "utsatta områden")."""

    id: str
    name_sv: str
    name_en: str
    attribution: str

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_sv


@dataclass(frozen=True)
class Category:
    """One category of a classification, e.g. SCB's områdestyp 1."""

    code: str
    name_sv: str
    name_en: str

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_sv


@dataclass(frozen=True)
class Classification:
    """A categorical reference per area (e.g. SCB's områdestyp 1–5 per RegSO).

    Not an indicator: it is never weighted into the index, but it can be shown as a map layer and
    compared with a proposal. Values live in ``classifications.csv`` (one row per area, level, year).
    ``categories`` are listed from the most to the least challenged where such an order exists.
    """

    id: str
    name_sv: str
    name_en: str
    categories: tuple[Category, ...]
    source: str = ""
    attribution: str = ""
    note_sv: str = ""
    note_en: str = ""
    #: The categories a proposal is set beside (e.g. SCB's types 1 and 2), if any.
    focus: tuple[str, ...] = ()

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_sv

    def note(self, lang: str) -> str:
        return (self.note_en or self.note_sv) if lang == "en" else self.note_sv

    def category(self, code: str) -> Category:
        for category in self.categories:
            if category.code == code:
                return category
        raise ManifestError(f"classification {self.id!r} has no category {code!r}")

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name_sv": self.name_sv, "name_en": self.name_en,
                "source": self.source, "attribution": self.attribution,
                "note_sv": self.note_sv, "note_en": self.note_en, "focus": list(self.focus),
                "categories": [{"code": k.code, "name_sv": k.name_sv, "name_en": k.name_en}
                               for k in self.categories]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Classification:
        try:
            categories = tuple(Category(str(k["code"]), str(k["name_sv"]),
                                        str(k.get("name_en") or k["name_sv"]))
                               for k in data["categories"])
            out = cls(str(data["id"]), str(data["name_sv"]),
                      str(data.get("name_en") or data["name_sv"]), categories,
                      str(data.get("source", "")), str(data.get("attribution", "")),
                      str(data.get("note_sv", "")), str(data.get("note_en", "")),
                      tuple(str(f) for f in data.get("focus", ())))
        except (KeyError, TypeError) as exc:
            raise ManifestError(f"'classifications' entry is malformed: missing {exc}") from None
        unknown = sorted(set(out.focus) - {k.code for k in out.categories})
        if unknown:
            raise ManifestError(f"classification {out.id!r}: focus names unknown categories "
                                f"{', '.join(unknown)}")
        return out


@dataclass(frozen=True)
class LandOutline:
    """Where a package's land outline (layer ``land`` in ``areas.gpkg``) comes from.

    SCB's DeSO/RegSO polygons include sea and harbour; maps clip areas to the land outline and fit the
    view to it, while contiguity and area maths keep using the full areas.
    """

    source: str
    note_sv: str = ""
    note_en: str = ""

    def note(self, lang: str) -> str:
        return (self.note_en or self.note_sv) if lang == "en" else self.note_sv


@dataclass(frozen=True)
class ExampleInsats:
    """An example effort a package declares so that the app can offer it as a treated group.

    The demo city plants a known effect for one (see `datapackage.demo`); the label says so wherever
    the example is shown. Stored in ``manifest.json`` under ``example_insatser``.

    Attributes
    ----------
    name : the effort's name.
    board : the responsible board (e.g. ``arbetsmarknads- och socialnämnden``).
    level : the level of ``area_ids``.
    area_ids : the areas it works in.
    start_year : its first year.
    indicator : the indicator the planted effect is on.
    planted_effect : the effect planted in the data, in the indicator's unit (percentage points for
        shares; negative = a decrease), or None for an example without a planted effect.
    label_sv, label_en : how the example is labelled, e.g. "planterad effekt i demodata".
    """

    name: str
    board: str
    level: str
    area_ids: tuple[str, ...]
    start_year: int
    indicator: str
    planted_effect: float | None = None
    label_sv: str = ""
    label_en: str = ""

    def label(self, lang: str) -> str:
        return (self.label_en or self.label_sv) if lang == "en" else self.label_sv

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "board": self.board, "level": self.level,
                "area_ids": list(self.area_ids), "start_year": self.start_year,
                "indicator": self.indicator, "planted_effect": self.planted_effect,
                "label_sv": self.label_sv, "label_en": self.label_en}


@dataclass(frozen=True)
class Manifest:
    """Parsed ``manifest.json``."""

    name: str
    description: str
    attribution: str
    levels: tuple[Level, ...]
    years: tuple[int, ...]
    youth_age_group: str
    indicators: Mapping[str, IndicatorEntry]
    demo: bool = False
    extra_indicators: tuple[Indicator, ...] = ()
    overlays: tuple[Overlay, ...] = ()
    city_level: str | None = None
    description_en: str = ""
    #: Where the data came from, one object per source (e.g. an SCB table: id, title, query, date
    #: fetched, attribution). Written only when there are any.
    sources: tuple[Mapping[str, Any], ...] = ()
    #: Categorical references per area (e.g. SCB's områdestyp); values in ``classifications.csv``.
    classifications: tuple[Classification, ...] = ()
    #: Present when ``areas.gpkg`` holds a ``land`` layer.
    land: LandOutline | None = None
    #: Example efforts the app offers as treated groups (the demo's has a planted effect). Written
    #: only when there are any.
    example_insatser: tuple[ExampleInsats, ...] = ()

    @property
    def youth_band(self) -> str:
        """The youth age band as people read it, e.g. "16–24" (an en dash)."""
        return self.youth_age_group.replace("-", "\u2013")

    @property
    def registry(self) -> IndicatorRegistry:
        """Built-in indicators plus the package's own."""
        return REGISTRY.extended(self.extra_indicators)

    @property
    def level_ids(self) -> tuple[str, ...]:
        return tuple(level.id for level in self.levels)

    def level(self, level_id: str) -> Level:
        for level in self.levels:
            if level.id == level_id:
                return level
        raise ManifestError(
            f"Unknown level {level_id!r}. Levels in this package: {', '.join(self.level_ids)}"
        )

    @property
    def map_levels(self) -> tuple[Level, ...]:
        """Levels worth a map: all but a single-area whole-city level."""
        return tuple(level for level in self.levels if level.id != self.city_level)

    def classification(self, classification_id: str) -> Classification:
        for classification in self.classifications:
            if classification.id == classification_id:
                return classification
        raise ManifestError(
            f"Unknown classification {classification_id!r}. Classifications in this package: "
            f"{', '.join(k.id for k in self.classifications) or '(none)'}")

    def entry(self, indicator_id: str) -> IndicatorEntry:
        return self.indicators.get(indicator_id, IndicatorEntry(status="missing"))

    def to_dict(self) -> dict[str, Any]:
        out = {
            "format_version": FORMAT_VERSION,
            "name": self.name,
            "description": self.description,
            "description_en": self.description_en,
            "attribution": self.attribution,
            "demo": self.demo,
            "levels": [
                {"id": lv.id, "name_sv": lv.name_sv, "name_en": lv.name_en, "parent": lv.parent}
                for lv in self.levels
            ],
            "city_level": self.city_level,
            "years": list(self.years),
            "youth_age_group": self.youth_age_group,
            "indicators": {ident: _entry_dict(e) for ident, e in self.indicators.items()},
            "extra_indicators": [i.to_dict() for i in self.extra_indicators],
            "overlays": [
                {"id": o.id, "name_sv": o.name_sv, "name_en": o.name_en,
                 "attribution": o.attribution}
                for o in self.overlays
            ],
        }
        if self.sources:
            out["sources"] = [dict(source) for source in self.sources]
        if self.classifications:
            out["classifications"] = [k.to_dict() for k in self.classifications]
        if self.land is not None:
            out["land"] = {"source": self.land.source, "note_sv": self.land.note_sv,
                           "note_en": self.land.note_en}
        if self.example_insatser:
            out["example_insatser"] = [example.to_dict() for example in self.example_insatser]
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Manifest:
        """Parse and check a manifest; `ManifestError` names the first key that is wrong."""
        if not isinstance(data, Mapping):
            raise ManifestError("the manifest must be a JSON object")
        version = data.get("format_version", FORMAT_VERSION)
        if version != FORMAT_VERSION:
            raise ManifestError(f"format_version {version!r} is not supported (expected 1)")
        for key in ("name", "attribution", "levels", "years"):
            if key not in data:
                raise ManifestError(f"key {key!r} is missing")
        try:
            levels = tuple(
                Level(str(lv["id"]), str(lv["name_sv"]), str(lv.get("name_en") or lv["name_sv"]),
                      lv.get("parent"))
                for lv in data["levels"]
            )
            years = tuple(int(y) for y in data["years"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ManifestError(f"'levels' or 'years' is malformed: {exc}") from None
        if not levels:
            raise ManifestError("'levels' is empty")
        level_ids = {lv.id for lv in levels}
        for lv in levels:
            if lv.parent is not None and lv.parent not in level_ids:
                raise ManifestError(f"level {lv.id!r} has unknown parent {lv.parent!r}")
        city_level = data.get("city_level")
        if city_level is not None and city_level not in level_ids:
            raise ManifestError(f"city_level {city_level!r} is not one of the levels")
        try:
            extra = tuple(Indicator.from_dict(d) for d in data.get("extra_indicators", []))
            registry = REGISTRY.extended(extra)
        except IndicatorDefinitionError as exc:
            raise ManifestError(f"'extra_indicators': {exc}") from None
        entries: dict[str, IndicatorEntry] = {}
        for ident, raw in dict(data.get("indicators", {})).items():
            if ident not in registry:
                raise ManifestError(
                    f"'indicators' names {ident!r}, which is neither built in nor declared in "
                    f"'extra_indicators'. Valid ids: {', '.join(registry.ids)}"
                )
            entries[ident] = _parse_entry(ident, raw, level_ids)
        overlays = tuple(
            Overlay(str(o["id"]), str(o["name_sv"]), str(o.get("name_en") or o["name_sv"]),
                    str(o.get("attribution", "")))
            for o in data.get("overlays", [])
        )
        sources = data.get("sources", [])
        if not isinstance(sources, list) or not all(isinstance(s, Mapping) for s in sources):
            raise ManifestError("'sources' must be a list of objects")
        examples = _parse_examples(data.get("example_insatser", []), level_ids, registry)
        classifications = tuple(Classification.from_dict(k)
                                for k in data.get("classifications", []))
        land = data.get("land")
        if land is not None and not isinstance(land, Mapping):
            raise ManifestError("'land' must be an object")
        return cls(
            name=str(data["name"]),
            description=str(data.get("description", "")),
            description_en=str(data.get("description_en", "")),
            attribution=str(data["attribution"]),
            levels=levels,
            years=years,
            youth_age_group=str(data.get("youth_age_group", "16-24")),
            indicators=entries,
            demo=bool(data.get("demo", False)),
            extra_indicators=extra,
            overlays=overlays,
            city_level=city_level,
            sources=tuple(dict(s) for s in sources),
            classifications=classifications,
            land=LandOutline(str(land.get("source", "")), str(land.get("note_sv", "")),
                             str(land.get("note_en", ""))) if land is not None else None,
            example_insatser=examples,
        )


def _parse_examples(raw: Any, level_ids: set[str], registry: IndicatorRegistry
                    ) -> tuple[ExampleInsats, ...]:
    if not isinstance(raw, list):
        raise ManifestError("'example_insatser' must be a list of objects")
    out = []
    for k, item in enumerate(raw):
        where = f"example_insatser[{k}]"
        if not isinstance(item, Mapping):
            raise ManifestError(f"{where} must be an object")
        missing = [key for key in ("name", "level", "area_ids", "start_year", "indicator")
                   if key not in item]
        if missing:
            raise ManifestError(f"{where}: missing key(s) {', '.join(missing)}")
        if item["level"] not in level_ids:
            raise ManifestError(f"{where}.level {item['level']!r} is not one of the levels")
        if item["indicator"] not in registry:
            raise ManifestError(f"{where}.indicator {item['indicator']!r} is not a known indicator")
        areas = item["area_ids"]
        if not isinstance(areas, list) or not areas:
            raise ManifestError(f"{where}.area_ids must be a non-empty list")
        try:
            start = int(item["start_year"])
            planted = item.get("planted_effect")
            planted = None if planted is None else float(planted)
        except (TypeError, ValueError):
            raise ManifestError(f"{where}: start_year must be a year and planted_effect a number"
                                ) from None
        out.append(ExampleInsats(
            name=str(item["name"]), board=str(item.get("board", "")), level=str(item["level"]),
            area_ids=tuple(str(a) for a in areas), start_year=start,
            indicator=str(item["indicator"]), planted_effect=planted,
            label_sv=str(item.get("label_sv", "")), label_en=str(item.get("label_en", ""))))
    return tuple(out)


def _entry_dict(entry: IndicatorEntry) -> dict[str, Any]:
    out: dict[str, Any] = {
        "status": entry.status,
        "note_sv": entry.note_sv,
        "note_en": entry.note_en,
        "source": entry.source,
        "levels": {lv: {"status": a.status, "note_sv": a.note_sv, "note_en": a.note_en}
                   for lv, a in entry.levels.items()},
    }
    if entry.breaks:
        out["breaks"] = [b.to_dict() for b in entry.breaks]
    return out


def _parse_breaks(ident: str, raw: Any, level_ids: set[str]) -> tuple[SeriesBreak, ...]:
    if not isinstance(raw, list):
        raise ManifestError(f"indicators.{ident}.breaks must be a list")
    breaks = []
    for i, item in enumerate(raw):
        where = f"indicators.{ident}.breaks[{i}]"
        if not isinstance(item, Mapping):
            raise ManifestError(f"{where} must be an object")
        try:
            year = int(item["year"])
        except (KeyError, TypeError, ValueError):
            raise ManifestError(f"{where}.year must be a year") from None
        levels = item.get("levels", [])
        if not isinstance(levels, list) or any(lv not in level_ids for lv in levels):
            raise ManifestError(f"{where}.levels must list levels of the package")
        breaks.append(SeriesBreak(year, str(item.get("note_sv", "")),
                                  str(item.get("note_en", "")), tuple(str(lv) for lv in levels)))
    return tuple(sorted(breaks, key=lambda b: b.year))


def _parse_entry(ident: str, raw: Any, level_ids: set[str]) -> IndicatorEntry:
    if not isinstance(raw, Mapping):
        raise ManifestError(f"indicators.{ident} must be an object")
    status = raw.get("status")
    if status not in STATUSES:
        raise ManifestError(
            f"indicators.{ident}.status {status!r} is not one of {', '.join(STATUSES)}"
        )
    levels: dict[str, Availability] = {}
    for level_id, lv in dict(raw.get("levels", {})).items():
        if level_id not in level_ids:
            raise ManifestError(f"indicators.{ident}.levels names unknown level {level_id!r}")
        if lv.get("status") not in STATUSES:
            raise ManifestError(
                f"indicators.{ident}.levels.{level_id}.status must be one of {', '.join(STATUSES)}"
            )
        levels[level_id] = Availability(lv["status"], lv.get("note_sv", ""), lv.get("note_en", ""))
    return IndicatorEntry(
        status=status,
        note_sv=str(raw.get("note_sv", "")),
        note_en=str(raw.get("note_en", "")),
        source=str(raw.get("source", "")),
        levels=levels,
        breaks=_parse_breaks(ident, raw.get("breaks", []), level_ids),
    )

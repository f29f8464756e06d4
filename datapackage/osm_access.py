"""Access indicators from OpenStreetMap: how much of each area's land is near places for young people.

`with_osm_access` adds to a data package, at every level, the indicators of `ACCESS_MEASURES`: the
share of each area's land within a distance of a playground or park (400 m), and of a library, sports
centre or community centre (1 km; the domains of fritids- and kulturnämnden). They are computed with
`geo.access.land_share_within` in EPSG:3006 on the land part of each area, declared as the package's
own indicators (role ``index``, higher is better, status ``derived``) and attributed to
OpenStreetMap. The manifest's ``sources`` gets a record of the extract: what was kept per kind and what
was left out, as codes with counts (see `datapackage.osm`), which the app words.

The notes written into the manifest are in Swedish and English because the manifest is the package's
own bilingual description, read outside the app too; they are composed here from the templates below.

Never imports streamlit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import shapely

from datapackage.manifest import Availability, IndicatorEntry
from datapackage.merge import with_extra_indicators
from datapackage.osm import (
    COMMUNITY_CENTRE,
    LIBRARY,
    PARK,
    PLAYGROUND,
    SPORTS_CENTRE,
    OsmPlaces,
    read_osm_places,
    select_open_places,
)
from datapackage.store import DataPackage
from geo.access import KNOWN, SHARE, land_access_table
from model import columns as c
from model.registry import Direction, Indicator, Role, Unit

SOURCE_ID = "openstreetmap"
ATTRIBUTION = "© OpenStreetMap-bidragsgivare"
ATTRIBUTION_EN = "© OpenStreetMap contributors"
LICENCE = "ODbL 1.0"
COPYRIGHT_URL = "https://www.openstreetmap.org/copyright"


@dataclass(frozen=True)
class AccessMeasure:
    """One access indicator: its declaration, the kinds of place, the distance (metres) and the places
    in words for the notes."""

    indicator: Indicator
    kinds: tuple[str, ...]
    distance_m: float
    what_sv: str
    what_en: str


def _distance_text(distance_m: float) -> str:
    return f"{distance_m:g} m" if distance_m < 1000 else f"{distance_m / 1000:g} km"


def _measure(ident: str, kinds: tuple[str, ...], distance_m: float, what_sv: str, what_en: str,
             short_sv: str, short_en: str) -> AccessMeasure:
    distance = _distance_text(distance_m)
    indicator = Indicator(
        id=ident,
        name_sv=f"Nära {what_sv} ({distance})",
        name_en=f"Near {what_en} ({distance})",
        short_sv=short_sv,
        short_en=short_en,
        unit=Unit.PERCENT,
        direction=Direction.HIGHER_IS_BETTER,
        role=Role.INDEX,
        definition_sv=(f"Andel av områdets landyta som ligger inom {distance} fågelvägen från {what_sv}"
                       " som unga kan använda, enligt OpenStreetMap (härlett)."),
        definition_en=(f"Share of the area's land within {distance} as the crow flies of {what_en} "
                       "young people can use, from OpenStreetMap (derived)."),
        source=f"OpenStreetMap ({ATTRIBUTION})",
    )
    return AccessMeasure(indicator, kinds, distance_m, what_sv, what_en)


#: The indicators `with_osm_access` adds, in display order.
ACCESS_MEASURES = (
    _measure("narhet_lek_park_400m", (PLAYGROUND, PARK), 400.0, "en lekplats eller park",
             "a playground or park", "Lekplats/park ≤ 400 m", "Playground/park ≤ 400 m"),
    _measure("narhet_fritid_kultur_1km", (LIBRARY, SPORTS_CENTRE, COMMUNITY_CENTRE), 1000.0,
             "ett bibliotek, en idrottsanläggning eller en fritids- eller kulturlokal",
             "a library, sports facility or community centre",
             "Bibliotek/idrott/fritidslokal ≤ 1 km", "Library/sports/community ≤ 1 km"),
)

# --- words of the manifest notes (see the module docstring) ----------------------------------------
_KIND = {
    PLAYGROUND: ("lekplatser", "playgrounds"), PARK: ("parker", "parks"),
    LIBRARY: ("bibliotek", "libraries"),
    SPORTS_CENTRE: ("idrottsanläggningar", "sports facilities"),
    COMMUNITY_CENTRE: ("fritids- och kulturlokaler", "community centres"),
    "school": ("skolor", "schools"), "": ("objekt", "features"),
}
_LEFT_OUT = {
    "outside": ("{count} utanför kommunen", "{count} outside the municipality"),
    "swimming_pool": ("{count} simbassänger (oftast privata trädgårdspooler; badhus räknas som "
                      "idrottsanläggningar)", "{count} pool basins (mostly private garden pools; "
                      "public baths count as sports facilities)"),
    "fitness_centre": ("{count} gym med medlemskap och åldersgräns", "{count} membership gyms with "
                       "an age limit"),
    "access": ("{count} med access={value}", "{count} with access={value}"),
    "no_kind": ("{count} av annat slag", "{count} of other kinds"),
    "duplicate": ("{count} dubbletter", "{count} duplicates"),
    "no_geometry": ("{count} utan geometri", "{count} without geometry"),
}


def _left_out_text(places: OsmPlaces, kinds: Sequence[str], lang: int) -> str:
    """What was left out of ``kinds`` (and of no kind), grouped by kind: "lekplatser: 68 utanför…"."""
    groups: dict[str, list[str]] = {}
    for item in places.left_out:
        kind = item.params.get("kind", "")
        if kind and kind not in kinds:
            continue
        groups.setdefault(kind, []).append(_LEFT_OUT[item.code][lang].format(
            count=item.count, value=item.params.get("value", "")))
    text = "; ".join(f"{_KIND.get(kind, (kind, kind))[lang]}: {', '.join(parts)}"
                     for kind, parts in groups.items())
    return text or ("inget", "nothing")[lang]


def _date_text(extract_date: str | None, places: OsmPlaces, lang: int) -> str:
    if extract_date:
        return (f"uttaget {extract_date}", f"extracted {extract_date}")[lang]
    if places.latest_check_date:
        return (f"uttagets datum okänt (senaste check_date i data: {places.latest_check_date})",
                f"date of the extract unknown (latest check_date in the data: "
                f"{places.latest_check_date})")[lang]
    return ("uttagets datum okänt", "date of the extract unknown")[lang]


_NOTE = (
    "Härlett från OpenStreetMap ({attribution}, {licence}), {date}. Andel av {where} inom {distance} "
    "fågelvägen från någon av {places} i kommunen.{points}{extent} Utelämnat – {left_out}. Ett uttag, "
    "inte en "
    "tidsserie: samma värde anges för varje år som nivån har andra indikatorer ({years}), så att det "
    "kan visas och vägas bredvid dem.",
    "Derived from OpenStreetMap ({attribution}, {licence}), {date}. Share of {where} within {distance} "
    "as the crow flies of any of {places} in the municipality.{points}{extent} Left out – {left_out}. "
    "One "
    "extract, not a time series: the same value is given for every year in which the level has other "
    "indicators ({years}), so that it can be shown and weighed beside them.",
)
_WHERE = (("landdelen av varje område (hav inom områdesgränsen räknas inte)",
           "the land part of each area (sea inside the boundary does not count)"),
          ("hela området (paketet har ingen landkontur)", "the whole area (the package has no land "
           "outline)"))
_POINTS = (" Vägar och relationer (t.ex. stora parker) finns som en punkt var; avståndet räknas från "
           "den punkten.", " Ways and relations (e.g. large parks) are one point each; the distance is "
           "from that point.")
_AND = (" och ", " and ")
_EXTENT = (
    " Uttaget täcker longitud {lon0}–{lon1}, latitud {lat0}–{lat1}, inte hela kommunen. Andelen räknas "
    "på den del av landytan som uttaget säger något om: mark utanför det, eller inom {distance} från "
    "den del av kommunen som ligger utanför, räknas bara när en plats finns inom räckhåll. Ett område "
    "där mindre än {min_known} % av landytan är känd får inget värde (inte 0 %).",
    " The extract covers longitude {lon0}–{lon1}, latitude {lat0}–{lat1}, not the whole municipality. "
    "The share is of the part of the land the extract tells about: land outside it, or within "
    "{distance} of the part of the municipality outside it, counts only when a place is within "
    "reach. An area where less than {min_known}% of the land is known gets no value (not 0%).",
)
_NO_VALUE = (" {count} av {total} områden saknar värde: för lite av landytan ligger inom uttaget.",
             " {count} of {total} areas have no value: too little of their land is inside the "
             "extract.")
_PARTLY = (" {count} områden bedöms på en del av landytan (minst {min_known} %).",
           " {count} areas are judged on part of their land (at least {min_known}%).")
_PART_OF_ONE = (" Bedömd på {known} % av landytan: den del uttaget säger något om.",
                " Judged on {known}% of the land: the part the extract tells about.")
#: An area gets a value only when at least this share of its land is inside the extract (see
#: `geo.access.land_share_within`).
MIN_KNOWN = 0.5


def _coverage_text(table: pd.DataFrame, lang: int) -> str:
    """What a level's note says about areas the extract covers only in part (empty when none)."""
    share, known = table[SHARE], table[KNOWN]
    partly = share.notna() & (known < 99.5)
    if len(table) == 1:
        return _PART_OF_ONE[lang].format(known=f"{known.iloc[0]:.0f}") if partly.iloc[0] else (
            _NO_VALUE[lang].format(count=1, total=1) if share.isna().iloc[0] else "")
    text = ""
    if share.isna().any():
        text += _NO_VALUE[lang].format(count=int(share.isna().sum()), total=len(table))
    if partly.any():
        text += _PARTLY[lang].format(count=int(partly.sum()), min_known=f"{100 * MIN_KNOWN:g}")
    return text


def _extent_text(places: OsmPlaces, distance: str, lang: int) -> str:
    if places.unsurveyed is None:
        return ""
    if places.extent_lonlat is None:
        return (" Mark i kommunen utanför uttagets utbredning räknas inte.",
                " Land of the municipality outside the extract's extent does not count.")[lang]
    lon0, lat0, lon1, lat1 = (f"{v:.3f}" if lang else f"{v:.3f}".replace(".", ",")
                              for v in places.extent_lonlat)
    return _EXTENT[lang].format(lon0=lon0, lon1=lon1, lat0=lat0, lat1=lat1, distance=distance,
                                min_known=f"{100 * MIN_KNOWN:g}")


def _notes(measure: AccessMeasure, places: OsmPlaces, extract_date: str | None, land: bool,
           years: Sequence[int]) -> tuple[str, str]:
    """The overall manifest note of one access indicator, in Swedish and English."""
    kept = places.kept()
    only_points = bool(places.of_kinds(measure.kinds).geom_type.eq("Point").all())
    notes = []
    for lang in (0, 1):
        counts = [f"{kept.get(k, 0)} {_KIND[k][lang]}" for k in measure.kinds]
        listing = ", ".join(counts[:-1]) + _AND[lang] + counts[-1] if len(counts) > 1 else counts[0]
        notes.append(_NOTE[lang].format(
            attribution=(ATTRIBUTION, ATTRIBUTION_EN)[lang], licence=LICENCE,
            date=_date_text(extract_date, places, lang), where=_WHERE[0 if land else 1][lang],
            distance=_distance_text(measure.distance_m), places=listing,
            points=_POINTS[lang] if only_points else "",
            extent=_extent_text(places, _distance_text(measure.distance_m), lang),
            left_out=_left_out_text(places, measure.kinds, lang),
            years=", ".join(map(str, years))))
    return notes[0], notes[1]


_LEVEL_NOTE = (
    "Härlett från OpenStreetMap: andel av landytan inom {distance} från {what} (samma värde alla år).",
    "Derived from OpenStreetMap: share of the land within {distance} of {what} (same value every "
    "year).",
)


def reference_years(package: DataPackage) -> dict[str, tuple[int, ...]]:
    """The years to give access values for, per level: those with index or follow-up values there.

    A city level (one area) gets the years of the area levels, not its own long series. A level with
    no such values gets the package's latest year.
    """
    registry, table = package.registry, package.indicators
    ids = [*registry.index_ids, registry.follow_up.id]
    own = {m.indicator.id for m in ACCESS_MEASURES}
    rows = table[table[c.INDICATOR].isin([i for i in ids if i not in own]) & table[c.VALUE].notna()]
    by_level = {lv: tuple(sorted(int(y) for y in rows.loc[rows[c.LEVEL] == lv, c.YEAR].unique()))
                for lv in package.manifest.level_ids}
    city = package.manifest.city_level
    areas_years = tuple(sorted({y for lv, ys in by_level.items() if lv != city for y in ys}))
    latest = (max(package.manifest.years),)
    out = {lv: ys or latest for lv, ys in by_level.items() if lv != city}
    if city is not None:
        out[city] = areas_years or latest
    return out


def access_shares(package: DataPackage, places: OsmPlaces, land: shapely.Geometry | None,
                  levels: Iterable[str]) -> dict[tuple[str, str], pd.DataFrame]:
    """(level, indicator id) -> share and known part of the land per area (indexed by area_id), of
    every `ACCESS_MEASURES` (see `geo.access.land_access_table`)."""
    shares = {}
    unsurveyed = places.unsurveyed
    if unsurveyed is not None and land is not None:  # places stand on land: unsurveyed sea is no gap
        unsurveyed = shapely.intersection(unsurveyed, land)
    for level in levels:
        areas = package.areas_at(level).set_index(c.AREA_ID)
        for measure in ACCESS_MEASURES:
            shares[(level, measure.indicator.id)] = land_access_table(
                areas, places.of_kinds(measure.kinds), measure.distance_m, land=land,
                unsurveyed=unsurveyed, min_known=MIN_KNOWN)
    return shares


def access_rows(shares: Mapping[tuple[str, str], pd.DataFrame],
                years: Mapping[str, Sequence[int]]) -> pd.DataFrame:
    """Tidy indicator rows: each share repeated for the years of its level."""
    parts = []
    for (level, ident), table in shares.items():
        for year in years[level]:
            parts.append(pd.DataFrame({
                c.AREA_ID: pd.array(table.index.astype(str), dtype="string"),
                c.LEVEL: level, c.YEAR: int(year), c.INDICATOR: ident,
                c.VALUE: table[SHARE].to_numpy(),
                c.NUMERATOR: float("nan"), c.DENOMINATOR: float("nan"), c.SUPPRESSED: False,
            }))
    return pd.concat(parts, ignore_index=True)


def with_osm_access(package: DataPackage, places: OsmPlaces, *,
                    land: shapely.Geometry | None = None, extract_date: str | None = None,
                    years: Sequence[int] | None = None) -> DataPackage:
    """``package`` plus the `ACCESS_MEASURES` indicators at every level, from ``places``.

    Parameters
    ----------
    package : the package; its areas are in EPSG:3006.
    places : the kept places (`datapackage.osm.select_open_places`), clipped to the kommun, with
        the extent the extract covers.
    land : the kommun's land outline (EPSG:3006); None counts whole areas (the note says so).
    extract_date : the date of the OSM extract (``YYYY-MM-DD``), if known.
    years : the years to give the values for, at every level; by default `reference_years`.

    Returns
    -------
    DataPackage
        A new package (not written) with the indicators declared, their rows, manifest entries
        (status ``derived``, notes saying what, how far, from when, what was left out and how many
        areas lie outside the extract), "© OpenStreetMap-bidragsgivare" in the attribution and a
        ``sources`` record of the extract (kept per kind, left out with codes and counts).
    """
    per_level = ({lv: tuple(years) for lv in package.manifest.level_ids} if years
                 else reference_years(package))
    shares = access_shares(package, places, land, per_level)
    rows = access_rows(shares, per_level)
    all_years = sorted({y for ys in per_level.values() for y in ys})
    entries = {}
    no_value: dict[str, dict[str, int]] = {}
    for measure in ACCESS_MEASURES:
        ident = measure.indicator.id
        note_sv, note_en = _notes(measure, places, extract_date, land is not None, all_years)
        distance = _distance_text(measure.distance_m)
        levels = {}
        for level in per_level:
            table = shares[(level, ident)]
            missing = int(table[SHARE].isna().sum())
            no_value.setdefault(ident, {})[level] = missing
            extra = [_coverage_text(table, lang) for lang in (0, 1)]
            levels[level] = Availability(
                "derived",
                _LEVEL_NOTE[0].format(distance=distance, what=measure.what_sv) + extra[0],
                _LEVEL_NOTE[1].format(distance=distance, what=measure.what_en) + extra[1])
        entries[ident] = IndicatorEntry(status="derived", source=measure.indicator.source,
                                        note_sv=note_sv, note_en=note_en, levels=levels)
    source = {
        "id": SOURCE_ID,
        "title": "OpenStreetMap: lekplatser, parker, bibliotek, idrottsanläggningar, fritidslokaler",
        "url": COPYRIGHT_URL,
        "fetched": extract_date or "",
        "latest_check_date": places.latest_check_date or "",
        "status": "ok",
        "attribution": ATTRIBUTION,
        "licence": LICENCE,
        "extent_lonlat": list(places.extent_lonlat) if places.extent_lonlat else None,
        "kept": places.kept(),
        "left_out": [item.to_dict() for item in places.left_out],
        "areas_without_value": no_value,
    }
    return with_extra_indicators(package, [m.indicator for m in ACCESS_MEASURES], rows, entries,
                                 attribution=ATTRIBUTION, source=source)


def package_boundary(package: DataPackage, closing_m: float = 40.0) -> shapely.Geometry:
    """The kommun: the package's city-level area, else the union of its finest level's areas closed
    by ``closing_m`` metres (simplified neighbours leave slivers between them)."""
    city = package.manifest.city_level
    if city is not None and len(package.areas.get(city, ())):
        return shapely.union_all(shapely.make_valid(package.areas[city].geometry.to_numpy()))
    finest = package.areas_at(package.manifest.level_ids[0])
    union = shapely.union_all(shapely.make_valid(finest.geometry.to_numpy()))
    return union.buffer(closing_m).buffer(-closing_m)


def with_osm_access_from(package: DataPackage, path: str | Path, *,
                         land: shapely.Geometry | None = None, extract_date: str | None = None,
                         years: Sequence[int] | None = None) -> DataPackage:
    """Read an OSM extract (file or folder, see `datapackage.osm.read_osm_places`), keep the places
    in the package's kommun (`package_boundary`) that young people can use, and add the access
    indicators (`with_osm_access`). Raises `datapackage.osm.OsmInputError` for unusable files."""
    places = select_open_places(read_osm_places(path), package_boundary(package))
    return with_osm_access(package, places, land=land, extract_date=extract_date, years=years)

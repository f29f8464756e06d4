"""``python -m cli osm-access PACKAGE PLACES --out PACKAGE2``: add access to everyday places from OSM.

PLACES is an OpenStreetMap extract of the kommun: a GeoJSON or GeoPackage file, or a folder of them,
whose features carry OSM tags (see `datapackage.osm` and ``docs/data-package.md``). The command keeps
the places inside the package's kommun that young people can use, computes per area and level the
share of the land within 400 m of a playground or park and within 1 km of a library, sports facility
or community centre (`datapackage.osm_access`), and writes the package with those indicators to
``--out``. ``--land FILE`` gives the kommun's land (polygons) so sea inside area boundaries is not
counted; ``--date`` the extract's date; ``--year`` (repeatable) the years to give the values for.

Exit code 1, with the file named and no traceback, when an input cannot be used.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import warnings
from pathlib import Path

import geopandas as gpd
import shapely

from cli.common import fail
from datapackage.osm import OsmInputError
from datapackage.osm_access import ACCESS_MEASURES, SOURCE_ID, with_osm_access_from
from datapackage.store import STORAGE_CRS, read_package, write_package
from geo.access import AccessInputError
from i18n.catalogue import TEXT, translate
from i18n.format import number
from model import columns as c
from model.problems import ImportRefused


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("osm-access",
                       help="add access to playgrounds, parks, libraries… from an OSM extract")
    p.add_argument("package", help="package folder to read")
    p.add_argument("places", help="OSM extract: .geojson/.gpkg file or a folder of them")
    p.add_argument("--out", required=True, type=Path, help="package folder to write")
    p.add_argument("--land", type=Path, default=None,
                   help="polygons of the kommun's land (GeoJSON/GeoPackage); default: whole areas")
    p.add_argument("--date", type=_date, default=None, help="date of the extract, YYYY-MM-DD")
    p.add_argument("--year", type=int, action="append", default=None,
                   help="a year to give the values for (repeatable); default: the years each "
                        "level has index values")
    p.add_argument("--lang", choices=("sv", "en"), default="sv")
    p.set_defaults(run=run)


def _date(text: str) -> str:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _land(path: Path | None) -> shapely.Geometry | None:
    if path is None:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        land = gpd.read_file(path, engine="pyogrio")
    if land.crs is None:
        raise ValueError(f"{path}: the land file has no coordinate reference system (CRS)")
    polygons = land[land.geom_type.isin(["Polygon", "MultiPolygon"])]
    if polygons.empty:
        raise ValueError(f"{path}: the land file holds no polygons")
    return shapely.union_all(shapely.make_valid(polygons.geometry.to_crs(STORAGE_CRS).to_numpy()))


def run(args: argparse.Namespace) -> int:
    lang = args.lang
    try:
        package = read_package(args.package)
    except ImportRefused as refused:
        for problem in refused.problems:
            print(problem.describe(lang), file=sys.stderr)
        return 1
    try:
        land = _land(args.land)
        result = with_osm_access_from(package, args.places, land=land, extract_date=args.date,
                                      years=args.year)
    except OsmInputError as exc:
        return fail(f"{exc.file}: {translate(f'osm_error_{exc.code}', lang, **exc.params)}")
    except (AccessInputError, ValueError, OSError) as exc:  # unreadable land file, bad years
        return fail(str(exc))
    path = write_package(result, args.out)
    print(translate("osm_access_written", lang, name=result.manifest.name, path=path))
    record = next(s for s in result.manifest.sources if s.get("id") == SOURCE_ID)
    kept = ", ".join(f"{n} {_kind(k, lang).lower()}" for k, n in record["kept"].items())
    print("  " + translate("osm_access_kept", lang, kept=kept))
    for item in record["left_out"]:
        key = f"osm_left_out_{item['code']}"
        print("  " + translate("osm_access_left_out", lang, count=item["count"],
                               kind=_kind(item.get("kind"), lang).lower(),
                               reason=translate(key, lang, value=item.get("value", ""))))
    table = result.indicators
    for measure in ACCESS_MEASURES:
        for level in result.manifest.level_ids:
            values = table[(table[c.INDICATOR] == measure.indicator.id)
                           & (table[c.LEVEL] == level)].drop_duplicates(c.AREA_ID)[c.VALUE]
            if values.notna().any():
                print("  " + translate("osm_access_range", lang,
                                       indicator=measure.indicator.short(lang), level=level,
                                       low=number(values.min(), lang, 0),
                                       high=number(values.max(), lang, 0),
                                       median=number(values.median(), lang, 0)))
    return 0


def _kind(kind: object, lang: str) -> str:
    key = f"osm_kind_{kind or ''}"
    return translate(key, lang) if key in TEXT else str(kind)

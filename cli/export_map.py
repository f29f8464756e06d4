"""``python -m cli export-map PACKAGE --level L --year Y (--indicator ID | --weights id=w,...) --out FILE``.

Draws a report-ready map image (PNG, SVG or PDF; see `geo.export.render_map`): one indicator per area, or
the need index of a scenario with its proposed areas outlined. Further options: ``--normalise``,
``--aggregate`` and ``--rule`` for the index, ``--scheme`` for the class breaks, ``--overlay ID`` for the
package's reference layers (repeatable), ``--lang sv|en``, ``--print`` for an A4-landscape image at 300 dpi
and ``--format png|svg|pdf`` (by default taken from the file name's suffix).

Unknown levels, years, ids, methods, schemes, languages and formats are refused with the valid ones
listed, exit code 1 and no traceback.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

import geopandas as gpd
import shapely

from cli.common import CliError, add_method_arguments, add_package_arguments, fail, open_package_at
from datapackage.manifest import ManifestError
from datapackage.store import DataPackage
from geo.classify import SCHEMES
from geo.export import FORMATS, LANGUAGES, MapSpec, render_map
from i18n.catalogue import translate
from indicators.index import SCORE
from indicators.scenario import Scenario, parse_weights
from indicators.selection import describe
from model import columns as c
from model.registry import Direction, UnknownIndicatorError
from reports.wording import index_composition
from services.scenario import evaluate_scenario

#: (width in pixels, density in dpi): a 2,400 px image for screens and Word; A4 landscape for print.
SCREEN_SIZE = (2400, 200)
PRINT_SIZE = (3508, 300)

_TEXT = {
    "index_title": {"sv": "Behovsindex (0–100)", "en": "Need index (0–100)"},
    "index_legend": {"sv": "Behovsindex", "en": "Need index"},
    "date": {"sv": "Kartan skapad {date}", "en": "Map made {date}"},
    "source": {"sv": "Källa", "en": "Source"},
}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export-map", help="draw a report-ready map image (PNG, SVG or PDF)")
    add_package_arguments(p)
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--indicator", help="map this indicator")
    what.add_argument("--weights", help="map the need index with these weights: id=weight,...")
    add_method_arguments(p)
    p.add_argument("--scheme", default="quantiles", help=f"one of {', '.join(SCHEMES)}")
    p.add_argument("--overlay", action="append", default=[], metavar="ID",
                   help="draw this reference layer of the package, dashed (repeatable)")
    p.add_argument("--lang", default="sv", help=f"language of the texts: {', '.join(LANGUAGES)}")
    p.add_argument("--print", dest="for_print", action="store_true",
                   help=f"A4 landscape at 300 dpi ({PRINT_SIZE[0]} px wide) instead of "
                        f"{SCREEN_SIZE[0]} px at {SCREEN_SIZE[1]} dpi")
    p.add_argument("--format", dest="fmt", default=None,
                   help=f"one of {', '.join(FORMATS)}; by default the suffix of --out")
    p.add_argument("--out", required=True, type=Path, help="image file to write")
    p.set_defaults(run=run)


def _attribution(text: str, lang: str) -> str:
    """The package's attribution, starting with "Källa:" (or "Source:" in English)."""
    text = text.strip()
    for word in ("Källa:", "Source:"):
        if text.startswith(word):
            text = text[len(word):].strip()
    return f"{_TEXT['source'][lang]}: {text}" if text else ""


def _context(package: DataPackage, level: str, areas: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The whole city's outline: the package's city level when it has one, else the union of areas."""
    city = package.manifest.city_level
    if city and city != level and city in package.areas and len(package.areas[city]):
        return package.areas[city]
    outline = shapely.union_all(shapely.make_valid(areas.geometry.to_numpy()))
    return gpd.GeoDataFrame(geometry=[outline], crs=areas.crs)


def _overlays(package: DataPackage, ids: list[str], lang: str) -> list[gpd.GeoDataFrame]:
    known = {o.id: o for o in package.manifest.overlays if o.id in package.overlays}
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise ValueError(f"Unknown overlay {', '.join(map(repr, unknown))}. "
                         f"Overlays in this package: {', '.join(known) or 'none'}")
    layers = []
    for ident in ids:
        layer = package.overlays[ident].copy()
        layer.attrs["title"] = known[ident].name(lang)
        layers.append(layer)
    return layers


def run(args: argparse.Namespace) -> int:
    fmt = args.fmt or args.out.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        return fail(f"unknown image format {fmt!r}; formats: {', '.join(FORMATS)} "
                    "(give --format or an --out file ending in one of them)")
    if args.lang not in LANGUAGES:
        return fail(f"unknown language {args.lang!r}; languages: {', '.join(LANGUAGES)}")
    if args.scheme not in SCHEMES:
        return fail(f"unknown classification scheme {args.scheme!r}; schemes: {', '.join(SCHEMES)}")
    try:
        package = open_package_at(args)
    except CliError as exc:
        return fail(str(exc))
    manifest, lang = package.manifest, args.lang
    try:
        level = manifest.level(args.level)
        areas = package.areas_at(args.level)
        overlays = _overlays(package, args.overlay, lang)
        proposals = None
        place = f"{level.name(lang)} · {args.year}"
        if args.indicator is not None:
            indicator = package.registry.get(args.indicator)
            values = package.indicator_frame(args.level, args.year, indicator.id)[c.VALUE]
            if values.notna().sum() == 0:
                years = package.years_for(indicator.id, args.level)
                return fail(f"{indicator.id} has no values at level {args.level} in {args.year}; "
                            f"years at this level: {', '.join(map(str, years)) or 'none'}")
            # The caveat the app shows beside the indicator travels with the image (e.g. UVAS per
            # RegSO is 20–25 years, not 16–24).
            note = manifest.entry(indicator.id).at(args.level).note(lang)
            spec_texts = {"title": indicator.name(lang), "subtitle": place,
                          "legend_title": f"{indicator.short(lang)} ({indicator.unit.symbol})",
                          "unit": indicator.unit.symbol, "notes": tuple(filter(None, [note]))}
            higher_is_worse = indicator.direction is Direction.HIGHER_IS_WORSE
        else:
            weights = parse_weights(args.weights, package.registry.index_ids)
            scenario = Scenario(args.level, args.year, weights, args.normalise, args.aggregate,
                                args.rule)
            result = evaluate_scenario(package, scenario)
            values, proposals, higher_is_worse = result.index[SCORE], result.proposals, True
            composition = index_composition(result, package.registry, lang)
            spec_texts = {"title": _TEXT["index_title"][lang],
                          "subtitle": f"{place} · {describe(scenario.selection_rule, lang)}",
                          "notes": (translate("index_made_of", lang, parts=composition),),
                          "legend_title": _TEXT["index_legend"][lang], "unit": ""}
            if result.missing_ids:
                print(f"note: no values at this level and year for {', '.join(result.missing_ids)}; "
                      "the index uses the others", file=sys.stderr)
    except (ManifestError, UnknownIndicatorError, ValueError) as exc:  # unknown names and methods
        return fail(str(exc))

    spec = MapSpec(**spec_texts, attribution=_attribution(manifest.attribution, lang),
                   date_text=_TEXT["date"][lang].format(date=date.today().isoformat()),
                   demo=manifest.demo, lang=lang)
    width_px, dpi = PRINT_SIZE if args.for_print else SCREEN_SIZE
    started = time.perf_counter()
    image = render_map(areas, values, spec, fmt=fmt, scheme=args.scheme,
                       higher_is_worse=higher_is_worse, proposals=proposals, overlays=overlays,
                       context=_context(package, args.level, areas), land=package.land,
                       width_px=width_px, dpi=dpi)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(image)
    print(f"{manifest.name}: {spec.title}, {len(areas)} areas at {args.level} {args.year} -> "
          f"{args.out} ({fmt.upper()}, {width_px} px at {dpi} dpi, "
          f"{time.perf_counter() - started:.1f} s)")
    return 0

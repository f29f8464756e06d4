"""``python -m cli validate PATH... [--lang sv|en] [--level L]``: check a city's own files.

Reads every file by its extension (areas: .geojson, .json, .gpkg, zipped shapefile .zip; tables: .csv,
.xlsx; a folder stands for the supported files in it; a data-package folder, one with a
``manifest.json``, is read as the app reads it and its areas and indicator table are checked), prints
each problem on its own line (location: message), then a short summary of what was read. Exit code 1
when anything was refused, 0 otherwise.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from datapackage.importers import GEOMETRY_SUFFIXES, TABLE_SUFFIXES, validate_inputs
from datapackage.manifest import Manifest, ManifestError
from datapackage.store import AREAS, INDICATORS, MANIFEST, read_package
from model.problems import ImportRefused, Problem
from model.registry import REGISTRY, IndicatorRegistry


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "validate",
        help="check geometry and indicator files before importing them",
        description="Check area geometries (.geojson, .json, .gpkg, zipped shapefile .zip) and "
        "indicator tables (.csv, .xlsx). Ids in tables are checked against the areas given.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files (or folders of files) to check")
    p.add_argument("--lang", choices=("sv", "en"), default="sv", help="language of the messages")
    p.add_argument("--level", default=None,
                   help="area level of files that do not state it (e.g. deso, regso)")
    p.set_defaults(run=run)


def _expand(path: Path) -> list[Path]:
    """A folder stands for its supported files (not recursive), a data package for its areas and
    indicator table; anything else for itself."""
    if path.is_dir() and (path / MANIFEST).is_file():
        return [path / AREAS, path / INDICATORS]
    if path.is_dir():
        suffixes = GEOMETRY_SUFFIXES + TABLE_SUFFIXES
        return sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in suffixes)
    return [path]


def read_inputs(paths: list[str]) -> tuple[list[tuple[str, bytes]], list[Problem]]:
    """The bytes of every file, named as given; problems for paths that cannot be read."""
    files: list[tuple[str, bytes]] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            problems.append(Problem(raw, "Filen finns inte.", "The file does not exist."))
            continue
        expanded = _expand(path)
        if path.is_dir() and not expanded:
            problems.append(Problem(
                raw,
                "Mappen innehåller inga filer som kan kontrolleras (.geojson, .json, .gpkg, .zip, "
                ".csv, .xlsx).",
                "The folder holds no files that can be checked (.geojson, .json, .gpkg, .zip, "
                ".csv, .xlsx).",
            ))
        for file in expanded:
            name = str(file) if path.is_dir() else raw
            try:
                files.append((name, file.read_bytes()))
            except OSError as exc:
                problems.append(Problem(
                    name,
                    f"Filen kan inte läsas ({exc.strerror or type(exc).__name__}).",
                    f"The file cannot be read ({exc.strerror or type(exc).__name__}).",
                ))
    return files, problems


def package_problems(paths: list[str]) -> list[Problem]:
    """Everything `read_package` refuses in the data-package folders among ``paths``."""
    problems: list[Problem] = []
    for raw in paths:
        if Path(raw).is_dir() and (Path(raw) / MANIFEST).is_file():
            try:
                read_package(raw)
            except ImportRefused as exc:
                problems.extend(exc.problems)
    return problems


def package_registry(paths: list[str]) -> IndicatorRegistry:
    """The built-in indicators plus those the data-package folders among ``paths`` declare (e.g. a
    fetch-scb package's SCB index), so their indicator tables are checked as the app reads them."""
    registry = REGISTRY
    for raw in paths:
        manifest_path = Path(raw) / MANIFEST
        if Path(raw).is_dir() and manifest_path.is_file():
            try:
                extra = Manifest.from_dict(json.loads(manifest_path.read_text("utf-8")))
            except (ManifestError, ValueError, OSError):
                continue  # read_package reports it
            registry = registry.extended(i for i in extra.extra_indicators if i.id not in registry)
    return registry


def run(args: argparse.Namespace) -> int:
    files, unreadable = read_inputs(args.paths)
    unreadable += package_problems(args.paths)
    report = validate_inputs(files, package_registry(args.paths), level=args.level)
    for problem in [*unreadable, *report.problems]:
        print(problem.describe(args.lang))
    if unreadable or report.problems:
        print()
    for problem in unreadable:
        refused = "refused" if args.lang == "en" else "avvisad"
        print(f"{problem.file}: {refused}")
    print(report.summary(args.lang))
    return 1 if unreadable or not report.ok else 0

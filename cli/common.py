"""What several subcommands share: the package/level/year and method arguments, their checks, and
the one-line error that ends a command with exit code 1."""

from __future__ import annotations

import argparse
import sys

from datapackage.manifest import ManifestError
from datapackage.store import DataPackage, read_package
from indicators.index import AGGREGATIONS, NORMALISATIONS
from indicators.scenario import DEFAULT_RULE
from indicators.selection import valid_forms
from model.problems import ImportRefused


class CliError(Exception):
    """Refused input; the message is printed as ``error: …`` and the command exits 1."""


def fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 1


def add_package_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("package", help="package folder")
    parser.add_argument("--level", required=True, help="area level, e.g. deso or smaomrade")
    parser.add_argument("--year", required=True, type=int)


def add_method_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--normalise", default="min_max",
                        help=f"one of {', '.join(NORMALISATIONS)}")
    parser.add_argument("--aggregate", default="arithmetic",
                        help=f"one of {', '.join(AGGREGATIONS)}")
    parser.add_argument("--rule", default=DEFAULT_RULE, help=valid_forms())


def open_package_at(args: argparse.Namespace) -> DataPackage:
    """The package of ``args.package``, checked to have ``args.level`` and ``args.year``.

    Raises `CliError` naming what is wrong (with the valid levels or years).
    """
    try:
        package = read_package(args.package)
    except ImportRefused as refused:
        raise CliError("\n".join(p.describe("en") for p in refused.problems)) from None
    try:
        package.manifest.level(args.level)
    except ManifestError as exc:
        raise CliError(str(exc)) from None
    if args.year not in package.manifest.years:
        raise CliError(f"year {args.year} is not in the package; years: "
                       f"{', '.join(map(str, package.manifest.years))}")
    return package

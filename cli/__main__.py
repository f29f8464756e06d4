"""Entry point of ``python -m cli``. Each subcommand lives in its own module of this package.

Exit codes: 0 when everything was accepted, 1 when anything was refused, 2 for a usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def build_parser() -> argparse.ArgumentParser:
    from cli import (
        build_malmo,
        evaluate,
        export_map,
        fetch_scb,
        info,
        make_demo,
        propose,
        report_pack,
        robustness,
        validate,
    )

    parser = argparse.ArgumentParser(
        prog="python -m cli",
        description="Kraftsamla: data packages and checks from the command line.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (validate, info, build_malmo, fetch_scb, make_demo, propose, export_map,
                   report_pack, robustness, evaluate):
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())

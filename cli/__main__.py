"""Entry point of ``python -m cli``. Each subcommand lives in its own module of this package.

Exit codes: 0 when everything was accepted, 1 when anything was refused, 2 for a usage error.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from typing import TextIO

#: C0 and C1 control characters other than newline and tab: file contents quoted in a message must
#: never move the cursor, recolour the terminal or set its title.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` with control characters shown as ``\\xNN`` instead of acting on the terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


class _PrintableStream:
    """A text stream that writes `printable` text to the stream it wraps."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(printable(text))

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def build_parser() -> argparse.ArgumentParser:
    from cli import (
        build_malmo,
        evaluate,
        export_map,
        fetch_scb,
        info,
        make_demo,
        meeting_pack,
        osm_access,
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
                   report_pack, robustness, osm_access, evaluate, meeting_pack):
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    out, err = sys.stdout, sys.stderr
    if not isinstance(out, _PrintableStream):
        sys.stdout, sys.stderr = _PrintableStream(out), _PrintableStream(err)
    try:
        return int(args.run(args) or 0)
    finally:
        sys.stdout, sys.stderr = out, err


if __name__ == "__main__":
    sys.exit(main())

"""Problems found in input files, worded for the person who has to fix the file.

Every problem names the file, the row or feature and the column where it applies, in Swedish (shown in
the app by default) and in English. Importers collect problems instead of raising, so one pass reports
everything that is wrong; `ImportRefused` carries them when nothing usable could be read.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(Enum):
    ERROR = "error"  # the input is refused
    WARNING = "warning"  # accepted, but the person should know (e.g. a repaired geometry)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file.

    Attributes
    ----------
    file : the file's name as the person knows it (not a temporary path).
    message_sv, message_en : what is wrong and, where possible, how to fix it.
    row : 1-based line number as a spreadsheet shows it (header = row 1), or None.
    feature : 0-based feature index in a geometry file, or None.
    column : the column (or field) concerned, or None.
    severity : error (refused) or warning (accepted with a note).
    """

    file: str
    message_sv: str
    message_en: str
    row: int | None = None
    feature: int | None = None
    column: str | None = None
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def location(self, lang: str = "sv") -> str:
        """Where the problem is, e.g. ``"befolkning.csv, rad 12, kolumn 'värde'"``."""
        parts = [self.file]
        if self.row is not None:
            parts.append(f"{'row' if lang == 'en' else 'rad'} {self.row}")
        if self.feature is not None:
            parts.append(f"{'feature' if lang == 'en' else 'objekt'} {self.feature}")
        if self.column is not None:
            parts.append(f"{'column' if lang == 'en' else 'kolumn'} '{self.column}'")
        return ", ".join(parts)

    def message(self, lang: str = "sv") -> str:
        return self.message_en if lang == "en" else self.message_sv

    def describe(self, lang: str = "sv") -> str:
        """One line: location, then the message."""
        prefix = ""
        if not self.is_error:
            prefix = "Note: " if lang == "en" else "Obs: "
        return f"{self.location(lang)}: {prefix}{self.message(lang)}"


class ImportRefused(Exception):
    """Raised when an input cannot be used at all. Carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(p.describe("en") for p in self.problems))


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]

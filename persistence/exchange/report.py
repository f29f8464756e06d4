"""What an import did, or why it was refused."""

from __future__ import annotations

from dataclasses import dataclass, field

from model.problems import Problem, errors


@dataclass
class ImportReport:
    """What an import did, or why it was refused.

    Attributes
    ----------
    filename : the file as the person named it.
    problems : errors (the import was refused: nothing was written) and warnings.
    insatser_created, insatser_updated, indicators_created, indicators_updated, values_added : counts
        of rows written.
    unchanged : rows that matched what was already stored (not written again).
    """

    filename: str
    problems: list[Problem] = field(default_factory=list)
    insatser_created: int = 0
    insatser_updated: int = 0
    indicators_created: int = 0
    indicators_updated: int = 0
    values_added: int = 0
    unchanged: int = 0

    @property
    def accepted(self) -> bool:
        """True when the file was imported (it has no errors)."""
        return not errors(self.problems)

    def summary(self, lang: str = "sv") -> str:
        """One sentence for the page."""
        if not self.accepted:
            n = len(errors(self.problems))
            return (f"{self.filename} was refused ({n} problems); nothing was saved." if lang == "en"
                    else f"{self.filename} togs inte emot ({n} fel); ingenting sparades.")
        if lang == "en":
            return (f"{self.filename}: {self.insatser_created} insatser added, {self.insatser_updated} "
                    f"updated; {self.indicators_created} indicators added, {self.indicators_updated} "
                    f"updated; {self.values_added} values reported; {self.unchanged} rows unchanged.")
        return (f"{self.filename}: {self.insatser_created} insatser tillagda, {self.insatser_updated} "
                f"ändrade; {self.indicators_created} indikatorer tillagda, {self.indicators_updated} "
                f"ändrade; {self.values_added} värden rapporterade; {self.unchanged} rader oförändrade.")

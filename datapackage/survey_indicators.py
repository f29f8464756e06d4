"""Survey answers into a package: each question of an accepted survey file as an indicator of its own.

See `datapackage.surveys` for the file layout and the suppression of small groups. The words of the
declarations and notes come from the caller (`SurveyTexts`, filled from the UI catalogue).
Never imports streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from datapackage.manifest import Availability, IndicatorEntry
from datapackage.merge import with_extra_indicators
from datapackage.store import DataPackage
from datapackage.surveys import SurveyImport
from model import columns as c
from model.registry import Direction, Indicator, Role, Unit


@dataclass(frozen=True)
class SurveyTexts:
    """Words for the declarations and manifest notes, given by the caller (the UI catalogue).

    Templates may use ``{question}``, ``{label}``, ``{min}``, ``{file}`` and ``{source}``.
    """

    definition_sv: str
    definition_en: str
    note_sv: str
    note_en: str


def with_survey(package: DataPackage, survey: SurveyImport, *, level: str, role: Role,
                directions: Mapping[str, Direction], source: str, texts: SurveyTexts
                ) -> DataPackage:
    """A new package: ``package`` plus each question of ``survey`` as an indicator of its own.

    Parameters
    ----------
    level : the level the rows belong to (an existing level of the package).
    role : for every question: ``index`` (can be weighted), ``follow_up`` or ``descriptive``.
    directions : question indicator id -> direction; required for every question the file does not
        give one for.
    source : the source label shown with the values (e.g. "Skolenkäten 2024, Malmö stad").
    texts : the words of the definitions and notes.

    Raises
    ------
    ValueError
        When the survey was refused, a direction is missing or the level is unknown.
    """
    if not survey.ok or survey.table is None:
        raise ValueError(f"{survey.filename}: the survey was refused; nothing to add")
    package.manifest.level(level)  # ManifestError (a ValueError) lists the levels
    declarations, entries = [], {}
    for q in survey.questions:
        direction = directions.get(q.indicator_id, q.direction)
        if direction is None:
            raise ValueError(f"question {q.question!r} ({q.indicator_id}) needs a direction")
        words = {"question": q.question, "label": q.label, "min": survey.min_respondents,
                 "file": survey.filename, "source": source}
        declarations.append(Indicator(
            id=q.indicator_id, name_sv=q.label, name_en=q.label, short_sv=_short(q.label),
            short_en=_short(q.label), unit=Unit.PERCENT, direction=direction, role=role,
            definition_sv=texts.definition_sv.format(**words),
            definition_en=texts.definition_en.format(**words), source=source))
        note = Availability("real", texts.note_sv.format(**words), texts.note_en.format(**words))
        entries[q.indicator_id] = IndicatorEntry(status="real", source=source,
                                                 note_sv=note.note_sv, note_en=note.note_en,
                                                 levels={level: note})
    rows = survey.table.reset_index(drop=True).assign(**{c.LEVEL: level})
    return with_extra_indicators(package, declarations, rows, entries)


def _short(label: str, limit: int = 32) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


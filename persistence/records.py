"""What the store keeps, as frozen dataclasses: saved scenarios, indicator targets, boards, insatser,
their indicators and reported values.

A record that has never been saved has ``version == 0``; the store fills in ``version``, ids and
timestamps. Editing a loaded record with `dataclasses.replace` keeps its ``version``, which is what the
store compares on saving (optimistic concurrency: a stale version raises `ConflictError`).

Values are checked on construction and refused with `InvalidDataError` (Swedish and English message).
Every record has ``to_dict()`` giving JSON-able values.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, NamedTuple

from indicators.scenario import Scenario
from persistence.errors import InvalidDataError

#: Years outside this range are taken as typing errors (same bounds as the table importers).
PLAUSIBLE_YEARS: tuple[int, int] = (1900, 2100)
#: The programme's checkpoints.
CHECKPOINT_YEARS: tuple[int, ...] = (2030, 2035)
#: Ways to express a target (see `indicators.targets`): a level, a change in percent of the baseline,
#: or the share (percent) of the gap to the rest of the city to close.
TARGET_KINDS: tuple[str, ...] = ("absolute", "relative", "close_gap")
#: An insats indicator measures what the insats delivers (output) or what it changes (outcome).
INDICATOR_KINDS: tuple[str, ...] = ("output", "outcome")
#: Same values as `indicators.registry.Direction`.
DIRECTIONS: tuple[str, ...] = ("higher_is_better", "higher_is_worse")
#: The boards that carry out kraftsamlande insatser, seeded into every new database (Swedish, English).
SEEDED_BOARDS: tuple[tuple[str, str], ...] = (
    ("arbetsmarknads- och socialnämnden", "Labour Market and Social Services Committee"),
    ("fritidsnämnden", "Leisure Committee"),
    ("förskolenämnden", "Preschool Committee"),
    ("grundskolenämnden", "Compulsory School Committee"),
    ("kulturnämnden", "Culture Committee"),
    ("tekniska nämnden", "Technical Committee"),
)
MAX_NAME_LENGTH = 200


def _is_number(value: object) -> bool:
    return not isinstance(value, bool) and isinstance(value, numbers.Real) and math.isfinite(value)


def check_year(value: object, what_sv: str, what_en: str, optional: bool = False) -> None:
    """Refuse anything but a whole year in `PLAUSIBLE_YEARS` (None too, when ``optional``)."""
    if value is None and optional:
        return
    low, high = PLAUSIBLE_YEARS
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not low <= value <= high:
        raise InvalidDataError(f"{what_sv} måste vara ett årtal mellan {low} och {high}, fick {value!r}.",
                               f"{what_en} must be a year between {low} and {high}, got {value!r}.")


def check_number(value: object, what_sv: str, what_en: str, optional: bool = False,
                 minimum: float | None = None, strict: bool = False) -> None:
    """Refuse anything but a finite number (None too, when ``optional``), at least ``minimum``
    (above it when ``strict``)."""
    if value is None and optional:
        return
    if not _is_number(value):
        raise InvalidDataError(f"{what_sv} måste vara ett tal, fick {value!r}.",
                               f"{what_en} must be a number, got {value!r}.")
    if minimum is not None and (value < minimum or (strict and value == minimum)):
        relation_sv, relation_en = ("större än", "greater than") if strict else ("minst", "at least")
        raise InvalidDataError(f"{what_sv} måste vara {relation_sv} {minimum:g}, fick {value!r}.",
                               f"{what_en} must be {relation_en} {minimum:g}, got {value!r}.")


def check_name(value: object, what_sv: str, what_en: str) -> None:
    """Refuse empty or over-long names."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidDataError(f"{what_sv} får inte vara tomt.", f"{what_en} must not be empty.")
    if len(value) > MAX_NAME_LENGTH:
        raise InvalidDataError(f"{what_sv} får vara högst {MAX_NAME_LENGTH} tecken.",
                               f"{what_en} may be at most {MAX_NAME_LENGTH} characters.")


def check_choice(value: object, valid: tuple[str, ...], what_sv: str, what_en: str) -> None:
    """Refuse a value that is not one of ``valid``; the message lists the valid ones."""
    if value not in valid:
        listed = ", ".join(valid)
        raise InvalidDataError(f"Okänd {what_sv} {value!r}. Giltiga: {listed}.",
                               f"Unknown {what_en} {value!r}. Valid: {listed}.")


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


@dataclass(frozen=True)
class SavedScenario:
    """A scenario of the Områdesval page as saved for everyone using the deployment.

    The name is ``scenario.name`` and is unique within a package.
    """

    package_key: str
    scenario: Scenario
    version: int = 0
    created_at: datetime | None = None
    updated_at: datetime | None = None
    updated_by: str | None = None

    @property
    def name(self) -> str:
        return self.scenario.name

    def to_dict(self) -> dict[str, Any]:
        return {"package_key": self.package_key, "name": self.name, "scenario": self.scenario.to_dict(),
                "version": self.version, "created_at": _iso(self.created_at),
                "updated_at": _iso(self.updated_at), "updated_by": self.updated_by}


class TargetCheckpoint(NamedTuple):
    """The target for one checkpoint year: a kind from `TARGET_KINDS` and its amount."""

    year: int
    kind: str
    amount: float


@dataclass(frozen=True)
class IndicatorTargets:
    """The targets set for one indicator of a data package in the proposed areas.

    Attributes
    ----------
    package_key : the data package, e.g. "demo" or "malmo".
    indicator_id : indicator id from the registry, e.g. "uvas".
    baseline_year, baseline_value : what the targets are measured from (indicator's unit).
    start_year : the year the efforts start.
    checkpoints : one `TargetCheckpoint` per year (2030, 2035), kept in year order.
    scenario_name : the saved scenario whose proposed areas the targets refer to, or None.
    responsible_board : the board (Swedish name) answerable for this indicator, or None.
    version, created_at, updated_at, updated_by : filled in by the store.
    """

    package_key: str
    indicator_id: str
    baseline_year: int
    baseline_value: float
    start_year: int
    checkpoints: tuple[TargetCheckpoint, ...] = ()
    scenario_name: str | None = None
    responsible_board: str | None = None
    version: int = 0
    created_at: datetime | None = None
    updated_at: datetime | None = None
    updated_by: str | None = None

    def __post_init__(self) -> None:
        check_name(self.package_key, "Datapaketets namn", "The package key")
        check_name(self.indicator_id, "Indikatorns id", "The indicator id")
        check_year(self.baseline_year, "Basåret", "The baseline year")
        check_number(self.baseline_value, "Basvärdet", "The baseline value")
        check_year(self.start_year, "Startåret", "The start year")
        for year, kind, amount in self.checkpoints:
            check_year(year, "Kontrollåret", "The checkpoint year")
            check_choice(kind, TARGET_KINDS, "måltyp", "target kind")
            check_number(amount, f"Målet för {year}", f"The target for {year}")
        points = tuple(TargetCheckpoint(int(y), str(k), float(a)) for y, k, a in self.checkpoints)
        years = [p.year for p in points]
        if len(set(years)) != len(years):
            raise InvalidDataError(f"Ett kontrollår förekommer två gånger: {years}.",
                                   f"A checkpoint year appears twice: {years}.")
        object.__setattr__(self, "checkpoints", tuple(sorted(points)))

    def at(self, year: int) -> TargetCheckpoint | None:
        """The checkpoint for ``year``, or None."""
        return next((p for p in self.checkpoints if p.year == year), None)

    def checkpoints_dict(self) -> dict[str, dict[str, Any]]:
        """``{"2030": {"kind": ..., "amount": ...}}``, the shape `indicators.targets` reads."""
        return {str(p.year): {"kind": p.kind, "amount": p.amount} for p in self.checkpoints}

    def target_dict(self) -> dict[str, Any]:
        """The dict `indicators.targets.target_from_dict` reads."""
        return {"indicator": self.indicator_id, "baseline_year": self.baseline_year,
                "baseline_value": self.baseline_value, "checkpoints": self.checkpoints_dict()}

    def to_dict(self) -> dict[str, Any]:
        return {"package_key": self.package_key, "indicator_id": self.indicator_id,
                "baseline_year": self.baseline_year, "baseline_value": self.baseline_value,
                "start_year": self.start_year, "checkpoints": self.checkpoints_dict(),
                "scenario_name": self.scenario_name, "responsible_board": self.responsible_board,
                "version": self.version,
                "created_at": _iso(self.created_at), "updated_at": _iso(self.updated_at),
                "updated_by": self.updated_by}


def checkpoints_from_dict(data: dict[str, Any]) -> tuple[TargetCheckpoint, ...]:
    """The inverse of `IndicatorTargets.checkpoints_dict`."""
    return tuple(TargetCheckpoint(int(year), str(spec["kind"]), float(spec["amount"]))
                 for year, spec in data.items())


@dataclass(frozen=True)
class Board:
    """A board (nämnd) that can be responsible for an insats. ``name_sv`` is what files use."""

    id: int
    name_sv: str
    name_en: str = ""
    sort_order: int = 0

    def name(self, lang: str = "sv") -> str:
        return self.name_en if lang == "en" and self.name_en else self.name_sv

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Insats:
    """A kraftsamlande insats: who is responsible, where, from when, and for how much.

    Attributes
    ----------
    package_key : the data package whose areas the insats works in.
    name : unique within the package.
    board : the responsible board's Swedish name (see `Store.list_boards`).
    area_level : the level of ``area_ids`` (e.g. "deso", "delomrade").
    area_ids : the areas the insats works in.
    start_year : the year it starts.
    budget_sek : yearly budget in kronor (SEK), or None when not known.
    description : free text.
    id : a UUID string given by the store (or kept from an imported file); "" until saved.
    version, created_at, updated_at, updated_by : filled in by the store.
    """

    package_key: str
    name: str
    board: str
    area_level: str
    area_ids: tuple[str, ...]
    start_year: int
    budget_sek: float | None = None
    description: str = ""
    id: str = ""
    version: int = 0
    created_at: datetime | None = None
    updated_at: datetime | None = None
    updated_by: str | None = None

    def __post_init__(self) -> None:
        check_name(self.package_key, "Datapaketets namn", "The package key")
        check_name(self.name, "Insatsens namn", "The name of the insats")
        check_name(self.board, "Ansvarig nämnd", "The responsible board")
        check_year(self.start_year, "Startåret", "The start year")
        check_number(self.budget_sek, "Budgeten", "The budget", optional=True, minimum=0)
        ids = tuple(str(a).strip() for a in self.area_ids if str(a).strip())
        if len(set(ids)) != len(ids):
            raise InvalidDataError("Ett område förekommer två gånger i insatsens områden.",
                                   "An area appears twice among the insats's areas.")
        object.__setattr__(self, "area_ids", ids)
        object.__setattr__(self, "name", self.name.strip())

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "package_key": self.package_key, "name": self.name, "board": self.board,
                "area_level": self.area_level, "area_ids": list(self.area_ids),
                "start_year": self.start_year, "budget_sek": self.budget_sek,
                "description": self.description, "version": self.version,
                "created_at": _iso(self.created_at), "updated_at": _iso(self.updated_at),
                "updated_by": self.updated_by}


@dataclass(frozen=True)
class InsatsIndicator:
    """An indicator an insats follows itself (output: what it delivers; outcome: what it changes).

    Attributes
    ----------
    insats_id : the insats it belongs to.
    name : unique within the insats.
    kind : "output" or "outcome".
    unit : free text, e.g. "%", "antal deltagare".
    direction : "higher_is_better" or "higher_is_worse".
    baseline_year, baseline_value : the starting point, if known.
    target_2030, target_2035 : the level aimed for at each checkpoint, in ``unit``, if set.
    id : a UUID string given by the store; "" until saved.
    """

    insats_id: str
    name: str
    kind: str = "outcome"
    unit: str = ""
    direction: str = "higher_is_better"
    baseline_year: int | None = None
    baseline_value: float | None = None
    target_2030: float | None = None
    target_2035: float | None = None
    id: str = ""
    version: int = 0
    created_at: datetime | None = None
    updated_at: datetime | None = None
    updated_by: str | None = None

    def __post_init__(self) -> None:
        check_name(self.name, "Indikatorns namn", "The name of the indicator")
        check_choice(self.kind, INDICATOR_KINDS, "indikatortyp", "indicator kind")
        check_choice(self.direction, DIRECTIONS, "riktning", "direction")
        check_year(self.baseline_year, "Basåret", "The baseline year", optional=True)
        check_number(self.baseline_value, "Basvärdet", "The baseline value", optional=True)
        check_number(self.target_2030, "Målet för 2030", "The target for 2030", optional=True)
        check_number(self.target_2035, "Målet för 2035", "The target for 2035", optional=True)
        object.__setattr__(self, "name", self.name.strip())

    def to_dict(self) -> dict[str, Any]:
        out = {f: getattr(self, f) for f in ("id", "insats_id", "name", "kind", "unit", "direction",
                                              "baseline_year", "baseline_value", "target_2030",
                                              "target_2035", "version", "updated_by")}
        out.update(created_at=_iso(self.created_at), updated_at=_iso(self.updated_at))
        return out


@dataclass(frozen=True)
class ReportedValue:
    """One value reported for an insats indicator and year. Reports are never changed: a correction
    is a new report, and the latest report per indicator and year is the one that counts.

    Attributes
    ----------
    indicator_id : the `InsatsIndicator` it is reported for.
    year : the year the value describes.
    value : in the indicator's unit.
    numerator, denominator : optional counts behind a share (denominator > 0).
    note, reported_by : free text.
    reported_at : when it was reported (the store fills it in when None).
    id : given by the store (increasing); 0 until saved.
    """

    indicator_id: str
    year: int
    value: float
    numerator: float | None = None
    denominator: float | None = None
    note: str = ""
    reported_by: str = ""
    reported_at: datetime | None = None
    id: int = 0

    def __post_init__(self) -> None:
        check_year(self.year, "Året", "The year")
        check_number(self.value, "Värdet", "The value")
        check_number(self.numerator, "Täljaren", "The numerator", optional=True)
        check_number(self.denominator, "Nämnaren", "The denominator", optional=True, minimum=0,
                     strict=True)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "indicator_id": self.indicator_id, "year": self.year,
                "value": self.value, "numerator": self.numerator, "denominator": self.denominator,
                "note": self.note, "reported_by": self.reported_by,
                "reported_at": _iso(self.reported_at)}

"""What the store keeps, as frozen dataclasses: saved scenarios, indicator targets, boards, insatser,
their indicators and reported values, and the versions of each in the history.

A record that has never been saved has ``version == 0``; the store fills in ``version``, ids and
timestamps. Editing a loaded record with `dataclasses.replace` keeps its ``version``, which is what the
store compares on saving (optimistic concurrency: a stale version raises `ConflictError`).

Values are checked on construction and refused with `InvalidDataError` (Swedish and English message).
Every record has ``to_dict()`` giving JSON-able values and ``from_dict()`` reading them back (the
history keeps these dicts), and ``key``: what names it in the history (`Store.history`).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, NamedTuple

from access.roles import REPORTER, ROLES
from indicators.insats_kinds import INSATS_KINDS, KRAFTSAMLANDE, PARTNER_KINDS
from indicators.participation import Participation, ParticipationError
from indicators.scenario import Scenario
from indicators.targets import CHECKPOINTS
from persistence.checks import check_choice, check_name, check_number, check_year
from persistence.errors import InvalidDataError

#: The programme's checkpoints (defined once, in `indicators.targets`).
CHECKPOINT_YEARS: tuple[int, ...] = CHECKPOINTS
#: Ways to express a target (see `indicators.targets`): a level, a change in percent of the baseline,
#: or the share (percent) of the gap to the rest of the city to close.
TARGET_KINDS: tuple[str, ...] = ("absolute", "relative", "close_gap")
#: What a target is set for: the proposed areas (the default) or the whole city.
TARGET_SCOPES: tuple[str, ...] = ("proposal", "city")
#: An insats indicator measures what the insats delivers (output) or what it changes (outcome).
INDICATOR_KINDS: tuple[str, ...] = ("output", "outcome")
#: Same values as `model.registry.Direction`.
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
#: The kinds of records the history keeps versions of (`Store.history`).
SCENARIO, TARGETS, INSATS, INDICATOR, REPORTED_VALUE, ROLE = (
    "scenario", "targets", "insats", "indicator", "reported_value", "role")
#: Decisions and open questions recorded in meetings (`persistence.meeting_notes`).
MEETING_NOTE = "meeting_note"
HISTORY_KINDS: tuple[str, ...] = (SCENARIO, TARGETS, INSATS, INDICATOR, REPORTED_VALUE, ROLE,
                                  MEETING_NOTE)
#: The history's package key for records that belong to no data package (roles).
NO_PACKAGE = ""
#: What a version did.
HISTORY_ACTIONS: tuple[str, ...] = ("create", "update", "delete", "restore")


def item_key(*parts: object) -> str:
    """The history key of a record named by ``parts``: a single id as it is, several parts as a JSON
    list (``["demo", "Lika vikter"]``) so no separator can be confused with a name."""
    if len(parts) == 1:
        return str(parts[0])
    return json.dumps([str(p) for p in parts], ensure_ascii=False)


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _moment(text: str | None) -> datetime | None:
    return None if not text else datetime.fromisoformat(text)


def _stamps(data: dict[str, Any]) -> dict[str, Any]:
    return {"version": int(data.get("version") or 0), "created_at": _moment(data.get("created_at")),
            "updated_at": _moment(data.get("updated_at")), "updated_by": data.get("updated_by")}


#: Fields every editable record has that the store, not the person, fills in.
BOOKKEEPING: frozenset[str] = frozenset({"version", "created_at", "updated_at", "updated_by"})


def content(record: Any) -> dict[str, Any]:
    """What a person can change in ``record``: its ``to_dict()`` without the store's bookkeeping."""
    return {k: v for k, v in record.to_dict().items() if k not in BOOKKEEPING}


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

    @property
    def key(self) -> str:
        return item_key(self.package_key, self.name)

    def to_dict(self) -> dict[str, Any]:
        return {"package_key": self.package_key, "name": self.name, "scenario": self.scenario.to_dict(),
                "version": self.version, "created_at": _iso(self.created_at),
                "updated_at": _iso(self.updated_at), "updated_by": self.updated_by}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SavedScenario:
        """The inverse of `to_dict`; `InvalidDataError` when the scenario cannot be read."""
        try:
            scenario = Scenario.from_dict({**data["scenario"], "name": data["name"]})
        except (ValueError, KeyError, TypeError) as exc:
            raise InvalidDataError(
                f"Scenariot '{data.get('name', '?')}' kan inte läsas av den här versionen av appen.",
                f"The scenario '{data.get('name', '?')}' cannot be read by this version of the app.",
                str(exc)) from None
        return cls(data["package_key"], scenario, **_stamps(data))


@dataclass(frozen=True)
class UnreadableScenario:
    """A saved scenario this version of the app cannot read (e.g. saved by a newer version, or with a
    selection rule that no longer exists). Listed so that it can be seen and removed; never raises.

    Attributes
    ----------
    package_key, name : as stored.
    scenario_json : the stored text, kept as it is.
    detail : why it cannot be read (the parser's words, for logs).
    """

    package_key: str
    name: str
    scenario_json: str
    detail: str = ""
    version: int = 0
    created_at: datetime | None = None
    updated_at: datetime | None = None
    updated_by: str | None = None

    @property
    def key(self) -> str:
        return item_key(self.package_key, self.name)

    def to_dict(self) -> dict[str, Any]:
        return {"package_key": self.package_key, "name": self.name,
                "scenario_json": self.scenario_json, "version": self.version,
                "created_at": _iso(self.created_at), "updated_at": _iso(self.updated_at),
                "updated_by": self.updated_by}


class TargetCheckpoint(NamedTuple):
    """The target for one checkpoint year: a kind from `TARGET_KINDS` and its amount."""

    year: int
    kind: str
    amount: float


@dataclass(frozen=True)
class IndicatorTargets:
    """The targets set for one indicator of a data package, in the proposed areas or the whole city.

    Attributes
    ----------
    package_key : the data package, e.g. "demo" or "malmo".
    indicator_id : indicator id from the registry, e.g. "uvas".
    baseline_year, baseline_value : what the targets are measured from (indicator's unit).
    start_year : the year the efforts start.
    checkpoints : one `TargetCheckpoint` per year (2030, 2035), kept in year order.
    scenario_name : the saved scenario whose proposed areas the targets refer to, or None.
    responsible_board : the board (Swedish name) answerable for this indicator, or None.
    scope : "proposal" (the proposed areas' series) or "city" (the whole city's series); one set of
        targets per package, indicator and scope.
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
    scope: str = "proposal"
    version: int = 0
    created_at: datetime | None = None
    updated_at: datetime | None = None
    updated_by: str | None = None

    def __post_init__(self) -> None:
        check_name(self.package_key, "Datapaketets namn", "The package key")
        check_name(self.indicator_id, "Indikatorns id", "The indicator id")
        check_choice(self.scope, TARGET_SCOPES, "målomfattning", "target scope")
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

    @property
    def key(self) -> str:
        return item_key(self.package_key, self.indicator_id, self.scope)

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
                "scope": self.scope, "version": self.version,
                "created_at": _iso(self.created_at), "updated_at": _iso(self.updated_at),
                "updated_by": self.updated_by}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> IndicatorTargets:
        return cls(data["package_key"], data["indicator_id"], data["baseline_year"],
                   data["baseline_value"], data["start_year"],
                   checkpoints_from_dict(data.get("checkpoints") or {}), data.get("scenario_name"),
                   data.get("responsible_board"), data.get("scope") or "proposal", **_stamps(data))


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
    kind : one of `indicators.insats_kinds.INSATS_KINDS` (kraftsamlande insats, förstärkning av
        grunduppdraget, lokal utveckling); revision 0010.
    partners : partner kinds from `indicators.insats_kinds.PARTNER_KINDS`, in that order.
    participation : how young people took part (`indicators.participation.Participation`), or None
        when nothing is recorded.
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
    kind: str = KRAFTSAMLANDE
    partners: tuple[str, ...] = ()
    participation: Participation | None = None
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
        check_choice(self.kind, INSATS_KINDS, "typ av insats", "insats kind")
        partners = tuple(self.partners)
        for partner in partners:
            check_choice(partner, PARTNER_KINDS, "typ av partner", "partner kind")
        object.__setattr__(self, "partners", tuple(p for p in PARTNER_KINDS if p in partners))
        if self.participation is not None and not isinstance(self.participation, Participation):
            raise InvalidDataError("Delaktigheten är inte en delaktighetspost.",
                                   "The participation is not a participation record.")

    @property
    def key(self) -> str:
        return item_key(self.id)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "package_key": self.package_key, "name": self.name, "board": self.board,
                "area_level": self.area_level, "area_ids": list(self.area_ids),
                "start_year": self.start_year, "budget_sek": self.budget_sek,
                "description": self.description, "kind": self.kind, "partners": list(self.partners),
                "participation": None if self.participation is None else self.participation.to_dict(),
                "version": self.version, "created_at": _iso(self.created_at),
                "updated_at": _iso(self.updated_at), "updated_by": self.updated_by}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Insats:
        """The inverse of `to_dict`; dicts from before revision 0010 (no kind, partners or
        participation) read as a kraftsamlande insats without partners or participation."""
        return cls(data["package_key"], data["name"], data["board"], data["area_level"],
                   tuple(data.get("area_ids") or ()), data["start_year"], data.get("budget_sek"),
                   data.get("description") or "", data.get("id") or "",
                   data.get("kind") or KRAFTSAMLANDE, tuple(data.get("partners") or ()),
                   participation_from_dict(data.get("participation")), **_stamps(data))


def participation_from_dict(data: dict[str, Any] | None) -> Participation | None:
    """A stored participation record (None stays None); `InvalidDataError` when it is not valid."""
    if data is None:
        return None
    try:
        return Participation.from_dict(data)
    except (ParticipationError, TypeError, AttributeError) as exc:
        raise InvalidDataError("Delaktighetsposten kan inte läsas av den här versionen av appen.",
                               "The participation record cannot be read by this version of the app.",
                               str(exc)) from None


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

    @property
    def key(self) -> str:
        return item_key(self.id)

    def to_dict(self) -> dict[str, Any]:
        out = {f: getattr(self, f) for f in ("id", "insats_id", "name", "kind", "unit", "direction",
                                              "baseline_year", "baseline_value", "target_2030",
                                              "target_2035", "version", "updated_by")}
        out.update(created_at=_iso(self.created_at), updated_at=_iso(self.updated_at))
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> InsatsIndicator:
        fields = ("kind", "unit", "direction", "baseline_year", "baseline_value", "target_2030",
                  "target_2035")
        return cls(data["insats_id"], data["name"], **{f: data[f] for f in fields if f in data},
                   id=data.get("id") or "", **_stamps(data))


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

    @property
    def key(self) -> str:
        return item_key(self.id)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "indicator_id": self.indicator_id, "year": self.year,
                "value": self.value, "numerator": self.numerator, "denominator": self.denominator,
                "note": self.note, "reported_by": self.reported_by,
                "reported_at": _iso(self.reported_at)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReportedValue:
        return cls(data["indicator_id"], data["year"], data["value"], data.get("numerator"),
                   data.get("denominator"), data.get("note") or "", data.get("reported_by") or "",
                   _moment(data.get("reported_at")), int(data.get("id") or 0))


@dataclass(frozen=True)
class HistoryEntry:
    """One version of a record, as the history keeps it (see `Store.history`).

    Attributes
    ----------
    kind : one of `HISTORY_KINDS`.
    key : the record's ``key``.
    package_key : the data package the record belongs to.
    version : the record's version after this change (a deletion is a version too).
    action : "create", "update", "delete" or "restore".
    changed_by, changed_at : who made the change and when (UTC).
    before, after : the record's ``to_dict()`` before and after the change (None before a creation
        and after a deletion).
    cause_id : for a record removed or restored together with the one it belongs to (an insats's
        indicators and reported values), the id of that record's history entry.
    id : the entry's own id (increasing).
    """

    kind: str
    key: str
    package_key: str
    version: int
    action: str
    changed_by: str | None
    changed_at: datetime
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    cause_id: int | None = None
    id: int = 0

    @property
    def state(self) -> dict[str, Any] | None:
        """The record as it was after this version (None: removed)."""
        return self.after

    def changed_fields(self) -> list[str]:
        """The fields a person can change that differ between ``before`` and ``after``."""
        before, after = self.before or {}, self.after or {}
        return [k for k in dict.fromkeys([*before, *after])
                if k not in BOOKKEEPING and before.get(k) != after.get(k)]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "key": self.key, "package_key": self.package_key,
                "version": self.version, "action": self.action, "changed_by": self.changed_by,
                "changed_at": _iso(self.changed_at), "before": self.before, "after": self.after,
                "cause_id": self.cause_id}


@dataclass(frozen=True)
class RoleGrant:
    """A role given to a person in the app (by an administratör), beside those the group claim gives.

    Attributes
    ----------
    person : who: the e-mail address the identity provider gives (compared without case; kept in
        lower case).
    role : a role code of `access.roles.ROLES`.
    board : the board (Swedish name) for a rapportör; "" for every other role.
    version, created_at, updated_at, updated_by : filled in by the store.
    """

    person: str
    role: str
    board: str = ""
    version: int = 0
    created_at: datetime | None = None
    updated_at: datetime | None = None
    updated_by: str | None = None

    def __post_init__(self) -> None:
        check_name(self.person, "Personen", "The person")
        check_choice(self.role, ROLES, "roll", "role")
        board = " ".join(str(self.board or "").split())
        if self.role == REPORTER:
            check_name(board, "Nämnden för rapportören", "The reporter's board")
        object.__setattr__(self, "person", " ".join(self.person.split()).casefold())
        object.__setattr__(self, "board", board if self.role == REPORTER else "")

    @property
    def key(self) -> str:
        return item_key(self.person, self.role, self.board)

    def to_dict(self) -> dict[str, Any]:
        return {"person": self.person, "role": self.role, "board": self.board, "version": self.version,
                "created_at": _iso(self.created_at), "updated_at": _iso(self.updated_at),
                "updated_by": self.updated_by}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RoleGrant:
        return cls(data["person"], data["role"], data.get("board") or "", **_stamps(data))

"""The indicator registry: one description per indicator drives pages, charts, validation and tests.

The five built-in indicators are those of Malmö's programme for kraftsamlande insatser: UVAS is the
follow-up statistic, the other four make up the supplementary index used to choose areas. A data package
may declare further indicators (e.g. access to green space, or young people's own survey answers) with the
same metadata; `IndicatorRegistry.extended` adds them so they can be shown and weighted like the others.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, fields
from enum import Enum
from typing import Any


class Direction(Enum):
    """Which way is worse. Need scores are oriented so that higher always means greater need."""

    HIGHER_IS_WORSE = "higher_is_worse"
    HIGHER_IS_BETTER = "higher_is_better"

    @property
    def sign(self) -> int:
        """+1 when a higher value means greater need, -1 otherwise."""
        return 1 if self is Direction.HIGHER_IS_WORSE else -1


class Role(Enum):
    """What an indicator is used for."""

    FOLLOW_UP = "follow_up"  # the main follow-up statistic (UVAS)
    INDEX = "index"  # part of the supplementary index used to choose areas
    DESCRIPTIVE = "descriptive"  # shown for context, never weighted


class Unit(Enum):
    PERCENT = "percent"
    PERSONS = "persons"
    SEK_THOUSANDS = "sek_thousands"
    INDEX_POINTS = "index_points"

    @property
    def symbol(self) -> str:
        return {"percent": "%", "persons": "pers.", "sek_thousands": "tkr", "index_points": "p"}[
            self.value
        ]


class UnknownIndicatorError(KeyError):
    """Raised for an indicator id the registry does not know; the message lists the valid ids."""

    def __init__(self, indicator_id: str, valid: Iterable[str]) -> None:
        self.indicator_id = indicator_id
        self.valid = tuple(valid)
        super().__init__(
            f"Unknown indicator id {indicator_id!r}. Valid ids: {', '.join(self.valid)}"
        )

    def __str__(self) -> str:  # KeyError would otherwise quote the whole message
        return self.args[0]


class IndicatorDefinitionError(ValueError):
    """A package's declaration of an extra indicator is incomplete or contradicts a built-in one."""


@dataclass(frozen=True)
class Indicator:
    """Metadata for one indicator.

    Attributes
    ----------
    id : stable identifier used in files and URLs (lower case, ``[a-z0-9_]``).
    name_sv, name_en : full display names.
    short_sv, short_en : short labels for table headers and axes.
    unit : unit of ``value``; percent means 0-100.
    direction : whether a higher value means greater need.
    role : follow-up statistic, index component or descriptive.
    definition_sv, definition_en : what is measured, for whom, when.
    source : the producer, e.g. "SCB".
    """

    id: str
    name_sv: str
    name_en: str
    short_sv: str
    short_en: str
    unit: Unit
    direction: Direction
    role: Role
    definition_sv: str
    definition_en: str
    source: str

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_sv

    def short(self, lang: str) -> str:
        return self.short_en if lang == "en" else self.short_sv

    def definition(self, lang: str) -> str:
        return self.definition_en if lang == "en" else self.definition_sv

    @property
    def is_share(self) -> bool:
        """True for shares in percent, which must lie in 0-100."""
        return self.unit is Unit.PERCENT

    def to_dict(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = value.value if isinstance(value, Enum) else value
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Indicator:
        """Build an indicator from a manifest declaration, with clear errors for what is wrong."""
        required = [f.name for f in fields(cls)]
        optional = {"short_sv", "short_en", "definition_en"}
        missing = [k for k in required if k not in optional and not str(data.get(k, "")).strip()]
        ident = data.get("id", "?")
        if missing:
            raise IndicatorDefinitionError(
                f"Indicator {ident!r}: missing field(s) {', '.join(missing)}"
            )
        ident = str(data["id"]).strip()
        if not ident.replace("_", "").isalnum() or ident.lower() != ident:
            raise IndicatorDefinitionError(
                f"Indicator id {ident!r} must be lower case letters, digits and underscores"
            )
        enums = {"unit": Unit, "direction": Direction, "role": Role}
        parsed: dict[str, Any] = {}
        for key, enum in enums.items():
            try:
                parsed[key] = enum(data[key])
            except ValueError:
                valid = ", ".join(e.value for e in enum)
                raise IndicatorDefinitionError(
                    f"Indicator {ident!r}: {key} {data[key]!r} is not one of {valid}"
                ) from None
        return cls(
            id=ident,
            name_sv=str(data["name_sv"]),
            name_en=str(data["name_en"]),
            short_sv=str(data.get("short_sv") or data["name_sv"]),
            short_en=str(data.get("short_en") or data["name_en"]),
            definition_sv=str(data["definition_sv"]),
            definition_en=str(data.get("definition_en") or data["definition_sv"]),
            source=str(data["source"]),
            **parsed,
        )


BUILT_IN: tuple[Indicator, ...] = (
    Indicator(
        id="uvas",
        name_sv="Unga som varken arbetar eller studerar (UVAS)",
        name_en="Young people neither working nor studying (NEET)",
        short_sv="UVAS",
        short_en="NEET",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER_IS_WORSE,
        role=Role.FOLLOW_UP,
        definition_sv=(
            "Andel unga (16–24 år) som under året varken förvärvsarbetat, studerat eller haft "
            "annan känd huvudsaklig aktivitet, enligt SCB:s registerdata."
        ),
        definition_en=(
            "Share of young people (16–24) who during the year neither worked, studied nor had "
            "another known main activity, from SCB's registers."
        ),
        source="SCB",
    ),
    Indicator(
        id="behorighet_yrkesprogram",
        name_sv="Behörighet till yrkesprogram",
        name_en="Eligibility for vocational upper-secondary programmes",
        short_sv="Behörighet yrkesprogram",
        short_en="Vocational eligibility",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER_IS_BETTER,
        role=Role.INDEX,
        definition_sv=(
            "Andel elever i årskurs 9 som är behöriga till gymnasieskolans yrkesprogram."
        ),
        definition_en="Share of year-9 pupils eligible for a vocational upper-secondary programme.",
        source="Skolverket / SCB",
    ),
    Indicator(
        id="trangboddhet",
        name_sv="Trångboddhet",
        name_en="Overcrowding",
        short_sv="Trångboddhet",
        short_en="Overcrowding",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER_IS_WORSE,
        role=Role.INDEX,
        definition_sv=(
            "Andel personer som bor trångt enligt SCB:s norm (fler personer än rum, kök och "
            "vardagsrum ej medräknade)."
        ),
        definition_en=(
            "Share of people living in overcrowded dwellings by SCB's norm (more persons than "
            "rooms, kitchen and living room not counted)."
        ),
        source="SCB",
    ),
    Indicator(
        id="ekonomiskt_bistand",
        name_sv="Ekonomiskt bistånd",
        name_en="Social assistance",
        short_sv="Ekonomiskt bistånd",
        short_en="Social assistance",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER_IS_WORSE,
        role=Role.INDEX,
        definition_sv="Andel invånare som någon gång under året fått ekonomiskt bistånd.",
        definition_en="Share of inhabitants who received social assistance during the year.",
        source="Socialstyrelsen / SCB",
    ),
    Indicator(
        id="lag_inkomststandard",
        name_sv="Låg inkomststandard",
        name_en="Low income standard",
        short_sv="Låg inkomststandard",
        short_en="Low income standard",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER_IS_WORSE,
        role=Role.INDEX,
        definition_sv=(
            "Andel personer i hushåll med låg inkomststandard (disponibel inkomst som inte "
            "räcker till nödvändiga levnadskostnader) eller närmaste officiella mått."
        ),
        definition_en=(
            "Share of people in households with a low income standard (disposable income that "
            "does not cover necessary living costs) or the nearest official measure."
        ),
        source="SCB",
    ),
    Indicator(
        id="befolkning",
        name_sv="Folkmängd",
        name_en="Population",
        short_sv="Folkmängd",
        short_en="Population",
        unit=Unit.PERSONS,
        direction=Direction.HIGHER_IS_WORSE,
        role=Role.DESCRIPTIVE,
        definition_sv="Antal folkbokförda invånare den 31 december.",
        definition_en="Registered inhabitants on 31 December.",
        source="SCB",
    ),
)


class IndicatorRegistry:
    """An ordered, immutable set of indicators looked up by id."""

    def __init__(self, indicators: Iterable[Indicator]) -> None:
        self._by_id: dict[str, Indicator] = {}
        for indicator in indicators:
            if indicator.id in self._by_id:
                raise IndicatorDefinitionError(f"Indicator id {indicator.id!r} declared twice")
            self._by_id[indicator.id] = indicator

    def __iter__(self) -> Iterator[Indicator]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, indicator_id: object) -> bool:
        return indicator_id in self._by_id

    def get(self, indicator_id: str) -> Indicator:
        """Return the indicator with this id; raise `UnknownIndicatorError` listing valid ids."""
        try:
            return self._by_id[indicator_id]
        except KeyError:
            raise UnknownIndicatorError(indicator_id, self._by_id) from None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self._by_id)

    @property
    def follow_up(self) -> Indicator:
        """The main follow-up statistic (UVAS)."""
        return next(i for i in self if i.role is Role.FOLLOW_UP)

    def with_role(self, *roles: Role) -> tuple[Indicator, ...]:
        return tuple(i for i in self if i.role in roles)

    @property
    def index_ids(self) -> tuple[str, ...]:
        """Ids of the indicators that may be weighted into the index."""
        return tuple(i.id for i in self.with_role(Role.INDEX))

    def extended(self, extra: Iterable[Indicator]) -> IndicatorRegistry:
        """A new registry with a package's own indicators appended after the built-in ones."""
        return IndicatorRegistry([*self, *extra])


#: The registry of built-in indicators. Packages extend it with `IndicatorRegistry.extended`.
REGISTRY = IndicatorRegistry(BUILT_IN)
#: The five indicators of the programme: UVAS and the four index indicators, in display order.
PROGRAMME_IDS: tuple[str, ...] = (
    "uvas",
    "behorighet_yrkesprogram",
    "trangboddhet",
    "ekonomiskt_bistand",
    "lag_inkomststandard",
)

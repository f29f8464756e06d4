"""Targets for the follow-up: what level each indicator should reach in the proposed areas at the
checkpoints 2030 and 2035.

A `Target` belongs to one indicator. It holds the baseline (year and value of the proposed areas) and,
per checkpoint year, a `CheckpointTarget`: a *kind* and an *amount*. The kinds form a registry by name
(`TARGET_KINDS`); with baseline value :math:`b` and amount :math:`a` the target level is

==============  =====================================================  ==================================
kind            target level                                           amount
==============  =====================================================  ==================================
``absolute``    :math:`a`                                              the level itself, e.g. 8 (%)
``relative``    :math:`b \\cdot (1 + a / 100)`                          change in percent of the baseline,
                                                                       e.g. -20; at least -100
``close_gap``   :math:`b - a / 100 \\cdot (b - r)`                      share of the gap closed, 0-100
==============  =====================================================  ==================================

where :math:`r` is the baseline of the rest of the city (every area at the level that is not proposed).
``close_gap`` moves the proposed areas towards the rest of the city whichever side they are on; 0 keeps
the baseline, 100 means "as the rest of the city was at baseline".

Errors are `TargetError` (a ValueError) with ``message_sv`` and ``message_en`` for the page; an unknown
kind raises `UnknownTargetKindError`, which lists the valid kinds.

Pure: no I/O, no clock (years are passed in). Never imports streamlit.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

#: The programme's checkpoints.
CHECKPOINTS: tuple[int, ...] = (2030, 2035)

ABSOLUTE = "absolute"
RELATIVE = "relative"
CLOSE_GAP = "close_gap"


class TargetError(ValueError):
    """A target that cannot be built or resolved. ``str()`` is the English message.

    Attributes
    ----------
    message_sv, message_en : what is wrong, for the person setting the target.
    """

    def __init__(self, message_sv: str, message_en: str) -> None:
        self.message_sv = message_sv
        self.message_en = message_en
        super().__init__(message_en)

    def message(self, lang: str = "sv") -> str:
        return self.message_en if lang == "en" else self.message_sv


class UnknownTargetKindError(TargetError):
    """A target kind that is not in `TARGET_KINDS`; the messages list the valid kinds."""

    def __init__(self, kind: object) -> None:
        self.kind = kind
        valid = ", ".join(TARGET_KINDS)
        super().__init__(f"Okänd måltyp {kind!r}. Giltiga: {valid}",
                         f"Unknown target kind {kind!r}. Valid kinds: {valid}")


@dataclass(frozen=True)
class TargetKind:
    """One way of expressing a target.

    Attributes
    ----------
    name : registry key, e.g. ``relative``.
    resolve : ``(baseline, amount, rest_baseline) -> target level``.
    needs_rest_baseline : True when the rest of the city's baseline is needed.
    amount_range : the closed interval the amount must lie in.
    """

    name: str
    resolve: Callable[[float, float, float | None], float]
    needs_rest_baseline: bool
    amount_range: tuple[float, float]


def _absolute(baseline: float, amount: float, rest: float | None) -> float:
    return amount


def _relative(baseline: float, amount: float, rest: float | None) -> float:
    return baseline * (1.0 + amount / 100.0)


def _close_gap(baseline: float, amount: float, rest: float | None) -> float:
    assert rest is not None  # guarded by needs_rest_baseline
    return baseline - amount / 100.0 * (baseline - rest)


#: Target kinds by name.
TARGET_KINDS: dict[str, TargetKind] = {
    ABSOLUTE: TargetKind(ABSOLUTE, _absolute, False, (-math.inf, math.inf)),
    RELATIVE: TargetKind(RELATIVE, _relative, False, (-100.0, math.inf)),
    CLOSE_GAP: TargetKind(CLOSE_GAP, _close_gap, True, (0.0, 100.0)),
}


def target_kind(name: str) -> TargetKind:
    """The kind registered under ``name``; `UnknownTargetKindError` lists the valid ones."""
    try:
        return TARGET_KINDS[name]
    except (KeyError, TypeError):
        raise UnknownTargetKindError(name) from None


@dataclass(frozen=True)
class CheckpointTarget:
    """The target for one checkpoint: a kind from `TARGET_KINDS` and its amount (see module doc)."""

    kind: str
    amount: float

    def __post_init__(self) -> None:
        spec = target_kind(self.kind)
        if not _is_finite_number(self.amount):
            raise TargetError(f"Målvärdet för {self.kind} måste vara ett tal, fick {self.amount!r}.",
                              f"The amount of a {self.kind} target must be a number, "
                              f"got {self.amount!r}.")
        low, high = spec.amount_range
        if not low <= self.amount <= high:
            if self.kind == CLOSE_GAP:
                raise TargetError(
                    f"Andelen av gapet som ska stängas måste vara 0–100 %, fick {self.amount:g}.",
                    f"The share of the gap to close must be 0–100 %, got {self.amount:g}.")
            raise TargetError(
                f"En relativ förändring kan inte vara under −100 %, fick {self.amount:g}.",
                f"A relative change cannot be below −100 %, got {self.amount:g}.")


@dataclass(frozen=True)
class Target:
    """Targets for one indicator in the proposed areas.

    Attributes
    ----------
    indicator : indicator id from the registry.
    baseline_year : the year the targets are measured from (see `default_baseline_year`).
    baseline_value : the proposed areas' value that year, in the indicator's unit.
    checkpoints : ``(year, CheckpointTarget)`` pairs in year order, each year after the baseline.
    """

    indicator: str
    baseline_year: int
    baseline_value: float
    checkpoints: tuple[tuple[int, CheckpointTarget], ...]

    def __post_init__(self) -> None:
        if not _is_finite_number(self.baseline_value):
            raise TargetError(
                f"{self.indicator}: utgångsvärdet måste vara ett tal, fick {self.baseline_value!r}.",
                f"{self.indicator}: the baseline value must be a number, got {self.baseline_value!r}.")
        years = [year for year, _ in self.checkpoints]
        if len(set(years)) != len(years):
            raise TargetError(f"{self.indicator}: ett kontrollår förekommer två gånger: {years}.",
                              f"{self.indicator}: a checkpoint year appears twice: {years}.")
        early = [y for y in years if y <= self.baseline_year]
        if early:
            raise TargetError(
                f"{self.indicator}: kontrollåret {early[0]} ligger inte efter basåret "
                f"{self.baseline_year}.",
                f"{self.indicator}: checkpoint {early[0]} is not after the baseline year "
                f"{self.baseline_year}.")
        # Keep the pairs in year order so equal targets compare equal and serialise identically.
        object.__setattr__(self, "checkpoints", tuple(sorted(self.checkpoints, key=lambda p: p[0])))

    @property
    def checkpoint_years(self) -> tuple[int, ...]:
        return tuple(year for year, _ in self.checkpoints)

    def at(self, checkpoint: int) -> CheckpointTarget:
        """The target for one checkpoint year; `TargetError` lists the years that have one."""
        for year, target in self.checkpoints:
            if year == checkpoint:
                return target
        years = ", ".join(str(y) for y in self.checkpoint_years) or "–"
        raise TargetError(f"{self.indicator}: inget mål för {checkpoint}. Mål finns för: {years}.",
                          f"{self.indicator}: no target for {checkpoint}. Targets exist for: {years}.")


def resolve_target(target: Target, checkpoint: int, rest_baseline: float | None = None) -> float:
    """The target level of ``target`` at ``checkpoint``, in the indicator's unit.

    Parameters
    ----------
    target : the indicator's targets.
    checkpoint : a checkpoint year the target has (e.g. 2030).
    rest_baseline : the rest of the city's value in the baseline year; needed for ``close_gap``.

    Returns
    -------
    float
        ``absolute``: :math:`a`; ``relative``: :math:`b (1 + a/100)`;
        ``close_gap``: :math:`b - a/100 \\cdot (b - r)`.

    Raises
    ------
    TargetError
        No target for the checkpoint, or ``close_gap`` without a finite ``rest_baseline``.
    """
    spec = target.at(checkpoint)
    kind = target_kind(spec.kind)
    if kind.needs_rest_baseline and not _is_finite_number(rest_baseline):
        raise TargetError(
            f"{target.indicator}: målet att stänga gapet kräver övriga stadens värde år "
            f"{target.baseline_year}, som saknas.",
            f"{target.indicator}: a close-the-gap target needs the rest of the city's value in "
            f"{target.baseline_year}, which is missing.")
    return float(kind.resolve(float(target.baseline_value), float(spec.amount),
                              None if rest_baseline is None else float(rest_baseline)))


def default_baseline_year(years_available: Iterable[int], start_year: int) -> int:
    """The latest year with data before the efforts start: :math:`\\max\\{y : y < s\\}`.

    Raises
    ------
    TargetError
        When no year lies before ``start_year``.
    """
    before = [int(y) for y in years_available if int(y) < start_year]
    if not before:
        raise TargetError(f"Det finns inga uppgifter från före insatsernas start {start_year}.",
                          f"There are no data from before the efforts start in {start_year}.")
    return max(before)


# --- persistence ------------------------------------------------------------------------------------

def target_to_dict(target: Target) -> dict[str, Any]:
    """A plain JSON-able dict; checkpoint years become string keys (JSON objects need them)."""
    return {
        "indicator": target.indicator,
        "baseline_year": int(target.baseline_year),
        "baseline_value": float(target.baseline_value),
        "checkpoints": {str(year): {"kind": t.kind, "amount": float(t.amount)}
                        for year, t in target.checkpoints},
    }


def target_from_dict(data: Mapping[str, Any]) -> Target:
    """The inverse of `target_to_dict`; `TargetError` names a missing or unreadable field."""
    ident = str(data.get("indicator", "?")) if isinstance(data, Mapping) else "?"
    try:
        checkpoints = tuple(
            (int(year), CheckpointTarget(kind=str(spec["kind"]), amount=float(spec["amount"])))
            for year, spec in dict(data["checkpoints"]).items()
        )
        return Target(indicator=str(data["indicator"]), baseline_year=int(data["baseline_year"]),
                      baseline_value=float(data["baseline_value"]), checkpoints=checkpoints)
    except TargetError:
        raise
    except KeyError as exc:
        raise TargetError(f"{ident}: fältet {exc.args[0]!r} saknas i det sparade målet.",
                          f"{ident}: field {exc.args[0]!r} is missing from the saved target.") from None
    except (TypeError, ValueError, AttributeError) as exc:
        raise TargetError(f"{ident}: det sparade målet kan inte läsas ({exc}).",
                          f"{ident}: the saved target cannot be read ({exc}).") from None


def targets_to_dict(targets: Iterable[Target]) -> dict[str, dict[str, Any]]:
    """Several targets keyed by indicator id (one target per indicator)."""
    out: dict[str, dict[str, Any]] = {}
    for target in targets:
        if target.indicator in out:
            raise TargetError(f"Två mål för {target.indicator}.", f"Two targets for {target.indicator}.")
        body = target_to_dict(target)
        del body["indicator"]
        out[target.indicator] = body
    return out


def targets_from_dict(data: Mapping[str, Mapping[str, Any]]) -> dict[str, Target]:
    """The inverse of `targets_to_dict`: targets by indicator id, in the order given."""
    return {ident: target_from_dict({**body, "indicator": ident}) for ident, body in data.items()}


# --- description ------------------------------------------------------------------------------------

def describe_target(target: Target, checkpoint: int, lang: str = "sv", unit: str = "%") -> str:
    """A short sentence for the steering group.

    Examples: ``Minska till 8,0 % år 2030`` / ``Reduce to 8.0 % by 2030``;
    ``Minska med 20 % från 2024 till 2030`` / ``Reduce by 20 % from 2024 to 2030``;
    ``Stänga 50 % av gapet till övriga staden till 2035`` /
    ``Close 50 % of the gap to the rest of the city by 2035``.

    Parameters
    ----------
    unit : the symbol written after an absolute level (``%`` for shares; empty for none).
    """
    spec = target.at(checkpoint)
    en = lang == "en"
    amount = spec.amount
    if spec.kind == ABSOLUTE:
        level = _number(amount, lang, 1) + (f" {unit}" if unit else "")
        if amount < target.baseline_value:
            return f"Reduce to {level} by {checkpoint}" if en else f"Minska till {level} år {checkpoint}"
        if amount > target.baseline_value:
            return f"Increase to {level} by {checkpoint}" if en else f"Öka till {level} år {checkpoint}"
        return f"Keep {level} in {checkpoint}" if en else f"Behålla {level} år {checkpoint}"
    if spec.kind == RELATIVE:
        share = _number(abs(amount), lang, None) + " %"
        frm = target.baseline_year
        if amount < 0:
            return (f"Reduce by {share} from {frm} to {checkpoint}" if en
                    else f"Minska med {share} från {frm} till {checkpoint}")
        if amount > 0:
            return (f"Increase by {share} from {frm} to {checkpoint}" if en
                    else f"Öka med {share} från {frm} till {checkpoint}")
        return (f"Keep the {frm} level in {checkpoint}" if en
                else f"Behålla nivån från {frm} år {checkpoint}")
    share = _number(amount, lang, None) + " %"
    return (f"Close {share} of the gap to the rest of the city by {checkpoint}" if en
            else f"Stänga {share} av gapet till övriga staden till {checkpoint}")


def _number(value: float, lang: str, decimals: int | None) -> str:
    """``decimals=None`` writes whole numbers without decimals and others with up to two."""
    if decimals is None:
        text = f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}".rstrip("0")
    else:
        text = f"{value:.{decimals}f}"
    return text if lang == "en" else text.replace(".", ",")


def _is_finite_number(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return False
    return math.isfinite(value)

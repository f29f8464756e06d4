"""The indicator registry: the five programme indicators, lookups, and package-declared extras."""

from __future__ import annotations

import pytest

from model.registry import (
    PROGRAMME_IDS,
    REGISTRY,
    Direction,
    Indicator,
    IndicatorDefinitionError,
    IndicatorRegistry,
    Role,
    Unit,
    UnknownIndicatorError,
)

GREEN_SPACE = {
    "id": "tillgang_gronyta",
    "name_sv": "Tillgång till grönyta",
    "name_en": "Access to green space",
    "unit": "percent",
    "direction": "higher_is_better",
    "role": "index",
    "definition_sv": "Andel invånare med högst 300 m till en park.",
    "source": "Malmö stad, miljöförvaltningen",
}


def test_programme_indicators_have_the_agreed_ids_in_order():
    assert PROGRAMME_IDS == (
        "uvas", "behorighet_yrkesprogram", "trangboddhet", "ekonomiskt_bistand",
        "lag_inkomststandard",
    )
    assert all(i in REGISTRY for i in PROGRAMME_IDS)


def test_uvas_is_the_follow_up_statistic_and_the_other_four_make_the_index():
    assert REGISTRY.follow_up.id == "uvas"
    assert REGISTRY.index_ids == PROGRAMME_IDS[1:]


@pytest.mark.parametrize("ident", PROGRAMME_IDS)
def test_programme_indicators_are_complete_percentages(ident):
    ind = REGISTRY.get(ident)
    assert ind.unit is Unit.PERCENT
    assert ind.is_share
    for text in (ind.name_sv, ind.name_en, ind.short_sv, ind.short_en, ind.definition_sv,
                 ind.definition_en, ind.source):
        assert text.strip()


def test_only_eligibility_is_higher_is_better():
    better = [i.id for i in REGISTRY if i.direction is Direction.HIGHER_IS_BETTER]
    assert better == ["behorighet_yrkesprogram"]
    assert REGISTRY.get("behorighet_yrkesprogram").direction.sign == -1
    assert REGISTRY.get("uvas").direction.sign == 1


def test_sources_name_the_producers():
    assert "SCB" in REGISTRY.get("uvas").source
    assert "Skolverket" in REGISTRY.get("behorighet_yrkesprogram").source
    assert "Socialstyrelsen" in REGISTRY.get("ekonomiskt_bistand").source


def test_unknown_id_lists_the_valid_ones():
    with pytest.raises(UnknownIndicatorError) as info:
        REGISTRY.get("uvas_typo")
    message = str(info.value)
    assert "uvas_typo" in message
    for ident in PROGRAMME_IDS:
        assert ident in message


def test_a_package_can_declare_an_indicator_that_joins_the_index():
    extra = Indicator.from_dict(GREEN_SPACE)
    registry = REGISTRY.extended([extra])
    assert registry.get("tillgang_gronyta").direction is Direction.HIGHER_IS_BETTER
    assert "tillgang_gronyta" in registry.index_ids
    assert registry.ids[: len(REGISTRY)] == REGISTRY.ids  # built-ins keep their order
    assert "tillgang_gronyta" not in REGISTRY  # the built-in registry is unchanged
    assert Indicator.from_dict(extra.to_dict()) == extra


def test_declarations_that_are_incomplete_or_clash_are_refused():
    with pytest.raises(IndicatorDefinitionError, match="name_sv"):
        Indicator.from_dict({**GREEN_SPACE, "name_sv": ""})
    with pytest.raises(IndicatorDefinitionError, match="direction"):
        Indicator.from_dict({**GREEN_SPACE, "direction": "up"})
    with pytest.raises(IndicatorDefinitionError, match="lower case"):
        Indicator.from_dict({**GREEN_SPACE, "id": "Grön yta"})
    with pytest.raises(IndicatorDefinitionError, match="twice"):
        REGISTRY.extended([Indicator.from_dict({**GREEN_SPACE, "id": "uvas"})])


def test_descriptive_indicators_never_join_the_index():
    registry = IndicatorRegistry(REGISTRY)
    assert "befolkning" in registry
    assert registry.get("befolkning").role is Role.DESCRIPTIVE
    assert "befolkning" not in registry.index_ids

"""The columns of the insatser exchange files: sheet names, headers written and headers accepted, and the
Swedish and English words accepted for an indicator's kind and direction."""

from __future__ import annotations

import re
from dataclasses import dataclass

INSATSER, INDIKATORER, RAPPORTERAT = "insatser", "indikatorer", "rapporterat"
SHEETS: tuple[str, ...] = (INSATSER, INDIKATORER, RAPPORTERAT)


@dataclass(frozen=True)
class Field:
    """One column: internal key, the header written on export, accepted (normalised) headers."""

    key: str
    header: str
    aliases: tuple[str, ...]
    required: bool = False


#: Revision 0010: kind, partners and participation (read and written by `persistence.exchange.kinds`).
KIND_FIELDS = (
    Field("kind", "typ_av_insats", ("typ_av_insats", "insatstyp", "insats_kind", "kind_of_insats")),
    Field("partners", "partner", ("partner", "partners", "samarbetspartner", "parter")),
)
PARTICIPATION_FIELDS = (
    Field("p_phases", "delaktighet_faser", ("delaktighet_faser", "participation_phases")),
    Field("p_methods", "delaktighet_metoder", ("delaktighet_metoder", "participation_methods")),
    Field("p_count", "delaktighet_antal", ("delaktighet_antal", "participation_young_people")),
    Field("p_age_from", "delaktighet_ålder_från", ("delaktighet_ålder_från", "delaktighet_alder_fran",
                                                   "participation_age_from")),
    Field("p_age_to", "delaktighet_ålder_till", ("delaktighet_ålder_till", "delaktighet_alder_till",
                                                 "participation_age_to")),
    Field("p_disabilities", "delaktighet_funktionsnedsättning",
          ("delaktighet_funktionsnedsättning", "delaktighet_funktionsnedsattning",
           "participation_disabilities_reached")),
    Field("p_level", "delaktighet_nivå", ("delaktighet_nivå", "delaktighet_niva", "participation_level")),
    Field("p_changed", "delaktighet_förändring", ("delaktighet_förändring", "delaktighet_forandring",
                                                  "participation_what_changed")),
)
INSATS_FIELDS = (
    Field("id", "id", ("id", "insats_id")),
    Field("name", "namn", ("namn", "name", "insats", "insatsnamn", "insatsens_namn"), True),
    Field("board", "nämnd", ("nämnd", "namnd", "ansvarig_nämnd", "ansvarig_namnd", "board",
                              "responsible_board"), True),
    Field("area_level", "områdesnivå", ("områdesnivå", "omradesniva", "nivå", "niva", "level",
                                         "area_level")),
    Field("area_ids", "områden", ("områden", "omraden", "områdeskoder", "omradeskoder", "areas",
                                   "area_ids")),
    Field("start_year", "startår", ("startår", "startar", "start_year", "start"), True),
    Field("budget_sek", "budget_kr", ("budget_kr", "budget", "budget_sek", "budget_(kr)",
                                       "budget_(sek)", "budget_kronor")),
    Field("description", "beskrivning", ("beskrivning", "description")),
    *KIND_FIELDS,
    *PARTICIPATION_FIELDS,
    Field("version", "version", ("version",)),
)
INDICATOR_FIELDS = (
    Field("id", "id", ("id", "indikator_id", "indicator_id")),
    Field("insats", "insats", ("insats", "insatsnamn", "insats_namn", "effort"), True),
    Field("name", "namn", ("namn", "name", "indikator", "indicator", "indikatornamn"), True),
    Field("kind", "typ", ("typ", "kind", "type", "indikatortyp"), True),
    Field("unit", "enhet", ("enhet", "unit")),
    Field("direction", "riktning", ("riktning", "direction"), True),
    Field("baseline_year", "basår", ("basår", "basar", "baseline_year", "utgångsår")),
    Field("baseline_value", "basvärde", ("basvärde", "basvarde", "baseline_value", "utgångsvärde")),
    Field("target_2030", "mål_2030", ("mål_2030", "mal_2030", "target_2030", "mål2030")),
    Field("target_2035", "mål_2035", ("mål_2035", "mal_2035", "target_2035", "mål2035")),
    Field("version", "version", ("version",)),
)
REPORT_FIELDS = (
    Field("insats", "insats", ("insats", "insatsnamn", "insats_namn", "effort"), True),
    Field("indicator", "indikator", ("indikator", "indicator", "indikatornamn"), True),
    Field("year", "år", ("år", "ar", "year"), True),
    Field("value", "värde", ("värde", "varde", "value"), True),
    Field("numerator", "täljare", ("täljare", "taljare", "numerator")),
    Field("denominator", "nämnare", ("nämnare", "namnare", "denominator")),
    Field("note", "kommentar", ("kommentar", "anmärkning", "note", "comment")),
    Field("reported_by", "rapporterad_av", ("rapporterad_av", "reported_by", "rapportör")),
    Field("reported_at", "rapporterad", ("rapporterad", "rapporterad_tid", "reported_at")),
)
FIELDS: dict[str, tuple[Field, ...]] = {
    INSATSER: INSATS_FIELDS, INDIKATORER: INDICATOR_FIELDS, RAPPORTERAT: REPORT_FIELDS}
#: Accepted (normalised) sheet and CSV file names per table.
TABLE_NAMES: dict[str, tuple[str, ...]] = {
    INSATSER: ("insatser", "insats", "efforts", "interventions"),
    INDIKATORER: ("indikatorer", "indikator", "indicators"),
    RAPPORTERAT: ("rapporterat", "rapporterade_värden", "rapporter", "värden", "reported",
                  "reported_values", "values"),
}
#: Swedish and English ways to write an indicator kind or direction in a file.
KIND_WORDS = {
    "output": "output", "prestation": "output", "prestationsindikator": "output",
    "outcome": "outcome", "effekt": "outcome", "effektindikator": "outcome", "resultat": "outcome",
    "resultatindikator": "outcome", "utfall": "outcome",
}
DIRECTION_WORDS = {
    "higher_is_better": "higher_is_better", "högre_är_bättre": "higher_is_better",
    "hogre_ar_battre": "higher_is_better", "högre": "higher_is_better", "upp": "higher_is_better",
    "higher_is_worse": "higher_is_worse", "lower_is_better": "higher_is_worse",
    "lägre_är_bättre": "higher_is_worse", "lagre_ar_battre": "higher_is_worse",
    "högre_är_sämre": "higher_is_worse", "lägre": "higher_is_worse", "ned": "higher_is_worse",
}
AREA_SEPARATORS = re.compile(r"[,;\s]+")

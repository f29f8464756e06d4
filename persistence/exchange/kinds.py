"""The exchange columns of revision 0010: an insats's kind, partners and young people's participation.

Columns on the insatser sheet (all optional; a file without them — e.g. exported before they existed —
leaves what is stored unchanged):

* ``typ_av_insats`` – kraftsamlande insats, förstärkning av grunduppdraget or lokal utveckling
* ``partner`` – comma-separated: civilsamhälle, näringsliv, fastighetsägare, boende, skola, region/polis
* ``delaktighet_faser`` – behov, utformning, genomförande, uppföljning
* ``delaktighet_metoder`` – enkät, dialog, ungdomsråd, samskapande, annat
* ``delaktighet_antal`` – how many young people; exported as "färre än 5" for 1–4 (the small-group
  rule); reading "färre än 5" keeps a stored count below 5, else leaves the count unknown (warning)
* ``delaktighet_ålder_från``, ``delaktighet_ålder_till`` – ages
* ``delaktighet_funktionsnedsättning`` – ja / nej / empty (not known)
* ``delaktighet_nivå`` – Shier's level 1–5
* ``delaktighet_förändring`` – what changed because of it

A row with every delaktighet cell empty has no participation record. English words and codes are
accepted too (``kraftsamlande``, ``core_mission``, ``co_design`` …).
"""

from __future__ import annotations

import re
from typing import Any

from datapackage.tables import normalize_header
from indicators.insats_kinds import INSATS_KINDS, KRAFTSAMLANDE
from indicators.participation import (
    SMALL_GROUP,
    Participation,
    participation_issues,
    shown_count,
)
from model.problems import Problem
from persistence.exchange.cells import Cells
from persistence.exchange.columns import PARTICIPATION_FIELDS
from persistence.exchange.read import problem
from persistence.records import Insats

#: The Swedish word written for each code (and read back with the English codes).
KIND_SV = {"kraftsamlande": "kraftsamlande insats", "core_mission": "förstärkning av grunduppdraget",
           "local_development": "lokal utveckling"}
PARTNER_SV = {"civil_society": "civilsamhälle", "business": "näringsliv",
              "property_owners": "fastighetsägare", "residents": "boende", "school": "skola",
              "region_police": "region/polis"}
PHASE_SV = {"needs": "behov", "design": "utformning", "delivery": "genomförande",
            "follow_up": "uppföljning"}
METHOD_SV = {"survey": "enkät", "dialogue": "dialog", "youth_council": "ungdomsråd",
             "co_design": "samskapande", "other": "annat"}
FEWER_SV = f"färre än {SMALL_GROUP}"
_EXTRA = {"kraftsamlande": KRAFTSAMLANDE, "grunduppdrag": "core_mission",
          "förstärkning": "core_mission", "region": "region_police", "polis": "region_police",
          "region_och_polis": "region_police", "civilsamhället": "civil_society",
          "föreningar": "civil_society", "skolan": "school", "enkat": "survey", "co_design": "co_design",
          "samskapan": "co_design", "followup": "follow_up", "behovsanalys": "needs"}
_YES, _NO = {"ja", "yes", "j", "y", "1", "sant", "true"}, {"nej", "no", "n", "0", "falskt", "false"}
_LIST = re.compile(r"\s*[,;]\s*")


def _words(sv: dict[str, str]) -> dict[str, str]:
    out = {normalize_header(code): code for code in sv}
    out.update({normalize_header(word): code for code, word in sv.items()})
    out.update({normalize_header(word.replace("/", " ")): code for code, word in sv.items()})
    out.update({k: v for k, v in _EXTRA.items() if v in sv})
    return out


KIND_WORDS, PARTNER_WORDS = _words(KIND_SV), _words(PARTNER_SV)
PHASE_WORDS, METHOD_WORDS = _words(PHASE_SV), _words(METHOD_SV)


def export_cells(insats: Insats) -> list[Any]:
    """The row's cells for `FIELDS`, in Swedish words; a count below 5 as "färre än 5"."""
    record = insats.participation
    kind_cells = [KIND_SV[insats.kind], ", ".join(PARTNER_SV[p] for p in insats.partners)]
    if record is None:
        return [*kind_cells, *([None] * len(PARTICIPATION_FIELDS))]
    shown = shown_count(record.young_people)
    count = FEWER_SV if shown.code == "fewer_than" else shown.value
    yes_no = {True: "ja", False: "nej", None: None}[record.disabilities_reached]
    return [*kind_cells, ", ".join(PHASE_SV[p] for p in record.phases),
            ", ".join(METHOD_SV[m] for m in record.methods), count, record.age_from, record.age_to,
            yes_no, record.level, record.what_changed or None]


def _list(c: Cells, key: str, words: dict[str, str], valid_sv: dict[str, str]) -> tuple[str, ...]:
    found = []
    for part in _LIST.split(c.text(key)):
        if not part:
            continue
        code = words.get(normalize_header(part)) or words.get(normalize_header(part.replace("/", " ")))
        if code is None:
            listed = ", ".join(valid_sv.values())
            c.fail(key, f"Okänt värde '{part}'. Giltiga: {listed}.", f"Unknown value '{part}'. "
                   f"Valid: {listed} (or {', '.join(valid_sv)}).")
            continue
        found.append(code)
    return tuple(found)


def read_cells(c: Cells, existing: Insats | None) -> dict[str, Any]:
    """Kind, partners and participation of one insats row (problems go to ``c``). A column the file
    lacks keeps the stored value (or the default for a new insats)."""
    columns = c.table.columns
    out: dict[str, Any] = {"kind": existing.kind if existing else KRAFTSAMLANDE,
                           "partners": existing.partners if existing else (),
                           "participation": existing.participation if existing else None}
    if "kind" in columns and c.text("kind"):
        kind = KIND_WORDS.get(normalize_header(c.text("kind")))
        if kind is None:
            listed = ", ".join(KIND_SV.values())
            c.fail("kind", f"Okänd typ av insats '{c.text('kind')}'. Giltiga: {listed}.",
                   f"Unknown kind of insats '{c.text('kind')}'. Valid: {listed} (or "
                   f"{', '.join(INSATS_KINDS)}).")
        else:
            out["kind"] = kind
    if "partners" in columns:
        out["partners"] = _list(c, "partners", PARTNER_WORDS, PARTNER_SV)
    if not any(f.key in columns for f in PARTICIPATION_FIELDS):
        return out
    if all(not c.text(f.key) for f in PARTICIPATION_FIELDS):
        out["participation"] = None
        return out
    stored = existing.participation if existing else None
    count: Any = None
    count_text = c.text("p_count")
    if normalize_header(count_text) in (normalize_header(FEWER_SV), "fewer_than_5", "<5"):
        if stored is not None and shown_count(stored.young_people).code == "fewer_than":
            count = stored.young_people
        else:
            c.problems.append(_warning(c, "p_count", count_text))
    elif count_text:
        count = c.number("p_count")
    disabilities_text = normalize_header(c.text("p_disabilities"))
    disabilities: Any = None
    if disabilities_text in _YES:
        disabilities = True
    elif disabilities_text in _NO:
        disabilities = False
    elif disabilities_text:
        c.fail("p_disabilities", f"Skriv ja, nej eller lämna tomt, fick '{c.text('p_disabilities')}'.",
               f"Write yes, no or leave empty, got '{c.text('p_disabilities')}'.")
    data = {"phases": _list(c, "p_phases", PHASE_WORDS, PHASE_SV),
            "methods": _list(c, "p_methods", METHOD_WORDS, METHOD_SV),
            "level": c.number("p_level"), "young_people": count, "age_from": c.number("p_age_from"),
            "age_to": c.number("p_age_to"), "disabilities_reached": disabilities,
            "what_changed": str(c.raw("p_changed") or "").strip()}
    issues = participation_issues(data)
    for issue in issues:
        key = {"phases": "p_phases", "methods": "p_methods", "level": "p_level",
               "young_people": "p_count", "age_from": "p_age_from", "age_to": "p_age_to",
               "disabilities_reached": "p_disabilities", "what_changed": "p_changed"}[issue.field]
        sv, en = _issue_words(issue.code, issue.params)
        header = c.table.columns.get(key) or next(f.header for f in PARTICIPATION_FIELDS if f.key == key)
        c.problems.append(problem(c.table.file, sv, en, row=c.row, column=header))
    if not issues:
        out["participation"] = Participation.from_dict(data)
    return out


def _warning(c: Cells, key: str, text: str) -> Problem:
    return problem(c.table.file, f"'{text}' sparas som okänt antal; skriv det exakta antalet i appen "
                   f"(det visas aldrig som antal under {SMALL_GROUP}).",
                   f"'{text}' is saved as an unknown number; enter the exact number in the app (it is "
                   f"never shown as a count below {SMALL_GROUP}).", row=c.row,
                   column=c.table.columns.get(key, key), warning=True)


def _issue_words(code: str, params: dict[str, Any]) -> tuple[str, str]:
    """Swedish and English words for a participation issue (persistence messages carry both)."""
    if code == "missing":
        return "Cellen är tom men måste fyllas i när delaktighet anges.", \
            "The cell is empty but must be filled in when participation is given."
    if code == "unknown_level":
        return (f"Nivån måste vara 1–5 (Shiers trappa), fick {params['value']!r}.",
                f"The level must be 1–5 (Shier's pathways), got {params['value']!r}.")
    if code == "age_order":
        return (f"Åldern till ({params['age_to']}) är lägre än åldern från ({params['age_from']}).",
                f"The age to ({params['age_to']}) is below the age from ({params['age_from']}).")
    if code == "age_out_of_range":
        return (f"Åldern måste vara {params['low']}–{params['high']} år, fick {params['value']!r}.",
                f"The age must be {params['low']}–{params['high']} years, got {params['value']!r}.")
    if code == "text_too_long":
        return (f"Texten får vara högst {params['limit']} tecken.",
                f"The text may be at most {params['limit']} characters.")
    return (f"Ogiltigt värde {params.get('value')!r} (ett heltal, minst 0).",
            f"Invalid value {params.get('value')!r} (a whole number, at least 0).")

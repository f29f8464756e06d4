"""Insats kinds, partners and participation in the store (SQLite and PostgreSQL): round trip, history,
restore, refusals, old history entries, and the exchange files carrying them."""

from __future__ import annotations

from dataclasses import replace

import pytest

from indicators.participation import Participation
from persistence import INSATS, InvalidDataError, Store, export_insatser, export_insatser_zip, import_insatser
from persistence.records import Insats
from tests.stores import PKG, sample_insats

RECORD = Participation(("needs", "design"), ("dialogue", "youth_council"), 4, 23, 13, 17, True,
                       "Mötestiden flyttades till efter skolan.\n<b>inte html</b>")


def test_round_trip_history_and_restore(store: Store) -> None:
    first = store.save_insats(sample_insats(), user="anna")
    assert (first.kind, first.partners, first.participation) == ("kraftsamlande", (), None)
    changed = store.save_insats(replace(first, kind="local_development",
                                        partners=("school", "civil_society"), participation=RECORD),
                                user="bo")
    again = store.get_insats(first.id)
    assert again == changed
    assert again.partners == ("civil_society", "school")  # kept in PARTNER_KINDS order
    assert again.participation == RECORD
    assert store.list_insatser(PKG)[0].participation == RECORD
    [_, update] = store.history(INSATS, first.key)
    assert set(update.changed_fields()) == {"kind", "partners", "participation"}
    restored = store.restore(INSATS, first.key, 1, expected_version=changed.version, user="cia")
    assert (restored.kind, restored.partners, restored.participation) == ("kraftsamlande", (), None)
    # Saving the same thing again writes no new version.
    assert store.save_insats(restored).version == restored.version


def test_refusals() -> None:
    with pytest.raises(InvalidDataError, match="insats kind"):
        replace(sample_insats(), kind="annat")
    with pytest.raises(InvalidDataError, match="partner kind"):
        replace(sample_insats(), partners=("kyrkan",))
    with pytest.raises(InvalidDataError, match="participation record"):
        Insats.from_dict({**sample_insats().to_dict(), "participation": {"level": 9}})


def test_history_entries_from_before_revision_0010_still_read() -> None:
    old = {k: v for k, v in sample_insats().to_dict().items()
           if k not in ("kind", "partners", "participation")}
    read = Insats.from_dict(old)
    assert (read.kind, read.partners, read.participation) == ("kraftsamlande", (), None)


def test_exchange_carries_kinds_partners_participation(store: Store) -> None:
    saved = store.save_insats(replace(sample_insats(), kind="core_mission",
                                      partners=("residents", "region_police"), participation=RECORD))
    small = store.save_insats(replace(sample_insats("Utan"), participation=Participation(
        ("delivery",), ("survey",), 1, 3)))
    files = ((export_insatser(store, PKG), "insatser.xlsx"),
             (export_insatser_zip(store, PKG), "insatser.zip"))
    for data, name in files:
        # Importing the export back into the store it came from changes nothing.
        again = import_insatser(data, name, store, PKG, user="eva")
        assert again.accepted, [p.describe("en") for p in again.problems]
        assert (again.insatser_updated, again.insatser_created, again.unchanged) == (0, 0, 2)
        assert store.insats_named(PKG, "Utan").participation.young_people == 3
    for data, name in files:
        for insats in store.list_insatser(PKG):
            store.delete_insats(insats.id, expected_version=insats.version)
        report = import_insatser(data, name, store, PKG, user="eva")
        assert report.accepted, [p.describe("en") for p in report.problems]
        got = store.insats_named(PKG, saved.name)
        assert (got.id, got.kind, got.partners, got.participation) == (
            saved.id, saved.kind, saved.partners, RECORD)
        # The file never holds a count below 5 ("färre än 5"): a new insats gets "not known", warned.
        assert store.insats_named(PKG, "Utan").participation == replace(small.participation,
                                                                        young_people=None)
        assert [p.column for p in report.problems] == ["delaktighet_antal"]
        assert "färre än 5" in report.problems[0].describe("sv")


def test_exchange_file_without_the_new_columns_keeps_them(store: Store) -> None:
    saved = store.save_insats(replace(sample_insats(), kind="core_mission",
                                      partners=("residents", "region_police"), participation=RECORD))
    old = ("id;namn;nämnd;områdesnivå;områden;startår;budget_kr;beskrivning\r\n"
           f"{saved.id};{saved.name};grundskolenämnden;smaomrade;KU0101, KU0102;2027;1250000;ny text\r\n")
    report = import_insatser(old.encode("utf-8-sig"), "insatser.csv", store, PKG, user="eva")
    assert report.accepted, [p.describe("en") for p in report.problems]
    got = store.insats_named(PKG, saved.name)
    assert got.start_year == 2027
    assert (got.kind, got.partners, got.participation) == (saved.kind, saved.partners, RECORD)


@pytest.mark.parametrize(("cells", "column", "words"), [
    ("typ_av_insats;partner\r\nannat;skola", "typ_av_insats", "Okänd typ av insats"),
    ("typ_av_insats;partner\r\nlokal utveckling;kyrkan", "partner", "Okänt värde 'kyrkan'"),
    ("delaktighet_faser;delaktighet_metoder;delaktighet_nivå\r\nutformning;dialog;7",
     "delaktighet_nivå", "1–5"),
    ("delaktighet_faser;delaktighet_nivå\r\nutformning;3", "delaktighet_metoder", "måste fyllas i"),
    ("delaktighet_faser;delaktighet_metoder;delaktighet_nivå;delaktighet_ålder_från;"
     "delaktighet_ålder_till\r\nbehov;enkät;2;16;12", "delaktighet_ålder_till", "lägre än"),
    ("delaktighet_faser;delaktighet_metoder;delaktighet_nivå;delaktighet_funktionsnedsättning"
     "\r\nbehov;enkät;2;kanske", "delaktighet_funktionsnedsättning", "ja, nej"),
])
def test_exchange_refusals_name_the_column(store: Store, cells: str, column: str, words: str) -> None:
    head, row = cells.split("\r\n")
    text = f"namn;nämnd;startår;{head}\r\nNy;grundskolenämnden;2026;{row}\r\n"
    report = import_insatser(text.encode("utf-8"), "insatser.csv", store, PKG)
    assert not report.accepted
    assert [p.column for p in report.problems if p.is_error] == [column]
    assert words in report.problems[0].describe("sv")
    assert store.list_insatser(PKG) == []


def test_exchange_reads_english_codes(store: Store) -> None:
    text = ("name;board;start_year;typ_av_insats;partner;delaktighet_faser;delaktighet_metoder;"
            "delaktighet_nivå;delaktighet_antal;delaktighet_funktionsnedsättning\r\n"
            "Ny;grundskolenämnden;2026;local_development;school, region/polis;design, follow_up;"
            "co_design;5;12;yes\r\n")
    report = import_insatser(text.encode("utf-8"), "insatser.csv", store, PKG)
    assert report.accepted, [p.describe("en") for p in report.problems]
    got = store.insats_named(PKG, "Ny")
    assert (got.kind, got.partners) == ("local_development", ("school", "region_police"))
    assert got.participation == Participation(("design", "follow_up"), ("co_design",), 5, 12,
                                              disabilities_reached=True)

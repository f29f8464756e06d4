"""The SCB client keeps SCB's rules: rate limit, cell limit, retries, cache – with a fake clock, offline."""

from __future__ import annotations

import itertools
import json
from datetime import date

import pytest
import requests
import responses

from datapackage.scb.client import (
    V1_BASE,
    RateLimiter,
    ScbClient,
    ScbUnavailable,
    TableMissing,
    default_cache_dir,
)
from datapackage.scb.pxweb import (
    Limits,
    cells,
    parse_config,
    parse_response,
    parse_values,
    plan_parts,
    query_body,
    split_selection,
)
from tests.fixtures.scb.fake_scb import FakeScb

UVAS = "AA/AA0003/AA0003H/IntGr8RegSOKON1N"


class FakeClock:
    """Time moves only when someone sleeps; every sleep is recorded."""

    def __init__(self, day: date = date(2026, 11, 24)) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []
        self.day = day

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def today(self) -> date:
        return self.day


@pytest.fixture
def rsps():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def fake(rsps) -> FakeScb:
    return FakeScb().install(rsps)


# --- rate limit ------------------------------------------------------------------------------


def test_31st_call_waits_until_the_first_leaves_the_window():
    clock = FakeClock()
    limiter = RateLimiter(max_calls=30, time_window=10.0, clock=clock)
    for _ in range(30):
        assert limiter.acquire() == 0.0
    assert clock.sleeps == []
    assert limiter.acquire() == pytest.approx(10.0)
    assert clock.sleeps == [pytest.approx(10.0)]


def test_rate_limit_window_slides():
    clock = FakeClock()
    limiter = RateLimiter(max_calls=3, time_window=10.0, clock=clock)
    for t in (0.0, 4.0, 7.0):
        clock.now = t
        limiter.acquire()
    clock.now = 8.0
    assert limiter.acquire() == pytest.approx(2.0)  # the call at t=0 leaves the window at t=10
    clock.now = 15.0
    assert limiter.acquire() == pytest.approx(0.0)  # only the calls at t=7 and t=10 remain


def test_client_spreads_31_calls_over_the_window(fake):
    clock = FakeClock()
    client = ScbClient(clock)
    client.limits()  # 1 call: the config
    for _ in range(30):
        client.get(client.table_url(UVAS))
    assert fake.calls() == 31
    assert clock.sleeps == [pytest.approx(10.0)]  # the 31st call waited a whole window


def test_limits_come_from_the_config_endpoint(fake):
    fake.config = {"maxValues": 500, "maxCalls": 5, "timeWindow": 2}
    client = ScbClient(FakeClock())
    assert client.limits() == Limits(500, 5, 2.0)
    assert client.limiter.max_calls == 5


def test_config_v2_keys_and_bad_values():
    assert parse_config({"maxDataCells": 100000, "maxCallsPerTimeWindow": 30, "timeWindow": 10}) \
        == Limits(100000, 30, 10.0)
    assert parse_config({}) == Limits()
    with pytest.raises(ValueError, match="maxCalls"):
        parse_config({"maxCalls": "many"})


# --- splitting -------------------------------------------------------------------------------


def _cells_of(selection):
    return set(itertools.product(*selection.values()))


@pytest.mark.parametrize("limit", [1, 7, 40, 100, 399, 1000])
def test_split_parts_respect_the_limit_and_cover_the_query_exactly(limit):
    selection = {"Region": tuple(f"R{i}" for i in range(20)), "Kon": ("1", "2"),
                 "ContentsCode": ("a", "b", "c"), "Tid": tuple(str(y) for y in range(2015, 2025))}
    parts = split_selection(selection, limit)
    assert all(cells(p) <= limit for p in parts)
    union: set = set()
    for part in parts:
        assert list(part) == list(selection)  # same variables, same order
        part_cells = _cells_of(part)
        assert not union & part_cells  # disjoint
        union |= part_cells
    assert union == _cells_of(selection)


def test_split_cuts_the_largest_variable_first():
    selection = {"Region": tuple(str(i) for i in range(100)), "Tid": ("2022", "2023")}
    parts = split_selection(selection, 50)
    assert [len(p["Region"]) for p in parts] == [25, 25, 25, 25]
    assert all(p["Tid"] == ("2022", "2023") for p in parts)


def test_no_split_under_the_limit_and_one_part_per_year():
    selection = {"Region": ("a", "b"), "Tid": ("2022", "2023", "2024")}
    assert split_selection(selection, 6) == [selection]
    parts = plan_parts(selection, 6, one_per="Tid")
    assert [p["Tid"] for p in parts] == [("2022",), ("2023",), ("2024",)]


def test_client_splits_a_query_over_scbs_cell_limit(fake):
    fake.config = {"maxValues": 2, "maxCalls": 30, "timeWindow": 10}
    seen: list[tuple[int, int]] = []
    client = ScbClient(FakeClock())
    selection = {"Region": ("1280R001", "1280R002", "1280R003"), "Kon": ("1+2",),
                 "Bakgrund": ("000",), "ContentsCode": ("000004W9",), "Tid": ("2023",)}
    parts = client.query(UVAS, selection, on_part=lambda i, n: seen.append((i, n)))
    assert len(parts) == 2
    assert seen == [(1, 2), (2, 2)]
    regions = [row["key"][0] for p in parts for row in p.answer.json()["data"]]
    assert regions == ["1280R001", "1280R002", "1280R003"]
    posted = [body for method, _, body in fake.requests if method == "POST"]
    assert [q["query"][0]["selection"]["values"] for q in posted] == [
        ["1280R001", "1280R002"], ["1280R003"]]
    assert all(q["response"] == {"format": "json"} for q in posted)


# --- retries and offline ---------------------------------------------------------------------


def test_503_then_200_retries_with_back_off(fake):
    clock = FakeClock()
    client = ScbClient(clock, backoff=1.5)
    client.limits()
    fake.failures = [503, 503]
    meta, _ = client.table_meta(UVAS)
    assert meta.variable("Region") is not None
    assert clock.sleeps == [1.5, 3.0]  # exponential
    assert client.calls == 4  # config, two failures, the answer


def test_429_honours_retry_after(rsps):
    clock = FakeClock()
    rsps.add(responses.GET, V1_BASE + "START/X", status=429, headers={"Retry-After": "7"})
    rsps.add(responses.GET, V1_BASE + "START/X", json={"title": "t", "variables": []})
    client = ScbClient(clock)
    client._limits = Limits()
    assert client.get(client.table_url("X")).json()["title"] == "t"
    assert clock.sleeps == [7.0]


def test_persistent_connection_error_gives_the_offline_message(rsps, tmp_path):
    rsps.add(responses.GET, V1_BASE + "?config",
             body=requests.ConnectionError("Failed to resolve 'api.scb.se'"))
    clock = FakeClock()
    client = ScbClient(clock, cache_dir=tmp_path, max_retries=3, backoff=1.0)
    with pytest.raises(ScbUnavailable) as caught:
        client.limits()
    assert clock.sleeps == [1.0, 2.0, 4.0]  # bounded: three retries, then give up
    message = caught.value.message("sv")
    assert message.startswith("Kunde inte nå SCB (api.scb.se): ConnectionError")
    assert "Kontrollera nätverket och försök igen" in message
    assert "redan hämtade svar ligger kvar i cachen" in message
    assert str(tmp_path) in message
    assert "Could not reach SCB (api.scb.se)" in caught.value.message("en")


def test_404_is_a_missing_table_not_a_retry(fake):
    clock = FakeClock()
    client = ScbClient(clock)
    fake.missing.add(UVAS)
    with pytest.raises(TableMissing):
        client.table_meta(UVAS)
    assert clock.sleeps == []


# --- cache -----------------------------------------------------------------------------------


def test_cache_hit_makes_no_http_call(fake, tmp_path):
    selection = {"Region": ("1280R001",), "Kon": ("1+2",), "Bakgrund": ("000",),
                 "ContentsCode": ("000004W9",), "Tid": ("2023",)}
    first = ScbClient(FakeClock(), cache_dir=tmp_path)
    answer = first.query(UVAS, selection)[0].answer
    made = fake.calls()
    assert made == 2
    assert not answer.from_cache
    again = ScbClient(FakeClock(), cache_dir=tmp_path)
    cached = again.query(UVAS, selection)[0].answer
    assert fake.calls() == made  # zero calls on the re-run
    assert again.calls == 0
    assert cached.from_cache
    assert cached.content == answer.content
    assert cached.fetched == date(2026, 11, 24)


def test_table_descriptions_expire_data_answers_do_not(fake, tmp_path):
    ScbClient(FakeClock(date(2026, 11, 1)), cache_dir=tmp_path).table_meta(UVAS)
    later = ScbClient(FakeClock(date(2026, 11, 24)), cache_dir=tmp_path)
    later.table_meta(UVAS)
    assert later.calls == 2  # config and the description were fetched again
    refreshed = ScbClient(FakeClock(), cache_dir=tmp_path, refresh=True)
    refreshed.table_meta(UVAS)
    assert refreshed.calls == 2


def test_default_cache_dir_follows_the_environment(tmp_path):
    assert default_cache_dir({"KRAFTSAMLA_CACHE": str(tmp_path)}) == tmp_path / "scb"
    assert default_cache_dir({}).parts[-3:] == (".cache", "kraftsamla", "scb")


# --- responses -------------------------------------------------------------------------------


def test_response_parsing_keeps_scbs_markers():
    data = {"columns": [{"code": "Region", "text": "region", "type": "d"},
                        {"code": "Tid", "text": "år", "type": "t"},
                        {"code": "A", "text": "a", "type": "c"},
                        {"code": "B", "text": "b", "type": "c"}],
            "comments": [],
            "data": [{"key": ["1280R001", "2023"], "values": ["18.6", ".."]},
                     {"key": ["1280R002", "2023"], "values": ["-", "..."]}],
            "metadata": [{"updated": "2025-02-28T07:00:00Z"}]}
    parsed = parse_response(data, "SCB T")
    assert parsed.problems == []
    assert parsed.updated == "2025-02-28T07:00:00Z"
    frame = parsed.frame
    assert list(frame["content"]) == ["A", "B", "A", "B"]
    assert frame["value"].iloc[0] == 18.6
    assert frame["value"].iloc[2] == 0.0
    assert list(frame["suppressed"]) == [False, True, False, False]
    assert frame["value"].iloc[[1, 3]].isna().all()


def test_bad_values_are_named_by_table_row_and_content():
    data = {"columns": [{"code": "Region", "type": "d"}, {"code": "A", "type": "c"}],
            "data": [{"key": ["x"], "values": ["1"]}, {"key": ["y"], "values": ["n/a"]},
                     {"key": ["z"], "values": []}]}
    parsed = parse_response(data, "SCB T")
    described = [p.describe("en") for p in parsed.problems]
    assert described[0].startswith("SCB T, row 3: The row has 1 keys and 0 values")
    assert described[1].startswith("SCB T, row 2, column 'A': The value 'n/a' is neither")
    assert parse_response({"oops": 1}, "SCB T").problems[0].message("en").startswith(
        "SCB's answer has no 'columns'")


def test_parse_values_accepts_decimal_commas():
    import pandas as pd

    value, suppressed, bad = parse_values(pd.Series(["1,5", "2.5", ".."]))
    assert list(value[:2]) == [1.5, 2.5]
    assert list(suppressed) == [False, False, True]
    assert not bad.any()


def test_query_body_is_scbs_shape():
    assert query_body({"Region": ("1280",), "Tid": ("2023",)}) == json.loads(
        '{"query": [{"code": "Region", "selection": {"filter": "item", "values": ["1280"]}},'
        ' {"code": "Tid", "selection": {"filter": "item", "values": ["2023"]}}],'
        ' "response": {"format": "json"}}')

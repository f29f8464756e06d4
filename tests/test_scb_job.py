"""The fetch job shared by the CLI and the fetch button: plan, progress, cancel, the atomic write."""

from __future__ import annotations

import pytest
import responses

from datapackage.scb.client import ScbClient
from datapackage.scb.job import (
    CANCELLED,
    DONE,
    FAILED,
    RUNNING,
    FetchJob,
    JobState,
    package_folder_name,
    plan_fetch,
)
from datapackage.scb.kommuner import Kommun, find_kommun
from datapackage.scb.progress import RETRY, FetchCancelled, FetchProgress
from datapackage.store import read_package
from tests.fixtures.scb.fake_scb import FakeScb
from tests.test_scb_client import FakeClock

MALMO = find_kommun("1280")


@pytest.fixture
def rsps():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.mark.parametrize(("name", "folder"), [
    ("Malmö", "malmo_scb"), ("Upplands Väsby", "upplands_vasby_scb"), ("Håbo", "habo_scb"),
    ("Upplands-Bro", "upplands_bro_scb")])
def test_package_folder_names(name, folder):
    assert package_folder_name(Kommun("0000", name)) == folder


def test_the_plan_counts_one_request_per_table_year():
    plan = plan_fetch(MALMO, 2026)
    by_id = {t.table_id: t for t in plan.tables}
    assert (by_id["IntGr8RegSOKON1N"].first_year, by_id["IntGr8RegSOKON1N"].last_year) == (2007,
                                                                                         2023)
    assert by_id["IntGr8RegSOKON1N"].requests == 1 + 17  # the description and 2007–2023
    assert by_id["FolkmDesoAldKon"].requests == 1 + 15  # 2010–2024
    assert plan.requests == 5 + sum(t.requests for t in plan.tables)
    assert plan.seconds == pytest.approx(plan.requests * 0.6)


@pytest.mark.parametrize(("event", "fraction"), [
    (FetchProgress("boundaries", 1, 9), 0.0),
    (FetchProgress("part", 5, 10, 1, 2), 0.45),
    (FetchProgress("part", 10, 10, 4, 4), 1.0),
    (FetchProgress("retry"), 0.0),
    # weighted by the steps' expected requests: 1 + 1 done of 1 + 1 + 8, half of the third
    (FetchProgress("part", 3, 3, 2, 4, weights=(1.0, 1.0, 8.0)), 0.6),
])
def test_progress_fraction(event, fraction):
    assert event.fraction == pytest.approx(fraction)


def test_time_left_from_the_time_per_share_done():
    state = JobState(RUNNING, FetchProgress("part", 3, 4, 1, 2), elapsed=50.0)  # 62.5 % done
    assert state.seconds_left == pytest.approx(50 * 0.375 / 0.625)
    assert JobState(RUNNING, None, elapsed=5).seconds_left is None
    assert JobState(DONE).fraction == 1.0


def test_a_cancel_before_a_request_stops_the_client(rsps):
    FakeScb().install(rsps)
    client = ScbClient(FakeClock(), should_stop=lambda: True)
    with pytest.raises(FetchCancelled):
        client.limits()


def test_a_cancel_during_the_rate_limit_wait_stops_without_spinning(rsps):
    FakeScb(config={"maxValues": 150000, "maxCalls": 1, "timeWindow": 60}).install(rsps)
    stop = {"now": False}

    class CancellingClock(FakeClock):
        def sleep(self, seconds):
            stop["now"] = True  # the person cancels while the client waits
            self.sleeps.append(seconds)  # and the wait returns early: time does not move

    clock = CancellingClock()
    client = ScbClient(clock, should_stop=lambda: stop["now"])
    client.limits()  # the first call
    with pytest.raises(FetchCancelled):
        client.table_meta("AA/AA0003/AA0003H/IntGr8RegSOKON1N")
    assert len(clock.sleeps) == 1


def test_retries_are_reported_as_steps(rsps):
    fake = FakeScb().install(rsps)
    fake.failures = [503]
    events: list[FetchProgress] = []
    ScbClient(FakeClock(), progress=events.append).limits()
    assert [(e.code, e.params["detail"], e.params["attempt"]) for e in events] == [
        (RETRY, "HTTP 503", 1)]


def _job(tmp_path, **options) -> FetchJob:
    return FetchJob(MALMO, tmp_path / "malmo_scb", clock=FakeClock(), **options)


def test_a_job_fetches_builds_and_writes(rsps, tmp_path):
    FakeScb().install(rsps)
    seen: list[FetchProgress] = []
    job = _job(tmp_path, listener=seen.append)
    job.run()
    state = job.snapshot()
    assert state.status == DONE
    assert state.path == (tmp_path / "malmo_scb").resolve()
    assert read_package(state.path).manifest.name == "Malmö – SCB:s öppna data"
    assert state.calls > 50
    assert seen[0].code == "boundaries"
    assert seen[-1].code == "building"
    assert [p.name for p in tmp_path.iterdir()] == ["malmo_scb"]


def test_a_job_on_a_thread_can_be_cancelled(rsps, tmp_path):
    FakeScb(config={"maxValues": 150000, "maxCalls": 1, "timeWindow": 3600}).install(rsps)
    job = FetchJob(MALMO, tmp_path / "malmo_scb").start()  # the real clock: waits an hour
    job.cancel()
    job.join(30)
    assert job.snapshot().status == CANCELLED
    assert list(tmp_path.iterdir()) == []


def test_an_offline_job_fails_with_the_message_code_and_writes_nothing(rsps, tmp_path):
    job = _job(tmp_path)
    job.run()
    state = job.snapshot()
    assert state.status == FAILED
    code, params = state.error
    assert code == "scb_unavailable"
    assert params["host"] == "geodata.scb.se"
    assert list(tmp_path.iterdir()) == []


def test_a_refused_build_fails_with_its_problems(rsps, tmp_path):
    FakeScb().install(rsps)
    job = FetchJob(find_kommun("1281"), tmp_path / "lund_scb", clock=FakeClock())
    job.run()  # the recorded boundaries hold Malmö only
    state = job.snapshot()
    assert state.status == FAILED
    assert state.problems[0].file == "SCB geodata stat:DeSO_2025"

"""db.digests: schedules, the post-once claim on a (channel, period) run, and the period queries.

`claim_run` is what makes a digest go out once: a run is claimed before anything is posted,
and only a failed run, or a claim whose owner crashed (older than CLAIM_LEASE), is claimed
again. Finished runs (posted, empty, skipped, gone) never are.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest

from db import digests
from db.connection import open_db
from db.deliveries import keep_alive
from tests.racing import race_claims

NOON = dt.datetime(2024, 5, 2, 12, tzinfo=dt.UTC)
CHANNEL = "C0DIGEST"
PERIOD = "2024-05-02T09:00:00+00:00"


@pytest.fixture
def db(db_path):
    return open_db(db_path)


OWNER = "process-a"


def claim(db, *, now=NOON, channel=CHANNEL, period=PERIOD, owner=OWNER, **kw) -> bool:
    """Claim as a live process (one whose claims are not taken over while it runs)."""
    keep_alive(db, owner, ttl=3600, now=time.time())
    return digests.claim_run(db, channel, period, now=now, owner=owner, **kw)


# ---------------------------------------------------------------- schedules


def _schedule(db, channel=CHANNEL, hour=9) -> int:
    return digests.add_schedule(db, channel=channel, minute=0, hour=hour, day_of_week="*",
                                tz="Europe/Copenhagen", created_by="U0ME", now=NOON)


def test_a_schedule_is_stored_enabled_with_who_and_when(db):
    schedule_id = _schedule(db)
    row = digests.get_schedule(db, schedule_id)
    assert (row["channel"], row["hour"], row["minute"], row["day_of_week"], row["tz"]) == (
        CHANNEL, 9, 0, "*", "Europe/Copenhagen")
    assert (row["enabled"], row["created_by"], row["created_at"]) == (
        1, "U0ME", "2024-05-02T12:00:00+00:00")
    assert digests.get_schedule(db, schedule_id + 1) is None


def test_schedules_list_oldest_first_all_or_per_channel(db):
    first, other, second = _schedule(db), _schedule(db, "C0OTHER"), _schedule(db, hour=18)
    assert [r["id"] for r in digests.schedules(db)] == [first, other, second]
    assert [r["id"] for r in digests.schedules(db, CHANNEL)] == [first, second]
    assert digests.schedules(db, "C0NONE") == []


def test_disabling_a_channel_turns_off_only_its_schedules_and_says_why(db):
    first, other, second = _schedule(db), _schedule(db, "C0OTHER"), _schedule(db, hour=18)
    assert digests.disable_schedules(db, CHANNEL, "not_in_channel") == [first, second]
    assert [r["id"] for r in digests.schedules(db)] == [other]
    row = digests.get_schedule(db, first)
    assert (row["enabled"], row["disabled_reason"]) == (0, "not_in_channel")
    assert digests.disable_schedules(db, CHANNEL, "again") == []  # nothing left to turn off
    assert digests.get_schedule(db, first)["disabled_reason"] == "not_in_channel"


# ---------------------------------------------------------------- claiming a run


def test_the_first_claim_wins_and_records_the_run(db):
    schedule_id = _schedule(db)
    assert claim(db, schedule_id=schedule_id, period_start="2024-05-01T09:00:00+00:00",
                 period_end=PERIOD)
    run = digests.get_run(db, CHANNEL, PERIOD)
    assert (run["status"], run["attempts"], run["schedule_id"]) == ("claimed", 0, schedule_id)
    assert (run["period_start"], run["period_end"]) == ("2024-05-01T09:00:00+00:00", PERIOD)
    assert run["claimed_at"] == "2024-05-02T12:00:00+00:00"


def test_a_second_claim_of_the_same_run_loses(db):
    assert claim(db)
    assert not claim(db, now=NOON + dt.timedelta(seconds=1))
    assert len(digests.runs(db)) == 1


def test_another_period_or_another_channel_is_another_run(db):
    assert claim(db)
    assert claim(db, period="2024-05-03T09:00:00+00:00")
    assert claim(db, channel="C0OTHER")
    assert len(digests.runs(db)) == 3 and len(digests.runs(db, CHANNEL)) == 2


def test_racing_claims_on_their_own_connections_have_one_winner(db_path):
    assert race_claims(db_path, claim, racers=6) == [False] * 5 + [True]
    assert len(digests.runs(open_db(db_path))) == 1


def test_a_claim_of_a_process_that_is_gone_is_taken_over_at_once(db):
    assert digests.claim_run(db, CHANNEL, PERIOD, now=NOON, owner="gone")  # no live lease
    assert digests.claim_run(db, CHANNEL, PERIOD, now=NOON, owner="process-b")


def test_a_failed_run_may_be_claimed_again_once(db):
    # Why: a failure (Slack down, retries spent) posted nothing, so the next catch-up retries.
    assert claim(db)
    digests.record_run(db, CHANNEL, PERIOD, "failed", now=NOON, attempts=4, error="http_503")
    later = NOON + dt.timedelta(minutes=10)
    assert claim(db, now=later)
    run = digests.get_run(db, CHANNEL, PERIOD)
    assert (run["status"], run["claimed_at"]) == ("claimed", digests.iso_utc(later))
    assert not claim(db, now=later)  # reclaimed: owned again until it finishes


@pytest.mark.parametrize("status", digests.FINAL_STATUSES)
def test_a_finished_run_is_never_claimed_again(db, status):
    assert claim(db)
    digests.record_run(db, CHANNEL, PERIOD, status, now=NOON)
    assert not claim(db, now=NOON + dt.timedelta(days=30))
    assert digests.get_run(db, CHANNEL, PERIOD)["status"] == status


def test_a_claim_whose_owner_never_finished_is_taken_over_after_the_lease(db):
    # Why: the owner crashed mid-post (nothing recorded); within the lease it may still finish.
    assert claim(db)
    assert not claim(db, now=NOON + digests.CLAIM_LEASE - dt.timedelta(seconds=1))
    assert not claim(db, now=NOON + digests.CLAIM_LEASE)  # "older than" the lease: strictly
    taken = NOON + digests.CLAIM_LEASE + dt.timedelta(seconds=1)
    assert claim(db, now=taken)
    assert digests.get_run(db, CHANNEL, PERIOD)["claimed_at"] == digests.iso_utc(taken)
    assert not claim(db, now=taken)


def test_claim_instants_are_stored_in_utc(db):
    tokyo = dt.timezone(dt.timedelta(hours=9))
    assert claim(db, now=dt.datetime(2024, 5, 2, 21, 0, 0, 500_000, tzinfo=tokyo))
    assert digests.get_run(db, CHANNEL, PERIOD)["claimed_at"] == "2024-05-02T12:00:00+00:00"


# ---------------------------------------------------------------- recording a run


def test_recording_a_posted_run_keeps_what_it_is_not_told(db):
    assert claim(db)
    digests.record_run(db, CHANNEL, PERIOD, "failed", now=NOON, attempts=2, error="ratelimited")
    assert claim(db, now=NOON + dt.timedelta(minutes=1))
    digests.record_run(db, CHANNEL, PERIOD, "posted", now=NOON + dt.timedelta(minutes=2),
                       posted_ts="1714651320.000100")
    run = digests.get_run(db, CHANNEL, PERIOD)
    assert (run["status"], run["attempts"], run["posted_ts"]) == ("posted", 2, "1714651320.000100")
    assert run["error"] is None  # a success clears the last failure
    assert run["updated_at"] == "2024-05-02T12:02:00+00:00"


def test_recording_a_run_never_claimed_inserts_it(db):
    digests.record_run(db, CHANNEL, PERIOD, "skipped", now=NOON, schedule_id=3)
    run = digests.get_run(db, CHANNEL, PERIOD)
    assert (run["status"], run["schedule_id"], run["attempts"]) == ("skipped", 3, 0)
    assert digests.get_run(db, CHANNEL, "another") is None


def test_the_last_posted_run_is_the_latest_period_posted_in_the_channel(db):
    for period_end, status in (("2024-05-01T09:00:00+00:00", "posted"),
                               ("2024-05-03T09:00:00+00:00", "posted"),
                               ("2024-05-04T09:00:00+00:00", "failed")):
        assert digests.claim_run(db, CHANNEL, period_end, now=NOON, period_end=period_end)
        digests.record_run(db, CHANNEL, period_end, status, now=NOON)
    assert digests.last_posted_run(db, CHANNEL)["period_end"] == "2024-05-03T09:00:00+00:00"
    assert digests.last_posted_run(db, "C0OTHER") is None

"""The digest scheduler driven with a chosen clock: no real waiting, a real SQLite file, a fake Slack."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from slack_sdk import WebClient

from bot.config import Settings
from bot.router.schedules import parse_schedule
from bot.slack.retries import DEFAULT_POLICY, RetryPolicy
from bot.slack.scheduler import DigestScheduler, cron_trigger, last_fire_time
from db import digests as store
from db.connection import open_db
from tests.fake_slack import FakeSlack

UTC = dt.UTC
CHANNEL = "C0DIGEST"


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


@pytest.fixture
def slack():
    with FakeSlack() as fake:
        yield fake


def _add_doc(db, n: int, ingested: dt.datetime) -> None:
    db["documents"].insert({
        "path": f"/a/{n}.txt", "content_hash": f"h{n}", "title": f"Harbour report {n}",
        "body": "Cranes idle.", "date": "2023-04-01", "date_kind": "given", "format": "txt",
        "ingested_at": store.iso_utc(ingested),
    })


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def make(db_path, slack, clock, *, grace: float = 6.0, sleeps=None,
         policy: RetryPolicy = DEFAULT_POLICY) -> DigestScheduler:
    db = open_db(db_path, check_same_thread=False)
    client = WebClient(token="xoxb-test", base_url=slack.api_url)
    settings = Settings(db_path=db_path, digest_grace_hours=grace, digest_chart=False)
    return DigestScheduler(lambda: db, client, settings, clock=clock, policy=policy,
                           sleep=(sleeps.append if sleeps is not None else lambda s: None))


def schedule(sched: DigestScheduler, text: str, created: dt.datetime, channel: str = CHANNEL) -> int:
    parsed = parse_schedule(text, "UTC")
    assert not isinstance(parsed, str), parsed
    return sched.add_schedule(channel, parsed, "U0ME")


@pytest.fixture
def seeded_file(db_path):
    db = open_db(db_path)
    _add_doc(db, 1, at(2024, 5, 1, 8))
    db.close()
    return db_path


def test_a_schedule_fires_and_posts(seeded_file, slack):
    clock = Clock(at(2024, 5, 1, 10))
    sched = make(seeded_file, slack, clock)
    schedule(sched, "daily 09:00", clock.now)
    assert sched.run_due(at(2024, 5, 1, 23)) == []  # created after today's 09:00
    results = sched.run_due(at(2024, 5, 2, 9, 0, 5))
    assert [r.status for r in results] == ["posted"]
    (call,) = slack.calls_to("chat.postMessage")
    assert call.params["channel"] == CHANNEL and "Harbour report 1" in str(call.params["blocks"])


def test_a_restart_between_runs_posts_no_duplicate(seeded_file, slack):
    clock = Clock(at(2024, 5, 1, 10))
    first = make(seeded_file, slack, clock)
    schedule(first, "daily 09:00", clock.now)
    first.run_due(at(2024, 5, 2, 9, 0, 5))
    # The bot restarts an hour later: catching up finds the run already posted.
    again = make(seeded_file, slack, Clock(at(2024, 5, 2, 10)))
    assert again.run_due(at(2024, 5, 2, 10)) == []
    assert len(slack.calls_to("chat.postMessage")) == 1
    # The next day's run still goes out, once, covering only what is new since.
    db = open_db(seeded_file)
    _add_doc(db, 2, at(2024, 5, 2, 12))
    db.close()
    assert [r.status for r in again.run_due(at(2024, 5, 3, 9, 1))] == ["posted"]
    calls = slack.calls_to("chat.postMessage")
    assert len(calls) == 2
    assert "Harbour report 2" in str(calls[1].params["blocks"])
    assert "Harbour report 1" not in str(calls[1].params["blocks"])


def test_two_processes_post_a_period_once(seeded_file, slack):
    clock = Clock(at(2024, 5, 1, 10))
    one = make(seeded_file, slack, clock)
    schedule(one, "daily 09:00", clock.now)
    two = make(seeded_file, slack, clock)  # its own connection to the same file
    barrier = threading.Barrier(2)
    out = []

    def run(s):
        barrier.wait()
        out.extend(s.run_due(at(2024, 5, 2, 9, 0, 1)))

    threads = [threading.Thread(target=run, args=(s,)) for s in (one, two)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert sorted(r.status for r in out) == ["posted", "taken"]
    assert len(slack.calls_to("chat.postMessage")) == 1


def test_429_then_success_posts_once(seeded_file, slack):
    sleeps: list[float] = []
    clock = Clock(at(2024, 5, 1, 10))
    sched = make(seeded_file, slack, clock, sleeps=sleeps)
    schedule(sched, "daily 09:00", clock.now)
    slack.fail_next("chat.postMessage", status=429, retry_after=3)
    (result,) = sched.run_due(at(2024, 5, 2, 9, 0, 5))
    assert result.status == "posted" and result.delivery.attempts == 2
    assert sleeps == [3.0]
    statuses = [c.status for c in slack.calls_to("chat.postMessage")]
    assert statuses == [429, 200]
    (run,) = store.runs(open_db(seeded_file))
    assert run["status"] == "posted" and run["attempts"] == 2 and run["posted_ts"]
    assert sched.run_due(at(2024, 5, 2, 9, 30)) == []


def test_server_errors_are_retried_until_the_deadline(seeded_file, slack):
    sleeps: list[float] = []
    clock = Clock(at(2024, 5, 1, 10))
    sched = make(seeded_file, slack, clock, sleeps=sleeps)
    schedule(sched, "daily 09:00", clock.now)
    for _ in range(4):
        slack.fail_next("chat.postMessage", status=503, retry_after=None)
    (result,) = sched.run_due(at(2024, 5, 2, 9, 0, 5))
    assert result.status == "posted" and result.delivery.attempts == 5
    assert sleeps == [1.0, 2.0, 4.0, 8.0]
    assert len(slack.messages_in(CHANNEL)) == 1


def test_a_failed_run_is_tried_again_while_the_bot_runs(seeded_file, slack):
    clock = Clock(at(2024, 5, 1, 10))
    sched = make(seeded_file, slack, clock, policy=RetryPolicy(deadline=0))
    schedule(sched, "daily 09:00", clock.now)
    for _ in range(3):
        slack.fail_next("chat.postMessage", status=503, retry_after=None)
    clock.now = at(2024, 5, 2, 9, 0, 5)
    (result,) = sched.run_due(clock.now)
    assert result.status == "failed" and result.delivery.attempts == 1
    (run,) = store.runs(open_db(seeded_file))
    assert run["status"] == "failed" and run["error"]
    # Not at once (Slack is struggling), but a minute later, and again until it gets through.
    outcomes = []
    for moment in (at(2024, 5, 2, 9, 0, 30), at(2024, 5, 2, 9, 1, 10), at(2024, 5, 2, 9, 1, 40),
                   at(2024, 5, 2, 9, 2, 20), at(2024, 5, 2, 9, 3, 30), at(2024, 5, 2, 9, 4)):
        clock.now = moment
        outcomes.append([r.status for r in sched.run_due(moment)])
    assert outcomes == [[], ["failed"], [], ["failed"], ["posted"], []]
    assert len(slack.messages_in(CHANNEL)) == 1


@pytest.mark.parametrize(("late_hours", "posted"), [(2, True), (7, False)])
def test_a_missed_run_is_posted_within_grace_else_skipped(seeded_file, slack, caplog, late_hours, posted):
    clock = Clock(at(2024, 5, 1, 10))
    sched = make(seeded_file, slack, clock, grace=6)
    schedule(sched, "daily 09:00", clock.now)
    # The bot was down at 09:00 on 2 May and starts again `late_hours` later.
    restarted = make(seeded_file, slack, Clock(at(2024, 5, 2, 9 + late_hours)), grace=6)
    results = restarted.run_due(at(2024, 5, 2, 9 + late_hours))
    assert [r.status for r in results] == (["posted"] if posted else ["skipped"])
    assert len(slack.calls_to("chat.postMessage")) == (1 if posted else 0)
    if not posted:
        assert "skipped" in caplog.text
        assert restarted.run_due(at(2024, 5, 2, 9 + late_hours, 5)) == []


def test_cron_fire_times_follow_the_wall_clock_across_dst():
    row = {"day_of_week": "*", "hour": 9, "minute": 0, "tz": "America/New_York",
           "created_at": "2026-03-01T00:00:00+00:00"}
    trigger = cron_trigger(row)
    t = trigger.get_next_fire_time(None, at(2026, 3, 6))
    fires = []
    for _ in range(4):
        fires.append(t.astimezone(UTC))
        t = trigger.get_next_fire_time(t, t + dt.timedelta(seconds=1))
    # US clocks spring forward on Sunday 8 March 2026: 09:00 EST = 14:00Z, 09:00 EDT = 13:00Z.
    assert fires == [at(2026, 3, 6, 14), at(2026, 3, 7, 14), at(2026, 3, 8, 13), at(2026, 3, 9, 13)]
    assert last_fire_time(row, at(2026, 3, 8, 13, 30)) == at(2026, 3, 8, 13)
    assert last_fire_time(row, at(2026, 3, 8, 12, 59)) == at(2026, 3, 7, 14)


def test_a_dst_schedule_posts_at_the_local_time(db_path, slack):
    db = open_db(db_path)
    _add_doc(db, 1, at(2026, 3, 5))
    db.close()
    sched = make(db_path, slack, Clock(at(2026, 3, 1)))
    parsed = parse_schedule("daily 09:00 tz=America/New_York", "UTC")
    sched.add_schedule(CHANNEL, parsed, "U0ME")
    assert sched.run_due(at(2026, 3, 8, 12, 30)) != []  # the 7 March run, caught up in grace
    assert sched.run_due(at(2026, 3, 8, 12, 59)) == []  # 08:59 EDT: not yet
    (result,) = sched.run_due(at(2026, 3, 8, 13, 0, 1))
    assert result.period_key == "2026-03-08T13:00:00+00:00"


def test_a_channel_the_bot_left_disables_its_schedule(seeded_file, slack, caplog):
    clock = Clock(at(2024, 5, 1, 10))
    sched = make(seeded_file, slack, clock)
    schedule(sched, "daily 09:00", clock.now)
    slack.error_next("chat.postMessage", "not_in_channel")
    (result,) = sched.run_due(at(2024, 5, 2, 9, 0, 5))
    assert result.status == "gone"
    db = open_db(seeded_file)
    assert store.schedules(db, CHANNEL) == []
    assert "not_in_channel" in caplog.text
    assert sched.run_due(at(2024, 5, 3, 9, 0, 5)) == []

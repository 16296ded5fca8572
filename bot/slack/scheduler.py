"""When digests go out: schedules from the DB run by APScheduler, each period posted once.

The scheduler only wires time to `build_digest` (what) and `post_digest` (where). Every run is
claimed in `digest_runs` before posting, and posted through the delivery ledger, so a restart,
a second bot process, a crash mid-post or a retried run posts a channel's digest for a period
once. A run missed while the bot was down is posted if it is at most `digest_grace_hours`
late, else skipped with a log line; a failed one is tried again FAILED_RETRY later.

`run_due(now)` is the whole of the logic for an instant, so tests drive it with a chosen clock;
the loop calls it every TICK_SECONDS in the one process holding the `scheduler` lease. Fire
times come from APScheduler's cron triggers in the schedule's time zone (right across
daylight-saving changes).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger
from slack_sdk import WebClient
from sqlite_utils import Database

from bot.answers.chart import Chart, digest_chart, top_people
from bot.answers.digest import digest_reply
from bot.config import Settings
from bot.queries.digest import Digest, Period, build_digest, digest_period, utcnow
from bot.router.schedules import Schedule
from bot.slack.delivery import (
    ALIVE_SECONDS,
    Delivery,
    current_request,
    keep_alive,
    post_digest,
    process_owner,
)
from bot.slack.retries import DEFAULT_POLICY, RetryPolicy
from db import deliveries as leases
from db import digests as store

log = logging.getLogger(__name__)

LOOKBACK = dt.timedelta(days=8)  # a weekly schedule's last fire time is within this
LEASE = "scheduler"
TICK_SECONDS = 1.0  # how often due runs are looked for: schedules fire within a second
FAILED_RETRY = dt.timedelta(minutes=1)  # a run that failed (Slack down) is tried again after


def cron_trigger(row: dict[str, Any] | Schedule) -> CronTrigger:
    get = row.get if isinstance(row, dict) else lambda k: getattr(row, k)
    return CronTrigger(
        day_of_week=get("day_of_week"), hour=get("hour"), minute=get("minute"),
        timezone=ZoneInfo(get("tz")),
    )


def last_fire_time(row: dict[str, Any], now: dt.datetime) -> dt.datetime | None:
    """The schedule's latest fire instant at or before `now` (and after it was created)."""
    trigger = cron_trigger(row)
    created = dt.datetime.fromisoformat(row["created_at"])
    t = trigger.get_next_fire_time(None, max(created, now - LOOKBACK))
    last = None
    while t is not None and t <= now:
        last = t
        t = trigger.get_next_fire_time(t, t + dt.timedelta(seconds=1))
    return last


@dataclass(frozen=True)
class RunResult:
    channel: str
    period_key: str
    status: str  # posted | failed | gone | empty | skipped | taken (another owner has it)
    delivery: Delivery | None = None

    @property
    def error(self) -> str | None:
        return self.delivery.error if self.delivery else None


class DigestScheduler:
    """Runs the digest schedules stored in the DB. Build once, `start()` in the serving process.

    It is also the router's `DigestDesk`: `/digest`, `/digest schedule …` and `/digest off` act
    through `post_now`, `add_schedule` and `disable_channel`.

    Every process that serves Slack runs the loop (`start()`): each tick it says it is alive,
    and the one that holds the `scheduler` lease runs what is due. Schedules are read from
    the DB on every tick, so one added or turned off from Slack — in any process — takes
    effect at once; when the leader dies another takes the lease within ALIVE_SECONDS and
    retries the run it left claimed (its delivery's ledger says whether Slack already has it).
    """

    def __init__(
        self,
        connect: Callable[[], Database],
        client: WebClient,
        settings: Settings,
        *,
        clock: Callable[[], dt.datetime] = utcnow,
        sleep: Callable[[float], None] = time.sleep,
        chart: Callable[[Database, Digest], Chart | None] | None = None,
        policy: RetryPolicy = DEFAULT_POLICY,
        recover: Callable[[], None] | None = None,
    ) -> None:
        self._connect = connect
        self._client = client
        self._settings = settings
        self._clock = clock
        self._sleep = sleep
        self._chart = chart
        self._policy = policy
        self.recover = recover  # replays requests a dead process left unanswered (app.py)
        self._thread: threading.Thread | None = None
        self._runner: ThreadPoolExecutor | None = None
        self._running: Future[Any] | None = None
        self._stop = threading.Event()
        self._lock = threading.Lock()  # one run at a time per process (the DB guards across)
        if chart is None and settings.digest_chart:
            self._chart = draw_chart

    @property
    def grace(self) -> dt.timedelta:
        return dt.timedelta(hours=self._settings.digest_grace_hours)

    # ------------------------------------------------------------ lifecycle

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start the loop in this process (idempotent; after a fork, call it in the child)."""
        if self.running:
            return
        self._stop.clear()
        self._runner = ThreadPoolExecutor(1, thread_name_prefix="digest-run")
        self._running = None
        self._thread = threading.Thread(target=self._loop, name="digest-scheduler", daemon=True)
        self._thread.start()
        log.info("digest scheduler started owner=%s", process_owner())

    def shutdown(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None
        if self._runner is not None:
            self._runner.shutdown(wait=False)
            self._runner = None
        leases.release_lease(self._connect(), LEASE, process_owner())

    def _loop(self) -> None:
        """Beat every TICK_SECONDS; the leader's work runs on its own thread, so a long post
        (retrying a busy Slack) never stops this process from saying it is alive."""
        while not self._stop.is_set():
            try:
                if self.beat() and (self._running is None or self._running.done()):
                    assert self._runner is not None
                    self._running = self._runner.submit(self.run_pending)
            except Exception:  # a bad beat must not end the loop: the next one tries again
                log.exception("digest scheduler beat failed")
            self._stop.wait(TICK_SECONDS)

    def beat(self) -> bool:
        """Say this process is alive; True if it holds (or now takes) the scheduler lease."""
        db = self._connect()
        owner = keep_alive(db)
        return leases.take_lease(db, LEASE, owner, ttl=ALIVE_SECONDS, now=time.time())

    def run_pending(self) -> None:
        """The leader's work: every run that is due, and the requests dead processes left."""
        try:
            self.run_due(self._clock())
            if self.recover is not None:
                self.recover()
        except Exception:
            log.exception("digest scheduler run failed")

    def tick(self) -> bool:
        """One beat and, if this process leads, its work (tests call this with their clock)."""
        if not self.beat():
            return False
        self.run_pending()
        return True

    # ------------------------------------------------------------ schedules

    def add_schedule(self, channel: str, schedule: Schedule, user: str) -> int:
        db = self._connect()
        schedule_id = store.add_schedule(
            db, channel=channel, minute=schedule.minute, hour=schedule.hour,
            day_of_week=schedule.day_of_week, tz=schedule.tz, created_by=user, now=self._clock(),
        )
        log.info("digest schedule added id=%d channel=%s when=%r", schedule_id, channel,
                 schedule.describe())
        return schedule_id

    def disable_channel(self, channel: str, reason: str) -> list[int]:
        ids = store.disable_schedules(self._connect(), channel, reason)
        if ids:
            log.info("digest schedules disabled channel=%s ids=%s reason=%s", channel, ids, reason)
        return ids

    # ------------------------------------------------------------ runs

    def run_due(self, now: dt.datetime) -> list[RunResult]:
        """Run every schedule whose latest fire time has no run yet (late ones within grace)."""
        results = []
        for row in store.schedules(self._connect()):
            result = self.run_schedule(row, now)
            if result is not None:
                results.append(result)
        return results

    def run_schedule(self, row: dict[str, Any], now: dt.datetime) -> RunResult | None:
        fire = last_fire_time(row, now)
        if fire is None:
            return None
        db = self._connect()
        key = store.iso_utc(fire)
        existing = store.get_run(db, row["channel"], key)
        if existing and existing["status"] in store.FINAL_STATUSES:
            return None
        if existing and not self._may_retry(db, existing, now):
            return None
        if existing is None and now - fire > self.grace:
            store.record_run(db, row["channel"], key, "skipped", now=now, schedule_id=row["id"],
                             error=f"missed by {now - fire}")
            log.warning("digest run skipped channel=%s period=%s late_by=%s grace=%s",
                        row["channel"], key, now - fire, self.grace)
            return RunResult(row["channel"], key, "skipped")
        return self.post(row["channel"], key, fire, now=now, schedule_id=row["id"])

    def _may_retry(self, db: Database, run: dict[str, Any], now: dt.datetime) -> bool:
        """A failed run is tried again after FAILED_RETRY; a claimed one when its owner died."""
        updated = dt.datetime.fromisoformat(run["updated_at"])
        if run["status"] == "failed":
            return now - updated >= FAILED_RETRY
        return not leases.is_alive(db, run["owner"], now=time.time())

    def post(
        self, channel: str, period_key: str, end: dt.datetime, *, now: dt.datetime,
        schedule_id: int | None = None, period: Period | None = None,
    ) -> RunResult:
        """Claim (channel, period_key), build the digest, post it, record the outcome."""
        with self._lock:
            db = self._connect()
            if period is None:
                last = store.last_posted_run(db, channel)
                start = dt.datetime.fromisoformat(last["period_end"]) if last else None
                period = Period(start, end)
            p_start, p_end = period.bounds()
            if not store.claim_run(db, channel, period_key, now=now, schedule_id=schedule_id,
                                   period_start=p_start, period_end=p_end, owner=keep_alive(db)):
                log.info("digest run taken channel=%s period=%s", channel, period_key)
                return RunResult(channel, period_key, "taken")
            digest = build_digest(db, period, now=now)
            if digest.empty:
                store.record_run(db, channel, period_key, "empty", now=now)
                log.info("digest run empty channel=%s period=%s", channel, period_key)
                return RunResult(channel, period_key, "empty")
            reply = replace(digest_reply(digest), ephemeral=False)
            chart = self._make_chart(db, digest)
            delivery = post_digest(self._connect, self._client, channel, reply, chart=chart,
                                   key=f"digest:{channel}:{period_key}", policy=self._policy,
                                   sleep=self._sleep)
            store.record_run(db, channel, period_key, delivery.status, now=self._clock(),
                             attempts=delivery.attempts, posted_ts=delivery.ts, error=delivery.error)
        if delivery.status == "gone":
            self.disable_channel(channel, delivery.error or "gone")
        log.info("digest run channel=%s period=%s status=%s attempts=%d chart=%s", channel,
                 period_key, delivery.status, delivery.attempts, delivery.chart_posted)
        return RunResult(channel, period_key, delivery.status, delivery)

    def post_now(self, channel: str) -> RunResult:
        """`/digest`: the channel's digest for the last 7 days (everything if it never had one)."""
        now = self._clock()
        period = digest_period(self._connect(), channel, now)
        # Keyed by the Slack request when there is one, so a replayed `/digest` posts once.
        key = current_request.get() or store.iso_utc(now)
        return self.post(channel, "manual:" + key, now, now=now, period=period)

    def _make_chart(self, db: Database, digest: Digest) -> Chart | None:
        if self._chart is None:
            return None
        try:
            return self._chart(db, digest)
        except Exception:
            log.exception("digest chart could not be drawn")
            return None


def draw_chart(db: Database, digest: Digest) -> Chart | None:
    """The digest's chart: mentions over time of its top people."""
    return digest_chart(digest, store.entity_mentions_by_date(db, list(top_people(digest))))

"""What the Slack listeners share, built once by `create_app`: settings, store, pipeline, workers.

Listeners only ack and hand the work to `Deps.pool`, a pool of its own, so a slow answer can
never hold up the acknowledgement of the next request (Slack wants one within 3 seconds).
Files shared in Slack are ingested on `Deps.file_pool`, smaller and separate, so a burst of
(possibly hostile) files can never take every answer thread.

The entities are regrouped at start if an ingest stopped before doing it (killed, crashed),
and again later if one stops while the bot runs (`repair_now`, checked at most once a minute
off the answer path).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sqlite_utils import Database

from bot.config import Settings
from bot.ingest import repair_entities
from bot.router.context import CommandContext, DigestDesk
from bot.slack.inbox import Inbox
from bot.slack.retries import RetryPolicy
from db.connection import open_db

log = logging.getLogger(__name__)

ANSWER_THREADS = 8
# Files shared at once are taken two at a time; the answer threads stay free for answers.
FILE_THREADS = 2
# How often a running bot looks for entities behind the stored records (an ingest killed or
# failed before grouping), and how long they must have lagged (no ingest still writing)
# before it regroups them itself.
REPAIR_CHECK_SECONDS = 60.0
REPAIR_IDLE_SECONDS = 120.0
T = TypeVar("T")


class ThreadDatabases:
    """One SQLite connection per thread, opened on first use (sqlite3 connections are per thread)."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._local = threading.local()

    def __call__(self) -> Database:
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = open_db(self._path)
        return db


def _repair(db: Database, *, idle_seconds: float) -> bool:
    try:
        return repair_entities(db, idle_seconds=idle_seconds)
    except Exception:  # a failed repair must not stop the bot; the next check retries
        log.exception("could not regroup the entities an ingest left behind")
        return False


@dataclass
class Deps:
    """Injected into every listener by `handlers.register(app, deps)`."""

    settings: Settings
    connect: Callable[[], Database]
    nlp: Any = None
    shared_db: bool = False  # True when one injected connection serves every thread
    digests: DigestDesk | None = None  # the DigestScheduler (bot.slack.scheduler), set by create_app
    pool: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(ANSWER_THREADS, thread_name_prefix="answer")
    )
    file_pool: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(FILE_THREADS, thread_name_prefix="file")
    )
    inbox: Inbox = field(default_factory=Inbox)  # requests taken on, until answered
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _next_repair_check: float = field(default=0.0, repr=False)

    @property
    def policy(self) -> RetryPolicy:
        """How long answers keep trying to reach Slack (NEWSDESK_DELIVERY_DEADLINE)."""
        return RetryPolicy(deadline=self.settings.delivery_deadline)

    @classmethod
    def build(cls, settings: Settings, *, db: Database | None = None, nlp: Any = None) -> Deps:
        """Deps over `db` if given (tests), else a connection per thread to settings.db_path."""
        if db is not None:
            deps = cls(settings=settings, connect=lambda: db, nlp=nlp, shared_db=True)
            deps.repair_now(idle_seconds=0.0)
            return deps
        # Migrate once, before threads race to do it, and repair what a killed ingest left;
        # on a connection of its own, closed here (gunicorn may fork after this).
        store = open_db(settings.db_path)
        try:
            _repair(store, idle_seconds=0.0)
        finally:
            store.close()
        return cls(settings=settings, connect=ThreadDatabases(settings.db_path), nlp=nlp)

    def repair_now(self, *, idle_seconds: float = REPAIR_IDLE_SECONDS) -> bool:
        """Regroup the entities an ingest left behind (see `bot.ingest.repair_entities`)."""
        guard = self._lock if self.shared_db else contextlib.nullcontext()
        with guard:
            return _repair(self.connect(), idle_seconds=idle_seconds)

    def _schedule_repair_check(self) -> None:
        """At most once per REPAIR_CHECK_SECONDS, look for entities left behind, on the file pool."""
        now = time.monotonic()
        if now < self._next_repair_check:
            return
        self._next_repair_check = now + REPAIR_CHECK_SECONDS
        self.file_pool.submit(self.repair_now)

    @contextlib.contextmanager
    def context(self, user_id: str = "", channel_id: str = "") -> Iterator[CommandContext]:
        """A CommandContext for this thread; a shared connection is used by one thread at a time."""
        self._schedule_repair_check()
        guard = self._lock if self.shared_db else contextlib.nullcontext()
        with guard:
            yield CommandContext(db=self.connect(), settings=self.settings, nlp=self.nlp,
                                 user_id=user_id, channel_id=channel_id, digests=self.digests)

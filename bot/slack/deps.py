"""What the Slack listeners share, built once by `create_app`: settings, store, pipeline, workers.

Listeners only ack and hand the work to `Deps.pool`, a pool of its own, so a slow answer can
never hold up the acknowledgement of the next request (Slack wants one within 3 seconds).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sqlite_utils import Database

from bot.config import Settings
from bot.router.context import CommandContext, DigestDesk
from bot.slack.inbox import Inbox
from bot.slack.retries import RetryPolicy
from db.connection import open_db

ANSWER_THREADS = 8
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
    inbox: Inbox = field(default_factory=Inbox)  # requests taken on, until answered
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def policy(self) -> RetryPolicy:
        """How long answers keep trying to reach Slack (NEWSDESK_DELIVERY_DEADLINE)."""
        return RetryPolicy(deadline=self.settings.delivery_deadline)

    @classmethod
    def build(cls, settings: Settings, *, db: Database | None = None, nlp: Any = None) -> Deps:
        """Deps over `db` if given (tests), else a connection per thread to settings.db_path."""
        if db is not None:
            return cls(settings=settings, connect=lambda: db, nlp=nlp, shared_db=True)
        open_db(settings.db_path).close()  # migrate once, before threads race to do it
        return cls(settings=settings, connect=ThreadDatabases(settings.db_path), nlp=nlp)

    @contextlib.contextmanager
    def context(self, user_id: str = "", channel_id: str = "") -> Iterator[CommandContext]:
        """A CommandContext for this thread; a shared connection is used by one thread at a time."""
        guard = self._lock if self.shared_db else contextlib.nullcontext()
        with guard:
            yield CommandContext(db=self.connect(), settings=self.settings, nlp=self.nlp,
                                 user_id=user_id, channel_id=channel_id, digests=self.digests)

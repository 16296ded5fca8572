"""Requests the bot acknowledged and has not answered yet, kept until their answer is out.

Slack does not send a request again once it was acknowledged, so an answer lost with its
process (a crash, a kill -9, a deploy) would be lost for good. The answer path records each
request it takes on (`Inbox.receive`, in the `requests` table, with the raw request the
middleware kept) and marks it done when its answer is delivered or given up (`finish`). The
process that runs the schedules replays the requests of processes that died (`replay_orphans`)
through the app itself, as if Slack had sent them again; the delivery ledger then posts each
answer once.

    inbox.receive(db, "event:Ev1")   # "new" / "retake": answer it; "busy" / "done": leave it
    inbox.finish(db, "event:Ev1")
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltResponse
from slack_bolt.request import BoltRequest
from sqlite_utils import Database

from bot.slack.delivery import keep_alive, process_owner, request_key
from db import deliveries as ledger

log = logging.getLogger(__name__)

KEPT_RAW = 1000  # raw requests kept in memory until the answer path takes them
MAX_REPLAYS = 3  # a request whose answer kills its process is not replayed for ever


class Inbox:
    """The raw requests seen (in memory) and which ones this process is answering."""

    def __init__(self) -> None:
        self._raw: OrderedDict[str, str] = OrderedDict()
        self._working: set[str] = set()
        self._lock = threading.Lock()

    def middleware(self, req: BoltRequest, resp: BoltResponse, next: Callable[[], Any]) -> Any:
        """Bolt global middleware: keep the raw (verified) request for the answer path."""
        body = req.body if isinstance(req.body, dict) else {}
        key = request_key(body)
        if key:
            with self._lock:
                # Socket Mode hands the body over parsed: kept as JSON, which Bolt reads back.
                self._raw[key] = req.raw_body or json.dumps(body)
                self._raw.move_to_end(key)
                while len(self._raw) > KEPT_RAW:
                    self._raw.popitem(last=False)
        return next()

    def receive(self, db: Database, key: str, raw_key: str | None = None) -> str:
        """Take the request `key` on (raw request found under `raw_key`, default `key`).

        "new" or "retake": answer it, then `finish`; "busy": a thread here or a live process
        elsewhere answers it; "done": it was answered (Slack's retry, or a replay).
        """
        with self._lock:
            if key in self._working:
                return "busy"
            raw = self._raw.get(raw_key or key, "")
            self._working.add(key)
        try:
            state = ledger.receive_request(db, key, raw, keep_alive(db), now=time.time())
        except Exception:
            self._release(key)
            raise
        if state in ("busy", "done"):
            self._release(key)
        return state

    def finish(self, db: Database, key: str, *, answered: bool = True) -> None:
        """Done with the request here. `answered` (delivered, or nothing to say): it is never
        taken on again; otherwise (Slack could not be reached) it stays open, so Slack's own
        retry of it, or a replay after this process is gone, answers it."""
        try:
            if answered:
                ledger.finish_request(db, key, now=time.time())
        finally:
            self._release(key)

    def replayed(self, db: Database, key: str) -> bool:
        row = ledger.get_request(db, key)
        return bool(row and row["replays"])

    def _release(self, key: str) -> None:
        with self._lock:
            self._working.discard(key)
            self._raw.pop(key, None)


def replay_orphans(app: App, connect: Callable[[], Database]) -> int:
    """Dispatch again, through `app`, the open requests of processes that are gone."""
    db, owner, now = connect(), process_owner(), time.time()
    count = 0
    for row in ledger.orphaned_requests(db, now=now, max_replays=MAX_REPLAYS):
        if not row["body"] or not ledger.claim_orphan(db, row["key"], owner, now=now):
            continue
        log.warning("replaying request=%s left by owner=%s replay=%d", row["key"], row["owner"],
                    row["replays"] + 1)
        # Socket Mode's shape: already verified (it was, when it first came), no HTTP ack.
        app.dispatch(BoltRequest(body=row["body"], mode="socket_mode",
                                 headers={"x-slack-retry-num": [str(row["replays"] + 1)],
                                          "x-slack-retry-reason": ["newsdesk_replay"]}))
        count += 1
    return count

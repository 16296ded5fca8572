"""Slack's Socket Mode end, on 127.0.0.1: the WebSocket a bot with an app token connects to.

`apps.connections.open` on the fake Web API (`FakeSlack.socket_url`) names this server; each
connection is greeted with "hello" as Slack does; `push` sends an envelope (a slash command,
an event) to the newest connection and `wait_ack` waits for the bot to acknowledge it by its
envelope id; `drop` closes every connection, as Slack does when it rotates them, so the bot
must reconnect (asking `apps.connections.open` again).
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve


class FakeSocketMode:
    def __init__(self) -> None:
        self.acks: dict[str, dict[str, Any]] = {}
        self.connects = 0
        self._open: list[ServerConnection] = []
        self._changed = threading.Condition()
        self._server: Server = serve(self._handle, "127.0.0.1", 0)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FakeSocketMode:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()

    @property
    def url(self) -> str:
        host, port = self._server.socket.getsockname()[:2]
        return f"ws://{host}:{port}/link/?ticket=fake"

    def _handle(self, ws: ServerConnection) -> None:
        ws.send(json.dumps({"type": "hello", "num_connections": 1,
                            "connection_info": {"app_id": "A0APP"},
                            "debug_info": {"host": "fake", "approximate_connection_time": 3600}}))
        with self._changed:
            self.connects += 1
            self._open.append(ws)
            self._changed.notify_all()
        try:
            for message in ws:
                data = json.loads(message)
                if "envelope_id" in data:
                    with self._changed:
                        self.acks[data["envelope_id"]] = data
                        self._changed.notify_all()
        except ConnectionClosed:
            pass
        finally:
            with self._changed:
                if ws in self._open:
                    self._open.remove(ws)

    def wait_connected(self, connects: int = 1, timeout: float = 60) -> None:
        self._wait(lambda: self.connects >= connects and self._open, timeout,
                   f"{connects} Socket Mode connection(s)")

    def push(self, kind: str, payload: dict[str, Any], *, retry_attempt: int = 0) -> str:
        """Send an envelope of `kind` ("slash_commands", "events_api", "interactive")."""
        envelope_id = str(uuid.uuid4())
        envelope = {"envelope_id": envelope_id, "type": kind, "payload": payload,
                    "accepts_response_payload": kind != "events_api",
                    "retry_attempt": retry_attempt, "retry_reason": ""}
        with self._changed:
            ws = self._open[-1]
        ws.send(json.dumps(envelope))
        return envelope_id

    def wait_ack(self, envelope_id: str, timeout: float = 10) -> float:
        """Seconds until the bot acknowledged the envelope."""
        started = time.monotonic()
        self._wait(lambda: envelope_id in self.acks, timeout, f"the ack of {envelope_id}")
        return time.monotonic() - started

    def drop(self) -> None:
        with self._changed:
            connections = list(self._open)
        for ws in connections:
            ws.close()

    def _wait(self, check, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        with self._changed:
            while not check():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"not within {timeout}s: {what}")
                self._changed.wait(left)

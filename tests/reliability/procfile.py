"""The Procfile's web process, run for real (gunicorn, its own worker) against a fake Slack."""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from db.connection import open_db
from tests.fake_slack import FakeSlack
from tests.handlers.conftest import BOT_TOKEN, SECRET, SlackHTTP

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def procfile_args(port: int) -> list[str]:
    line = (ROOT / "Procfile").read_text().split("web:", 1)[1].strip()
    args = shlex.split(line.replace("$PORT", str(port)).replace("0.0.0.0", "127.0.0.1"))
    assert args[0] == "gunicorn"
    return args


class Server:
    """One run of the web process: start it, kill it (-9, master and worker), start it again."""

    def __init__(self, slack: FakeSlack, db_path: Path, *, serve: bool = False, **env: str) -> None:
        """The Procfile's line; or, with `serve`, `newsdesk serve` (its own gunicorn)."""
        self.port = _free_port()
        self.args = ["bot", "serve"] if serve else procfile_args(self.port)
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "NEWSDESK_"))}
        self.env |= {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SECRET,
                     "SLACK_API_URL": slack.api_url, "NEWSDESK_DB": str(db_path),
                     "NEWSDESK_DIGEST_CHART": "off", "PORT": str(self.port), **env}
        self.http = SlackHTTP(f"http://127.0.0.1:{self.port}", slack)
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", *self.args], cwd=ROOT, env=self.env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(self.http.base + "/healthz", timeout=2) as resp:
                    if resp.status == 200:
                        return
            except OSError:
                pass
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise AssertionError("gunicorn did not come up")
            time.sleep(0.2)

    def kill(self) -> None:
        """kill -9 of the whole web process (master and worker), as a crash or OOM would."""
        assert self.proc is not None
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)


@contextlib.contextmanager
def procfile_server(slack: FakeSlack, db_path: Path, *, serve: bool = False,
                    **env: str) -> Iterator[Server]:
    server = Server(slack, db_path, serve=serve, **env)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def rows(db_path: Path, sql: str, params: list | None = None) -> list[dict]:
    db = open_db(db_path)
    try:
        return list(db.query(sql, params or []))
    finally:
        db.close()


def wait_until(check, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout}s: {what}")
        time.sleep(0.2)

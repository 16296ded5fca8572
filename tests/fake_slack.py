"""A fake Slack Web API on 127.0.0.1 (port 0), run in a thread, recording every call.

    with FakeSlack() as slack:
        client = WebClient(token="xoxb-test", base_url=slack.api_url)
        slack.fail_next("chat.postMessage", status=429, retry_after=1)
        ...
        calls = slack.wait_for("/response/1")

Serves auth.test, chat.postMessage, chat.postEphemeral, files.info, conversations.replies and
files_upload_v2's three steps (files.getUploadURLExternal, the upload URL /upload/<id>,
files.completeUploadExternal) under /api/, response_url POSTs at /response/<id>, and file
downloads (GET /files/<id>/<name>, 403 unless `Authorization: Bearer <bot token>`). It can be
told to answer the next call to a method with an HTTP status (429 with Retry-After) or with a
Slack error.

    slack.add_file("F1", "report.txt", b"...", channel="C1", ts="1700000000.000100")
    slack.add_message("C1", "1700000000.000100", "date: 2016-11-02")
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlparse


@dataclass
class Call:
    path: str  # "/api/chat.postMessage" or "/response/<id>"
    method: str  # the Web API method ("chat.postMessage") or "response"
    params: dict[str, Any]
    headers: dict[str, str]
    status: int = 200


@dataclass
class _Failure:
    status: int = 200
    error: str | None = None
    retry_after: int | None = None


@dataclass
class FakeFile:
    id: str
    name: str
    content: bytes
    size: int
    filetype: str
    channel: str
    ts: str
    host: str | None = None


@dataclass
class FakeSlack:
    calls: list[Call] = field(default_factory=list)
    bot_token: str = "xoxb-test-token-0000"
    files: dict[str, FakeFile] = field(default_factory=dict)
    messages: dict[tuple[str, str], str] = field(default_factory=dict)
    _failures: dict[str, list[_Failure]] = field(default_factory=dict)
    _changed: threading.Condition = field(default_factory=threading.Condition)

    def __post_init__(self) -> None:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    # -------------------------------------------------------------- lifecycle

    def __enter__(self) -> FakeSlack:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def response_url(self, name: str) -> str:
        return f"{self.url}/response/{name}"

    # -------------------------------------------------------------- behaviour

    def fail_next(self, method: str, *, status: int = 429, retry_after: int | None = 1) -> None:
        """Answer the next call of `method` with HTTP `status` (429 carries Retry-After)."""
        self._failures.setdefault(method, []).append(_Failure(status, None, retry_after))

    def error_next(self, method: str, error: str) -> None:
        """Answer the next call of `method` with `{"ok": false, "error": error}`."""
        self._failures.setdefault(method, []).append(_Failure(200, error))

    def add_file(self, file_id: str, name: str, content: bytes, *, channel: str, ts: str,
                 size: int | None = None, filetype: str | None = None,
                 host: str | None = None) -> FakeFile:
        """A file files.info describes and /files/ serves (`size` may claim more than it holds;
        `host` names this server by another host name in the download URL)."""
        kind = filetype or (name.rsplit(".", 1)[-1].lower() if "." in name else "binary")
        fake = FakeFile(file_id, name, content, len(content) if size is None else size, kind,
                        channel, ts, host)
        self.files[file_id] = fake
        return fake

    def add_message(self, channel: str, ts: str, text: str) -> None:
        """A message conversations.replies returns (e.g. the one a file was shared with)."""
        self.messages[(channel, ts)] = text

    def download_url(self, file_id: str) -> str:
        fake = self.files[file_id]
        base = self.url if fake.host is None else self.url.replace("127.0.0.1", fake.host)
        return f"{base}/files/{fake.id}/{fake.name}"

    # -------------------------------------------------------------- inspection

    def calls_to(self, method_or_path: str) -> list[Call]:
        with self._changed:
            return [
                c for c in self.calls if c.method == method_or_path or c.path == method_or_path
            ]

    def wait_for(self, method_or_path: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        """The calls to `method_or_path` once there are `count` of them; AssertionError on timeout."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [
                    c for c in self.calls if c.method == method_or_path or c.path == method_or_path
                ]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [c.path for c in self.calls]
                    raise AssertionError(f"{count} call(s) to {method_or_path} not seen; got {seen}")
                self._changed.wait(left)

    def _answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        if method == "files.info":
            fake = self.files.get(str(params.get("file")))
            if fake is None:
                return {"ok": False, "error": "file_not_found"}
            return {"ok": True, "file": {
                "id": fake.id, "name": fake.name, "title": fake.name, "size": fake.size,
                "filetype": fake.filetype, "url_private": self.download_url(fake.id),
                "url_private_download": self.download_url(fake.id),
                "shares": {"public": {fake.channel: [{"ts": fake.ts}]}},
            }}
        if method == "conversations.replies":
            channel, ts = str(params.get("channel")), str(params.get("ts"))
            messages = [{"ts": t, "text": text} for (c, t), text in sorted(self.messages.items())
                        if c == channel and (t == ts)]
            return {"ok": True, "messages": messages, "has_more": False}
        return _answer(method, params, self.url)

    # -------------------------------------------------------------- HTTP

    def _record(self, call: Call) -> None:
        with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    def _take_failure(self, method: str) -> _Failure | None:
        with self._changed:
            queue = self._failures.get(method)
            return queue.pop(0) if queue else None

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                path = urlparse(self.path).path
                headers = {k.lower(): v for k, v in self.headers.items()}
                parts = path.split("/")
                fake_file = fake.files.get(parts[2]) if len(parts) > 3 and parts[1] == "files" else None
                if fake_file is None:
                    fake._record(Call(path, "download", {}, headers, 404))
                    self._send(404, "not found", "text/plain")
                    return
                if headers.get("authorization") != f"Bearer {fake.bot_token}":
                    fake._record(Call(path, "download", {}, headers, 403))
                    self._send(403, "<html>sign in</html>", "text/html")
                    return
                fake._record(Call(path, "download", {}, headers))
                self._send_bytes(200, fake_file.content, "application/octet-stream")

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length") or 0)
                data = self.rfile.read(length)
                path = urlparse(self.path).path
                if path.startswith("/upload/"):  # files_upload_v2's upload URL: raw bytes
                    headers = {k.lower(): v for k, v in self.headers.items()}
                    fake._record(Call(path, "upload", {"bytes": data}, headers))
                    self._send(200, "OK - uploaded", "text/plain")
                    return
                raw = data.decode("utf-8")
                params = _parse_body(raw, self.headers.get("Content-Type", ""))
                params.update(dict(parse_qsl(urlparse(self.path).query)))
                headers = {k.lower(): v for k, v in self.headers.items()}
                if path.startswith("/response/"):
                    fake._record(Call(path, "response", params, headers))
                    self._send(200, "ok", "text/plain")
                    return
                method = path.removeprefix("/api/")
                failure = fake._take_failure(method)
                if failure and failure.status != 200:
                    fake._record(Call(path, method, params, headers, failure.status))
                    extra = {"Retry-After": str(failure.retry_after)} if failure.retry_after else {}
                    self._send(failure.status, json.dumps({"ok": False, "error": "ratelimited"}),
                               "application/json", extra)
                    return
                fake._record(Call(path, method, params, headers))
                if failure and failure.error:
                    body: dict[str, Any] = {"ok": False, "error": failure.error}
                else:
                    body = fake._answer(method, params)
                self._send(200, json.dumps(body), "application/json")

            def _send(
                self, status: int, body: str, kind: str, extra: dict[str, str] | None = None
            ) -> None:
                self._send_bytes(status, body.encode("utf-8"), kind, extra)

            def _send_bytes(
                self, status: int, data: bytes, kind: str, extra: dict[str, str] | None = None
            ) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                for key, value in (extra or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

        return Handler


def _parse_body(raw: str, content_type: str) -> dict[str, Any]:
    if not raw:
        return {}
    if "json" in content_type:
        return json.loads(raw)
    return dict(parse_qsl(raw, keep_blank_values=True))


def _answer(method: str, params: dict[str, Any], base: str = "") -> dict[str, Any]:
    if method == "auth.test":
        return {
            "ok": True, "url": "https://fake.slack.com/", "team": "Fake", "user": "newsdesk",
            "team_id": "T0FAKE", "user_id": "U0BOT", "bot_id": "B0BOT",
        }
    if method in ("chat.postMessage", "chat.postEphemeral"):
        return {"ok": True, "channel": params.get("channel"), "ts": f"{time.time():.6f}",
                "message": {"text": params.get("text"), "blocks": params.get("blocks")}}
    if method == "files.getUploadURLExternal":
        file_id = f"F{int(time.time() * 1e6)}"
        return {"ok": True, "upload_url": f"{base}/upload/{file_id}", "file_id": file_id}
    if method == "files.completeUploadExternal":
        files = json.loads(params.get("files") or "[]")
        return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}
    return {"ok": False, "error": "unknown_method"}

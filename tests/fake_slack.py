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
Slack error, and to inject faults per method (`fault`): 429, 500, a connection dropped after
the call was received and acted on, or a reply slower than the client waits (timeout).

Messages posted with chat.postMessage are kept (with their `metadata`) and come back from
conversations.history / conversations.replies, as Slack's would; `visible(path)` is what a
response_url shows after `replace_original` / `delete_original`. Both are what "delivered
exactly once" is counted on.

    slack.fault("chat.postMessage", "drop")        # received, posted, then the socket closes
    slack.fault("response", "timeout", hang=3.0)   # received, answered after 3 s
    slack.fault("download", "500", times=2)

    slack.add_file("F1", "report.txt", b"...", channel="C1", ts="1700000000.000100")
    slack.add_message("C1", "1700000000.000100", "date: 2016-11-02")
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlparse


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up (the bot's timeout after an injected hang) is no error here."""


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
    kind: str = ""  # "drop" | "timeout": the call is acted on, then the reply is lost or late
    hang: float = 0.0


FAULTS = ("429", "500", "drop", "timeout")


@dataclass
class Message:
    """A message as the fake channel holds it (posted by chat.postMessage)."""

    channel: str
    ts: str
    text: str
    thread_ts: str = ""
    blocks: Any = None
    metadata: dict[str, Any] | None = None


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
    posted: list[Message] = field(default_factory=list)
    shared_files: dict[str, list[str]] = field(default_factory=dict)  # uploaded id -> channels
    responses: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    socket_url: str = ""  # what apps.connections.open answers (tests/fake_socket_mode.py)
    _failures: dict[str, list[_Failure]] = field(default_factory=dict)
    _changed: threading.Condition = field(default_factory=threading.Condition)
    _ts: int = 0

    def __post_init__(self) -> None:
        self._server = _QuietServer(("127.0.0.1", 0), self._handler_class())
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

    def fault(self, method: str, kind: str, *, times: int = 1, retry_after: int = 1,
              hang: float = 3.0) -> None:
        """Inject `kind` (one of FAULTS) into the next `times` calls of `method`.

        `method` is a Web API method, "response" (response_url POSTs), "download" (file GETs)
        or "upload" (files_upload_v2's upload URL). "drop" and "timeout" happen *after* the
        call is acted on (the message is posted), which is what makes them ambiguous.
        """
        failure = {
            "429": _Failure(429, None, retry_after),
            "500": _Failure(500, None, None),
            "drop": _Failure(200, None, None, "drop"),
            "timeout": _Failure(200, None, None, "timeout", hang),
        }[kind]
        for _ in range(times):
            self._failures.setdefault(method, []).append(failure)

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

    def messages_in(self, channel: str, thread_ts: str | None = None) -> list[Message]:
        """Messages posted in `channel` (in the thread `thread_ts` when given)."""
        with self._changed:
            return [m for m in self.posted if m.channel == channel
                    and (thread_ts is None or m.thread_ts == thread_ts)]

    def charts_in(self, channel: str) -> list[str]:
        """Ids of the uploaded files shared in `channel` (once per share)."""
        with self._changed:
            return [f for f, channels in self.shared_files.items() for c in channels
                    if c == channel]

    def visible(self, path: str) -> list[dict[str, Any]]:
        """What the user sees from the response_url `path`: replaced and deleted ones are gone."""
        with self._changed:
            return list(self.responses.get(path, []))

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
        if method == "apps.connections.open" and self.socket_url:
            return {"ok": True, "url": self.socket_url}
        if method == "files.info" and str(params.get("file")) in self.shared_files:
            file_id = str(params.get("file"))
            return {"ok": True, "file": {"id": file_id, "shares": {"public": {
                c: [{"ts": "1.0"}] for c in self.shared_files[file_id]}}}}
        if method == "files.completeUploadExternal":
            files = params.get("files")
            files = json.loads(files) if isinstance(files, str) else files or []
            with self._changed:
                for f in files:
                    self.shared_files.setdefault(f["id"], []).append(str(params.get("channel_id")))
            return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}
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
            messages += [self._shown(m, params) for m in self.messages_in(channel, ts)]
            return {"ok": True, "messages": messages, "has_more": False}
        if method == "conversations.history":
            channel = str(params.get("channel"))
            oldest = float(params.get("oldest") or 0)
            found = [self._shown(m, params) for m in reversed(self.messages_in(channel))
                     if not m.thread_ts and float(m.ts) >= oldest]
            return {"ok": True, "messages": found, "has_more": False}
        if method == "chat.postMessage":
            return self._post_message(params)
        return _answer(method, params, self.url)

    def _post_message(self, params: dict[str, Any]) -> dict[str, Any]:
        with self._changed:
            self._ts += 1
            ts = f"{int(time.time())}.{self._ts:06d}"
            metadata = params.get("metadata")
            if isinstance(metadata, str):
                metadata = json.loads(metadata)
            message = Message(str(params.get("channel")), ts, str(params.get("text") or ""),
                              str(params.get("thread_ts") or ""), params.get("blocks"), metadata)
            self.posted.append(message)
        return {"ok": True, "channel": message.channel, "ts": ts,
                "message": {"text": message.text, "blocks": message.blocks}}

    @staticmethod
    def _shown(message: Message, params: dict[str, Any]) -> dict[str, Any]:
        shown: dict[str, Any] = {"ts": message.ts, "text": message.text}
        if message.thread_ts:
            shown["thread_ts"] = message.thread_ts
        if message.metadata and str(params.get("include_all_metadata")).lower() in ("1", "true"):
            shown["metadata"] = message.metadata
        return shown

    def _respond(self, path: str, params: dict[str, Any]) -> None:
        """A response_url POST, as the user sees it: appended, replacing, or deleting."""
        with self._changed:
            shown = self.responses.setdefault(path, [])
            if _truthy(params.get("delete_original")):
                if shown:
                    shown.pop()
            elif _truthy(params.get("replace_original")) and shown:
                shown[-1] = params
            else:
                shown.append(params)

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
                failure = fake._take_failure("download") if fake_file is not None else None
                if failure and failure.status != 200:
                    fake._record(Call(path, "download", {}, headers, failure.status))
                    extra = {"Retry-After": str(failure.retry_after)} if failure.retry_after else {}
                    self._send(failure.status, "busy", "text/plain", extra)
                    return
                if fake_file is None:
                    fake._record(Call(path, "download", {}, headers, 404))
                    self._send(404, "not found", "text/plain")
                    return
                if headers.get("authorization") != f"Bearer {fake.bot_token}":
                    fake._record(Call(path, "download", {}, headers, 403))
                    self._send(403, "<html>sign in</html>", "text/html")
                    return
                fake._record(Call(path, "download", {}, headers))
                if self._lose_reply(failure):
                    return
                self._send_bytes(200, fake_file.content, "application/octet-stream")

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length") or 0)
                data = self.rfile.read(length)
                path = urlparse(self.path).path
                headers = {k.lower(): v for k, v in self.headers.items()}
                if path.startswith("/upload/"):  # files_upload_v2's upload URL: raw bytes
                    if self._refused("upload", path, {"bytes": data}, headers):
                        return
                    failure = fake._take_failure("upload")
                    fake._record(Call(path, "upload", {"bytes": data}, headers))
                    if not self._lose_reply(failure):
                        self._send(200, "OK - uploaded", "text/plain")
                    return
                raw = data.decode("utf-8")
                params = _parse_body(raw, self.headers.get("Content-Type", ""))
                params.update(dict(parse_qsl(urlparse(self.path).query)))
                if path.startswith("/response/"):
                    if self._refused("response", path, params, headers):
                        return
                    failure = fake._take_failure("response")
                    fake._record(Call(path, "response", params, headers))
                    fake._respond(path, params)
                    if not self._lose_reply(failure):
                        self._send(200, "ok", "text/plain")
                    return
                method = path.removeprefix("/api/")
                if self._refused(method, path, params, headers):
                    return
                failure = fake._take_failure(method)
                fake._record(Call(path, method, params, headers))
                if failure and failure.error:
                    body: dict[str, Any] = {"ok": False, "error": failure.error}
                else:
                    body = fake._answer(method, params)
                if not self._lose_reply(failure):
                    self._send(200, json.dumps(body), "application/json")

            def _refused(self, method: str, path: str, params: dict[str, Any],
                         headers: dict[str, str]) -> bool:
                """Answer a queued 429/5xx for `method` (nothing is acted on); True if one was."""
                with fake._changed:
                    queue = fake._failures.get(method) or []
                    if not queue or queue[0].status == 200:
                        return False
                    failure = queue.pop(0)
                fake._record(Call(path, method, params, headers, failure.status))
                extra = {"Retry-After": str(failure.retry_after)} if failure.retry_after else {}
                error = "ratelimited" if failure.status == 429 else "internal_error"
                self._send(failure.status, json.dumps({"ok": False, "error": error}),
                           "application/json", extra)
                return True

            def _lose_reply(self, failure: _Failure | None) -> bool:
                """After acting on a call: drop the connection, or answer too late. True if dropped."""
                if failure is None or not failure.kind:
                    return False
                if failure.kind == "timeout":
                    time.sleep(failure.hang)
                    return False
                self.close_connection = True
                with contextlib.suppress(OSError):
                    self.connection.shutdown(socket.SHUT_RDWR)
                return True

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


def _truthy(value: Any) -> bool:
    return value is True or str(value).lower() in ("1", "true")


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
    if method == "chat.postEphemeral":
        return {"ok": True, "channel": params.get("channel"), "ts": f"{time.time():.6f}",
                "message": {"text": params.get("text"), "blocks": params.get("blocks")}}
    if method == "files.getUploadURLExternal":
        file_id = f"F{int(time.time() * 1e6)}"
        return {"ok": True, "upload_url": f"{base}/upload/{file_id}", "file_id": file_id}
    if method == "files.completeUploadExternal":
        files = json.loads(params.get("files") or "[]")
        return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}
    return {"ok": False, "error": "unknown_method"}

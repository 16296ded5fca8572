"""Files shared in Slack, added to the corpus with the same pipeline as `newsdesk ingest`.

    answer = receive_file(ctx, client, FileShare(file_id="F1", channel="C1", ts="1.2", text="…"),
                          bot_user_id="U0BOT")
    if answer:  # post answer.reply in the thread answer.thread_ts

The file is looked up (`files.info`), checked (type, size — before any download), fetched
from `url_private_download` with the bot token, written to a temporary file under its own
name and ingested as `slack:<file id>` (`bot.ingest.ingest_file`), so sharing it again is
"unchanged" and a new version replaces the old. Metadata can ride along in the message text
("date: 2016-11-02, source: Tokyo Foundation", see `bot.pipeline.overrides`). Nothing is stored for a
file that is refused or cannot be read.

Which files get a reply: every file the bot can read (in a channel that may add documents);
files it cannot read only when they were meant for it — in a DM, in a channel listed in
NEWSDESK_INGEST_CHANNELS, or with the bot mentioned — so screenshots in a chatty channel do
not each get a refusal.
"""

from __future__ import annotations

import logging
import tempfile
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import SplitResult, urlsplit

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.answers.common import count
from bot.answers.reply import Reply, context, escape_mrkdwn, notice, section
from bot.config import Settings
from bot.ingest import FileOutcome, ingest_file
from bot.pipeline.dating.display import date_and_kind
from bot.pipeline.extract import SUPPORTED_SUFFIXES
from bot.pipeline.overrides import parse_overrides
from bot.pipeline.sandbox import ParseLimits
from bot.router.context import CommandContext
from bot.router.conversations import first_delivery
from bot.slack.delivery import replaying
from bot.slack.retries import DEFAULT_POLICY, RetryPolicy, read_with_retries
from db.documents import get_document
from db.reads import document_counts

log = logging.getLogger(__name__)

MB = 1024 * 1024
# Slack's file types for files without a telling name.
_FILETYPE_SUFFIX = {"text": ".txt", "markdown": ".md", "html": ".html", "pdf": ".pdf"}
_DOWNLOAD_TIMEOUT = 60
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class FileShare:
    """A file shared in a channel or DM, as the event tells it."""

    file_id: str
    channel: str
    user: str = ""
    ts: str = ""  # the message that shared it; empty when the event does not say (file_shared)
    thread_ts: str = ""  # set when it was shared inside a thread
    text: str | None = None  # the message's text (metadata, mentions); None: not told
    is_dm: bool = False


@dataclass(frozen=True)
class FileAnswer:
    thread_ts: str
    reply: Reply


class Refused(Exception):
    """The file is not taken; the message (safe mrkdwn) says why, for the thread."""


# ---------------------------------------------------------------- pure checks


def file_suffix(info: Mapping[str, Any]) -> str | None:
    """The supported suffix of a file from files.info (by name, else by Slack's file type)."""
    suffix = PurePath(str(info.get("name") or "")).suffix.lower()
    if suffix in SUPPORTED_SUFFIXES:
        return suffix
    if not suffix:
        return _FILETYPE_SUFFIX.get(str(info.get("filetype") or ""))
    return None


def file_problem(info: Mapping[str, Any], max_bytes: int) -> str | None:
    """Why a file cannot be taken (unsupported type, too large), or None. Pure."""
    name = escape_mrkdwn(str(info.get("name") or info.get("title") or "that file"))
    if file_suffix(info) is None:
        kinds = ", ".join(sorted({s for s in SUPPORTED_SUFFIXES if s != ".htm"}))
        return f"I can only add {kinds} files to the documents — not “{name}”."
    size = int(info.get("size") or 0)
    if size > max_bytes:
        return (f"“{name}” is {size / MB:.1f} MB; the largest file I take is "
                f"{max_bytes / MB:g} MB (NEWSDESK_MAX_FILE_MB). Nothing was added.")
    return None


def may_add(settings: Settings, channel: str) -> bool:
    """Documents may be added here: any channel unless NEWSDESK_INGEST_CHANNELS lists some."""
    return not settings.ingest_channels or channel in settings.ingest_channels


def addressed(share: FileShare, settings: Settings, bot_user_id: str | None) -> bool:
    """The file was meant for the bot: a DM, an ingest channel, or the bot mentioned."""
    mentioned = bool(bot_user_id) and f"<@{bot_user_id}" in (share.text or "")
    return share.is_dm or share.channel in settings.ingest_channels or mentioned


def share_position(info: Mapping[str, Any], channel: str) -> tuple[str, str]:
    """(ts, thread_ts) of the message that shared the file in `channel`, from files.info."""
    shares = info.get("shares") or {}
    for scope in ("public", "private"):
        for entry in (shares.get(scope) or {}).get(channel) or ():
            return str(entry.get("ts") or ""), str(entry.get("thread_ts") or "")
    return "", ""


def safe_name(info: Mapping[str, Any], suffix: str) -> str:
    """The file's own name for the temporary copy (the title falls back on it), made safe."""
    name = PurePath(str(info.get("name") or "")).name.strip().lstrip(".")
    name = "".join(ch if ch.isalnum() or ch in " -_.,()" else "_" for ch in name)[:120]
    if not name:
        name = str(info.get("id") or "file")
    if PurePath(name).suffix.lower() != suffix:
        name += suffix
    return name


# ---------------------------------------------------------------- Slack I/O


def trusted_download_url(url: str, api_url: str) -> bool:
    """Only Slack's own HTTPS hosts, or the configured Web API's exact origin (scheme, host and
    port: a test or proxy), ever see the bot token.

    >>> trusted_download_url("https://files.slack.com/files-pri/T1-F1/a.pdf", "https://slack.com/api/")
    True
    >>> trusted_download_url("https://files.slack.com.evil.example/a.pdf", "https://slack.com/api/")
    False
    >>> trusted_download_url("http://127.0.0.1:9999/f", "http://127.0.0.1:8080/api/")
    False
    """
    try:
        parts, api = urlsplit(url), urlsplit(api_url)
        origin = (parts.scheme.lower(), (parts.hostname or "").lower(), _port(parts))
        api_origin = (api.scheme.lower(), (api.hostname or "").lower(), _port(api))
    except ValueError:  # a malformed port ("host:99999", "host:x")
        return False
    scheme, host, port = origin
    if not host or scheme not in ("https", "http"):
        return False
    if origin == api_origin:
        return True
    slack_host = host == "slack.com" or host.endswith(".slack.com")
    return scheme == "https" and port == 443 and slack_host


def _port(parts: SplitResult) -> int | None:
    """The URL's port, the scheme's default when it names none."""
    return parts.port or {"https": 443, "http": 80}.get(parts.scheme.lower())


def download(url: str, token: str, max_bytes: int, *, api_url: str,
             timeout: float = _DOWNLOAD_TIMEOUT, policy: RetryPolicy = DEFAULT_POLICY) -> bytes:
    """The file's bytes, fetched with the bot token; Refused if too large or not served.

    The token goes only to Slack's hosts, and never along a redirect (an unredirected header).
    A 429 (after its Retry-After), a 5xx or a lost connection is tried again until the
    policy's deadline; only a refusal (401, 403, 404) asks whether the app may read files.
    """
    if not url.startswith(("https://", "http://")):
        raise Refused("Slack gave no address to download that file from.")
    if not trusted_download_url(url, api_url):
        log.warning("file download refused: untrusted host in %r", urlsplit(url).hostname)
        raise Refused("That file's address is not on Slack, so I did not download it.")
    try:
        return read_with_retries(lambda: _fetch(url, token, max_bytes, timeout), "download",
                                 policy=policy)
    except urllib.error.HTTPError as err:
        log.warning("file download refused status=%s", err.code)
        if err.code == 429 or err.code >= 500:
            raise Refused(f"Slack could not serve that file just now (HTTP {err.code}); "
                          "please share it again in a little while.") from None
        raise Refused(f"Slack would not let me download that file (HTTP {err.code}). "
                      "Is the app allowed to read files (files:read)?") from None
    except OSError as err:
        log.warning("file download failed: %s", err)
        raise Refused("I could not download that file just now; please share it again.") from None


def _fetch(url: str, token: str, max_bytes: int, timeout: float) -> bytes:
    """One GET of the file with the token in an unredirected header; Refused past max_bytes."""
    request = urllib.request.Request(url)
    request.add_unredirected_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=timeout) as response:
        data = bytearray()
        while chunk := response.read(_CHUNK):
            data += chunk
            if len(data) > max_bytes:
                raise Refused(f"That file is larger than {max_bytes / MB:g} MB "
                              "(NEWSDESK_MAX_FILE_MB). Nothing was added.")
        return bytes(data)


def _message_text(client: WebClient, channel: str, ts: str, thread_ts: str) -> str:
    """The text of the message that shared the file (file_shared events do not carry it)."""
    try:
        response = read_with_retries(lambda: client.conversations_replies(
            channel=channel, ts=thread_ts or ts, limit=50), "conversations.replies")
    except (SlackApiError, OSError) as err:
        log.info("could not read the sharing message: %s", err)
        return ""
    for message in response.get("messages") or ():
        if message.get("ts") == ts:
            return str(message.get("text") or "")
    return ""


def receive_file(
    ctx: CommandContext, client: WebClient, share: FileShare, *, bot_user_id: str | None = None
) -> FileAnswer | None:
    """Add a shared file to the corpus; the reply for its thread, or None to stay silent."""
    settings = ctx.settings
    try:
        info = read_with_retries(lambda: client.files_info(file=share.file_id),
                                 "files.info")["file"]
    except (SlackApiError, OSError) as err:
        log.warning("files.info failed file=%s error=%s", share.file_id, err)
        return None
    ts, thread_ts = share.ts, share.thread_ts
    if not ts:
        ts, thread_ts = share_position(info, share.channel)
    if not ts:
        log.info("file=%s has no message in channel=%s; not answering", share.file_id, share.channel)
        return None
    # file_shared and message/file_share both announce one share: the first one answers
    # (and answers again only as the replay of a request its dead process left unanswered).
    if not first_delivery(ctx, f"file:{share.file_id}:{share.channel}:{ts}") \
            and not replaying.get():
        return None
    if share.text is None:
        share = replace(share, text=_message_text(client, share.channel, ts, thread_ts))
    where = thread_ts or ts
    meant = addressed(share, settings, bot_user_id)
    if not may_add(settings, share.channel):
        if not meant:
            return None
        return FileAnswer(where, notice(
            "Documents are not added from this channel. Share the file in one of the channels "
            "set for it, or in a DM.", error=True, ephemeral=False))
    max_bytes = int(settings.max_file_mb * MB)
    problem = file_problem(info, max_bytes)
    if problem:
        if file_suffix(info) is None and not meant:
            return None
        return FileAnswer(where, notice(problem, error=True, ephemeral=False))
    try:
        data = download(str(info.get("url_private_download") or info.get("url_private") or ""),
                        client.token or settings.slack_bot_token, max_bytes,
                        api_url=settings.slack_api_url, timeout=settings.slack_timeout,
                        policy=RetryPolicy(deadline=settings.delivery_deadline))
        outcome = _ingest(ctx, info, data, parse_overrides(share.text or ""))
    except Refused as err:
        return FileAnswer(where, notice(str(err), error=True, ephemeral=False))
    log.info("file ingested file=%s status=%s document=%s user=%s", share.file_id, outcome.status,
             outcome.document_id, share.user)
    return FileAnswer(where, outcome_reply(ctx, outcome, str(info.get("name") or "the file")))


def _ingest(ctx: CommandContext, info: Mapping[str, Any], data: bytes,
            overrides: Mapping[str, str]) -> FileOutcome:
    suffix = file_suffix(info) or ".txt"
    with tempfile.TemporaryDirectory(prefix="newsdesk-slack-") as folder:
        path = Path(folder) / safe_name(info, suffix)
        path.write_bytes(data)
        return ingest_file(ctx.db, path, identity=f"slack:{info['id']}", nlp=ctx.nlp,
                           overrides=overrides, limits=ParseLimits.from_settings(ctx.settings))


_STATUS = {
    "new": "Added as a new document",
    "updated": "Updated — it replaces the earlier version of",
    "unchanged": "Already here, unchanged:",
    "duplicate": "Not added: the same text is already",
}


def outcome_reply(ctx: CommandContext, outcome: FileOutcome, name: str) -> Reply:
    """What the thread is told: title, date and its kind, counts, and new / update / duplicate."""
    if outcome.status == "failed" or outcome.document_id is None:
        text = (f"I could not add “{escape_mrkdwn(name)}”: {escape_mrkdwn(outcome.reason)}. "
                "Nothing was stored.")
        return notice(text, error=True, ephemeral=False)
    row = get_document(ctx.db, outcome.document_id) or {}
    counts = document_counts(ctx.db, outcome.document_id)
    date = escape_mrkdwn(date_and_kind(row.get("date"), row.get("date_kind")))
    title = escape_mrkdwn(row.get("title") or name)
    head = f"{_STATUS[outcome.status]} *{outcome.document_id}*: “{title}”"
    if outcome.status == "duplicate":
        head = f"{_STATUS['duplicate']} document *{outcome.document_id}*, “{title}”."
    facts = [date]
    if row.get("source"):
        facts.append(escape_mrkdwn(row["source"]))
    facts += [count(counts["people"], "person", "people"), count(counts["places"], "place"),
              count(counts["dates"], "date")]
    blocks = (section(head), context(" · ".join(facts)),
              context("Wrong date or source? An admin can fix it: "
                      f"`/newsdesk set {outcome.document_id} date=YYYY-MM-DD source=…`"))
    return Reply(blocks=blocks, text=f"{_STATUS[outcome.status]} {outcome.document_id}",
                 ephemeral=False)


"""Replies are data: a `Reply` is built once and rendered for Slack or for the terminal.

Answers are made of Block Kit blocks (plain dicts) built with the small builders here
(`header`, `section`, `context`, `divider`, `buttons`, `link`). Text taken from documents is
untrusted: it goes through `escape_mrkdwn` (the project's one escaping function) so an article
can never ping a channel, mention a user or smuggle a link. Block Kit's size limits are
enforced in one place, `to_slack`, which truncates with an ellipsis instead of failing.

    >>> reply = Reply(blocks=(section("*Ada* (" + escape_mrkdwn("<!here>") + ")"),), text="Ada")
    >>> render_text(reply)
    'Ada (<!here>)'
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Block = dict[str, Any]

# Block Kit limits (https://api.slack.com/reference/block-kit/blocks).
MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_SECTION_FIELDS = 10
MAX_FIELD_TEXT = 2000
MAX_HEADER_TEXT = 150
MAX_CONTEXT_ELEMENTS = 10
MAX_CONTEXT_TEXT = 2000
MAX_ACTION_ELEMENTS = 25
MAX_BUTTON_TEXT = 75
MAX_ACTION_ID = 255
MAX_BUTTON_VALUE = 2000
MAX_BLOCK_ID = 255
MAX_FALLBACK_TEXT = 40_000
ELLIPSIS = "…"

# action_ids of the buttons every answer may carry; handlers/actions listens for these.
MORE_ACTION = "newsdesk_more"
SHARE_ACTION = "newsdesk_share"
# "Did you mean …" buttons: each asks a command again with another query (a page token).
# Slack wants action_ids unique within a message, so each carries a suffix: PICK_ACTION_<n>.
PICK_ACTION = "newsdesk_pick"
# "Export" buttons on /timeline and /who answers: EXPORT_ACTION_<format> (csv, json, timelinejs);
# the value is the page token of the answer to export.
EXPORT_ACTION = "newsdesk_export"

# The zero-width joiner keeps "@channel" readable while Slack no longer sees a broadcast.
_ZWJ = "\u200d"
_BROADCAST = re.compile(r"@(?=(channel|here|everyone)\b)", re.IGNORECASE)
# Formatting characters in untrusted text are swapped for look-alikes that Slack never parses,
# so an asterisk in one excerpt cannot pair with one in the next and bold half the answer.
# Underscores inside words ("snake_case") cannot open italics, so only those at a word edge go.
_LOOKALIKES = {"*": "\u2217", "~": "\u223c", "`": "\u02cb"}
_EDGE_UNDERSCORE = re.compile(r"(?<!\w)_+|_+(?!\w)")  # a run at an edge goes whole
_UNDERSCORE_LOOKALIKE = "\uff3f"
_LOOKALIKE_BACK = {v: k for k, v in _LOOKALIKES.items()} | {_UNDERSCORE_LOOKALIKE: "_"}


def escape_mrkdwn(text: str) -> str:
    """Make untrusted text safe to put inside mrkdwn: no pings, no links, no formatting.

    >>> escape_mrkdwn("<!channel> *hi* @here")
    '&lt;!channel&gt; \u2217hi\u2217 @\u200dhere'
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # Underscores first: "@channel_" must lose its edge underscore before the broadcast check.
    text = _EDGE_UNDERSCORE.sub(lambda m: _UNDERSCORE_LOOKALIKE * len(m.group()), text)
    text = _BROADCAST.sub("@" + _ZWJ, text)
    return text.translate(str.maketrans(_LOOKALIKES))


@dataclass(frozen=True)
class PageToken:
    """What a "More" or "Share" button needs to rebuild an answer: command, query, page."""

    command: str
    query: str
    page: int = 0

    def encode(self) -> str:
        return json.dumps({"c": self.command, "q": self.query, "p": self.page}, ensure_ascii=False)


def page_token(command: str, query: str, page: int) -> str:
    """The button value for page `page` (0-based) of `command query`.

    A query function whose answer has a next page sets
    `Reply(..., more_token=page_token("search", query, page + 1))`.
    """
    return PageToken(command, query, page).encode()


def parse_token(value: str | None) -> PageToken | None:
    """Read a button value back; None for anything that is not a token we wrote."""
    try:
        data = json.loads(value or "")
        token = PageToken(str(data["c"]), str(data["q"]), int(data["p"]))
    except (ValueError, TypeError, KeyError):
        return None
    return token if token.page >= 0 else None


@dataclass(frozen=True)
class Reply:
    """One answer. `blocks` are Block Kit dicts; `text` is the notification/fallback text.

    `more_token` (see `page_token`) adds a "More" button; `share` holds the token that
    re-creates this answer for the "Share in channel" button (the router fills it in);
    `ephemeral` answers are seen only by the asker.
    """

    blocks: tuple[Block, ...] = ()
    text: str = ""
    ephemeral: bool = True
    more_token: str | None = None
    share: str | None = None
    error: bool = False


def notice(text: str, *, error: bool = False, ephemeral: bool = True) -> Reply:
    """A one-paragraph reply: refusals, confirmations, "nothing found". `text` is mrkdwn that is
    already safe (anything from a user or a document in it went through `escape_mrkdwn`)."""
    return Reply(blocks=(section(text),), text=_plain(text), error=error, ephemeral=ephemeral)


# ---------------------------------------------------------------- builders


def _mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text}


def header(text: str) -> Block:
    """A header block. Its text is plain (Slack never parses it), so pass it unescaped."""
    return {"type": "header", "text": {"type": "plain_text", "text": text, "emoji": True}}


def section(text: str, *, fields: Sequence[str] = ()) -> Block:
    """A section of mrkdwn; escape any untrusted part with `escape_mrkdwn` first."""
    block: Block = {"type": "section", "text": _mrkdwn(text or " ")}
    if fields:
        block["fields"] = [_mrkdwn(f) for f in fields]
    return block


def context(*texts: str) -> Block:
    """Small grey lines (sources, dates, counts)."""
    return {"type": "context", "elements": [_mrkdwn(t or " ") for t in texts]}


def divider() -> Block:
    return {"type": "divider"}


def button(text: str, action_id: str, value: str, *, style: str | None = None) -> Block:
    element: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": text, "emoji": True},
        "action_id": action_id,
        "value": value,
    }
    if style:
        element["style"] = style
    return element


def buttons(*elements: Block, block_id: str | None = None) -> Block:
    """An actions block holding the given `button(...)` elements."""
    block: Block = {"type": "actions", "elements": list(elements)}
    if block_id:
        block["block_id"] = block_id
    return block


_SAFE_URL = re.compile(r"^https?://[^\s<>|]+$", re.IGNORECASE)


def link(url: str | None, text: str) -> str:
    """A mrkdwn link to `url` labelled with (escaped) `text`; just the text if the URL is unsafe."""
    label = escape_mrkdwn(text)
    if url and _SAFE_URL.match(url):
        return f"<{url.replace('&', '&amp;')}|{label}>"
    return label


# ---------------------------------------------------------------- Slack rendering


def _truncate(text: str, limit: int) -> str:
    """Cut `text` to `limit` characters with an ellipsis, never inside `<...>` or `&...;`."""
    if len(text) <= limit:
        return text
    cut = max(0, limit - len(ELLIPSIS))
    opened = text.rfind("<", 0, cut)
    if opened != -1 and text.find(">", opened, cut) == -1:
        cut = opened
    amp = text.rfind("&", max(0, cut - 6), cut)
    if amp != -1 and text.find(";", amp, cut) == -1:
        cut = amp
    return text[:cut] + ELLIPSIS


def _fit_text(obj: Mapping[str, Any], limit: int) -> dict[str, Any]:
    out = dict(obj)
    out["text"] = _truncate(str(out.get("text", "")), limit)
    return out


def _fit_block(block: Block) -> Block:
    """A copy of `block` within Block Kit's per-block limits."""
    out = dict(block)
    kind = out.get("type")
    if "block_id" in out:
        out["block_id"] = str(out["block_id"])[:MAX_BLOCK_ID]
    if kind == "header":
        out["text"] = _fit_text(out["text"], MAX_HEADER_TEXT)
    elif kind == "section":
        if "text" in out:
            out["text"] = _fit_text(out["text"], MAX_SECTION_TEXT)
        if "fields" in out:
            out["fields"] = [_fit_text(f, MAX_FIELD_TEXT) for f in out["fields"][:MAX_SECTION_FIELDS]]
    elif kind == "context":
        elements = out["elements"][:MAX_CONTEXT_ELEMENTS]
        out["elements"] = [
            _fit_text(e, MAX_CONTEXT_TEXT) if "text" in e else e for e in elements
        ]
    elif kind == "actions":
        out["elements"] = [_fit_button(e) for e in out["elements"][:MAX_ACTION_ELEMENTS]]
    return out


def _fit_button(element: Block) -> Block:
    out = dict(element)
    if element.get("type") != "button":
        return out
    out["text"] = _fit_text(out["text"], MAX_BUTTON_TEXT)
    out["action_id"] = str(out["action_id"])[:MAX_ACTION_ID]
    if "value" in out:
        value = str(out["value"])
        # A cut token would not parse; a button without its token is better than no message.
        out["value"] = value if len(value) <= MAX_BUTTON_VALUE else ""
    return out


def _reply_buttons(reply: Reply) -> list[Block]:
    elements = []
    if reply.more_token:
        elements.append(button("More", MORE_ACTION, reply.more_token))
    if reply.share and reply.ephemeral:
        elements.append(button("Share in channel", SHARE_ACTION, reply.share, style="primary"))
    return [buttons(*elements, block_id="newsdesk_buttons")] if elements else []


def to_slack(reply: Reply) -> dict[str, Any]:
    """The message payload (blocks, text, response_type) within every Block Kit limit."""
    tail = _reply_buttons(reply)
    blocks = list(reply.blocks)
    room = MAX_BLOCKS - len(tail)
    if len(blocks) > room:
        hidden = len(blocks) - (room - 1)
        blocks = blocks[: room - 1] + [context(f"{ELLIPSIS} {hidden} more blocks not shown")]
    blocks = [_fit_block(b) for b in blocks + tail]
    # Slack parses the fallback text as mrkdwn too (it is the notification): escape it whole.
    fallback = escape_mrkdwn(reply.text or render_text(Reply(blocks=tuple(reply.blocks))))
    return {
        "response_type": "ephemeral" if reply.ephemeral else "in_channel",
        "text": _truncate(fallback or " ", MAX_FALLBACK_TEXT),
        "blocks": blocks,
    }


# ---------------------------------------------------------------- terminal rendering

_LINK = re.compile(r"<([^<>|]+)\|([^<>]*)>")
_BARE_LINK = re.compile(r"<([^<>|]+)>")
_STYLES = [
    re.compile(r"(?<![\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])"),
    re.compile(r"(?<![\w_])_(?=\S)([^_\n]*?\S)_(?![\w_])"),
    re.compile(r"(?<![\w~])~(?=\S)([^~\n]*?\S)~(?![\w~])"),
    re.compile(r"`([^`\n]+)`"),
]


def _plain(mrkdwn: str) -> str:
    """mrkdwn as readable plain text: no style marks, links as "text (url)", entities decoded."""
    text = _LINK.sub(lambda m: m[2] if m[2] == m[1] else f"{m[2]} ({m[1]})", mrkdwn)
    text = _BARE_LINK.sub(r"\1", text)
    for style in _STYLES:
        text = style.sub(r"\1", text)
    text = text.replace(_ZWJ, "").translate(str.maketrans(_LOOKALIKE_BACK))
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _block_lines(block: Mapping[str, Any]) -> Iterable[str]:
    kind = block.get("type")
    if kind == "header":
        title = block["text"]["text"]
        yield title
        yield "=" * min(len(title), 72)
    elif kind == "section":
        if block.get("text"):
            yield _plain(block["text"]["text"])
        for f in block.get("fields", ()):
            yield "  " + _plain(f["text"])
    elif kind == "context":
        texts = [_plain(e["text"]) for e in block.get("elements", ()) if "text" in e]
        yield "  " + " · ".join(texts)
    elif kind == "divider":
        yield "-" * 40
    elif kind == "actions":
        yield "  ".join(f"[{e['text']['text']}]" for e in block.get("elements", ()) if "text" in e)


def render_text(reply: Reply, *, more_hint: str | None = None) -> str:
    """The reply as plain text for a terminal; `more_hint` is shown when there is a next page."""
    lines: list[str] = []
    for block in reply.blocks:
        lines.extend(_block_lines(block))
    if not lines and reply.text:
        lines.append(_plain(reply.text))
    if reply.more_token and more_hint:
        lines.append(more_hint)
    return "\n".join(lines).strip("\n")

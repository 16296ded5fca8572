"""Replies as data: one escaping function, Block Kit limits, the terminal rendering."""

from __future__ import annotations

import json

import pytest

from bot.answers.reply import (
    MAX_BLOCKS,
    MAX_FALLBACK_TEXT,
    MORE_ACTION,
    SHARE_ACTION,
    Reply,
    button,
    buttons,
    context,
    divider,
    escape_mrkdwn,
    header,
    link,
    page_token,
    parse_token,
    render_text,
    section,
    to_slack,
)


@pytest.mark.parametrize(
    "raw",
    ["<!channel>", "<!here>", "<!everyone>", "<@U123ABC>", "<#C999|general>", "<https://x|y>",
     "<!subteam^S1|@team>"],
)
def test_escape_leaves_no_slack_control_sequence(raw):
    escaped = escape_mrkdwn(f"before {raw} after")
    assert "<" not in escaped and ">" not in escaped
    assert render_text(Reply(blocks=(section(escaped),))) == f"before {raw} after"


@pytest.mark.parametrize("word", ["@channel", "@here", "@everyone", "@Channel"])
def test_escape_neutralizes_bare_broadcasts(word):
    escaped = escape_mrkdwn(f"ping {word} now")
    assert word not in escaped
    assert render_text(Reply(blocks=(section(escaped),))) == f"ping {word} now"


def test_escape_keeps_email_like_text_and_inner_underscores():
    assert escape_mrkdwn("mail desk@herald.example, see snake_case") == (
        "mail desk@herald.example, see snake_case"
    )


def test_untrusted_formatting_cannot_pair_across_excerpts():
    text = "*" + escape_mrkdwn("3 * 4 = 12") + "* and " + escape_mrkdwn("_x_ ~y~ `z` 2*")
    assert text.count("*") == 2  # only our own bold marks are left
    assert "_x_" not in text and "~y~" not in text and "`z`" not in text


def test_ampersand_is_escaped_once():
    assert escape_mrkdwn("Smith & Sons &amp;") == "Smith &amp; Sons &amp;amp;"


def test_link_labels_are_escaped_and_bad_urls_dropped():
    assert link("https://news.example/a?b=1&c=2", "A <b>") == (
        "<https://news.example/a?b=1&amp;c=2|A &lt;b&gt;>"
    )
    assert link("javascript:alert(1)", "Click") == "Click"
    assert link("https://x.example/|<!channel>", "t") == "t"


def test_render_text_is_plain():
    reply = Reply(blocks=(
        header("Harbour news"),
        section("*Bold* and _italic_ and " + link("https://h.example/p", "the piece")),
        context("one", "two"),
        divider(),
    ))
    text = render_text(reply)
    assert "Bold and italic and the piece (https://h.example/p)" in text
    assert "*" not in text and "_" not in text
    assert text.startswith("Harbour news\n============")
    assert "one · two" in text


def test_render_text_shows_more_hint_only_when_there_is_more():
    reply = Reply(blocks=(section("a"),), more_token=page_token("search", "a", 1))
    assert render_text(reply, more_hint="(more)").endswith("(more)")
    assert "(more)" not in render_text(Reply(blocks=(section("a"),)), more_hint="(more)")


def test_tokens_round_trip_and_reject_junk():
    token = parse_token(page_token("timeline", "ferry “strike”", 3))
    assert (token.command, token.query, token.page) == ("timeline", "ferry “strike”", 3)
    for junk in (None, "", "x", "[]", '{"c": "who"}', '{"c": "who", "q": "", "p": -1}'):
        assert parse_token(junk) is None


def test_buttons_come_from_flags():
    payload = to_slack(Reply(blocks=(section("a"),), more_token="m", share="s"))
    ids = [e["action_id"] for e in payload["blocks"][-1]["elements"]]
    assert ids == [MORE_ACTION, SHARE_ACTION]
    public = to_slack(Reply(blocks=(section("a"),), share="s", ephemeral=False))
    assert public["response_type"] == "in_channel"
    assert all(b["type"] != "actions" for b in public["blocks"])


def test_giant_reply_fits_every_block_kit_limit():
    long = "word " * 2000 + "<https://x.example|tail>"
    reply = Reply(
        blocks=(
            header("H" * 400),
            context(*[f"c{i}" for i in range(30)]),
            section(long, fields=["f" * 5000] * 15),
            buttons(button("B" * 200, "a" * 400, "v" * 3000)),
            *[section(long) for _ in range(80)],
        ),
        text="t" * 100_000,
        more_token=page_token("search", "q", 1),
        share=page_token("search", "q", 0),
    )
    payload = to_slack(reply)
    blocks = payload["blocks"]
    assert len(blocks) <= MAX_BLOCKS
    assert len(payload["text"]) <= MAX_FALLBACK_TEXT and payload["text"].endswith("…")
    assert len(blocks[0]["text"]["text"]) <= 150
    assert len(blocks[1]["elements"]) <= 10
    assert len(blocks[2]["text"]["text"]) <= 3000 and blocks[2]["text"]["text"].endswith("…")
    assert len(blocks[2]["fields"]) <= 10 and all(len(f["text"]) <= 2000 for f in blocks[2]["fields"])
    element = blocks[3]["elements"][0]
    assert len(element["text"]["text"]) <= 75 and len(element["action_id"]) <= 255
    assert len(element["value"]) <= 2000
    assert blocks[-1]["type"] == "actions"  # the More/Share buttons survive the cut
    assert "more blocks not shown" in json.dumps(blocks[-2])


def test_truncation_never_cuts_inside_a_link_or_entity():
    for filler in range(2980, 3000):
        text = "a" * filler + "<https://x.example|label> &amp; &lt;"
        cut = to_slack(Reply(blocks=(section(text),)))["blocks"][0]["text"]["text"]
        assert len(cut) <= 3000
        assert cut.count("<") == cut.count(">")
        body = cut.removesuffix("…")
        assert not body.endswith(("&", "&a", "&am", "&amp", "&l", "&lt"))


def test_empty_reply_still_has_fallback_text():
    payload = to_slack(Reply(blocks=(section("Only blocks here"),)))
    assert payload["text"] == "Only blocks here"

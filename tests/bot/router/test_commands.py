"""The command router: parsing, validation, dispatch, paging, and errors as polite replies."""

from __future__ import annotations

import json
import logging
from dataclasses import replace

import pytest

from bot.answers.reply import Reply, parse_token, render_text, to_slack
from bot.config import Settings
from bot.queries.text import normalize_query
from bot.router.commands import (
    COMMANDS,
    DOCS_PER_PAGE,
    MAX_QUERY_CHARS,
    CommandContext,
    help_reply,
    run_command,
    run_page,
    share_page,
    slash_commands,
    split_command,
)
from db.connection import open_db


@pytest.fixture
def ctx(db_path) -> CommandContext:
    return CommandContext(db=open_db(db_path), settings=Settings(db_path=db_path))


@pytest.fixture
def queries(monkeypatch):
    """Record what the router passes to the real answers (which still run)."""
    seen: list[tuple[str, str, int]] = []
    for name in ("who", "timeline", "search"):
        command = COMMANDS[name]

        def recording(ctx, query, page, _real=command.answer, _name=name):
            seen.append((_name, query, page))
            return _real(ctx, query, page)

        monkeypatch.setitem(COMMANDS, name, replace(command, answer=recording))
    return seen


def _text(reply: Reply) -> str:
    return render_text(reply)


def _add(ctx, title, **extra):
    ctx.db["documents"].insert({"path": f"/a/{title}", "content_hash": title, "title": title,
                                "body": "b", "words": 10, **extra})


@pytest.mark.parametrize(
    ("line", "expected"),
    [("who Ada", ("who", "Ada")), ("/who  Ada  King", ("who", "Ada  King")),
     ("/newsdesk timeline ferry fares", ("timeline", "ferry fares")), ("", ("help", "")),
     ("/newsdesk", ("help", "")), ("SEARCH tide", ("search", "tide"))],
)
def test_split_command(line, expected):
    assert split_command(line) == expected


def test_umbrella_dispatches_on_its_first_word(ctx, queries):
    run_command(ctx, "/newsdesk", "who Ada Lovelace")
    run_command(ctx, "newsdesk", "timeline ferry fares")
    assert queries == [("who", "Ada Lovelace", 0), ("timeline", "ferry fares", 0)]


def test_help_lists_every_command_with_an_example(ctx):
    text = _text(run_command(ctx, "newsdesk", "help"))
    for cmd in COMMANDS.values():
        assert cmd.usage in text and cmd.example in text
    assert _text(run_command(ctx, "newsdesk", "")) == text


def test_unknown_command_says_so_and_shows_help(ctx):
    reply = run_command(ctx, "newsdesk", "frobnicate <!here>")
    assert reply.error
    assert "frobnicate" in _text(reply) and "/timeline" in _text(reply)
    assert "<!here>" not in json.dumps(to_slack(reply))


@pytest.mark.parametrize("command", ["who", "timeline", "search"])
@pytest.mark.parametrize(
    ("text", "expected"),
    [("", "Tell me what to look for"), ("   ", "Tell me what to look for"),
     ("y" * 10_000, "10,000 characters"), ("y" * (MAX_QUERY_CHARS + 1), "under"),
     ('"', "no letters or digits"), ("*", "no letters or digits"), ("🙂🙂", "no letters or digits"),
     ("\u202e\u202d", "Tell me what to look for")],
)
def test_bad_input_is_refused_with_a_clear_reply(ctx, queries, command, text, expected):
    reply = run_command(ctx, command, text)
    assert expected in _text(reply)
    assert reply.error and reply.share is None
    assert queries == []


@pytest.mark.parametrize("command", ["timeline", "search"])
def test_only_common_words_are_refused_for_topics(ctx, queries, command):
    assert "only common words" in _text(run_command(ctx, command, "The of AND"))
    assert queries == []


def test_who_accepts_names_that_are_common_words(ctx, queries):
    run_command(ctx, "who", "may")
    assert queries == [("who", "may", 0)]


@pytest.mark.parametrize(
    "text", ["NEAR(", "'; DROP TABLE documents; --", "מעבורת בנמל", "ferry\u202e fares\t\n"]
)
def test_odd_but_meaningful_queries_reach_the_query_function_cleaned(ctx, queries, text):
    run_command(ctx, "search", text)
    ((_, query, _),) = queries
    assert query == normalize_query(text)
    assert "\u202e" not in query and "\n" not in query


def test_answers_get_a_share_token_that_recreates_them(ctx, queries):
    reply = run_command(ctx, "search", "ferry fares")
    token = parse_token(reply.share)
    assert (token.command, token.query, token.page) == ("search", "ferry fares", 0)
    assert run_page(ctx, token) == reply


def test_share_page_is_public_without_buttons(ctx, queries):
    reply = run_command(ctx, "who", "Ada <!here>")
    shared = share_page(ctx, parse_token(reply.share))
    assert not shared.ephemeral and shared.share is None and shared.more_token is None
    payload = json.dumps(to_slack(shared))
    assert "Shared answer to" in payload and "<!here>" not in payload


def test_an_exception_becomes_a_polite_logged_reply(ctx, monkeypatch, caplog):
    def broken(ctx, query, page):
        raise IndexError("index out of range in the timeline builder")

    monkeypatch.setitem(COMMANDS, "timeline", replace(COMMANDS["timeline"], answer=broken))
    with caplog.at_level(logging.ERROR):
        reply = run_command(ctx, "timeline", "ferry fares")
    assert reply.error and "Sorry" in _text(reply)
    assert "index out of range" not in _text(reply)
    assert any(r.exc_info for r in caplog.records)


def test_docs_pages_through_every_document(ctx):
    total = DOCS_PER_PAGE * 2 + 3
    for n in range(total):
        _add(ctx, f"Pier {n:02d}", date=f"2022-01-{n + 1:02d}")
    first = run_command(ctx, "newsdesk", "docs")
    assert "Pier 00" in _text(first) and f"Pier {DOCS_PER_PAGE:02d}" not in _text(first)
    seen, reply = [], first
    while True:
        seen += [n for n in range(total) if f"Pier {n:02d}" in _text(reply)]
        if not reply.more_token:
            break
        reply = run_page(ctx, parse_token(reply.more_token))
    assert seen == list(range(total))
    assert "Page 3 of 3" in _text(reply)
    assert "Page 2 of 3" in _text(run_command(ctx, "newsdesk", "docs 2"))


def test_docs_rejects_a_page_that_is_not_a_number(ctx):
    _add(ctx, "Pier")
    assert "takes a page number" in _text(run_command(ctx, "newsdesk", "docs two"))
    # Digits Python calls digits but int() refuses (superscripts, circled numbers).
    for odd in ("²", "①", "2²"):
        assert "takes a page number" in _text(run_command(ctx, "newsdesk", f"docs {odd}"))


def test_docs_shows_estimated_dates_and_escapes_titles(ctx):
    _add(ctx, "Dock <@U42> strike", date="2019", date_kind="estimated", source="Bay *Times*")
    reply = run_command(ctx, "newsdesk", "docs")
    assert "2019 (estimated)" in _text(reply)
    payload = json.dumps(to_slack(reply))
    assert "<@U42>" not in payload and "*Times*" not in payload


def test_docs_on_an_empty_store(ctx):
    assert "No documents" in _text(run_command(ctx, "newsdesk", "docs"))


def test_help_and_registry_agree_with_slash_commands():
    text = _text(help_reply())
    assert all(command in text for command in slash_commands())

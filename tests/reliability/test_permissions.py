"""Failure 7: who may do what. With NEWSDESK_ADMINS set, schedules, digests posted now,
curation, removal and the admin listings are refused to others, politely; nothing changes.
Unset, reading and scheduling stay open (today's behaviour) and removal stays closed.
The bot token goes only to Slack's HTTPS hosts or the exact configured API origin."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest

from bot.config import Settings
from bot.router.commands import curate, run_command
from bot.router.context import CommandContext
from bot.router.schedules import Schedule
from bot.slack.files import trusted_download_url
from db.connection import open_db

ADMIN, OTHER = "U0ADMIN", "U0OTHER"


@dataclass
class _Outcome:
    status: str = "posted"
    error: str | None = None


@dataclass
class RecordingDesk:
    """A digest desk that records what it was asked to do (the router's side of `/digest`)."""

    calls: list[tuple] = field(default_factory=list)

    def post_now(self, channel: str) -> _Outcome:
        self.calls.append(("post", channel))
        return _Outcome()

    def add_schedule(self, channel: str, schedule: Schedule, user: str) -> int:
        self.calls.append(("schedule", channel, user))
        return 1

    def disable_channel(self, channel: str, reason: str) -> list[int]:
        self.calls.append(("off", channel))
        return [1]


@pytest.fixture
def store(db_path):
    db = open_db(db_path)
    db["documents"].insert({"id": 1, "path": "/a.txt", "content_hash": "h1", "title": "Pier opens",
                            "body": "The pier opened.", "words": 3, "format": "txt"})
    db["entities"].insert({"id": 7, "key": "ada lovelace|PERSON", "name": "Ada Lovelace",
                           "label": "PERSON", "mentions": 1, "documents": 1})
    return db


def ctx_for(db, user: str, admins: tuple[str, ...], desk=None) -> CommandContext:
    return CommandContext(db=db, settings=Settings(admins=admins),
                          user_id=user, channel_id="C0CHAN", digests=desk)


GOVERNED = [("digest", ""), ("digest", "schedule daily 09:00"), ("digest", "off"),
            ("newsdesk", "docs"), ("newsdesk", "corrections"), ("newsdesk", "remove 1"),
            ("newsdesk", "set 1 date=2020-01-01")]


@pytest.mark.parametrize(("command", "text"), GOVERNED)
def test_non_admins_are_refused_politely_and_nothing_happens(store, command, text):
    desk = RecordingDesk()
    reply = run_command(ctx_for(store, OTHER, (ADMIN,), desk), command, text)
    assert reply.error and "only the newsdesk admins" in reply.text + str(reply.blocks)
    assert desk.calls == []
    assert store["documents"].count == 1


@pytest.mark.parametrize(("command", "text"), GOVERNED[:5])
def test_admins_may(store, command, text):
    desk = RecordingDesk()
    reply = run_command(ctx_for(store, ADMIN, (ADMIN,), desk), command, text)
    assert not reply.error, reply.text
    assert "only the newsdesk admins" not in str(reply.blocks)


def test_unset_admins_keep_reading_and_scheduling_open_and_removal_closed(store):
    desk = RecordingDesk()
    anyone = ctx_for(store, OTHER, (), desk)
    for command, text in GOVERNED[:5]:
        assert not run_command(anyone, command, text).error, (command, text)
    assert [c[0] for c in desk.calls] == ["post", "schedule", "off"]
    assert run_command(anyone, "newsdesk", "remove 1").error
    assert store["documents"].count == 1


def test_the_terminal_operator_may_list_and_remove(store):
    operator = CommandContext(db=store, settings=Settings(admins=(ADMIN,)), operator=True)
    assert not run_command(operator, "newsdesk", "docs").error
    assert not run_command(operator, "newsdesk", "remove 1").error
    assert store["documents"].count == 0


def test_curation_buttons_are_for_admins_when_set(store):
    click = json.dumps({"k": "not_entity", "e": 7})
    reply = curate(ctx_for(store, OTHER, (ADMIN,)), click)
    assert reply.error and "only the newsdesk admins" in str(reply.blocks)
    assert store["corrections"].count == 0
    curate(ctx_for(store, ADMIN, (ADMIN,)), click)
    assert store["corrections"].count == 1


@pytest.mark.parametrize(("url", "api", "trusted"), [
    ("http://127.0.0.1:9001/files/F1/a.txt", "http://127.0.0.1:9000/api/", False),  # other port
    ("https://127.0.0.1:9000/files/F1/a.txt", "http://127.0.0.1:9000/api/", False),  # other scheme
    ("http://127.0.0.1/files/F1/a.txt", "http://127.0.0.1:9000/api/", False),
    ("http://127.0.0.1:9000/files/F1/a.txt", "http://127.0.0.1:9000/api/", True),
    ("https://slack.com:8443/files/x", "https://slack.com/api/", False),
    ("https://slack.com:443/files/x", "https://slack.com/api/", True),
    ("http://files.slack.com/files-pri/a.pdf", "https://slack.com/api/", False),  # not HTTPS
    ("https://files.slack.com:99999/a.pdf", "https://slack.com/api/", False),  # malformed port
    ("https://files.slack.com@evil.example/a.pdf", "https://slack.com/api/", False),
])
def test_the_token_goes_only_to_the_exact_api_origin_or_slacks_https_hosts(url, api, trusted):
    assert trusted_download_url(url, api) is trusted


def test_a_schedule_from_a_non_admin_over_slack_is_refused_and_not_stored(
        fake_slack, settings, nlp, db_path):
    from bot.slack.app import create_app
    from tests.handlers.conftest import serve

    settings = settings.with_overrides(admins=(ADMIN,))
    with serve(create_app(settings, nlp=nlp), settings, fake_slack) as http:
        _, path = http.command("/digest", "schedule daily 09:00", user_id=OTHER)
        (refused,) = fake_slack.wait_for(path)
        assert "only the newsdesk admins" in refused.params["text"]
        _, path = http.command("/digest", "schedule daily 09:00", user_id=ADMIN)
        (done,) = fake_slack.wait_for(path)
        assert "Scheduled" in done.params["text"]
    rows = list(open_db(db_path).execute("SELECT created_by FROM digest_schedules"))
    assert rows == [(ADMIN,)]

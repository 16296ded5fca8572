"""The Slack manifest, `/newsdesk help` and the README agree on the commands."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.answers.reply import render_text
from bot.router.commands import help_reply, slash_commands

ROOT = Path(__file__).resolve().parent.parent


def _manifest() -> dict:
    return yaml.safe_load((ROOT / "manifest.yml").read_text())


def _manifest_commands() -> list[str]:
    return [c["command"] for c in _manifest()["features"]["slash_commands"]]


def test_manifest_commands_are_the_ones_the_app_answers():
    assert sorted(_manifest_commands()) == sorted(slash_commands())


def test_every_manifest_command_is_in_help():
    text = render_text(help_reply())
    missing = [c for c in _manifest_commands() if c not in text]
    assert missing == []


def test_every_manifest_command_is_in_the_readme():
    path = ROOT / "README.md"
    readme = path.read_text() if path.exists() else ""
    missing = [c for c in _manifest_commands() if c not in readme]
    assert missing == []


def test_manifest_asks_for_what_the_app_uses():
    manifest = _manifest()
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"commands", "chat:write"} <= scopes
    settings = manifest["settings"]
    assert settings["interactivity"]["is_enabled"] is True
    urls = [c.get("url") for c in manifest["features"]["slash_commands"]]
    urls += [settings["interactivity"]["request_url"]]
    assert all(u.endswith("/slack/events") for u in urls)


def test_manifest_subscribes_to_what_the_event_listeners_answer():
    manifest = _manifest()
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"app_mentions:read", "channels:history", "groups:history", "im:history", "im:read",
            "files:read"} <= scopes
    events = manifest["settings"]["event_subscriptions"]
    assert {"app_mention", "message.im", "message.channels", "file_shared"} <= set(
        events["bot_events"])
    assert events["request_url"].endswith("/slack/events")

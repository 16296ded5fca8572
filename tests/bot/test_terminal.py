"""The terminal face: `ask` one line, or a console reading lines (typed or piped)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import Settings
from bot.router.commands import DOCS_PER_PAGE
from bot.terminal import ask, console
from db.connection import open_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def settings(db_path) -> Settings:
    db = open_db(db_path)
    for n in range(DOCS_PER_PAGE + 2):
        db["documents"].insert({"path": f"/a/{n}", "content_hash": str(n), "title": f"Quay {n:02d}",
                                "body": "b", "words": 5, "source": "Bay & <Co>"})
    db.close()
    return Settings(db_path=db_path)


def test_ask_help_is_readable_text(settings):
    text = ask(settings, "help")
    assert "/who NAME" in text and "/newsdesk docs" in text
    assert "*" not in text and "&lt;" not in text


def test_ask_renders_entities_and_pages(settings):
    first = ask(settings, "/newsdesk docs")
    assert "Bay & <Co>" in first and "Quay 00" in first and "Quay 11" not in first
    assert first.endswith("--page 2")
    second = ask(settings, "docs", page=2)
    assert "Quay 11" in second and "Quay 00" not in second and "--page" not in second


def test_ask_json_is_the_slack_payload(settings):
    payload = json.loads(ask(settings, "/newsdesk docs", as_json=True))
    assert payload["response_type"] == "ephemeral"
    assert payload["blocks"][0]["type"] == "header"
    assert "Bay &amp; &lt;Co&gt;" in json.dumps(payload, ensure_ascii=False)


def test_console_reads_lines_until_quit(settings):
    out = io.StringIO()
    lines = "help\n\n/newsdesk docs\nmore\nmore\n/search\nquit\n/newsdesk docs\n"
    assert console(settings, stdin=io.StringIO(lines), stdout=out) == 0
    text = out.getvalue()
    assert "newsdesk>" not in text  # no prompt when input is not a terminal
    assert text.count("Quay 11") == 1 and text.count("Quay 00") == 1
    assert "type “more”" in text
    assert "Nothing more to show." in text
    assert "Tell me what to look for" in text


def test_console_on_piped_stdin(settings):
    code = (
        "import sys; from pathlib import Path; from bot.config import Settings; "
        "from bot.terminal import console; "
        "sys.exit(console(Settings(db_path=Path(sys.argv[1]))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(settings.db_path)], input="who\ndocs 2\n", cwd=ROOT,
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Tell me what to look for" in done.stdout
    assert "Quay 11" in done.stdout
    assert "Traceback" not in done.stderr

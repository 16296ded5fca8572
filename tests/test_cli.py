"""The `newsdesk` command line, run in-process with its own database."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.cli import build_parser, main

ROOT = Path(__file__).resolve().parent.parent

ARTICLE = """Port strike ends after nine days

Published: 14 February 2022

Dock workers in Rotterdam returned to work on Tuesday after union leader Marieke de Vries accepted a 6 percent raise. The strike began last week and halted 40 ships.

Last month, the port authority had warned of delays.
"""


@pytest.fixture
def env(monkeypatch, tmp_path, nlp):
    monkeypatch.setenv("NEWSDESK_DB", str(tmp_path / "cli.sqlite"))
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "strike.txt").write_text(ARTICLE, encoding="utf-8")
    return folder


def test_ingest_docs_set_and_remove(env, capsys):
    assert main(["ingest", str(env)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"1 new, 0 updated, 0 unchanged, 0 duplicate, 0 failed", out)
    assert main(["docs"]) == 0
    listing = capsys.readouterr().out
    assert "Port strike ends after nine days" in listing and "2022-02-14 (dateline)" in listing
    assert main(["docs", "set", "1", "--date", "2022-03-01"]) == 0
    capsys.readouterr()
    main(["docs"])
    assert "2022-03-01 (given)" in capsys.readouterr().out
    assert main(["remove", "1"]) == 0
    assert main(["remove", "1"]) == 2
    assert "no document 1" in capsys.readouterr().out


def test_a_failed_file_sets_the_exit_status(env, capsys):
    (env / "bad.txt").write_bytes(b"\x00\x01\x02" * 100)
    assert main(["ingest", str(env)]) == 1
    assert "1 failed" in capsys.readouterr().out


def test_dates_prints_json_lines(env, capsys):
    assert main(["dates", str(env / "strike.txt")]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    by_text = {r["text"]: r for r in records}
    assert set(records[0]) >= {"start", "end", "text", "type", "value", "granularity"}
    assert by_text["Last month"]["value"] == "2022-01"
    assert main(["dates", str(env / "strike.txt"), "--date", "2022-06-10"]) == 0
    again = {json.loads(x)["text"]: json.loads(x) for x in capsys.readouterr().out.splitlines()}
    assert again["Last month"]["value"] == "2022-05"


def test_bad_date_flag_is_a_clear_error(env, capsys):
    assert main(["dates", str(env / "strike.txt"), "--date", "yesterday"]) == 2
    assert "newsdesk:" in capsys.readouterr().out


def test_every_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for name in sub.choices:
        assert f"newsdesk {name}" in readme, name


def test_ask_answers_without_loading_the_model(env, capsys, monkeypatch):
    assert main(["ingest", str(env)]) == 0
    capsys.readouterr()
    monkeypatch.setenv("NEWSDESK_SPACY_MODEL", "en_no_such_model_xyz")  # would fail if loaded
    assert main(["ask", "who", "de vries"]) == 0
    assert "Marieke de Vries" in capsys.readouterr().out

"""Failure 6: season values ("2003-WI") were read as ISO weeks, so `/timeline winter` and the
digest crashed on any corpus that mentions a winter. Here with a real article and the store."""

from __future__ import annotations

import datetime as dt

from bot.answers.digest import digest_reply
from bot.answers.reply import render_text
from bot.config import Settings
from bot.ingest import ingest_paths
from bot.queries.digest import Period, build_digest
from bot.router.commands import run_command
from bot.router.context import CommandContext
from db.connection import open_db

ARTICLE = """Harbour ice closes the ferry route

March 2, 2004

In the winter of 2003 the harbour of Vardø froze for six weeks, and the ferry route to the
islands closed until the spring.

Harbour master Eva Lund said the winter ice had cost the ferry company two million kroner.
"""


def test_timeline_and_digest_show_a_winter(tmp_path, nlp):
    (tmp_path / "ice.txt").write_text(ARTICLE, encoding="utf-8")
    db = open_db(tmp_path / "ice.sqlite")
    ingest_paths(db, [tmp_path / "ice.txt"], nlp=nlp)
    seasons = [r[0] for r in db.execute("SELECT event_date FROM passages WHERE event_date LIKE '%-WI'")]
    assert seasons, "the article's winter should be dated as a season"
    ctx = CommandContext(db=db, settings=Settings(db_path=tmp_path / "ice.sqlite"))
    reply = run_command(ctx, "timeline", "winter")
    assert not reply.error, render_text(reply)
    assert "winter 2003" in render_text(reply)
    now = dt.datetime.now(dt.UTC)
    digest = build_digest(db, Period.everything(now), now=now)
    assert "winter 2003" in render_text(digest_reply(digest))

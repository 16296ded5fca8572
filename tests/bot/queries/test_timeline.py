"""bot.queries.timeline on documents of its own: what cannot be dated is counted, not hidden."""

from __future__ import annotations

import pytest

from bot.answers.reply import render_text
from bot.answers.timeline import timeline_reply
from bot.queries.timeline import timeline
from bot.regroup import refresh_entities
from db.connection import open_db
from tests.corpus import analyze_text, store

DATED = """Lighthouse keepers strike

March 3, 2019

The lighthouse keepers began a strike on Monday over pay.
"""

# States no date of its own, and its lighthouse sentences name no time.
UNDATED = """Why lighthouses still matter

The lighthouse keepers say their work keeps ships safe. Every lighthouse needs a keeper who knows the coast.
"""


@pytest.fixture(scope="module")
def db(nlp, tmp_path_factory):
    folder = tmp_path_factory.mktemp("timeline")
    db = open_db(folder / "t.sqlite")
    for name, text in (("dated.txt", DATED), ("undated.txt", UNDATED)):
        store(db, analyze_text(nlp, folder, name, text))
    refresh_entities(db)
    return db


def test_passages_without_a_date_are_counted_beside_the_timeline(db):
    t = timeline(db, "lighthouse keepers")
    assert [e.date for e in t.entries] == ["2019-02-25"]  # the Monday before that Sunday
    assert t.undated == 2
    text = render_text(timeline_reply(t))
    assert "2 of the passages found give no date" in text
    assert "/search lighthouse keepers" in text


def test_a_topic_with_only_undated_passages_says_where_to_read_them(db):
    t = timeline(db, "coast")
    assert t.entries == () and t.undated == 1
    text = render_text(timeline_reply(t))
    assert "Nothing dated about “coast”" in text and "1 of the passages found gives no date" in text

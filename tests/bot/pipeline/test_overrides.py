"""Metadata written in a message: "date: 2016-11-02, source: Tokyo Foundation". Pure."""

from __future__ import annotations

import pytest

from bot.pipeline.overrides import parse_overrides


@pytest.mark.parametrize(("text", "expected"), [
    ("date: 2016-11-02, source: Tokyo Foundation",
     {"date": "2016-11-02", "source": "Tokyo Foundation"}),
    ("Here is the report. Date: 2019-03, Source: Harbour Gazette.",
     {"date": "2019-03", "source": "Harbour Gazette"}),
    ("title=Talks resume url=<https://ex.org/a|ex.org/a>",
     {"title": "Talks resume", "url": "https://ex.org/a"}),
    ("source: Smith, Jones & Co", {"source": "Smith, Jones & Co"}),
    ("source: Smith, Jones &amp; Co", {"source": "Smith, Jones & Co"}),
    ("<@U0BOT> title: The big day; author: J. Smith", {"title": "The big day", "authors": "J. Smith"}),
    ("date: 2016\nsource: Reuters\ntitle: Ports reopen", {"date": "2016", "source": "Reuters",
                                                           "title": "Ports reopen"}),
    ("date=2016 source=Reuters title=The big day",
     {"date": "2016", "source": "Reuters", "title": "The big day"}),
    ("published: 2020-01-05", {"date": "2020-01-05"}),
])
def test_metadata_pairs(text, expected):
    assert parse_overrides(text) == expected


@pytest.mark.parametrize("text", [
    "", "Great read, thanks!", "see the update: it is big", "the source of the leak", "mandate: 3",
    "https://example.org/date:2020",
])
def test_plain_chat_has_no_metadata(text):
    assert parse_overrides(text) == {}


def test_later_keys_win_and_empty_values_are_skipped():
    assert parse_overrides("date: , source: A, source: B") == {"source": "B"}

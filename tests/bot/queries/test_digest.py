"""The digest's content: merged themes, names, leads, and the seeds read by behaviour."""

from __future__ import annotations

import datetime as dt

from bot.answers.digest import digest_reply
from bot.answers.reply import render_text, to_slack
from bot.pipeline.themes import PhraseUse, key_themes, same_theme
from bot.queries.digest import Period, build_digest, lead_line
from bot.router.schedules import Schedule, parse_schedule

NOW = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
GENERIC = {"time", "way", "country", "reason", "year", "thing", "people", "world"}


def test_near_duplicates_count_once_and_generic_words_never_lead():
    uses = [
        PhraseUse(1, "economic sanction", 2, "economic sanctions"), PhraseUse(2, "sanction", 1, "sanctions"),
        PhraseUse(3, "financial sanction", 1, "financial sanctions"), PhraseUse(1, "way", 3, "way"),
        PhraseUse(2, "way", 1, "way"), PhraseUse(3, "way", 1, "ways"), PhraseUse(2, "new way", 1, "new way"),
        PhraseUse(4, "harbour crane", 1, "harbour cranes"), PhraseUse(5, "harbour crane", 1, "harbour cranes"),
    ]
    df = {"economic sanction": 1, "sanction": 1, "financial sanction": 1, "way": 9, "new way": 1,
          "harbour crane": 2}
    themes = key_themes(uses, df, 10)
    labels = [t.label for t in themes]
    assert sum("sanction" in label for label in labels) == 1
    sanction = next(t for t in themes if "sanction" in t.label)
    assert sanction.document_count == 3
    assert "harbour cranes" in labels
    assert not any("way" in label for label in labels)
    assert not same_theme("economic sanction", "economic cooperation")


def test_schedules_parse_or_say_what_is_wrong():
    assert parse_schedule("daily 09:00", "Europe/Paris") == Schedule(0, 9, "*", "Europe/Paris")
    assert parse_schedule("weekly monday 7:05 tz=Asia/Tokyo", "UTC") == Schedule(5, 7, "mon", "Asia/Tokyo")
    assert "time zone" in parse_schedule("daily 09:00 tz=Mars/Olympus", "UTC")
    assert "time of day" in parse_schedule("daily 25:00", "UTC")
    assert "day of the week" in parse_schedule("weekly someday 09:00", "UTC")
    assert "daily HH:MM" in parse_schedule("every now and then", "UTC")


def test_lead_drops_the_dateline():
    assert lead_line("OSLO — Ferries resumed.") == "Ferries resumed."


def test_seed_digest_names_the_themes_a_reader_would(seeded):
    db, _ = seeded
    digest = build_digest(db, Period.everything(NOW), now=NOW)
    labels = [t.label.lower() for t in digest.themes]
    assert any("sanction" in label for label in labels)
    assert any("economic cooperation" in label for label in labels)
    assert any("island" in label or "territor" in label for label in labels)
    assert not any(label in GENERIC for label in labels)
    assert all(t.document_count >= 2 and t.excerpt for t in digest.themes)
    places = [n.name for n in digest.names if n.kind == "places"]
    assert "Russia" in places and "China" in places
    assert len(digest.documents) == digest.document_count == 5
    assert all(d.lead for d in digest.documents)
    dates = [e.date for e in digest.events]
    assert dates == sorted(dates, reverse=True)
    payload = to_slack(digest_reply(digest))
    assert len(payload["blocks"]) <= 50
    text = render_text(digest_reply(digest))
    for chrome in ("Subscribe", "Advertisement", "Cookie", "Sign up", "Read more"):
        assert chrome not in text


def test_a_period_with_nothing_new_says_so(seeded):
    db, _ = seeded
    digest = build_digest(db, Period(NOW - dt.timedelta(days=7), NOW), now=NOW)
    assert digest.empty
    assert "No new documents" in render_text(digest_reply(digest))

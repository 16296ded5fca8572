"""Plain-words messages → (command, query); pronouns → the thread's last person. Pure."""

from __future__ import annotations

import pytest

from bot.router.intents import (
    AND,
    MORE,
    Intent,
    clean_message,
    has_pronoun,
    parse_intent,
    resolve_pronouns,
)


@pytest.mark.parametrize(("text", "command", "query"), [
    ("<@U0BOT> who is Koizumi?", "who", "Koizumi"),
    ("who's Abe", "who", "Abe"),
    ("Who’s Abe?", "who", "Abe"),
    ("who was Ada Lovelace", "who", "Ada Lovelace"),
    ("what is the IMF?", "who", "the IMF"),
    ("tell me about NATO", "who", "NATO"),
    ("Tell us more about the Red Cross, please", "who", "the Red Cross"),
    ("timeline of sanctions", "timeline", "sanctions"),
    ("give me a timeline for the port strike", "timeline", "the port strike"),
    ("history of the Kuril islands", "timeline", "the Kuril islands"),
    ("when did Putin visit Japan?", "timeline", "Putin visit Japan"),
    ("what happened with the bridge", "timeline", "the bridge"),
    ("search for oil prices", "search", "oil prices"),
    ("find ferry timetables", "search", "ferry timetables"),
    ("what's new", "digest", ""),
    ("What's new?", "digest", ""),
    ("digest", "digest", ""),
    ("help", "help", ""),
    ("hey, help!", "help", ""),
    ("docs", "docs", ""),
    ("oil prices in Norway", "search", "oil prices in Norway"),
    ("Putin gas pipeline", "search", "Putin gas pipeline"),
])
def test_example_phrasings(text, command, query):
    assert parse_intent(text, bot_user_id="U0BOT") == Intent(command, query)


@pytest.mark.parametrize(("text", "query"), [
    ("and Merkel?", "Merkel"), ("And what about Merkel", "Merkel"), ("how about the EU?", "the EU"),
    ("what about Ingrid Halvorsen?", "Ingrid Halvorsen"),
])
def test_and_follow_ups_carry_only_the_new_subject(text, query):
    assert parse_intent(text) == Intent("", query, AND)


@pytest.mark.parametrize("text", ["more", "More!", "next page", "<@U0BOT> more please", "go on"])
def test_more(text):
    assert parse_intent(text, bot_user_id="U0BOT").follow_up == MORE


@pytest.mark.parametrize("text", ["", "   ", "<@U0BOT>", "???", "<!here>"])
def test_nothing_to_ask_asks_for_help(text):
    assert parse_intent(text, bot_user_id="U0BOT") == Intent("help", "")


def test_odd_input_never_raises_and_is_searched_as_words():
    assert parse_intent("&lt;script&gt; alert(1)").command == "search"
    assert parse_intent("who").command == "search"  # nothing after "who": the router explains
    assert parse_intent("x" * 5000).query == "x" * 5000  # the router refuses the length
    assert parse_intent("who is \u202eevil").query == "\u202eevil"  # the router normalizes


def test_only_the_bots_own_mention_is_removed():
    assert parse_intent("<@U0BOT> who is <@U0OTHER|kari>?", bot_user_id="U0BOT").query == \
        "<@U0OTHER|kari>"


def test_clean_message_unwraps_slack_markup():
    assert clean_message("<@U1> find <https://a.org/x|the report> in <#C1|news> &amp; co",
                         "U1") == "find the report in news & co"


@pytest.mark.parametrize(("text", "person", "expected"), [
    ("when did he visit Japan", "Vladimir Putin", "when did Vladimir Putin visit Japan"),
    ("he", "Ada Lovelace", "Ada Lovelace"),
    ("what did she say about him", "Kari Lunde", "what did Kari Lunde say about Kari Lunde"),
    ("his meeting with Abe", "Ola Berg", "Ola Berg's meeting with Abe"),
    ("her office", "Ada", "Ada's office"),
    ("met her in Oslo", "Ada", "met Ada in Oslo"),
    ("timeline of their talks", "Ola Berg", "timeline of Ola Berg's talks"),
    ("the Shepherd hotel", "Ada", "the Shepherd hotel"),  # "he" inside a word is not a pronoun
    ("when did he visit Japan", "", "when did he visit Japan"),  # nobody known: unchanged
])
def test_resolve_pronouns(text, person, expected):
    assert resolve_pronouns(text, person) == expected


def test_has_pronoun():
    assert has_pronoun("when did he visit Japan?")
    assert has_pronoun("They said")
    assert not has_pronoun("the Shepherd and Theyer")

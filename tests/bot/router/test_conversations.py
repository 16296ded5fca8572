"""Completing a thread's follow-up from its last question (pure), and the state it keeps."""

from __future__ import annotations

from bot.router.conversations import Turn, plan_turn
from bot.router.intents import parse_intent
from db.connection import open_db
from db.conversations import (
    SEEN_EVENTS_TTL_SECONDS,
    ThreadState,
    claim_event,
    get_thread,
    save_thread,
)

WHO_PUTIN = ThreadState("who", "Putin", 0, "Vladimir Putin")


def plan(text: str, state: ThreadState | None) -> Turn:
    return plan_turn(parse_intent(text), state)


def test_and_reuses_the_last_command_with_the_new_subject():
    assert plan("and Merkel?", WHO_PUTIN) == Turn("who", "Merkel", 0)
    assert plan("and Merkel?", ThreadState("timeline", "sanctions")) == Turn("timeline", "Merkel")


def test_and_after_a_command_without_a_subject_searches():
    assert plan("and Merkel?", ThreadState("docs", "")) == Turn("search", "Merkel")
    assert plan("and Merkel?", None) == Turn("search", "Merkel")


def test_more_gives_the_next_page_when_there_is_one():
    state = ThreadState("search", "ferry", 1, has_more=True)
    assert plan("more", state) == Turn("search", "ferry", 2)
    assert plan("more", ThreadState("search", "ferry", 1, has_more=False)).notice
    assert plan("more", None).notice


def test_pronouns_resolve_to_the_threads_last_person():
    assert plan("when did he visit Japan?", WHO_PUTIN) == Turn(
        "timeline", "Vladimir Putin visit Japan")
    assert plan("who is she?", ThreadState("who", "Ada", 0, "Ada Lovelace")) == Turn(
        "who", "Ada Lovelace")
    assert plan("and his rivals?", WHO_PUTIN) == Turn("who", "Vladimir Putin's rivals")


def test_a_bare_pronoun_with_nobody_known_asks_who_is_meant():
    turn = plan("who is he?", ThreadState("search", "ferry"))
    assert turn.notice and "who is" in turn.notice.lower()
    assert plan("when did they sign", None) == Turn("timeline", "they sign")  # words to search


def test_a_new_question_ignores_the_thread():
    assert plan("timeline of sanctions", WHO_PUTIN) == Turn("timeline", "sanctions")


def test_thread_state_and_seen_events_survive_reopening(db_path):
    db = open_db(db_path)
    save_thread(db, "C1", "1.0", WHO_PUTIN)
    save_thread(db, "C1", "1.0", ThreadState("timeline", "Putin", 1, "Vladimir Putin", True))
    assert claim_event(db, "Ev1", now=1000.0)
    assert not claim_event(db, "Ev1", now=1001.0)
    db.close()
    db = open_db(db_path)
    assert get_thread(db, "C1", "1.0") == ThreadState("timeline", "Putin", 1, "Vladimir Putin", True)
    assert get_thread(db, "C1", "2.0") is None
    assert not claim_event(db, "Ev1", now=1002.0)


def test_old_event_ids_are_pruned(db_path):
    db = open_db(db_path)
    assert claim_event(db, "Ev1", now=1000.0)
    assert claim_event(db, "Ev2", now=1000.0 + SEEN_EVENTS_TTL_SECONDS + 1)
    assert db["seen_events"].count == 1

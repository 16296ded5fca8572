"""db.conversations: an event is answered once across connections and threads; thread state
is one row per (channel, thread). (tests/bot/router/test_conversations.py covers reopening.)"""

from __future__ import annotations

import pytest

from db.connection import open_db
from db.conversations import (
    SEEN_EVENTS_TTL_SECONDS,
    ThreadState,
    claim_event,
    get_thread,
    save_thread,
)
from tests.racing import race_claims


@pytest.fixture
def db(db_path):
    return open_db(db_path)


def test_an_event_claimed_on_one_connection_is_lost_on_another(db_path):
    one, two = open_db(db_path), open_db(db_path)
    assert claim_event(one, "Ev1", now=1000.0)
    assert not claim_event(two, "Ev1", now=1000.5)
    assert claim_event(two, "Ev2", now=1000.5)  # another event is its own claim


def test_racing_threads_with_their_own_connections_claim_an_event_once(db_path):
    wins = race_claims(db_path, lambda db: claim_event(db, "EvRace", now=2000.0), racers=6)
    assert wins == [False] * 5 + [True]


def test_an_event_is_remembered_for_the_whole_ttl(db):
    assert claim_event(db, "Ev1", now=1000.0)
    # Exactly a TTL later it is still remembered (pruning drops only older ids).
    assert not claim_event(db, "Ev1", now=1000.0 + SEEN_EVENTS_TTL_SECONDS)


def test_after_the_ttl_an_event_id_is_forgotten_and_may_be_claimed_again(db):
    assert claim_event(db, "Ev1", now=1000.0)
    later = 1000.0 + SEEN_EVENTS_TTL_SECONDS + 1
    assert claim_event(db, "Ev1", now=later)  # Slack stops retrying long before this
    rows = db.execute("SELECT event_id, seen_at FROM seen_events").fetchall()
    assert rows == [("Ev1", later)]


def test_pruning_keeps_the_ids_still_inside_the_ttl(db):
    for i, seen in enumerate((0.0, 50_000.0, 90_000.0)):
        assert claim_event(db, f"Ev{i}", now=seen)
    assert claim_event(db, "EvNow", now=100_000.0)  # prunes ids seen before 100000 - 86400
    kept = [r[0] for r in db.execute("SELECT event_id FROM seen_events ORDER BY seen_at")]
    assert kept == ["Ev1", "Ev2", "EvNow"]


def test_thread_state_round_trips_every_field(db):
    state = ThreadState("search", "ferry fares", 2, "Lars Christensen", True)
    save_thread(db, "C1", "1700000000.000100", state)
    assert get_thread(db, "C1", "1700000000.000100") == state
    assert get_thread(db, "C1", "1700000000.000200") is None
    assert get_thread(db, "C2", "1700000000.000100") is None


def test_saving_a_thread_again_replaces_its_one_row(db):
    save_thread(db, "C1", "1.0", ThreadState("who", "Holm", 0, "Mette Holm", True))
    save_thread(db, "C1", "1.0", ThreadState("timeline", "cranes"))
    assert get_thread(db, "C1", "1.0") == ThreadState("timeline", "cranes", 0, "", False)
    assert db["threads"].count == 1


def test_threads_of_two_channels_with_one_timestamp_stay_apart(db):
    save_thread(db, "C1", "1.0", ThreadState("who", "Holm"))
    save_thread(db, "C2", "1.0", ThreadState("search", "ferry"))
    assert get_thread(db, "C1", "1.0").query == "Holm"
    assert get_thread(db, "C2", "1.0").query == "ferry"


def test_a_thread_saved_on_one_connection_is_read_on_another(db_path):
    writer, reader = open_db(db_path), open_db(db_path)
    save_thread(writer, "C1", "1.0", ThreadState("who", "Holm", 1))
    assert get_thread(reader, "C1", "1.0") == ThreadState("who", "Holm", 1)
    assert not writer.conn.in_transaction  # committed, not left open

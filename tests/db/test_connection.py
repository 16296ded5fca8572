"""Write transactions wait for each other instead of failing with "database is locked"."""

from __future__ import annotations

import threading
import time

from db.connection import open_db, write_transaction


def test_a_second_writer_waits_for_the_first(db_path):
    first, second = open_db(db_path, check_same_thread=False), open_db(db_path)
    holding = threading.Event()
    errors: list[BaseException] = []

    def slow_writer() -> None:
        try:
            with write_transaction(first):
                first.execute("SELECT COUNT(*) FROM documents").fetchone()  # read, then write
                holding.set()
                time.sleep(0.4)
                first.execute("INSERT INTO state (key, value) VALUES ('a', '1')")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    thread = threading.Thread(target=slow_writer)
    thread.start()
    holding.wait(5)
    with write_transaction(second):
        count = second.execute("SELECT COUNT(*) FROM state WHERE key = 'a'").fetchone()[0]
        second.execute("INSERT INTO state (key, value) VALUES ('b', ?)", [str(count)])
    thread.join()
    assert not errors
    # The second writer waited for the first, so it saw the first's row.
    assert second.execute("SELECT value FROM state WHERE key = 'b'").fetchone()[0] == "1"


def test_an_error_rolls_the_transaction_back(db_path):
    db = open_db(db_path)
    try:
        with write_transaction(db):
            db.execute("INSERT INTO state (key, value) VALUES ('x', '1')")
            raise RuntimeError("crash")
    except RuntimeError:
        pass
    assert db.execute("SELECT COUNT(*) FROM state WHERE key = 'x'").fetchone()[0] == 0
    assert not db.conn.in_transaction

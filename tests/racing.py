"""Race one claim from several threads, each on its own connection to one SQLite file.

What "exactly once" tests need: the schema exists first, every racer starts at a barrier, and
an exception in a racer fails the test instead of vanishing with its thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from sqlite_utils import Database

from db.connection import open_db


def race_claims(db_path: Path, claim: Callable[[Database], bool], racers: int = 6) -> list[bool]:
    """Each racer's result of `claim`, sorted; raises the first racer's exception, if any."""
    open_db(db_path).close()  # the schema exists before the race
    barrier = threading.Barrier(racers)
    wins: list[bool] = []
    errors: list[BaseException] = []

    def race() -> None:
        db = open_db(db_path)
        try:
            barrier.wait(10)
            wins.append(claim(db))
        except BaseException as exc:  # pragma: no cover - re-raised below
            errors.append(exc)
        finally:
            db.close()

    threads = [threading.Thread(target=race) for _ in range(racers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    if errors:
        raise errors[0]
    return sorted(wins)

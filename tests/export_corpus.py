"""A small harbour-town corpus for the export and browse tests, ingested with the real pipeline.

Four articles: two with datelines, one whose date is only estimated (it names the people and
places of the council story, so it takes that story's year; its "last year" is estimated too),
one with no date at all. Between them: events dated to the day, the month, the
year and a season; two people described in two documents; a company.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

ARTICLES = {
    'ferry.txt': (
        'Harbour authority opens new ferry terminal\n'
        '\n'
        'March 2, 2021\n'
        '\n'
        'Maria Lopez, the harbour master of Port Elden, opened the new ferry terminal on Tuesday. Lopez said the ferry would carry more passengers every day.\n'
        '\n'
        'In June 2019 the town council approved the ferry plan after a long debate with Tomas Berg, the mayor of Port Elden.\n'
        '\n'
        'The first ferry line to the islands opened in 1998, Berg said.\n'
        '\n'
        'Lopez is a former ship captain. She expects the ferry to reach the outer islands next summer.\n'
    ),
    'council.txt': (
        'Council votes on ferry fares\n'
        '\n'
        'Harbour Gazette\n'
        '\n'
        'November 15, 2020\n'
        '\n'
        'Tomas Berg, the mayor of Port Elden, said on Monday that ferry fares would not rise. Maria Lopez, the harbour master, agreed.\n'
        '\n'
        'The council first debated the ferry fares in April 2018.\n'
        '\n'
        'Berg met Lopez in Port Elden on 3 October 2020 to plan the new ferry terminal.\n'
        '\n'
        'Kari Dahl of the Elden Ferry Company and the engineer Jonas Lund asked the council for a new quay at Nordvik.\n'
    ),
    'company.txt': (
        'The ferry company grows\n'
        '\n'
        'The Elden Ferry Company was founded in 2015 by Tomas Berg.\n'
        '\n'
        'Last year the ferry company bought a second boat, and this year it plans a third. Kari Dahl and Jonas Lund want it to dock at a new quay at Nordvik.\n'
    ),
    'notes.txt': (
        'Notes on lighthouse keepers\n'
        '\n'
        'The lighthouse keepers on the outer islands keep a log of every ship that passes.\n'
        '\n'
        'Keepers write the log by hand, and the log is kept in the lighthouse.\n'
    ),
}


def build(folder: Path, db_path: Path, nlp: Any) -> None:
    """Write the articles under `folder` and ingest them into the store at `db_path`."""
    from bot.ingest import ingest_paths
    from db.connection import open_db

    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = open_db(db_path)
    try:
        summary = ingest_paths(db, [folder], nlp=nlp)
        assert summary.failed == 0, summary.outcomes
    finally:
        db.close()

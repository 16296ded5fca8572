"""A corpus built once per session from seeds/, for the tests that only read it."""

from __future__ import annotations

import pytest

from bot.ingest import ingest_paths
from db.connection import open_db


@pytest.fixture(scope="session")
def seeded(tmp_path_factory, seeds_dir, nlp):
    """(db, summary) for a fresh database holding the seed articles."""
    path = tmp_path_factory.mktemp("seeded") / "seeded.sqlite"
    db = open_db(path)
    summary = ingest_paths(db, [seeds_dir], nlp=nlp)
    return db, summary

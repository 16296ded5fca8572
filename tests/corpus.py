"""Tiny articles the store tests write, analyzed by the real pipeline (files → spaCy → store).

    analyzed = analyze_text(nlp, tmp_path, "harbour.txt", HARBOUR)
    document_id = store(db, analyzed)

The texts are the tests' own (no seed article): two documents about one person, written once
in full ("Lars Christensen") and once by surname only ("Christensen"), so regrouping has
something to join across documents.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlite_utils import Database

from bot.models import AnalyzedDocument
from bot.pipeline.analyze import analyze_articles
from bot.pipeline.articles import load_article
from db.documents import save_document

# Lars Christensen (full name, then surname), Mette Holm, Aarhus; four sentences, three dates.
HARBOUR = """Harbour cranes return to Aarhus

May 14, 2021

Lars Christensen, the port director, reopened the container terminal in Aarhus on Tuesday. Mette Holm, a union spokeswoman, welcomed the decision.

Christensen said the cranes would handle 40 ships a week by June 2021. Holm warned that the dock workers still needed new contracts.
"""

# A later document naming the same man by surname only.
FERRY = """Ferry talks stall in Copenhagen

June 2, 2021

Christensen met ferry operators in Copenhagen on Friday. The talks ended without an agreement on fares, and the ferry operators said the container terminal would wait.
"""


def analyze_text(nlp, folder: Path, name: str, text: str) -> AnalyzedDocument:
    """Write `text` to `folder/name` and run it through the real loader and analysis."""
    path = Path(folder) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    (analyzed,) = analyze_articles(nlp, [load_article(path)])
    return analyzed


def store(db: Database, analyzed: AnalyzedDocument, *, path: str | None = None) -> int:
    """Save an analyzed document as ingest would (its path, a hash of its body and path: the
    same body under two paths is two test documents, not a duplicate); its id."""
    path = path or analyzed.article.path
    digest = hashlib.sha256((analyzed.article.body + "\0" + path).encode("utf-8")).hexdigest()
    return save_document(db, analyzed, path=path, content_hash=digest)

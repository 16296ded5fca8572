"""Ingest throughput against plain spaCy, in one run.

    python bench/ingest.py [--docs 600] [--corpus ../shared/corpora/bbc]

Prints words/s for `nlp.pipe` over the raw texts, and for `newsdesk ingest` (the same code the
CLI runs: cleaning, analysis, SQLite writes, entity grouping) with 1 and 2 workers, and the
ratios. Targets: ingest ≥ 0.8× plain spaCy with 1 worker; 2 workers ≥ 1.6× one.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from spacy.language import Language  # noqa: E402

from bot.config import DEFAULT_SPACY_MODEL  # noqa: E402
from bot.ingest import ingest_paths  # noqa: E402
from bot.pipeline.nlp import load_nlp  # noqa: E402
from db.connection import open_db  # noqa: E402


def pick_files(corpus: Path, n: int) -> list[Path]:
    files = sorted(corpus.rglob("*.txt"))
    files = [f for f in files if f.name[0].isdigit()]
    return files[:n]


def plain_spacy(nlp: Language, texts: list[str], batch_size: int) -> float:
    words = sum(len(t.split()) for t in texts)
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    return words / (time.perf_counter() - started)


def newsdesk_ingest(nlp: Language, folder: Path, workers: int, batch_size: int) -> tuple[float, str]:
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "bench.sqlite")
        summary = ingest_paths(db, [folder], nlp=nlp, workers=workers,
                               batch_size=batch_size)
        return summary.words / summary.seconds, summary.line()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=600)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpora" / "bbc")
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()

    files = pick_files(args.corpus, args.docs)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for i, f in enumerate(files):
            shutil.copy(f, folder / f"{i:05d}_{f.parent.name}_{f.name}")
        texts = [f.read_text(encoding="latin-1") for f in sorted(folder.iterdir())]
        nlp = load_nlp(DEFAULT_SPACY_MODEL)  # model loading is not part of either figure
        plain = plain_spacy(nlp, texts, args.batch_size)
        one, line1 = newsdesk_ingest(nlp, folder, 1, args.batch_size)
        two, line2 = newsdesk_ingest(nlp, folder, 2, args.batch_size)
    print(f"documents: {len(files)}  words: {sum(len(t.split()) for t in texts):,}")
    print(f"plain nlp.pipe          {plain:>10,.0f} words/s")
    print(f"newsdesk ingest, 1 wkr  {one:>10,.0f} words/s   ratio to plain {one / plain:.2f}x (target >= 0.8)")
    print(f"newsdesk ingest, 2 wkrs {two:>10,.0f} words/s   ratio to 1 worker {two / one:.2f}x (target >= 1.6)")
    print(f"  1 worker:  {line1}")
    print(f"  2 workers: {line2}")


if __name__ == "__main__":
    main()

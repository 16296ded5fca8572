"""Latency of /who, /timeline and /search at 1k and 10k documents.

    python bench/query.py [--corpus ../shared/corpora/bbc] [--workers 2] [--rebuild]

The 1k store is real: 995 BBC articles and the five seeds, ingested. The 10k store is the
whole BBC corpus and the seeds (2,230 real documents), ingested, then its documents copied
with everything derived from them (new ids, same text) to 10,000: the query cost depends on
the store's size, which is what this measures. Stores are cached in bench/out/.
Prints p50 and p95 per command and size; target p95 < 50 ms at 10k, sub-linear growth.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.config import DEFAULT_SPACY_MODEL, Settings  # noqa: E402
from bot.ingest import ingest_paths  # noqa: E402
from bot.pipeline.nlp import load_nlp  # noqa: E402
from bot.regroup import refresh_entities  # noqa: E402
from bot.router.commands import run_command  # noqa: E402
from bot.router.context import CommandContext  # noqa: E402
from db.connection import open_db  # noqa: E402

OUT = ROOT / "bench" / "out"
COPIED_TABLES = ("passages", "doc_entities", "mentions", "descriptions", "time_expressions")


def build_real(path: Path, files: list[Path], workers: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i, f in enumerate(files):
            shutil.copy(f, folder / f"{i:05d}_{f.parent.name}_{f.name}")
        db = open_db(path)
        summary = ingest_paths(db, [folder], nlp=load_nlp(DEFAULT_SPACY_MODEL), workers=workers)
        print(f"  built {path.name}: {summary.line()}", flush=True)


def replicate(path: Path, target: int) -> None:
    """Copy documents (and all rows derived from them) until the store holds `target`."""
    db = open_db(path)
    conn = db.conn
    originals = [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY id")]
    copy = 0
    while conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] < target:
        copy += 1
        with db.atomic():
            for doc_id in originals:
                if conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] >= target:
                    break
                _copy_document(conn, doc_id, copy)
    refresh_entities(db)
    print(f"  replicated to {db['documents'].count} documents", flush=True)


def _copy_document(conn, doc_id: int, copy: int) -> None:
    new_doc = conn.execute(
        "INSERT INTO documents (path, content_hash, format, title, source, authors, url, date, "
        "date_granularity, date_kind, date_evidence, overrides, body, meta_lines, words, "
        "ingested_at, updated_at) SELECT path || '#copy' || ?, content_hash || ?, format, title, "
        "source, authors, url, date, date_granularity, date_kind, date_evidence, overrides, body, "
        "meta_lines, words, ingested_at, updated_at FROM documents WHERE id = ?",
        [copy, copy, doc_id]).lastrowid
    ids: dict[str, dict[int, int]] = {}
    for table in COPIED_TABLES:
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] != "id"]
        ids[table] = {}
        for row in conn.execute(f"SELECT id, {', '.join(cols)} FROM {table} WHERE document_id = ?",
                                [doc_id]).fetchall():
            values = dict(zip(cols, row[1:], strict=True))
            values["document_id"] = new_doc
            if "passage_id" in values and values["passage_id"] is not None:
                values["passage_id"] = ids["passages"][values["passage_id"]]
            if "doc_entity_id" in values and values["doc_entity_id"] is not None:
                values["doc_entity_id"] = ids["doc_entities"][values["doc_entity_id"]]
            new_id = conn.execute(
                f"INSERT INTO {table} ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
                list(values.values())).lastrowid
            ids[table][row[0]] = new_id
    conn.execute("INSERT INTO keyphrases SELECT ?, phrase, count, example FROM keyphrases "
                 "WHERE document_id = ?", [new_doc, doc_id])


def queries(db, n: int, seed: int = 7) -> dict[str, list[str]]:
    rng = random.Random(seed)
    names = [r[0] for r in db.execute(
        "SELECT name FROM entities WHERE label = 'PERSON' ORDER BY mentions DESC LIMIT 300")]
    terms = [r[0] for r in db.execute(
        "SELECT phrase FROM keyphrases GROUP BY phrase ORDER BY COUNT(*) DESC LIMIT 300")]

    def typo(s: str) -> str:
        if len(s) < 5:
            return s
        i = rng.randrange(1, len(s) - 1)
        return s[:i] + s[i + 1:]

    who = [rng.choice(names) for _ in range(n // 2)] + [typo(rng.choice(names).split()[-1].lower()) for _ in range(n // 2)]
    topics = [rng.choice(terms) for _ in range(n)]
    return {"who": who, "timeline": topics, "search": topics[::-1]}


def measure(db, qs: dict[str, list[str]]) -> dict[str, tuple[float, float]]:
    ctx = CommandContext(db=db, settings=Settings())
    funcs = {name: (lambda _db, q, name=name: run_command(ctx, name, q))
             for name in ("who", "timeline", "search")}
    out = {}
    for command, items in qs.items():
        funcs[command](db, items[0])  # warm caches (alias index, vocabulary)
        times = []
        for q in items:
            started = time.perf_counter()
            with contextlib.suppress(ValueError):  # a query refused as malformed still counts
                funcs[command](db, q)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        out[command] = (statistics.median(times), times[int(len(times) * 0.95) - 1])
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpora" / "bbc")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    bbc = sorted(f for f in args.corpus.rglob("*.txt") if f.name[0].isdigit())
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    small, large = OUT / "query-1k.sqlite", OUT / "query-10k.sqlite"
    if args.rebuild or not small.exists():
        small.unlink(missing_ok=True)
        build_real(small, bbc[:995] + seeds, args.workers)
    if args.rebuild or not large.exists():
        large.unlink(missing_ok=True)
        build_real(large, bbc + seeds, args.workers)
        replicate(large, 10_000)
    results = {}
    for label, path in (("1k", small), ("10k", large)):
        db = open_db(path)
        results[label] = measure(db, queries(db, args.queries))
    print(f"\n{'command':<10}{'1k p50':>10}{'1k p95':>10}{'10k p50':>10}{'10k p95':>10}{'p95 ratio':>11}")
    for command in ("who", "timeline", "search"):
        a, b = results["1k"][command], results["10k"][command]
        print(f"{command:<10}{a[0]:>9.1f}ms{a[1]:>8.1f}ms{b[0]:>8.1f}ms{b[1]:>8.1f}ms{b[1] / a[1]:>10.1f}x")
    print("(10x the documents; a p95 ratio under 10 is sub-linear growth; target 10k p95 < 50 ms)")


if __name__ == "__main__":
    main()

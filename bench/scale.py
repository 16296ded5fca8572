"""Newsdesk at 10k, 30k and 100k documents: query latency, adding a document, the digest.

    python bench/scale.py [--corpus ../shared/corpora/bbc] [--sizes 10000,30000,100000]
                          [--workers 2] [--queries 50] [--rebuild]

The stores start from the whole BBC corpus (2,225 articles) ingested once with the real
pipeline. Each is then grown by copying those documents with every row derived from them, and
each copy *perturbs* names and phrases, so the vocabulary grows as a real corpus's does: per
copy, about a third of the distinct capitalized words (names) and of the keyphrase words get a
new spelling (same length, so stored character offsets stay right), giving new people, new
organizations, new phrases and new FTS terms. Copies are spread over a year of ingestion
times. After copying, `newsdesk reindex` (a full regrouping) derives the entities.

Per size it prints, in one run:
- p50 / p95 of /who, /timeline and /search (`--queries` varied queries each, a query's time
  the median of three runs, through `bot.router.commands.run_command`: full names, surnames,
  typos; common and rare topics);
- adding one document (a new story through `ingest_paths`, model loaded and file reading
  warmed up as in a serving bot; in a child process) and the longest time a concurrent writer
  (another process doing what a Slack event claim does) waited for the write lock meanwhile;
- peak RSS of that child, and of a child building the whole-corpus digest and a channel's
  first digest (the last 30 days), and their times.

Stores are cached in bench/out/ (gitignored); `--rebuild` starts over.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import json
import multiprocessing
import random
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import zip_longest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = ROOT / "bench" / "out"
BASE = OUT / "scale-base.sqlite"
SHARE = 0.35  # of the distinct name and phrase words respelled in each copy
_CAPITALIZED = re.compile(r"\b[A-Z][a-z]{3,}\b")
_LOWER = re.compile(r"\b[a-z]{4,}\b")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _respell(word: str, copy: int, upper: bool) -> str:
    """The word as written in copy `copy`: a third of words get new last two letters there."""
    digest = hashlib.blake2b(f"{word}|{copy}".encode(), digest_size=4).digest()
    if digest[0] / 256 >= SHARE:
        return word
    tail = _LETTERS[digest[1] % 26] + _LETTERS[digest[2] % 26]
    return word[:-2] + (tail if not upper or word[-2:].islower() else tail.upper())


def perturb_names(text: str | None, copy: int) -> str | None:
    if not text or copy == 0:
        return text
    return _CAPITALIZED.sub(lambda m: _respell(m[0], copy, True), text)


def perturb_phrase(text: str | None, copy: int) -> str | None:
    if not text or copy == 0:
        return text
    return _LOWER.sub(lambda m: _respell(m[0], copy, False), text)


def perturb_forms(forms: str | None, copy: int) -> str | None:
    if not forms or copy == 0:
        return forms
    return json.dumps([perturb_names(f, copy) for f in json.loads(forms)])


# ---------------------------------------------------------------- building the stores


def build_base(files: list[Path], workers: int) -> None:
    """The BBC corpus ingested with the real pipeline (the slow part, done once)."""
    from bot.config import DEFAULT_SPACY_MODEL
    from bot.ingest import ingest_paths
    from bot.pipeline.nlp import load_nlp
    from db.connection import open_db

    tmp_db = BASE.with_suffix(".partial")
    tmp_db.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i, f in enumerate(files):
            shutil.copy(f, folder / f"{i:05d}_{f.parent.name}_{f.name}")
        db = open_db(tmp_db)
        summary = ingest_paths(db, [folder], nlp=load_nlp(DEFAULT_SPACY_MODEL), workers=workers)
        db.conn.close()
    tmp_db.rename(BASE)
    print(f"  base: {summary.line()}", flush=True)


_COPIES = {
    # table: (columns written, SELECT expressions with {c} the copy and {o_<table>} offsets)
    "documents": (
        "id, path, content_hash, format, title, source, authors, url, date, date_granularity, "
        "date_kind, date_evidence, overrides, body, meta_lines, words, ingested_at, updated_at",
        "id + {o_documents}, path || '#copy{c}', content_hash || '{c}', format, "
        "perturb_names(title, {c}), source, authors, url, date, date_granularity, date_kind, "
        "date_evidence, overrides, body, meta_lines, words, "
        "strftime('%Y-%m-%dT%H:%M:%S+00:00', ingested_at, '-{hours} hours'), updated_at"),
    "passages": (
        "id, document_id, paragraph, sentence, start, [end], text, event_date, "
        "event_granularity, event_kind, event_estimated, event_text",
        "id + {o_passages}, document_id + {o_documents}, paragraph, sentence, start, [end], "
        "perturb_names(text, {c}), event_date, event_granularity, event_kind, event_estimated, "
        "event_text"),
    "doc_entities": (
        "id, document_id, name, label, forms, mentions",
        "id + {o_doc_entities}, document_id + {o_documents}, perturb_names(name, {c}), label, "
        "perturb_forms(forms, {c}), mentions"),
    "mentions": (
        "id, document_id, passage_id, doc_entity_id, start, [end], text, name, title",
        "id + {o_mentions}, document_id + {o_documents}, passage_id + {o_passages}, "
        "doc_entity_id + {o_doc_entities}, start, [end], perturb_names(text, {c}), "
        "perturb_names(name, {c}), title"),
    "descriptions": (
        "id, document_id, passage_id, doc_entity_id, text, kind, evidence",
        "id + {o_descriptions}, document_id + {o_documents}, passage_id + {o_passages}, "
        "doc_entity_id + {o_doc_entities}, text, kind, perturb_names(evidence, {c})"),
    "time_expressions": (
        "id, document_id, passage_id, start, [end], text, type, value, granularity, anchored",
        "id + {o_time_expressions}, document_id + {o_documents}, passage_id + {o_passages}, "
        "start, [end], text, type, value, granularity, anchored"),
    "keyphrases": (
        "document_id, phrase, count, example",
        "document_id + {o_documents}, perturb_phrase(phrase, {c}), count, "
        "perturb_phrase(example, {c})"),
}


def grow(path: Path, target: int) -> None:
    """Copy the base documents (perturbed) into the store at `path` until it holds `target`."""
    conn = sqlite3.connect(path)
    conn.create_function("perturb_names", 2, perturb_names, deterministic=True)
    conn.create_function("perturb_phrase", 2, perturb_phrase, deterministic=True)
    conn.create_function("perturb_forms", 2, perturb_forms, deterministic=True)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute(f"ATTACH DATABASE '{BASE}' AS base")
    base_docs = conn.execute("SELECT COUNT(*) FROM base.documents").fetchone()[0]
    stride = {t: conn.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM base.{t}").fetchone()[0]
              for t in _COPIES if t != "keyphrases"}
    have = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    # The next copy after the last one started (a copy may be partial, documents may have
    # been added by an earlier run's measure).
    copy = conn.execute("SELECT COALESCE(MAX(id), 0) FROM documents").fetchone()[0] \
        // stride["documents"] + 1
    while have < target:
        take = min(base_docs, target - have)
        params = {f"o_{t}": copy * s for t, s in stride.items()} | {"c": copy, "hours": copy * 190}
        with conn:
            for table, (columns, select) in _COPIES.items():
                verb = "INSERT OR IGNORE" if table == "keyphrases" else "INSERT"  # respellings
                conn.execute(                                                      # may collide
                    f"{verb} INTO main.{table} ({columns}) SELECT {select.format(**params)} "
                    f"FROM base.{table} WHERE document_id IN (SELECT id FROM base.documents "
                    f"ORDER BY id LIMIT {take})" if table != "documents" else
                    f"{verb} INTO main.{table} ({columns}) SELECT {select.format(**params)} "
                    f"FROM base.{table} ORDER BY id LIMIT {take}")
        have += take
        copy += 1
        print(f"    {have} documents", flush=True)
    conn.close()


def _prepare_base() -> None:
    """Bring the base store to the current schema and grouping (copies inherit both)."""
    from bot.regroup import regroup_new
    from db.connection import open_db

    db = open_db(BASE)
    regroup_new(db)  # a full regrouping the first time (new schema), nothing afterwards
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()


def build_store(size: int, smaller: Path | None) -> Path:
    """The store of `size` documents: a copy of the next smaller one (or the base), grown,
    then regrouped in full (`newsdesk reindex`)."""
    from bot.regroup import refresh_entities
    from db.connection import open_db

    path = OUT / f"scale-{size // 1000}k.sqlite"
    partial = path.with_suffix(".partial")
    for stale in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        stale.unlink(missing_ok=True)
    source = smaller or BASE
    with sqlite3.connect(source) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(source, partial)
    started = time.perf_counter()
    grow(partial, size)
    grown = time.perf_counter()
    db = open_db(partial)
    refresh_entities(db)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.execute("ANALYZE")
    db.conn.close()
    partial.rename(path)
    print(f"  built {path.name}: copied in {grown - started:.0f} s, regrouped in "
          f"{time.perf_counter() - grown:.0f} s", flush=True)
    return path


# ---------------------------------------------------------------- measuring


def queries(db, n: int, seed: int = 12) -> dict[str, list[str]]:
    """Varied queries: full names, surnames and typos of people across the mention range;
    frequent and rare topics."""
    rng = random.Random(seed)
    people = [r[0] for r in db.execute(
        "SELECT name FROM entities WHERE label = 'PERSON' AND name LIKE '% %' "
        "ORDER BY mentions DESC LIMIT 2000")]
    common = [r[0] for r in db.execute(
        "SELECT phrase FROM phrase_df ORDER BY documents DESC LIMIT 200")]
    rare = [r[0] for r in db.execute(
        "SELECT phrase FROM phrase_df WHERE documents BETWEEN 3 AND 50 LIMIT 2000")]

    def typo(s: str) -> str:
        i = rng.randrange(1, len(s) - 1) if len(s) > 4 else 1
        return s[:i] + s[i + 1:]

    head, tail = people[:100], people[100:] or people
    who = []
    for i in range(n):
        name = rng.choice(head if i % 2 else tail)
        who.append([name, name.split()[-1], typo(name.split()[-1].lower())][i % 3])
    topics = [rng.choice(common if i % 3 == 0 else rare) for i in range(n)]
    topics[1::7] = [typo(t) for t in topics[1::7]]
    return {"who": who, "timeline": topics, "search": topics[::-1]}


def measure_queries(db, qs: dict[str, list[str]], rounds: int = 3) -> dict[str, tuple[float, float]]:
    """p50 and p95 over the queries of each command, a query's time being the median of
    `rounds` runs (the set is run through once per round, so a round's cold reads stay in):
    on this shared VM one run per query let a single stolen time slice decide the p95."""
    from bot.config import Settings
    from bot.router.commands import run_command
    from bot.router.context import CommandContext

    ctx = CommandContext(db=db, settings=Settings())
    out = {}
    for command, items in qs.items():  # a process builds its caches once, at its first query
        for warm in (items[0], "qzxjv"):
            run_command(ctx, command, warm)
        runs: list[list[float]] = [[] for _ in items]
        for _ in range(rounds):
            for i, q in enumerate(items):
                started = time.perf_counter()
                with contextlib.suppress(ValueError):  # a query refused as malformed still counts
                    run_command(ctx, command, q)
                runs[i].append((time.perf_counter() - started) * 1000)
        times = sorted(statistics.median(r) for r in runs)
        out[command] = (statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)])
    return out


def _probe_writes(path: str, stop, result) -> None:
    """What a Slack event does while an ingest runs: claim the event in a short write
    transaction, from another process. Records the longest wait."""
    conn = sqlite3.connect(path, timeout=60, isolation_level=None)
    longest, n = 0.0, 0
    while not stop.is_set():
        started = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT OR REPLACE INTO seen_events (event_id, seen_at) VALUES (?, ?)",
                     [f"bench-probe-{n % 10}", time.time()])
        conn.execute("COMMIT")
        longest = max(longest, time.perf_counter() - started)
        n += 1
        time.sleep(0.005)
    result.value = longest


def child_ingest(store: str, file: str) -> dict:
    """In a child process: load the model, add one document, report time and peak RSS."""
    from bot.config import DEFAULT_SPACY_MODEL
    from bot.ingest import ingest_paths, warm_up
    from bot.pipeline.nlp import load_nlp
    from db.connection import open_db

    nlp = load_nlp(DEFAULT_SPACY_MODEL)
    warm_up()  # as a serving bot has at start-up (bot/slack/server.py)
    db = open_db(store)
    ctx = multiprocessing.get_context("spawn")
    stop, result = ctx.Event(), ctx.Value("d", 0.0)
    probe = ctx.Process(target=_probe_writes, args=(store, stop, result), daemon=True)
    probe.start()
    time.sleep(0.5)
    started = time.perf_counter()
    try:
        summary = ingest_paths(db, [Path(file)], nlp=nlp)
    finally:  # a failed ingest must not leave the probe running (the child would never end)
        seconds = time.perf_counter() - started
        stop.set()
        probe.join()
    return {"seconds": seconds, "lock": result.value, "status": summary.outcomes[-1].status,
            "rss_mb": peak_rss_mb()}


def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM). Not `ru_maxrss`: Linux carries the parent's
    peak over fork and exec, which would charge the child with the measuring process."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_digest(store: str) -> dict:
    """In a child process: the whole-corpus digest, its time and peak RSS."""
    from bot.queries.digest import Period, build_digest, digest_period
    from db.connection import open_db

    db = open_db(store)
    now = dt.datetime.now(dt.UTC)
    started = time.perf_counter()
    digest = build_digest(db, Period.everything(now), now=now)
    whole = time.perf_counter() - started
    started = time.perf_counter()
    first = build_digest(db, digest_period(db, "C-never-posted", now), now=now)
    return {"seconds": whole, "documents": digest.document_count, "themes": len(digest.themes),
            "first_seconds": time.perf_counter() - started, "first_documents": first.document_count,
            "rss_mb": peak_rss_mb()}


def run_child(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True,
                         text=True)
    if out.returncode != 0:  # say why, not only that it failed
        raise SystemExit(f"child {args[0]} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def one_new_file(bbc: list[Path], size: int) -> Path:
    """A new story, as a file shared in Slack would be: the paragraphs of two real articles
    interleaved under the first one's headline, each whole (one article alone, already in the store, would
    be its near-duplicate and measure replacing a document, not adding one); a second article
    that leaves the mix well short of near-duplicate to either, by the ingest's own measure."""
    start = size + int(time.time())

    def paragraphs(k: int) -> list[str]:
        text = bbc[(start + k * 997) % len(bbc)].read_text(encoding="utf-8", errors="replace")
        return [p for p in text.split("\n\n") if p.strip()]

    from bot.pipeline.fingerprint import NEAR_DUPLICATE, signature, similarity

    a = paragraphs(0)
    for k in range(1, 200):  # the BBC set holds a few stories twice: another headline
        b = paragraphs(k)
        mixed = [a[0]] + [p for pair in zip_longest(a[1:], b[1:]) for p in pair if p]
        sig = signature("\n\n".join(mixed))
        if b[0] != a[0] and max(similarity(sig, signature("\n\n".join(x)))
                                          for x in (a, b)) < NEAR_DUPLICATE - 0.15:
            break
    folder = Path(tempfile.mkdtemp(prefix="scale-add-"))
    target = folder / f"added-{size}-{int(time.time())}.txt"
    target.write_text("\n\n".join(mixed) + f"\n\nFiled {dt.datetime.now(dt.UTC).isoformat()}.\n",
                      encoding="utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpora" / "bbc")
    parser.add_argument("--sizes", default="10000,30000,100000")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--child", nargs="+")
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        print(json.dumps(child_ingest(*rest) if kind == "ingest" else child_digest(*rest)))
        return

    from db.connection import open_db

    OUT.mkdir(parents=True, exist_ok=True)
    bbc = sorted(f for f in args.corpus.rglob("*.txt") if f.name[0].isdigit())
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.rebuild:
        for old in OUT.glob("scale-*"):
            old.unlink()
    if not BASE.exists():
        build_base(bbc, args.workers)
    _prepare_base()
    stores, smaller = {}, None
    for size in sizes:
        path = OUT / f"scale-{size // 1000}k.sqlite"
        stores[size] = path if path.exists() else build_store(size, smaller)
        smaller = stores[size]
    if args.build_only:
        return
    rows = []
    for size, path in stores.items():
        db = open_db(path)
        counts = db.execute("SELECT (SELECT COUNT(*) FROM documents), "
                            "(SELECT COUNT(*) FROM entities WHERE label = 'PERSON'), "
                            "(SELECT COUNT(*) FROM phrase_df)").fetchone()
        latency = measure_queries(db, queries(db, args.queries))
        db.conn.close()
        added = run_child("ingest", str(path), str(one_new_file(bbc, size)))
        digest = run_child("digest", str(path))
        rows.append((size, counts, latency, added, digest))
        print(f"  measured {size}: {counts[0]} documents, {counts[1]} people, "
              f"{counts[2]} phrases", flush=True)
    _report(rows)


def _report(rows) -> None:
    print(f"\n{'measure':<34}" + "".join(f"{r[0] // 1000:>9}k" for r in rows) + "   target @100k")
    for command in ("who", "timeline", "search"):
        for i, label in ((0, "p50"), (1, "p95")):
            print(f"/{command} {label} (ms){'':<{22 - len(command)}}"
                  + "".join(f"{r[2][command][i]:>10.0f}" for r in rows)
                  + ("   < 200" if i else ""))
    lines = [
        ("add one document (s)", lambda r: f"{r[3]['seconds']:.2f}", "< 5"),
        ("  its outcome", lambda r: r[3]["status"], "new"),
        ("longest wait for the write lock (s)", lambda r: f"{r[3]['lock']:.2f}", "< 1"),
        ("peak RSS, ingest one file (MB)", lambda r: f"{r[3]['rss_mb']:.0f}", "< 500"),
        ("whole-corpus digest (s)", lambda r: f"{r[4]['seconds']:.1f}", "< 30"),
        ("a channel's first digest (s)", lambda r: f"{r[4]['first_seconds']:.1f}", ""),
        ("  documents in it", lambda r: f"{r[4]['first_documents']}", ""),
        ("peak RSS, digest (MB)", lambda r: f"{r[4]['rss_mb']:.0f}", "< 500"),
    ]
    for label, cell, target in lines:
        print(f"{label:<34}" + "".join(f"{cell(r):>10}" for r in rows) + f"   {target}")
    if len(rows) > 1:
        print("\np95 growth per doubling of documents (target ≤ ×1.3):")
        first, last = rows[0], rows[-1]
        doublings = max(1e-9, __import__("math").log2(last[0] / first[0]))
        for command in ("who", "timeline", "search"):
            ratio = last[2][command][1] / max(first[2][command][1], 1e-9)
            print(f"  /{command}: ×{ratio ** (1 / doublings):.2f}")


if __name__ == "__main__":
    main()

"""`newsdesk ingest`: files → articles → analysis → SQLite, one transaction per document.

Files are hashed first, so an unchanged file costs a read and a lookup, nothing more. The
heavy part runs in batches: reading and cleaning in a child process with CPU-time and memory
limits (`bot.pipeline.sandbox`: a hostile file costs seconds, not minutes), the spaCy pipeline
in this process or in a pool of worker processes; writes happen here, in order, one document
per transaction. The entity grouping runs once at the end (also when the run fails), and at
the next start of the bot or CLI if this run was killed before it. Entity grouping is incremental: only the names the new documents
touch, in short transactions.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from spacy.language import Language
from sqlite_utils import Database

from bot.models import AnalyzedDocument, Article, DocDate, YearClues
from bot.pipeline import fingerprint
from bot.pipeline.analyze import analyze_articles
from bot.pipeline.articles import UnreadableFile, iter_article_files, load_article
from bot.pipeline.dating.estimate import (
    SHOW_THRESHOLD,
    DatedNeighbor,
    combine_estimates,
    estimate_from_clues,
    estimate_from_neighbors,
)
from bot.pipeline.metadata import parse_given_date
from bot.pipeline.sandbox import MB, BoundedReader, ParseLimits, start_fork_server
from bot.regroup import regroup_new
from db.documents import (
    DuplicateDocument,
    entities_behind_for,
    find_by_hash,
    find_document,
    get_document,
    remove_document,
    save_document,
    stored_article,
)
from db.fingerprints import add_source, band_candidates, move_sources, save_fingerprint
from db.neighbors import dated_neighbors, document_names, stated_years

log = logging.getLogger(__name__)

# Bump when analysis changes, so re-ingesting re-analyzes files that did not change.
ANALYSIS_VERSION = "2"
FILES_PER_BATCH = 8


@dataclass
class FileOutcome:
    path: str
    status: str  # new | updated | unchanged | duplicate | failed
    document_id: int | None = None
    reason: str = ""
    analyzed: AnalyzedDocument | None = None


@dataclass
class IngestSummary:
    counts: Counter[str] = field(default_factory=Counter)
    passages: int = 0
    entities: int = 0
    dates: int = 0
    words: int = 0
    seconds: float = 0.0
    outcomes: list[FileOutcome] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return self.counts["failed"]

    def line(self) -> str:
        rate = self.words / self.seconds if self.seconds > 0 else 0.0
        c = self.counts
        return (
            f"documents: {c['new']} new, {c['updated']} updated, {c['unchanged']} unchanged, "
            f"{c['duplicate']} duplicate, {c['failed']} failed · passages {self.passages} · "
            f"entities {self.entities} · dates {self.dates} · {self.seconds:.1f} s · "
            f"{rate:,.0f} words/s"
        )

    def add(self, outcome: FileOutcome) -> None:
        self.counts[outcome.status] += 1
        self.outcomes.append(outcome)
        if outcome.analyzed is not None:
            a = outcome.analyzed
            self.passages += len(a.passages)
            self.entities += len(a.entities)
            self.dates += len(a.time_expressions)
            self.words += len(a.article.body.split())


def content_hash(path: Path, overrides: Mapping[str, str]) -> str:
    """What decides whether a file changed: its bytes, its sidecar, the overrides, our version."""
    digest = hashlib.sha256(ANALYSIS_VERSION.encode())
    digest.update(path.read_bytes())
    sidecar = path.with_name(path.name + ".meta.json")
    alt_sidecar = path.with_suffix(".meta.json")
    for side in (sidecar, alt_sidecar):
        if side.is_file():
            digest.update(side.read_bytes())
    digest.update(json.dumps(dict(sorted(overrides.items()))).encode())
    return digest.hexdigest()


# ---- the heavy part: runs here or in worker processes -------------------------------------

# A forked worker's pipeline: the parent's loaded one, handed over at fork (never pickled).
_WORKER_NLP: Language | None = None


def _init_worker(nlp: Language) -> None:
    global _WORKER_NLP
    _WORKER_NLP = nlp


def analyze_batch(
    nlp: Language,
    batch: Sequence[tuple[str, Mapping[str, str]]],
    batch_size: int = 64,
    *,
    reader: BoundedReader | None = None,
) -> list[tuple[str, AnalyzedDocument | str]]:
    """Load and analyze a batch of files; a file that cannot be read yields its reason.

    With a `reader`, files are read in its limited child process (see `bot.pipeline.sandbox`).
    """
    return analyze_loaded(nlp, load_batch(batch, reader), batch_size)


def load_batch(
    batch: Sequence[tuple[str, Mapping[str, str]]], reader: BoundedReader | None = None
) -> list[tuple[str, Article | str]]:
    """Each file's Article, or the one-line reason it cannot be read."""
    loaded: list[tuple[str, Article | str]] = []
    for path, overrides in batch:
        try:
            article = (reader.read(Path(path), overrides) if reader is not None
                       else load_article(Path(path), overrides))
            loaded.append((path, article))
        except (UnreadableFile, ValueError, OSError) as exc:
            loaded.append((path, _one_line(exc)))
    return loaded


def analyze_loaded(
    nlp: Language, loaded: Sequence[tuple[str, Article | str]], batch_size: int = 64
) -> list[tuple[str, AnalyzedDocument | str]]:
    """Analyze the loaded articles of a batch; reasons pass through, in order."""
    results: dict[str, AnalyzedDocument | str] = {
        path: item for path, item in loaded if isinstance(item, str)}
    articles = [item for _, item in loaded if not isinstance(item, str)]
    try:
        for analyzed in analyze_articles(nlp, articles, batch_size):
            results[analyzed.article.path] = analyzed
    except Exception as exc:  # one bad batch must not stop the run; retry file by file
        log.exception("analysis failed for a batch; retrying its files one by one")
        if len(articles) > 1:
            for article in articles:
                results.update(_analyze_one(nlp, article, batch_size))
        else:
            for article in articles:
                results[article.path] = f"analysis failed: {_one_line(exc)}"
    return [(path, results[path]) for path, _ in loaded]


def _one_line(exc: BaseException, limit: int = 160) -> str:
    """An exception as one short line (spaCy's errors run to many lines and 600 characters)."""
    lines = str(exc).strip().splitlines()
    text = lines[0].strip() if lines else type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _analyze_one(nlp: Language, article: Article, batch_size: int) -> dict[str, AnalyzedDocument | str]:
    try:
        (analyzed,) = analyze_articles(nlp, [article], batch_size)
        return {article.path: analyzed}
    except Exception as exc:
        log.exception("analysis failed path=%s", article.path)
        return {article.path: f"analysis failed: {_one_line(exc)}"}


def _worker_batch(args: tuple[Sequence[tuple[str, Article | str]], int]):
    loaded, batch_size = args
    assert _WORKER_NLP is not None
    return analyze_loaded(_WORKER_NLP, loaded, batch_size)


def _run_batches(
    nlp: Language,
    batches: list[list[tuple[str, Mapping[str, str]]]],
    workers: int,
    batch_size: int,
    limits: ParseLimits,
) -> Iterator[list[tuple[str, AnalyzedDocument | str]]]:
    """Read each batch in the bounded reader (here), analyze it here or in the workers."""
    with BoundedReader(limits) as reader:
        loaded = (load_batch(batch, reader) for batch in batches)
        if workers <= 1 or len(batches) <= 1:
            for batch in loaded:
                yield analyze_loaded(nlp, batch, batch_size)
            return
        context = multiprocessing.get_context("fork")
        with context.Pool(workers, initializer=_init_worker, initargs=(nlp,)) as pool:
            yield from pool.imap(_worker_batch, ((batch, batch_size) for batch in loaded))


# ---- the orchestration --------------------------------------------------------------------


def _plan(
    db: Database,
    files: Iterable[Path],
    overrides: Mapping[str, str],
    summary: IngestSummary,
    identities: Mapping[Path, str],
    max_bytes: int | None = None,
) -> list[tuple[str, Mapping[str, str], str]]:
    """Decide per file: skip (unchanged, duplicate, unreadable) or analyze.

    A file's identity (`documents.path`) is its resolved path unless `identities` names it
    (a file shared in Slack is "slack:<file id>", whatever temporary file holds its bytes).
    """
    todo: list[tuple[str, Mapping[str, str], str]] = []
    for file in files:
        path = identities.get(file.resolve()) or str(file.resolve())
        existing = find_document(db, path)
        merged = {**json.loads(existing["overrides"] or "{}"), **overrides} if existing else dict(overrides)
        try:
            too_large = _too_large(file, max_bytes)
            if too_large:
                summary.add(FileOutcome(path, "failed", reason=too_large))
                continue
            digest = content_hash(file, merged)
        except OSError as exc:
            summary.add(FileOutcome(path, "failed", reason=f"cannot read: {exc.strerror or exc}"))
            continue
        if existing and existing["content_hash"] == digest:
            summary.add(FileOutcome(path, "unchanged", existing["id"]))
            continue
        twin = find_by_hash(db, digest, other_than=path)  # early skip; save_document decides
        if twin is not None:
            add_source(db, twin["id"], path)
            summary.add(FileOutcome(path, "duplicate", twin["id"],
                                    reason=f"same content as document {twin['id']}"))
            continue
        todo.append((path, merged, digest))
    return todo


def _too_large(file: Path, max_bytes: int | None) -> str:
    """Why a file is too large to take (before reading a byte of it), or ""."""
    size = file.stat().st_size
    if max_bytes is None or size <= max_bytes:
        return ""
    return (f"file too large ({size / MB:.1f} MB; the largest taken is {max_bytes / MB:g} MB, "
            "NEWSDESK_MAX_FILE_MB)")


def warm_up() -> None:
    """Get ready for the first file a serving bot is sent: start the readers' fork server and
    load the near-duplicate library (together 2–3 s the first file would otherwise wait)."""
    start_fork_server()
    fingerprint.signature("warm up")


def ingest_paths(
    db: Database,
    paths: Sequence[Path],
    *,
    nlp: Language,
    overrides: Mapping[str, str] | None = None,
    workers: int = 1,
    batch_size: int = 64,
    on_file: Callable[[FileOutcome], None] | None = None,
    path_names: Mapping[Path, str] | None = None,
    limits: ParseLimits | None = None,
) -> IngestSummary:
    """Ingest files and folders; every file gets an outcome, failures never stop the run.

    `path_names` gives files an identity other than their path (see `ingest_file`); `limits`
    bound what reading one file may cost (size, CPU time, memory; defaults without a size
    limit).
    """
    limits = limits or ParseLimits()
    started = time.perf_counter()
    summary = IngestSummary()
    overrides = dict(overrides or {})
    report = on_file or (lambda outcome: None)
    identities = {Path(k).resolve(): v for k, v in (path_names or {}).items()}
    sources = {v: str(Path(k).resolve()) for k, v in (path_names or {}).items()}

    def record(outcome: FileOutcome) -> None:
        summary.add(outcome)
        report(outcome)

    files, missing = _expand(paths)
    for path in missing:
        record(FileOutcome(path, "failed", reason="no such file or folder"))
    before = len(summary.outcomes)
    todo = _plan(db, files, overrides, summary, identities, limits.max_bytes)
    for outcome in summary.outcomes[before:]:
        report(outcome)
    hashes = {sources.get(path, path): (path, merged, digest) for path, merged, digest in todo}
    batches = [
        [(sources.get(path, path), merged) for path, merged, _ in todo[i : i + FILES_PER_BATCH]]
        for i in range(0, len(todo), FILES_PER_BATCH)
    ]
    try:
        for results in _run_batches(nlp, batches, workers, batch_size, limits):
            for file, result in results:
                record(_store(db, *_with_identity(hashes[file], result)))
    finally:  # a run that fails half-way still leaves the names of what it stored findable
        regroup_new(db)  # incremental; a full regrouping only when one is due
    undated = [(o.document_id, o.analyzed.year_clues) for o in summary.outcomes
               if o.analyzed is not None and o.analyzed.date is None and o.document_id]
    if sum(date_by_corpus(db, document_id, nlp=nlp, clues=clues) for document_id, clues in undated):
        regroup_new(db)  # the re-dated documents' records were replaced
    summary.seconds = time.perf_counter() - started
    return summary


def _with_identity(
    planned: tuple[str, Mapping[str, str], str], result: AnalyzedDocument | str
) -> tuple[str, AnalyzedDocument | str, Mapping[str, str], str]:
    path, merged, digest = planned
    return path, result, merged, digest


def ingest_file(
    db: Database,
    file_path: Path,
    *,
    identity: str,
    nlp: Language,
    overrides: Mapping[str, str] | None = None,
    limits: ParseLimits | None = None,
) -> FileOutcome:
    """Ingest one file under `identity` instead of its path (e.g. "slack:F0123" for a file
    shared in Slack, held in a temporary file): re-sharing it is "unchanged", a new version
    "updated". The same code path as `ingest_paths`."""
    summary = ingest_paths(db, [file_path], nlp=nlp, overrides=overrides,
                           path_names={file_path: identity}, limits=limits)
    return summary.outcomes[-1]


def _expand(paths: Sequence[Path]) -> tuple[list[Path], list[str]]:
    missing = [str(p) for p in paths if not p.exists()]
    files = list(iter_article_files([p for p in paths if p.exists()]))
    return files, missing


def _store(
    db: Database,
    path: str,
    result: AnalyzedDocument | str,
    overrides: Mapping[str, str],
    digest: str,
) -> FileOutcome:
    if isinstance(result, str):
        return FileOutcome(path, "failed", reason=result)
    existing = find_document(db, path)
    sig = fingerprint.signature(result.article.body)
    twin = _near_twin(db, sig, None if existing is None else existing["id"])
    if twin is not None:
        twin_id, score = twin
        twin_row = get_document(db, twin_id)
        if twin_row is None or not _better_described(result, twin_row):
            add_source(db, twin_id, path)
            return FileOutcome(path, "duplicate", twin_id,
                               reason=f"the same story as document {twin_id} "
                                      f"(similarity {score:.2f}); listed as its source")
        # This file says more (a stated date where the stored copy has none): it becomes the
        # document, and the stored copy's files its sources.
        document_id = save_document(db, result, path=path, content_hash=digest,
                                    overrides=overrides)
        save_fingerprint(db, document_id, sig, fingerprint.bands(sig))
        move_sources(db, twin_id, document_id, also=twin_row["path"])
        remove_document(db, twin_id)
        return FileOutcome(path, "duplicate", document_id, analyzed=result,
                           reason=f"the same story as document {twin_id} (similarity "
                                  f"{score:.2f}), better described: it replaces it")
    try:
        document_id = save_document(db, result, path=path, content_hash=digest,
                                    overrides=overrides)
    except DuplicateDocument as same:  # stored by a concurrent ingest since `_plan` looked
        return FileOutcome(path, "duplicate", same.document_id, reason=str(same))
    save_fingerprint(db, document_id, sig, fingerprint.bands(sig))
    return FileOutcome(path, "updated" if existing else "new", document_id, analyzed=result)


def date_by_corpus(db: Database, document_id: int, *, nlp: Language,
                   clues: YearClues | None = None) -> bool:
    """Date an undated document by the dated ones that report the same events, if sure enough.

    The neighbors' vote (`estimate_from_neighbors`), bounded by what the text tells as past and
    as ahead, narrowed by the weekdays it names, and weighed with the text's own guess
    (`clues`, from analysis; without them every year the text states is a lower bound), must
    reach the threshold at which estimates are shown; then the document is analyzed again with that year, so its relative dates ("last
    month") resolve against it and are marked estimated. True when the document got a date.
    """
    row = get_document(db, document_id)
    if row is None or row["date"]:
        return False
    if clues is None:
        clues = YearClues(lower=max(stated_years(db, document_id), default=None))
    neighbors = [DatedNeighbor(names, year, str(doc_id))
                 for doc_id, year, names in dated_neighbors(db, document_id)]
    corpus = estimate_from_neighbors(document_names(db, document_id), neighbors,
                                     lower=clues.lower, upper=clues.upper,
                                     weekdays=clues.weekdays)
    estimate = combine_estimates(estimate_from_clues(clues), corpus)
    if corpus is None or estimate is None or estimate.confidence < SHOW_THRESHOLD:
        return False
    date = DocDate(str(estimate.year), "year", "estimated",
                   f"{estimate.evidence} (confidence {estimate.confidence:.2f})")
    (analyzed,) = analyze_articles(nlp, [stored_article(row, date)])
    save_document(db, analyzed, path=row["path"], content_hash=row["content_hash"],
                  overrides=json.loads(row["overrides"] or "{}"))
    sig = fingerprint.signature(analyzed.article.body)
    save_fingerprint(db, document_id, sig, fingerprint.bands(sig))
    log.info("dated by the corpus document=%s year=%s confidence=%.2f", document_id,
             estimate.year, estimate.confidence)
    return True


def _better_described(new: AnalyzedDocument, stored: Mapping[str, object]) -> bool:
    """The new copy states a date and the stored one does not (or only estimates one)."""
    return new.date is not None and not new.date.estimated and (
        not stored["date"] or stored["date_kind"] == "estimated")


def _near_twin(db: Database, sig: tuple[int, ...], own_id: int | None) -> tuple[int, float] | None:
    """The stored document holding the same story (MinHash/LSH), other than the file's own."""
    best = None
    for document_id, other in band_candidates(db, fingerprint.bands(sig)):
        score = fingerprint.similarity(sig, other)
        if document_id != own_id and score >= fingerprint.NEAR_DUPLICATE and (
                best is None or score > best[1]):
            best = (document_id, score)
    return best


def correct_document(
    db: Database, document_id: int, changes: Mapping[str, str], *, nlp: Language
) -> AnalyzedDocument:
    """Apply `docs set` corrections (title, date, source, url) and re-analyze from the stored body.

    A corrected date re-resolves every relative expression ("last month") against it. The
    corrections are kept as the document's overrides, so re-ingesting its file keeps them.
    """
    row = get_document(db, document_id)
    if row is None:
        raise LookupError(f"There is no document {document_id}; `newsdesk docs` lists them.")
    overrides = {**json.loads(row["overrides"] or "{}"), **changes}
    date = parse_given_date(overrides["date"], origin="docs set") if "date" in overrides else _stored_date(row)
    article = stored_article(row, date)
    article = replace(
        article,
        title=overrides.get("title", article.title),
        source=overrides.get("source", article.source),
        url=overrides.get("url", article.url),
    )
    (analyzed,) = analyze_articles(nlp, [article])
    source_file = Path(row["path"])
    # Re-hash with the new overrides so that re-ingesting the file with them is "unchanged".
    digest = content_hash(source_file, overrides) if source_file.is_file() else row["content_hash"]
    save_document(db, analyzed, path=row["path"], content_hash=digest, overrides=overrides)
    sig = fingerprint.signature(analyzed.article.body)
    save_fingerprint(db, document_id, sig, fingerprint.bands(sig))
    regroup_new(db)  # its records were replaced: regroup what they touch
    return analyzed


def _stored_date(row: Mapping[str, object]) -> DocDate | None:
    """Keep a stated or given date; an estimated one is recomputed by the analysis."""
    if row["date"] and row["date_kind"] != "estimated":
        return DocDate(str(row["date"]), str(row["date_granularity"]), str(row["date_kind"]),
                       str(row["date_evidence"] or ""))
    return None


def repair_entities(db: Database, *, idle_seconds: float = 0.0) -> bool:
    """Regroup the entities if an ingest stored documents and stopped before grouping them
    (killed, crashed), so `/who` knows every stored name. True if it regrouped.

    `idle_seconds`: leave alone entities that fell behind more recently than that (an ingest
    that is still writing groups its records at its own end).
    """
    behind_for = entities_behind_for(db)
    if behind_for is None or behind_for < idle_seconds:
        return False
    log.info("entities behind the stored records for %.0f s: regrouping", behind_for)
    regroup_new(db)  # a full regrouping when one is due (stale), else only the new records
    return True


def delete_document(db: Database, document_id: int) -> bool:
    """Remove a document with everything derived from it, and regroup the entities its names
    touched (a surname it alone resolved becomes ambiguous again). False if there was no such
    document."""
    if not remove_document(db, document_id):
        return False
    regroup_new(db)
    return True

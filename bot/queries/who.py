"""`/who NAME`: who or what this is, according to the documents."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz
from sqlite_utils import Database

from bot.pipeline.aliases import normalize_name
from bot.pipeline.dating.display import format_date
from bot.queries.names import Candidate, find_entity
from bot.queries.sources import SourceRef
from bot.queries.text import clean_query
from db import reads

KIND_NAMES = {
    "PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "FAC": "place",
    "NORP": "group", "EVENT": "event", "LAW": "law", "PRODUCT": "product",
    "WORK_OF_ART": "work",
}
COMPANION_GROUPS = {"people": {"PERSON"}, "organizations": {"ORG"}, "places": {"GPE", "LOC", "FAC"}}
_KIND_RANK = {"appositive": 0, "copula": 1, "byline": 2, "title": 3}
MAX_EXCERPTS = 5
MAX_PER_DOCUMENT = 2


@dataclass(frozen=True)
class DescriptionLine:
    text: str
    kind: str
    sources: tuple[SourceRef, ...]


@dataclass(frozen=True)
class Excerpt:
    text: str
    bold: tuple[tuple[int, int], ...]  # spans of the entity's name in `text`
    source: SourceRef
    passage_id: int


@dataclass(frozen=True)
class WhoResult:
    entity_id: int
    name: str
    kind: str
    aliases: tuple[str, ...]
    descriptions: tuple[DescriptionLine, ...]
    mentions: int
    documents: int
    first_date: str
    last_date: str
    companions: Mapping[str, tuple[tuple[str, int], ...]]
    excerpts: tuple[Excerpt, ...]
    alternatives: tuple[Candidate, ...] = ()
    split_names: tuple[str, ...] = ()  # other names its records go by: what a split can take


@dataclass(frozen=True)
class NotFound:
    query: str
    nearest: tuple[Candidate, ...]


def who(db: Database, raw_query: str) -> WhoResult | NotFound:
    """Answer `/who`: the best-matching entity's profile, or the nearest names."""
    query = clean_query(raw_query)
    match = find_entity(db, query)
    if match.best is None:
        return NotFound(query, match.nearest)
    return profile(db, match.best.entity_id, match.alternatives)


def profile(db: Database, entity_id: int, alternatives: Sequence[Candidate] = ()) -> WhoResult:
    entity = reads.entity(db, entity_id)
    assert entity is not None
    descriptions = reads.entity_descriptions(db, entity_id)
    return WhoResult(
        entity_id=entity_id,
        name=entity["name"],
        kind=KIND_NAMES.get(entity["label"], entity["label"].lower()),
        aliases=tuple(a for a in reads.entity_aliases(db, entity_id) if a != entity["name"]),
        descriptions=tuple(merge_descriptions(descriptions)),
        mentions=entity["mentions"],
        documents=entity["documents"],
        first_date=format_date(entity["first_date"]) if entity["first_date"] else "",
        last_date=format_date(entity["last_date"]) if entity["last_date"] else "",
        companions=companions(reads.co_occurring(db, entity_id)),
        excerpts=tuple(best_excerpts(db, entity_id)),
        alternatives=tuple(alternatives),
        split_names=tuple(split_names(db, entity_id, entity["name"])),
    )


def split_names(db: Database, entity_id: int, name: str) -> list[str]:
    """The names of the records grouped into the entity other than its own: what can be split."""
    own = normalize_name(name)
    seen: dict[str, str] = {}
    for member in reads.member_names(db, entity_id):
        norm = normalize_name(member)
        if norm and norm != own:
            seen.setdefault(norm, member)
    return list(seen.values())


def _normalized(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def merge_descriptions(rows: Sequence[Mapping[str, Any]]) -> list[DescriptionLine]:
    """Deduplicate descriptions (near-identical texts merge, keeping every source), best first.

    Best: said by more documents, then appositives and "is a" sentences over bare titles,
    then the more informative (longer) text.
    """
    groups: list[dict[str, Any]] = []
    group_of: dict[str, dict[str, Any]] = {}  # a text seen before joins its group unscored
    for row in rows:
        norm = _normalized(row["text"])
        if not norm:
            continue
        group = group_of.get(norm) or next(
            (g for g in groups if fuzz.token_sort_ratio(norm, g["norm"]) >= 90), None)
        if group is None:
            group = {"text": row["text"], "norm": norm, "kinds": set(), "sources": {}}
            groups.append(group)
        elif len(row["text"]) > len(group["text"]):
            group.update(text=row["text"], norm=norm)
        group_of[norm] = group
        group["kinds"].add(row["kind"])
        group["sources"].setdefault(row["document_id"], SourceRef.from_row(row))

    def rank(group: Mapping[str, Any]) -> tuple:
        kind = min(_KIND_RANK.get(k, 9) for k in group["kinds"])
        return (-len(group["sources"]), kind, -min(len(group["text"]), 160))

    ordered = sorted(groups, key=rank)
    return [
        DescriptionLine(g["text"], min(g["kinds"], key=lambda k: _KIND_RANK.get(k, 9)),
                        tuple(g["sources"].values()))
        for g in ordered
    ]


def companions(rows: Sequence[Mapping[str, Any]], per_group: int = 5) -> dict[str, tuple[tuple[str, int], ...]]:
    out: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for row in rows:
        for group, labels in COMPANION_GROUPS.items():
            if row["label"] in labels and len(out[group]) < per_group:
                out[group].append((row["name"], row["shared"]))
    return {g: tuple(v) for g, v in out.items() if v}


def best_excerpts(db: Database, entity_id: int) -> list[Excerpt]:
    """The entity's most informative passages (chosen and ranked in SQL: `reads.excerpt_candidates`
    says how), with its mentions in them marked."""
    rows = reads.excerpt_candidates(db, entity_id, MAX_EXCERPTS, MAX_PER_DOCUMENT)
    spans: dict[int, set[tuple[int, int]]] = defaultdict(set)
    for span in reads.entity_mentions(db, entity_id, [r["id"] for r in rows]):
        spans[span["passage_id"]].add((span["s"], span["e"]))
    return [Excerpt(r["text"], tuple(sorted(spans[r["id"]])), SourceRef.from_row(r), r["id"])
            for r in rows]

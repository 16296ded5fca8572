"""Finding the entity a user means: rapidfuzz over every entity's name forms.

Tuned for short names: exact forms win; then typos of a whole form ("puttin"), typos of one
word of a form (a surname: "naryskin"), and forms inside a longer query ("President Putin").
Person-shaped queries prefer people; mention counts break ties.
"""

from __future__ import annotations

import heapq
import math
import re
import threading
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlite_utils import Database

from bot.pipeline.aliases import normalize_name
from db.reads import aliases_of, all_aliases, entities_changed_since, entity_epochs

GOOD_MATCH = 78  # below this, "nothing close"
CLOSE_GAP = 4  # candidates this close to the best are offered as alternatives
_SURNAME_FACTOR = 0.96  # a one-word match counts a little less than a whole-form match
# A word shared by more forms than this ("brown" at 100k documents) contributes its this-many
# most mentioned forms (a word merely like the query's, a fifth as many): the ranking prefers
# them anyway, and the work stays the same at any size.
WORD_FORMS = 40
LENGTH_SLACK = 3  # a word compared with indexed words this many letters shorter or longer


@dataclass(frozen=True)
class Candidate:
    entity_id: int
    name: str
    label: str
    mentions: int
    score: float


@dataclass(frozen=True)
class NameMatch:
    best: Candidate | None
    alternatives: tuple[Candidate, ...]  # close to the best: "Did you mean …"
    nearest: tuple[Candidate, ...]  # when nothing is close: the nearest names


class NameIndex:
    """Every alias, by normalized form and by word, for one epoch of the entities.

    Built once per database; after a regrouping it is updated from the entities that changed
    (`updated`), never rebuilt whole, so a query after an ingest does not pay for the corpus.
    """

    def __init__(self, rows: Sequence[dict], epoch: int = 0):
        self.epoch = epoch
        self.by_norm: dict[str, list[dict]] = defaultdict(list)
        self.by_word: dict[str, set[str]] = defaultdict(set)
        self.norms_of: dict[int, set[str]] = defaultdict(set)  # entity → its alias norms
        self.weight: dict[str, int] = {}  # norm → the most mentions of an entity it names
        self.top: dict[str, list[str]] = {}  # a word in many forms → its most mentioned forms
        self._add(rows)
        self._index_lists()
        self._rank_forms(self.by_word)

    def _add(self, rows: Sequence[dict]) -> None:
        for row in rows:
            self.by_norm[row["norm"]].append(row)
            self.norms_of[row["entity_id"]].add(row["norm"])
            self.weight[row["norm"]] = max(self.weight.get(row["norm"], 0), row["mentions"])
            for word in row["norm"].split():
                if len(word) > 1:
                    self.by_word[word].add(row["norm"])

    def _index_lists(self) -> None:
        self.norms = list(self.by_norm)
        self.words = list(self.by_word)
        # words by (first two letters, length) and (last two, length): see `similar_words`
        self.by_start: dict[tuple[str, int], list[str]] = defaultdict(list)
        self.by_end: dict[tuple[str, int], list[str]] = defaultdict(list)
        for word in self.words:
            self.by_start[word[:2], len(word)].append(word)
            self.by_end[word[-2:], len(word)].append(word)

    def _rank_forms(self, words: Iterable[str]) -> None:
        """Keep `top` right for these words: their WORD_FORMS most mentioned forms, if they
        have more (ranked once per change, not per query)."""
        for word in words:
            forms = self.by_word.get(word, ())
            if len(forms) > WORD_FORMS:
                self.top[word] = heapq.nlargest(WORD_FORMS, forms, key=self.weight.__getitem__)
            else:
                self.top.pop(word, None)

    def updated(self, changed: Sequence[int], rows: Sequence[dict], epoch: int) -> NameIndex:
        """A new index: this one without the `changed` entities' old aliases, with `rows`
        (their aliases now). Copy-on-write, so threads reading this one are not disturbed."""
        new = NameIndex.__new__(NameIndex)
        new.epoch = epoch
        new.by_norm = defaultdict(list, self.by_norm)
        new.by_word = defaultdict(set, self.by_word)
        new.norms_of = defaultdict(set, self.norms_of)
        new.weight = dict(self.weight)
        new.top = dict(self.top)
        touched: set[str] = {w for row in rows for w in row["norm"].split()}
        gone = set(changed)
        for entity_id in gone:
            for norm in new.norms_of.pop(entity_id, ()):
                touched.update(norm.split())
                kept = [r for r in new.by_norm.get(norm, ()) if r["entity_id"] not in gone]
                if kept:
                    new.by_norm[norm] = kept
                    new.weight[norm] = max(r["mentions"] for r in kept)
                    continue
                new.by_norm.pop(norm, None)
                new.weight.pop(norm, None)
                for word in norm.split():
                    if word in new.by_word and norm in new.by_word[word]:
                        new.by_word[word] = new.by_word[word] - {norm}
                        if not new.by_word[word]:
                            del new.by_word[word]
        for row in rows:  # copy the lists and sets about to change
            new.by_norm[row["norm"]] = list(new.by_norm.get(row["norm"], ()))
            for word in row["norm"].split():
                if len(word) > 1:
                    new.by_word[word] = set(new.by_word.get(word, ()))
        new._add(rows)
        new._index_lists()
        new._rank_forms(touched)
        return new

    def similar_words(self, word: str, cutoff: float, limit: int = 10) -> list[tuple[str, float]]:
        """Indexed words within `cutoff` (fuzz.ratio) of `word`, best first.

        Only words sharing its first two letters or its last two, and within LENGTH_SLACK
        letters of its length, are compared: a typo rarely changes both ends or the length by
        more, and it keeps the work a small share of the vocabulary at 250k names.
        """
        if cutoff >= 100:
            return [(word, 100.0)] if word in self.by_word else []
        lengths = range(max(2, len(word) - LENGTH_SLACK), len(word) + LENGTH_SLACK + 1)
        hits: dict[str, float] = {}
        for index, key in ((self.by_start, word[:2]), (self.by_end, word[-2:])):
            block = [w for n in lengths for w in index.get((key, n), ())]
            for hit, score, _ in process.extract(word, block, scorer=fuzz.ratio, limit=limit,
                                                 score_cutoff=cutoff):
                hits[hit] = score
        return sorted(hits.items(), key=lambda kv: -kv[1])[:limit]

    def forms_with(self, word: str, most: int = WORD_FORMS) -> set[str]:
        """The forms containing `word`: all of them, or the `most` most mentioned."""
        forms = self.by_word[word]
        if len(forms) <= most:
            return forms
        if word in self.top:
            return set(self.top[word][:most])
        return set(heapq.nlargest(most, forms, key=self.weight.__getitem__))  # ≤ WORD_FORMS

    def alias_scores(self, query: str) -> dict[str, float]:
        """Best score per alias norm for the normalized query.

        Whole-form scores (ratio, token set) are computed over the forms that have a word
        like one of the query's, not over every form: the work follows the query.
        """
        scores: dict[str, float] = {}

        def keep(norm: str, score: float) -> None:
            if score > scores.get(norm, 0):
                scores[norm] = score

        if query in self.by_norm:
            keep(query, 100.0)
        candidates: set[str] = set()
        factor = _SURNAME_FACTOR if len(query.split()) == 1 else 0.9
        per_word: list[set[str]] = []  # every form holding a word like each query word
        for word in query.split():
            if len(word) < 2:
                continue
            like: set[str] = set()
            for hit, score in self.similar_words(word, 100 if len(word) <= 3 else 75):
                forms = self.forms_with(hit, WORD_FORMS if score >= 100 else WORD_FORMS // 5)
                for norm in forms:
                    keep(norm, score * factor)
                candidates |= forms
                like |= self.by_word[hit]
            per_word.append(like)
        for i, like in enumerate(per_word):  # forms with two of the words ("gordn brown"), all
            for other in per_word[i + 1:]:
                candidates |= like & other
        forms = sorted(candidates)
        for norm, score, _ in process.extract(query, forms, scorer=fuzz.ratio,
                                              limit=15, score_cutoff=60):
            keep(norm, score)
        if " " in query:
            for norm, score, _ in process.extract(query, forms, scorer=fuzz.token_set_ratio,
                                                  limit=10, score_cutoff=80):
                keep(norm, score * 0.98)
        return scores


_cache: dict[str, NameIndex] = {}  # database file → its index
_lock = threading.Lock()


def name_index(db: Database) -> NameIndex:
    """The alias index for this database: built once, then updated from the entities each
    regrouping changed (rebuilt only after a full regrouping or a long absence)."""
    path = db.conn.execute("PRAGMA database_list").fetchone()[2] or f"memory:{id(db.conn)}"
    epoch, full_epoch = entity_epochs(db)
    with _lock:
        index = _cache.get(path)
        if index is not None and index.epoch == epoch:
            return index
        changed = None
        if index is not None and index.epoch >= full_epoch and index.epoch < epoch:
            changed = entities_changed_since(db, index.epoch)
        if changed is None:
            index = NameIndex(all_aliases(db), epoch)
        else:
            index = index.updated(changed, aliases_of(db, changed), epoch)
        if len(_cache) > 4:
            _cache.clear()
        _cache[path] = index
    return index


def _person_shaped(raw: str) -> bool:
    """A name-like query: one to four words of letters, not a sentence."""
    words = raw.split()
    return 0 < len(words) <= 4 and all(re.fullmatch(r"[\w.'’-]+", w) for w in words)


def rank_candidates(index: NameIndex, raw_query: str) -> list[Candidate]:
    query = normalize_name(raw_query)
    if not query:
        return []
    by_entity: dict[int, Candidate] = {}
    person_bias = 2.0 if _person_shaped(raw_query) else 0.0
    for norm, score in index.alias_scores(query).items():
        for row in index.by_norm[norm]:
            bonus = person_bias if row["label"] == "PERSON" else 0.0
            total = score + bonus + math.log1p(row["mentions"]) * 0.3
            current = by_entity.get(row["entity_id"])
            if current is None or total > current.score:
                by_entity[row["entity_id"]] = Candidate(
                    row["entity_id"], row["name"], row["label"], row["mentions"], total)
    return sorted(by_entity.values(), key=lambda c: (-c.score, -c.mentions, c.name))


def find_entity(db: Database, raw_query: str) -> NameMatch:
    """The entity the query names, close alternatives, or the nearest names if none is close."""
    ranked = rank_candidates(name_index(db), raw_query)
    if not ranked or ranked[0].score < GOOD_MATCH:
        return NameMatch(None, (), tuple(ranked[:5]))
    best = ranked[0]
    close = tuple(c for c in ranked[1:6] if best.score - c.score <= CLOSE_GAP)
    return NameMatch(best, close, ())

"""Which mentions and entity records are the same real thing.

Two levels:
  - `cluster_document`: within one document, "Putin", "Vladimir Putin", "President Putin" and
    "Putin’s" are one `LocalEntity`; a bare surname joins the one full name that has it.
  - `merge_corpus`: across documents, records with the same normalized name and compatible
    labels are one thing; a surname-only record joins the single full-name person that has
    that surname in the whole corpus, and stays apart when two people share it.

`normalize_name` is the one place names are normalized; the query layer reuses it.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from bot.models import LocalEntity, Mention
from bot.pipeline.names import HONORIFICS, NAME_SUFFIXES

log = logging.getLogger(__name__)

_QUOTE_MAP = str.maketrans({
    "’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'",
    "“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-",
})
_POSSESSIVE = re.compile(r"(?:'s|(?<=s)')$")
_ACRONYM = re.compile(r"^[A-Z][A-Z&.-]{1,9}$")
# Label priority for ties: a person reading wins, then places (the tagger often calls a
# place an ORG), then organizations.
_LABEL_ORDER = ("PERSON", "GPE", "LOC", "ORG", "NORP", "FAC", "EVENT", "LAW", "PRODUCT",
                "WORK_OF_ART")


def normalize_name(s: str) -> str:
    """The comparison form of a name: case, accents, quotes, dots, possessive, "the" removed.

    >>> normalize_name("  The  Élysée’s ")
    'elysee'
    >>> normalize_name("U.S.")
    'us'
    """
    text = unicodedata.normalize("NFKC", s).translate(_QUOTE_MAP)
    text = " ".join(text.split())
    text = _POSSESSIVE.sub("", text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace(".", "").replace('"', "")
    text = " ".join(text.split())
    if text.startswith("the "):
        text = text[4:]
    return text.strip(" '-,")


def name_parts(name: str) -> tuple[str, ...]:
    """Normalized words of a person's name without honorifics or suffixes ("Jr.")."""
    words = normalize_name(name).split()
    while words and words[0] in HONORIFICS:
        words = words[1:]
    while len(words) > 1 and words[-1] in NAME_SUFFIXES:
        words = words[:-1]
    return tuple(words)


def label_family(label: str) -> str:
    """Labels that can name the same thing: GPE and LOC together, every other label alone."""
    return "PLACE" if label in ("GPE", "LOC") else label


# ---------------------------------------------------------------- within one document


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> list[list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.parent)):
            out[self.find(i)].append(i)
        return sorted(out.values(), key=lambda g: g[0])


def cluster_document(mentions: Sequence[Mention]) -> list[LocalEntity]:
    """Group one document's mentions into the real things they refer to.

    Mentions with the same normalized name are one thing whatever their labels (the tagger
    labels "Tsipras" PERSON in one sentence and ORG in the next). A shorter person name joins
    the full name it ends ("Putin" → "Vladimir Putin") or, for two-word names, begins ("Xi" →
    "Xi Jinping"), when exactly one full name in the document fits. An acronym joins the
    organization whose initials it spells ("JBIC" → "Japan Bank for International Cooperation").
    """
    if not mentions:
        return []
    keys = [normalize_name(m.name) for m in mentions]
    uf = _UnionFind(len(mentions))
    first_by_key: dict[str, int] = {}
    for i, key in enumerate(keys):
        if key in first_by_key:
            uf.union(first_by_key[key], i)
        else:
            first_by_key[key] = i
    _join_short_person_names(mentions, keys, first_by_key, uf)
    _join_acronyms(mentions, keys, first_by_key, uf)
    entities = [_local_entity(mentions, group) for group in uf.groups()]
    log.debug("clustered mentions=%d entities=%d", len(mentions), len(entities))
    return entities


def _labels_by_key(mentions: Sequence[Mention], keys: Sequence[str]) -> dict[str, Counter[str]]:
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for m, key in zip(mentions, keys, strict=True):
        out[key][m.label] += 1
    return out


def _join_short_person_names(mentions: Sequence[Mention], keys: Sequence[str],
                             first_by_key: dict[str, int], uf: _UnionFind) -> None:
    labels = _labels_by_key(mentions, keys)
    full_names = {
        key: name_parts(mentions[i].name) for key, i in first_by_key.items()
        if labels[key]["PERSON"] and len(name_parts(mentions[i].name)) >= 2
    }
    # Full names with the same first and last word are one person ("Vladimir V. Putin").
    by_ends: dict[tuple[str, str], str] = {}
    for key, parts in sorted(full_names.items(), key=lambda kv: len(kv[1])):
        ends = (parts[0], parts[-1])
        if ends in by_ends:
            uf.union(first_by_key[by_ends[ends]], first_by_key[key])
        else:
            by_ends[ends] = key
    index = _short_name_index(full_names.values())
    for key, i in first_by_key.items():
        parts = name_parts(mentions[i].name)
        if not parts or not _may_be_person(labels[key]):
            continue
        owner = _single_owner(parts, index)
        if owner is not None:
            uf.union(first_by_key[by_ends[owner]], i)


def _single_owner(parts: tuple[str, ...], index: dict[tuple[str, ...], set]) -> tuple | None:
    """The (first, last) words of the one longer full name that `parts` is a short form of."""
    own = (parts[0], parts[-1]) if len(parts) >= 2 else None
    owners = {(p[0], p[-1]) for p in index.get(parts, ())} - {own}
    return owners.pop() if len(owners) == 1 else None


def _may_be_person(labels: Counter[str]) -> bool:
    """A short name may be a person's unless the document only ever calls it a place."""
    return labels["PERSON"] > 0 or not (labels["GPE"] or labels["LOC"])


def _short_name_index(full_names: Iterable[tuple[str, ...]]) -> dict[tuple[str, ...], set]:
    """Every proper ending of each full name, and the first word of two-word names."""
    index: dict[tuple[str, ...], set[tuple[str, ...]]] = defaultdict(set)
    for parts in full_names:
        for k in range(1, len(parts)):
            index[parts[k:]].add(parts)
        if len(parts) == 2:
            index[parts[:1]].add(parts)
    return index


def _join_acronyms(mentions: Sequence[Mention], keys: Sequence[str],
                   first_by_key: dict[str, int], uf: _UnionFind) -> None:
    orgs = {key: mentions[i].name for key, i in first_by_key.items()
            if mentions[i].label == "ORG" and " " in mentions[i].name}
    for i in first_by_key.values():
        name = mentions[i].name
        if mentions[i].label != "ORG" or not _ACRONYM.match(name):
            continue
        matches = [k for k, full in orgs.items() if spells_acronym(name, full)]
        if len(matches) == 1:
            uf.union(first_by_key[matches[0]], i)


def spells_acronym(acronym: str, full: str) -> bool:
    """True if `acronym` is the initials of `full`'s capitalized words, with optional initials
    of its small words: "JBIC" ← "Japan Bank for International Cooperation", "MOFA" ←
    "Ministry of Foreign Affairs"."""
    letters = re.sub(r"[^A-Za-z]", "", acronym).upper()
    words = [w for w in re.split(r"[\s-]+", full) if w]
    if len(letters) < 2 or len(words) < 2:
        return False
    pattern = "".join(
        re.escape(w[0].upper()) if w[:1].isupper() else f"{re.escape(w[0].upper())}?"
        for w in words if w[:1].isalpha()
    )
    return re.fullmatch(pattern, letters) is not None


def _pick_label(labels: Counter[str], has_full_person_name: bool) -> str:
    if has_full_person_name:
        return "PERSON"
    return max(labels, key=lambda lab: (labels[lab], -_LABEL_ORDER.index(lab)
                                        if lab in _LABEL_ORDER else -99))


def _fullest(names: Sequence[str]) -> str:
    """The fullest written form: most words, then most frequent, then not SHOUTED."""
    counts = Counter(names)
    return max(counts, key=lambda n: (len(n.split()), counts[n], not n.isupper(), -names.index(n)))


def _local_entity(mentions: Sequence[Mention], group: list[int]) -> LocalEntity:
    names = [mentions[i].name for i in group]
    labels = Counter(mentions[i].label for i in group)
    has_full_person = any(
        mentions[i].label == "PERSON" and len(name_parts(mentions[i].name)) >= 2 for i in group
    )
    label = _pick_label(labels, has_full_person)
    forms = tuple(dict.fromkeys(names))
    return LocalEntity(name=_fullest(names), label=label, forms=forms,
                       mention_indexes=tuple(group))


# ---------------------------------------------------------------- across the corpus


@dataclass(frozen=True)
class EntityRecord:
    """One document's entity as stored: what the corpus merge needs to know about it."""

    key: Hashable  # the caller's id for it (a row id, or (doc, index))
    name: str
    label: str
    forms: tuple[str, ...] = ()
    mention_count: int = 1


def merge_corpus(records: Sequence[EntityRecord]) -> list[list[int]]:
    """Group record indexes that name the same real thing across the corpus.

    - same normalized name and compatible labels (PERSON with PERSON, GPE with LOC, ORG with
      ORG) → one group;
    - a person record whose name is only a surname (or another ending of a full name) joins
      the full-name person with that surname when exactly one exists in the corpus; two
      people sharing it ("Bill Clinton", "Hillary Clinton") leave "Clinton" apart;
    - an organization's acronym form joins its expansion when the acronym has one expansion.

    Linear in the number of records (dict indexes, no pairwise comparison).
    """
    uf = _UnionFind(len(records))
    by_name: dict[tuple[str, str], int] = {}
    for i, rec in enumerate(records):
        slot = (label_family(rec.label), normalize_name(rec.name))
        if slot in by_name:
            uf.union(by_name[slot], i)
        else:
            by_name[slot] = i
    _merge_person_names(records, uf)
    _merge_acronyms(records, by_name, uf)
    groups = uf.groups()
    log.info("merged records=%d groups=%d", len(records), len(groups))
    return groups


def _merge_person_names(records: Sequence[EntityRecord], uf: _UnionFind) -> None:
    parts_of = {i: name_parts(r.name) for i, r in enumerate(records) if r.label == "PERSON"}
    anchor: dict[tuple[str, str], int] = {}  # (first, last) of a full name → a record
    for i, parts in parts_of.items():
        if len(parts) >= 2:
            ends = (parts[0], parts[-1])
            if ends in anchor:
                uf.union(anchor[ends], i)
            else:
                anchor[ends] = i
    index = _short_name_index({p for p in parts_of.values() if len(p) >= 2})
    for i, parts in parts_of.items():
        owner = _single_owner(parts, index) if parts else None
        if owner is not None:
            uf.union(anchor[owner], i)


def _merge_acronyms(records: Sequence[EntityRecord], by_name: dict[tuple[str, str], int],
                    uf: _UnionFind) -> None:
    """Join "JBIC" records to the one expansion some document linked it to."""
    expansions: dict[str, set[int]] = defaultdict(set)
    for i, rec in enumerate(records):
        if rec.label != "ORG" or _ACRONYM.match(rec.name):
            continue
        for form in rec.forms:
            if _ACRONYM.match(form) and spells_acronym(form, rec.name):
                expansions[normalize_name(form)].add(uf.find(i))
    for acronym, roots in expansions.items():
        if len(roots) == 1 and ("ORG", acronym) in by_name:
            uf.union(roots.pop(), by_name[("ORG", acronym)])


def canonical_name(group: Sequence[EntityRecord]) -> tuple[str, str]:
    """The name and label to show for a merged group.

    The label is the one most mentions carry (PERSON when a full person name is there); the
    name is the fullest form, written as most mentions write it.
    """
    if not group:
        raise ValueError("canonical_name needs at least one record")
    labels: Counter[str] = Counter()
    written: Counter[str] = Counter()
    for rec in group:
        labels[rec.label] += rec.mention_count
        written[rec.name] += rec.mention_count
    has_full_person = any(r.label == "PERSON" and len(name_parts(r.name)) >= 2 for r in group)
    label = _pick_label(labels, has_full_person)
    candidates = [r for r in group if label_family(r.label) == label_family(label)] or list(group)
    by_norm: Counter[str] = Counter()
    for rec in candidates:
        by_norm[normalize_name(rec.name)] += rec.mention_count
    best_norm = max(by_norm, key=lambda n: (len(n.split()), by_norm[n]))
    spellings = [r.name for r in candidates if normalize_name(r.name) == best_norm]
    name = max(dict.fromkeys(spellings), key=lambda n: (not n.isupper(), written[n]))
    return name, label

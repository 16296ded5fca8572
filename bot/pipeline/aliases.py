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

import functools
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
    return _normalize_cached(s)


# A corpus writes the same few names millions of times: normalize each distinct one once.
# Bounded so that a 250k-name corpus keeps its memory in check (entries are small strings).
@functools.lru_cache(maxsize=200_000)
def _normalize_cached(s: str) -> str:
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
    return parts_of_norm(normalize_name(name))


def parts_of_norm(norm: str) -> tuple[str, ...]:
    """`name_parts` of an already normalized name.

    >>> parts_of_norm("mr tony blair jr")
    ('tony', 'blair')
    """
    words = norm.split()
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


@dataclass(frozen=True)
class NameSlot:
    """All records of one label family written with one normalized name: the unit of merging.

    Every record of a slot always lands in the same group, and whether two slots merge depends
    only on the slots (their names and, for organizations, the acronyms their records spell
    out), so grouping distinct names gives the same answer as grouping every record, in time
    proportional to the distinct names. `acronyms` are the normalized acronyms that records of
    an organization slot give as another form of their (non-acronym) name.
    """

    family: str
    norm: str
    acronyms: frozenset[str] = frozenset()


def record_slot(rec: EntityRecord) -> tuple[str, str]:
    """The (label family, normalized name) slot a record belongs to."""
    return label_family(rec.label), normalize_name(rec.name)


def spelled_acronyms(name: str, label: str, forms: Iterable[str]) -> set[str]:
    """The normalized acronyms among an organization record's forms that spell its name.

    >>> sorted(spelled_acronyms("Japan Bank for International Cooperation", "ORG", ["JBIC"]))
    ['jbic']
    """
    if label != "ORG" or _ACRONYM.match(name):
        return set()
    return {normalize_name(f) for f in forms if _ACRONYM.match(f) and spells_acronym(f, name)}


def merge_corpus(records: Sequence[EntityRecord]) -> list[list[int]]:
    """Group record indexes that name the same real thing across the corpus.

    - same normalized name and compatible labels (PERSON with PERSON, GPE with LOC, ORG with
      ORG) → one group;
    - a person record whose name is only a surname (or another ending of a full name) joins
      the full-name person with that surname when exactly one exists in the corpus; two
      people sharing it ("Bill Clinton", "Hillary Clinton") leave "Clinton" apart;
    - an organization's acronym form joins its expansion when the acronym has one expansion.

    Linear in the number of records (dict indexes, no pairwise comparison): records are
    gathered into their `NameSlot`s and the slots grouped (`group_slots`).
    """
    slot_index: dict[tuple[str, str], int] = {}
    members: list[list[int]] = []
    acronyms: list[set[str]] = []
    for i, rec in enumerate(records):
        slot = record_slot(rec)
        if slot not in slot_index:
            slot_index[slot] = len(members)
            members.append([])
            acronyms.append(set())
        k = slot_index[slot]
        members[k].append(i)
        acronyms[k] |= spelled_acronyms(rec.name, rec.label, rec.forms)
    slots = [NameSlot(family, norm, frozenset(acronyms[k]))
             for (family, norm), k in slot_index.items()]
    groups = sorted(
        (sorted(i for k in group for i in members[k]) for group in group_slots(slots)),
        key=lambda g: g[0],
    )
    log.info("merged records=%d groups=%d", len(records), len(groups))
    return groups


def group_slots(slots: Sequence[NameSlot]) -> list[list[int]]:
    """Group slot indexes that name the same real thing (the rules of `merge_corpus`).

    The result for a subset of slots equals the whole corpus' result restricted to it when the
    subset is closed under `slot_neighbours` (what `bot.regroup` relies on to regroup only the
    names a new document touches).
    """
    uf = _UnionFind(len(slots))
    _merge_person_slots(slots, uf)
    _merge_acronym_slots(slots, uf)
    return uf.groups()


def person_ending_keys(parts: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The short forms a full name answers to: its proper endings, and the first word of a
    two-word name ("Xi" for "Xi Jinping").

    >>> person_ending_keys(("tony", "blair"))
    [('blair',), ('tony',)]
    """
    keys = [parts[k:] for k in range(1, len(parts))]
    if len(parts) == 2:
        keys.append(parts[:1])
    return keys


def _merge_person_slots(slots: Sequence[NameSlot], uf: _UnionFind) -> None:
    parts_of = {i: parts_of_norm(s.norm) for i, s in enumerate(slots) if s.family == "PERSON"}
    anchor: dict[tuple[str, str], int] = {}  # (first, last) of a full name → a slot
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


def _merge_acronym_slots(slots: Sequence[NameSlot], uf: _UnionFind) -> None:
    """Join an acronym's slot to the one organization slot whose records spell it out."""
    expansions: dict[str, set[int]] = defaultdict(set)
    orgs: dict[str, int] = {}
    for i, slot in enumerate(slots):
        if slot.family == "ORG":
            orgs[slot.norm] = i
            for acronym in slot.acronyms:
                expansions[acronym].add(i)
    for acronym, owners in expansions.items():
        if len(owners) == 1 and acronym in orgs:
            uf.union(owners.pop(), orgs[acronym])


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

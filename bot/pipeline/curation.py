"""The team's corrections to entity grouping, applied on top of the automatic merge. Pure.

Automatic grouping (`bot.pipeline.aliases.merge_corpus`) is right most of the time; when it is not, a
person in Slack says so on a `/who` answer and the decision is stored as a `Correction`:

- `merge`: the entity `entity_key` is the same as `other_key` → their groups become one;
- `split`: the alias `name` is not the entity `entity_key` → the records of that name leave
  the group and form their own;
- `not_entity`: `entity_key` is not a person or thing at all (a tagging error) → dropped.

Groups are identified by a key (normalized canonical name + label, see
`bot.regroup.entity_key`), so a decision keeps applying when documents are added later.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

from bot.models import MERGE, NOT_ENTITY, SPLIT, Correction
from bot.pipeline.aliases import EntityRecord, normalize_name

GroupKey = Callable[[Sequence[int]], str]


def apply_corrections(
    records: Sequence[EntityRecord],
    groups: Sequence[Sequence[int]],
    corrections: Sequence[Correction],
    key_of: GroupKey,
) -> tuple[list[list[int]], list[int]]:
    """The groups after the corrections, and the record indexes dropped as not entities.

    Splits apply first (they change which records a group holds), then merges, then drops.
    """
    if not corrections:
        return [list(g) for g in groups], []
    by_kind: dict[str, list[Correction]] = defaultdict(list)
    for c in corrections:
        by_kind[c.kind].append(c)
    out = _split(records, groups, by_kind[SPLIT], key_of)
    merged, origins = _merge(out, by_kind[MERGE], key_of)
    junk = {c.entity_key for c in by_kind[NOT_ENTITY]}
    kept, dropped = [], []
    for group, keys in zip(merged, origins, strict=True):
        if junk & (keys | {key_of(group)}):
            dropped.extend(group)
        else:
            kept.append(group)
    return kept, sorted(dropped)


def _split(
    records: Sequence[EntityRecord],
    groups: Sequence[Sequence[int]],
    splits: Sequence[Correction],
    key_of: GroupKey,
) -> list[list[int]]:
    apart: dict[str, set[str]] = defaultdict(set)
    for c in splits:
        apart[c.entity_key].add(normalize_name(c.name))
    out: list[list[int]] = []
    for group in groups:
        norms = apart.get(key_of(group)) if apart else None
        if not norms:
            out.append(list(group))
            continue
        pieces: dict[str, list[int]] = defaultdict(list)
        rest = []
        for i in group:
            norm = normalize_name(records[i].name)
            (pieces[norm] if norm in norms else rest).append(i)
        if not rest:  # splitting every record off is no split at all
            out.append(list(group))
            continue
        out.append(rest)
        out.extend(pieces.values())
    return out


def _merge(
    groups: Sequence[list[int]], merges: Sequence[Correction], key_of: GroupKey
) -> tuple[list[list[int]], list[set[str]]]:
    """Union the groups named together by merge decisions; each result keeps its members' keys."""
    keys = [key_of(g) for g in groups]
    first: dict[str, int] = {}
    for i, key in enumerate(keys):
        first.setdefault(key, i)
    parent = list(range(len(groups)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for c in merges:
        a, b = first.get(c.entity_key), first.get(c.other_key)
        if a is not None and b is not None:
            ra, rb = find(a), find(b)
            parent[max(ra, rb)] = min(ra, rb)
    joined: dict[int, list[int]] = defaultdict(list)
    origins: dict[int, set[str]] = defaultdict(set)
    for i, group in enumerate(groups):
        root = find(i)
        joined[root].extend(group)
        origins[root].add(keys[i])
    roots = sorted(joined, key=lambda r: min(joined[r]))
    return [sorted(joined[r]) for r in roots], [origins[r] for r in roots]

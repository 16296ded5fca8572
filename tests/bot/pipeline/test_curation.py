"""Corrections applied over the automatic entity groups. Pure."""

from __future__ import annotations

from bot.models import MERGE, NOT_ENTITY, SPLIT, Correction
from bot.pipeline.aliases import EntityRecord, canonical_name, merge_corpus, normalize_name
from bot.pipeline.curation import apply_corrections


def _records() -> list[EntityRecord]:
    return [
        EntityRecord(1, "Kari Lunde", "PERSON", ("Kari Lunde", "Lunde")),
        EntityRecord(2, "Lunde", "PERSON", ("Lunde",)),  # another document's bare surname
        EntityRecord(3, "Lunde", "GPE", ("Lunde",)),  # a village, or a tagging error
        EntityRecord(4, "Read More", "PERSON", ("Read More",)),
    ]


def _key(records):
    def key_of(group) -> str:
        name, label = canonical_name([records[i] for i in group])
        return f"{normalize_name(name)}|{label}"
    return key_of


def _names(records, groups) -> list[list[str]]:
    return sorted(sorted(f"{records[i].name}/{records[i].label}" for i in g) for g in groups)


def test_no_corrections_changes_nothing():
    records = _records()
    groups = merge_corpus(records)
    assert apply_corrections(records, groups, [], _key(records)) == (groups, [])


def test_merge_joins_two_groups():
    records = _records()
    out, dropped = apply_corrections(records, merge_corpus(records), [
        Correction(MERGE, "lunde|GPE", "Lunde", "kari lunde|PERSON", "Kari Lunde")], _key(records))
    assert ["Kari Lunde/PERSON", "Lunde/GPE", "Lunde/PERSON"] in _names(records, out)
    assert dropped == []


def test_split_takes_the_records_of_a_name_out_of_their_group():
    records = _records()
    assert ["Kari Lunde/PERSON", "Lunde/PERSON"] in _names(records, merge_corpus(records))
    out, _ = apply_corrections(records, merge_corpus(records), [
        Correction(SPLIT, "kari lunde|PERSON", "Lunde", "", "Kari Lunde")], _key(records))
    assert ["Kari Lunde/PERSON"] in _names(records, out)
    assert ["Lunde/PERSON"] in _names(records, out)


def test_not_entity_drops_the_group_and_reports_its_records():
    records = _records()
    out, dropped = apply_corrections(records, merge_corpus(records), [
        Correction(NOT_ENTITY, "read more|PERSON", "Read More")], _key(records))
    assert dropped == [3]
    assert all("Read More/PERSON" not in g for g in _names(records, out))


def test_decisions_on_entities_that_are_gone_are_harmless():
    records = _records()
    groups = merge_corpus(records)
    out, dropped = apply_corrections(records, groups, [
        Correction(MERGE, "nobody|PERSON", "Nobody", "kari lunde|PERSON"),
        Correction(SPLIT, "nobody|PERSON", "Lunde"),
        Correction(NOT_ENTITY, "nobody|PERSON", "Nobody")], _key(records))
    assert _names(records, out) == _names(records, groups) and dropped == []

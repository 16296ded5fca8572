"""cluster_document and merge_corpus: one entity per real thing."""

from __future__ import annotations

import time

from bot.models import Mention
from bot.pipeline.aliases import (
    EntityRecord,
    canonical_name,
    cluster_document,
    merge_corpus,
    normalize_name,
    spells_acronym,
)
from bot.pipeline.mentions import extract_mentions


def _m(name, label="PERSON", title=""):
    return Mention(start=0, end=len(name), text=name, name=name, label=label, title=title)


def _entity_with(entities, form):
    matches = [e for e in entities if form in e.forms]
    assert len(matches) == 1, (form, entities)
    return matches[0]


# ---------------------------------------------------------------- normalize_name


def test_normalize_name_folds_case_accents_quotes_and_possessives():
    assert normalize_name("François Hollande") == normalize_name("FRANCOIS HOLLANDE")
    assert normalize_name("Macron’s") == "macron"
    assert normalize_name("The European Commission") == "european commission"
    assert normalize_name("U.S.") == normalize_name("US")
    assert normalize_name("  Olaf   Scholz ") == "olaf scholz"
    assert normalize_name("Jean-Luc Mélenchon") == "jean-luc melenchon"


# ---------------------------------------------------------------- cluster_document


def test_forms_of_one_person_are_one_entity():
    mentions = [_m("Scholz"), _m("Olaf Scholz", title="German Chancellor"), _m("Scholz"),
                _m("Scholz’s"), _m("Paris", "GPE")]
    entities = cluster_document(mentions)
    scholz = _entity_with(entities, "Olaf Scholz")
    assert scholz.name == "Olaf Scholz"
    assert scholz.label == "PERSON"
    assert set(scholz.mention_indexes) == {0, 1, 2, 3}
    assert _entity_with(entities, "Paris").mention_indexes == (4,)


def test_surname_shared_by_two_full_names_stays_apart():
    mentions = [_m("Bill Clinton"), _m("Hillary Clinton"), _m("Clinton")]
    entities = cluster_document(mentions)
    assert len(entities) == 3
    assert _entity_with(entities, "Clinton").forms == ("Clinton",)


def test_label_by_majority_with_person_preferred_for_full_names():
    # the tagger called the surname an organization twice, the full name a person once
    mentions = [_m("Alexis Tsipras"), _m("Tsipras", "ORG"), _m("Tsipras", "ORG")]
    entities = cluster_document(mentions)
    assert len(entities) == 1
    assert entities[0].label == "PERSON"
    assert entities[0].name == "Alexis Tsipras"


def test_place_is_not_joined_to_a_person_sharing_the_word():
    mentions = [_m("George Washington"), _m("Washington", "GPE"), _m("Washington", "GPE")]
    entities = cluster_document(mentions)
    assert _entity_with(entities, "Washington").label == "GPE"
    assert _entity_with(entities, "George Washington").forms == ("George Washington",)


def test_two_word_name_may_be_referred_to_by_its_first_word():
    # family name first: "Xi Jinping" … "Xi"
    entities = cluster_document([_m("Xi Jinping"), _m("Xi")])
    assert len(entities) == 1


def test_acronym_joins_its_expansion():
    mentions = [_m("Korea Development Bank", "ORG"), _m("KDB", "ORG"), _m("KDB", "ORG"),
                _m("Ministry of Foreign Affairs", "ORG"), _m("MOFA", "ORG")]
    entities = cluster_document(mentions)
    assert _entity_with(entities, "KDB").name == "Korea Development Bank"
    assert _entity_with(entities, "MOFA").name == "Ministry of Foreign Affairs"


def test_spells_acronym():
    assert spells_acronym("JBIC", "Japan Bank for International Cooperation")
    assert spells_acronym("MOFA", "Ministry of Foreign Affairs")
    assert not spells_acronym("IMF", "World Bank")


def test_cluster_real_paragraphs(nlp):
    paragraphs = [
        "French President Emmanuel Macron arrived in Berlin on Monday.",
        "Macron’s visit was short. Olaf Scholz, the German chancellor, met him.",
        "Critics of the Scholz government were not convinced. Scholz said he agreed with Macron.",
    ]
    mentions = [m for p in paragraphs for m in extract_mentions(nlp(p))]
    entities = cluster_document(mentions)
    macron = _entity_with(entities, "Emmanuel Macron")
    assert macron.label == "PERSON" and "Macron" in macron.forms
    scholz = _entity_with(entities, "Olaf Scholz")
    assert "Scholz" in scholz.forms
    assert not any("government" in mentions[i].text for i in scholz.mention_indexes)


# ---------------------------------------------------------------- merge_corpus


def _rec(key, name, label="PERSON", count=1, forms=()):
    return EntityRecord(key=key, name=name, label=label, forms=forms or (name,),
                        mention_count=count)


def _group_of(groups, index):
    return next(g for g in groups if index in g)


def test_surname_record_joins_the_only_full_name_with_it():
    records = [_rec(1, "Olaf Scholz", count=5), _rec(2, "Scholz", count=2),
               _rec(3, "Emmanuel Macron"), _rec(4, "Macron")]
    groups = merge_corpus(records)
    assert _group_of(groups, 1) == [0, 1]
    assert _group_of(groups, 3) == [2, 3]


def test_surname_record_stays_apart_when_two_people_share_it():
    records = [_rec(1, "Bill Clinton"), _rec(2, "Hillary Clinton"), _rec(3, "Clinton")]
    groups = merge_corpus(records)
    assert [2] in groups
    assert len(groups) == 3


def test_same_name_merges_across_case_and_accents():
    records = [_rec(1, "François Hollande"), _rec(2, "Francois Hollande"),
               _rec(3, "FRANÇOIS HOLLANDE"), _rec(4, "Hollande’s")]
    groups = merge_corpus(records)
    assert groups == [[0, 1, 2, 3]]


def test_labels_must_be_compatible():
    records = [_rec(1, "Georgia", "GPE"), _rec(2, "Georgia", "LOC"),
               _rec(3, "Georgia", "PERSON"), _rec(4, "Apple", "ORG"), _rec(5, "Apple", "PRODUCT")]
    groups = merge_corpus(records)
    assert _group_of(groups, 0) == [0, 1]
    assert [2] in groups
    assert [3] in groups and [4] in groups


def test_acronym_record_joins_expansion_linked_elsewhere():
    records = [
        _rec(1, "Korea Development Bank", "ORG", forms=("Korea Development Bank", "KDB")),
        _rec(2, "KDB", "ORG"),
        _rec(3, "Korea Development Bank", "ORG"),
    ]
    assert merge_corpus(records) == [[0, 1, 2]]


def test_canonical_name_prefers_fullest_form_and_majority_label():
    group = [_rec(1, "Scholz", "ORG", count=4), _rec(2, "Olaf Scholz", count=2),
             _rec(3, "OLAF SCHOLZ", count=3)]
    assert canonical_name(group) == ("Olaf Scholz", "PERSON")
    places = [_rec(1, "MOSCOW", "GPE", 1), _rec(2, "Moscow", "GPE", 5), _rec(3, "Moscow", "LOC", 1)]
    assert canonical_name(places) == ("Moscow", "GPE")


def test_merge_corpus_is_fast_for_a_large_corpus():
    records = []
    for i in range(300_000):
        person = i % 3 == 0
        name = f"Given{i % 5000} Family{i % 7000}" if person else f"Family{i % 7000}"
        records.append(_rec(i, name, "PERSON" if i % 2 else "ORG"))
    started = time.perf_counter()
    groups = merge_corpus(records)
    assert time.perf_counter() - started < 20
    assert sum(len(g) for g in groups) == len(records)

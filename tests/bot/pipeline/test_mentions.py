"""extract_mentions: spaCy entities cleaned into names, titles and labels."""

from __future__ import annotations

import re

import pytest

from bot.pipeline.aliases import cluster_document
from bot.pipeline.mentions import extract_mentions, strip_possessive


def _by_name(nlp, text):
    return {m.name: m for m in extract_mentions(nlp(text))}


def test_title_before_name_moves_to_title(nlp):
    found = _by_name(nlp, "French President Emmanuel Macron met the press in Paris on Monday.")
    macron = found["Emmanuel Macron"]
    assert macron.label == "PERSON"
    assert macron.title == "French President"


def test_multiword_title_with_organization_inside(nlp):
    found = _by_name(nlp, "Afterward, Russian Security Council Secretary Nikolai Patrushev "
                          "flew to Tokyo in October.")
    assert found["Nikolai Patrushev"].title == "Russian Security Council Secretary"


def test_title_with_of_phrase_and_modifier(nlp):
    found = _by_name(nlp, "The letter was signed by former Secretary of State Madeleine "
                          "Albright and others.")
    assert found["Madeleine Albright"].title == "former Secretary of State"
    assert "State" not in found  # part of the title, not an organization


def test_title_inside_the_entity_span_is_stripped(nlp):
    mentions = extract_mentions(nlp("Yesterday President Putin and Mr. Trump spoke by phone."))
    names = {m.name for m in mentions}
    assert "Putin" in names and "Trump" in names
    assert not any(n.startswith(("President", "Mr")) for n in names)


def test_adjective_before_name_is_not_a_title(nlp):
    found = _by_name(nlp, "Voters turned to the charismatic Jacinda Ardern in 2017.")
    assert found["Jacinda Ardern"].title == ""


@pytest.mark.parametrize("text, name", [
    ("Kishida's speech was short.", "Kishida"),
    ("Nobody doubted Fumio Kishida’s resolve.", "Fumio Kishida"),
    ("Merkel rejected Tsipras' request for more time.", "Tsipras"),
])
def test_possessive_endings_are_stripped(nlp, text, name):
    names = {m.name for m in extract_mentions(nlp(text))}
    assert name in names
    assert not any(n.endswith(("'s", "’s", "'")) for n in names)


def test_strip_possessive_helper():
    assert strip_possessive("Putin’s") == "Putin"
    assert strip_possessive("Putin's") == "Putin"
    assert strip_possessive("Tsipras'") == "Tsipras"
    assert strip_possessive("Paris") == "Paris"


def test_leading_determiner_removed_from_name_but_kept_in_text(nlp):
    text = "The bill passed the Bundestag and went to the European Commission for review."
    found = _by_name(nlp, text)
    commission = found["European Commission"]
    assert commission.text == "the European Commission"
    assert text[commission.start:commission.end] == commission.text


def test_name_used_attributively_is_not_the_person(nlp):
    mentions = extract_mentions(nlp("Critics of the Kishida government met in Osaka. "
                                    "Fumio Kishida declined to comment."))
    person_names = [m.name for m in mentions if m.label == "PERSON"]
    assert person_names == ["Fumio Kishida"]
    assert any(m.name == "Kishida government" and m.label == "ORG" for m in mentions)


def test_doctrine_named_after_a_person_is_not_that_person(nlp):
    mentions = extract_mentions(nlp("Thatcherism reshaped Britain, and Margaret Thatcher "
                                    "defended it."))
    assert "Thatcherism" not in {m.name for m in mentions}
    assert "Margaret Thatcher" in {m.name for m in mentions}


def test_junk_spans_are_rejected(nlp):
    text = ("IconFacebookIcon LinkedinIcon Mail ContactPath\nHome Sketch\n"
            "the Bank of England raised rates.")
    names = {m.name for m in extract_mentions(nlp(text))}
    assert not any("Icon" in n for n in names)
    assert not any("\n" in n for n in names)
    assert all(len(n) > 1 and not n[0].islower() for n in names)


def test_acronym_in_brackets_is_its_own_mention(nlp):
    found = _by_name(nlp, "The Korea Development Bank (KDB) lent the money.")
    assert "KDB" in found
    assert not any("(" in n for n in found)


@pytest.mark.parametrize("text", [
    "The plan was welcomed by Chancellor Scholz on Tuesday.",  # the tagger finds no entity
    "Fumio Kishida's visit was welcomed by Chancellor Scholz.",  # the tagger says GPE
])
def test_title_before_a_name_makes_it_a_person(nlp, text):
    found = _by_name(nlp, text)
    assert found["Scholz"].label == "PERSON"
    assert found["Scholz"].title == "Chancellor"


def test_offsets_point_at_the_written_text(nlp):
    text = "On Friday, German Chancellor Olaf Scholz’s spokesman met Emmanuel Macron."
    mentions = extract_mentions(nlp(text))
    assert {"Olaf Scholz", "Emmanuel Macron"} <= {m.name for m in mentions}
    for m in mentions:
        assert text[m.start:m.end] == m.text
        assert m.name in m.text or m.name.replace(" ", "") in m.text.replace(" ", "")


def _seed_docs(nlp, seeds_dir, prefix):
    path = next(seeds_dir.glob(f"{prefix}_*.txt"))
    paragraphs = [p for p in re.split(r"\n\s*\n", path.read_text()) if p.strip()]
    return list(nlp.pipe(paragraphs))


def test_seed_putin_forms_are_one_entity(nlp, seeds_dir):
    mentions = [m for doc in _seed_docs(nlp, seeds_dir, "003") for m in extract_mentions(doc)]
    entities = cluster_document(mentions)
    putins = [e for e in entities if any("Putin" in f for f in e.forms) and e.label == "PERSON"]
    assert len(putins) == 1
    assert putins[0].name == "Vladimir Putin"
    assert {"Putin", "Vladimir Putin"} <= set(putins[0].forms)


def test_seed_abe_forms_are_one_entity_and_attributive_uses_are_not_abe(nlp, seeds_dir):
    for prefix in ("001", "003"):
        mentions = [m for doc in _seed_docs(nlp, seeds_dir, prefix) for m in extract_mentions(doc)]
        abe_people = [m for m in mentions if m.label == "PERSON" and "Abe" in m.name.split()]
        assert abe_people
        assert not any("administration" in m.text or "Abenomics" in m.text for m in abe_people)
        assert "Abenomics" not in {m.name for m in mentions}
        entities = cluster_document(mentions)
        abes = [e for e in entities if e.label == "PERSON" and "Abe" in e.forms]
        assert len(abes) == 1


def test_plural_proper_noun_tagged_person_is_a_group(nlp):
    doc = nlp("The Lib Dems pledging to scrap the fee won support.")
    assert not [m for m in extract_mentions(doc) if m.label == "PERSON"]


def test_person_tag_on_a_place_named_elsewhere_in_the_paragraph_is_relabelled(nlp):
    from spacy.tokens import Span

    doc = nlp("Troops left Jordan on Monday, and Jordan later closed the border.")
    # force the tagger's mistake: the second "Jordan" tagged PERSON
    doc.ents = [Span(doc, 2, 3, label="GPE"), Span(doc, 7, 8, label="PERSON")]
    labels = [m.label for m in extract_mentions(doc) if m.name == "Jordan"]
    assert labels == ["GPE", "GPE"]

"""find_descriptions / find_byline_descriptions: what the text says someone is."""

from __future__ import annotations

import re

import pytest

from bot.pipeline.descriptions import find_byline_descriptions, find_descriptions
from bot.pipeline.mentions import extract_mentions


def _descriptions(nlp, text):
    doc = nlp(text)
    return find_descriptions(doc, extract_mentions(doc))


def _texts(descriptions, name, kind=None):
    return [d.text for d in descriptions if d.name == name and (kind is None or d.kind == kind)]


def test_appositive_after_the_name(nlp):
    found = _descriptions(nlp, "Olaf Scholz, the German chancellor, said talks would resume.")
    assert _texts(found, "Olaf Scholz", "appositive") == ["the German chancellor"]


def test_appositive_keeps_coordination_and_nested_appositive(nlp):
    text = ("The minister invited Valentina Matviyenko, a Kremlin loyalist and chair of the "
            "Federation Council, the upper house of the Russian parliament, to visit Rome.")
    found = _descriptions(nlp, text)
    assert _texts(found, "Valentina Matviyenko", "appositive") == [
        "a Kremlin loyalist and chair of the Federation Council, the upper house of the "
        "Russian parliament"
    ]


def test_appositive_after_said(nlp):
    text = ("“Sanctions alone will not work,” said Maria Lopez, a senior fellow at the "
            "Brookings Institution. “They never have.”")
    found = _descriptions(nlp, text)
    assert _texts(found, "Maria Lopez", "appositive") == [
        "a senior fellow at the Brookings Institution"
    ]


def test_appositive_without_article(nlp):
    text = ("“The talks will be slow,” said Kenji Tanaka, associate professor at the Institute "
            "of Social Science at Kyoto University.")
    found = _descriptions(nlp, text)
    assert _texts(found, "Kenji Tanaka", "appositive") == [
        "associate professor at the Institute of Social Science at Kyoto University"
    ]


def test_description_before_the_name(nlp):
    found = _descriptions(nlp, "The German chancellor, Olaf Scholz, said no.")
    assert "The German chancellor" in _texts(found, "Olaf Scholz")


@pytest.mark.parametrize("text, name, title", [
    ("French President Emmanuel Macron arrived on Monday.", "Emmanuel Macron", "French President"),
    ("The deal was backed by former Secretary of State Condoleezza Rice.", "Condoleezza Rice",
     "former Secretary of State"),
    ("Italian Prime Minister Giorgia Meloni flew home.", "Giorgia Meloni",
     "Italian Prime Minister"),
])
def test_title_before_the_name(nlp, text, name, title):
    assert _texts(_descriptions(nlp, text), name, "title") == [title]


def test_honorific_alone_is_not_a_description(nlp):
    found = _descriptions(nlp, "Mr. Tanaka and Dr. Ruth Okafor arrived late.")
    assert not [d for d in found if d.kind == "title"]


def test_copula(nlp):
    text = ("Lena Brandt is a retired Swiss banker of Chilean descent who had worked in "
            "Geneva and Santiago.")
    found = _descriptions(nlp, text)
    assert _texts(found, "Lena Brandt", "copula") == [
        "a retired Swiss banker of Chilean descent who had worked in Geneva and Santiago"
    ]


def test_relative_clause_copula(nlp):
    found = _descriptions(nlp, "Olaf Scholz, who is a former mayor of Hamburg, spoke first.")
    assert "a former mayor of Hamburg" in _texts(found, "Olaf Scholz")


def test_negated_copula_and_pronoun_are_not_descriptions(nlp):
    found = _descriptions(nlp, "Maria Lopez is not a diplomat. The winner was Maria Lopez.")
    assert not [d for d in found if d.kind == "copula"]


def test_another_name_is_not_a_description(nlp):
    found = _descriptions(nlp, "They met in Lyon, France, and later in Porto, Portugal.")
    assert found == []


def test_descriptions_carry_their_sentence(nlp):
    text = "It rained. Olaf Scholz, the German chancellor, stayed home."
    found = _descriptions(nlp, text)
    (d,) = [d for d in found if d.name == "Olaf Scholz"]
    assert text[d.sentence_start:d.sentence_end].startswith("Olaf Scholz, the German")


def test_long_appositive_is_capped(nlp):
    clause = ", ".join(f"member of committee number {i}" for i in range(40))
    text = f"Hana Novak, a lawyer, {clause}, spoke."
    found = _descriptions(nlp, text)
    assert found  # the appositive is read, then capped
    for d in found:
        assert len(d.text) <= 210


@pytest.mark.parametrize("line, name, text", [
    ("By Maria Lopez, research fellow at the Example Institute", "Maria Lopez",
     "research fellow at the Example Institute"),
    ("JOHN SMITH, Nikkei commentator", "John Smith", "Nikkei commentator"),
    ("By KENJI TANAKA | Staff writer", "Kenji Tanaka", "Staff writer"),
    ("Lena Brandt is a senior analyst at Example Partners.", "Lena Brandt",
     "a senior analyst at Example Partners"),
])
def test_byline(nlp, line, name, text):
    mentions, descriptions = find_byline_descriptions(nlp(line))
    assert [m.name for m in mentions] == [name]
    assert mentions[0].label == "PERSON"
    assert [(d.name, d.text, d.kind) for d in descriptions] == [(name, text, "byline")]


def test_byline_without_description(nlp):
    mentions, descriptions = find_byline_descriptions(nlp("By John Smith and Jane Doe"))
    assert [m.name for m in mentions] == ["John Smith", "Jane Doe"]
    assert descriptions == []


# ---------------------------------------------------------------- the seed articles


def _seed_descriptions(nlp, seeds_dir):
    found = []
    for path in sorted(seeds_dir.glob("*.txt")):
        paragraphs = [p for p in re.split(r"\n\s*\n", path.read_text()) if p.strip()]
        for doc in nlp.pipe(paragraphs):
            found.extend(find_descriptions(doc, extract_mentions(doc)))
    return found


def test_seed_descriptions_exist(nlp, seeds_dir):
    found = _seed_descriptions(nlp, seeds_dir)

    def about(surname):
        return [d for d in found if d.name.split()[-1] == surname]

    naryshkin = about("Naryshkin")
    assert any(d.kind == "appositive" and "State Duma" in d.text and "lower house" in d.text
               for d in naryshkin)
    assert any(d.kind == "appositive" and "senior fellow" in d.text
               for d in about("Borshchevskaya"))
    assert any(d.kind == "appositive" and d.text.startswith("assistant professor")
               for d in about("Koizumi"))
    assert any(d.kind == "title" and "Secretary" in d.text for d in about("Patrushev"))
    assert any(d.kind == "title" and "Chancellor" in d.text for d in about("Merkel"))
    assert any(d.kind == "copula" and "diplomat" in d.text for d in about("Yo-jung"))
    assert any(d.kind == "title" and "President" in d.text for d in about("Putin"))
    for d in found:
        assert d.text and d.text[-1] not in ",;:"
        assert d.text.lower().rstrip(".") not in ("mr", "dr", "ms", "mrs")


def test_seed_byline_line(nlp, seeds_dir):
    path = next(seeds_dir.glob("003_*.txt"))
    line = next(ln for ln in path.read_text().splitlines() if ln.startswith("By "))
    mentions, descriptions = find_byline_descriptions(nlp(line))
    assert len(mentions) == 1 and mentions[0].label == "PERSON"
    assert len(descriptions) == 1
    assert descriptions[0].kind == "byline"
    assert descriptions[0].name == mentions[0].name
    assert "research fellow" in descriptions[0].text


def test_served_as(nlp):
    found = _descriptions(nlp, "Boris Pistorius served as interior minister of Lower Saxony.")
    assert _texts(found, "Boris Pistorius", "copula") == ["interior minister of Lower Saxony"]

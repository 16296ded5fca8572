"""The worked date examples of the gold README, checked by behaviour on the seed articles.

Paragraphs are read from the seed files; the header lines stand in for the cleaner's
meta lines. Expected values are the README's, written here, never in product code.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from bot.pipeline.dating import (
    assign_event_dates,
    estimate_document_date,
    find_publication_date,
    find_time_expressions,
)


def _seed(seeds_dir: Path, number: str) -> str:
    [path] = seeds_dir.glob(f"{number}_*.txt")
    return path.read_text(encoding="utf-8")


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def _paragraph_with(text: str, needle: str) -> str:
    [paragraph] = [p for p in _paragraphs(text) if needle in p]
    return paragraph


def _values(nlp, paragraph: str, anchor: dt.date | None, granularity: str = "day"):
    return {e.text: e for e in find_time_expressions(nlp(paragraph), anchor, granularity)}


def _dateline(text: str):
    return find_publication_date(text.splitlines()[:12])


@pytest.fixture(scope="module")
def seed_000(seeds_dir):
    return _seed(seeds_dir, "000")


@pytest.fixture(scope="module")
def seed_002(seeds_dir):
    return _seed(seeds_dir, "002")


@pytest.fixture(scope="module")
def seed_003(seeds_dir):
    return _seed(seeds_dir, "003")


def test_000_dateline_and_last_month(nlp, seed_000):
    date = _dateline(seed_000)
    assert (date.value, date.kind) == ("2020-09-18", "dateline")
    anchor = dt.date.fromisoformat(date.value)
    found = _values(nlp, _paragraph_with(seed_000, "Navalny suddenly lost"), anchor)
    assert found["Last month"].value == "2020-08"


def test_000_due_to_expire_in_february_is_the_next_february(nlp, seed_000):
    anchor = dt.date.fromisoformat(_dateline(seed_000).value)
    found = _values(nlp, _paragraph_with(seed_000, "is due to expire in"), anchor)
    assert found["February"].value == "2021-02"


def test_002_header_dateline_beats_footer(nlp, seed_002):
    assert _dateline(seed_002).value == "2016-12-09"


def test_002_december_15_and_1941(nlp, seed_002):
    anchor = dt.date.fromisoformat(_dateline(seed_002).value)
    meeting = _values(nlp, _paragraph_with(seed_002, "see each other again"), anchor)
    assert meeting["December 15"].value == "2016-12-15"
    pact = _values(nlp, _paragraph_with(seed_002, "neutrality pact"), anchor)
    assert pact["1941"].value == "1941"


def test_003_is_estimated_and_december_2012_is_absolute(nlp, seed_003):
    assert _dateline(seed_003) is None
    docs = [nlp(p) for p in _paragraphs(seed_003)]
    expressions = [e for doc in docs for e in find_time_expressions(doc, None)]
    estimate = estimate_document_date(expressions, threshold=0)  # the year, shown or not
    assert estimate.kind == "estimated" and estimate.granularity == "year"
    anchor = dt.date(int(estimate.value), 1, 1)
    found = _values(nlp, _paragraph_with(seed_003, "state of the nation address"), anchor,
                    "year")
    assert (found["December 2012"].value, found["December 2012"].anchored) == ("2012-12", False)


def test_003_march_after_february_2014_and_the_sanctions_inherit_it(nlp, seed_003):
    paragraph = _paragraph_with(seed_003, "declared independence")
    doc = nlp(paragraph)
    expressions = find_time_expressions(doc, dt.date(2016, 1, 1), "year")
    by_text = {e.text: e.value for e in expressions}
    assert by_text["March"] == "2014-03"
    sentences = [(s.start_char, s.end_char) for s in doc.sents]
    estimated = estimate_document_date(expressions, threshold=0) or None
    [dates] = assign_event_dates([sentences], [expressions], estimated)
    sanctions = [d for (s, e), d in zip(sentences, dates, strict=True)
                 if "imposed economic sanctions on Russia and the EU" in paragraph[s:e]]
    assert [(d.value, d.kind) for d in sanctions] == [("2014-03", "inherited")]


def test_004_relative_dates_rest_on_the_estimate(nlp, seeds_dir):
    text = _seed(seeds_dir, "004")
    paragraph = _paragraph_with(text, "Abe on Aug. 10")
    doc = nlp(paragraph)
    estimate = estimate_document_date(
        [e for p in _paragraphs(text) for e in find_time_expressions(nlp(p), None)], threshold=0)
    assert estimate.kind == "estimated"
    expressions = find_time_expressions(doc, dt.date(int(estimate.value), 1, 1), "year")
    sentences = [(s.start_char, s.end_char) for s in doc.sents]
    [dates] = assign_event_dates([sentences], [expressions], estimate)
    aug = [d for d in dates if d is not None and d.text == "Aug. 10"]
    assert aug and all(d.estimated for d in aug)


def test_durations_are_not_dates(nlp, seeds_dir, seed_003):
    text_001 = _seed(seeds_dir, "001")
    decades = _values(nlp, _paragraph_with(text_001, "seven decades"), None)
    assert decades["seven decades"].type == "DURATION"
    years = _values(nlp, _paragraph_with(seed_003, "30 years"), None)
    assert years["30 years"].type == "DURATION"
    assert years["eight years"].type == "DURATION"

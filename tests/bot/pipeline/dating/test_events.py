"""Event dates for sentences: own, inherited, reported, estimated."""

from __future__ import annotations

import datetime as dt

from bot.models import DocDate, EventDate
from bot.pipeline.dating import assign_event_dates, find_time_expressions

DATELINE = DocDate("2017-06-20", "day", "dateline", "June 20, 2017")
ESTIMATED = DocDate("2017", "year", "estimated", "latest date mentioned: 2016")


def _paragraph(nlp, text: str, anchor: dt.date | None, granularity: str = "day"):
    doc = nlp(text)
    sentences = [(s.start_char, s.end_char) for s in doc.sents]
    return sentences, find_time_expressions(doc, anchor, granularity)


def test_own_inherited_and_context_year(nlp):
    text = ("In February 2014 the junta collapsed. In March, the province declared "
            "independence. The alliance imposed sanctions.")
    sentences, expressions = _paragraph(nlp, text, dt.date(2016, 11, 1))
    [dates] = assign_event_dates([sentences], [expressions], DATELINE)
    assert dates == [EventDate("2014-02", "month", "own", False, "February 2014"),
                     EventDate("2014-03", "month", "own", False, "March"),
                     EventDate("2014-03", "month", "inherited", False, "March")]


def test_reported_when_the_paragraph_names_no_date(nlp):
    sentences, expressions = _paragraph(nlp, "The mayor resigned. Nobody objected.",
                                        dt.date(2017, 6, 20))
    [dates] = assign_event_dates([sentences], [expressions], DATELINE)
    assert dates == [EventDate("2017-06-20", "day", "reported")] * 2


def test_inheritance_stops_at_the_paragraph(nlp):
    first = _paragraph(nlp, "The dam burst in May 2015.", dt.date(2017, 6, 20))
    second = _paragraph(nlp, "Rebuilding took long.", dt.date(2017, 6, 20))
    dates = assign_event_dates([first[0], second[0]], [first[1], second[1]], DATELINE)
    assert dates[1] == [EventDate("2017-06-20", "day", "reported")]


def test_the_most_specific_own_date_wins(nlp):
    sentences, expressions = _paragraph(
        nlp, "In 2016, the ferry sank on Oct. 3, 2016 near the coast.", dt.date(2017, 6, 20))
    [[date]] = assign_event_dates([sentences], [expressions], DATELINE)
    assert (date.value, date.granularity, date.kind) == ("2016-10-03", "day", "own")


def test_durations_and_present_ref_never_date_an_event(nlp):
    sentences, expressions = _paragraph(
        nlp, "Now the war has lasted eight years, flaring daily.", dt.date(2017, 6, 20))
    [dates] = assign_event_dates([sentences], [expressions], DATELINE)
    assert dates == [EventDate("2017-06-20", "day", "reported")]


def test_relative_expressions_on_an_estimated_date_are_estimated(nlp):
    sentences, expressions = _paragraph(
        nlp, "The navy held drills on Aug. 10. The fleet left in March 2016.",
        dt.date(2017, 1, 1), "year")
    [dates] = assign_event_dates([sentences], [expressions], ESTIMATED)
    assert [(d.value, d.kind, d.estimated) for d in dates] == [
        ("2017-08-10", "own", True), ("2016-03", "own", False)]


def test_reported_on_an_estimated_date_is_estimated(nlp):
    sentences, expressions = _paragraph(nlp, "The mayor resigned.", dt.date(2017, 1, 1), "year")
    [[date]] = assign_event_dates([sentences], [expressions], ESTIMATED)
    assert date == EventDate("2017", "year", "reported", True)


def test_no_document_date_and_no_expression_gives_none(nlp):
    sentences, expressions = _paragraph(nlp, "The mayor resigned.", None)
    assert assign_event_dates([sentences], [expressions], None) == [[None]]


def test_unresolved_values_do_not_date_events(nlp):
    sentences, expressions = _paragraph(nlp, "The mayor resigned on Dec. 15.", None)
    assert assign_event_dates([sentences], [expressions], None) == [[None]]

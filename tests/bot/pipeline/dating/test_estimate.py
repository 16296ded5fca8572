"""Estimating the year of a document that states no date: the year, and whether to show it."""

from __future__ import annotations

import pytest

from bot.models import TimeExpression
from bot.pipeline.dating import estimate_document_date, find_in_text, find_time_expressions
from bot.pipeline.dating.estimate import (
    SHOW_THRESHOLD,
    DatedNeighbor,
    combine_estimates,
    estimate_from_clues,
    estimate_from_neighbors,
    estimate_year,
    weekday_dates,
    year_bounds,
    year_clues,
)
from bot.pipeline.dating.tense import FUTURE, PAST, year_reading


def _year(text: str):
    return estimate_year(find_in_text(text, None))


def test_latest_dated_event_gives_the_year():
    estimate = _year("The plant opened in April 2009. It was sold in June 2012.")
    assert estimate.year == 2012
    assert "June 2012" in estimate.evidence


def test_same_month_named_with_the_year_and_as_this_year_means_a_later_year():
    estimate = _year("The envoys met in July 2017. They met again in July this year.")
    assert estimate.year == 2018
    assert "this year" in estimate.evidence


def test_this_year_without_a_clash_keeps_the_latest_year():
    assert _year("Talks began in March 2011. In June this year they ended.").year == 2011


def test_a_plan_named_by_year_alone_does_not_beat_a_dated_event():
    assert _year("The ministry was formed in May 2010 and aims to finish by 2030.").year == 2010


def test_year_alone_when_nothing_is_dated_more_finely():
    assert _year("The 1998 treaty was revised in 2004.").year == 2004


def _parsed(nlp, text: str):
    """The estimate as ingest makes it: tenses read from the parse."""
    doc = nlp(text)
    found = find_time_expressions(doc, None, "day")
    return estimate_year(found, [year_reading(doc, e.start, e.end) for e in found])


@pytest.mark.parametrize("text", [
    "The company said its full-year 1986 profit rose.",
    "In 1986, the company earned $5 million.",
    "Its 1986 results were weak, the company said in a statement.",
])
def test_a_year_reported_as_finished_means_a_later_year(nlp, text):
    """The whole of 1986 is told as known, so the text is from 1987 or later."""
    estimate = _parsed(nlp, text)
    assert estimate.year == 1987
    assert "finished" in estimate.evidence
    assert year_bounds(*_readings(nlp, text))[0] == 1987


def _readings(nlp, text: str):
    doc = nlp(text)
    found = find_time_expressions(doc, None, "day")
    return found, [year_reading(doc, e.start, e.end) for e in found]


def test_a_fiscal_year_may_end_in_its_own_calendar_year(nlp):
    assert _parsed(nlp, "Profit for fiscal 1986 rose 5%, the company said.").year == 1986


def test_a_year_told_in_the_present_tense_is_no_lower_bound(nlp):
    """"profits for 1990 look strong" is a forecast: the text may well be from 1989."""
    text = "Sales fell in 1988. The company says profits for 1990 look strong."
    assert year_bounds(*_readings(nlp, text)) == (1988, None)
    assert _parsed(nlp, text).year == 1988


def test_relative_and_durations_only_give_nothing():
    assert _year("Last month, after eight years of talks, the deal was signed.") is None
    assert estimate_document_date(find_in_text("Last month the deal was signed.", None)) is None


def test_nothing_at_all():
    assert estimate_document_date([]) is None
    assert estimate_year([]) is None


def test_expressions_from_elsewhere_are_read_by_their_fields():
    expressions = [TimeExpression(0, 4, "1997", "DATE", "1997", "year"),
                   TimeExpression(10, 20, "last year", "DATE", "", "year", anchored=True)]
    assert estimate_year(expressions).year == 1997


def test_a_lone_latest_year_is_too_weak_to_show():
    """Texts look back years: "revised in 2004" alone does not say the text is from 2004."""
    text = "The 1998 treaty was revised in 2004."
    assert estimate_year(find_in_text(text, None)).confidence < SHOW_THRESHOLD
    assert estimate_document_date(find_in_text(text, None)) is None
    shown = estimate_document_date(find_in_text(text, None), threshold=0)
    assert (shown.value, shown.kind) == ("2004", "estimated")
    assert "confidence" in shown.evidence


def test_past_and_ahead_meeting_pin_the_year():
    expressions = [TimeExpression(0, 10, "March 1987", "DATE", "1987-03", "month"),
                   TimeExpression(20, 33, "December 1987", "DATE", "1987-12", "month")]
    estimate = estimate_year(expressions, [PAST, FUTURE])
    assert estimate.year == 1987 and estimate.rule == "bounds-meet"
    assert year_bounds(expressions, [PAST, FUTURE]) == (1987, 1987)


def test_a_year_past_and_the_next_ahead_give_the_first_but_unsure():
    """Told in 1988 or early 1989; the first is likelier, but not enough to show alone."""
    expressions = [TimeExpression(0, 4, "1988", "DATE", "1988", "year"),
                   TimeExpression(10, 14, "1989", "DATE", "1989", "year")]
    estimate = estimate_year(expressions, [PAST, FUTURE])
    assert (estimate.year, estimate.rule) == (1988, "bounds-adjacent")
    assert estimate.confidence < SHOW_THRESHOLD


def test_read_for_tense_a_past_year_counts_beside_finer_dates():
    expressions = [TimeExpression(0, 8, "May 1985", "DATE", "1985-05", "month"),
                   TimeExpression(10, 14, "1995", "DATE", "1995", "year")]
    assert estimate_year(expressions, [PAST, PAST]).year == 1995


def test_weekday_and_date_agree_only_in_one_year():
    """Oct. 27 was a Tuesday in 1987, not in 1986."""
    estimate = _year("Shares fell in 1986. On Tuesday, Oct. 27, the market rallied.")
    assert (estimate.year, estimate.rule) == (1987, "weekday")
    assert _year("Shares fell in 1986. On Friday, Oct. 27, the market rallied.").rule != "weekday"


def test_weekday_years_after_the_latest_past_year_take_the_first_fit_but_unsure():
    """Monday, Oct. 26 after 1993: 1998 is the first such year (then 2009), a likely guess only."""
    estimate = _year("Three doctors were killed in 1993. On Monday, Oct. 26, the clinic reopened.")
    assert (estimate.year, estimate.rule) == (1998, "weekday-first")
    assert estimate.confidence < SHOW_THRESHOLD


def test_weekday_year_is_sure_when_it_is_the_only_one_before_what_is_ahead():
    """Oct. 26 is a Monday in 1992 and 1998; with 1999 still ahead and 1993 past only 1998 fits."""
    expressions = [TimeExpression(0, 4, "1993", "DATE", "1993", "year"),
                   TimeExpression(10, 25, "Monday, Oct. 26", "DATE", "XXXX-10-26", "day",
                                  anchored=True),
                   TimeExpression(30, 34, "1999", "DATE", "1999", "year")]
    estimate = estimate_year(expressions, [PAST, PAST, FUTURE])
    assert (estimate.year, estimate.rule) == (1998, "weekday")


def test_weekday_dates_that_agree_on_no_year_give_no_weekday_evidence():
    text = ("Shares fell in 1993. On Monday, Oct. 26, they rose. On Monday, Oct. 27, they fell.")
    assert _year(text).rule not in ("weekday", "weekday-first")


def test_clues_keep_the_bounds_and_the_unshown_guess_for_ingest():
    expressions = [TimeExpression(0, 4, "1993", "DATE", "1993", "year"),
                   TimeExpression(10, 14, "1999", "DATE", "1999", "year")]
    clues = year_clues(expressions, [PAST, FUTURE])
    assert (clues.lower, clues.upper, clues.year) == (1993, 1999, 1993)
    assert estimate_from_clues(clues).confidence < SHOW_THRESHOLD
    assert estimate_from_clues(year_clues([])) is None


def test_only_a_future_year_is_never_shown():
    text = "The treaty will expire in 2026."
    assert estimate_year(find_in_text(text, None), [FUTURE]).year == 2025
    assert estimate_document_date(find_in_text(text, None), [FUTURE]) is None


_ELIAN = frozenset({"Elian Gonzalez", "Havana", "Janet Reno", "Miami"})
_EMBASSY = frozenset({"Nairobi", "Dar es Salaam", "Madeleine Albright", "Kenya"})


def _corpus() -> list[DatedNeighbor]:
    return [DatedNeighbor(_ELIAN, 2000), DatedNeighbor(_ELIAN | {"Fidel Castro"}, 2000),
            DatedNeighbor(_ELIAN - {"Miami"}, 2000), DatedNeighbor(_EMBASSY, 1998),
            DatedNeighbor(_EMBASSY | {"Tanzania"}, 1998),
            DatedNeighbor(frozenset({"Seoul", "Kim Dae-jung"}), 1998)]


def test_documents_on_the_same_events_give_their_year():
    estimate = estimate_from_neighbors(frozenset({"Elian Gonzalez", "Janet Reno", "Havana"}),
                                       _corpus())
    assert estimate.year == 2000 and estimate.confidence >= SHOW_THRESHOLD
    assert "Elian Gonzalez" in estimate.evidence


def test_a_lone_similar_document_is_not_enough_to_show():
    estimate = estimate_from_neighbors(frozenset({"Seoul", "Kim Dae-jung"}), _corpus())
    assert estimate.year == 1998 and estimate.confidence < SHOW_THRESHOLD


def test_a_lone_document_sharing_several_rare_names_is_shown():
    """Three names in common (a company, its town, its chief) are rarely chance."""
    names = frozenset({"Weisfield's Inc.", "Seattle", "Ratners Group", "Gerald Ratner"})
    near = [DatedNeighbor(frozenset({"Weisfield's Inc.", "Ratners Group", "Gerald Ratner",
                                     "London"}), 1989),
            DatedNeighbor(frozenset({"Seattle", "Boeing"}), 1998),
            DatedNeighbor(frozenset({"Nairobi", "Kenya"}), 1998)]
    estimate = estimate_from_neighbors(names, near)
    assert estimate.year == 1989 and estimate.confidence >= SHOW_THRESHOLD


def test_neighbors_the_text_rules_out_do_not_vote():
    assert estimate_from_neighbors(frozenset({"Elian Gonzalez", "Havana"}), _corpus(),
                                   lower=2001) is None
    assert estimate_from_neighbors(frozenset({"Tokyo"}), _corpus()) is None


def test_agreeing_evidence_reinforces_and_disagreeing_keeps_the_surer():
    own = _year("The boy arrived in November 1999.")
    corpus = estimate_from_neighbors(frozenset({"Elian Gonzalez", "Janet Reno"}), _corpus())
    combined = combine_estimates(own, corpus)
    assert combined.year == 2000 and combined.confidence == corpus.confidence
    same = combine_estimates(_year("Talks failed in January 2000."), corpus)
    assert same.year == 2000 and same.confidence >= corpus.confidence
    assert same.rule.endswith("+neighbors") and "January 2000" in same.evidence
    assert combine_estimates(None, corpus) is corpus and combine_estimates(own, None) is own


def test_a_text_that_pins_another_year_leaves_the_neighbors_in_doubt():
    """Monday, Oct. 26 after 1993 says 1998; neighbors saying 2000 are then not shown."""
    own = _year("Three doctors were killed in 1993. On Monday, Oct. 26, the clinic reopened.")
    corpus = estimate_from_neighbors(frozenset({"Elian Gonzalez", "Janet Reno", "Havana"}),
                                     _corpus())
    assert corpus.confidence >= SHOW_THRESHOLD
    combined = combine_estimates(own, corpus)
    assert combined.year == 2000 and combined.confidence < SHOW_THRESHOLD
    assert "Oct. 26" in combined.evidence


def test_a_text_that_only_bounds_the_year_does_not_weaken_the_neighbors():
    own = _year("The boy arrived in November 1999.")
    corpus = estimate_from_neighbors(frozenset({"Elian Gonzalez", "Janet Reno"}), _corpus())
    assert combine_estimates(own, corpus) is corpus


def test_neighbors_split_between_years_are_not_shown():
    names = frozenset({"Kofi Annan", "Baghdad", "Tariq Aziz"})
    split = [DatedNeighbor(names, 1998), DatedNeighbor(names | {"Richard Butler"}, 2002),
             DatedNeighbor(frozenset({"Oslo"}), 1990)]
    estimate = estimate_from_neighbors(names, split)
    assert estimate is not None and estimate.confidence < SHOW_THRESHOLD


def test_the_weekday_of_a_year_less_date_rules_out_neighbors_of_other_years():
    """Oct. 26 is a Monday in 1998, not in 1999: stories on the same case from both years."""
    names = frozenset({"Barnett Slepian", "James Kopp", "Amherst"})
    near = [DatedNeighbor(names | {"Buffalo"}, 1999), DatedNeighbor(names, 1999),
            DatedNeighbor(names | {"Canada"}, 1998)]
    weekdays = weekday_dates(find_in_text("On Monday, Oct. 26, the clinic reopened.", None))
    assert weekdays == ((10, 26, 0),)
    assert estimate_from_neighbors(names, near).year == 1999
    narrowed = estimate_from_neighbors(names, near, weekdays=weekdays)
    assert narrowed.year == 1998 and narrowed.confidence >= SHOW_THRESHOLD
    assert "Monday, October 26" in narrowed.evidence
    assert estimate_from_neighbors(names, near[:2], weekdays=weekdays) is None


def test_a_weekday_that_fits_the_neighbors_year_makes_their_vote_surer():
    names = frozenset({"Kim Dae-jung", "Seoul"})
    near = [DatedNeighbor(names, 1998)]
    alone = estimate_from_neighbors(names, near)
    fitting = estimate_from_neighbors(names, near, weekdays=((2, 25, 2),))  # Wed, Feb. 25, 1998
    assert fitting.year == 1998 and fitting.confidence > alone.confidence


def test_year_clues_keep_the_weekday_dates():
    clues = year_clues(find_in_text("On Friday, Oct. 23, prices rose.", None))
    assert clues.weekdays == ((10, 23, 4),) and clues.year is None


def test_a_finished_year_and_the_year_after_next_ahead_pin_the_year_between(nlp):
    """The last whole year reported is 1988 and 1990 is ahead: told in 1989, shown alone."""
    text = ("In 1988, the company earned $5 million. "
            "Its capital spending will rise in 1990, the company said.")
    estimate = _parsed(nlp, text)
    assert (estimate.year, estimate.rule) == (1989, "finished-adjacent")
    assert estimate.confidence >= SHOW_THRESHOLD
    merely_past = "In 1988, the company moved. Its spending will rise in 1989, it said."
    assert _parsed(nlp, merely_past).confidence < SHOW_THRESHOLD

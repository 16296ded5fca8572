"""Quantities nobody counted: plural units with no number, "the next few months"."""

from __future__ import annotations


def test_plural_units_with_no_number_are_vague_durations(find):
    got = find("He spent days in hospital; within minutes police came, after years of war.",
               "2013-02-05", full=True)
    assert [(e.text, e.type, e.value) for e in got] == [
        ("days", "DURATION", "PXD"), ("minutes", "DURATION", "PTXM"),
        ("years", "DURATION", "PXY")]


def test_decades_and_centuries_uncounted_are_years_uncounted(find):
    assert find("The feud lasted for decades, the empire for centuries.", "2013-02-05") == {
        "decades": "PXY", "centuries": "PXY"}


def test_a_determiner_or_a_compound_makes_the_plural_something_else(find):
    assert find("Those were the days of hope; the Fed minutes and long hours.",
                "2013-02-05") == {}


def test_the_next_few_units_are_a_vague_stretch_ahead(find):
    got = find("Prices will rise in the next few months and the weeks ahead.", "2013-02-05",
               full=True)
    assert [(e.text, e.type, e.value) for e in got] == [
        ("the next few months", "DURATION", "PXM"), ("the weeks ahead", "DURATION", "PXW")]


def test_the_coming_months_point_ahead(find):
    assert find("Rates will fall in the coming months.", "2013-02-05") == {
        "the coming months": "FUTURE_REF"}


def test_uncounted_units_ago_or_later_are_references_not_stretches(find):
    assert find("Weeks ago it rained. Days later, the rebels attacked.", "2013-02-05") == {
        "Weeks ago": "PAST_REF", "Days later": "FUTURE_REF"}


def test_uncounted_hundreds_of_units_are_vague_too(find):
    assert find("They ruled the region for hundreds of years.", "2013-02-05") == {
        "hundreds of years": "PXY"}

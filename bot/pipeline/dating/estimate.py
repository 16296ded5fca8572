"""A publication year for documents that state none, shown only when the evidence is strong.

A wrong year shown to a reader is worse than "undated", so every estimate carries a confidence
and `estimate_document_date` returns it only at or above `SHOW_THRESHOLD`. The evidence is what
a reader would accept:

- **The latest past event.** A news text is written after the events it reports, so its year is
  at least the latest year it names in the past tense ("fell in May 2015"); a year told in the
  present is a plan or a forecast ("profits for 1990 look strong") and bounds nothing. That is a
  lower bound, not the answer: texts look back years.
- **What is still ahead.** A year the text speaks of in the future tense ("will expire in 2018")
  bounds the writing from above. Lower and upper bound meeting pins the year; a year past and
  the next ahead make the first likely, and sure enough to show when the text reports the year
  before as finished ("for 1988 it earned ...", "1990 earnings will fall": told in 1989).
- **Weekdays.** "Tuesday, Oct. 27" names a day of the week and a date: only some years put them
  together (every 5, 6 or 11 years), and the first such year at or after the lower bound is
  the likely year of writing, sure when it is within a year of it or the only one before what
  is ahead.
- **"This year" against a named month.** A text that names "May 2015" and also "in May this year"
  is not written in 2015.
- **A completed period.** "all of 1986", "its 1986 results were", "earned $5 million in 1986"
  (`tense.year_reading`): a year reported as finished, so the writing is in a later year.
- **Dated documents on the same events** (`estimate_from_neighbors`): stories naming the same
  people, places and bodies were written about the same time. Ingest reads them from the store.
  The text's bounds and weekdays rule some of their years out ("Monday, Oct. 26" is not 1999).

The text's own clues are rare and weak on real news (on the dev half a third of the texts name
a year at all, and the latest one named is the year of writing one time in eight), so alone
they stay below the threshold: they narrow what the corpus's documents may say, reinforce it
when they agree, and cast doubt on it when they pin another year.

The confidences were set on the dev half of TimeBank + AQUAINT (bench/docdate.py) and are
checked on its test half, which is never read error by error.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.models import DocDate, TimeExpression, YearClues
from bot.pipeline.dating.tense import FINISHED, FUTURE, PAST

# Below this an estimate is not shown: the document stays "undated".
SHOW_THRESHOLD = 0.7
# Rules by which the text names one year, not only a year it cannot be before.
_PINNING_RULES = frozenset({"bounds-meet", "bounds-adjacent", "finished-adjacent", "weekday",
                            "weekday-first", "this-year"})
# A year reported as finished and the year after next told as ahead: the year between. On the
# dev half every such text (two, both WSJ 1989) was of that year; shown alone.
_FINISHED_ADJACENT = 0.75

_YEAR_VALUE = re.compile(r"^(\d{4})(?:-(\d\d))?(?:-(\d\d))?")
_YEARLESS_DAY = re.compile(r"^XXXX-(\d\d)-(\d\d)$")
_PRECISE = frozenset({"day", "week", "month", "season", "quarter", "half"})
_WEEKDAYS = {name: i for i, names in enumerate(
    (("mon", "monday"), ("tue", "tues", "tuesday"), ("wed", "wednesday"),
     ("thu", "thur", "thurs", "thursday"), ("fri", "friday"), ("sat", "saturday"),
     ("sun", "sunday"))) for name in names}
_WEEKDAY_WORD = re.compile(r"\b(" + "|".join(sorted(_WEEKDAYS, key=len, reverse=True)) + r")\b\.?",
                           re.IGNORECASE)
# A year named as a finished period: "1986 results", "for all of 1986". Not "fiscal 1986": a
# fiscal year is named by the calendar year it ends in, often in June or September, so its
# results are told in that same year.
_COMPLETED = re.compile(
    r"^(?:calendar|full[- ]year|all of|the whole of)\s+\d{4}$"
    r"|^\d{4}\s+(?:results?|earnings|profits?|losses|sales|figures|revenues?|as a whole)$",
    re.IGNORECASE,
)
# How far before the writing the latest past event may lie for a weekday's year to be sure.
_MAX_WEEKDAY_GAP = 1
# The longest run of years before a month-day falls on the same weekday again.
_WEEKDAY_CYCLE = 11


@dataclass(frozen=True)
class Estimate:
    """A year with how sure we are (0–1) and the evidence a reader can check."""

    year: int
    confidence: float
    evidence: str
    rule: str = ""  # which kind of evidence decided it (bench/docdate.py counts by rule)


def estimate_document_date(
    expressions: Sequence[TimeExpression],
    directions: Sequence[str | None] | None = None,
    *,
    threshold: float = SHOW_THRESHOLD,
) -> DocDate | None:
    """The estimated year as a DocDate when its confidence reaches `threshold`, else None.

    `expressions` were found with no anchor; `directions` gives each one's reading ("past",
    "finished", "present", "future" or None) from `bot.pipeline.dating.tense.year_reading`;
    without it every one counts as past.

    >>> estimate_document_date(find_in_text("It fell in May 2015. In May this year it rose.",
    ...                                     None), threshold=0.5).value
    '2016'
    """
    estimate = estimate_year(expressions, directions)
    if estimate is None or estimate.confidence < threshold:
        return None
    return DocDate(str(estimate.year), "year", "estimated",
                   f"{estimate.evidence} (confidence {estimate.confidence:.2f})")


def year_clues(
    expressions: Sequence[TimeExpression], directions: Sequence[str | None] | None = None
) -> YearClues:
    """The text's bounds and own guess, kept for ingest to weigh with the dated corpus."""
    lower, upper = year_bounds(expressions, directions)
    own = estimate_year(expressions, directions)
    weekdays = weekday_dates(expressions)
    if own is None:
        return YearClues(lower, upper, weekdays=weekdays)
    return YearClues(lower, upper, own.year, own.confidence, own.evidence, own.rule, weekdays)


def estimate_from_clues(clues: YearClues) -> Estimate | None:
    """The text's own guess back as an Estimate (None when it had none)."""
    if clues.year is None:
        return None
    return Estimate(clues.year, clues.confidence, clues.evidence, clues.rule)


def estimate_year(
    expressions: Sequence[TimeExpression], directions: Sequence[str | None] | None = None
) -> Estimate | None:
    """The best year the evidence supports, with its confidence, or None with no evidence."""
    tense = list(directions) if directions is not None else [PAST] * len(expressions)
    dated = [(e, d) for e, d in zip(expressions, tense, strict=True)
             if e.type == "DATE" and not e.anchored and _YEAR_VALUE.match(e.value)
             and 1800 <= int(e.value[:4]) <= 2200]
    if not dated:
        return None
    told = [(e, d) for e, d in dated if _told_as_past(e, d, directions is not None)]
    # Untensed, a year alone may be a plan ("finish by 2030"): it counts only when nothing finer
    # is named. Read for tense, a year told in the past is as good as a day.
    past = told if directions is not None else [
        (e, d) for e, d in told if e.granularity in _PRECISE] or told
    ahead = [e for e, d in dated if d == FUTURE]
    upper = min((int(e.value[:4]) for e in ahead), default=None)
    if not past and upper is None:
        return None
    if not past:
        return Estimate(upper - 1, 0.1, f"the text speaks of {ahead[0].text} as still ahead",
                        "only-ahead")
    latest = max(past, key=lambda pair: pair[0].value)[0]
    lower = int(latest.value[:4])
    evidence = f"latest past date mentioned: {latest.text}"
    completed = [e for e, d in past if _finished(e, d) and int(e.value[:4]) >= lower]
    if completed:
        lower += 1
        evidence = f"{completed[0].text!r} is reported as finished"
    if upper is not None and upper < lower:
        return Estimate(lower, 0.1, f"{evidence}; but {ahead[0].text} is ahead (contradiction)",
                        "contradiction")
    if upper is not None and upper == lower:
        return Estimate(lower, 0.65, f"{evidence}; {_ahead_text(ahead, upper)} is still ahead",
                        "bounds-meet")
    if upper is not None and upper == lower + 1 and _weekday_year(expressions, lower, upper) is None:
        if completed:
            # "For 1988 it earned $1.7 billion" and "1990 earnings will fall": the last whole
            # year it reports is 1988 and 1990 is ahead, so it is told in 1989. Told in 1990, it
            # would report 1989 as the last whole year.
            return Estimate(lower, _FINISHED_ADJACENT,
                            f"{evidence}; {_ahead_text(ahead, upper)} is still ahead",
                            "finished-adjacent")
        # One year past, the next ahead: written in the first, or early in the second.
        return Estimate(lower, 0.5, f"{evidence}; {_ahead_text(ahead, upper)} is still ahead",
                        "bounds-adjacent")
    weekday = _weekday_year(expressions, lower, upper)
    if weekday is not None:
        year, text, sure = weekday
        return Estimate(year, 0.65 if sure else 0.45,
                        f"{evidence}; {text!r} falls on that weekday in {year}",
                        "weekday" if sure else "weekday-first")
    clash = _this_year_clash(expressions, [e for e, _ in dated], lower)
    if clash:
        return Estimate(lower + 1, 0.6,
                        f"{evidence}; {clash[1]!r} is not {clash[0]!r}, so 'this year' is later",
                        "this-year")
    precise = latest.granularity in _PRECISE
    return Estimate(lower, 0.3 if precise else 0.1, evidence,
                    ("latest-precise" if precise else "latest-year") + ("+done" if completed else ""))


def _finished(expression: TimeExpression, direction: str | None) -> bool:
    """A whole year told as ended ("1986 results", "calendar 1986"): the writing is later."""
    return expression.granularity == "year" and (
        direction == FINISHED or bool(_COMPLETED.match(expression.text.strip())))


def _told_as_past(expression: TimeExpression, direction: str | None, tensed: bool) -> bool:
    """Whether a dated mention bounds the writing from below.

    Told in the past tense it does. Told in the present it does not: news puts what is past in
    the past tense, and a present-tense year is mostly a plan or a forecast ("profits for 1990
    look strong", "the law takes effect in June 1994"). A mention whose tense is unknown counts
    when it is finer than a year ("on May 3, 1988" is an event); a year alone may be a plan
    ("finish by 2030"). Without any tense reading (`tensed` false) every mention not ahead counts.
    """
    if not tensed:
        return direction != FUTURE
    return direction in (PAST, FINISHED) or (
        direction is None and expression.granularity in _PRECISE)


def _ahead_text(ahead: Sequence[TimeExpression], year: int) -> str:
    return next(e.text for e in ahead if int(e.value[:4]) == year)


def _weekday_year(expressions: Sequence[TimeExpression], lower: int,
                  upper: int | None = None) -> tuple[int, str, bool] | None:
    """The year a "Tuesday, Oct. 27" pins at or after `lower`: (year, its text, sure).

    A month-day falls on a given weekday once every 5, 6 or 11 years, so within one cycle after
    the latest past year there is such a year; the first is taken (news looks back a few years,
    rarely a decade). It is `sure` when it lies within a year of `lower`, or is the only one up to
    `upper` (the first year the text speaks of as ahead). Several such dates must agree on a
    year; one that fits no year (a misread weekday) makes the evidence void.
    """
    dates = weekday_dates(expressions)
    if not dates:
        return None
    last = min(upper, lower + _WEEKDAY_CYCLE) if upper is not None else lower + _WEEKDAY_CYCLE
    common = [y for y in range(lower, last + 1) if fits_weekdays(y, dates)]
    if not common:
        return None
    year = common[0]
    text = next(e.text for e in expressions if _YEARLESS_DAY.match(e.value)
                and _WEEKDAY_WORD.search(e.text))
    sure = year - lower <= _MAX_WEEKDAY_GAP or (upper is not None and len(common) == 1)
    return year, text, sure


def weekday_dates(expressions: Sequence[TimeExpression]) -> tuple[tuple[int, int, int], ...]:
    """(month, day, weekday 0-6) of each year-less date named with its weekday ("Friday, Oct. 13").

    >>> weekday_dates(find_in_text("On Friday, Oct. 13, stocks fell.", None))
    ((10, 13, 4),)
    """
    found = []
    for e in expressions:
        day = _YEARLESS_DAY.match(e.value)
        weekday = _WEEKDAY_WORD.search(e.text)
        if day and weekday:
            found.append((int(day.group(1)), int(day.group(2)),
                          _WEEKDAYS[weekday.group(1).lower()]))
    return tuple(dict.fromkeys(found))


def fits_weekdays(year: int, dates: Sequence[tuple[int, int, int]]) -> bool:
    """Whether every (month, day, weekday) falls on its weekday in `year` (true for none)."""
    return all(_weekday(year, month, day) == weekday for month, day, weekday in dates)


def _weekday(year: int, month: int, day: int) -> int | None:
    try:
        return dt.date(year, month, day).weekday()
    except ValueError:
        return None


def _this_year_clash(expressions: Sequence[TimeExpression], absolute: list[TimeExpression],
                     year: int) -> tuple[str, str] | None:
    """A month named with `year` and again with "this year": (the dated one, the relative one)."""
    dated = {}
    for e in absolute:
        m = _YEAR_VALUE.match(e.value)
        if m and m.group(2) and int(m.group(1)) == year:
            dated.setdefault(int(m.group(2)), e.text)
    for e in expressions:
        if e.anchored and "this year" in e.text.lower():
            month = re.match(r"^XXXX-(\d\d)", e.value)
            if month and int(month.group(1)) in dated:
                return dated[int(month.group(1))], e.text
    return None


# --- Documents that report the same events --------------------------------------------------

# Only neighbors this similar (rarity-weighted share of names) count as reporting the same events.
_MIN_SIMILARITY = 0.3
# How many of the most similar dated documents vote.
_NEIGHBORS = 5
# The vote's score times this is its confidence, when a neighbor of the winning year shares at
# least `_CALIBRATED_SHARED` names. The raw score was too shy: on the dev half of TimeBank +
# AQUAINT every vote scoring 0.45 or more named the right year, while the threshold showed only
# those above 0.7; the wrong ones scored 0.43 and less (neighbors sharing only places and
# nationalities, "Havana", "Canadian", or one or two names). The factor puts 0.5 at the threshold.
_NEIGHBOR_CALIBRATION = 1.4
_CALIBRATED_SHARED = 3
# What remains of the vote's doubt when the text's weekday dates fit the year it names.
_WEEKDAY_DOUBT = 0.5


@dataclass(frozen=True)
class DatedNeighbor:
    """A dated document of the same corpus: the names it mentions and its year."""

    names: frozenset[str]
    year: int
    label: str = ""


def estimate_from_neighbors(
    names: frozenset[str], neighbors: Sequence[DatedNeighbor], *, lower: int | None = None,
    upper: int | None = None, weekdays: Sequence[tuple[int, int, int]] = (),
) -> Estimate | None:
    """The year of the dated documents that name the same people, places and bodies.

    Stories about one event cluster in time: a text naming "Elian Gonzalez", "Havana" and
    "Reno" was written when the dated texts naming them were. Names are weighted by rarity
    among the neighbors (a name every document uses says nothing), the closest neighbors vote
    by similarity, and the confidence is the winning year's share of the vote times how close
    the neighbors are. `lower`/`upper` (from the text itself) rule years out, and so do
    `weekdays` (`weekday_dates`): "Monday, Oct. 26" is a Monday in 1998 but not in 1999 or 2000.
    A year they leave standing is the surer for it (a month-day falls on a given weekday in one
    year of seven): the doubt left by the vote is halved.

    >>> near = [DatedNeighbor(frozenset({"Elian Gonzalez", "Havana", "Reno"}), 2000),
    ...         DatedNeighbor(frozenset({"Nairobi", "Albright"}), 1998)]
    >>> estimate_from_neighbors(frozenset({"Elian Gonzalez", "Havana", "Miami"}), near).year
    2000
    """
    if not names or not neighbors:
        return None
    weight = _rarity(neighbors)
    total = sum(weight.get(n, weight["\0unseen"]) for n in names)
    scored = []
    for neighbor in neighbors:
        shared = names & neighbor.names
        if not shared:
            continue
        own = sum(weight.get(n, weight["\0unseen"]) for n in neighbor.names)
        similarity = sum(weight[n] for n in shared) / min(total, own)
        if similarity >= _MIN_SIMILARITY and (lower is None or neighbor.year >= lower) and (
                upper is None or neighbor.year <= upper) and fits_weekdays(neighbor.year, weekdays):
            scored.append((similarity, neighbor))
    if not scored:
        return None
    scored.sort(key=lambda pair: -pair[0])
    # Each neighbor weighs by its similarity, less when it shares few names (two names in
    # common can be chance; four rarely are).
    votes: dict[int, float] = {}
    for similarity, neighbor in scored[:_NEIGHBORS]:
        vote = similarity * min(1.0, len(names & neighbor.names) / 4)
        votes[neighbor.year] = votes.get(neighbor.year, 0.0) + vote
    year, mass = max(votes.items(), key=lambda item: item[1])
    share = mass / sum(votes.values()) if mass else 0.0
    closest = scored[0][0]
    support = [n for s, n in scored[:_NEIGHBORS] if n.year == year]
    score = share * min(1.0, 0.5 + closest) * min(1.0, 0.3 + 0.6 * mass)
    # Two names in common can be chance: the calibration holds for votes carried by a
    # neighbor sharing at least three.
    calibrated = max(len(names & n.names) for n in support) >= _CALIBRATED_SHARED
    confidence = min(1.0, score * _NEIGHBOR_CALIBRATION) if calibrated else score
    shared = sorted(names & support[0].names, key=lambda n: -weight[n])[:3]
    evidence = (f"{len(support)} dated document(s) of {year} report the same events "
                f"(naming {', '.join(shared)})")
    if weekdays:
        confidence = 1 - (1 - confidence) * _WEEKDAY_DOUBT
        evidence += f"; {_weekday_text(weekdays[0])} falls in {year} on that weekday"
    return Estimate(year, round(confidence, 3), evidence, "neighbors")


def _weekday_text(date: tuple[int, int, int]) -> str:
    month, day, weekday = date
    return f"{dt.date(2001, 1, 1 + weekday):%A}, {dt.date(2000, month, day):%B} {day}"


def _rarity(neighbors: Sequence[DatedNeighbor]) -> dict[str, float]:
    """log(N / document frequency) per name; "\\0unseen" for names no neighbor has."""
    import math

    frequency: dict[str, int] = {}
    for neighbor in neighbors:
        for name in neighbor.names:
            frequency[name] = frequency.get(name, 0) + 1
    n = len(neighbors) + 1
    weight = {name: math.log(n / count) + 0.1 for name, count in frequency.items()}
    weight["\0unseen"] = math.log(n) + 0.1
    return weight


def combine_estimates(own: Estimate | None, corpus: Estimate | None) -> Estimate | None:
    """The text's own estimate and the corpus's: agreeing they reinforce, else the surer wins.

    When they disagree and the text pins its year (a weekday, bounds that meet) rather than
    only bounding it from below, the winner is less sure by the loser's confidence: two readers
    who disagree leave a third in doubt.
    """
    if own is None or corpus is None:
        return own or corpus
    if own.year == corpus.year:
        confidence = 1 - (1 - own.confidence) * (1 - corpus.confidence)
        return Estimate(own.year, round(confidence, 3), f"{own.evidence}; {corpus.evidence}",
                        f"{own.rule}+neighbors")
    winner, loser = (own, corpus) if own.confidence >= corpus.confidence else (corpus, own)
    if own.rule not in _PINNING_RULES:
        return winner
    doubt = round(winner.confidence * (1 - loser.confidence), 3)
    return dataclasses.replace(winner, confidence=doubt,
                               evidence=f"{winner.evidence}; but {loser.evidence}")


def year_bounds(
    expressions: Sequence[TimeExpression], directions: Sequence[str | None] | None = None
) -> tuple[int | None, int | None]:
    """(at least, at most) the year of writing, from the years the text names as past/ahead."""
    tense = list(directions) if directions is not None else [PAST] * len(expressions)
    lower = upper = None
    for e, d in zip(expressions, tense, strict=True):
        if e.type != "DATE" or e.anchored or not _YEAR_VALUE.match(e.value):
            continue
        year = int(e.value[:4])
        if not 1800 <= year <= 2200:
            continue
        if d == FUTURE:
            upper = year if upper is None else min(upper, year)
        elif _told_as_past(e, d, directions is not None):
            year += _finished(e, d)
            lower = year if lower is None else max(lower, year)
    if lower is not None and upper is not None and upper < lower:
        return lower, None  # the text contradicts itself about what is ahead: trust the past
    return lower, upper

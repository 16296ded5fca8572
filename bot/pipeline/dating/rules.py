"""The grammar of English time expressions: one regular expression and one reader per form.

Each `Rule` finds a form ("Dec. 15", "three months ago", "the fall of 2013") and reads a
match into a `Found` (type, TIMEX3 value, granularity) using the paragraph's `Context`.
A reader returns None to reject a match ("May" the modal verb, "fall" the verb).
The finder keeps the longest matches, so "the fourth quarter of 2013" beats "2013".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.pipeline.dating.calendar_readers import (
    read_bare_month,
    read_century,
    read_current_quarter,
    read_decade,
    read_half,
    read_holiday,
    read_iso,
    read_month_day,
    read_month_year,
    read_numeric,
    read_quarter,
    read_reported_quarter,
    read_same_period,
    read_season,
    read_short_year,
    read_spelled_year,
    read_week_of,
    read_year,
)
from bot.pipeline.dating.clock_readers import (
    read_clock,
    read_clock_date,
    read_clock_day,
    read_clock_with_seconds,
    read_part_of_day,
)
from bot.pipeline.dating.context import Context, Found
from bot.pipeline.dating.lexicon import (
    ORDINALS,
)
from bot.pipeline.dating.patterns import (
    ANY_YEAR_G,
    APPROX,
    CLOCK,
    DAY_G,
    DAY_ORDINAL_WORDS,
    HOLIDAY,
    MOD,
    MON,
    MON_G,
    NUM,
    ORDINAL_WORDS,
    SPELLED_YEAR,
    UNIT,
    WD_PREFIX,
    WEEKDAY,
    YEAR,
    YEAR_G,
    B,
    E,
)
from bot.pipeline.dating.reading import (
    Groups,
    day_of_ordinal,
    with_text,
)
from bot.pipeline.dating.relative_readers import (
    read_ago,
    read_coming,
    read_day_of_month,
    read_deictic_day,
    read_end_of,
    read_in_the_unit,
    read_named_season,
    read_ref,
    read_that_unit,
    read_the_day,
    read_the_unit,
    read_the_year,
    read_weekday,
    read_weekend,
    read_year_end,
    read_year_rel,
)
from bot.pipeline.dating.span_readers import (
    read_calendar_set,
    read_duration,
    read_plural_weekday,
    read_set_any,
    read_tenure,
    read_unit_long,
    read_vague_duration,
)


@dataclass(frozen=True)
class Rule:
    """One form of expression: its name (for the finder's checks), pattern and reader."""

    name: str
    pattern: re.Pattern[str]
    read: Callable[[re.Match[str], Context], Found | None]


def _c(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(pattern, flags)


# The parts of the anchor's day a clock time can be placed in: "at 10:30 this morning".
_TODAYS_PART = r"this\s+(?:morning|afternoon|evening)|tonight|last\s+night"
_DAY_WORD = rf"{WEEKDAY}|yesterday|today|tomorrow"
_POD = r"morning|afternoon|evening|night"
# An hour without "p.m." or minutes is a clock only after "at" and next to a part of the day
# ("at 9 this morning", "tonight at 8", "at 10 Friday night"); the reader checks the part.
_BARE_HOUR = r"(?<=\bat\s)(?:1[0-2]|[1-9])(?![\d:.,])"


RULES: tuple[Rule, ...] = (
    Rule("iso", _c(rf"{B}(?P<year>{YEAR})(?P<sep>[-/.])(?P<m>0[1-9]|1[0-2])(?P=sep)(?P<d>[0-3]\d)"
                   rf"(?:[T\s](?P<h>[01]\d|2[0-3]):(?P<mi>[0-5]\d))?{E}"), read_iso),
    Rule("numeric", _c(rf"{B}(?P<a>\d{{1,2}})(?P<sep>[/.])(?P<b>\d{{1,2}})(?P=sep)(?P<y>\d{{4}}|\d{{2}})(?![\d/.]\d)"),
         read_numeric),
    Rule("day-mon-year", _c(rf"{B}{WD_PREFIX}(?:the\s+)?{DAY_G}(?:\s+of)?[\s-]+{MON_G}"
                            rf"(?:,?[\s-]+{ANY_YEAR_G})?"), read_month_day),
    Rule("mon-day-year", _c(rf"{B}{WD_PREFIX}(?:(?P<rel>(?i:last|next|this))\s+)?{MON_G}\s+(?:the\s+)?{DAY_G}"
                            rf"(?:,?\s+{ANY_YEAR_G})?"), read_month_day),
    Rule("mon-ordinal", _c(rf"{B}{WD_PREFIX}{MON_G}\s+(?:the\s+)?(?P<ord>(?i:{DAY_ORDINAL_WORDS})){E}(?!-)"
                           rf"(?:,?\s+{ANY_YEAR_G})?"),
         lambda m, ctx: read_month_day(Groups(m, day=day_of_ordinal(m["ord"])), ctx)),
    Rule("ordinal-of-mon", _c(rf"{B}{WD_PREFIX}(?i:the\s+)(?P<ord>(?i:{DAY_ORDINAL_WORDS}))\s+(?i:of)\s+{MON_G}{E}"
                              rf"(?:,?\s+{ANY_YEAR_G})?"),
         lambda m, ctx: read_month_day(Groups(m, day=day_of_ordinal(m["ord"])), ctx)),
    Rule("week-of", _c(rf"{B}(?i:the\s+week\s+of\s+){MON_G}\s+{DAY_G}(?:,?\s+{YEAR_G})?{E}"), read_week_of),
    Rule("mon-year", _c(rf"{B}(?:(?i:{MOD})[\s-]+)?{MON_G},?\s+(?:of\s+)?(?:{ANY_YEAR_G}|"
                        rf"(?P<rel>(?i:this|last|next|the\s+previous|the\s+following))\s+year)"),
         read_month_year),
    Rule("bare-month", _c(rf"{B}(?:(?P<mod>(?i:{MOD}))[\s-]+)?(?:(?P<rel>(?i:last|next|this))\s+)?"
                          rf"{MON_G}"), with_text(read_bare_month)),
    Rule("season", _c(rf"(?i:{B}(?:{MOD}[\s-]+)?(?P<in>in\s+)?(?P<the>the\s+)?(?:(?P<rel>this|last|next|past|coming)\s+)?"
                      rf"(?:{MOD}[\s-]+)?(?P<season>spring|summer|fall|autumn|winter)"
                      rf"(?:(?:\s+of)?,?\s+{ANY_YEAR_G}|\s+of\s+(?P<rel2>this|last|next)\s+year)?){E}"),
         with_text(read_season)),
    Rule("quarter", _c(rf"(?i:{B}(?:the\s+)?(?:(?P<pre>this|last|next)\s+year[’']s\s+|(?P<y4>{YEAR})[’']s\s+)?(?:comparable\s+)?"
                       rf"(?:(?P<ya>year-(?:ago|earlier))\s+)?(?:fiscal[\s-]+)?(?:(?P<y0>{YEAR})[\s-]+(?:fiscal[\s-]+)?)?"
                       rf"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final)"
                       rf"[\s-]+(?:fiscal[\s-]+)?quarter(?:\s+of\s+(?:fiscal\s+)?{YEAR_G}|\s+(?P<y2>{YEAR})|"
                       rf"\s+of\s+(?P<rel2>this|last|next)\s+year)?|{B}Q(?P<qn>[1-4])\s+(?P<y3>{YEAR})){E}"),
         read_quarter),
    Rule("current-quarter", _c(rf"(?i:{B}(?:the\s+)?(?P<rel>this|current|latest|most\s+recent|last|previous|prior|past|"
                               rf"next|coming)\s+(?:quarter|(?<=latest\s)period|(?<=recent\s)period)){E}"),
         read_current_quarter),
    Rule("same-period", _c(rf"(?i:{B}the\s+(?:same|comparable|corresponding|like)\s+(?:period|quarter)\s+(?:of\s+|in\s+)?"
                           rf"(?:last\s+year|a\s+year\s+(?:ago|earlier)|the\s+(?:previous|prior)\s+year)){E}"),
         read_same_period),
    Rule("year-half", _c(rf"(?i:{B}{YEAR_G}[’']s\s+(?P<ord>first|second)\s+half){E}"), read_half),
    Rule("half", _c(rf"(?i:{B}the\s+(?P<ord>first|second|last|latter)\s+half\s+of\s+(?:{YEAR_G}|"
                    rf"(?P<rel>this|last|next)\s+year)){E}"), read_half),
    Rule("year", _c(rf"{B}(?:(?i:{MOD})[\s-]+)?(?:(?i:the\s+)?(?i:fiscal|the\s+year|calendar)\s+(?:year\s+)?)?"
                    rf"{YEAR_G}(?!\s*%|[.,]\d|'?s\b)"), read_year),
    Rule("year-rel", _c(rf"(?i:{B}(?:(?:earlier|later|early|late)\s+(?:in\s+)?)?(?:(?:the\s+)?(?:{MOD})\s+(?:of\s+)?)?"
                        rf"(?P<rel>this\s+past|this\s+coming|this|last|next|past|the\s+previous|the\s+prior|the\s+following|the\s+current|"
                        rf"the\s+past|the\s+last|the\s+next|the\s+same|the\s+coming|current|coming)"
                        rf"\s+(?:fiscal\s+|calendar\s+)?(?P<unit>year|month|week|weekend|decade))(?![\w-])"),
         read_year_rel),
    Rule("end-of", _c(rf"(?i:{B}(?:the\s+)?(?:end|beginning|start|middle|rest|remainder|balance)\s+of\s+"
                      rf"the\s+(?:fiscal\s+|calendar\s+)?(?P<unit>year|month|week|decade|century)){E}"), read_end_of),
    Rule("decade", _c(rf"(?i:{B}(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?:(?P<dec>(?:1[5-9]|20)\d0)'?s|"
                      rf"'(?P<yy>\d0)s|(?:(?P<cent>nineteen|eighteen)[\s-]+)?(?P<word>twenties|thirties|forties|fifties|sixties|seventies|"
                      rf"eighties|nineties))){E}"), read_decade),
    Rule("century", _c(rf"(?i:{B}(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?:(?P<n>\d{{1,2}})(?:st|nd|rd|th)|"
                       rf"(?P<w>{'|'.join(w for w in ORDINALS if w != 'last')}))[\s-]+century"
                       rf"|{B}(?P<rel>this|last|next|the\s+last|the\s+next|the\s+previous)\s+century){E}"),
         read_century),
    Rule("deictic-day", _c(rf"(?i:{B}(?P<word>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|"
                           rf"yesterday|today|tomorrow|tonight|last\s+night|this\s+morning|"
                           rf"this\s+afternoon|this\s+evening)(?:\s+(?P<pod>morning|afternoon|evening|night))?){E}"),
         read_deictic_day),
    Rule("weekday", _c(rf"{B}(?:(?P<rel>(?i:last|next|this|this\s+coming|this\s+past|coming|past))\s+)?"
                       rf"(?P<wd>{WEEKDAY})(?:\s+(?P<pod>(?i:morning|afternoon|evening|night)))?{E}"),
         read_weekday),
    Rule("plural-weekday", _c(rf"{B}(?P<wd>{WEEKDAY})s{E}"), read_plural_weekday),
    Rule("ago", _c(rf"(?i:{B}{APPROX}?(?:the\s+)?(?:(?P<q>{NUM}|several|a\s+few|few|many|some|a\s+couple\s+of)[\s-]*)?(?<![\w])(?P<unit>{UNIT})"
                   rf"(?:\s+or\s+so)?\s+(?P<dir>ago|earlier|later|from\s+(?:now|today)|hence|back|before|after|prior(?:\s+to)?)){E}"),
         read_ago),
    Rule("ref", _c(rf"(?i:{B}(?P<word>right\s+now|now|currently|at\s+present|nowadays|these\s+days|"
                   rf"presently|recently|lately|(?<=in\s)the\s+past|the\s+(?:near\s+|distant\s+|foreseeable\s+)?future|near\s+future|"
                   rf"the\s+present|at\s+the\s+moment|the\s+(?:near|short)(?:er)?\s+term|a\s+later\s+date)){E}(?!-)"),
         read_ref),
    Rule("unit-long", _c(rf"(?i:{B}(?P<unit>hour|day|week|month|year|decade|century)-long){E}"), read_unit_long),
    Rule("coming", _c(rf"(?i:{B}(?:the\s+)?(?P<word>coming|upcoming|future|(?:next|past|last)\s+(?:few|several)|recent)"
                      rf"\s+(?P<unit>hours|days|weeks|months|quarters|years|decades)|{B}the\s+(?P<word2>hours|days|weeks|months|years)\s+ahead){E}"),
         lambda m, ctx: read_coming(Groups(m, word=m["word"] or "next few", unit=m["unit"] or m["word2"]), ctx)),
    Rule("duration", _c(rf"(?i:{B}{APPROX}?(?:the\s+(?:(?:past|last|next|first|final|previous|following)\s+)?)?"
                        rf"(?P<q>{NUM}|several|a\s+few|few|many|half\s+an?|a\s+half|half(?=[\s-]+hour)|(?:hundreds|thousands|dozens|a\s+number)\s+of)"
                        rf"(?P<half>\s+1/2|\s+and\s+a\s+half|-and-a-half)?[\s-]+(?:more\s+|full\s+|straight\s+|consecutive\s+)?"
                        rf"(?P<unit>{UNIT})(?P<half2>\s+and\s+a\s+half)?(?P<old>[\s-]+old)?){E}(?!-old)"), with_text(read_duration)),
    Rule("vague-duration", _c(rf"(?i:{B}(?P<lead>(?:for|over|in|within)\s+)?(?P<unit>years|months|decades|weeks|days|"
                              rf"centuries|hours|minutes|seconds|nights)){E}(?!\s+(?:old|of\s+age)\b)"),
         read_vague_duration),
    Rule("set", _c(rf"(?i:{B}(?:(?:every|each|per)\s+(?:(?P<q>{NUM}|other)\s+)?(?:(?P<wd>{WEEKDAY})|(?P<unit>{UNIT}))"
                   rf"|(?:once|twice|three\s+times|\d+\s+times)\s+(?:a|an|per|every|each)\s+(?P<unit2>year|month|week|day)"
                   rf"|(?:every|each)\s+(?P<season>season)"
                   rf"|(?P<per>an?)\s+(?P<rate>year|month|week|day|night|hour)"
                   rf"|(?P<adv>daily|weekly|monthly|annually|yearly|hourly|quarterly|nightly|biweekly))){E}"),
         lambda m, ctx: read_set_any(m, ctx)),
    Rule("calendar-set", _c(rf"(?i:{B}(?:(?:every|each)\s+(?:(?P<mon>{MON})|(?P<season>spring|summer|fall|autumn|winter)"
                            rf"|(?:(?P<wd>{WEEKDAY})\s+)?(?P<pod>morning|afternoon|evening|night))"
                            rf"|(?P<wd2>{WEEKDAY})\s+(?P<pods>mornings|afternoons|evenings|nights))){E}"),
         read_calendar_set),
    Rule("clock", _c(rf"(?i:{B}(?<!:){CLOCK})(?![\w:])"), read_clock),
    Rule("clock-duration", _c(rf"{B}(?<![:\d])(?P<h>\d{{1,2}}):(?P<mi>[0-5]\d):(?P<s>[0-5]\d(?:\.\d+)?)(?![\d:]|\.\d)"),
         read_clock_with_seconds),
    Rule("reported-quarter", _c(rf"{B}(?:the\s+)?(?:(?P<ya>year-(?:ago|earlier))(?:\s+(?P<what>quarter|period))?"
                                rf"|the\s+(?P<what2>quarter)){E}"),
         lambda m, ctx: read_reported_quarter(Groups(m, what=m["what"] or m["what2"]), ctx)),
    Rule("clock-date", _c(rf"{B}(?P<clock>(?i:{CLOCK})),?\s+(?:(?i:on)\s+)?(?:(?i:{WEEKDAY}),?\s+)?"
                          rf"{MON_G}\s+{DAY_G}(?:,?\s+{YEAR_G})?{E}"), lambda m, ctx: read_clock_date(m, ctx)),
    Rule("clock-day", _c(rf"(?i:{B}(?:(?P<clock>{CLOCK}|{_BARE_HOUR})\s+(?:on\s+)?(?P<d1>{_DAY_WORD}|{_TODAYS_PART})"
                         rf"(?:\s+(?P<pod>{_POD}))?"
                         rf"|(?P<d2>{_DAY_WORD}|{_TODAYS_PART})(?:\s+(?P<pod2>{_POD}))?(?:\s+at)?\s+"
                         rf"(?P<clock2>{CLOCK}|{_BARE_HOUR}))){E}"),
         lambda m, ctx: read_clock_day(Groups(m, clock=m["clock"] or m["clock2"]), ctx)),
    Rule("weekend", _c(rf"(?i:{B}the\s+weekend){E}(?!\s+(?:before|after|of)\b)"), read_weekend),
    Rule("holiday", _c(rf"{B}(?:(?P<rel>(?i:last|next|this))\s+)?(?P<name>{HOLIDAY})"
                       rf"(?:,?\s+(?P<year>{YEAR}))?{E}"), read_holiday),
    Rule("that-unit", _c(rf"(?i:{B}(?:(?:earlier|later)\s+(?:in\s+)?)?(?:that\s+(?:same\s+)?|the\s+same\s+|"
                         rf"the\s+(?P<rel>next|following|previous)\s+)"
                         rf"(?P<unit>day|week|month|quarter|year|morning|night|evening|afternoon)){E}"),
         read_that_unit),
    Rule("spelled-year", _c(rf"(?i:{B}(?:the\s+year\s+)?){SPELLED_YEAR}"), read_spelled_year),
    Rule("short-year", _c(r"(?<![^\s(])['’](?P<yy>\d\d)(?![\w'’%]|[.,]\d)"), read_short_year),
    Rule("the-day", _c(rf"(?i:{B}the\s+(?:(?P<ord>{ORDINAL_WORDS}|\d{{1,3}}(?:st|nd|rd|th))\s+)?day){E}"
                       rf"(?(ord)(?!-)|(?=\s*[.,;:!?)\"”]|\s*$|[’']s\b|\s+(?:and|but|as|at|in|on|with|while|for)\b))"),
         read_the_day),
    Rule("in-the-unit", _c(rf"(?i:{B}(?:earlier|later|early|late)\s+in\s+the\s+(?P<unit>week|month)){E}"),
         read_in_the_unit),
    Rule("day-of-month", _c(rf"(?i:{B}(?:on|by|until|till|since|from|before|after)\s+(?P<the>the)\s+(?P<d>[12]\d|3[01]|[1-9])"
                            rf"(?:st|nd|rd|th)){E}(?!\s+(?:of|century|centuries|anniversary|time|day|week|month|year|place|floor|"
                            rf"round|hole|inning|minute|lap|amendment|district|street|avenue|precinct)\b|[-’'])"),
         read_day_of_month),
    Rule("the-unit", _c(rf"(?i:{B}(?:in|for|during|over|through|throughout|within)\s+(?P<the>the)\s+(?P<unit>week|month)){E}"
                        rf"(?![-’']|\s+(?:of|when|in\s+which|that|before|after|ago|earlier|later|ahead|following)\b)"),
         read_the_unit),
    Rule("the-year", _c(rf"(?i:{B}the\s+(?:(?:full|fiscal|calendar)\s+)?year){E}"
                        rf"(?![-’']|\s+(?:of|when|in\s+which|that|before|after|ago|earlier|later)\b)"),
         read_the_year),
    Rule("tenure", _c(rf"(?i:{B}(?:(?:first|second|third|fourth|fifth|new|next|final|last|previous)\s+term|"
                      rf"(?:(?<=\bhis\s)|(?<=\bher\s)|(?<=\bits\s)|(?<=\btheir\s))tenure)){E}(?![\s-]+(?:paper|limit|sheet|loan|deposit)s?\b)"),
         read_tenure),
    Rule("year-end", _c(rf"(?i:{B}(?:the\s+)?(?:fiscal\s+)?year(?:[-\s]end|[’']s\s+end)){E}(?!\s+of\b)"),
         read_year_end),
    Rule("named-season", _c(rf"(?i:{B}(?:the\s+)?(?P<rel>this\s+past|this|last|next|recent|current|coming|previous|past)"
                            rf"\s+season){E}"), read_named_season),
    Rule("part-of-day", _c(rf"(?i:{B}(?:(?:the|this|that)\s+|mid[-\s]?)(?P<pod>morning|afternoon|evening)){E}(?!\s+of\b)"),
         read_part_of_day),
)

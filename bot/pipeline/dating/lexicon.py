"""Words of English time expressions: month and weekday names, number words, units, seasons.

Kept apart from the rules so the patterns read as grammar and the vocabulary can grow alone.
"""

from __future__ import annotations

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}

WEEKDAYS: dict[str, int] = {  # ISO numbering: Monday is 1
    "monday": 1, "mon": 1, "tuesday": 2, "tue": 2, "tues": 2, "wednesday": 3, "wed": 3,
    "thursday": 4, "thu": 4, "thurs": 4, "friday": 5, "fri": 5, "saturday": 6, "sat": 6,
    "sunday": 7, "sun": 7,
}

SEASONS: dict[str, str] = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA",
                           "winter": "WI"}
# Month a season starts in (northern hemisphere), to compare a season with the anchor.
SEASON_MONTH: dict[str, int] = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}

PARTS_OF_DAY: dict[str, str] = {"morning": "MO", "afternoon": "AF", "evening": "EV",
                                "night": "NI", "overnight": "NI"}

_UNITS_SMALL = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}

NUMBER_WORDS: dict[str, int] = {**_UNITS_SMALL, **_TENS, "a": 1, "an": 1, "a single": 1,
                                "a hundred": 100, "one hundred": 100, "a dozen": 12,
                                "a couple of": 2, "a couple": 2, "couple of": 2, "a half": 0, "half a": 0}
for _u, _uv in list(_UNITS_SMALL.items())[:9]:  # "two thousand years" (a count, not 2000)
    NUMBER_WORDS[f"{_u} thousand"] = _uv * 1000
    NUMBER_WORDS[f"{_u} hundred"] = _uv * 100
NUMBER_WORDS["a thousand"] = 1000
for _t, _tv in _TENS.items():
    for _u, _uv in list(_UNITS_SMALL.items())[:9]:
        NUMBER_WORDS[f"{_t}-{_u}"] = _tv + _uv
        NUMBER_WORDS[f"{_t} {_u}"] = _tv + _uv

# Quantities we cannot count: "several years" is PXY.
VAGUE_QUANTITIES = ("several", "a few", "few", "many", "some", "a number of", "numerous",
                    "countless", "a couple of", "the past few", "the last few", "the next few")

ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "twenty first": 21,
    "last": 4,  # "the last quarter": only used with quarters
}

# Days of the month as spoken ("March third", "the twenty-second of May"), 1 to 31.
DAY_ORDINALS: dict[str, int] = {w: n for w, n in ORDINALS.items() if w != "last" and n < 20}
_FIRST_NINE = list(DAY_ORDINALS.items())[:9]
for _tens, _base, _round in (("twenty", 20, "twentieth"), ("thirty", 30, "thirtieth")):
    DAY_ORDINALS[_round] = _base
    for _w, _n in _FIRST_NINE:
        if _base + _n <= 31:
            DAY_ORDINALS[f"{_tens}-{_w}"] = DAY_ORDINALS[f"{_tens} {_w}"] = _base + _n

# Unit word -> (TIMEX3 duration letter, needs "T" prefix, granularity of a date at that unit)
UNITS: dict[str, tuple[str, bool, str]] = {
    "year": ("Y", False, "year"), "yr": ("Y", False, "year"), "month": ("M", False, "month"),
    "week": ("W", False, "week"), "day": ("D", False, "day"), "hour": ("H", True, "time"),
    "minute": ("M", True, "time"), "second": ("S", True, "time"),
    "decade": ("DE", False, "decade"), "century": ("CE", False, "century"),
    "quarter": ("Q", False, "quarter"), "weekend": ("WE", False, "week"),
    "fortnight": ("W", False, "week"), "millennium": ("ML", False, "millennium"),
    "night": ("D", False, "day"), "season": ("S", False, "season"),
}
UNIT_PLURALS = {"years": "year", "yrs": "year", "months": "month", "weeks": "week",
                "days": "day", "hours": "hour", "minutes": "minute", "seconds": "second",
                "decades": "decade", "centuries": "century", "quarters": "quarter",
                "weekends": "weekend", "fortnights": "fortnight", "millennia": "millennium",
                "nights": "night", "seasons": "season"}

# Nouns that sum up a whole period ("1986 results", "1990 earnings"): a number in the year
# range before them is a year, never a count.
RESULT_NOUNS = frozenset({"result", "earning", "earnings", "profit", "loss", "sale", "sales",
                          "revenue", "income", "figure", "turnover", "deficit", "surplus",
                          "output", "growth", "inflation"})

# Words after which a 4-digit number in the year range is not a year ("2000 troops").
TIME_NOUNS = frozenset(UNITS) | frozenset(UNIT_PLURALS) | {"election", "elections", "budget",
                                                            "season", "census", "level",
                                                            "levels", "summit", "olympics"}


def number_value(word: str) -> int | None:
    """The integer a number word or numeral stands for: "seven" -> 7, "30" -> 30, "1,000"."""
    w = word.lower().strip()
    if w in NUMBER_WORDS:
        return NUMBER_WORDS[w]
    digits = w.replace(",", "")
    if digits.isdecimal():
        return int(digits)
    return None

"""Regular-expression pieces shared by the rules: month, day, year, weekday, numbers, units.

Written once so every rule spells "Dec." or "1,000" the same way.
"""

from __future__ import annotations

import re

from bot.pipeline.dating.lexicon import (
    DAY_ORDINALS,
    NUMBER_WORDS,
    ORDINALS,
)

# Start of a word: not inside one ("Obama's", "rock'n'roll", "mid-", "3.5"); an opening
# quote is no part of a word ("'Now is the time,' he said").
B = r"(?<![\w.-])(?<![\w.-]['’])"


E = r"(?![\w])"  # end of a word


MON = (r"(?:(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?|January|February|March|April"
        r"|May|June|July|August|September|October|November|December|JANUARY|FEBRUARY|MARCH"
        r"|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)(?![a-zA-Z])")


DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|[:.]\d)"


YEAR = r"(?:1[5-9]\d\d|20\d\d)(?![\d])"


WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"


ORDINAL_WORDS = "|".join(sorted((re.escape(w) for w in ORDINALS if w != "last"), key=len,
                               reverse=True))


# "third", "twenty-second": a spoken day of the month, longest first
DAY_ORDINAL_WORDS = "|".join(sorted((w.replace("-", r"[-\s]+") for w in DAY_ORDINALS if " " not in w),
                                    key=len, reverse=True))


NUMWORD = "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True))


NUM = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|{NUMWORD})"


UNIT = r"(?:years?|yrs?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centur(?:y|ies)|quarters?|weekends?|fortnights?|millenni(?:um|a)|nights?)"


MOD = r"(?:early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|the\s+turn\s+of)"


HOLIDAY = (r"(?:Christmas(?:\s+(?:Eve|Day))?|New\s+Year[’']?s(?:\s+(?:Eve|Day))?|Independence\s+Day"
            r"|Fourth\s+of\s+July|Halloween|Valentine[’']?s\s+Day|Boxing\s+Day|Veterans\s+Day"
            r"|Armistice\s+Day|Easter(?:\s+Sunday)?|Good\s+Friday|Thanksgiving(?:\s+Day)?"
            r"|Labor\s+Day|Memorial\s+Day|Election\s+Day|Martin\s+Luther\s+King(?:\s+Jr\.?)?\s+Day)")


SPELLED_TENS = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"


SPELLED_UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"


# A year said in words, as broadcast transcripts write it: "nineteen ninety-seven",
# "nineteen hundred and eighty", "two thousand and one".
SPELLED_YEAR = (rf"(?i:(?:nineteen|twenty)[\s-]+(?:hundred[\s-]+(?:and[\s-]+)?)?{SPELLED_TENS}"
                rf"(?:[\s-]{SPELLED_UNITS})?|two\s+thousand(?:[\s-]+(?:and[\s-]+)?{SPELLED_UNITS})?)"
                r"(?![\w-])")


# Nouns after which a spelled "year" is a count: "two thousand people", "nineteen ninety days".
COUNTED_AFTER = r"[\s-]+(?i:years?|months?|weeks?|days?|hours?|people|dollars)\b"


ZONE = r"(?:\s+(?:EST|EDT|CST|CDT|PST|PDT|GMT|UTC|ET|BST|CET|JST|local\s+time))?"


CLOCK = (rf"(?:(?:[01]?\d|2[0-3])(?:[:.][0-5]\d)?\s*(?:a\.\s?m\.?|p\.\s?m\.?|am|pm){ZONE}"
          rf"|(?:[01]?\d|2[0-3]):[0-5]\d{ZONE}|(?:1[0-2]|[1-9])\s+o['’]clock|noon|midday|midnight"
          rf"|(?:[01]\d|2[0-3])[0-5]\d\s+(?:GMT|UTC))")  # "0800 GMT": the 24-hour clock of wire copy


MON_G = rf"(?P<mon>{MON})"


DAY_G = rf"(?P<day>{DAY})"


YEAR_G = rf"(?P<year>{YEAR})"


# The year of a written date, in digits or in words ("January nineteen ninety-seven").
ANY_YEAR_G = rf"(?P<year>{YEAR}|{SPELLED_YEAR}(?!{COUNTED_AFTER}))"


WD_PREFIX = rf"(?:(?i:{WEEKDAY}),?\s+(?:the\s+)?)?"


# Words that bound a quantity of time, kept in the span as TimeML does ("more than 30 years");
# looser ones ("about", "some", "as long as") stay outside it, as in TimeBank.
APPROX = (r"(?:(?:almost|nearly|more\s+than|less\s+than|at\s+least|at\s+most|up\s+to|"
          r"no\s+more\s+than|fewer\s+than)\s+)")

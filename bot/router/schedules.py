"""Digest schedules as people type them: `daily 09:00`, `weekly mon 09:00 tz=Asia/Tokyo`.

    >>> parse_schedule("weekly Mon 9:30 tz=Asia/Tokyo", "UTC")
    Schedule(minute=30, hour=9, day_of_week='mon', tz='Asia/Tokyo')
    >>> parse_schedule("hourly", "UTC")
    'I understand `daily HH:MM` or `weekly DAY HH:MM`, optionally with `tz=Area/City` — e.g. `daily 09:00` or `weekly mon 09:00 tz=Asia/Tokyo`.'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.answers.reply import escape_mrkdwn

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_TIME = re.compile(r"^([01]?\d|2[0-3])[:.h]([0-5]\d)$")
USAGE = (
    "I understand `daily HH:MM` or `weekly DAY HH:MM`, optionally with `tz=Area/City` — "
    "e.g. `daily 09:00` or `weekly mon 09:00 tz=Asia/Tokyo`."
)


@dataclass(frozen=True)
class Schedule:
    """When a digest goes out: cron fields (minute, hour, day of week) in a time zone."""

    minute: int
    hour: int
    day_of_week: str  # "*" (every day) or mon..sun
    tz: str

    def describe(self) -> str:
        """`every day at 09:00 (Asia/Tokyo)` / `every Monday at 09:00 (UTC)`."""
        when = "every day" if self.day_of_week == "*" else f"every {_DAY_NAMES[self.day_of_week]}"
        return f"{when} at {self.hour:02d}:{self.minute:02d} ({self.tz})"


_DAY_NAMES = dict(zip(DAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                             "Sunday"), strict=True))


def valid_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def parse_schedule(text: str, default_tz: str) -> Schedule | str:
    """A Schedule, or a sentence (mrkdwn) saying what is wrong and what to type instead."""
    words = text.split()
    tz = default_tz
    rest = []
    for word in words:
        if word.lower().startswith("tz="):
            tz = word[3:]
        else:
            rest.append(word.lower())
    if not valid_zone(tz):
        return f"I don't know the time zone `{escape_mrkdwn(tz[:40])}`. Use a name like `Europe/Paris` or `UTC`."
    if not rest or rest[0] not in ("daily", "weekly"):
        return USAGE
    if rest[0] == "daily":
        if len(rest) != 2:
            return USAGE
        day, clock = "*", rest[1]
    else:
        if len(rest) != 3:
            return USAGE
        day, clock = rest[1][:3], rest[2]
        if day not in DAYS or not _DAY_NAMES[day].lower().startswith(rest[1]):
            return f"`{escape_mrkdwn(rest[1][:40])}` is not a day of the week: use one of {', '.join(DAYS)}."
    match = _TIME.match(clock)
    if not match:
        return f"`{escape_mrkdwn(clock[:40])}` is not a time of day: use 24-hour `HH:MM`, e.g. `09:00` or `17:30`."
    return Schedule(int(match[2]), int(match[1]), day, tz)



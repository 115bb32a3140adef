"""Durations as playbooks and regulators write them: `30m`, `1h`, `1h30m`, `72h`, `30d`,
`4bd` (business days, Monday to Friday), `2w`, `1mo` (calendar months).

Adding a duration to a time keeps the time's zone: `30d` after 1 March 09:00 in Paris is
31 March 09:00 in Paris, whatever daylight saving did in between.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

UNITS = {"m": "minute", "h": "hour", "d": "day", "bd": "business day", "w": "week", "mo": "month"}
_PART = re.compile(r"(\d+)\s*(mo|bd|m|h|d|w)", re.IGNORECASE)
_WHOLE = re.compile(r"^\s*(?:\d+\s*(?:mo|bd|m|h|d|w)\s*)+$", re.IGNORECASE)


class DurationError(ValueError):
    pass


@dataclass(frozen=True)
class Duration:
    minutes: int = 0  # the fixed part: minutes, hours, days and weeks
    business_days: int = 0
    months: int = 0
    text: str = ""

    def __str__(self) -> str:
        return self.text or f"{self.minutes}m"

    @property
    def is_zero(self) -> bool:
        return not (self.minutes or self.business_days or self.months)

    def after(self, start: datetime) -> datetime:
        when = start
        if self.months:
            month = when.month - 1 + self.months
            year = when.year + month // 12
            month = month % 12 + 1
            day = min(when.day, calendar.monthrange(year, month)[1])
            when = when.replace(year=year, month=month, day=day)
        if self.business_days:
            when = add_business_days(when, self.business_days)
        if self.minutes:
            # Calendar arithmetic on the wall clock keeps "30d at 09:00" at 09:00 across DST.
            days, minutes = divmod(self.minutes, 24 * 60)
            when = when + timedelta(days=days)
            when = when + timedelta(minutes=minutes)
        return when

    def approx_minutes(self) -> int:
        """An upper bound in minutes, for comparing durations of different units."""
        return self.minutes + self.business_days * 4 * 24 * 60 // 2 + self.months * 31 * 24 * 60


def add_business_days(start: datetime, days: int) -> datetime:
    """Count `days` working days after `start`, skipping Saturdays and Sundays.

    A start on a weekend counts from the next Monday, as the regulators' guidance reads.
    """
    when = start
    while when.weekday() >= 5:
        when += timedelta(days=1)
    remaining = days
    while remaining > 0:
        when += timedelta(days=1)
        if when.weekday() < 5:
            remaining -= 1
    return when


def parse_duration(text: str) -> Duration:
    """Parse a duration; raise DurationError with a message that says what is accepted."""
    if not isinstance(text, str) or not _WHOLE.match(text):
        raise DurationError(
            f"cannot read {text!r} as a duration; write a number and a unit, such as 30m, "
            "1h, 1h30m, 72h, 30d, 4bd (business days), 2w or 1mo"
        )
    minutes = business = months = 0
    for amount, unit in _PART.findall(text):
        n = int(amount)
        match unit.lower():
            case "m":
                minutes += n
            case "h":
                minutes += n * 60
            case "d":
                minutes += n * 24 * 60
            case "w":
                minutes += n * 7 * 24 * 60
            case "bd":
                business += n
            case "mo":
                months += n
    return Duration(minutes, business, months, text.strip())


def humanize(delta: timedelta) -> str:
    """`2h 05m`, `3d 4h`, `12m`: how people read time left."""
    seconds = int(abs(delta.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {minutes:02d}m"
    return f"{minutes}m"

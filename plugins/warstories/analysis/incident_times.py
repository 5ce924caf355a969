"""Times in a story's timeline, read well enough to say how long detection and resolution took.

A timeline's `at` is free text. Three shapes are understood, and a timeline must use one of
them throughout for any figure to be given: ISO date-times (`2023-11-05T02:00Z`), clock times
(`02:00`, where a time earlier than the one before it means the next day) and offsets from
the start (`T+5m`, `T+1h30m`). Anything else is shown as written, with no figures.
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from warstories.core.model import TimelineEntry, format_minutes

_ISO = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$",
    re.IGNORECASE,
)
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_OFFSET = re.compile(r"^T\s*\+\s*((?:\d+\s*[dhms]\s*)+)$", re.IGNORECASE)
_OFFSET_PART = re.compile(r"(\d+)\s*([dhms])", re.IGNORECASE)
_UNIT = {"d": 1440.0, "h": 60.0, "m": 1.0, "s": 1 / 60}

# Words an event uses when it says the problem was noticed: the first such event after the
# start is taken as the moment of detection.
DETECTION_WORDS = re.compile(
    r"\b(alerts?|alarms?|paged?|pages|reports?|reported|reporting|notices?|noticed|flags|flagged|"
    r"finds|found|detects?|detected|spots?|spotted|asking|asked|complain\w*)\b",
    re.IGNORECASE,
)


def _iso_minutes(match: re.Match[str]) -> float:
    year, month, day, hour, minute = (int(match.group(i)) for i in range(1, 6))
    second = int(match.group(6) or 0)
    moment = datetime.datetime(year, month, day, hour, minute, second)
    zone = match.group(7)
    if zone and zone.upper() != "Z":
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        moment -= sign * datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return (moment - datetime.datetime(1970, 1, 1)).total_seconds() / 60


def _minutes(at: str) -> tuple[str, float] | None:
    """The shape of one `at` and its value in minutes (since an epoch, midnight or the start)."""
    text = at.strip()
    try:
        if match := _ISO.match(text):
            return "iso", _iso_minutes(match)
        if match := _CLOCK.match(text):
            hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
            if hour > 24 or minute > 59 or second > 59:
                return None
            return "clock", hour * 60 + minute + second / 60
        if match := _OFFSET.match(text):
            parts = _OFFSET_PART.findall(match[1])
            return "offset", sum(int(n) * _UNIT[u.lower()] for n, u in parts)
    except ValueError:  # a date that is not in the calendar
        return None
    return None


def elapsed_minutes(timeline: Sequence[TimelineEntry]) -> list[float] | None:
    """Minutes from the first entry to each entry, or None when the times cannot be compared."""
    read = [_minutes(entry.at) for entry in timeline]
    if not read or any(r is None for r in read):
        return None
    shapes = {r[0] for r in read if r is not None}
    if len(shapes) != 1:
        return None
    values = [r[1] for r in read if r is not None]
    if shapes == {"clock"}:
        days = 0.0
        unrolled = [values[0]]
        for before, now in itertools.pairwise(values):
            if now < before:
                days += 1440
            unrolled.append(now + days)
        values = unrolled
    start = values[0]
    elapsed = [v - start for v in values]
    if any(b > a for a, b in zip(elapsed[1:], elapsed)):
        return None  # out of order: no honest figure can be given
    return elapsed


@dataclass(frozen=True)
class TimelineStep:
    """One timeline entry as shown: its time as written and, when known, minutes since the start."""

    at: str
    event: str
    elapsed: float | None
    detection: bool = False

    @property
    def label(self) -> str:
        """The time as shown: an ISO date-time gets a space for its `T`, so it wraps as date, time."""
        text = self.at.strip()
        return text[:10] + " " + text[11:] if _ISO.match(text) else text

    @property
    def elapsed_text(self) -> str | None:
        """`T+13m` beside a clock or date time; None where `at` already is an offset."""
        if self.elapsed is None or self.at.lstrip().upper().startswith("T"):
            return None
        return "T+" + format_minutes(round(self.elapsed))


@dataclass(frozen=True)
class IncidentTimes:
    """A story's timeline with time to detect and time to resolve, where the times allow."""

    steps: tuple[TimelineStep, ...]
    detect_minutes: float | None = None
    resolve_minutes: float | None = None
    detected_by: str | None = None  # the event taken as the moment of detection

    @property
    def detect_text(self) -> str | None:
        return None if self.detect_minutes is None else format_minutes(round(self.detect_minutes))

    @property
    def resolve_text(self) -> str | None:
        if self.resolve_minutes is None:
            return None
        return format_minutes(round(self.resolve_minutes))


def incident_times(timeline: Sequence[TimelineEntry]) -> IncidentTimes:
    """Read a timeline: detection is the first event after the start that says it was noticed."""
    elapsed = elapsed_minutes(timeline)
    detect_index = None
    if elapsed is not None:
        for index, entry in enumerate(timeline[1:], start=1):
            if DETECTION_WORDS.search(entry.event):
                detect_index = index
                break
    steps = tuple(
        TimelineStep(
            entry.at,
            entry.event,
            None if elapsed is None else elapsed[i],
            detection=i == detect_index,
        )
        for i, entry in enumerate(timeline)
    )
    if elapsed is None or len(timeline) < 2:
        return IncidentTimes(steps)
    detect = elapsed[detect_index] if detect_index is not None else None
    return IncidentTimes(
        steps,
        detect_minutes=detect,
        resolve_minutes=elapsed[-1] if elapsed[-1] > 0 else None,
        detected_by=timeline[detect_index].event if detect_index is not None else None,
    )

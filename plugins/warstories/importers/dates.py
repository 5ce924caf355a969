"""Dates as people and tools write them in postmortems, read to the precision they really give."""

from __future__ import annotations

import datetime
import re

from warstories.core.model import PartialDate

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_ISO = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?=$|[T\s_])")
_YEAR_MONTH_SLASH = re.compile(r"(\d{4})/(\d{1,2})(?:/(\d{1,2}))?\b")
_MONTH_DAY_YEAR = re.compile(_MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", re.I)
_DAY_MONTH_YEAR = re.compile(
    r"(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+(\d{4})", re.I
)
_MONTH_YEAR = re.compile(_MONTH + r",?\s+(\d{4})", re.I)
_NUMERIC = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")
_YEAR = re.compile(r"(?<!\d)(19[7-9]\d|20\d\d)(?!\d)")


def read_date(text: str) -> tuple[PartialDate | None, str | None]:
    """The date a text gives, and a note when it was read with less precision than written.

    `2023-03-04T10:00Z`, `2023-03-04`, `2023-3`, `March 4th, 2023`, `4 March 2023`, `Mar 2023`
    and `2023` are read as written; `03/04/2023` could be March or April, so only its year is
    kept, with a note. Text that holds no date gives (None, note).
    """
    text = str(text).strip()
    if not text:
        return None, None
    for pattern in (_ISO, _YEAR_MONTH_SLASH):
        match = pattern.search(text)
        if match:
            year, month, day = (int(g) if g else None for g in match.groups())
            return _checked(text, year, month, day)
    match = _MONTH_DAY_YEAR.search(text)
    if match:
        return _checked(text, int(match[3]), MONTHS[match[1].lower()], int(match[2]))
    match = _DAY_MONTH_YEAR.search(text)
    if match:
        return _checked(text, int(match[3]), MONTHS[match[2].lower()], int(match[1]))
    match = _MONTH_YEAR.search(text)
    if match:
        return _checked(text, int(match[2]), MONTHS[match[1].lower()], None)
    match = _NUMERIC.search(text)
    if match:
        first, second, year = int(match[1]), int(match[2]), int(match[3])
        if first > 12 >= second:  # day first
            return _checked(text, year, second, first)
        if second > 12 >= first:  # month first
            return _checked(text, year, first, second)
        return PartialDate(year), f"date {text!r} could be day/month or month/day: kept the year"
    match = _YEAR.search(text)
    if match and len(text) <= 12:
        return PartialDate(int(match[1])), None
    return None, f"date {text!r} is not a date this reads (e.g. 2023-03-04): left out"


def _checked(
    text: str, year: int | None, month: int | None, day: int | None
) -> tuple[PartialDate | None, str | None]:
    assert year is not None
    try:
        datetime.date(year, month or 1, day or 1)
    except ValueError:
        if month is not None and 1 <= month <= 12:
            return PartialDate(year, month), f"date {text!r} has no such day: kept the month"
        return PartialDate(year), f"date {text!r} has no such month: kept the year"
    if not 1970 <= year <= datetime.date.today().year + 1:
        return None, f"date {text!r} is outside 1970 to next year: left out"
    return PartialDate(year, month, day), None


def read_instant(text: str) -> datetime.datetime | None:
    """An ISO date-time (`2019-07-02T13:42:00Z`, with or without zone), as aware UTC; else None."""
    text = str(text).strip()
    if not text:
        return None
    text = re.sub(r"(T\d\d:\d\d):60", r"\1:59", text)  # a leap second: the second before it
    try:
        value = datetime.datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "T", 1))
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.timezone.utc)
    return value.astimezone(datetime.timezone.utc)

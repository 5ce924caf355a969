"""The timeline page's content: stories by year and month of the incident."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass

from warstories.core.model import Story
from warstories.site.paging import PAGE_SIZE, Pager, paged


@dataclass(frozen=True)
class MonthGroup:
    label: str
    anchor: str
    stories: tuple[Story, ...]


@dataclass(frozen=True)
class YearGroup:
    label: str
    anchor: str
    months: tuple[MonthGroup, ...]

    @property
    def count(self) -> int:
        return sum(len(m.stories) for m in self.months)

    @property
    def src(self) -> str:
        """Where the year's own page goes when the timeline is split by year."""
        return f"timeline/{self.label.lower()}.md"


@dataclass(frozen=True)
class YearIndex:
    """A year on the split timeline's first page: its first page, and where each month starts."""

    src: str
    months: tuple[tuple[MonthGroup, str], ...]


def timeline_groups(stories: Iterable[Story]) -> list[YearGroup]:
    """Stories by year and month of the incident, newest first; vague dates after precise ones."""
    years: dict[int | None, dict[int | None, list[Story]]] = {}
    for story in stories:
        year = story.date.year if story.date else None
        month = story.date.month if story.date else None
        years.setdefault(year, {}).setdefault(month, []).append(story)
    groups = []
    for year in sorted(years, key=lambda y: (y is None, -(y or 0))):
        months = years[year]
        shown = []
        for month in sorted(months, key=lambda m: (m is None, -(m or 0))):
            if year is None:
                label, anchor = "Date not known", "undated"
            elif month is None:
                label, anchor = f"Sometime in {year}", f"y{year}-unknown"
            else:
                label, anchor = f"{calendar.month_name[month]} {year}", f"y{year}-{month:02d}"
            ordered = sorted(months[month], key=lambda s: s.sort_key, reverse=True)
            shown.append(MonthGroup(label, anchor, tuple(ordered)))
        label = str(year) if year is not None else "Undated"
        groups.append(YearGroup(label, f"y{year}" if year else "undated-year", tuple(shown)))
    return groups


def year_pages(year: YearGroup, size: int = PAGE_SIZE) -> list[tuple[Pager, YearGroup]]:
    """The year cut into pages of `size` stories, each holding its part of the year's months."""
    items = [(month, story) for month in year.months for story in month.stories]
    pages = []
    for pager, part in paged(year.src, items, size):
        months: list[tuple[MonthGroup, list[Story]]] = []
        for month, story in part:
            if months and months[-1][0] is month:
                months[-1][1].append(story)
            else:
                months.append((month, [story]))
        shown = tuple(MonthGroup(m.label, m.anchor, tuple(stories)) for m, stories in months)
        pages.append((pager, YearGroup(year.label, year.anchor, shown)))
    return pages


def year_index(year: YearGroup, pages: list[tuple[Pager, YearGroup]]) -> YearIndex:
    """Each whole month of `year` with the page (of `pages`) where it starts."""
    starts: dict[str, str] = {}
    for pager, part in pages:
        for month in part.months:
            starts.setdefault(month.anchor, pager.src)
    return YearIndex(year.src, tuple((m, starts[m.anchor]) for m in year.months))

"""The timeline page's content: stories by year and month of the incident."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass

from warstories.core.model import Story


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

"""The pages a new hire learns from (start here, lessons, timeline, stats) and the context that
home, category and story pages need for their reading paths, computed once per catalog."""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .catalog import Catalog
from .charts import bar_chart
from .incident_times import incident_times
from .model import ActionItem, Severity, Story, format_minutes
from .reading import CategoryLinks, StoryLinks, reading_path
from .stats import Count, SiteStats, compute_stats

if TYPE_CHECKING:
    from .pages import GeneratedPage

START_HERE = "start-here/index.md"
LESSONS = "lessons/index.md"
TIMELINE = "timeline/index.md"
STATS = "stats/index.md"

# The stylesheet's severity colours, for the severity chart's bars.
SEVERITY_COLORS = {
    "sev1": "#b71c1c",
    "sev2": "#d84315",
    "sev3": "#8d6e00",
    "sev4": "#455a64",
    "near-miss": "#1b5e20",
}
NEUTRAL = "#9e9e9e"

ACTION_STATUS = {"open": "Open", "done": "Done", "wontfix": "Won't fix"}


def safe_href(link: str | None) -> str | None:
    """A front-matter link usable as an href: web, mail or relative, never `javascript:` and co."""
    if not link:
        return None
    try:
        scheme = urlsplit(link.strip()).scheme.lower()
    except ValueError:
        return None
    return link.strip() if scheme in ("", "http", "https", "mailto") else None


@dataclass(frozen=True)
class ShownAction:
    text: str
    status: str
    status_label: str
    href: str | None


def _actions(items: Iterable[ActionItem]) -> list[ShownAction]:
    return [
        ShownAction(a.text, a.status, ACTION_STATUS.get(a.status, a.status), safe_href(a.link))
        for a in items
    ]


@dataclass(frozen=True)
class LessonGroup:
    """One category's lessons on the lessons page: (story, lessons) pairs, newest story first."""

    slug: str
    label: str
    stories: tuple[tuple[Story, tuple[str, ...]], ...]

    @property
    def count(self) -> int:
        return sum(len(lessons) for _, lessons in self.stories)


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


def _hours(minutes: float) -> str:
    return format_minutes(round(minutes))


class NewHirePages:
    """Everything new hires' pages show, computed once from one catalog in linear time."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.stats: SiteStats = compute_stats(catalog.stories, catalog.taxonomy)
        self.path = reading_path(catalog.stories)
        self.story_links = StoryLinks.build(catalog.stories)
        self.category_links = CategoryLinks.build(catalog.stories)

    def home_context(self) -> dict[str, Any]:
        return {
            "stats": self.stats,
            "path": self.path,
            "newest": self.catalog.stories[:5],
            "used_categories": self.stats.used_categories,
        }

    def category_context(self, slug: str) -> dict[str, Any]:
        return {
            "top_tags": self.category_links.top_tags.get(slug, ()),
            "together": self.category_links.together.get(slug, ()),
        }

    def story_context(self, story: Story) -> dict[str, Any]:
        chain = self.story_links.chain_of(story)
        return {
            "times": incident_times(story.timeline) if story.timeline else None,
            "actions": _actions(story.action_items),
            "neighbours": self.story_links.neighbours_of(story),
            "chain": chain,
            "chain_before": chain.before(story) if chain else None,
            "chain_after": chain.after(story) if chain else (),
            "near_miss": story.severity is Severity.NEAR_MISS,
        }

    def lesson_groups(self) -> list[LessonGroup]:
        groups: dict[str, list[tuple[Story, tuple[str, ...]]]] = {}
        for story in self.catalog.stories:
            if story.lessons:
                groups.setdefault(story.category, []).append((story, story.lessons))
        taxonomy = self.catalog.taxonomy
        order = [c.slug for c in taxonomy.categories] + sorted(set(groups) - set(taxonomy.slugs))
        return [
            LessonGroup(
                slug, taxonomy[slug].label if taxonomy.get(slug) else slug, tuple(groups[slug])
            )
            for slug in order
            if slug in groups
        ]

    def charts(self) -> list[dict[str, Any]]:
        """The stats page's sections: a chart and the table a screen reader reads instead."""
        s = self.stats
        sections: list[dict[str, Any]] = []

        def add(
            key: str,
            title: str,
            summary: str,
            rows: Iterable[Count],
            row_header: str,
            horizontal: bool = True,
            note_header: str = "",
            colors: dict[str, str] | None = None,
        ) -> None:
            rows = list(rows)
            shown = [r for r in rows if r.count or not horizontal]
            chart_rows = [(r.label, r.count) for r in shown]
            bar_colors = [colors.get(r.key, NEUTRAL) for r in shown] if colors else None
            sections.append(
                {
                    "key": key,
                    "title": title,
                    "summary": summary,
                    "rows": rows,
                    "row_header": row_header,
                    "note_header": note_header,
                    "svg": bar_chart(
                        f"ws-{key}",
                        f"{title}: {summary}",
                        chart_rows,
                        horizontal=horizontal,
                        colors=bar_colors,
                    )
                    if chart_rows
                    else None,
                }
            )

        top = max(s.per_category, key=lambda c: c.count, default=None)
        add(
            "per-category",
            "Stories per category",
            f"{s.stories} stories in {s.used_categories} categories"
            + (f"; most in {top.label} ({top.count})" if top and top.count else ""),
            s.per_category,
            "Category",
        )
        add(
            "per-year",
            "Stories per year",
            _year_summary(s),
            s.per_year,
            "Year",
            horizontal=False,
        )
        add(
            "severity",
            "Severity mix",
            ", ".join(f"{c.label}: {c.count}" for c in s.severity),
            s.severity,
            "Severity",
            horizontal=False,
            colors=SEVERITY_COLORS,
        )
        add(
            "detection",
            "How incidents were detected",
            _top_summary(s.detection, "Most often"),
            s.detection,
            "How it was found",
        )
        add(
            "escaped",
            "Why testing missed them",
            _top_summary(s.escaped_because, "Most often"),
            s.escaped_because,
            "Reason",
            note_header="What it means",
        )
        return sections

    def duration_chart(self) -> Any:
        rows = [(m.label, m.minutes / 60) for m in self.stats.median_duration]
        if not rows:
            return None
        summary = "; ".join(f"{m.label}: {m.text}" for m in self.stats.median_duration)
        return bar_chart(
            "ws-duration",
            f"Median incident duration per category, in hours: {summary}",
            rows,
            formatter=lambda hours: _hours(hours * 60),
        )

    def pages(self, render: Callable[..., GeneratedPage], common: dict) -> list[GeneratedPage]:
        """The new hires' own pages; `render` is Renderer._page."""
        return [
            render(
                START_HERE,
                "start_here.html",
                "Start here",
                common,
                path=self.path,
                stats=self.stats,
                description="A reading path for new hires: the stories to read first, in order.",
            ),
            render(
                LESSONS,
                "lessons.html",
                "Lessons",
                common,
                lesson_groups=self.lesson_groups(),
                stats=self.stats,
                description="Every lesson from every war story, grouped by failure category.",
            ),
            render(
                TIMELINE,
                "timeline.html",
                "Timeline",
                common,
                years=timeline_groups(self.catalog.stories),
                stats=self.stats,
                severities=list(Severity),
                description="The war stories by year and month of the incident.",
            ),
            render(
                STATS,
                "stats.html",
                "Stats",
                common,
                stats=self.stats,
                sections=self.charts(),
                duration_svg=self.duration_chart(),
                description="How many incidents, of which kind, how they were found and why tests missed them.",
            ),
        ]


def _year_summary(s: SiteStats) -> str:
    if s.first_year is None:
        return "No story has a date yet"
    busiest = max((c for c in s.per_year if c.key != "undated"), key=lambda c: c.count)
    return f"From {s.first_year} to {s.last_year}; most in {busiest.label} ({busiest.count})"


def _top_summary(rows: tuple[Count, ...], words: str) -> str:
    given = [r for r in rows if r.count and r.key != "not-given"]
    if not given:
        return "Not recorded in any story yet"
    top = given[0]
    return f"{words}: {top.label} ({top.count} {'story' if top.count == 1 else 'stories'})"

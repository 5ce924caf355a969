"""The pages a new hire learns from (start here, lessons, timeline, stats) and the context that
home, category and story pages need for their reading paths, computed once per catalog."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from warstories.analysis.incident_times import incident_times
from warstories.analysis.reading import CategoryLinks, StoryLinks, reading_path
from warstories.analysis.stats import SiteStats, compute_stats
from warstories.core.catalog import Catalog
from warstories.core.model import ActionItem, Severity, Story
from warstories.core.vocabularies import ACTION_STATUS_TERMS, labels
from warstories.site.lessons import lesson_groups
from warstories.site.page import PageSpec
from warstories.site.stats_page import detect_chart, duration_chart, stat_sections
from warstories.site.timeline import timeline_groups

START_HERE = "start-here/index.md"
LESSONS = "lessons/index.md"
TIMELINE = "timeline/index.md"
STATS = "stats/index.md"

ACTION_STATUS = labels(ACTION_STATUS_TERMS)


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
    """An action item as the story page shows it: a readable status and a safe link, if any."""

    text: str
    status: str
    status_label: str
    href: str | None


def _actions(items: Iterable[ActionItem]) -> list[ShownAction]:
    return [
        ShownAction(a.text, a.status, ACTION_STATUS.get(a.status, a.status), safe_href(a.link))
        for a in items
    ]


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

    def pages(self) -> list[PageSpec]:
        """The new hires' own pages, for the renderer to render with the site's common context."""
        return [
            PageSpec(
                START_HERE,
                "start_here.html",
                "Start here",
                "A reading path for new hires: the stories to read first, in order.",
                {"path": self.path, "stats": self.stats},
            ),
            PageSpec(
                LESSONS,
                "lessons.html",
                "Lessons",
                "Every lesson from every war story, grouped by failure category.",
                {"lesson_groups": lesson_groups(self.catalog), "stats": self.stats},
            ),
            PageSpec(
                TIMELINE,
                "timeline.html",
                "Timeline",
                "The war stories by year and month of the incident.",
                {
                    "years": timeline_groups(self.catalog.stories),
                    "stats": self.stats,
                    "severities": list(Severity),
                },
            ),
            PageSpec(
                STATS,
                "stats.html",
                "Stats",
                "How many incidents, of which kind, how they were found and why tests missed them.",
                {
                    "stats": self.stats,
                    "sections": stat_sections(self.stats),
                    "duration_svg": duration_chart(self.stats),
                    "detect_svg": detect_chart(self.stats),
                },
            ),
        ]

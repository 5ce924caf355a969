"""The pages a new hire learns from (start here, lessons, timeline, stats) and the context that
home, category and story pages need for their reading paths, computed once per catalog."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
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
from warstories.site.paging import PAGE_SIZE, paged
from warstories.site.stats_page import detect_chart, duration_chart, stat_sections
from warstories.site.timeline import timeline_groups, year_index, year_pages

START_HERE = "start-here/index.md"
LESSONS = "lessons/index.md"
TIMELINE = "timeline/index.md"
STATS = "stats/index.md"

HOME_PATH = 10  # stories of the reading path shown on the home page; Start here has them all

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
            "path": self.path[:HOME_PATH],
            "path_total": len(self.path),
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
        """The new hires' own pages, for the renderer to render with the site's common context.

        Lessons and the timeline are one page each while they hold at most PAGE_SIZE stories;
        beyond that the first page points to one page per category (lessons) or per year
        (timeline), each cut into pages of PAGE_SIZE stories. The reading path is paged too.
        """
        pages = [
            PageSpec(
                pager.src,
                "start_here.html",
                pager.title("Start here"),
                "A reading path for new hires: the stories to read first, in order.",
                {"path": part, "pager": pager, "stats": self.stats},
            )
            for pager, part in paged(START_HERE, self.path)
        ]
        pages += self._lessons()
        pages += self._timeline()
        pages.append(
            PageSpec(
                STATS,
                "stats.html",
                "Stats",
                "How many incidents, of which kind, how they were found and why tests missed them.",
                {
                    "stats": self.stats,
                    "sections": stat_sections(self.stats),
                    "duration_chart": duration_chart(self.stats),
                    "detect_chart": detect_chart(self.stats),
                },
            )
        )
        return pages

    def _lessons(self) -> list[PageSpec]:
        groups = lesson_groups(self.catalog)
        split = sum(len(g.stories) for g in groups) > PAGE_SIZE
        context = {"lesson_groups": groups, "split": split, "page_size": PAGE_SIZE}
        pages = [
            PageSpec(
                LESSONS,
                "lessons.html",
                "Lessons",
                "Every lesson from every war story, grouped by failure category.",
                {**context, "stats": self.stats},
            )
        ]
        if not split:
            return pages
        for whole in groups:
            for pager, part in paged(f"lessons/{whole.slug}.md", whole.stories):
                pages.append(
                    PageSpec(
                        pager.src,
                        "lessons.html",
                        pager.title(f"Lessons: {whole.label}"),
                        f"Lessons from the {whole.label} war stories.",
                        {
                            "group": replace(whole, stories=tuple(part)),
                            "whole": whole,
                            "pager": pager,
                        },
                    )
                )
        return pages

    def _timeline(self) -> list[PageSpec]:
        years = timeline_groups(self.catalog.stories)
        split = len(self.catalog.stories) > PAGE_SIZE
        context = {"stats": self.stats, "severities": list(Severity)}
        pages, index = [], {}
        for whole in years if split else ():
            parts = year_pages(whole)
            index[whole.anchor] = year_index(whole, parts)
            for pager, part in parts:
                pages.append(
                    PageSpec(
                        pager.src,
                        "timeline.html",
                        pager.title(f"Timeline: {whole.label}"),
                        f"The war stories of {whole.label}, by month.",
                        {**context, "year_page": part, "whole": whole, "pager": pager},
                    )
                )
        first = PageSpec(
            TIMELINE,
            "timeline.html",
            "Timeline",
            "The war stories by year and month of the incident.",
            {**context, "years": years, "year_index": index},
        )
        return [first, *pages]

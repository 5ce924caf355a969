"""The lessons page's content: every lesson of every story, grouped by category."""

from __future__ import annotations

from dataclasses import dataclass

from warstories.core.catalog import Catalog
from warstories.core.model import Story


@dataclass(frozen=True)
class LessonGroup:
    """One category's lessons on the lessons page: (story, lessons) pairs, newest story first."""

    slug: str
    label: str
    stories: tuple[tuple[Story, tuple[str, ...]], ...]

    @property
    def count(self) -> int:
        return sum(len(lessons) for _, lessons in self.stories)


def lesson_groups(catalog: Catalog) -> list[LessonGroup]:
    """Categories in taxonomy order, each with its stories (newest first) that give lessons."""
    groups: dict[str, list[tuple[Story, tuple[str, ...]]]] = {}
    for story in catalog.stories:
        if story.lessons:
            groups.setdefault(story.category, []).append((story, story.lessons))
    taxonomy = catalog.taxonomy
    order = [c.slug for c in taxonomy.categories] + sorted(set(groups) - set(taxonomy.slugs))
    return [
        LessonGroup(slug, taxonomy[slug].label if taxonomy.get(slug) else slug, tuple(groups[slug]))
        for slug in order
        if slug in groups
    ]

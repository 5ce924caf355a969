"""The paths a reader follows between stories: the reading path for new hires, the previous and
next story of a category, "this happened again" chains, and what a category's stories share.

Everything here is computed once per catalog in linear time, so story pages only look things up.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from warstories.core.model import Story


def chronological_key(story: Story) -> tuple[int, tuple[int, int, int], str, str]:
    """Oldest first; undated stories after dated ones; ties by title, then slug."""
    dated = story.date is not None
    return (
        0 if dated else 1,
        story.date.sort_key if story.date else (0, 0, 0),
        story.title,
        story.slug,
    )


def reading_path(stories: Iterable[Story]) -> tuple[Story, ...]:
    """The new hires' reading path: the featured stories, oldest first, so it reads as a history."""
    return tuple(sorted((s for s in stories if s.featured), key=chronological_key))


@dataclass(frozen=True)
class Neighbours:
    """The stories beside one story in its category's list (newest first)."""

    newer: Story | None = None
    older: Story | None = None


@dataclass(frozen=True)
class Chain:
    """Stories linked by `recurrence_of`, oldest first: the same failure, more than once."""

    stories: tuple[Story, ...]

    def before(self, story: Story) -> Story | None:
        """The story this one is a recurrence of, when it is in the chain."""
        by_slug = {s.slug: s for s in self.stories}
        return by_slug.get(story.recurrence_of or "")

    def after(self, story: Story) -> tuple[Story, ...]:
        """The stories that name this one in `recurrence_of`."""
        return tuple(s for s in self.stories if s.recurrence_of == story.slug)


@dataclass
class StoryLinks:
    """Per-story lookups for story pages, built in one pass over the catalog's stories."""

    neighbours: dict[str, Neighbours] = field(default_factory=dict)
    chains: dict[str, Chain] = field(default_factory=dict)

    @classmethod
    def build(cls, stories: Sequence[Story]) -> StoryLinks:
        """`stories` newest first, as the catalog holds them."""
        links = cls()
        by_category: dict[str, list[Story]] = defaultdict(list)
        for story in stories:
            by_category[story.category].append(story)
        for group in by_category.values():
            for i, story in enumerate(group):
                links.neighbours[story.slug] = Neighbours(
                    newer=group[i - 1] if i > 0 else None,
                    older=group[i + 1] if i + 1 < len(group) else None,
                )
        links.chains = _chains(stories)
        return links

    def neighbours_of(self, story: Story) -> Neighbours:
        return self.neighbours.get(story.slug, Neighbours())

    def chain_of(self, story: Story) -> Chain | None:
        return self.chains.get(story.slug)


def _chains(stories: Sequence[Story]) -> dict[str, Chain]:
    """Group stories joined by `recurrence_of` (in either direction) with a union-find."""
    by_slug = {s.slug: s for s in stories}
    parent = {s.slug: s.slug for s in stories}

    def root(slug: str) -> str:
        while parent[slug] != slug:
            parent[slug] = parent[parent[slug]]
            slug = parent[slug]
        return slug

    for story in stories:
        if story.recurrence_of in by_slug and story.recurrence_of != story.slug:
            parent[root(story.slug)] = root(story.recurrence_of)
    groups: dict[str, list[Story]] = defaultdict(list)
    for story in stories:
        groups[root(story.slug)].append(story)
    chains: dict[str, Chain] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        chain = Chain(tuple(sorted(members, key=chronological_key)))
        for story in members:
            chains[story.slug] = chain
    return chains


@dataclass(frozen=True)
class TagCount:
    slug: str
    label: str
    count: int


@dataclass(frozen=True)
class CategoryCount:
    slug: str
    count: int


@dataclass
class CategoryLinks:
    """For each category: its most used tags and the categories that often occur with it."""

    top_tags: dict[str, tuple[TagCount, ...]] = field(default_factory=dict)
    together: dict[str, tuple[CategoryCount, ...]] = field(default_factory=dict)

    @classmethod
    def build(cls, stories: Iterable[Story], limit: int = 8) -> CategoryLinks:
        tags: dict[str, Counter[str]] = defaultdict(Counter)
        labels: dict[str, str] = {}
        pairs: dict[str, Counter[str]] = defaultdict(Counter)
        for story in stories:
            for slug, label in dict(zip(story.tag_slugs, story.tags)).items():
                labels.setdefault(slug, label)
                tags[story.category][slug] += 1
            for other in dict.fromkeys(story.contributing):
                if other == story.category:
                    continue
                pairs[story.category][other] += 1
                pairs[other][story.category] += 1
        links = cls()
        for category, counter in tags.items():
            ranked = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
            links.top_tags[category] = tuple(TagCount(s, labels[s], n) for s, n in ranked)
        for category, counter in pairs.items():
            ranked = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
            links.together[category] = tuple(CategoryCount(s, n) for s, n in ranked)
        return links


__all__ = [
    "CategoryLinks",
    "Chain",
    "Neighbours",
    "StoryLinks",
    "chronological_key",
    "reading_path",
]

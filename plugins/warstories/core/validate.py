"""Rules across stories: duplicate slugs, reserved URLs, missing images, links to unknown stories."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable

from warstories.core.model import Problem, Story
from warstories.core.taxonomy import did_you_mean

# First path segments the generated pages own; a story there would collide with them.
RESERVED = frozenset(
    {
        "index.md",
        "categories",
        "tags",
        "lessons",
        "timeline",
        "stats",
        "explore",
        "search",
        "start-here",
        "stories.json",
        "feed.xml",
        "problems",
    }
)


def cross_check(stories: Iterable[Story], exists: Callable[[str], bool]) -> list[Problem]:
    """Problems that only show when stories are looked at together; `exists` answers for images."""
    stories = sorted(stories, key=lambda s: s.path)
    problems: list[Problem] = []
    first_of: dict[str, Story] = {}
    for story in stories:
        head = story.path.split("/")[0]
        if head in RESERVED:
            problems.append(
                Problem(
                    story.path,
                    None,
                    "error",
                    f"`{head}` is where the site's own pages live: move the story into a category folder",
                )
            )
        key = unicodedata.normalize("NFC", story.slug).casefold()  # é and e + ◌́ are one name
        if key in first_of:
            other = first_of[key]
            problems.append(
                Problem(
                    story.path,
                    None,
                    "error",
                    f"the slug `{story.slug}` is already used by {other.path}: rename one of the files",
                )
            )
        else:
            first_of[key] = story
        if story.image and not exists(story.image):
            problems.append(
                Problem(
                    story.path,
                    _line(story, "image"),
                    "error",
                    f"image: {story.image} is not in the stories folder: add the file or fix the name",
                )
            )
    slugs = {s.slug for s in stories}
    for story in stories:
        for slug in story.related:
            if slug not in slugs:
                problems.append(_unknown(story, "related", slug, slugs))
        if story.recurrence_of and story.recurrence_of not in slugs:
            problems.append(_unknown(story, "recurrence_of", story.recurrence_of, slugs))
    return problems


def _unknown(story: Story, key: str, slug: str, slugs: set[str]) -> Problem:
    close = did_you_mean(slug, slugs, n=1)
    hint = f"; did you mean `{close[0]}`?" if close else "; use the file name without .md"
    return Problem(
        story.path, _line(story, key), "warning", f"{key}: no story has the slug `{slug}`{hint}"
    )


def _line(story: Story, key: str) -> int | None:
    return story.key_lines.get(key)

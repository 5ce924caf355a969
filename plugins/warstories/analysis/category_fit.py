"""A warning for a story whose words read much more like another category than its own."""

from __future__ import annotations

from collections.abc import Iterable

from warstories.analysis.classify import category_scores, story_text, words_for
from warstories.core.model import Problem, Story
from warstories.core.taxonomy import Taxonomy

# How much more a story must read like another category before `check` says so. Chosen so
# that none of the example stories and none of benchmarks/classify_corpus.yaml is flagged
# (the closest, the reference story, reads 2.1 times more like environment than consistency).
RATIO = 2.5
MARGIN = 6.0  # and by this much evidence at least (one plain keyword is 1.0)


def reads_more_like(story: Story, taxonomy: Taxonomy) -> str | None:
    """The category `story` reads much more like than its own (and its contributing ones)."""
    scores = category_scores(story_text(story), taxonomy)
    if not scores:
        return None
    best = max(scores, key=lambda slug: (scores[slug], slug))
    own = scores.get(story.category, 0.0)
    if best == story.category or best in story.contributing:
        return None
    if scores[best] < RATIO * own or scores[best] - own < MARGIN:
        return None
    return best


def misfiled(story: Story, taxonomy: Taxonomy) -> Problem | None:
    """A warning naming the category `story` reads like and the words that say so, if any."""
    best = reads_more_like(story, taxonomy)
    if best is None:
        return None
    words = ", ".join(words_for(story_text(story), best, taxonomy))
    name = story.path.rsplit("/", 1)[-1]
    change = " and change `category:`" if "category" in story.key_lines else ""
    message = (
        f"category: this story reads much more like {best!r} ({taxonomy[best].label}) than "
        f"{story.category!r}: {words}. If it is about that, move it to stories/{best}/{name}"
        f"{change}; if {story.category!r} is right, list {best!r} under `contributing:` "
        "to say both"
    )
    return Problem(story.path, story.key_lines.get("category"), "warning", message)


def misfiled_stories(
    stories: Iterable[Story], taxonomy: Taxonomy, chosen: set[str] | None = None
) -> list[Problem]:
    """The category warnings for `stories` (only those in `chosen`, when given)."""
    found = (misfiled(s, taxonomy) for s in stories if chosen is None or s.path in chosen)
    return [p for p in found if p is not None]

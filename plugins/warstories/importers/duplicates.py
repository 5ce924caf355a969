"""Whether an imported story is already in the site or earlier in the batch: same source, same words, or alike."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence

from warstories.analysis.similar import MIN_WORDS_TO_COMPARE, NEAR_DUPLICATE, similar_stories
from warstories.core.model import Story
from warstories.importers.markup import url_key
from warstories.importers.text import plain

_HEADING_LINE = re.compile(r"^#+ .*$", re.M)


def same_source(urls: Iterable[str | None], known: dict[str, str]) -> str | None:
    """The story path `known` holds for any of `urls` (keys made by `url_key`)."""
    for url in urls:
        if url and url_key(url) in known:
            return known[url_key(url)]
    return None


def own_words(story: Story) -> list[str]:
    """The body's words, without headings and comments (a fresh draft's skeleton)."""
    return plain(_HEADING_LINE.sub(" ", _without_comments(story.body))).lower().split()


def _without_comments(text: str) -> str:
    """`text` without HTML comments; linear (a regex retried an unclosed `<!--` at every one)."""
    parts, pos = [], 0
    while (start := text.find("<!--", pos)) != -1:
        end = text.find("-->", start + 4)
        if end == -1:
            break
        parts += [text[pos:start], " "]
        pos = end + 3
    return "".join(parts) + text[pos:]


def text_key(story: Story) -> str:
    """The same words however they were spaced: for stories too short to compare by similarity."""
    words = " ".join([*plain(story.description).lower().split(), *own_words(story)])
    return hashlib.sha256(words.encode("utf-8")).hexdigest()


def alike(new: Sequence[Story], existing: Sequence[Story]) -> dict[str, tuple[str, float]]:
    """For each of `new` that reads like a story of `existing` or an earlier one of `new`, that
    story's path and the score, at the similarity `warstories check` warns about."""
    comparable = [s for s in new if len(own_words(s)) >= MIN_WORDS_TO_COMPARE]
    if not comparable:
        return {}
    order = {s.path: n for n, s in enumerate(new)}
    found = similar_stories(
        comparable, [*existing, *comparable], limit=5, minimum=NEAR_DUPLICATE - 1e-9
    )
    same: dict[str, tuple[str, float]] = {}
    for story in comparable:
        for other, score in found.get(story.path, []):
            if other.path in order and (
                order[other.path] >= order[story.path] or other.path in same
            ):
                continue  # a later story of this batch, or one already found a duplicate
            same[story.path] = (other.path, score)
            break
    return same

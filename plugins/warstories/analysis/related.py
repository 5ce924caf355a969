"""Related stories for every story page, cheaply: key terms per story and an inverted index.

Comparing every story with every other (or asking the search index `more_like_this` per story)
grows with the square of the site. Instead each story's term counts are computed once and
cached by content hash, each story keeps a dozen distinctive key terms, and candidates are
only the stories that share a tag, a key term or the category, found through inverted
indexes whose lists are capped. The result is deterministic: ties break on date then path.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import math
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from warstories.core.cachedir import make_private, trusted
from warstories.core.model import Story
from warstories.core.parallel import fork_map

TERMS_PER_STORY = 40  # kept per story in the cache, by count
KEY_TERMS = 12  # distinctive terms per story used to find and score candidates
POSTING_CAP = 50  # most stories looked at per shared tag or term
RARE = 20  # a key term is used by at most max(RARE, N / RARE) stories: distinctive, short lists
MAX_RELATED = 5
MIN_RELATED = 3

CATEGORY_WEIGHT = 1.5
TEXT_WEIGHT = 0.5

_WORD = re.compile(r"[^\W\d_][\w'-]*[^\W_]|[^\W\d_]{2,}")
_STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers him his how i if in into is it its
    itself just me more most my no nor not now of off on once only or other our ours out
    over own same she should so some such than that the their theirs them then there these
    they this those through to too under until up very was we were what when where which
    while who whom why will with would you your yours one two three first second next last
    new old got get gets went go goes did didn't don't wasn't weren't isn't it's we'd we're
    we've they're there's that's us let like still even much many every another way back day
    days time minutes hour hours week weeks month months year years team people someone
    something nothing thing things made make took take came come said says went see saw know
    knew think thought ran run runs running happened happen happens incident incidents
    """.split()  # noqa: SIM905
)


def story_terms(story: Story) -> dict[str, int]:
    """The story's most frequent words (title and lessons count more), stop words left out."""
    counts: Counter[str] = Counter()
    for text, weight in (
        (story.title, 3),
        (story.description, 2),
        (" ".join(story.lessons), 2),
        (story.body, 1),
    ):
        for word, n in Counter(_WORD.findall(text.lower())).items():  # counted in C
            if word not in _STOPWORDS and len(word) > 2:
                counts[word] += n * weight
    top = sorted(counts.items(), key=lambda tc: (-tc[1], tc[0]))[:TERMS_PER_STORY]
    return dict(top)


def _digest(story: Story) -> str:
    text = "\0".join([story.title, story.description, *story.lessons, story.body])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class TermCache:
    """Term counts by story content hash, in memory and optionally in a JSON file between runs."""

    VERSION = 1

    def __init__(self, file: Path | None = None) -> None:
        self.file = file
        self.entries: dict[str, dict[str, int]] = {}
        self.hits = 0
        self.misses = 0
        self._dirty = False
        if file is not None and file.is_file() and trusted(file):
            try:
                data = json.loads(file.read_text("utf-8"))
            except (OSError, ValueError):
                data = None
            self.entries = _valid_entries(data, self.VERSION)  # a damaged cache is a cold one

    def terms(self, story: Story) -> dict[str, int]:
        return self.terms_all([story])[0]

    def terms_all(self, stories: list[Story]) -> list[dict[str, int]]:
        """Each story's terms; the ones not cached are counted over two processes."""
        keys = [_digest(s) for s in stories]
        missing = {key: story for key, story in zip(keys, stories) if key not in self.entries}
        counted = fork_map(story_terms, list(missing.values()))
        self.entries.update(zip(missing, counted))
        self.misses += len(missing)
        self.hits += len(keys) - len(missing)
        self._dirty |= bool(missing)
        return [self.entries[key] for key in keys]

    def keep_only(self, stories: Iterable[Story]) -> None:
        wanted = {_digest(s) for s in stories}
        if set(self.entries) - wanted:
            self.entries = {k: v for k, v in self.entries.items() if k in wanted}
            self._dirty = True

    def save(self) -> None:
        """Write the cache file atomically (a temporary file renamed over it)."""
        if self.file is None or not self._dirty:
            return
        make_private(self.file.parent)
        tmp = self.file.with_name(f"{self.file.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"version": self.VERSION, "terms": self.entries}), "utf-8")
        os.replace(tmp, self.file)
        self._dirty = False


def _valid_entries(data: object, version: int) -> dict[str, dict[str, int]]:
    """The cached term counts in `data`, or none unless every one is what story_terms makes."""
    if not isinstance(data, dict) or data.get("version") != version:
        return {}
    terms = data.get("terms")
    if not isinstance(terms, dict):
        return {}
    for key, counts in terms.items():
        if not isinstance(key, str) or not isinstance(counts, dict):
            return {}
        for term, count in counts.items():
            if not isinstance(term, str) or type(count) is not int or count < 1:
                return {}
    return {k: dict(v) for k, v in terms.items()}


@dataclass(frozen=True)
class TermVectors:
    """Each story's tf-idf weights over its cached terms, and how many stories use each term."""

    vectors: dict[str, dict[str, float]]
    df: dict[str, int]

    def key_terms(self, path: str, k: int = KEY_TERMS) -> list[str]:
        """The `k` heaviest terms some other stories share, but not so many that they say little.

        Capping how common a key term may be keeps every inverted-index list short, which is
        what keeps related stories linear in the number of stories.
        """
        most = max(RARE, len(self.vectors) // RARE)
        ranked = sorted(self.vectors[path].items(), key=lambda tw: (-tw[1], tw[0]))
        return [t for t, w in ranked if w > 0 and 1 < self.df[t] <= most][:k]


def term_vectors(stories: Iterable[Story], cache: TermCache | None = None) -> TermVectors:
    """tf-idf vectors of the stories, keyed by path, from cached per-story term counts."""
    cache = cache or TermCache()
    stories = list(stories)
    counts = dict(zip((s.path for s in stories), cache.terms_all(stories)))
    df: Counter[str] = Counter()
    for terms in counts.values():
        df.update(terms.keys())
    n = len(counts)
    vectors = {
        path: {t: (1.0 + math.log(c)) * math.log((n + 1) / df[t]) for t, c in terms.items()}
        for path, terms in counts.items()
    }
    return TermVectors(vectors, dict(df))


@dataclass(frozen=True)
class RelatedLink:
    """A story to read next and why: pinned by the authors, or found by category, tags, text."""

    story: Story
    reasons: tuple[str, ...]
    pinned: bool = False
    score: float = 0.0


def related_stories(
    stories: Sequence[Story],
    category_labels: dict[str, str] | None = None,
    cache: TermCache | None = None,
    limit: int = MAX_RELATED,
) -> dict[str, tuple[RelatedLink, ...]]:
    """Up to `limit` related stories per story: `related:` pins first, computed ones after."""
    labels = category_labels or {}
    ordered = sorted(stories, key=lambda s: (s.sort_key, s.path), reverse=True)  # newest first
    by_path = {s.path: s for s in ordered}
    by_slug = {s.slug: s for s in ordered}
    rank = {s.path: i for i, s in enumerate(ordered)}  # ties go to the newer story
    vectors = term_vectors(ordered, cache)
    key_terms = {s.path: vectors.key_terms(s.path) for s in ordered}
    n = len(ordered)

    by_tag: dict[str, list[str]] = {}
    by_term: dict[str, list[str]] = {}
    by_category: dict[str, list[str]] = {}
    for story in ordered:
        for tag in dict.fromkeys(story.tag_slugs):
            by_tag.setdefault(tag, []).append(story.path)
        for term in key_terms[story.path]:
            by_term.setdefault(term, []).append(story.path)
        by_category.setdefault(story.category, []).append(story.path)
    tag_labels = {slug: tag for s in ordered for tag, slug in zip(s.tags, s.tag_slugs)}

    result: dict[str, tuple[RelatedLink, ...]] = {}
    for story in ordered:
        links: list[RelatedLink] = []
        for slug in story.related:
            pinned = by_slug.get(slug)
            if (
                pinned is not None
                and pinned.path != story.path
                and len(links) < limit
                and all(link.story.path != pinned.path for link in links)
            ):
                links.append(RelatedLink(pinned, ("Chosen by the authors",), pinned=True))
        taken = {link.story.path for link in links} | {story.path}
        scores: dict[str, float] = {}
        shared_tags: dict[str, list[str]] = {}
        shared_terms: dict[str, list[str]] = {}
        for tag in dict.fromkeys(story.tag_slugs):
            posting = by_tag[tag]
            weight = 1.0 + math.log(n / len(posting))
            for other in posting[:POSTING_CAP]:
                if other not in taken:
                    scores[other] = scores.get(other, 0.0) + weight
                    shared_tags.setdefault(other, []).append(tag_labels.get(tag, tag))
        for term in key_terms[story.path]:
            posting = by_term[term]
            weight = TEXT_WEIGHT * math.log((n + 1) / len(posting))
            for other in posting[:POSTING_CAP]:
                if other not in taken:
                    scores[other] = scores.get(other, 0.0) + weight
                    shared_terms.setdefault(other, []).append(term)
        same_category = by_category[story.category]
        for other in list(scores):
            if by_path[other].category == story.category:
                scores[other] += CATEGORY_WEIGHT
        if len(scores) < limit:  # a story with little in common: its category's newest
            for other in same_category[:POSTING_CAP]:
                if other not in taken and other not in scores:
                    scores[other] = CATEGORY_WEIGHT
                if len(scores) >= limit:
                    break
        ranked = heapq.nsmallest(
            max(0, limit - len(links)), scores, key=lambda p: (-scores[p], rank[p])
        )
        ranked += _fallback(
            story, ordered, taken | set(ranked), MIN_RELATED - len(links) - len(ranked)
        )
        for other in ranked:
            reasons: list[str] = []
            candidate = by_path[other]
            if candidate.category == story.category:
                reasons.append(f"Same category: {labels.get(story.category, story.category)}")
            if other in shared_tags:
                reasons.append("Shared tags: " + ", ".join(shared_tags[other]))
            if other in shared_terms:
                reasons.append("Similar text: " + ", ".join(shared_terms[other][:3]))
            if not reasons:
                reasons.append(_fallback_reason(story, candidate))
            score = round(scores.get(other, 0.0), 3)
            links.append(RelatedLink(candidate, tuple(reasons), score=score))
        result[story.path] = tuple(links)
    if cache is not None:
        cache.keep_only(ordered)
    return result


def _fallback(story: Story, ordered: Sequence[Story], taken: set[str], wanted: int) -> list[str]:
    """On a small site, enough others to reach the minimum: same year first, then the newest."""
    if wanted <= 0:
        return []
    year = story.date.year if story.date else None
    same_year = [s.path for s in ordered if year and s.date and s.date.year == year]
    picks: list[str] = []
    for path in [*same_year[:POSTING_CAP], *(s.path for s in ordered[:POSTING_CAP])]:
        if path not in taken and path not in picks:
            picks.append(path)
            if len(picks) == wanted:
                break
    return picks


def _fallback_reason(story: Story, other: Story) -> str:
    if story.date and other.date and story.date.year == other.date.year:
        return f"Same year: {story.date.year}"
    return "One of the newest stories"


__all__ = [
    "MAX_RELATED",
    "MIN_RELATED",
    "RelatedLink",
    "TermCache",
    "TermVectors",
    "related_stories",
    "story_terms",
    "term_vectors",
]

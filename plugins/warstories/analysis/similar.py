"""Near-duplicate and similar stories by weighted term vectors; no search index needed."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

from warstories.analysis.plaintext import plain_text
from warstories.analysis.related import TermCache, term_vectors
from warstories.core.model import Problem, Story


def similar_stories(
    targets: Sequence[Story],
    stories: Sequence[Story],
    limit: int = 3,
    minimum: float = 0.0,
    cache: TermCache | None = None,
) -> dict[str, list[tuple[Story, float]]]:
    """For each target story, the `limit` most similar of `stories` with a 0..1 score.

    The score is the cosine of weighted term vectors (title and lessons count more), so it
    means the same at any site size; 0.6 and above reads as a near-duplicate. Candidates come
    from an inverted index of terms, so this costs about linear time in the stories.
    """
    everyone = {s.path: s for s in stories}
    for target in targets:
        everyone.setdefault(target.path, target)
    tv = term_vectors(everyone.values(), cache)
    vectors = tv.vectors
    known = {s.path for s in stories}
    postings: dict[str, list[str]] = {}
    for path in vectors:
        if path in known:
            for term in tv.key_terms(path):
                postings.setdefault(term, []).append(path)
    out: dict[str, list[tuple[Story, float]]] = {}
    for target in targets:
        mine = vectors[target.path]
        candidates: set[str] = set()
        for term in tv.key_terms(target.path):
            candidates.update(postings.get(term, ())[:500])
        candidates.discard(target.path)
        scored = [(everyone[c], _cosine(mine, vectors[c])) for c in candidates]
        scored = [(s, round(v, 3)) for s, v in scored if v > minimum]
        scored.sort(key=lambda sv: (-sv[1], sv[0].path))
        out[target.path] = scored[:limit]
    return out


NEAR_DUPLICATE = 0.6
# A story with fewer words of its own than this (a fresh scaffold: headings and placeholders)
# has nothing to compare yet; the shared skeleton would make any two of them look alike.
MIN_WORDS_TO_COMPARE = 20
_HEADING_LINE = re.compile(r"^\s{0,3}#{1,6}\s.*$", re.M)


def _own_words(story: Story) -> int:
    return len(plain_text(_HEADING_LINE.sub(" ", story.body)).split())


def near_duplicates(
    stories: Sequence[Story],
    selected: Iterable[str] | None = None,
    prefix: str = "",
    threshold: float = NEAR_DUPLICATE,
) -> list[Problem]:
    """A warning for each story that reads like another one, naming the other's path and score.

    With `selected` (paths), only those stories are reported; otherwise each similar pair is
    reported once, on the later path. Pairs that already pin each other with `related:` are
    taken as known.
    """
    chosen = set(selected) if selected is not None else None
    stories = [s for s in stories if _own_words(s) >= MIN_WORDS_TO_COMPARE]
    targets = [s for s in stories if chosen is None or s.path in chosen]
    found = similar_stories(targets, stories, limit=3, minimum=threshold - 1e-9)
    problems: list[Problem] = []
    for story in targets:
        for other, score in found.get(story.path, []):
            if story.slug in other.related or other.slug in story.related:
                continue
            if chosen is None and other.path > story.path:
                continue  # the pair is reported on the other story
            problems.append(
                Problem(
                    story.path,
                    story.key_lines.get("title"),
                    "warning",
                    f"reads like {prefix}{other.path} (similarity {score:.2f}): if it is the "
                    f"same incident, merge the two; if not, add `related: [{other.slug}]` and "
                    "say in the story how they differ",
                )
            )
    return problems


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(w * b.get(t, 0.0) for t, w in a.items())
    na = math.sqrt(sum(w * w for w in a.values()))
    nb = math.sqrt(sum(w * w for w in b.values()))
    return dot / (na * nb) if na and nb else 0.0

"""Which failure category a text reads like, from the words each category's vocabulary lists.

Each category contributes its `keywords` and `aliases` (full weight) and the words of its label
and description (a little weight). A text is cut into words once, each word stemmed (so
"retries" meets "retry"), and every run of up to four stems is looked up: linear in the text.
A keyword that several categories list counts for each of them divided by how many list it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

from warstories.core.model import Story
from warstories.core.taxonomy import Taxonomy

# Below this much evidence a text says nothing about its category (one plain keyword is 1.0).
MIN_EVIDENCE = 1.5
MAX_WORDS = 5
SURE_ENOUGH_TO_DOUBT = 0.3  # `warstories new` says so when a chosen category reads less well
_LONGEST = 4  # the longest phrase, in words, that is looked up
_WORD = re.compile(r"[^\W_]+(?:[.'][^\W_]+)*", re.UNICODE)
_STEMMER = Stemmer.Stemmer("english")  # stateless apart from its own memo of stems

# Label and description words too common to say anything about a category.
_STOPWORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "their",
        "there",
        "these",
        "this",
        "to",
        "was",
        "were",
        "which",
        "with",
        "without",
        "not",
        "never",
        "only",
        "other",
        "than",
        "then",
        "when",
        "where",
        "who",
        "why",
        "what",
        "how",
        "all",
        "any",
        "each",
        "every",
        "one",
        "two",
        "fails",
        "fail",
        "differ",
        "wrong",
        "wrongly",
        "acting",
        "broke",
        "things",
        "real",
        "production",
        "values",
        "value",
        "ran",
        "anywhere",
        "else",
        "but",
        "has",
        "have",
    }
)


@dataclass(frozen=True)
class CategoryGuess:
    """The category a text reads most like, how sure that is, and the words that decided it."""

    slug: str  # best category
    score: float  # 0..1, confidence-like: higher is surer (a clear lead on plenty of evidence)
    words: tuple[str, ...]  # the words that chose it, as the text spells them, most telling first
    runner_up: str | None

    def doubts(self, slug: str) -> bool:
        """Whether this guess is sure enough against `slug` to tell a writer who chose it."""
        return self.slug != slug and self.score >= SURE_ENOUGH_TO_DOUBT


@dataclass(frozen=True)
class _Evidence:
    scores: dict[str, float]
    # per category: phrase key -> (contribution, the text's spelling of its first occurrence)
    found: dict[str, dict[tuple[str, ...], tuple[float, str]]]


def guess_category(text: str, taxonomy: Taxonomy) -> CategoryGuess | None:
    """The category `text` reads most like; None when its words say nothing about one."""
    evidence = _evidence(text, taxonomy)
    ranked = sorted(evidence.scores.items(), key=lambda kv: (-kv[1], kv[0]))
    if not ranked or ranked[0][1] < MIN_EVIDENCE:
        return None
    slug, best = ranked[0]
    runner_up, second = ranked[1] if len(ranked) > 1 else (None, 0.0)
    lead = (best - second) / best
    amount = 1 - math.exp(-best / 4)
    return CategoryGuess(
        slug=slug,
        score=round(lead * amount, 3),
        words=_telling_words(evidence.found[slug]),
        runner_up=runner_up,
    )


def category_scores(text: str, taxonomy: Taxonomy) -> dict[str, float]:
    """How much of each category's vocabulary `text` uses (only categories with any)."""
    return dict(_evidence(text, taxonomy).scores)


def words_for(text: str, slug: str, taxonomy: Taxonomy) -> tuple[str, ...]:
    """The words of `text` that speak for category `slug`, most telling first."""
    return _telling_words(_evidence(text, taxonomy).found.get(slug, {}))


def story_text(story: Story) -> str:
    """The words of a story that say what it is about; title, description and tags count twice."""
    head = " . ".join([story.title, story.description, " ".join(story.tags)])
    rest = [story.trigger or "", *story.lessons, story.body]
    return "\n".join([head, head, *rest])


def _evidence(text: str, taxonomy: Taxonomy) -> _Evidence:
    index = _index(taxonomy)
    spans = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)]
    stems = _STEMMER.stemWords([w.lower() for w, _, _ in spans])
    counts: dict[tuple[str, ...], int] = {}
    spelling: dict[tuple[str, ...], str] = {}
    for i in range(len(stems)):
        for n in range(1, min(_LONGEST, len(stems) - i) + 1):
            key = tuple(stems[i : i + n])
            if key in index:
                counts[key] = counts.get(key, 0) + 1
                if key not in spelling:
                    spelling[key] = text[spans[i][1] : spans[i + n - 1][2]]
    scores: dict[str, float] = {}
    found: dict[str, dict[tuple[str, ...], tuple[float, str]]] = {}
    for key, count in counts.items():
        damped = 1 + math.log(count)
        for slug, weight in index[key].items():
            contribution = weight * damped
            scores[slug] = scores.get(slug, 0.0) + contribution
            found.setdefault(slug, {})[key] = (contribution, spelling[key])
    return _Evidence(scores, found)


def _telling_words(found: dict[tuple[str, ...], tuple[float, str]]) -> tuple[str, ...]:
    """The biggest contributions first; a word already inside a listed phrase is not repeated."""
    ranked = sorted(found.items(), key=lambda kv: (-kv[1][0], -len(kv[0]), kv[1][1]))
    chosen: list[tuple[str, ...]] = []
    words: list[str] = []
    for key, (_, spelled) in ranked:
        if any(_inside(key, other) for other in chosen):
            continue
        chosen.append(key)
        words.append(spelled)
        if len(words) == MAX_WORDS:
            break
    return tuple(words)


def _inside(small: tuple[str, ...], big: tuple[str, ...]) -> bool:
    n = len(small)
    return any(big[i : i + n] == small for i in range(len(big) - n + 1))


@lru_cache(maxsize=8)
def _index(taxonomy: Taxonomy) -> dict[tuple[str, ...], dict[str, float]]:
    """Stemmed phrase -> {category slug: weight}, from every category's vocabulary."""
    listed: dict[tuple[str, ...], dict[str, float]] = {}
    for category in taxonomy.categories:
        strong = [*category.keywords, *category.aliases]
        weak = _plain_words(f"{category.label} {category.description}")
        for phrase, weight in [*((p, 1.0) for p in strong), *((w, 0.3) for w in weak)]:
            key = _key(phrase)
            if not key or len(key) > _LONGEST:
                continue
            weight *= 1 + 0.5 * (len(key) - 1)  # a phrase says more than any of its words
            mine = listed.setdefault(key, {})
            mine[category.slug] = max(mine.get(category.slug, 0.0), weight)
    # A phrase several categories list is split between them; a mere mention in another's
    # description (weak) does not halve a keyword (strong).
    return {key: _shared(by_slug) for key, by_slug in listed.items()}


def _shared(by_slug: dict[str, float]) -> dict[str, float]:
    strong = sum(weight >= 1.0 for weight in by_slug.values())
    return {
        slug: weight / (strong if weight >= 1.0 else len(by_slug))
        for slug, weight in by_slug.items()
    }


def _key(phrase: str) -> tuple[str, ...]:
    return tuple(_STEMMER.stemWords([w.lower() for w in _WORD.findall(phrase)]))


def _plain_words(text: str) -> Iterable[str]:
    return (w for w in _WORD.findall(text.lower()) if w not in _STOPWORDS and len(w) > 2)

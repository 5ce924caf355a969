"""The category classifier: what it picks, the words it names, and how often it is right."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from warstories.analysis.classify import (
    CategoryGuess,
    category_scores,
    guess_category,
    story_text,
)
from warstories.core.catalog import load_catalog
from warstories.core.taxonomy import Taxonomy

REPO = Path(__file__).resolve().parents[1]
TAXONOMY = Taxonomy.default()


def test_a_leap_second_story_reads_like_time_and_says_why():
    text = (
        "The leap second that spun the CPUs. When the leap second was inserted at midnight UTC, "
        "a kernel timer bug made Java processes spin; the clock repeated a second."
    )
    guess = guess_category(text, TAXONOMY)
    assert isinstance(guess, CategoryGuess)
    assert guess.slug == "time"
    assert guess.words[0] == "leap second"
    assert "UTC" in guess.words and len(guess.words) <= 5
    assert guess.runner_up is not None and guess.runner_up != "time"
    assert 0 < guess.score <= 1


def test_plural_and_verb_forms_meet_the_keywords():
    guess = guess_category("Retrying clients and their retries amplified the overload.", TAXONOMY)
    assert guess is not None and guess.slug == "cascades"
    assert "Retrying" in guess.words or "retries" in guess.words


def test_text_that_says_nothing_gives_no_guess():
    assert guess_category("", TAXONOMY) is None
    assert guess_category("We had lunch and then went for a walk by the river.", TAXONOMY) is None


def test_a_clearer_text_scores_higher():
    weak = guess_category("A deadlock held a lock.", TAXONOMY)
    strong = guess_category(
        "A deadlock between two transactions: lock contention, a race condition and a mutex "
        "held in the wrong order by concurrent threads.",
        TAXONOMY,
    )
    assert weak is not None and strong is not None
    assert weak.slug == strong.slug == "concurrency"
    assert strong.score > weak.score


def test_a_site_category_is_guessed_from_its_own_keywords():
    taxonomy = TAXONOMY.extended(
        [{"slug": "payments", "label": "Payments", "keywords": ["chargeback", "card network"]}]
    )
    guess = guess_category("Chargebacks from the card network doubled overnight.", taxonomy)
    assert guess is not None and guess.slug == "payments"
    assert "payments" not in category_scores("Chargebacks", TAXONOMY)


def test_the_example_stories_are_mostly_guessed_right():
    catalog = load_catalog(REPO / "stories", TAXONOMY, include_drafts=True)
    guesses = [(s.category, guess_category(story_text(s), TAXONOMY)) for s in catalog.stories]
    right = sum(g is not None and g.slug == c for c, g in guesses)
    top2 = sum(g is not None and c in (g.slug, g.runner_up) for c, g in guesses)
    assert right >= 0.8 * len(guesses)
    assert top2 >= 0.9 * len(guesses)


def test_the_labelled_corpus_is_mostly_guessed_right():
    data = yaml.safe_load((REPO / "benchmarks/classify_corpus.yaml").read_text("utf-8"))
    entries = data["stories"]
    assert len(entries) >= 70 and len({e["category"] for e in entries}) == len(TAXONOMY.slugs)
    right = 0
    for entry in entries:
        guess = guess_category(
            f"{entry['title']}. {entry['description']} {entry['body']}", TAXONOMY
        )
        right += guess is not None and guess.slug == entry["category"]
    assert right >= 0.85 * len(entries)


@pytest.mark.parametrize("slug", TAXONOMY.slugs)
def test_every_default_category_has_keywords(slug):
    assert len(TAXONOMY[slug].keywords) >= 20

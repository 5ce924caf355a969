"""The failure category of an imported story: given, from the source's own categories, or from its words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from warstories.core.taxonomy import Taxonomy
from warstories.importers.entry import Entry


class Guess(Protocol):
    """What `analysis.classify.guess_category` answers (its CategoryGuess)."""

    slug: str
    score: float
    words: tuple[str, ...]
    runner_up: str | None


Guesser = Callable[[str, Taxonomy], Guess | None]


@dataclass(frozen=True)
class Choice:
    """The category (None: none found), the secondary ones, and why, in words for the report."""

    slug: str | None
    why: str
    contributing: tuple[str, ...] = ()


def default_guesser() -> Guesser:
    from warstories.analysis.classify import guess_category

    return guess_category


def choose(entry: Entry, taxonomy: Taxonomy, into: str | None, guess: Guesser) -> Choice:
    """`into` when given; else the source's categories, the one its words favour first."""
    if into:
        return Choice(into, "--into")
    given = []
    for word in entry.category_words:
        found = taxonomy.resolve(word).value
        if found is None:
            entry.notes.append(f"the source's category {word!r} is not one of ours: left out")
        elif found not in given:
            given.append(found)
    guessed = guess(entry.text, taxonomy)
    words = f"the words {', '.join(repr(w) for w in guessed.words)}" if guessed else ""
    if given:
        primary = given[0]
        why = "the source's categories"
        if guessed is not None and guessed.slug in given:
            primary = guessed.slug
            why += f", with {words}"
        elif guessed is not None and guessed.runner_up in given:
            primary = guessed.runner_up
        rest = tuple(c for c in given if c != primary)
        return Choice(primary, f"{why} ({', '.join(given)})", rest)
    if guessed is None:
        return Choice(None, "no category's words are in the text: give one with --into")
    runner = f"; next was {guessed.runner_up}" if guessed.runner_up else ""
    return Choice(guessed.slug, f"{words} (score {guessed.score:.2f}{runner})")

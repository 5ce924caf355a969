"""The failure category of an imported story: given, from the source's own categories, or from its words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from warstories.analysis.classify import CategoryGuess
from warstories.core.taxonomy import Taxonomy
from warstories.importers.entry import Entry

# Below this, the words hardly favour the category over the next one: a writer should look.
WEAK_GUESS = 0.1

Guesser = Callable[[str, Taxonomy], CategoryGuess | None]


@dataclass(frozen=True)
class Choice:
    """The category (None: none found), the secondary ones, and why, in words for the report."""

    slug: str | None
    why: str
    contributing: tuple[str, ...] = ()


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
    words = ", ".join(repr(w) for w in guessed.words) if guessed else ""
    if given:
        primary, agree = given[0], ""
        if guessed is not None and guessed.slug in given:
            primary, agree = guessed.slug, f"; its words agree: {words}"
        elif guessed is not None and guessed.runner_up in given:
            primary = guessed.runner_up
            agree = f"; its words read like {guessed.slug} first, then {primary}"
        elif guessed is not None:
            agree = (
                f"; its words read like {guessed.slug} ({words}), which the source does not list"
            )
        rest = tuple(c for c in given if c != primary)
        return Choice(primary, f"the source's categories ({', '.join(given)}){agree}", rest)
    if guessed is None:
        return Choice(None, "no category's words are in the text: give one with --into")
    runner = f"; next was {guessed.runner_up}" if guessed.runner_up else ""
    if guessed.score < WEAK_GUESS:
        entry.to_write.append(
            f"the category {guessed.slug} is a weak guess (score {guessed.score:.2f}{runner}): "
            "check it, and move the file if another fits better"
        )
    return Choice(guessed.slug, f"the words {words} (score {guessed.score:.2f}{runner})")

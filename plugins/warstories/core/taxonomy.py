"""The failure categories, with aliases and "did you mean"; the closed vocabularies are re-exported from `vocabularies`."""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Any

import yaml

from warstories.core.tags import tag_aliases
from warstories.core.vocabularies import ACTION_STATUSES as ACTION_STATUSES
from warstories.core.vocabularies import DETECTIONS as DETECTIONS
from warstories.core.vocabularies import ESCAPE_REASONS as ESCAPE_REASONS
from warstories.core.vocabularies import SEVERITIES as SEVERITIES


@dataclass(frozen=True)
class Category:
    slug: str
    label: str
    description: str = ""
    why: str = ""
    aliases: tuple[str, ...] = ()
    prevention: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()  # words a story in this category tends to use


@dataclass(frozen=True)
class Resolution:
    """The outcome of looking a word up in a vocabulary."""

    value: str | None
    note: str | None = None  # set when an alias or other spelling was accepted
    suggestions: tuple[str, ...] = ()


def normalise(word: str) -> str:
    return "-".join(word.strip().lower().replace("_", " ").split())


def did_you_mean(word: str, choices: Iterable[str], n: int = 3) -> tuple[str, ...]:
    """The closest choices, keeping only those nearly as close as the best one."""
    key = normalise(word)
    scored = []
    for choice in dict.fromkeys(choices):
        ratio = difflib.SequenceMatcher(None, key, choice).ratio()
        # A typo keeps the length: `sev 5` is near `sev1`, `cascades` is not near `scale`.
        if ratio >= 0.7 or (ratio >= 0.6 and abs(len(choice) - len(key)) <= 1):
            scored.append((ratio, choice))
    scored.sort(key=lambda rc: (-rc[0], rc[1]))
    if not scored:
        return ()
    best = scored[0][0]
    return tuple(choice for ratio, choice in scored[:n] if ratio >= best - 0.05)


def lookup(word: str, allowed: Iterable[str]) -> Resolution:
    """Match a word of a closed vocabulary, forgiving case, spaces and underscores."""
    allowed = tuple(allowed)
    key = normalise(word)
    if key in allowed:
        return Resolution(key, None if key == word else f"read {word!r} as {key!r}")
    return Resolution(None, suggestions=did_you_mean(key, allowed))


@dataclass(frozen=True)
class Taxonomy:
    """The categories of one site, in display order, with their aliases."""

    categories: tuple[Category, ...]
    tags: tuple[tuple[str, tuple[str, ...]], ...] = ()  # tag -> aliases, from `tags:`
    _by_slug: Mapping[str, Category] = field(init=False, repr=False, compare=False)
    _aliases: Mapping[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_slug = {c.slug: c for c in self.categories}
        aliases = {normalise(a): c.slug for c in self.categories for a in c.aliases}
        object.__setattr__(self, "_by_slug", by_slug)
        object.__setattr__(self, "_aliases", aliases)

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(self._by_slug)

    def get(self, slug: str) -> Category | None:
        return self._by_slug.get(slug)

    def __getitem__(self, slug: str) -> Category:
        return self._by_slug[slug]

    def resolve(self, word: str) -> Resolution:
        """A category slug for a slug, alias or label in any case; suggestions when unknown."""
        key = normalise(word)
        if key in self._by_slug:
            return Resolution(key, None if key == word else f"read {word!r} as {key!r}")
        if key in self._aliases:
            slug = self._aliases[key]
            return Resolution(slug, f"category {word!r} is an alias of {slug!r}")
        for category in self.categories:
            if normalise(category.label) == key:
                return Resolution(category.slug, f"read {word!r} as {category.slug!r}")
        names = list(self._by_slug) + list(self._aliases)
        close = did_you_mean(key, names, n=5)
        if not close:  # `cascade-failure`: a word of it may be a slug or an alias
            close = tuple(w for w in key.split("-") if w in self._by_slug or w in self._aliases)
        slugs = tuple(dict.fromkeys(self._aliases.get(n, n) for n in close))[:3]
        return Resolution(None, suggestions=slugs)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Taxonomy:
        entries = data.get("categories") or []
        categories = [_category(e) for e in entries]
        seen: set[str] = set()
        for category in categories:
            if category.slug in seen:
                raise ValueError(f"the category {category.slug!r} is listed twice: keep one")
            seen.add(category.slug)
        return cls(tuple(categories), tag_aliases(data.get("tags")))

    @classmethod
    def default(cls) -> Taxonomy:
        return _default_taxonomy()

    def with_tags(self, aliases: Iterable[tuple[str, tuple[str, ...]]]) -> Taxonomy:
        """This taxonomy with tag aliases added; a tag listed again takes the new aliases."""
        merged = dict(self.tags)
        merged.update(aliases)
        return replace(self, tags=tuple(merged.items())) if merged != dict(self.tags) else self

    def extended(self, entries: Iterable[Mapping[str, Any]]) -> Taxonomy:
        """This taxonomy with categories added; where the slug exists, the keys given override.

        `{slug: scale, label: Big stuff}` relabels scale and keeps its description, aliases,
        keywords and checklist; a key given (even `aliases: []`) replaces that key only.
        """
        merged = {c.slug: c for c in self.categories}
        for entry in entries:
            category = _category(entry)
            existing = merged.get(category.slug)
            if existing is not None:
                given = {k: getattr(category, k) for k in _CATEGORY_KEYS if k in entry}
                category = replace(existing, **given)
            merged[category.slug] = category
        return Taxonomy(tuple(merged.values()), self.tags)


_CATEGORY_KEYS = ("label", "description", "why", "aliases", "prevention", "keywords")


def _category(entry: Mapping[str, Any]) -> Category:
    try:
        raw = entry["slug"]
    except (KeyError, TypeError) as exc:
        raise ValueError(f"each category needs a slug, got {entry!r}") from exc
    slug = normalise(raw) if isinstance(raw, str) else ""
    if not slug:
        raise ValueError(f"each category needs a slug, got {entry!r}")
    return Category(
        slug=slug,
        label=str(entry.get("label") or slug.replace("-", " ").capitalize()),
        description=str(entry.get("description") or ""),
        why=str(entry.get("why") or ""),
        aliases=tuple(str(a) for a in entry.get("aliases") or ()),
        prevention=tuple(str(p) for p in entry.get("prevention") or ()),
        keywords=tuple(str(k) for k in entry.get("keywords") or ()),
    )


@functools.cache  # package data: read once per process (the preview reloads its config per edit)
def _default_taxonomy() -> Taxonomy:
    text = resources.files("warstories.core").joinpath("vocabulary.yaml").read_text("utf-8")
    return Taxonomy.from_data(yaml.safe_load(text))

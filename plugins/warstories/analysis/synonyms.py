"""Words that mean the same thing to people who search war stories, for both searches.

The CLI widens a query with them (`expand_synonyms`); the site's header search gets them as
data (`synonym_groups`) and runs one search per alternative.
"""

from __future__ import annotations

import re

from warstories.core.taxonomy import Taxonomy, normalise

# Words that mean the same thing to the people who write and search war stories. Each group
# is searched as a whole when a query names any member. Category aliases are added per site.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("oom", "out of memory", "out-of-memory", "oomkilled"),
    ("dst", "daylight saving", "daylight saving time", "daylight savings"),
    ("k8s", "kubernetes"),
    ("tls", "ssl"),
    ("db", "database"),
    ("postgres", "postgresql"),
)


def synonym_groups(taxonomy: Taxonomy | None = None) -> list[dict]:
    """The synonym groups as plain data for the browser: phrases, and a category label to add."""
    labels = {c.slug: c.label for c in taxonomy.categories} if taxonomy else {}
    seen: dict[tuple[str, ...], dict] = {}
    for phrases, slug in _synonym_groups(taxonomy).values():
        seen.setdefault(phrases, {"words": list(phrases), "category": labels.get(slug or "")})
    return list(seen.values())


def expand_synonyms(query: str, taxonomy: Taxonomy | None = None) -> str:
    """The query with each known alias widened to its group, e.g. `oom` -> `(oom OR "out of memory")`.

    Quoted phrases, `field:value` terms and operators are left as written.
    """
    groups = _synonym_groups(taxonomy)
    longest = max((len(k) for k in groups), default=1)
    tokens = QUERY_TOKEN.findall(query)
    out: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if not is_word(token):
            out.append(token)
            i += 1
            continue
        match = None
        for size in range(min(longest, _word_run(tokens, i)), 0, -1):
            key = tuple(_norm_words(" ".join(tokens[i : i + size])))
            if key in groups:
                match = (size, groups[key])
                break
        if match is None:
            out.append(token)
            i += 1
            continue
        size, (phrases, category) = match
        alternatives = [p if " " not in p else f'"{p}"' for p in phrases]
        if category:
            alternatives.append(f"category:{category}")
        out.append("(" + " OR ".join(dict.fromkeys(alternatives)) + ")")
        i += size
    return " ".join(out)


QUERY_TOKEN = re.compile(r'"[^"]*"?|\S+:(?:"[^"]*"?|\S+)|[()]|[^\s()]+')
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}


def is_word(token: str) -> bool:
    return (
        token not in _OPERATORS
        and not token.startswith('"')
        and ":" not in token
        and token not in "()"
        and re.fullmatch(r"[\w-]+", token) is not None
    )


def _word_run(tokens: list[str], start: int) -> int:
    n = 0
    while start + n < len(tokens) and is_word(tokens[start + n]):
        n += 1
    return n


def _norm_words(text: str) -> list[str]:
    return normalise(text).replace("-", " ").split()


def _synonym_groups(
    taxonomy: Taxonomy | None,
) -> dict[tuple[str, ...], tuple[tuple[str, ...], str | None]]:
    """Word sequence -> (phrases to search, category slug whose alias it is)."""
    groups: dict[tuple[str, ...], tuple[tuple[str, ...], str | None]] = {}
    aliases: dict[tuple[str, ...], str] = {}
    for category in taxonomy.categories if taxonomy else ():
        for alias in category.aliases:
            aliases[tuple(_norm_words(alias))] = category.slug
    for group in SYNONYMS:
        phrases = tuple(dict.fromkeys(" ".join(_norm_words(p)) for p in group))
        category = next(
            (aliases[tuple(p.split())] for p in phrases if tuple(p.split()) in aliases), None
        )
        for phrase in phrases:
            groups[tuple(phrase.split())] = (phrases, category)
    for words, slug in aliases.items():
        if words not in groups:
            groups[words] = ((" ".join(words),), slug)
    return groups

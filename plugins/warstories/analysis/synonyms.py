"""Words that mean the same thing to people who search war stories, for both searches.

The CLI widens a query with them (`expand_synonyms`); the site's header search gets them as
data (`synonym_groups`) and runs one search per alternative. A synonym or a category alias
only ever widens the words searched: a story is found because it says one of them, never
because of the category it is filed under, so the count a reader sees is of stories that match.
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
    """The synonym groups as plain data for the browser: the phrases searched for one another,
    then one `{"category": label}` entry per category, whose whole label asks for its stories."""
    seen: dict[tuple[str, ...], dict] = {}
    for phrases in _synonym_groups(taxonomy).values():
        if len(phrases) > 1:
            seen.setdefault(phrases, {"words": list(phrases)})
    labels = [{"category": c.label} for c in (taxonomy.categories if taxonomy else ())]
    return [*seen.values(), *labels]


def category_named(query: str, taxonomy: Taxonomy | None) -> str | None:
    """The slug of the category whose whole label the query is (`Time, dates & expiry`), if any.

    Only the whole label asks for a category: a word of it (`races`, `time`) is searched as a
    word, since most stories of the category never say it.
    """
    key = _label_key(query)
    for category in taxonomy.categories if taxonomy and key else ():
        if _label_key(category.label) == key:
            return category.slug
    return None


def _label_key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


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
        size, phrases = match
        alternatives = [p if " " not in p else f'"{p}"' for p in phrases]
        unique = list(dict.fromkeys(alternatives))
        out.append(unique[0] if len(unique) == 1 else "(" + " OR ".join(unique) + ")")
        i += size
    return " ".join(out)


# A field name holds no colon, quote or parenthesis, so a token's start is scanned once.
QUERY_TOKEN = re.compile(r'"[^"]*"?|[^\s:()"]+:(?:"[^"]*"?|\S+)|[()]|[^\s()]+')
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


def _synonym_groups(taxonomy: Taxonomy | None) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Word sequence -> the phrases to search for it: its synonym group, or the alias as words.

    A category alias outside every group (`resource-exhaustion`) is searched as its words; it
    never stands for its category, whose stories need not say it.
    """
    groups: dict[tuple[str, ...], tuple[str, ...]] = {}
    for group in SYNONYMS:
        phrases = tuple(dict.fromkeys(" ".join(_norm_words(p)) for p in group))
        for phrase in phrases:
            groups[tuple(phrase.split())] = phrases
    for category in taxonomy.categories if taxonomy else ():
        for alias in category.aliases:
            words = tuple(_norm_words(alias))
            groups.setdefault(words, (" ".join(words),))
    return groups

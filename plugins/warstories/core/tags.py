"""Tags as one thing however contributors spell them, so near-duplicates share one tag page.

`data center`, `Data-Center`, `datacenter` and `data centers` have one key; the site shows the
spelling most stories use (or the vocabulary's, when it lists the tag or an alias of it), and
the check names that spelling to whoever wrote another one.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from warstories.core.model import Problem, Story, slugify

_WORD = re.compile(r"[^\W_]+")
_VOWEL = re.compile(r"[aeiouy]")
_DIGITS = re.compile(r"\d")
# A typo of a tag: this close (difflib ratio) to a tag other stories use, and this long.
CLOSE_RATIO = 0.88
CLOSE_MIN_LENGTH = 6


def tag_key(tag: str) -> str:
    """What makes two spellings one tag: case, spaces, hyphens and a plural `s` do not count."""
    key = "".join(_WORD.findall(tag.casefold()))
    return _singular(key)


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"  # dependencies -> dependency
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        stem = word[:-1]
        if _VOWEL.search(stem):  # `dns`, `https`, `tls` are not plurals
            return stem
    return word


def tag_id(tag: str, aliases: Sequence[tuple[str, tuple[str, ...]]] = ()) -> str:
    """The key of the tag `tag` stands for, after the vocabulary's aliases (`k8s` -> kubernetes)."""
    key = tag_key(tag)
    for canonical, words in aliases:
        if key == tag_key(canonical) or any(key == tag_key(w) for w in words):
            return tag_key(canonical)
    return key


def tag_aliases(data: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The vocabulary's `tags:` mapping (tag -> its aliases) as data; ValueError when malformed."""
    if data is None:
        return ()
    if not isinstance(data, Mapping):
        raise ValueError("`tags:` should map a tag to its aliases, e.g. `{postgres: [pg]}`")
    out = []
    for tag, aliases in data.items():
        if not isinstance(tag, str) or not tag.strip():
            raise ValueError(f"`tags:` has an empty tag: {tag!r}")
        if isinstance(aliases, str):
            aliases = [aliases]
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise ValueError(f"the aliases of tag {tag!r} should be a list of words")
        out.append((tag.strip(), tuple(a.strip() for a in aliases if a.strip())))
    return tuple(out)


def _keyer(aliases: Sequence[tuple[str, tuple[str, ...]]]) -> Callable[[str], str]:
    """`tag_id` for this vocabulary, computed once per spelling (sites repeat their tags)."""
    vocabulary = _alias_map(aliases)
    memo: dict[str, str] = {}

    def key(tag: str) -> str:
        found = memo.get(tag)
        if found is None:
            plain = tag_key(tag)
            found = memo[tag] = vocabulary.get(plain, (plain, ""))[0]
        return found

    return key


def spellings(
    stories: Iterable[Story],
    aliases: Sequence[tuple[str, tuple[str, ...]]] = (),
    key: Callable[[str], str] | None = None,
) -> tuple[dict[str, str], dict[str, Counter[str]]]:
    """Tag key -> the spelling the site shows, and tag key -> how many stories write each spelling.

    The vocabulary's spelling wins for a tag it lists (or an alias of it); otherwise the one
    most stories use, then one with a hyphen or space (`data-center` over `datacenter`), then
    the first seen (stories come newest first).
    """
    key = key or _keyer(aliases)
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for story in stories:
        for tag in dict.fromkeys(story.tags):
            counts[key(tag)][tag] += 1
    listed = {tag_key(tag): tag for tag, _ in aliases}
    chosen = {}
    for key, written in counts.items():
        order = {t: i for i, t in enumerate(written)}  # first seen: the newest story's
        chosen[key] = listed.get(key) or min(
            written, key=lambda t: (-written[t], not re.search(r"[\s-]", t), order[t])
        )
    return chosen, counts


def _alias_map(
    aliases: Sequence[tuple[str, tuple[str, ...]]],
) -> dict[str, tuple[str, str]]:
    """Key of a vocabulary tag or alias -> (the tag's key, its spelling)."""
    out: dict[str, tuple[str, str]] = {}
    for tag, words in aliases:
        for word in (tag, *words):
            out[tag_key(word)] = (tag_key(tag), tag)
    return out


def unify_tags(
    stories: Sequence[Story], aliases: Sequence[tuple[str, tuple[str, ...]]] = ()
) -> tuple[list[Story], list[Problem]]:
    """Each story with its tags in the site's spelling, and a warning for each other spelling.

    The warning names the spelling to use and how many stories use it. A tag of one story that
    is close to a tag other stories use (`kubernets`) gets a "did you mean" instead.
    """
    key_of = _keyer(aliases)
    chosen, counts = spellings(stories, aliases, key_of)
    used = Counter({key: sum(written.values()) for key, written in counts.items()})
    out: list[Story] = []
    problems: list[Problem] = []
    for story in stories:
        tags = []
        for tag in story.tags:
            key = key_of(tag)
            spelling = chosen[key]
            tags.append(spelling)
            if spelling != tag and slugify(spelling) != slugify(tag):
                problems.append(_problem(story, tag, spelling, counts[key][spelling]))
        unique = tuple(dict.fromkeys(tags))
        out.append(story if unique == story.tags else replace(story, tags=unique))
    problems += _close_tags(out, chosen, used, counts, key_of)
    return out, problems


def _problem(story: Story, tag: str, spelling: str, count: int) -> Problem:
    used = f" (used by {count} {'story' if count == 1 else 'stories'})" if count else ""
    return Problem(
        story.path,
        story.key_lines.get("tags"),
        "warning",
        f"tag {tag!r} is the tag {spelling!r}{used}: write {spelling!r} so the site keeps "
        "one spelling",
    )


def _close_tags(
    stories: Sequence[Story],
    chosen: Mapping[str, str],
    used: Counter[str],
    counts: Mapping[str, Counter[str]],
    key_of: Callable[[str], str],
) -> list[Problem]:
    """A "did you mean" for a tag of one story that is a near miss of a tag others use.

    Only tags of one story are compared, only with tags of two or more, through an index of
    each key with one letter left out (a typo, a missing or doubled letter shares an entry),
    so the cost grows with the tags, not with their pairs. Keys that differ only in digits
    (`python2`, `python3`) are different things, not typos.
    """
    shared: dict[str, list[str]] = defaultdict(list)
    for key in chosen:
        if used[key] >= 2 and len(key) >= CLOSE_MIN_LENGTH:
            for variant in _one_left_out(key):
                shared[variant].append(key)
    near: dict[str, str] = {}
    for key in chosen:
        if used[key] != 1 or len(key) < CLOSE_MIN_LENGTH:
            continue
        candidates = {k for v in _one_left_out(key) for k in shared.get(v, ())}
        candidates = {
            k
            for k in candidates
            if _DIGITS.sub("", k) != _DIGITS.sub("", key)
            and difflib.SequenceMatcher(None, key, k).ratio() >= CLOSE_RATIO
        }
        if candidates:
            near[key] = min(candidates, key=lambda k: (-used[k], k))
    problems = []
    for story in stories:
        for tag in story.tags:
            other = near.get(key_of(tag))
            if other is not None:
                spelling, count = chosen[other], counts[other][chosen[other]]
                problems.append(
                    Problem(
                        story.path,
                        story.key_lines.get("tags"),
                        "warning",
                        f"tag {tag!r} is close to {spelling!r} (used by {count} stories): did "
                        f"you mean {spelling!r}? A new tag is fine if it is another thing",
                    )
                )
    return problems


def _one_left_out(key: str) -> set[str]:
    """The key and each spelling of it with one letter left out."""
    return {key, *(key[:i] + key[i + 1 :] for i in range(len(key)))}

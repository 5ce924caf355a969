"""Limits on one story, so no story can stall or crash the build: what is checked and where.

Python-Markdown reads each `[` that has no nearby `]` (and each `<` that looks like a tag but
does not close) by scanning the rest of its paragraph, slows with the square of the `*` and
`_` in one paragraph, and recurses once per level of nested lists, quotes and HTML. Stories breaking these limits are an error in `warstories
check` and in the build alike, with the line, before any Markdown is rendered; no real story
comes near them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

MAX_STORY_BYTES = 500_000  # 50 times the longest real story; Markdown takes ~25 µs a byte at worst
MAX_TAGS = 30
MAX_LESSONS = 20  # more than 5 is already a warning
MAX_TIMELINE = 200
MAX_ACTION_ITEMS = 100
MAX_AUTHORS = 30
MAX_FAR_BRACKETS = 10  # per paragraph: `[` with no `]` within FAR characters, or `<` with no `>`
FAR = 1000
MAX_EMPHASIS = 1000  # per paragraph: `*` and `_` (not inside a word), each a possible emphasis
MAX_NESTING = 20  # list, quote and HTML element levels

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.M)
_LIST_ITEM = re.compile(r"^([ \t]*)(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_QUOTES = re.compile(r"^(?:[ \t]{0,3}>)+")
_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)[^<>]*?(/?)>")
_TAGLIKE_OPEN = re.compile(r"<[A-Za-z/!?]")
_EMPHASIS = re.compile(r"\*|_(?![^\W_])|(?<![^\W_])_")
# Elements with no end tag, or whose end tag may be left out: they do not nest.
_FLAT = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
        "p",
        "li",
        "dt",
        "dd",
        "tr",
        "td",
        "th",
        "thead",
        "tbody",
        "tfoot",
        "option",
        "optgroup",
        "rt",
        "rp",
        "colgroup",
        "caption",
    ]
)


def body_problems(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """(file line, message) for each place of the body past a limit; `first_line` is its line."""
    for offset, paragraph in _paragraphs(body):
        line = first_line + offset
        far = _far_brackets(paragraph)
        if far > MAX_FAR_BRACKETS:
            yield (
                line,
                f"this paragraph has {far:,} `[` without a `]` soon after (at most "
                f"{MAX_FAR_BRACKETS}): Markdown slows down with each one; write them as `\\[` "
                "or put them in a code block",
            )
        far = _far_angles(paragraph)
        if far > MAX_FAR_BRACKETS:
            yield (
                line,
                f"this paragraph has {far:,} `<` that start a tag and never close it (at most "
                f"{MAX_FAR_BRACKETS}): Markdown slows down with each one; write them as `&lt;` "
                "or put them in a code block",
            )
        marks = (
            sum(1 for _ in _EMPHASIS.finditer(paragraph))
            if "*" in paragraph or "_" in paragraph
            else 0
        )
        if marks > MAX_EMPHASIS:
            yield (
                line,
                f"this paragraph has {marks:,} `*` and `_` (at most {MAX_EMPHASIS:,}): Markdown "
                "slows down with the square of their number; split the paragraph or write "
                "them as `\\*` and `\\_`",
            )
    deepest = _nesting(body)
    if deepest is not None:
        offset, depth, what = deepest
        yield (
            first_line + offset,
            f"{what} nest {depth} levels deep here (at most {MAX_NESTING}): Markdown recurses "
            "once per level; flatten them",
        )


def _paragraphs(body: str) -> Iterator[tuple[int, str]]:
    """(line offset, text) of each run of non-blank lines outside fenced code."""
    lines = body.split("\n")
    start: int | None = None
    fence: str | None = None
    for number, text in enumerate([*lines, ""]):
        opened = _FENCE.match(text)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            continue
        if opened:
            fence = opened.group(1)
        if opened or not text.strip():
            if start is not None:
                yield start, "\n".join(lines[start:number])
                start = None
            continue
        if start is None:
            start = number


def _far_brackets(text: str) -> int:
    """How many `[` have no matching `]` within FAR characters (escaped ones left out)."""
    if "[" not in text:
        return 0
    far = 0
    stack: list[int] = []
    escaped = False
    for at, char in enumerate(text):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            stack.append(at)
        elif char == "]" and stack and at - stack.pop() > FAR:
            far += 1
    return far + len(stack)


def _far_angles(text: str) -> int:
    """How many tag-like `<` have no `>` within FAR characters before the next `<`.

    Each `<` looks only as far as the next `<`, so the text is scanned about once.
    """
    far = 0
    for opened in _TAGLIKE_OPEN.finditer(text):
        start = opened.start()
        nxt = text.find("<", start + 1)
        stop = min(len(text) if nxt == -1 else nxt, start + FAR)
        if text.find(">", start, stop) == -1:
            far += 1
    return far


def _nesting(body: str) -> tuple[int, int, str] | None:
    """(line offset, depth, what) where lists, quotes or HTML elements nest past the limit."""
    tags: list[str] = []
    for offset, paragraph in _paragraphs(body):
        for number, text in enumerate(paragraph.split("\n"), offset):
            quotes = _QUOTES.match(text)
            if quotes and quotes.group(0).count(">") > MAX_NESTING:
                return number, quotes.group(0).count(">"), "quotes"
            item = _LIST_ITEM.match(text)
            if item and len(item.group(1).expandtabs(4)) // 4 >= MAX_NESTING:
                return number, len(item.group(1).expandtabs(4)) // 4 + 1, "lists"
            if "<" not in text:
                continue
            for tag in _TAG.finditer(text):
                closing, name, selfclosing = tag.group(1), tag.group(2).lower(), tag.group(3)
                if name in _FLAT or selfclosing:
                    continue
                if not closing:
                    tags.append(name)
                    if len(tags) > MAX_NESTING:
                        return number, len(tags), "HTML elements"
                elif name in tags:
                    while tags and tags.pop() != name:
                        pass
    return None

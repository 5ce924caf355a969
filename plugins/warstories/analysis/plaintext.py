"""Markdown reduced to the words a reader sees, for the search indexes and their excerpts.

The Markdown is parsed as CommonMark (markdown-it-py), so a `<` is a tag only where a page
would render it as one: `p99 < 200 ms`, `x <- y` or a shell redirection in a code block keep
every word after them. Code stays, since the error messages and commands in code blocks are
often what people search for; markup, link targets and images go. Parsing is linear in the
text, and so is everything done here with its tokens.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token

# One parser for every call: `parse` keeps its state per call, so sharing it is safe. Tables
# are parsed as tables so a row reads as one line; `maxNesting` bounds nested quotes and lists.
_PARSER = MarkdownIt("commonmark", {"html": True, "maxNesting": 20}).enable(["table"])

# A tag inside a raw HTML block: `[^<>]` stops at the next `<`, so no `<` is scanned twice.
_HTML_TAG = re.compile(r"<(?:(/?)([A-Za-z][\w:-]*)|[!?])[^<>]*>")
_HIDDEN_ELEMENTS = {"script", "style", "template"}  # their text is not what a reader sees


def plain_text(markdown: str) -> str:
    """Markdown reduced to the words a reader sees, for indexing and snippets.

    Blocks are joined as sentences, so a snippet never runs a heading into its paragraph.
    """
    return as_sentences(plain_blocks(markdown))


_ENDS_SENTENCE = (".", "!", "?", ":", ";")


def as_sentences(blocks: Sequence[str]) -> str:
    """Blocks joined as sentences: a period after a block that does not end one."""
    text = []
    for block in blocks:
        block = " ".join(block.split())
        if block:
            text.append(block if block.endswith(_ENDS_SENTENCE) else block + ".")
    return " ".join(text)


def plain_blocks(markdown: str) -> list[str]:
    """The text of each block a reader sees (heading, paragraph, code block, table row), in order.

    Each block's whitespace is collapsed; empty blocks are left out.
    """
    blocks: list[str] = []
    row: list[str] | None = None
    for token in _PARSER.parse(markdown):
        kind = token.type
        if kind == "tr_open":
            row = []
            continue
        if kind == "tr_close":
            text, row = " ".join(row or ()), None
        elif kind == "inline":
            text = _inline_text(token.children or ())
        elif kind in ("fence", "code_block"):
            text = token.content
        elif kind == "html_block":
            text = _html_text(token.content)
        else:
            continue
        if row is not None:
            row.append(text)
            continue
        text = " ".join(text.split())
        if text:
            blocks.append(text)
    return blocks


def _inline_text(children: Sequence[Token]) -> str:
    """The words of one paragraph, heading or cell: text and code, not tags, images or URLs."""
    parts: list[str] = []
    for child in children:
        kind = child.type
        if kind in ("text", "text_special", "code_inline"):
            parts.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif kind == "html_inline":
            parts.append(" ")  # a tag: `a<br>b` is two words
    return "".join(parts)


def _html_text(block: str) -> str:
    """The text of a raw HTML block: tags dropped, entities decoded, scripts and styles left out."""
    parts: list[str] = []
    hidden: str | None = None
    position = 0
    for tag in _HTML_TAG.finditer(block):
        if hidden is None:
            parts.append(block[position : tag.start()])
        position = tag.end()
        closing, name = tag.group(1), (tag.group(2) or "").lower()
        if hidden is None and not closing and name in _HIDDEN_ELEMENTS:
            hidden = name
        elif hidden is not None and closing and name == hidden:
            hidden = None
        parts.append(" ")
    if hidden is None:
        parts.append(block[position:])
    return html.unescape("".join(parts))

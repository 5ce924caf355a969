"""Markdown reduced to the words a reader sees, for the search indexes and their excerpts."""

from __future__ import annotations

import re

# Fence lines, HTML tags, Markdown punctuation and underscores outside words go; the code
# itself stays, since error messages and commands in code blocks are often what people search
# for. One character at a time (translate) is three times faster than one regex for it all.
_MD_FENCE = re.compile(r"^[ \t]*(?:```|~~~).*$", re.M)
_MD_TAG = re.compile(r"<[^>]+>")
_MD_PUNCT = str.maketrans(dict.fromkeys("`#*>|", " "))
_UNDERSCORES = re.compile(r"_+")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def plain_text(markdown: str) -> str:
    """Markdown reduced to the words a reader sees, for indexing and snippets."""
    text = _MD_LINK.sub(r"\1", _MD_IMAGE.sub(" ", markdown))
    text = _MD_TAG.sub(" ", _MD_FENCE.sub(" ", text)).translate(_MD_PUNCT)
    if "_" in text:
        text = _UNDERSCORES.sub(_underscores, text)
    return " ".join(text.split())


def _underscores(run: re.Match[str]) -> str:
    """Underscores inside a word (snake_case) stay; emphasis marks around words go."""
    text, start, end = run.string, run.start(), run.end()
    inside = start > 0 and end < len(text) and text[start - 1].isalnum() and text[end].isalnum()
    return run.group(0) if inside else " "

"""Whitespace the theme's templates leave between tags, squeezed out of every written page.

Material indents its templates generously: on a story page a third of the bytes are blank lines
and indentation, most of them in the nav. A run of whitespace holding a line break renders as
one space, so it becomes one line break, except inside the elements that keep whitespace
(`pre`, `code`, `kbd`, `textarea`, `script`, `style`), which are copied unchanged.
"""

from __future__ import annotations

import re

_KEPT = ("pre", "code", "kbd", "textarea", "script", "style")
_OPEN = re.compile(r"<(" + "|".join(_KEPT) + r")\b", re.I)
_CLOSE = {name: re.compile(rf"</{name}\s*>", re.I) for name in _KEPT}
_BLANK = " \t\r"  # not str.strip()'s default: a no-break space is content


def squeeze_whitespace(html: str) -> str:
    """The same page with each whitespace run holding a line break reduced to one line break.

    Linear in the page: each kept element's end is searched for once, and an element whose
    end tag never comes (`<code>x` repeated in a story) is not searched for again.
    """
    parts: list[str] = []
    pos = 0
    unclosed: set[str] = set()
    for opened in _OPEN.finditer(html):
        name = opened.group(1).lower()
        if opened.start() < pos or name in unclosed:
            continue
        closed = _CLOSE[name].search(html, opened.end())
        if closed is None:
            unclosed.add(name)
            continue
        parts.append(_squeeze(html[pos : opened.start()]))
        parts.append(html[opened.start() : closed.end()])
        pos = closed.end()
    parts.append(_squeeze(html[pos:]))
    return "".join(parts)


def _squeeze(text: str) -> str:
    """Line by line (twice as fast as a regex): strip each line, drop the blank ones."""
    pieces = text.split("\n")
    if len(pieces) == 1:
        return text
    first, *middle, last = pieces
    lines = [first.rstrip(_BLANK)]
    lines += [line for line in (m.strip(_BLANK) for m in middle) if line]
    lines.append(last.lstrip(_BLANK + "\n"))
    return "\n".join(lines)

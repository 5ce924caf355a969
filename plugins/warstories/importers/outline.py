"""A Markdown document cut at its headings (ATX or underlined, none inside code fences) into sections."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+(.*)$")


@dataclass
class Section:
    """A heading and the lines under it, down to the next heading of any level."""

    level: int  # 0: the text before the first heading
    heading: str  # as written, without the #s
    line: int  # file line of the heading
    lines: list[str] = field(default_factory=list)
    kind: str | None = None  # what the reader of a format makes of it

    @property
    def text(self) -> str:
        return "\n".join(self.lines).strip()


def sections(text: str, offset: int = 0) -> list[Section]:
    """The text before the first heading (level 0), then one section per heading.

    `offset` is the number of file lines before `text` (a front-matter block).
    """
    lines = text.split("\n")
    found = [Section(0, "", 1 + offset)]
    fence: str | None = None
    for number, line in enumerate(lines, 1):
        opened = _FENCE.match(line)
        if opened:
            mark = opened[1][0]
            fence = None if fence == mark else fence or mark
        if fence is None and not opened:
            atx = _ATX.match(line)
            if atx:
                found.append(Section(len(atx[1]), atx[2].strip(), number + offset))
                continue
            underline = _SETEXT.match(line)
            current = found[-1]
            if underline and current.lines and _could_be_heading(current.lines[-1]):
                heading = current.lines.pop()
                level = 1 if underline[1][0] == "=" else 2
                found.append(Section(level, heading.strip(), number - 1 + offset))
                continue
        found[-1].lines.append(line)
    return found


def _could_be_heading(line: str) -> bool:
    """A paragraph line, which a `===` or `---` line below makes a heading."""
    return bool(line.strip()) and not LIST_ITEM.match(line) and "|" not in line

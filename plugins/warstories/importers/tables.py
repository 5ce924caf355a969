"""Markdown pipe tables in imported documents, read into a header and rows of cell texts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from warstories.importers.text import plain

_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[str]]

    def columns(self, *names: str) -> list[int]:
        """The indexes of the columns whose header is one of `names` (any case, no markup)."""
        wanted = set(names)
        found = []
        for index, title in enumerate(self.header):
            key = re.sub(r"\s*\(.*?\)", "", plain(title).lower()).strip(" :*")
            if key in wanted or plain(title).lower().strip(" :*") in wanted:
                found.append(index)
        return found


def _cells(line: str) -> list[str]:
    text = line.strip()
    text = text[1:] if text.startswith("|") else text
    text = text[:-1] if text.endswith("|") and not text.endswith("\\|") else text
    return [c.strip() for c in re.split(r"(?<!\\)\|", text)]


def read_table(lines: list[str]) -> Table | None:
    """The first pipe table among `lines` (a header row, a `---` row, then rows), if any."""
    for index in range(len(lines) - 1):
        if lines[index].strip().startswith("|") and _SEPARATOR.match(lines[index + 1]):
            header = _cells(lines[index])
            rows = []
            for line in lines[index + 2 :]:
                if not line.strip().startswith("|"):
                    break
                rows.append(_cells(line))
            return Table(header, rows)
    return None

"""Long story lists split into pages of a readable length, and where each page of a list lives.

A list's first page keeps the list's own address (`tags/postgres.md`), so links to it never
change as the site grows; page k lives beside it (`tags/postgres/page-k.md`).
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

PAGE_SIZE = 100  # stories per page: about 60 KB of HTML, a few minutes of scrolling


def page_src(first: str, number: int) -> str:
    """The source path of page `number` (from 1) of the list whose first page is `first`."""
    if number == 1:
        return first
    stem = first[:-3] if first.endswith(".md") else first
    if posixpath.basename(stem) == "index":
        stem = posixpath.dirname(stem)
    return f"{stem}/page-{number}.md" if stem else f"page-{number}.md"


def chunks(items: Sequence[T], size: int = PAGE_SIZE) -> list[Sequence[T]]:
    """`items` cut into runs of `size`; an empty list is one empty page."""
    return [items[start : start + size] for start in range(0, len(items), size)] or [items[:0]]


@dataclass(frozen=True)
class Pager:
    """One page of a list: which page it is, how many there are, and which items it shows."""

    first: str  # the source path of page 1
    number: int
    count: int
    start: int  # the first item shown, from 1
    end: int  # the last item shown
    total: int

    @property
    def src(self) -> str:
        return page_src(self.first, self.number)

    @property
    def previous(self) -> str | None:
        return page_src(self.first, self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return page_src(self.first, self.number + 1) if self.number < self.count else None

    @property
    def pages(self) -> list[tuple[int, str]]:
        return [(k, page_src(self.first, k)) for k in range(1, self.count + 1)]

    def title(self, title: str) -> str:
        """The list's title, with the page number on every page but the first."""
        return title if self.number == 1 else f"{title} (page {self.number} of {self.count})"


def paged(first: str, items: Sequence[T], size: int = PAGE_SIZE) -> list[tuple[Pager, Sequence[T]]]:
    """Each page of `items` with its pager."""
    parts = chunks(items, size)
    shown = []
    for number, part in enumerate(parts, start=1):
        start = (number - 1) * size
        pager = Pager(first, number, len(parts), start + 1, start + len(part), len(items))
        shown.append((pager, part))
    return shown

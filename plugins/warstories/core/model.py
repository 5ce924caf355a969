"""The story model: plain frozen values that every other module shares, with no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from warstories.core.vocabularies import ActionStatus, Severity

Level = Literal["error", "warning", "note"]  # a note informs: never fails a build or check


@dataclass(frozen=True, order=True)
class PartialDate:
    """When it happened, to the precision the authors remember: a year, a month or a day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        return text

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one story file, said so a contributor knows where and what to do."""

    path: str
    line: int | None
    level: Level
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.level}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.level == "error"

    @property
    def is_warning(self) -> bool:
        return self.level == "warning"

    @property
    def is_note(self) -> bool:
        return self.level == "note"


@dataclass(frozen=True)
class Cost:
    amount: float | None = None
    currency: str | None = None
    text: str | None = None

    def __str__(self) -> str:
        if self.text is not None:
            return self.text
        amount = f"{self.amount:,.0f}" if self.amount is not None else "?"
        return f"{amount} {self.currency or ''}".strip()


@dataclass(frozen=True)
class Impact:
    duration_minutes: int | None = None
    users: str | None = None
    cost: Cost | None = None
    summary: str | None = None

    @property
    def duration_text(self) -> str | None:
        return format_minutes(self.duration_minutes) if self.duration_minutes is not None else None

    def is_empty(self) -> bool:
        return not (self.duration_minutes is not None or self.users or self.cost or self.summary)


@dataclass(frozen=True)
class TimelineEntry:
    at: str
    event: str


@dataclass(frozen=True)
class ActionItem:
    text: str
    status: ActionStatus = "open"
    link: str | None = None


@dataclass(frozen=True)
class Story:
    """One published or draft war story, normalised from its front matter and body."""

    path: str  # relative to the stories folder, with forward slashes
    slug: str
    title: str
    description: str
    category: str
    body: str = ""
    body_line: int = 1  # the file line where the body starts
    date: PartialDate | None = None
    severity: Severity | None = None
    tags: tuple[str, ...] = ()
    lessons: tuple[str, ...] = ()
    image: str | None = None  # relative to the stories folder
    imagealt: str | None = None
    authors: tuple[str, ...] = ()
    impact: Impact = field(default_factory=Impact)
    detection: str | None = None
    escaped_because: tuple[str, ...] = ()
    contributing: tuple[str, ...] = ()
    trigger: str | None = None
    resolution: str | None = None
    timeline: tuple[TimelineEntry, ...] = ()
    action_items: tuple[ActionItem, ...] = ()
    related: tuple[str, ...] = ()
    recurrence_of: str | None = None
    featured: bool = False
    draft: bool = False
    source: str | None = None
    key_lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)
    # hide, search and template as given and checked: the front matter MkDocs and Material act on
    theme_meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def tag_slugs(self) -> tuple[str, ...]:
        return tuple(slugify(t) for t in self.tags)

    @property
    def sort_key(self) -> tuple[tuple[int, int, int], str]:
        """Newest first when sorted in reverse; undated stories sort last."""
        return (self.date.sort_key if self.date else (0, 0, 0), self.slug)


_SLUG_DROP = re.compile(r"[^\w\s-]", re.UNICODE)
_SLUG_DASH = re.compile(r"[\s_-]+", re.UNICODE)


def slugify(text: str) -> str:
    """A URL-safe, lowercase slug that keeps Unicode letters, so non-English tags still work."""
    slug = _SLUG_DASH.sub("-", _SLUG_DROP.sub("", text.strip().lower())).strip("-")
    return slug or "tag"


def format_minutes(minutes: int) -> str:
    hours, mins = divmod(minutes, 60)
    if hours and mins:
        return f"{hours}h{mins:02d}m"
    return f"{hours}h" if hours else f"{mins}m"

"""What a reader of one source format found for one story, before the category and file are chosen."""

from __future__ import annotations

from dataclasses import dataclass, field

from warstories.core.model import ActionItem, PartialDate, TimelineEntry


@dataclass(frozen=True)
class Failure:
    """A source file, or a place in it, that could not be read: said with its file and line."""

    origin: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.origin}:{self.line}" if self.line else self.origin
        return f"{where}: {self.message}"


@dataclass
class Entry:
    """One story as read from a source; `to_write` says what a writer must still do (a draft)."""

    origin: str  # the source file as shown to the user
    line: int  # where the story starts in it
    title: str | None = None
    title_is_ours: bool = False  # made up here from other fields: not the source's words
    description: str | None = None
    body: str = ""
    appendix: str = ""  # the source's own details, after the body; not read for the category
    date: PartialDate | None = None
    duration_minutes: int | None = None
    severity: str | None = None
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    source: str | None = None
    other_urls: list[str] = field(default_factory=list)  # also this story, for duplicate checks
    category_words: list[str] = field(default_factory=list)  # the source's own categories
    lessons: list[str] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    action_items: list[ActionItem] = field(default_factory=list)
    trigger: str | None = None
    resolution: str | None = None
    detection: str | None = None
    impact_summary: str | None = None
    to_write: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The words a category is chosen from."""
        title = None if self.title_is_ours else self.title
        parts = [title, self.description, self.trigger, self.impact_summary, self.body]
        parts += self.tags + self.lessons
        return "\n".join(p for p in parts if p)

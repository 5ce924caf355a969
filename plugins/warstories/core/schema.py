"""The shape of a story's front matter, validated by pydantic; vocabularies are checked in parse."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, StringConstraints

from warstories.core.vocabularies import ActionStatus

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class TimelineIn(_Strict):
    at: Text
    event: Text


class ActionItemIn(_Strict):
    text: Text
    status: ActionStatus = "open"
    link: Text | None = None


class ImpactIn(_Strict):
    duration: Any = None  # `3h20m`, `90m` or minutes as a number: parsed in parse.py
    users: Any = None  # a number or a text
    cost: Any = None  # {amount, currency} or a text
    summary: Text | None = None


class FrontMatter(BaseModel):
    """Every key a story may carry; keys MkDocs and Material know pass through as extras."""

    model_config = ConfigDict(strict=True, extra="allow", frozen=True)

    title: Text
    description: Text
    category: Text | None = None
    date: Any = None  # `YYYY-MM-DD`, `YYYY-MM`, `YYYY` or a YAML date: parsed in parse.py
    severity: Text | None = None
    tags: list[Text] = []
    lessons: list[Text] = []
    image: Text | None = None
    imagealt: Text | None = None
    authors: list[Text] = []
    impact: ImpactIn | None = None
    detection: Text | None = None
    escaped_because: list[Text] = []
    contributing: list[Text] = []
    trigger: Text | None = None
    resolution: Text | None = None
    timeline: list[TimelineIn] = []
    action_items: list[ActionItemIn] = []
    related: list[Text] = []
    recurrence_of: Text | None = None
    featured: bool = False
    draft: bool = False
    source: Text | None = None


KNOWN_KEYS = frozenset(FrontMatter.model_fields)

# Keys MkDocs, Material and common plugins understand: they pass through without a warning.
PASSTHROUGH_KEYS = frozenset(
    {
        "hide",
        "search",
        "template",
        "status",
        "icon",
        "subtitle",
        "tags_extra",
        "comments",
        "social",
        "robots",
        "canonical_url",
        "title_template",
        "nav_title",
        "toc_depth",
    }
)

# Where the schema wants text: a plain YAML 1.1 scalar read as a bool, number or date here is
# a surprise the author should hear about. "*" stands for any list index.
TEXT_PATHS = frozenset(
    {
        ("title",),
        ("description",),
        ("category",),
        ("severity",),
        ("image",),
        ("imagealt",),
        ("detection",),
        ("trigger",),
        ("resolution",),
        ("recurrence_of",),
        ("source",),
        ("tags", "*"),
        ("lessons", "*"),
        ("authors", "*"),
        ("escaped_because", "*"),
        ("contributing", "*"),
        ("related", "*"),
        ("timeline", "*", "at"),
        ("timeline", "*", "event"),
        ("action_items", "*", "text"),
        ("action_items", "*", "link"),
        ("impact", "summary"),
    }
)

LIST_KEYS = frozenset(
    k for k, f in FrontMatter.model_fields.items() if str(f.annotation).startswith("list")
)

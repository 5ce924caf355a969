"""What a generated page is, before and after rendering: kept apart so page makers need no renderer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class GeneratedPage:
    """A page the site makes from the catalog: where it goes, its title and its HTML."""

    src_uri: str
    title: str
    html: str
    description: str = ""


@dataclass(frozen=True)
class PageSpec:
    """A page to render: where it goes, its template, title, description and template context."""

    src_uri: str
    template: str
    title: str
    description: str = ""
    context: dict[str, Any] = field(default_factory=dict)

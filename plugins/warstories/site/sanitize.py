"""Story HTML with only what Markdown makes, for sites that set `sanitize: true`.

nh3 (the Ammonia sanitiser, maintained and fast) keeps text, structure, links, images, tables,
code highlighting and heading anchors; it drops scripts, frames, forms, styles, event
handlers and every URL that is not http(s), mailto or relative.
"""

from __future__ import annotations

import nh3

_TAGS = set(nh3.ALLOWED_TAGS) | {
    "details", "summary", "span", "div", "figure", "figcaption", "mark", "kbd", "sup", "sub",
    "abbr", "dl", "dt", "dd", "hr", "br", "img", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "th": {"style", "align"},
    "td": {"style", "align"},
    "ol": {"start"},
    "details": {"open"},
}


def sanitize(html: str) -> str:
    """`html` (a story's body as Markdown made it) without active content."""
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        filter_style_properties={"text-align"},
        link_rel="noopener",
    )

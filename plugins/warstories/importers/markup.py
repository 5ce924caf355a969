"""Values from another tool's metadata written into a story body as inert Markdown text."""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#|])")


def md_text(value: object) -> str:
    """One line of literal text: no HTML, no Markdown emphasis, links or headings from it."""
    line = " ".join(str(value).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(line, quote=False))


def web_url(value: object) -> str | None:
    """The value when it is an http(s) address without spaces or brackets, else None."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or re.search(r"[\s<>\"'`]", text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    return text if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def md_link(value: object) -> str:
    """A web address as an autolink; anything else as literal text."""
    url = web_url(value)
    return f"<{url}>" if url else md_text(value)


def url_key(url: str) -> str:
    """The same address however it was written: no scheme, `www.`, fragment or trailing slash."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{path}{query}"

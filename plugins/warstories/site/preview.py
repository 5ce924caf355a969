"""What the local preview shows for a story with errors: its front matter as inert text, then its body."""

from __future__ import annotations

import html
from pathlib import Path


def preview_source(data: bytes) -> str:
    """Markdown for a broken story's preview page; never raises, whatever the bytes are."""
    text = data.decode("utf-8-sig", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return text
    front, body = text, ""  # an unclosed block: all of it is shown as text
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            front, body = "\n".join(lines[: index + 1]), "\n".join(lines[index + 1 :])
            break
    return f'<pre class="ws-source">{html.escape(front)}</pre>\n\n{body}'


def preview_file(path: str | Path) -> str:
    """The preview Markdown of a story file, or an empty page when it cannot be read."""
    try:
        return preview_source(Path(path).read_bytes())
    except OSError:
        return ""

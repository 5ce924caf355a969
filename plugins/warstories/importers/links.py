"""Lists of public postmortems (`[Company](url). One or two sentences.`): one draft story per entry."""

from __future__ import annotations

import re

from warstories.core.scaffold import SECTIONS
from warstories.importers.entry import Entry, Failure
from warstories.importers.markup import md_text, web_url
from warstories.importers.text import first_sentence, html_to_markdown, plain, shorten

_ENTRY = re.compile(
    r"^\s{0,3}(?:[-*+]\s+|\d+[.)]\s+)?\[([^\]]+)\]\(\s*(?:<([^>]*)>|([^)\s]*))(?:\s+\"[^\"]*\")?\s*\)(.*)$"
)
_MORE_LINKS = re.compile(r"^\s*\((?:\s*\[[^\]]*\]\([^)]*\)\s*[,;]?)+\s*\)")
_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+\S")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
TO_WRITE = "drafted from a list entry: write the story from its source, then delete `draft: true`"


def read(text: str, origin: str) -> list[Entry | Failure]:
    """One entry per `[name](url)` line; list items without a link are reported by line."""
    found: list[Entry | Failure] = []
    lines = text.split("\n")
    heading = ""
    current: tuple[int, str, str, list[str]] | None = None  # line, name, url, text lines

    def finish() -> None:
        if current is not None:
            found.append(_entry(origin, heading, *current))

    for number, line in enumerate(lines, 1):
        match = _ENTRY.match(line)
        head = _HEADING.match(line)
        if match:
            finish()
            url = (match[2] if match[2] is not None else match[3]).strip().replace(" ", "%20")
            current = (number, match[1], url, [match[4]])
        elif head:
            finish()
            current = None
            heading = plain(head[2])
        elif not line.strip():
            finish()
            current = None
        elif current is not None and not _ITEM.match(line):
            current[3].append(line)
        elif _ITEM.match(line):
            finish()
            current = None
            found.append(
                Failure(
                    origin,
                    number,
                    "a list item without a `[name](https://…)` link first: not a postmortem entry",
                )
            )
    finish()
    return found


def _entry(
    origin: str, heading: str, line: int, name: str, url: str, rest: list[str]
) -> Entry | Failure:
    link = web_url(url)
    if link is None:
        return Failure(origin, line, f"the link of {plain(name)!r} is not a web address ({url!r})")
    name = plain(name)
    text = html_to_markdown(" ".join(rest))
    more = _MORE_LINKS.match(text)  # `[Name](url) ([archive](url2), [thread](url3)). …`
    others = [u for u in re.findall(r"\]\(\s*<?([^)\s>]+)", more[0]) if web_url(u)] if more else []
    text = text[more.end() :] if more else text
    words = plain(text).lstrip(".:;,-\u2013\u2014 ").strip()
    entry = Entry(origin, line, source=link, other_urls=others)
    entry.to_write.append(TO_WRITE)
    if words:
        entry.description = first_sentence(words)
        entry.title = shorten(f"{name}: {first_sentence(words, 80).rstrip('.')}", 120)
    else:
        entry.title = name
        entry.title_is_ours = True
    body = [md_text(words) if words else "", f"Source: <{link}>"]
    body += [f"Also: <{url}>" for url in others]
    if heading:
        body.append(f"Listed under “{md_text(heading)}”.")
    entry.body = "\n\n".join(b for b in body if b) + "\n"
    entry.appendix = "\n\n".join(f"## {title}\n\n<!-- {hint} -->" for title, hint in SECTIONS)
    return entry

"""Active content in a story: HTML that runs script, embeds pages or acts for the reader.

Markdown lets raw HTML through, and on a Pages site a story's script runs on the origin the
organisation's other sites share. `warstories check` warns with the line so a reviewer
decides (`warstories: allow` on the line keeps it); a site can also set `sanitize: true`.
Every pattern here stops at the next `<`, `>`, `{` or `}`, so a line is scanned about once.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

_ELEMENT = re.compile(
    r"<\s*(script|iframe|frame|frameset|object|embed|applet|form|base|meta|svg)\b([^<>]*)", re.I
)
_HANDLER_IN_TAG = re.compile(r"<[A-Za-z][^<>]*?[\s/\"'](on[a-z]+)\s*=", re.I)
_HANDLER_IN_ATTR_LIST = re.compile(r"\{[^{}]*?(?<![\w-])(on[a-z]+)\s*=", re.I)
_URL = re.compile(
    r"(?:\]\(\s*<?|^\s{0,3}\[[^\]]*\]:\s*<?|<|(?:href|src|action|formaction|poster|data|"
    r"srcset|background|xlink:href|content)\s*=\s*[\"']?(?:\d+\s*;\s*url\s*=\s*)?)\s*"
    r"(javascript|vbscript|data)\s*:",
    re.I,
)
_REFRESH = re.compile(r"http-equiv\s*=\s*[\"']?\s*refresh", re.I)
_URL_NOISE = str.maketrans("", "", "\t\n\r")  # browsers drop these inside a URL scheme

_WHY = {
    "script": "a <script> element runs code for every reader on the site's origin; remove it",
    "iframe": "an <iframe> embeds another page in the story; link to it instead",
    "frame": "a <frame> embeds another page in the story; link to it instead",
    "frameset": "a <frameset> replaces the page with other pages; remove it",
    "object": "an <object> embeds a plugin or page; link to it instead",
    "embed": "an <embed> embeds a plugin or page; link to it instead",
    "applet": "an <applet> embeds a plugin; remove it",
    "form": "a <form> sends what readers type to another address; remove it",
    "base": "a <base> element redirects every relative link of the page; remove it",
}
_ALLOW = "(or, if a reviewer agrees it is safe, add `warstories: allow` on the line above)"


def active_content(line: str) -> Iterator[str]:
    """A warning message for each piece of active content in one line of Markdown or SVG."""
    if "<" in line:
        for element in _ELEMENT.finditer(line):
            name = element.group(1).lower()
            if name in _WHY:
                yield f"active content: {_WHY[name]} {_ALLOW}"
            elif name == "meta" and _REFRESH.search(element.group(2)):
                yield (
                    "active content: <meta http-equiv=refresh> sends readers to another page; "
                    f"remove it {_ALLOW}"
                )
        for handler in _HANDLER_IN_TAG.finditer(line):
            yield _handler(handler.group(1))
    if "{" in line:
        for handler in _HANDLER_IN_ATTR_LIST.finditer(line):
            yield _handler(handler.group(1)) + " (set through `{: … }`)"
    text = html.unescape(line).translate(_URL_NOISE) if "&" in line else line
    if ":" in text:
        for url in _URL.finditer(text):
            scheme = url.group(1).lower()
            yield (
                f"active content: a `{scheme}:` URL runs code or shows an unchecked page when "
                f"followed; link to an https address instead {_ALLOW}"
            )


def _handler(name: str) -> str:
    return (
        f"active content: the event-handler attribute `{name.lower()}` runs code in readers' "
        f"browsers; remove it {_ALLOW}"
    )

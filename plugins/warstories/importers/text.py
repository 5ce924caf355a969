"""Imported prose made fit for a story: HTML turned into Markdown, first sentences, one-line texts."""

from __future__ import annotations

import html
import re

from markdownify import MarkdownConverter

_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>")
_BLOCK_START = re.compile(r"^\s{0,3}([-*+]\s|\d+[.)]\s|#|\|)")
_SPACES = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "vs.", "approx.", "Inc.", "Ltd.", "Co.", "St.", "No.")
MAX_DESCRIPTION = 300


class _Converter(MarkdownConverter):
    """markdownify, dropping what must never reach a page: scripts, styles and embedded frames."""

    def convert_script(self, el, text, *args, **kwargs) -> str:
        return ""

    convert_style = convert_script
    convert_iframe = convert_script
    convert_object = convert_script
    convert_embed = convert_script

    def escape(self, text: str, parent_tags) -> str:
        """Text of the HTML stays text: `&lt;script&gt;` must not come back as a tag."""
        return html.escape(super().escape(text, parent_tags), quote=False)

    def convert_img(self, el, text, *args, **kwargs) -> str:
        alt = el.attrs.get("alt") or ""
        return f"(image: {alt})" if alt else ""


_CONVERT = _Converter(
    heading_style="ATX",
    bullets="-",
    escape_asterisks=False,
    escape_underscores=False,
    escape_misc=False,
)


# A Markdown link or image whose target has a scheme other than http(s) or mailto.
_UNSAFE_LINK = re.compile(
    r"(!?)\[([^\]]*)\]\(\s*<?\s*(?!https?:|mailto:)[A-Za-z][A-Za-z0-9+.-]*:[^()]*(?:\([^()]*\)[^()]*)*\)"
)


def safe_links(text: str) -> str:
    """Links to `javascript:`, `data:` and other schemes from another site become their words."""
    return _UNSAFE_LINK.sub(lambda m: m[2], text)


def has_html(text: str) -> bool:
    return bool(_TAG.search(text))


def html_to_markdown(text: str) -> str:
    """Markdown for text that holds HTML tags; paragraphs without tags are left as they are.

    Raw HTML from another site would otherwise pass through MkDocs into our pages, scripts
    included. Each blank-line block with a tag is converted; list and table blocks line by line,
    so their Markdown survives.
    """
    if not has_html(text):
        return safe_links(text)
    blocks = re.split(r"\n[ \t]*\n", text)
    out = []
    for block in blocks:
        if not has_html(block):
            out.append(block)
        elif all(_BLOCK_START.match(line) or not line.strip() for line in block.split("\n")):
            out.append("\n".join(_convert(line, keep_marker=True) for line in block.split("\n")))
        else:
            out.append(_convert(block))
    return safe_links("\n\n".join(b for b in out if b.strip()) + "\n")


def _convert(text: str, keep_marker: bool = False) -> str:
    if not has_html(text):
        return text
    marker = ""
    if keep_marker:
        found = _BLOCK_START.match(text)
        if found and not text.lstrip().startswith("|"):
            marker, text = text[: found.end()], text[found.end() :]
    converted = _CONVERT.convert(text).strip()
    return marker + converted


# A link or image: `[^\[\]]` and `[^()]` stop at the next bracket, so each is scanned once.
_LINK = re.compile(r"!?\[([^\[\]]*)\]\([^()]*\)")


def plain(text: str) -> str:
    """One line of plain text: tags dropped, entities decoded, Markdown links reduced to words."""
    text = html_to_markdown(text) if has_html(text) else text
    text = _LINK.sub(r"\1", text)
    text = re.sub(r"[*_`]{1,3}([^*_`]+)[*_`]{1,3}", r"\1", text)
    return _SPACES.sub(" ", html.unescape(text)).strip()


def first_sentence(text: str, limit: int = MAX_DESCRIPTION) -> str:
    """The first sentence of a text, as one line; cut at a word when it runs past `limit`."""
    line = plain(text)
    for match in _SENTENCE_END.finditer(line):
        head = line[: match.start()].rstrip()
        if not head.endswith(_ABBREVIATIONS) and not re.search(r"\b[A-Z]\.$", head):
            line = head
            break
    if len(line) > limit:
        cut = line[:limit].rsplit(" ", 1)[0].rstrip(",;:-")
        line = cut + "…"
    return line


def shorten(text: str, limit: int) -> str:
    line = plain(text)
    if len(line) <= limit:
        return line
    return line[:limit].rsplit(" ", 1)[0].rstrip(",;:-") + "…"

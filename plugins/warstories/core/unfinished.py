"""Warnings for a published story that still holds the scaffold's placeholders or empty sections."""

from __future__ import annotations

import re

from warstories.core.model import Problem, Story
from warstories.core.scaffold import PLACEHOLDER_DESCRIPTION, PLACEHOLDER_TITLE, PLACEHOLDERS

_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def unfinished(story: Story) -> list[Problem]:
    """Placeholders left from `warstories new` and headings with nothing under them.

    Drafts are work in progress and are not checked; the warnings come when `draft: true` goes.
    """
    if story.draft:
        return []
    found: list[Problem] = []

    def warn(line: int | None, message: str) -> None:
        found.append(Problem(story.path, line, "warning", message))

    if story.title == PLACEHOLDER_TITLE:
        warn(
            story.key_lines.get("title"),
            "title: still the placeholder from `warstories new`: say what broke in a few plain words",
        )
    if story.description == PLACEHOLDER_DESCRIPTION:
        warn(
            story.key_lines.get("description"),
            "description: still the placeholder from `warstories new`: write one sentence on "
            "what broke, who noticed and what it cost",
        )
    values = {"lessons": story.lessons, "imagealt": (story.imagealt or "",)}
    for key, placeholder in PLACEHOLDERS.items():
        if placeholder in values.get(key, ()):
            warn(
                story.key_lines.get(key),
                f"{key}: {placeholder!r} is the example from `warstories new`: replace it",
            )
    for line, heading in _empty_sections(story.body):
        warn(
            story.body_line + line,
            f'the section "{heading}" is empty: write it, or delete the heading if the story '
            "does not need it",
        )
    return found


def _empty_sections(body: str) -> list[tuple[int, str]]:
    """(0-based line, heading text) of each heading with only blanks or comments before the next."""
    headings: list[tuple[int, int, str]] = []  # (line, level, text)
    fence: str | None = None
    lines = body.split("\n")
    for number, text in enumerate(lines):
        opened = _FENCE.match(text)
        if opened:
            marker = opened.group(1)
            if fence is None:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = None
            continue
        if fence is None:
            match = _HEADING.match(text)
            if match:
                headings.append((number, len(match.group(1)), match.group(2)))
    empty = []
    for index, (line, level, heading) in enumerate(headings):
        following = headings[index + 1] if index + 1 < len(headings) else None
        end = following[0] if following else len(lines)
        content = _COMMENT.sub("", "\n".join(lines[line + 1 : end]))
        if content.strip():
            continue
        if following is not None and following[1] > level:
            continue  # its subsections hold the text, and are checked themselves
        empty.append((line, heading))
    return empty

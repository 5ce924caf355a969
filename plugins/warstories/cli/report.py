"""Problems printed for people (text), programs (json) and GitHub pull requests (annotations)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from warstories.core.characters import one_line
from warstories.core.model import Problem

if TYPE_CHECKING:
    from warstories.search.index import Results


def summary(
    problems: Sequence[Problem], checked: int, counts: Mapping[str, int] | None = None
) -> str:
    """One line: files checked, how they split (published, drafts, with errors), problems."""
    errors = sum(p.is_error for p in problems)
    warnings = sum(p.is_warning for p in problems)  # notes only inform
    split = ""
    if counts is not None:
        split = (
            f"{counts.get('published', 0)} published, {counts.get('drafts', 0)} drafts, "
            f"{counts.get('with_errors', 0)} with errors; "
        )
    return f"{checked} files checked: {split}{errors} errors, {warnings} warnings"


def format_problems(
    problems: Sequence[Problem],
    checked: int,
    fmt: str = "text",
    counts: Mapping[str, int] | None = None,
) -> str:
    """`counts` (published, drafts, with_errors) go into the JSON, which scripts read."""
    if fmt == "json":
        return (
            json.dumps(
                {
                    "checked": checked,
                    **(counts or {}),
                    "errors": sum(p.is_error for p in problems),
                    "warnings": sum(p.is_warning for p in problems),
                    "notes": sum(p.is_note for p in problems),
                    "problems": [
                        {"path": p.path, "line": p.line, "level": p.level, "message": p.message}
                        for p in problems
                    ],
                },
                indent=1,
                ensure_ascii=False,
            )
            + "\n"
        )
    if fmt == "github":
        lines = [_annotation(p) for p in problems]
        return "".join(line + "\n" for line in [*lines, summary(problems, checked, counts)])
    lines = [_one_line(str(p)) for p in problems]
    return "".join(line + "\n" for line in [*lines, summary(problems, checked, counts)])


def _one_line(text: str) -> str:
    """One problem per line even when a value quoted in the message holds a line break."""
    return one_line(text)


def _annotation(problem: Problem) -> str:
    """`::error file=…,line=…::message` (`::notice` for a note), escaped as GitHub's workflow
    commands require."""
    props = f"file={_escape_property(problem.path)}"
    if problem.line:
        props += f",line={problem.line}"
    command = "notice" if problem.is_note else problem.level
    return f"::{command} {props}::{_escape_data(problem.message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_results(results: Results, as_json: bool = False, prefix: str = "") -> str:
    """The CLI's output: numbered results with path, category, score and snippet, or JSON.

    `prefix` leads each story path (the stories folder as the user sees it).
    """
    if as_json:
        return json.dumps(
            {
                "query": results.query,
                "total": results.total,
                "suggestion": results.suggestion,
                "results": [h.as_dict() | {"path": prefix + h.path} for h in results.hits],
            },
            ensure_ascii=False,
            indent=1,
        )
    if not results.hits:
        hint = f" Did you mean: {results.suggestion}" if results.suggestion else ""
        return f"No stories match.{hint}"
    lines = []
    for n, hit in enumerate(results.hits, 1):
        facts = " · ".join(x for x in (hit.category_label, hit.severity.upper(), hit.date) if x)
        lines.append(f"{n}. {hit.title}  [{facts}]  score {hit.score:.2f}")
        lines.append(f"   {prefix}{hit.path}")
        if hit.snippet:
            lines.append(f"   {hit.snippet}")
    shown = len(results.hits)
    more = f" (showing {shown}; use --limit for more)" if results.total > shown else ""
    lines.append(f"{results.total} {'story' if results.total == 1 else 'stories'} found{more}")
    return "\n".join(lines)

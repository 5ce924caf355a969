"""Every text pattern of ours runs in linear time: each on 1 MB of its worst case.

The bound (10 s) is a safety net far above the real times (benchmarks/bench_hostile.py has
them): a quadratic pattern takes minutes to hours on these inputs, so it fails here, while a
slow machine does not. Markdown rendering is not ours: what would stall it is refused by
the limits first (tests/test_bad_input.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from warstories.analysis import classify, incident_times, related
from warstories.analysis.plaintext import _HTML_TAG
from warstories.analysis.synonyms import QUERY_TOKEN
from warstories.core.limits import body_problems
from warstories.core.lint import lint_text
from warstories.core.model import slugify
from warstories.core.parse import _DURATION_PART, parse_story
from warstories.core.taxonomy import Taxonomy
from warstories.importers.duplicates import _without_comments
from warstories.importers.text import plain
from warstories.site.htmlsize import squeeze_whitespace

MB = 1_000_000
BOUND = 10.0
TAXONOMY = Taxonomy.default()


def _times(unit: str) -> str:
    return unit * (MB // len(unit))


def _story_with(front: str = "", body: str = "") -> bytes:
    return f"---\ntitle: T\ndescription: D.\n{front}---\n{body}".encode()


# name -> a call on 1 MB of the input that was (or could be) quadratic for it
WORST: dict[str, Callable[[], object]] = {
    "plaintext tag, unclosed <a": lambda: _HTML_TAG.findall(_times("<a ")),
    "plaintext tag, < run": lambda: _HTML_TAG.findall(_times("<")),
    "htmlsize, unclosed <code>": lambda: squeeze_whitespace(_times("<code>x \n ")),
    "htmlsize, <pre run": lambda: squeeze_whitespace(_times("<pre")),
    "lint, JWT starts": lambda: lint_text("a.md", _times("eyJa-")),
    "lint, Slack starts": lambda: lint_text("a.md", _times("xoxa-")),
    "lint, GitHub token starts": lambda: lint_text("a.md", _times("github_pat_")),
    "lint, backtick run": lambda: lint_text("a.md", "fault " + _times("`")),
    "lint, backtick pairs": lambda: lint_text("a.md", "fault " + _times("``a")),
    "lint, blame word run": lambda: lint_text("a.md", "fault " + _times("a-")),
    "lint, email domain": lambda: lint_text("a.md", "a@" + _times("a-")),
    "lint, email labels": lambda: lint_text("a.md", _times("a@a.")),
    "lint, IPv4 shape": lambda: lint_text("a.md", _times("1.1.1.1.")),
    "lint, IPv6 shape": lambda: lint_text("a.md", _times(":a:")),
    "lint, assignment": lambda: lint_text("a.md", "token=" + _times("a.a") + "!"),
    "lint, fences": lambda: lint_text("a.md", _times("```\n")),
    "parse, duration digits": lambda: _DURATION_PART.findall(_times("1")),
    "parse, whole story of [": lambda: parse_story(
        "a/b.md", _story_with(body="[" * 490_000), TAXONOMY
    ),
    "limits, [ run": lambda: list(body_problems(_times("["), 1)),
    "limits, <a run": lambda: list(body_problems(_times("<a "), 1)),
    "limits, *_ run": lambda: list(body_problems(_times("*_"), 1)),
    "limits, nested tags": lambda: list(body_problems(_times("<div>"), 1)),
    "query tokens, a(": lambda: QUERY_TOKEN.findall(_times("a(")),
    "query tokens, a:": lambda: QUERY_TOKEN.findall(_times("a:")),
    "related words": lambda: related._WORD.findall("a" + _times("'")),
    "classify words": lambda: classify._WORD.findall(_times("a.")),
    "detection words": lambda: incident_times.DETECTION_WORDS.findall(_times("a")),
    "slugify": lambda: slugify(_times("-a")),
    "import, plain text of [ run": lambda: plain(_times("[")),
    "import, plain text of [a]( run": lambda: plain(_times("[a](")),
    "import, own words of <!-- run": lambda: _without_comments(_times("<!--")),
}


@pytest.mark.parametrize("name", list(WORST))
def test_worst_case_of_one_megabyte_is_linear(name: str):
    start = time.perf_counter()
    WORST[name]()
    elapsed = time.perf_counter() - start
    assert elapsed < BOUND, f"{name}: {elapsed:.1f}s on 1 MB: a pattern is not linear"

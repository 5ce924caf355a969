"""Properties of parsing and validation, checked by Hypothesis on generated input.

The parser and the validator never raise, whatever the bytes; every problem names the file
and a line inside it; and a valid story written back with `dump_story` parses to the same story.
The number of examples comes from the profile in conftest.py (1000 when CI is set).
"""

from __future__ import annotations

import calendar
import dataclasses
import string
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warstories.core import taxonomy as vocab
from warstories.core.catalog import load_catalog
from warstories.core.dump import dump_story
from warstories.core.model import (
    ActionItem,
    Cost,
    Impact,
    PartialDate,
    Severity,
    Story,
    TimelineEntry,
)
from warstories.core.parse import _MAX_MINUTES, parse_story
from warstories.core.schema import KNOWN_KEYS, PASSTHROUGH_KEYS
from warstories.core.taxonomy import Taxonomy
from warstories.core.validate import cross_check

TAXONOMY = Taxonomy.default()
CATEGORIES = TAXONOMY.slugs

# --------------------------------------------------------------------------- arbitrary input

# Words and marks that mean something to YAML, front matter or Markdown.
YAML_BITS = [
    "---", "...", ":", ": ", "- ", "? ", "#", "&a", "*a", "!!python/object/apply:os.system",
    "!!binary", "!!timestamp", "!!int", "!!set", "<<: ", "|", ">-", "[", "]", "{", "}", ",",
    '"', "'", "\\", "\t", "\n", "\r\n", "\r", "\ufeff", "\x00", "\x85", "\u2028", "%YAML 1.1",
    "no", "on", "yes", "~", "null", "3.10", "12:30", "2023-13-01", "0000-01-01", "1e400",
    ".inf", ".nan", "9" * 30, "title", "description", "category", "date", "tags", "impact",
    "duration", "cost", "amount", "timeline", "action_items", "hide", "template", "search",
    "<script>", "é", "日本", "🔥",
]  # fmt: skip

yaml_bits = st.lists(st.sampled_from(YAML_BITS) | st.text(max_size=8), max_size=40).map("".join)


@st.composite
def story_like_bytes(draw) -> bytes:
    """Mostly front-matter shaped text, sometimes broken, in one of several encodings."""
    front = draw(
        st.one_of(
            yaml_bits,
            _yaml_documents().map(
                lambda d: yaml.safe_dump(d, allow_unicode=True, default_flow_style=None)
            ),
        )
    )
    opening = draw(st.sampled_from(["---\n", "---\r\n", "\ufeff---\n", "", "--- \n"]))
    closing = draw(st.sampled_from(["\n---\n", "---\n", "\n...\n", "", "\n---"]))
    body = draw(st.text(max_size=60))
    text = opening + front + closing + body
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-16", "latin-1"]))
    return text.encode(encoding, errors="replace")


def _yaml_documents():
    keys = st.sampled_from(sorted(KNOWN_KEYS | PASSTHROUGH_KEYS)) | st.text(max_size=6)
    scalars = (
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats()
        | st.text(max_size=20)
        | st.dates()
        | st.sampled_from(YAML_BITS)
    )
    values = st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
        max_leaves=12,
    )
    return st.dictionaries(keys, values, max_size=8)


def _assert_well_formed(parsed, path: str, data: bytes) -> None:
    lines = data.count(b"\n") + 2
    assert (parsed.story is None) == any(p.is_error for p in parsed.problems)
    for problem in parsed.problems:
        assert problem.path == path
        assert problem.level in ("error", "warning")
        assert problem.message.strip()
        assert problem.line is None or 1 <= problem.line <= lines, problem
        str(problem)


@given(st.binary(max_size=400))
def test_parser_never_raises_on_any_bytes(data):
    _assert_well_formed(parse_story("scale/x.md", data, TAXONOMY), "scale/x.md", data)


@given(st.text(max_size=300))
def test_parser_never_raises_on_any_text(text):
    data = text.encode("utf-8", errors="surrogatepass")
    _assert_well_formed(parse_story("scale/x.md", data, TAXONOMY), "scale/x.md", data)


@given(story_like_bytes())
def test_parser_never_raises_on_front_matter_shaped_input(data):
    _assert_well_formed(parse_story("time/x.md", data, TAXONOMY), "time/x.md", data)


@given(st.lists(story_like_bytes(), min_size=1, max_size=6), st.booleans())
def test_validator_never_raises_across_stories(files, images_exist):
    stories = []
    for index, data in enumerate(files):
        parsed = parse_story(f"{CATEGORIES[index % 14]}/s{index % 3}.md", data, TAXONOMY)
        if parsed.story is not None:
            stories.append(parsed.story)
    for problem in cross_check(stories, lambda _path: images_exist):
        assert problem.message.strip() and problem.level in ("error", "warning")


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(story_like_bytes(), max_size=5))
def test_catalog_never_raises_and_accounts_for_every_file(tmp_path_factory, files):
    root = tmp_path_factory.mktemp("stories")
    for index, data in enumerate(files):
        path = root / CATEGORIES[index % 14] / f"s{index}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
    catalog = load_catalog(root, TAXONOMY)
    assert catalog.found == len(files)
    assert len(catalog.stories) + len(catalog.drafts) + len(catalog.broken_paths) == len(files)


# --------------------------------------------------------------------------- valid stories

PRINTABLE = st.characters(
    blacklist_categories=("Cs", "Cc", "Zl", "Zp", "Co", "Cn"), blacklist_characters="\ufeff"
)
TRICKY = [
    "no", "yes", "on", "off", "null", "~", "true", "3.10", "12:30", "2023-01-01", "0x1F",
    "- x", "# c", "&a", "*a", "!tag", "'q'", '"q"', "a: b", "[x]", "{y}", "%", "@", "`",
    ": x", "x #y", "<script>", "---", "...", "=",
]  # fmt: skip
text = (st.text(PRINTABLE, min_size=1, max_size=30) | st.sampled_from(TRICKY)).map(str.strip)
text = text.filter(bool)
multiline = st.lists(text, min_size=1, max_size=3).map("\n".join)
slug = st.text(string.ascii_lowercase + string.digits + "-", min_size=1, max_size=12).filter(
    lambda s: s.strip("-") == s
)


@st.composite
def dates(draw) -> PartialDate | None:
    year = draw(st.integers(1000, 9999))
    month = draw(st.none() | st.integers(1, 12))
    day = None
    if month is not None:
        day = draw(st.none() | st.integers(1, calendar.monthrange(year, month)[1]))
    return draw(st.none() | st.just(PartialDate(year, month, day)))


def unique(strategy, max_size=4):
    return st.lists(strategy, max_size=max_size, unique=True).map(tuple)


@st.composite
def impacts(draw) -> Impact:
    cost = draw(
        st.none()
        | st.builds(Cost, text=text)
        | st.builds(
            Cost,
            amount=st.floats(0, 1e14, allow_nan=False, allow_infinity=False),
            currency=text,
        )
    )
    return Impact(
        duration_minutes=draw(st.none() | st.integers(0, _MAX_MINUTES)),
        users=draw(st.none() | text),
        cost=cost,
        summary=draw(st.none() | multiline),
    )


@st.composite
def valid_stories(draw) -> Story:
    category = draw(st.sampled_from(CATEGORIES))
    name = draw(slug)
    body = draw(st.just("") | st.text(PRINTABLE, max_size=40).map(lambda s: "\n" + s))
    if body.strip() == "" or body[1:2].isspace() or not body[1:].split("\n")[0].strip():
        body = ""  # front matter's closing line swallows leading blank lines: they are not kept
    image = draw(st.none() | slug.map(lambda s: f"images/{s}.png"))
    return Story(
        path=f"{category}/{name}.md",
        slug=name,
        title=draw(text),
        description=draw(multiline),
        category=category,
        body=body,
        date=draw(dates()),
        severity=draw(st.none() | st.sampled_from(list(Severity))),
        tags=draw(unique(text)),
        lessons=tuple(draw(st.lists(multiline, max_size=5))),
        image=image,
        imagealt=draw(text) if image else None,
        authors=tuple(draw(st.lists(text, max_size=3))),
        impact=draw(impacts()),
        detection=draw(st.none() | st.sampled_from(vocab.DETECTIONS)),
        escaped_because=draw(unique(st.sampled_from(vocab.ESCAPE_REASONS))),
        contributing=draw(unique(st.sampled_from([c for c in CATEGORIES if c != category]))),
        trigger=draw(st.none() | text),
        resolution=draw(st.none() | multiline),
        timeline=tuple(draw(st.lists(st.builds(TimelineEntry, text, multiline), max_size=3))),
        action_items=tuple(
            draw(
                st.lists(
                    st.builds(
                        ActionItem,
                        text,
                        st.sampled_from(["open", "done", "wontfix"]),
                        st.none() | text,
                    ),
                    max_size=3,
                )
            )
        ),
        related=draw(unique(slug)),
        recurrence_of=draw(st.none() | slug),
        featured=draw(st.booleans()),
        draft=draw(st.booleans()),
        source=draw(st.none() | slug.map(lambda s: f"https://example.com/{s}")),
    )


@given(valid_stories())
def test_a_valid_story_dumped_and_parsed_again_is_the_same_story(story):
    text = dump_story(story)
    parsed = parse_story(story.path, text.encode("utf-8"), TAXONOMY)
    assert parsed.problems == (), text
    assert parsed.story is not None
    assert dataclasses.replace(parsed.story, body_line=story.body_line) == story, text
    if story.body:  # body_line is the line the body's first "\n" ends: the closing `---`
        assert text.split("\n")[parsed.story.body_line :] == story.body.split("\n")[1:]


@given(story_like_bytes())
def test_dumping_what_the_parser_accepts_is_stable(data):
    parsed = parse_story("scale/x.md", data, TAXONOMY)
    if parsed.story is None:
        return
    again = parse_story("scale/x.md", dump_story(parsed.story).encode("utf-8"), TAXONOMY)
    assert again.errors == ()
    assert dataclasses.replace(again.story, body_line=parsed.story.body_line) == parsed.story


def test_the_reference_story_round_trips(tmp_path: Path):
    from conftest import REFERENCE

    parsed = parse_story(
        "consistency/two-primaries-for-ninety-seconds.md", REFERENCE.read_bytes(), TAXONOMY
    )
    again = parse_story(
        "consistency/two-primaries-for-ninety-seconds.md",
        dump_story(parsed.story).encode(),
        TAXONOMY,
    )
    assert again.problems == ()
    assert dataclasses.replace(again.story, body_line=parsed.story.body_line) == parsed.story


# --------------------------------------------------------------------------- hostile input

# YAML escapes that decode to controls, non-characters, surrogates and line breaks.
YAML_ESCAPES = [
    "\\e", "\\x01", "\\x7f", "\\x85", "\\x9b", "\\0", "\\a", "\\b", "\\v", "\\f", "\\uFFFE",
    "\\uFFFF", "\\uFDD0", "\\ud800", "\\udfff", "\\U0010FFFF", "\\U0001FFFE", "\\N", "\\_",
    "\\L", "\\P", "\\t", "\\n", "\\r", "\\\"", "\\\\", "\\u00e9", "::error ", "::add-mask::",
]  # fmt: skip
RUNS = ["[", "]", "<", ">", "<a ", "<div markdown>\n", "</div>\n", "*", "_", "*_", "`", "!",
        "[a](", "![", "(", "{: ", "&", "&#", "\\", "> ", "- ", "    - ", "1. ", "#", "|", "~"]  # fmt: skip
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.superfences"]

escaped = st.lists(st.sampled_from(YAML_ESCAPES) | st.text(PRINTABLE, max_size=4), max_size=8).map(
    lambda parts: '"' + "".join(parts) + '"'
)
runs = st.builds(lambda unit, n: unit * n, st.sampled_from(RUNS), st.integers(1, 3000))
nested_lists = st.integers(1, 60).map(lambda d: "".join("    " * i + "- x\n" for i in range(d)))
nested_html = st.integers(1, 60).map(lambda d: "<div markdown>\n" * d + "x\n" + "</div>\n" * d)
nested_quotes = st.integers(1, 60).map(lambda d: "".join(">" * i + " x\n" for i in range(1, d)))
nested_yaml = st.integers(1, 150).map(lambda d: "[" * d + "x" + "]" * d)


@st.composite
def hostile_story_bytes(draw) -> bytes:
    """A story whose values hold YAML escapes and deep nesting, and whose body long runs."""
    field = draw(st.sampled_from(["title", "description", "tags", "authors", "lessons", "key"]))
    value = draw(escaped)
    lines = ["title: T", "description: D."]
    if field == "key":
        lines.append(f"{value}: 1")
    elif field in ("tags", "authors", "lessons"):
        lines.append(f"{field}: [ok, {value}]")
    else:
        lines[0 if field == "title" else 1] = f"{field}: {value}"
    if draw(st.booleans()):
        lines.append(f"impact: {{summary: {draw(nested_yaml)}}}")
    body = "".join(
        draw(st.lists(runs | nested_lists | nested_html | nested_quotes | text, max_size=4))
    )
    return ("---\n" + "\n".join(lines) + "\n---\n" + body + "\n").encode("utf-8", "surrogatepass")


@settings(max_examples=60)  # each renders Markdown: a few seconds for all of them
@given(hostile_story_bytes())
def test_hostile_input_is_an_error_with_its_line_or_builds(data):
    """Check and build agree: a story check accepts renders, and goes into the feed."""
    import markdown
    from warstories.site.feed import atom_feed

    parsed = parse_story("scale/x.md", data, TAXONOMY)
    _assert_well_formed(parsed, "scale/x.md", data)
    for problem in parsed.problems:
        assert "\n" not in str(problem) or "\\n" in repr(problem.message)
    if parsed.story is not None:
        markdown.Markdown(extensions=EXTENSIONS).convert(parsed.story.body)
        atom_feed([parsed.story], TAXONOMY, "Site", "https://example.com/")

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

"""Unit tests of one story file becoming a Story, or the exact list of what is wrong with it."""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import pytest
from warstories import PartialDate, Problem, Severity, Taxonomy, parse_story
from warstories.core.model import ActionItem, Cost, TimelineEntry, format_minutes, slugify
from warstories.core.parse import Parsed
from warstories.core.yamlsource import load

TAXONOMY = Taxonomy.default()
# The example story with only title, image, imagealt and description in its front matter.
REFERENCE = (
    Path(__file__).resolve().parents[1] / "stories/consistency/two-primaries-for-ninety-seconds.md"
)


def parse(text: str | bytes, path: str = "scale/story.md") -> Parsed:
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    return parse_story(path, data, TAXONOMY)


def fm(*lines: str, body: str = "Body.\n") -> str:
    """A story file: the given front matter lines between `---` lines, then the body."""
    return "---\n" + "\n".join(lines) + "\n---\n" + body


def ok(*lines: str, body: str = "Body.\n") -> str:
    """A story with a title and description (lines 2 and 3), then the given lines from line 4."""
    return fm("title: A title", "description: A description.", *lines, body=body)


def triples(parsed: Parsed) -> list[tuple[int | None, str, str]]:
    return [(p.line, p.level, p.message) for p in parsed.problems]


def body_line_of(story, needle: str) -> int:
    """The file line of the first body line holding `needle`, from body and body_line."""
    return story.body_line + story.body[: story.body.index(needle)].count("\n")


def only_problem(parsed: Parsed) -> Problem:
    assert len(parsed.problems) == 1, triples(parsed)
    return parsed.problems[0]


# --------------------------------------------------------------------------- the reference story


def test_reference_story_parses_unchanged_with_no_problems():
    data = REFERENCE.read_bytes()
    parsed = parse(data, "consistency/two-primaries-for-ninety-seconds.md")

    assert parsed.problems == ()
    story = parsed.story
    assert story is not None
    assert story.path == "consistency/two-primaries-for-ninety-seconds.md"
    assert story.slug == "two-primaries-for-ninety-seconds"
    assert story.category == "consistency"  # from the folder: the file has no `category:`
    assert story.title == "Two primaries for ninety seconds"
    assert story.description.startswith("A network partition between our two data centres")
    assert story.image == "images/two-primaries.svg"
    assert story.imagealt.startswith("Two database nodes on either side of a cut network link")
    # the body is the file after the closing `---`, byte for byte
    text = data.decode("utf-8")
    assert story.body.strip() == text.split("---\n", 2)[2].strip()
    assert body_line_of(story, "Our parcel database ran") == 8
    assert story.key_lines == {"title": 2, "image": 3, "imagealt": 4, "description": 5}
    # everything optional stays empty
    assert story.date is None
    assert story.severity is None
    assert story.tags == ()
    assert story.draft is False


# --------------------------------------------------------------------------- a rich valid story

RICH = """\
---
title: The cron job that ate the disk
description: A log rotation job stopped and the database disk filled overnight.
category: scale
date: 2023-11-05
severity: sev2
tags: [postgres, cron, Disk Space, postgres]
lessons:
  - Alert on the growth rate of a disk, not only on its free space.
  - Test the cleanup job, not only the job it cleans up after.
image: disk-full.png
imagealt: A graph of disk usage climbing to 100 percent
authors: [Ana, Bo]
impact:
  duration: 3h20m
  users: 12000
  cost: {amount: 1200, currency: USD}
  summary: Checkout was read-only for European users.
detection: customer-report
escaped_because: [scale, real-data]
contributing: [automation, oom, Automation]
trigger: A base image upgrade dropped the logrotate package.
resolution: Truncated old logs and put logrotate back.
timeline:
  - at: "2023-11-05T02:00Z"
    event: Disk usage alert at 90 percent
  - at: T+5m
    event: Pager fires
action_items:
  - text: Alert on disk growth rate
    status: done
    link: https://example.com/tickets/1
  - text: Run logrotate in CI
related: [full-inode-table, wal-archive-stall]
recurrence_of: disk-full-2021
featured: true
draft: false
source: https://example.com/postmortems/disk
---
# What happened

It filled up.
"""


def test_rich_story_has_no_problems():
    parsed = parse(RICH, "scale/cron-ate-the-disk.md")
    assert triples(parsed) == []
    assert parsed.errors == ()


def test_rich_story_fields():
    story = parse(RICH, "scale/cron-ate-the-disk.md").story
    assert story is not None
    assert story.path == "scale/cron-ate-the-disk.md"
    assert story.slug == "cron-ate-the-disk"
    assert story.title == "The cron job that ate the disk"
    assert story.description == "A log rotation job stopped and the database disk filled overnight."
    assert story.category == "scale"  # front matter wins over the folder `time/`
    assert story.date == PartialDate(2023, 11, 5)
    assert story.severity is Severity.SEV2
    assert story.tags == ("postgres", "cron", "Disk Space")  # duplicates dropped, order kept
    assert story.tag_slugs == ("postgres", "cron", "disk-space")
    assert story.lessons == (
        "Alert on the growth rate of a disk, not only on its free space.",
        "Test the cleanup job, not only the job it cleans up after.",
    )
    assert story.image == "images/disk-full.png"
    assert story.imagealt == "A graph of disk usage climbing to 100 percent"
    assert story.authors == ("Ana", "Bo")
    assert story.detection == "customer-report"
    assert story.escaped_because == ("scale", "real-data")
    # aliases resolved, duplicates dropped, and the primary category (oom -> scale) left out
    assert story.contributing == ("automation",)
    assert story.trigger == "A base image upgrade dropped the logrotate package."
    assert story.resolution == "Truncated old logs and put logrotate back."
    assert story.related == ("full-inode-table", "wal-archive-stall")
    assert story.recurrence_of == "disk-full-2021"
    assert story.featured is True
    assert story.draft is False
    assert story.source == "https://example.com/postmortems/disk"
    assert story.body.lstrip("\n") == "# What happened\n\nIt filled up.\n"
    assert body_line_of(story, "# What happened") == 40
    assert body_line_of(story, "It filled up.") == 42


def test_rich_story_impact():
    impact = parse(RICH).story.impact
    assert impact.duration_minutes == 200
    assert impact.duration_text == "3h20m"
    assert impact.users == "12,000"
    assert impact.cost == Cost(amount=1200.0, currency="USD")
    assert str(impact.cost) == "1,200 USD"
    assert impact.summary == "Checkout was read-only for European users."
    assert not impact.is_empty()


def test_rich_story_timeline_and_action_items():
    story = parse(RICH).story
    assert story.timeline == (
        TimelineEntry("2023-11-05T02:00Z", "Disk usage alert at 90 percent"),
        TimelineEntry("T+5m", "Pager fires"),
    )
    assert story.action_items == (
        ActionItem("Alert on disk growth rate", "done", "https://example.com/tickets/1"),
        ActionItem("Run logrotate in CI", "open", None),  # status defaults to open
    )


def test_rich_story_key_lines_point_at_each_key():
    story = parse(RICH).story
    assert story.key_lines["title"] == 2
    assert story.key_lines["category"] == 4
    assert story.key_lines["image"] == 11
    assert story.key_lines["impact"] == 14
    assert story.key_lines["related"] == 34
    assert story.key_lines["source"] == 38


def test_minimal_story_defaults():
    story = parse(ok()).story
    assert story is not None
    assert story.category == "scale"
    assert story.date is None
    assert story.severity is None
    assert story.impact.is_empty()
    assert story.impact.duration_text is None
    assert story.timeline == ()
    assert story.action_items == ()
    assert story.featured is False
    assert story.draft is False


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023", PartialDate(2023)),
        ('"2023"', PartialDate(2023)),
        ("2023-11", PartialDate(2023, 11)),
        ('"2023-11"', PartialDate(2023, 11)),
        ("2023-1", PartialDate(2023, 1)),
        ('"2023-11-05"', PartialDate(2023, 11, 5)),
        ("2023-11-05", PartialDate(2023, 11, 5)),  # unquoted: YAML builds a date
        ('"2024-02-29"', PartialDate(2024, 2, 29)),  # a real leap day
    ],
)
def test_date_precisions(value, expected):
    parsed = parse(ok(f"date: {value}"))
    assert triples(parsed) == []
    assert parsed.story.date == expected


def test_partial_date_text_and_order():
    assert str(PartialDate(2023)) == "2023"
    assert str(PartialDate(2023, 1)) == "2023-01"
    assert str(PartialDate(2023, 1, 5)) == "2023-01-05"
    assert (
        PartialDate(2023).sort_key
        < PartialDate(2023, 1).sort_key
        < PartialDate(2023, 1, 2).sort_key
    )


@pytest.mark.parametrize(
    ("value", "minutes"),
    [
        ("3h20m", 200),
        ('"3h20m"', 200),
        ("90", 90),
        ('"90"', 90),
        ("45m", 45),
        ("45min", 45),
        ("2h", 120),
        ("1d2h", 1560),
        ("0", 0),
        ("2 hours", 120),
        ("90 min", 90),
        ("2 days", 2880),
        ("1h 30m", 90),
        ("1.5h", 90),
    ],
)
def test_impact_duration_forms(value, minutes):
    parsed = parse(ok("impact:", f"  duration: {value}"))
    assert triples(parsed) == []
    assert parsed.story.impact.duration_minutes == minutes


@pytest.mark.parametrize("value", ["soon", "-5", "true", "3 parsecs", "2h soon", "[1]"])
def test_impact_duration_invalid(value):
    problem = only_problem(parse(ok("impact:", f"  duration: {value}")))
    assert (problem.line, problem.level) == (5, "error")
    assert problem.message.startswith("impact.duration: ")
    assert "is not a duration" in problem.message
    assert '"3h20m"' in problem.message


@pytest.mark.parametrize(
    ("value", "users"),
    [("12000", "12,000"), ("7", "7"), ("all EU users", "all EU users"), ('"about 3%"', "about 3%")],
)
def test_impact_users_number_or_text(value, users):
    parsed = parse(ok("impact:", f"  users: {value}"))
    assert triples(parsed) == []
    assert parsed.story.impact.users == users


def test_impact_cost_mapping_and_text():
    mapping = parse(ok("impact:", "  cost:", "    amount: 1500.5", "    currency: EUR")).story
    assert mapping.impact.cost == Cost(amount=1500.5, currency="EUR")
    text = parse(ok("impact:", "  cost: about a week of two engineers")).story
    assert text.impact.cost == Cost(text="about a week of two engineers")
    assert str(text.impact.cost) == "about a week of two engineers"


@pytest.mark.parametrize(
    "cost",
    ["{amount: lots, currency: USD}", "{amount: 5}", "{amount: 5, currency: USD, x: 1}", "[1]"],
)
def test_impact_cost_invalid(cost):
    problem = only_problem(parse(ok("impact:", f"  cost: {cost}")))
    assert (problem.line, problem.level) == (5, "error")
    assert "impact.cost should be a text or {amount: 1200, currency: USD}" in problem.message


def test_action_item_bad_status():
    parsed = parse(ok("action_items:", "  - text: Fix it", "    status: closed"))
    problem = only_problem(parsed)
    assert (problem.line, problem.level) == (6, "error")
    assert problem.message == "action_items.0.status should be one of open, done, wontfix"


def test_timeline_entry_without_event():
    problem = only_problem(parse(ok("timeline:", '  - at: "02:00"')))
    assert (problem.line, problem.level) == (5, "error")
    assert problem.message == "timeline.0.event is required"


def test_severity_and_vocabularies_forgive_case_and_spaces():
    parsed = parse(
        ok(
            "severity: SEV1",
            "detection: Customer Report",
            "escaped_because: [Real Data, rare_path]",
        )
    )
    assert triples(parsed) == []
    assert parsed.story.severity is Severity.SEV1
    assert parsed.story.detection == "customer-report"
    assert parsed.story.escaped_because == ("real-data", "rare-path")


def test_near_miss_severity():
    story = parse(ok("severity: near miss")).story
    assert story.severity is Severity.NEAR_MISS
    assert story.severity.label == "Near miss"
    assert Severity.SEV1.label == "SEV1"
    assert Severity.SEV1.rank < Severity.SEV4.rank < Severity.NEAR_MISS.rank


def test_more_than_five_lessons_warns():
    parsed = parse(ok("lessons: [a, b, c, d, e, f]"))
    problem = only_problem(parsed)
    assert (problem.line, problem.level) == (4, "warning")
    assert "6 lessons" in problem.message
    assert "1 to 5" in problem.message
    assert parsed.story is not None


# --------------------------------------------------------------------------- category


def test_category_from_front_matter_that_disagrees_with_its_folder_is_an_error():
    parsed = parse(ok("category: time"), "scale/story.md")
    assert parsed.story is None
    assert triples(parsed) == [
        (
            4,
            "error",
            "category: 'time' disagrees with the folder 'scale/' the file is in, which is the "
            "'scale' category: if the story is about time, dates & expiry, move the file to "
            "stories/time/story.md; if it belongs in 'scale', change the line to "
            "`category: scale` or remove it",
        )
    ]


def test_category_from_front_matter_agreeing_with_an_alias_folder_or_a_plain_folder_is_fine():
    assert parse(ok("category: time"), "dst/story.md").story.category == "time"
    assert parse(ok("category: time"), "2023/story.md").story.category == "time"
    assert parse(ok("category: time"), "story.md").story.category == "time"


def test_category_from_folder():
    assert parse(ok(), "hardware/story.md").story.category == "hardware"


@pytest.mark.parametrize(
    ("given", "slug"),
    [
        ("Scale", "scale"),
        ("SCALE", "scale"),
        ("Time", "time"),
        ("Error Handling", "error-handling"),
        ("error_handling", "error-handling"),
        ("Scale & resource exhaustion", "scale"),  # the label
    ],
)
def test_category_slug_or_label_in_any_case_is_read_silently(given, slug):
    parsed = parse(ok(f"category: {given}"), f"{slug}/story.md")
    assert triples(parsed) == []
    assert parsed.story.category == slug


@pytest.mark.parametrize(
    ("given", "slug"),
    [
        ("oom", "scale"),
        ("OOM", "scale"),
        ("Race Condition", "concurrency"),
        ("race_condition", "concurrency"),
        ("third-party", "dependencies"),
    ],
)
def test_category_alias_is_accepted_with_a_note(given, slug):
    parsed = parse(ok(f"category: {given}"), f"{slug}/story.md")
    assert triples(parsed) == [(4, "note", f"category: {given!r} is read as its alias {slug!r}")]
    assert parsed.story.category == slug


def test_category_folder_named_by_an_alias_is_accepted_with_a_note():
    parsed = parse(ok(), "oom/story.md")
    assert triples(parsed) == [(1, "note", "category: the folder 'oom' is read as its alias 'scale'")]  # fmt: skip
    assert parsed.story.category == "scale"


def test_unknown_category_is_an_error_with_did_you_mean():
    parsed = parse(ok("category: consistncy"))
    problem = only_problem(parsed)
    assert (problem.path, problem.line, problem.level) == ("scale/story.md", 4, "error")
    assert "unknown category 'consistncy'" in problem.message
    assert "did you mean `consistency`?" in problem.message
    assert parsed.story is None


def test_unknown_category_alias_typo_suggests_the_slug():
    problem = only_problem(parse(ok("category: timezon")))
    assert "did you mean `time`?" in problem.message


def test_no_category_and_folder_is_not_a_category():
    parsed = parse(ok(), "misc/story.md")
    problem = only_problem(parsed)
    assert (problem.path, problem.line, problem.level) == ("misc/story.md", 1, "error")
    assert problem.message.startswith("no category: the folder 'misc' is not a category")
    assert "add `category:`" in problem.message
    assert parsed.story is None


def test_no_category_and_no_folder():
    parsed = parse(ok(), "story.md")
    problem = only_problem(parsed)
    assert (problem.line, problem.level) == (1, "error")
    assert problem.message.startswith("no category: add `category:`")
    assert "stories/scale/story.md" in problem.message


def test_no_category_folder_typo_suggests():
    problem = only_problem(parse(ok(), "scael/story.md"))
    assert "the folder 'scael' is not a category; did you mean `scale`?" in problem.message


def test_category_that_yaml_read_as_a_number():
    parsed = parse(ok("category: 12"))
    assert [(p.line, p.level) for p in parsed.problems] == [(4, "warning"), (4, "error")]
    assert 'category: "12"' in parsed.problems[0].message
    assert "unknown category '12'" in parsed.problems[1].message


def test_contributing_unknown_category_is_a_warning_with_the_nearest_slug_and_the_list():
    parsed = parse(ok("contributing: [scael, time]"))
    problem = only_problem(parsed)
    assert (problem.line, problem.level) == (4, "warning")
    assert problem.message == (
        "contributing: unknown category 'scael', left out; did you mean `scale`? (categories: "
        + ", ".join(TAXONOMY.slugs)
        + ")"
    )
    assert parsed.story is not None and parsed.story.contributing == ("time",)


# --------------------------------------------------------------------------- YAML and file syntax


def test_unquoted_colon_is_reported_at_the_file_line():
    text = "---\ndate: 2023\ntitle: Redis: the sequel\ndescription: D\n---\nBody.\n"
    problem = only_problem(parse(text))
    assert (problem.path, problem.line, problem.level) == ("scale/story.md", 3, "error")
    assert problem.message.startswith("YAML syntax: mapping values are not allowed here")
    assert "needs quotes" in problem.message
    assert 'title: "Redis: the sequel"' in problem.message
    assert parse(text).story is None


def test_yaml_error_line_counts_blank_lines_after_the_opening_dashes():
    text = "---\n\n\ntitle: Redis: the sequel\ndescription: D\n---\n"
    assert only_problem(parse(text)).line == 4


def test_yaml_error_line_with_bom_and_crlf():
    text = "\ufeff---\r\ndate: 2023\r\ntitle: Redis: the sequel\r\ndescription: D\r\n---\r\n"
    problem = only_problem(parse(text))
    assert (problem.line, problem.level) == (3, "error")
    assert "needs quotes" in problem.message


def test_bad_indentation_is_reported_at_its_line():
    problem = only_problem(parse(ok("  severity: sev1")))
    assert (problem.line, problem.level) == (4, "error")
    assert problem.message.startswith("YAML syntax:")


def test_tab_indentation():
    parsed = parse(ok("tags:", "\t- postgres"))
    problem = only_problem(parsed)
    assert (problem.line, problem.level) == (5, "error")
    assert "a tab indents this YAML line" in problem.message
    assert "only spaces" in problem.message
    assert parsed.story is None


def test_tab_after_a_key():
    problem = only_problem(parse(fm("title:\tA title", "description: D")))
    assert (problem.line, problem.level) == (2, "error")
    assert "YAML syntax" in problem.message
    assert "replace the tab with spaces" in problem.message


def test_tab_inside_block_scalar_text_is_accepted():
    parsed = parse(fm("title: A title", "description: |", "  line one", "  \tindented code"))
    assert triples(parsed) == []
    assert parsed.story.description == "line one\n\tindented code"


def test_unclosed_quote_points_at_the_opening_line():
    parsed = parse(fm("title: A title", 'description: "It broke', "date: 2023"))
    problem = only_problem(parsed)
    assert (problem.line, problem.level) == (3, "error")
    assert 'the `"` that opens this value is never closed' in problem.message
    assert 'end the value with `"`' in problem.message


@pytest.mark.parametrize("close", ["", '"'])
def test_unclosed_quote_closed_by_a_later_quote_points_at_the_opening_line(close):
    # The case: the quote on line 4 runs on until a later line's quote, and PyYAML
    # gave up on line 6 with advice about indentation.
    lines = ("description: d", 'date: "2023"', 'title: "broken', f"severity: {close}sev2{close}")
    problem = only_problem(parse(fm(*lines, 'tags: ["a"]')))
    assert (problem.line, problem.level) == (4, "error")
    assert problem.message.startswith('YAML syntax: the `"` that opens this value is never closed')
    assert "indentation" not in problem.message


def test_a_quote_inside_a_block_scalar_is_not_taken_for_an_unclosed_one():
    lines = ("title: t", "description: |", '  He said "hi', "  and left.", "date: x: y")
    problem = only_problem(parse(fm(*lines)))
    assert problem.line == 6
    assert "a value with `: ` in it needs quotes" in problem.message


def test_unclosed_bracket_before_the_next_key_points_at_the_opening_line():
    problem = only_problem(parse(fm("title: t", "tags: [a, b", "severity: sev2", "description: d")))
    assert (problem.line, problem.level) == (3, "error")
    assert "the `[` that opens this list is never closed; close it with `]`" in problem.message


def test_unclosed_bracket_points_at_the_opening_line():
    problem = only_problem(parse(ok("tags: [postgres, dns")))
    assert (problem.line, problem.level) == (4, "error")


def test_unclosed_bracket_is_an_error():
    parsed = parse(ok("tags: [postgres, dns"))
    problem = only_problem(parsed)
    assert problem.level == "error"
    assert "the `[` that opens this list is never closed" in problem.message
    assert parsed.story is None


def test_undefined_alias():
    problem = only_problem(parse(ok("tags: *nothing")))
    assert (problem.line, problem.level) == (4, "error")
    assert "found undefined alias" in problem.message
    assert "quote the value" in problem.message


def test_recursive_alias_is_an_error_not_a_crash():
    problem = only_problem(parse(ok("tags: &a [*a]")))
    assert (problem.line, problem.level) == (4, "error")
    assert problem.message.startswith("tags: ")
    assert parse(ok("tags: &a [*a]")).story is None


def test_front_matter_that_is_a_list():
    parsed = parse(fm("- title", "- description"))
    problem = only_problem(parsed)
    assert (problem.line, problem.level) == (2, "error")
    assert "the front matter is a list, not a mapping" in problem.message
    assert "`key: value`" in problem.message
    assert parsed.story is None


def test_front_matter_that_is_a_scalar():
    parsed = parse(fm("Just a title"))
    problem = only_problem(parsed)
    assert (problem.line, problem.level) == (2, "error")
    assert "the front matter is a single value, not a mapping" in problem.message
    assert parsed.story is None


def test_empty_front_matter():
    parsed = parse("---\n---\nBody.\n")
    problem = only_problem(parsed)
    assert (problem.line, problem.level) == (1, "error")
    assert "the front matter is empty" in problem.message
    assert parsed.story is None


@pytest.mark.parametrize("text", ["", "   \n\n"])
def test_empty_file(text):
    parsed = parse(text)
    problem = only_problem(parsed)
    assert (problem.line, problem.level) == (None, "error")
    assert problem.message.startswith("the file is empty")
    assert str(problem) == f"scale/story.md: error: {problem.message}"
    assert parsed.story is None


@pytest.mark.parametrize(
    "text", ["# Just a heading\n\nText.\n", "\n---\ntitle: T\ndescription: D\n---\n"]
)
def test_no_front_matter(text):
    parsed = parse(text)
    problem = only_problem(parsed)
    assert (problem.line, problem.level) == (1, "error")
    assert problem.message.startswith("no front matter: start the file with a line `---`")
    assert parsed.story is None


def test_unclosed_front_matter():
    parsed = parse("---\ntitle: T\ndescription: D\n\nBody.\n")
    problem = only_problem(parsed)
    assert (problem.line, problem.level) == (1, "error")
    assert "the front matter is not closed" in problem.message
    assert "add a line `---`" in problem.message
    assert parsed.story is None


def test_non_utf8_bytes_name_their_line():
    data = b"---\ntitle: A title\ndescription: Caf\xe9 au lait\n---\nBody.\n"
    parsed = parse(data)
    problem = only_problem(parsed)
    assert (problem.line, problem.level) == (3, "error")
    assert "not UTF-8" in problem.message
    assert parsed.story is None


def test_utf8_bom_and_crlf_are_accepted():
    plain = parse(ok("tags: [dns]", body="Line one.\nLine two.\n"))
    text = "\ufeff" + ok("tags: [dns]", body="Line one.\nLine two.\n").replace("\n", "\r\n")
    parsed = parse(text.encode("utf-8"))
    assert triples(parsed) == []
    assert parsed.story == plain.story
    assert parsed.story.title == "A title"
    assert parsed.story.body.lstrip("\n") == "Line one.\nLine two.\n"
    assert "\r" not in parsed.story.body
    assert body_line_of(parsed.story, "Line two.") == 7


def test_old_mac_line_endings_are_accepted():
    parsed = parse(ok("tags: [dns]").replace("\n", "\r"))
    assert triples(parsed) == []
    assert parsed.story.tags == ("dns",)


def test_unicode_text_is_kept():
    parsed = parse(fm("title: Ünïcødé ☃ 障害", "description: Ça a cassé."))
    assert triples(parsed) == []
    assert parsed.story.title == "Ünïcødé ☃ 障害"


@pytest.mark.parametrize(
    "line",
    [
        "pwn: !!python/object/apply:os.system ['touch {marker}']",
        "tags: [a, !!python/object/apply:os.system ['touch {marker}']]",
        "pwn: !!python/object/new:os.system ['touch {marker}']",
        "pwn: !!python/object/apply:subprocess.call [['touch', '{marker}']]",
    ],
)
def test_python_tags_are_errors_and_never_executed(tmp_path, line):
    marker = tmp_path / "executed"
    parsed = parse(ok(line.format(marker=marker)))
    errors = parsed.errors
    assert [(p.line, p.level) for p in errors] == [(4, "error")]
    assert "could not determine a constructor" in errors[0].message
    assert "front matter holds only plain text, numbers, lists and mappings" in errors[0].message
    assert parsed.story is None
    assert not marker.exists()


def test_python_tag_as_a_key_is_refused_and_never_executed(tmp_path):
    marker = tmp_path / "executed"
    parsed = parse(ok(f"!!python/object/apply:os.system ['touch {marker}']: 1"))
    problem = only_problem(parsed)
    assert (problem.line, problem.level) == (4, "error")
    assert problem.message == "a key must be plain text"
    assert not marker.exists()


def test_python_tag_on_a_required_key_is_not_also_reported_missing():
    parsed = parse(fm("title: A title", "description: !!python/name:os.system"))
    problem = only_problem(parsed)
    assert (problem.line, problem.level) == (3, "error")
    assert problem.message.startswith("description: could not determine a constructor")
    assert parsed.story is None


def test_duplicate_key_warns_naming_both_lines_and_last_wins():
    parsed = parse(ok("title: The second title"))
    problem = only_problem(parsed)
    assert (problem.line, problem.level) == (4, "warning")
    assert "title is given twice (first on line 2)" in problem.message
    assert "the last one is used" in problem.message
    assert parsed.story.title == "The second title"
    assert parsed.story.key_lines["title"] == 4


def test_nested_duplicate_key_warns_with_its_path():
    parsed = parse(ok("impact:", "  summary: first", "  summary: second"))
    problem = only_problem(parsed)
    assert (problem.line, problem.level) == (6, "warning")
    assert "impact.summary is given twice (first on line 5)" in problem.message
    assert parsed.story.impact.summary == "second"


def billion_laughs(levels: int) -> list[str]:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return lines


def test_alias_expansion_is_refused_not_followed():
    started = time.perf_counter()
    parsed = parse(ok(*billion_laughs(9), "tags: *a8"))
    assert time.perf_counter() - started < 5  # 9**9 values if expanded
    assert parsed.story is None
    errors = parsed.errors
    assert errors
    assert all("repeats itself through YAML aliases" in p.message for p in errors)
    assert any(p.message.startswith("tags: ") for p in errors)


def test_alias_expansion_does_not_record_every_repeat():
    loaded = load(ok(*billion_laughs(5)))
    assert len(loaded.lines) < 1000


def test_problem_in_an_aliased_value_is_reported_at_the_line_using_it():
    parsed = parse(ok("x-shared: &bad [[nested]]", "x-other: 1", "tags: *bad"))
    tag_problems = [p for p in parsed.errors if p.message.startswith("tags")]
    assert tag_problems
    assert {p.line for p in tag_problems} == {6}


def test_alias_to_an_unconstructable_value_is_not_called_recursive():
    parsed = parse(ok("x-shared: &bad !!python/name:os.system", "trigger: *bad"))
    trigger = [p for p in parsed.errors if p.message.startswith("trigger")]
    assert trigger
    assert all("recursive" not in p.message for p in trigger)


def test_small_aliases_are_fine():
    parsed = parse(ok("tags: &t [postgres, dns]", "authors: *t"))
    assert triples(parsed) == []
    assert parsed.story.authors == ("postgres", "dns")


def test_value_nested_too_deeply():
    parsed = parse(ok("trigger: " + "[" * 25 + "]" * 25))
    problem = only_problem(parsed)
    assert (problem.line, problem.level) == (4, "error")
    assert problem.message.startswith("trigger: the value nests too deeply")


def test_front_matter_nested_beyond_the_parser_is_an_error_not_a_crash():
    parsed = parse(ok("trigger: " + "[" * 5000 + "]" * 5000))
    assert [p.level for p in parsed.problems] == ["error"]
    assert "nested too deeply" in parsed.problems[0].message
    assert parsed.story is None


def test_control_character_in_front_matter():
    parsed = parse(ok("trigger: bell\x07here"))
    problem = only_problem(parsed)
    assert (problem.line, problem.level) == (4, "error")
    assert "control character #x0007" in problem.message


def test_huge_number_is_kept_as_text():
    digits = "1" + "0" * 5000
    parsed = parse(fm(f"title: {digits}", "description: D"))
    assert parsed.errors == ()
    assert parsed.story.title == digits


# --------------------------------------------------------------------------- several problems


def test_all_problems_of_a_file_are_reported_at_once():
    text = fm(
        "title: A title",
        "catgory: scale",
        "date: 2023-13",
        "severity: sev7",
        "detection: alrt",
        "image: x.png",
        "lessons: [a, b, c, d, e, f]",
    )
    parsed = parse(text)
    assert parsed.story is None
    got = triples(parsed)
    expected = [
        (3, "warning", "unknown key `catgory`: did you mean `category`?"),
        (1, "error", "`description` is missing"),
        (5, "error", "severity: unknown value 'sev7'"),
        (6, "error", "detection: unknown value 'alrt'; did you mean `alert`?"),
        (4, "error", "date: month 13 does not exist"),
        (7, "error", "image has no `imagealt`"),
        (8, "warning", "lessons: 6 lessons"),
    ]
    assert len(got) == len(expected), got
    for line, level, phrase in expected:
        assert any(g[0] == line and g[1] == level and phrase in g[2] for g in got), (phrase, got)
    assert all(p.path == "scale/story.md" for p in parsed.problems)
    assert len(parsed.errors) == 5


# --------------------------------------------------------------------------- required keys


def test_missing_title():
    parsed = parse(fm("description: D"))
    problem = only_problem(parsed)
    assert (problem.line, problem.level) == (1, "error")
    assert problem.message.startswith("`title` is missing: add it, e.g. title: ")
    assert parsed.story is None


def test_missing_description():
    problem = only_problem(parse(fm("title: T")))
    assert (problem.line, problem.level) == (1, "error")
    assert problem.message.startswith("`description` is missing: add it, e.g. description: ")


def test_missing_title_and_description_are_both_reported():
    parsed = parse(fm("date: 2023"))
    assert sorted(p.message.split(":")[0] for p in parsed.problems) == [
        "`description` is missing",
        "`title` is missing",
    ]


@pytest.mark.parametrize("value", ["", "''", '"   "'])
def test_empty_title(value):
    problem = only_problem(parse(fm(f"title: {value}", "description: D")))
    assert (problem.line, problem.level) == (2, "error")
    assert problem.message == "title is empty"


def test_title_that_is_a_list():
    problem = only_problem(parse(fm("title: [a, b]", "description: D")))
    assert (problem.line, problem.level) == (2, "error")
    assert problem.message == "title should be text"


def test_tags_that_are_not_a_list():
    problem = only_problem(parse(ok("tags: postgres")))
    assert (problem.line, problem.level) == (4, "error")
    assert problem.message == "tags should be a list, e.g. tags: [postgres, dns]"


def test_draft_that_is_text():
    problem = only_problem(parse(ok("draft: 'yes'")))
    assert (problem.line, problem.level) == (4, "error")
    assert problem.message == "draft should be true or false"


def test_yaml_booleans_are_fine_where_a_bool_is_expected():
    parsed = parse(ok("featured: yes", "draft: no"))
    assert triples(parsed) == []
    assert parsed.story.featured is True
    assert parsed.story.draft is False


# --------------------------------------------------------------------------- closed vocabularies


def test_unknown_severity_with_suggestions():
    problem = only_problem(parse(ok("severity: sev0")))
    assert (problem.line, problem.level) == (4, "error")
    assert "severity: unknown value 'sev0'; did you mean `sev1`" in problem.message
    assert "(allowed: sev1, sev2, sev3, sev4, near-miss)" in problem.message


def test_unknown_severity_near_miss_spelling():
    problem = only_problem(parse(ok("severity: nearmiss")))
    assert "did you mean `near-miss`?" in problem.message


def test_unknown_detection_with_suggestion():
    problem = only_problem(parse(ok("detection: custmer report")))
    assert (problem.line, problem.level) == (4, "error")
    assert "detection: unknown value 'custmer report'; did you mean `customer-report`?" in (
        problem.message
    )
    assert "(allowed: alert, dashboard, customer-report," in problem.message


def test_unknown_escaped_because_points_at_the_item():
    parsed = parse(ok("escaped_because:", "  - scale", "  - raer-path"))
    problem = only_problem(parsed)
    assert (problem.line, problem.level) == (6, "error")
    assert (
        "escaped_because: unknown value 'raer-path'; did you mean `rare-path`?" in problem.message
    )
    assert "no-test" in problem.message
    assert parsed.story is None


def test_unknown_value_without_any_close_match():
    problem = only_problem(parse(ok("detection: zzzzzz")))
    assert "did you mean" not in problem.message
    assert "unknown value 'zzzzzz' (allowed: alert," in problem.message


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("value", "phrase"),
    [
        ('"2023-13"', "date: month 13 does not exist"),
        ("2023-13", "date: month 13 does not exist"),
        ('"2023-00"', "date: month 0 does not exist"),
        ('"2023-13-01"', "date: month 13 does not exist"),
        ('"2023-02-30"', "date: 2023-02-30 is not a day of the calendar"),
        ("2023-02-30", "date: 2023-02-30 is not a day of the calendar"),  # unquoted
        ("2023-13-01", "date: month 13 does not exist"),  # unquoted
        ("2023-00-10", "date: month 0 does not exist"),  # unquoted
        ("0000-01-01", "date: 0000-01-01 is not a day of the calendar"),
        ('"2023-02-29"', "date: 2023-02-29 is not a day of the calendar"),
        ('"2023-04-31"', "date: 2023-04-31 is not a day of the calendar"),
        ("soon", "date: 'soon' is not a date"),
        ('"05/11/2023"', "date: '05/11/2023' is not a date"),
        ("20231105", "date: '20231105' is not a date"),
    ],
)
def test_impossible_dates(value, phrase):
    parsed = parse(ok(f"date: {value}"))
    problem = only_problem(parsed)
    assert (problem.line, problem.level) == (4, "error")
    assert phrase in problem.message
    assert "YYYY-MM-DD, YYYY-MM or YYYY" in problem.message
    assert parsed.story is None


def test_unquoted_timestamp_date_gives_at_most_one_clear_problem():
    parsed = parse(ok("date: 2023-11-05T02:00:00Z"))
    assert len(parsed.problems) <= 1, triples(parsed)
    assert all("constrained-str" not in p.message for p in parsed.problems)


# --------------------------------------------------------------------------- images


def test_image_without_imagealt():
    parsed = parse(ok("image: outage.png"))
    problem = only_problem(parsed)
    assert (problem.line, problem.level) == (4, "error")
    assert problem.message.startswith("image has no `imagealt`: add `imagealt:`")
    assert parsed.story is None


def test_image_with_empty_imagealt():
    parsed = parse(ok("image: outage.png", "imagealt: ''"))
    assert (4, "error") in [(p.line, p.level) for p in parsed.problems]
    assert any("image has no `imagealt`" in p.message for p in parsed.problems)


@pytest.mark.parametrize(
    ("image", "phrase"),
    [
        ("../../x.png", "points outside the stories folder"),
        ("/../x", "points outside the stories folder"),
        ("../../../etc/passwd", "points outside the stories folder"),
        ("images/../../../x.png", "points outside the stories folder"),
        ("http://example.com/x.png", "is not in the stories folder"),
        ("https://example.com/x.png", "is not in the stories folder"),
        ("file:///etc/passwd", "is not in the stories folder"),
        ("data:image/png;base64,AAAA", "is not in the stories folder"),
    ],
)
def test_image_outside_the_stories_folder(image, phrase):
    parsed = parse(ok(f'image: "{image}"', "imagealt: A picture"))
    problem = only_problem(parsed)
    assert (problem.line, problem.level) == (4, "error")
    assert problem.message.startswith(f"image: {image!r} ")
    assert phrase in problem.message
    assert "stories/images/" in problem.message
    assert parsed.story is None


@pytest.mark.parametrize(
    ("image", "resolved"),
    [
        ("outage.png", "images/outage.png"),  # a bare name lives in the images folder
        ("/images/outage.png", "images/outage.png"),  # relative to the stories folder
        ("../images/outage.png", "images/outage.png"),  # relative to the story's folder
        ("pics/outage.png", "scale/pics/outage.png"),
        ("./pics/../outage.png", "scale/outage.png"),
    ],
)
def test_image_paths_resolve_inside_the_stories_folder(image, resolved):
    parsed = parse(ok(f"image: {image}", "imagealt: A picture"))
    assert triples(parsed) == []
    assert parsed.story.image == resolved


# --------------------------------------------------------------------------- YAML 1.1 surprises


@pytest.mark.parametrize(
    ("lines", "line", "phrases", "attribute", "kept"),
    [
        (
            ["title: no", "description: D"],
            2,
            ["title: YAML read `no` as the boolean false", 'title: "no"'],
            "title",
            "no",
        ),
        (
            ["title: T", "description: D", "tags: [on, dns]"],
            4,
            ["tags.0: YAML read `on` as the boolean true", '- "on"'],
            "tags",
            ("on", "dns"),
        ),
        (
            ["title: T", "description: D", "lessons:", "  - yes"],
            5,
            ["lessons.0: YAML read `yes` as the boolean true", '- "yes"'],
            "lessons",
            ("yes",),
        ),
        (
            ["title: T", "description: D", "tags: [3.10]"],
            4,
            ["tags.0: YAML read `3.10` as the number 3.1", '- "3.10"'],
            "tags",
            ("3.10",),
        ),
        (
            ["title: T", "description: D", "trigger: 3.10"],
            4,
            ["trigger: YAML read `3.10` as the number 3.1", 'trigger: "3.10"'],
            "trigger",
            "3.10",
        ),
        (
            ["title: 2023-11-05", "description: D"],
            2,
            ["title: YAML read `2023-11-05` as the date 2023-11-05", 'title: "2023-11-05"'],
            "title",
            "2023-11-05",
        ),
        (
            ["title: T", "description: D", "authors: [Off]"],
            4,
            ["authors.0: YAML read `Off` as the boolean false", '- "Off"'],
            "authors",
            ("Off",),
        ),
    ],
)
def test_yaml_11_surprises_warn_and_keep_the_text(lines, line, phrases, attribute, kept):
    parsed = parse(fm(*lines))
    problem = only_problem(parsed)
    assert (problem.line, problem.level) == (line, "warning")
    for phrase in phrases:
        assert phrase in problem.message
    assert "write it in quotes to keep it as text" in problem.message
    assert getattr(parsed.story, attribute) == kept


def test_yaml_11_surprise_in_timeline_time():
    parsed = parse(ok("timeline:", "  - at: 12:30", "    event: Pager fires"))
    problem = only_problem(parsed)
    assert (problem.line, problem.level) == (5, "warning")
    assert "timeline.0.at: YAML read `12:30` as the number 750" in problem.message
    assert 'at: "12:30"' in problem.message
    assert parsed.story.timeline == (TimelineEntry("12:30", "Pager fires"),)


def test_yaml_11_surprise_in_impact_summary():
    parsed = parse(ok("impact:", "  summary: 3.10"))
    problem = only_problem(parsed)
    assert (problem.line, problem.level) == (5, "warning")
    assert 'summary: "3.10"' in problem.message
    assert parsed.story.impact.summary == "3.10"


def test_quoted_yaml_11_words_give_no_warning():
    parsed = parse(
        fm('title: "no"', "description: D", "tags: ['on', \"3.10\"]", 'trigger: "12:30"')
    )
    assert triples(parsed) == []
    assert parsed.story.title == "no"
    assert parsed.story.tags == ("on", "3.10")
    assert parsed.story.trigger == "12:30"


def test_several_surprises_each_warn():
    parsed = parse(ok("tags: [on, off, yes, 1.0]"))
    assert [(p.line, p.level) for p in parsed.problems] == [(4, "warning")] * 4
    assert parsed.story.tags == ("on", "off", "yes", "1.0")


# --------------------------------------------------------------------------- unknown keys


def test_unknown_key_with_suggestion():
    parsed = parse(ok("catgory: time"), "scale/story.md")
    problem = only_problem(parsed)
    assert (problem.line, problem.level) == (4, "warning")
    assert problem.message == "unknown key `catgory`: did you mean `category`?"
    assert parsed.story.category == "scale"  # the misspelt key is ignored


@pytest.mark.parametrize(
    ("key", "suggestion"), [("tag", "tags"), ("Title2", "title"), ("imagealts", "imagealt")]
)
def test_unknown_key_suggestions(key, suggestion):
    problem = only_problem(parse(ok(f"{key}: x")))
    assert problem.message == f"unknown key `{key}`: did you mean `{suggestion}`?"


def test_unknown_key_without_suggestion():
    problem = only_problem(parse(ok("zzqx: 1")))
    assert (problem.line, problem.level) == (4, "warning")
    assert problem.message == "unknown key `zzqx`: it is ignored; remove it or check the spelling"


def test_mkdocs_and_material_keys_pass_through():
    parsed = parse(
        ok(
            "hide: [navigation, toc]",
            "search:",
            "  exclude: true",
            "template: story.html",
            "status: new",
            "icon: material/fire",
            "subtitle: A subtitle",
        )
    )
    assert triples(parsed) == []
    assert parsed.story is not None


# --------------------------------------------------------------------------- model helpers


def test_problem_text():
    assert str(Problem("scale/a.md", 4, "error", "bad")) == "scale/a.md:4: error: bad"
    assert str(Problem("scale/a.md", None, "warning", "meh")) == "scale/a.md: warning: meh"
    assert Problem("a", 1, "error", "x").is_error
    assert not Problem("a", 1, "warning", "x").is_error


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("PostgreSQL", "postgresql"),
        ("Disk Space", "disk-space"),
        ("  C++ / Rust ", "c-rust"),
        ("under_score", "under-score"),
        ("Ünïcødé 障害", "ünïcødé-障害"),
        ("!!!", "tag"),
    ],
)
def test_slugify(text, slug):
    assert slugify(text) == slug


@pytest.mark.parametrize(
    ("minutes", "text"), [(0, "0m"), (45, "45m"), (60, "1h"), (200, "3h20m"), (65, "1h05m")]
)
def test_format_minutes(minutes, text):
    assert format_minutes(minutes) == text


def test_parse_never_raises_on_odd_inputs():
    for text in [
        "---\n---\n---\n",
        "---\n:\n---\n",
        "---\n? a\n---\n",
        "---\n[\n---\n",
        b"\x00\xff",
    ]:
        result = parse(text if isinstance(text, bytes) else textwrap.dedent(text))
        assert result.story is None
        assert result.errors

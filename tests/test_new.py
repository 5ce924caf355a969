"""`warstories new`, run through its entry point: the new file passes the check at once."""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import yaml
from conftest import run_cmd, story, warstories_cli
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from warstories.core import scaffold
from warstories.core import taxonomy as vocab
from warstories.core.parse import parse_story
from warstories.core.settings import load_taxonomy

WARSTORIES = shutil.which("warstories") or "warstories"


def _front(path: Path) -> dict:
    text = path.read_text("utf-8")
    return yaml.safe_load(text.split("---\n")[1])


def _new(root: Path, *args: str) -> subprocess.CompletedProcess:
    # stdin is not a terminal under click's test runner: no prompts, placeholders instead.
    return warstories_cli(["new", *args], root)


def test_new_with_flags_writes_the_story_in_its_category_and_check_passes(make_site):
    root = make_site({"scale/old.md": story()}).root
    result = _new(
        root,
        "--title",
        'Redis: the "sequel" broke 100% of carts',
        "--category",
        "race",  # an alias of concurrency
        "--severity",
        "SEV2",
        "--tags",
        "redis, dns,redis",
        "--date",
        "2023-11",
        "--author",
        "Ada Lovelace, Grace Hopper",
        "--description",
        "Two workers took the same lock.",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "stories/concurrency/redis-the-sequel-broke-100-of-carts.md\n"
    path = root / result.stdout.strip()
    front = _front(path)
    assert front == {
        "title": 'Redis: the "sequel" broke 100% of carts',
        "description": "Two workers took the same lock.",
        "category": "concurrency",
        "date": "2023-11",
        "severity": "sev2",
        "tags": ["redis", "dns"],
        "authors": ["Ada Lovelace", "Grace Hopper"],
        "draft": True,
    }
    check = run_cmd([WARSTORIES, "check"], root)
    assert check.returncode == 0, check.stdout
    assert (
        check.stdout.splitlines()[-1]
        == "2 files checked: 1 published, 1 drafts, 0 with errors; 0 errors, 0 warnings"
    )
    strict = run_cmd([WARSTORIES, "check", "--strict", result.stdout.strip()], root)
    assert strict.returncode == 0, strict.stdout


def test_new_file_has_the_sections_and_lists_the_allowed_values(make_site):
    root = make_site({}).root
    result = _new(root, "--title", "Cron ran twice", "--category", "time")
    text = (root / result.stdout.strip()).read_text("utf-8")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## What happened",
        "## Timeline",
        "## Why it only showed up in production",
        "## Lessons",
    ]
    comments = " ".join(line for line in text.splitlines() if line.startswith("#"))
    for word in (
        *load_taxonomy().slugs,
        *vocab.SEVERITIES,
        *vocab.DETECTIONS,
        *vocab.ESCAPE_REASONS,
    ):
        assert word in comments, word
    assert "draft: true" in text.splitlines()


def test_new_without_a_terminal_uses_placeholders_that_pass_check_and_strict_build(make_site):
    site = make_site({"scale/old.md": story()})
    result = _new(site.root, "--category", "scale")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "stories/scale/untitled-war-story.md\n"
    parsed = parse_story(
        "scale/untitled-war-story.md",
        (site.root / result.stdout.strip()).read_bytes(),
        load_taxonomy(),
    )
    assert parsed.problems == () and parsed.story is not None and parsed.story.draft
    check = run_cmd([WARSTORIES, "check", "--strict"], site.root)
    assert check.returncode == 0, check.stdout
    build = site.build("--strict")
    assert build.returncode == 0, build.stderr


def test_new_never_overwrites_and_exits_1(make_site):
    root = make_site({}).root
    first = _new(root, "--title", "Disk full", "--category", "scale")
    path = root / first.stdout.strip()
    path.write_text("my draft\n", "utf-8")
    again = _new(root, "--title", "Disk full", "--category", "scale")
    assert again.returncode == 1
    assert again.stdout == ""
    assert "stories/scale/disk-full.md already exists" in again.stderr
    assert "never overwrites" in again.stderr
    assert path.read_text("utf-8") == "my draft\n"


def test_new_refuses_a_slug_used_in_another_category(make_site):
    root = make_site({"hardware/disk-full.md": story()}).root
    result = _new(root, "--title", "Disk full", "--category", "scale")
    assert result.returncode == 1
    assert "stories/hardware/disk-full.md already exists" in result.stderr
    assert not (root / "stories" / "scale" / "disk-full.md").exists()
    other = _new(root, "--title", "Disk full", "--category", "scale", "--slug", "disk-full-again")
    assert other.returncode == 0 and other.stdout == "stories/scale/disk-full-again.md\n"


def test_new_rejects_unknown_values_with_did_you_mean_and_writes_nothing(make_site):
    root = make_site({}).root
    category = _new(root, "--title", "X", "--category", "scael")
    assert category.returncode == 2
    assert "--category" in category.stderr and "did you mean `scale`?" in category.stderr
    severity = _new(root, "--title", "X", "--category", "scale", "--severity", "sev5")
    assert severity.returncode == 2 and "use one of sev1, sev2" in severity.stderr
    date = _new(root, "--title", "X", "--category", "scale", "--date", "2023-02-30")
    assert date.returncode == 2 and "is not a date" in date.stderr
    slug = _new(root, "--title", "X", "--category", "scale", "--slug", "Not A Slug")
    assert slug.returncode == 2 and "'not-a-slug'" in slug.stderr
    missing = _new(root, "--title", "X")
    assert missing.returncode == 2 and "--category is needed" in missing.stderr
    assert "Traceback" not in category.stderr + severity.stderr + date.stderr + missing.stderr
    assert list((root / "stories").rglob("*.md")) == []


def test_new_uses_the_stories_folder_of_the_given_config(tmp_path: Path):
    (tmp_path / "site.yml").write_text("site_name: x\ndocs_dir: content\n", "utf-8")
    result = _new(tmp_path, "--config", "site.yml", "--title", "T", "--category", "dns")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "content/dependencies/t.md\n"
    check = run_cmd([WARSTORIES, "check", "--config", "site.yml"], tmp_path)
    assert check.returncode == 0, check.stdout


def _run_in_terminal(root: Path, args: list[str], answers: list[str]) -> tuple[int, str]:
    """Run `warstories new` with a pseudo-terminal as stdin, typing one answer per prompt."""
    main, child = pty.openpty()
    proc = subprocess.Popen(
        [WARSTORIES, "new", *args],
        cwd=root,
        stdin=child,
        stdout=child,
        stderr=child,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "COLUMNS": "200"},
    )
    os.close(child)
    output = b""
    pending = list(answers)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([main], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(main, 4096)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
            if output.rstrip().endswith(b":") and pending:
                os.write(main, pending.pop(0).encode() + b"\n")
        elif proc.poll() is not None:
            break
    proc.wait(timeout=10)
    os.close(main)
    return proc.returncode, output.decode("utf-8", "replace").replace("\r\n", "\n")


def test_new_in_a_terminal_prompts_only_for_what_is_missing(make_site):
    root = make_site({}).root
    code, output = _run_in_terminal(
        root,
        ["--severity", "near-miss"],
        [
            "Pool alert paid for itself",  # title
            "",  # description: fill in later
            "capcity",  # category typo: asked again
            "capacity",  # an alias of scale
            "postgres, pools",  # tags
            "2024-09",  # date
            "Mei",  # authors
        ],
    )
    assert code == 0, output
    assert "Severity" not in output  # given as an option, so not asked
    assert "unknown category 'capcity'" in output
    path = root / "stories" / "scale" / "pool-alert-paid-for-itself.md"
    assert "stories/scale/pool-alert-paid-for-itself.md" in output
    front = _front(path)
    assert front["title"] == "Pool alert paid for itself"
    assert front["severity"] == "near-miss"
    assert front["tags"] == ["postgres", "pools"]
    assert front["date"] == "2024-09"
    assert front["authors"] == ["Mei"]
    check = run_cmd([WARSTORIES, "check", "--strict"], root)
    assert check.returncode == 0, check.stdout


LEAP_TITLE = "The leap second that froze the workers"
LEAP_DESCRIPTION = "When the leap second was inserted at midnight UTC the clock repeated a second."


def test_new_in_a_terminal_suggests_a_category_from_the_title_and_description(make_site):
    root = make_site({}).root
    code, output = _run_in_terminal(
        root,
        ["--severity", "sev2", "--tags", "ntp", "--date", "2012", "--author", "Mei"],
        [LEAP_TITLE, LEAP_DESCRIPTION, ""],  # Enter takes the suggested category
    )
    assert code == 0, output
    assert "Suggested: time (Time, dates & expiry), from leap second, UTC" in output
    assert "Category [time]:" in output
    front = _front(root / "stories" / "time" / "the-leap-second-that-froze-the-workers.md")
    assert front["description"] == LEAP_DESCRIPTION


def test_new_without_a_terminal_or_category_names_the_category_the_title_reads_like(make_site):
    root = make_site({}).root
    result = _new(root, "--title", LEAP_TITLE, "--description", LEAP_DESCRIPTION)
    assert result.returncode == 2
    assert "the title reads like 'time' (leap second, " in result.stderr
    assert "--category time" in result.stderr
    assert not any((root / "stories").rglob("*.md"))


def test_new_notes_a_category_that_the_title_does_not_read_like(make_site):
    root = make_site({}).root
    result = _new(root, "--title", LEAP_TITLE, "--category", "dependencies")
    assert result.returncode == 0, result.stderr
    assert "note: the title reads like 'time' (leap second" in result.stderr
    assert "keep 'dependencies' if it fits, or use --category time" in result.stderr
    quiet = _new(root, "--title", "Leap second smear", "--category", "time")
    assert "note:" not in quiet.stderr


def test_new_has_help():
    result = run_cmd([WARSTORIES, "new", "--help"], Path.cwd())
    assert result.returncode == 0 and "Usage:" in result.stdout
    for option in ("--title", "--category", "--severity", "--tags", "--date", "--author"):
        assert option in result.stdout, option


@settings(max_examples=150, deadline=None)
@given(
    title=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80),
    tags=st.lists(
        st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12),
        max_size=3,
    ),
)
def test_any_title_and_tags_round_trip_through_the_scaffold(title: str, tags: list[str]):
    assume(title.strip() and all(t.strip() for t in tags))
    taxonomy = load_taxonomy()
    new = scaffold.NewStory(title=title, category="scale", tags=tuple(tags))
    text = scaffold.story_text(new, taxonomy)
    parsed = parse_story(f"scale/{new.file_slug}.md", text.encode("utf-8"), taxonomy)
    assert parsed.errors == (), parsed.problems
    assert parsed.story is not None
    assert parsed.story.title == title.strip()
    assert parsed.story.tags == tuple(dict.fromkeys(t.strip() for t in tags))


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Redis: the sequel", "redis-the-sequel"),
        ("Ünïcode café broke", "ünïcode-café-broke"),
        ("🔥🔥🔥", "story"),
        ("word " * 30, "word-" * 11 + "word"),
    ],
)
def test_slug_from_title(title: str, slug: str):
    assert scaffold.story_slug(title) == slug
    assert len(scaffold.story_slug(title)) <= scaffold.MAX_SLUG

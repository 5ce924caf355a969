"""`warstories check` through its entry point: every problem is one line with file, line and fix,
the same in text, JSON and GitHub annotation formats."""

from __future__ import annotations

import json
import shutil
import sys

from conftest import run_cmd

WARSTORIES = shutil.which("warstories") or "warstories"

BROKEN = """\
---
title: Broken
description: A story with one of each problem.
category: scael
severity: sev 5
detection: alrt
catgory: scale
tags: [no, on, 3.10]
trigger: 12:30
image: ../../outside.png
---
Body.
"""

# (file line, level, the start of the message) for each problem in BROKEN.
EXPECTED = [
    (4, "error", "category: unknown category 'scael'; did you mean `scale`?"),
    (5, "error", "severity: unknown value 'sev 5'; did you mean `sev1`"),
    (6, "error", "detection: unknown value 'alrt'; did you mean `alert`?"),
    (7, "warning", "unknown key `catgory`: did you mean `category`?"),
    (
        8,
        "warning",
        'tags.0: YAML read `no` as the boolean false; write it in quotes to keep it as text: - "no"',
    ),
    (8, "warning", "tags.1: YAML read `on` as the boolean true; write it in quotes"),
    (
        8,
        "warning",
        'tags.2: YAML read `3.10` as the number 3.1; write it in quotes to keep it as text: - "3.10"',
    ),
    (
        9,
        "warning",
        'trigger: YAML read `12:30` as the number 750; write it in quotes to keep it as text: trigger: "12:30"',
    ),
    (10, "error", "image has no `imagealt`: add `imagealt:`"),
    (
        10,
        "error",
        "image: '../../outside.png' points outside the stories folder: put the file in stories/images/",
    ),
]


def _broken_site(make_site):
    return make_site({"scale/broken.md": BROKEN}).root


def test_text_format_gives_one_line_per_problem_with_file_line_and_fix(make_site):
    root = _broken_site(make_site)
    result = run_cmd([WARSTORIES, "check"], root)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == len(EXPECTED) + 1
    for line, (number, level, start) in zip(lines, EXPECTED):
        assert line.startswith(f"stories/scale/broken.md:{number}: {level}: {start}"), line
    assert (
        lines[-1] == "1 files checked: 0 published, 0 drafts, 1 with errors; 5 errors, 5 warnings"
    )
    assert result.stderr == ""


def test_json_format_holds_the_same_problems(make_site):
    root = _broken_site(make_site)
    result = run_cmd([WARSTORIES, "check", "--format", "json"], root)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert (report["checked"], report["errors"], report["warnings"]) == (1, 5, 5)
    got = [(p["path"], p["line"], p["level"]) for p in report["problems"]]
    assert got == [("stories/scale/broken.md", n, level) for n, level, _ in EXPECTED]
    for problem, (_, _, start) in zip(report["problems"], EXPECTED):
        assert problem["message"].startswith(start)


def test_github_format_prints_one_annotation_per_problem_then_the_summary(make_site):
    root = _broken_site(make_site)
    result = run_cmd([WARSTORIES, "check", "--format", "github"], root)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    for line, (number, level, start) in zip(lines, EXPECTED):
        assert line.startswith(f"::{level} file=stories/scale/broken.md,line={number}::{start}"), (
            line
        )
    assert (
        lines[-1] == "1 files checked: 0 published, 0 drafts, 1 with errors; 5 errors, 5 warnings"
    )


def test_github_annotations_escape_percent_newlines_colons_and_commas(make_site):
    odd = '---\ntitle: Odd\ndescription: "100% fine"\n"50%\\r\\nx": 1\n---\n'
    root = make_site({"scale/a,b:c.md": odd}).root
    result = run_cmd([WARSTORIES, "check", "--format", "github"], root)
    assert result.returncode == 0  # an unknown key is a warning
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "::warning file=stories/scale/a%2Cb%3Ac.md,line=4::"
        "unknown key `50%25%0D%0Ax`: it is ignored; remove it or check the spelling"
    )
    assert lines[1] == "1 files checked: 1 published, 0 drafts, 0 with errors; 0 errors, 1 warnings"
    text = run_cmd([WARSTORIES, "check"], root)
    assert text.stdout.splitlines()[0] == (
        "stories/scale/a,b:c.md:4: warning: unknown key `50%\\r\\nx`: it is ignored; "
        "remove it or check the spelling"
    )
    as_json = json.loads(run_cmd([WARSTORIES, "check", "--format", "json"], root).stdout)
    assert as_json["problems"][0]["path"] == "stories/scale/a,b:c.md"
    assert "`50%\r\nx`" in as_json["problems"][0]["message"]


def test_problems_across_stories(make_site):
    files = {
        "images/here.png": b"\x89PNG\r\n",
        "scale/pool-alert.md": (
            "---\ntitle: Pool\ndescription: Fine.\nimage: missing.png\nimagealt: A chart\n"
            "related: [pool-alrt, nothing-like-it]\nrecurrence_of: dup\n---\n"
        ),
        "time/dup.md": (
            "---\ntitle: Dup A\ndescription: Fine.\nimage: here.png\nimagealt: ok\n"
            "recurrence_of: pool-alertt\n---\n"
        ),
        "scale/Dup.md": "---\ntitle: Dup B\ndescription: Fine.\n---\n",
    }
    root = make_site(files).root
    result = run_cmd([WARSTORIES, "check"], root)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines == [
        "stories/scale/pool-alert.md:4: error: image: images/missing.png is not in the stories "
        "folder: add the file or fix the name",
        "stories/scale/pool-alert.md:6: warning: related: no story has the slug `pool-alrt`; "
        "did you mean `pool-alert`?",
        "stories/scale/pool-alert.md:6: warning: related: no story has the slug "
        "`nothing-like-it`; use the file name without .md",
        "stories/time/dup.md: error: the slug `dup` is already used by scale/Dup.md: rename one "
        "of the files",
        "stories/time/dup.md:6: warning: recurrence_of: no story has the slug `pool-alertt`; "
        "did you mean `pool-alert`?",
        "3 files checked: 1 published, 0 drafts, 2 with errors; 2 errors, 3 warnings",
    ]


def test_warnings_alone_pass_unless_strict(make_site):
    root = make_site({"scale/w.md": "---\ntitle: W\ndescription: x\ncatgory: scale\n---\n"}).root
    assert run_cmd([WARSTORIES, "check"], root).returncode == 0
    strict = run_cmd([WARSTORIES, "check", "--strict", "--format", "github"], root)
    assert strict.returncode == 1
    assert strict.stdout.startswith("::warning file=stories/scale/w.md,line=4::unknown key")


def test_an_unknown_format_is_a_usage_error(make_site):
    root = make_site({}).root
    result = run_cmd([WARSTORIES, "check", "--format", "xml"], root)
    assert result.returncode == 2
    assert "'xml' is not one of 'text', 'json', 'github'" in result.stderr


def test_a_category_alias_is_a_note_that_never_fails_check_or_a_strict_build(make_site):
    alias = "---\ntitle: Pool\ndescription: Ran dry.\ncategory: oom\n---\nBody.\n"
    root = make_site({"scale/pool.md": alias}).root
    note = "stories/scale/pool.md:4: note: category: 'oom' is read as its alias 'scale'"
    text = run_cmd([WARSTORIES, "check", "--strict"], root)
    assert (text.returncode, text.stdout.splitlines()) == (
        0,
        [note, "1 files checked: 1 published, 0 drafts, 0 with errors; 0 errors, 0 warnings"],
    )
    report = json.loads(run_cmd([WARSTORIES, "check", "--format", "json"], root).stdout)
    assert (report["errors"], report["warnings"], report["notes"]) == (0, 0, 1)
    github = run_cmd([WARSTORIES, "check", "--format", "github"], root).stdout
    assert github.startswith("::notice file=stories/scale/pool.md,line=4::category: 'oom'")
    build = run_cmd([sys.executable, "-m", "mkdocs", "build", "--strict", "-v"], root)
    assert build.returncode == 0, build.stderr
    assert "INFO    -  warstories: scale/pool.md:4: note: category: 'oom'" in build.stderr
    assert "1 stories found: 1 published, 0 drafts, 0 with errors, 0 warnings" in build.stderr

"""Checks that earn trust: unfinished stories are caught, real text raises no false alarm."""

from __future__ import annotations

import shutil

import pytest
from conftest import run_cmd, story
from warstories.core.lint import lint_text
from warstories.core.taxonomy import Taxonomy

WARSTORIES = shutil.which("warstories") or "warstories"


def _warnings(body: str) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in lint_text("x.md", f"---\ntitle: x\n---\n{body}\n")]


# ----------------------------------------------------------------- a scaffold nobody filled


def test_a_scaffold_published_without_filling_it_in_warns_and_fails_strict(make_site):
    site = make_site({"scale/old.md": story()})
    new = run_cmd([WARSTORIES, "new", "--title", "Disk full", "--category", "scale"], site.root)
    assert new.returncode == 0, new.stderr
    path = site.root / new.stdout.strip()
    assert run_cmd([WARSTORIES, "check", "--strict"], site.root).returncode == 0  # a draft
    path.write_text(path.read_text("utf-8").replace("draft: true\n", ""), "utf-8")
    check = run_cmd([WARSTORIES, "check"], site.root)
    assert check.returncode == 0, check.stdout  # warnings
    lines = [ln.split(": warning: ")[1] for ln in check.stdout.splitlines() if ": warning: " in ln]
    assert lines[0].startswith("description: still the placeholder from `warstories new`")
    assert lines[1:] == [
        f'the section "{heading}" is empty: write it, or delete the heading if the story does '
        "not need it"
        for heading in (
            "What happened",
            "Timeline",
            "Why it only showed up in production",
            "Lessons",
        )
    ]
    strict = run_cmd([WARSTORIES, "check", "--strict"], site.root)
    assert strict.returncode == 1
    build = site.build("--strict")
    assert build.returncode == 1
    assert 'the section "Timeline" is empty' in build.stderr


def test_placeholder_title_and_uncommented_examples_warn_on_their_lines(make_site):
    text = story(
        "Untitled war story",
        "A real sentence.",
        lessons='["The lesson a new hire should remember."]',
        body="## What happened\n\nIt broke.\n\n## Empty\n<!-- nothing yet -->\n\n## Last\n\nText.\n",
    )
    site = make_site({"scale/x.md": text})
    out = run_cmd([WARSTORIES, "check"], site.root).stdout.splitlines()
    assert out[:3] == [
        "stories/scale/x.md:2: warning: title: still the placeholder from `warstories new`: "
        "say what broke in a few plain words",
        "stories/scale/x.md:4: warning: lessons: 'The lesson a new hire should remember.' is "
        "the example from `warstories new`: replace it",
        'stories/scale/x.md:10: warning: the section "Empty" is empty: write it, or delete the '
        "heading if the story does not need it",
    ]


def test_sections_with_subsections_code_or_text_are_not_empty(make_site):
    body = (
        "## Parent\n\n### Child\n\nText.\n\n## Code only\n\n```\n## not a heading\n```\n\n"
        "## Last\nLine.\n"
    )
    site = make_site({"scale/x.md": story(body=body)})
    check = run_cmd([WARSTORIES, "check", "--strict"], site.root)
    assert check.returncode == 0, check.stdout


# ----------------------------------------------------------------- addresses and host names


@pytest.mark.parametrize(
    "text",
    [
        "The hosts ran Linux 2.6.26.6 and kernel 3.10.0.1, release 10.1.2.3.",
        "Clients fell back to Cloudflare's 1.1.1.1 and Google's 8.8.8.8 and 8.8.4.4.",
        "Quad9 is 9.9.9.9; OpenDNS 208.67.222.222; the AWS address was 52.95.110.1.",
        "The metadata service at 169.254.169.254 and 127.0.0.1 answered.",
        "It resolved payments.default.svc.cluster.local after five lookups.",
        "Use db-1.example.internal in examples.",
    ],
)
def test_public_addresses_versions_and_generic_names_are_not_internal_details(text):
    assert _warnings(text) == []


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("The replica at 10.4.2.17 fell behind.", "the IP address 10.4.2.17"),
        ("Traffic went to 192.168.10.5.", "the IP address 192.168.10.5"),
        ("The node ip-10-0-1-2.ec2.internal was drained.", "host name ip-10-0-1-2.ec2.internal"),
        ("Writes went to pg-primary-3.corp instead.", "the host name pg-primary-3.corp"),
        ("The build box builder.lan ran out of disk.", "the host name builder.lan"),
        ("The NAS at nas.home.arpa rebooted.", "the host name nas.home.arpa"),
    ],
)
def test_private_addresses_and_internal_host_names_are_flagged(text, what):
    [(line, message)] = _warnings(text)
    assert line == 4 and message.startswith("internal detail: ") and what in message


# ----------------------------------------------------------------- one finding per secret


@pytest.mark.parametrize(
    "line",
    [
        "token: ghp_" + "a1" * 18,
        "GITHUB_TOKEN=ghp_" + "a1" * 18,
        'api_key: "AIza' + "b" * 35 + '"',
        "password = AKIAABCDEFGHIJKLMNOP",
    ],
)
def test_one_secret_gives_one_warning(line):
    found = _warnings(line)
    assert len(found) == 1, found
    assert found[0][1].startswith("possible secret: ")


def test_two_different_secrets_on_one_line_give_two_warnings():
    found = _warnings("token: ghp_" + "a1" * 18 + " password: Tr0ub4dor&3")
    assert len(found) == 2


# ----------------------------------------------------------------- aliases and blameless words


def test_no_category_alias_is_a_phrase_the_blameless_check_warns_about():
    for category in Taxonomy.default().categories:
        for alias in category.aliases:
            assert _warnings(f"category: {alias}") == [], alias


def test_human_error_is_neither_a_category_nor_blameless(make_site):
    site = make_site({"scale/x.md": story(category="human-error", tags="[human-error]")})
    out = run_cmd([WARSTORIES, "check"], site.root).stdout
    assert "error: category: unknown category 'human-error'" in out
    assert out.count('blameless language: "human-error"') == 2


# ----------------------------------------------------------------- no false alarm on real text


def test_the_checks_raise_no_alarm_on_280_realistic_stories(tmp_path):
    """Real kinds of incident in our words (benchmarks/realistic.py): kernel versions, public
    resolvers, leap seconds, config pushes. The corpus spells tags the ways contributors do on
    purpose, so only the tag-spelling warnings (and near duplicates, off here) may speak."""
    import sys

    from conftest import REPO
    from warstories.analysis.checking import CheckResult, check_folder

    sys.path.insert(0, str(REPO / "benchmarks"))
    from realistic import stories, write_site

    write_site(tmp_path, stories(280))
    result = check_folder(
        tmp_path / "stories", Taxonomy.default(), CheckResult(), similar=False, use_cache=False
    )
    assert result.counts["published"] == 280
    tags = [p for p in result.problems if p.message.startswith("tag '")]
    assert tags  # the corpus's near-duplicate tags are found: the check did run
    assert [str(p) for p in result.problems if p not in tags] == []

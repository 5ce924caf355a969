"""Blameless-language and secret/PII warnings: exact file lines, few false alarms, clean examples."""

from __future__ import annotations

import shutil

import pytest
from conftest import REPO, run_cmd, story
from hypothesis import given, settings
from hypothesis import strategies as st
from warstories.core.catalog import load_catalog
from warstories.core.lint import lint_text
from warstories.core.settings import read_site

WARSTORIES = shutil.which("warstories") or "warstories"


def _found(text: str) -> list[tuple[int | None, str]]:
    return [(p.line, p.message) for p in lint_text("s.md", text)]


def _lines_with(text: str, word: str) -> list[int | None]:
    return [line for line, message in _found(text) if word in message]


@pytest.mark.parametrize(
    "phrase",
    [
        "human error",
        "Human  Error",
        "should have",
        "should've",
        "shouldn't have",
        "careless",
        "carelessly",
        "stupid",
        "idiotic",
        "the fault of",
        "Bob's fault",
        "to blame",
        "blamed",
        "sloppy",
        "negligence",
        "screwed up",
    ],
)
def test_blaming_phrases_get_a_note_with_a_suggestion(phrase: str):
    found = _found(f"---\ntitle: x\n---\nIntro.\n\nIt was {phrase}, they said.\n")
    assert len(found) == 1, found
    line, message = found[0]
    assert line == 6
    assert message.startswith("blameless language:")
    assert phrase.split()[-1].lower() in message.lower()
    assert "; " in message  # the suggestion follows


@pytest.mark.parametrize(
    "text",
    [
        "A blameless review.",
        "Lazy loading and a dumb pipe.",
        "Fault tolerance, fault injection and a page fault.",
        "The category alias tooling maps to automation.",
        "We should check the pool before we scale.",
        "It was a serious mistake, and humans are fallible.",
        "Run `git blame` and `should have` in code.",
    ],
)
def test_neutral_words_pass(text: str):
    assert _found(f"---\ntitle: x\n---\n{text}\n") == []


def test_front_matter_lines_are_file_lines_and_fenced_code_is_skipped_for_language_only():
    text = (
        "---\n"  # 1
        "title: It was human error\n"  # 2
        "lessons:\n"  # 3
        '  - "We should have tested failover"\n'  # 4
        "---\n"  # 5
        "\n"  # 6
        "```python\n"  # 7
        "# human error, careless: fine in code\n"  # 8
        'password = "s3cr3t-value"\n'  # 9
        "```\n"  # 10
        "Then it was careless.\n"  # 11
        "~~~~\n"  # 12
        "```\n"  # 13 (not the end of a ~~~~ fence)
        "stupid\n"  # 14
        "~~~~\n"  # 15
        "stupid\n"  # 16
    )
    found = _found(text)
    assert [line for line, _ in found] == [2, 4, 9, 11, 16]
    assert "possible secret" in found[2][1]


def test_allow_mark_silences_its_line_and_the_next():
    text = (
        "---\ntitle: x\n---\n"
        "<!-- warstories: allow -->\n"
        '> "It was human error," the 2019 report said.\n'
        "It was human error.\n"
    )
    assert [line for line, _ in _found(text)] == [6]


@pytest.mark.parametrize(
    ("line", "what"),
    [
        ("key: AKIAABCDEFGHIJKLMNOP", "AWS access key"),
        ("export GH=ghp_" + "a1" * 18, "GitHub token"),
        ("-----BEGIN RSA PRIVATE KEY-----", "private key"),
        ("-----BEGIN PRIVATE KEY-----", "private key"),
        (
            "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig_n",
            "JSON Web Token",
        ),
        ("SLACK=xoxb-123456789012-abcdefghijkl", "Slack token"),
        ('password = "hunter2"', "`password`"),
        ("db_password=Tr0ub4dor&3", "`db_password`"),
        ("token: abcd1234efgh", "`token`"),
        ('"api_key": "9f8e7d6c5b4a"', "`api_key`"),
    ],
)
def test_secrets_are_flagged_without_printing_them(line: str, what: str):
    found = _found(f"---\ntitle: x\n---\n{line}\n")
    assert len(found) == 1, found
    assert found[0][0] == 4
    assert found[0][1].startswith("possible secret:") and what in found[0][1]
    if "PRIVATE KEY" not in line:
        secret = line.split()[-1].split("=")[-1].strip('"')
        assert secret not in found[0][1]


@pytest.mark.parametrize(
    "line",
    [
        "key: AKIAIOSFODNN7EXAMPLE",  # AWS's documented example key
        "The password: rotated.",
        "token: <token>",
        "password = ${DB_PASSWORD}",
        "token = get_token()",
        "password = settings.DB_PASSWORD",
        "API_KEY=$API_KEY",
        'password: "changeme"',
        "max_tokens: 4096",
        "token_ttl: 3600",
        "key = key",
    ],
)
def test_placeholders_and_code_are_not_secrets(line: str):
    assert _found(f"---\ntitle: x\n---\n{line}\n") == []


def test_email_addresses_are_flagged_except_documentation_domains():
    text = (
        "---\ntitle: x\n---\n"
        "Write to alice.smith@corp.io.\n"  # 4
        "ops@example.com, pager@alerts.example.org, a@b.example and git@github.com:org/repo\n"
        "Packages: left-pad@1.3.0, node@18.x; CSS @media.\n"
    )
    found = _found(text)
    assert [line for line, _ in found] == [4]
    assert "a…@corp.io" in found[0][1] and "alice.smith" not in found[0][1]


def test_ip_addresses_are_flagged_only_when_internal():
    text = (
        "---\ntitle: x\n---\n"
        "It called 10.20.30.40 and 172.16.5.4, not 52.95.110.1.\n"  # 4
        "And fd12:3456::1 and 100.64.3.2, not 2a00:1450:4001:80b::200e.\n"  # 5
        "Fine: 192.0.2.10, 198.51.100.7, 203.0.113.250, 2001:db8::1, 2001:DB8:0:1::5.\n"
        "Fine: 127.0.0.1, 0.0.0.0, ::1, 169.254.169.254, fe80::1, 255.255.255.0.\n"
        "Fine: the whole range 10.0.0.0/8 and 192.168.0.0/16; Kafka 2.8.1.0.1; v1.2.3.4.\n"
        "Fine: 14:10:05, 02:00, aa:bb:cc:dd:ee:ff, std::vector, a[1::2], 999.1.1.1.\n"
    )
    found = _found(text)
    assert [(line, message.split(";")[0]) for line, message in found] == [
        (4, "internal detail: the IP address 10.20.30.40"),
        (4, "internal detail: the IP address 172.16.5.4"),
        (5, "internal detail: the IP address 100.64.3.2"),
        (5, "internal detail: the IP address fd12:3456::1"),
    ]


def test_secrets_are_found_in_stories_that_do_not_parse():
    text = "---\ntitle: [unclosed\n---\ntoken: ghp_" + "x9" * 18 + "\n"
    assert _lines_with(text, "GitHub token") == [4]


def test_the_example_stories_are_clean():
    site = read_site(REPO / "mkdocs.yml")
    catalog = load_catalog(site.stories_dir, site.taxonomy, include_drafts=True)
    assert [str(p) for p in catalog.problems] == []
    assert catalog.found >= 18


def test_check_reports_them_as_warnings_with_file_and_line(make_site):
    bad = story(
        title="Ops should have known",
        body="Intro.\n\nThe key AKIAABCDEFGHIJKLMNOP was in the log at 10.1.2.3.\n",
        category="scale",
    )
    root = make_site({"scale/leak.md": bad, "scale/ok.md": story()}).root
    result = run_cmd([WARSTORIES, "check"], root)
    assert result.returncode == 0, result.stdout  # warnings only
    lines = result.stdout.splitlines()
    assert lines[0].startswith(
        'stories/scale/leak.md:2: warning: blameless language: "should have"'
    )
    assert lines[1].startswith(
        "stories/scale/leak.md:8: warning: possible secret: an AWS access key ID"
    )
    assert lines[2].startswith(
        "stories/scale/leak.md:8: warning: internal detail: the IP address 10.1.2.3"
    )
    assert (
        lines[-1] == "2 files checked: 2 published, 0 drafts, 0 with errors; 0 errors, 3 warnings"
    )
    strict = run_cmd([WARSTORIES, "check", "--strict"], root)
    assert strict.returncode == 1


def test_mkdocs_build_shows_them_and_strict_fails(make_site):
    site = make_site(
        {"scale/leak.md": story(body="Mail bob@corp.io.\n"), "scale/ok.md": story(title="B")}
    )
    plain = site.build()
    assert plain.returncode == 0, plain.stderr
    assert "scale/leak.md:5: warning: personal data: the email address b…@corp.io" in plain.stderr
    assert (site.out / "scale" / "leak" / "index.html").exists()  # a warning does not unpublish
    strict = site.build("--strict")
    assert strict.returncode == 1


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=40),
            st.sampled_from(
                [
                    "---",
                    "```",
                    "~~~~",
                    "human error",
                    "10.1.2.3",
                    "::1",
                    "a@b.io",
                    "token: abc123xyz",
                    "AKIAABCDEFGHIJKLMNOP",
                    "warstories: allow",
                    "\r\n",
                    "`",
                ]
            ),
        ),
        max_size=30,
    )
)
def test_any_text_gives_warnings_on_real_lines_and_never_raises(parts: list[str]):
    text = "\n".join(parts)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    for problem in lint_text("s.md", text):
        assert problem.level == "warning"
        assert problem.line is not None and 1 <= problem.line <= lines

"""`warstories check` warns about near-duplicate stories, naming the other story and the score."""

from __future__ import annotations

import re
import shutil

from conftest import run_cmd, story

WARSTORIES = shutil.which("warstories") or "warstories"

BODY = (
    "Two refund consumers processed the same Kafka message after a partition rebalance, "
    "because the slow payment provider pushed the consumer past its poll deadline and "
    "nothing made the refund handler idempotent.\n"
)


def _files(extra_keys: dict | None = None) -> dict[str, str]:
    return {
        "concurrency/refunds.md": story("Double refunds", "Refunds twice.", body=BODY),
        "concurrency/refunds-again.md": story(
            "Double refunds, again", "Refunds twice.", body=BODY, **(extra_keys or {})
        ),
        "time/leap.md": story("Leap day", "February 29.", body="Billing skipped a day.\n"),
    }


def test_a_near_copy_is_reported_once_with_path_line_and_score(make_site):
    root = make_site(_files()).root
    result = run_cmd([WARSTORIES, "check"], root)
    assert result.returncode == 0, result.stdout
    warnings = [line for line in result.stdout.splitlines() if "reads like" in line]
    assert len(warnings) == 1
    match = re.fullmatch(
        r"stories/concurrency/refunds\.md:2: warning: reads like "
        r"stories/concurrency/refunds-again\.md \(similarity (0\.\d\d|1\.00)\): .*related: "
        r"\[refunds-again\].*",
        warnings[0],
    )
    assert match and float(match.group(1)) >= 0.6
    assert (
        result.stdout.splitlines()[-1]
        == "3 files checked: 3 published, 0 drafts, 0 with errors; 0 errors, 1 warnings"
    )
    assert run_cmd([WARSTORIES, "check", "--strict"], root).returncode == 1


def test_no_similar_turns_it_off_and_related_marks_it_known(make_site):
    root = make_site(_files()).root
    quiet = run_cmd([WARSTORIES, "check", "--no-similar"], root)
    assert "reads like" not in quiet.stdout
    known = make_site(_files({"related": "[refunds]"})).root
    assert "reads like" not in run_cmd([WARSTORIES, "check"], known).stdout


def test_checking_one_new_file_compares_it_with_the_whole_site(make_site):
    root = make_site(_files()).root
    result = run_cmd([WARSTORIES, "check", "stories/concurrency/refunds-again.md"], root)
    lines = [line for line in result.stdout.splitlines() if "reads like" in line]
    assert len(lines) == 1
    assert lines[0].startswith("stories/concurrency/refunds-again.md:2: warning: reads like ")
    assert "stories/concurrency/refunds.md (similarity" in lines[0]


def test_two_fresh_scaffolds_are_not_called_near_duplicates(tmp_path):
    root = tmp_path / "site"
    (root / "stories").mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: T\ndocs_dir: stories\n", "utf-8")
    for category, slug in (("scale", "one-story"), ("time", "other-story")):
        # no title or description given: both get the same placeholders and skeleton
        made = run_cmd([WARSTORIES, "new", "--category", category, "--slug", slug], root)
        assert made.returncode == 0, made.stderr
    check = run_cmd([WARSTORIES, "check"], root)
    assert check.returncode == 0, check.stdout
    assert "reads like" not in check.stdout
    assert check.stdout.splitlines()[-1].endswith("0 errors, 0 warnings")

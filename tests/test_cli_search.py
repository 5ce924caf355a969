"""`warstories search`, run through its installed entry point on real temporary sites."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import run_cmd, story

WARSTORIES = shutil.which("warstories") or "warstories"

FILES = {
    "scale/heap.md": story(
        "The heap that grew",
        "A JVM kept growing.",
        body="The kernel killed the JVM: OOM at 03:00 every night.\n",
        severity="sev2",
        date="2022",
        tags="[java, memory]",
    ),
    "time/clocks.md": story(
        "Clocks went back",
        "Billing ran twice.",
        body="The invoice job ran twice when daylight saving time ended.\n",
        severity="sev1",
        date="2023",
        tags="[cron]",
    ),
    "concurrency/refunds.md": story(
        "Double refunds",
        "Refunds went out twice.",
        body="Two consumers processed the same message; no idempotency key.\n",
        severity="sev2",
        date="2023",
        tags="[kafka]",
    ),
}


@pytest.fixture
def root(make_site):
    return make_site(FILES).root


def _search(root, *args: str):
    return run_cmd([WARSTORIES, "search", *args], root)


def test_search_prints_path_title_category_score_and_snippet(root):
    result = _search(root, "idempotency")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("1. Double refunds  [Concurrency, races & locking · SEV2 · 2023]")
    assert " score " in lines[0]
    assert lines[1].strip() == "stories/concurrency/refunds.md"
    assert "[idempotency]" in lines[2]
    assert lines[-1] == "1 story found"


def test_search_json_and_synonyms(root):
    result = _search(root, "out of memory", "--json")
    data = json.loads(result.stdout)
    assert data["results"][0]["path"] == "stories/scale/heap.md"
    assert data["results"][0]["category"] == "scale"
    assert set(data["results"][0]) >= {"path", "title", "category", "score", "snippet"}
    dst = json.loads(_search(root, "DST", "--json").stdout)
    assert dst["results"][0]["path"] == "stories/time/clocks.md"


def test_search_filters_combine(root):
    found = json.loads(_search(root, "--severity", "sev2", "--year", "2023", "--json").stdout)
    assert [r["path"] for r in found["results"]] == ["stories/concurrency/refunds.md"]
    tagged = json.loads(_search(root, "--tag", "Java", "--json").stdout)
    assert [r["path"] for r in tagged["results"]] == ["stories/scale/heap.md"]
    alias = json.loads(_search(root, "--category", "race", "--json").stdout)
    assert [r["path"] for r in alias["results"]] == ["stories/concurrency/refunds.md"]
    assert len(json.loads(_search(root, "--limit", "1", "--json").stdout)["results"]) == 1


def test_whoosh_query_syntax_works(root):
    found = json.loads(_search(root, "twice AND NOT title:refunds", "--json").stdout)
    assert [r["path"] for r in found["results"]] == ["stories/time/clocks.md"]


def test_no_match_suggests_a_spelling_and_exits_1(root):
    result = _search(root, "idempotncy")
    assert result.returncode == 1
    assert result.stdout.strip() == "No stories match. Did you mean: idempotency"


def test_an_edited_story_is_found_by_its_new_words(root):
    assert _search(root, "zanzibar").returncode == 1
    path = root / "stories" / "time" / "clocks.md"
    path.write_text(path.read_text("utf-8") + "\nZanzibar.\n", "utf-8")
    result = _search(root, "zanzibar", "--json")
    assert [r["path"] for r in json.loads(result.stdout)["results"]] == ["stories/time/clocks.md"]
    path.unlink()
    assert _search(root, "zanzibar").returncode == 1


def test_usage_errors_exit_2_without_a_traceback(root, tmp_path):
    bad = _search(root, "--category", "scael")
    assert bad.returncode == 2 and "did you mean" in bad.stderr and "Traceback" not in bad.stderr
    assert _search(tmp_path, "x").returncode == 2


def test_index_builds_then_refreshes_only_what_changed(root):
    first = run_cmd([WARSTORIES, "index"], root)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "search index: 3 added, 0 changed, 0 removed, 0 unchanged"
    again = run_cmd([WARSTORIES, "index"], root)
    assert again.stdout.strip() == "search index: 0 added, 0 changed, 0 removed, 3 unchanged"
    (root / "stories" / "time" / "clocks.md").unlink()
    path = root / "stories" / "scale" / "heap.md"
    path.write_text(path.read_text("utf-8") + "\nMore.\n", "utf-8")
    third = run_cmd([WARSTORIES, "index"], root)
    assert third.stdout.strip() == "search index: 0 added, 1 changed, 1 removed, 1 unchanged"


@pytest.mark.parametrize(
    ("query", "phrase"),
    [
        ("date:2023", "`date:` cannot be searched"),  # was a traceback from whoosh
        ("(" * 3000 + "oom" + ")" * 3000, "characters long; at most 1,000"),  # RecursionError
        ("(" * 200 + "oom" + ")" * 200, "nests parentheses 200 deep; at most 20"),
        ("oom " * 5000, "20,000 characters long; at most 1,000"),  # ran for minutes
    ],
    ids=["stored field", "3000 parentheses", "200 parentheses", "20,000 words"],
)
def test_queries_whoosh_cannot_run_exit_2_with_a_message(root, query, phrase):
    done = run_cmd([WARSTORIES, "search", query], root)
    assert done.returncode == 2, done.stderr[-2000:]
    assert phrase in done.stderr and "Traceback" not in done.stderr

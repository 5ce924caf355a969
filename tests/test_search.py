"""The whoosh index shared by the build and the CLI: updates by hash, boosts, synonyms, filters."""

from __future__ import annotations

import multiprocessing
import sys
from pathlib import Path

import pytest
from conftest import Site, run_cmd, story
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warstories.analysis.plaintext import plain_text
from warstories.analysis.similar import similar_stories
from warstories.analysis.synonyms import expand_synonyms
from warstories.core.cachedir import SCHEMA_VERSION, cache_home, index_dir
from warstories.core.model import PartialDate, Severity, Story
from warstories.core.taxonomy import Taxonomy
from warstories.search.index import (
    Filters,
    QueryError,
    indexed_hashes,
    search,
    update_index,
)

TAXONOMY = Taxonomy.default()


def _story(path: str, title: str, body: str = "", **kw) -> Story:
    category = path.split("/")[0]
    return Story(
        path=path,
        slug=path.split("/")[-1].removesuffix(".md"),
        title=title,
        description=kw.pop("description", "What happened."),
        category=category,
        body=body,
        **kw,
    )


STORIES = [
    _story(
        "scale/heap.md",
        "The heap that grew",
        "The JVM was killed by the kernel: OOM at 03:00 every night.",
        severity=Severity.SEV2,
        date=PartialDate(2022, 5),
        tags=("java", "memory"),
    ),
    _story(
        "time/clocks.md",
        "Clocks went back",
        "The billing job ran twice when daylight saving time ended.",
        severity=Severity.SEV1,
        date=PartialDate(2023, 10, 29),
        tags=("cron",),
        lessons=("Schedule in UTC.",),
    ),
    _story(
        "environment/pods.md",
        "Pods could not resolve names",
        "Our k8s cluster used ndots 5 and a wildcard record answered everything.",
        severity=Severity.SEV3,
        date=PartialDate(2023),
        tags=("dns",),
    ),
    _story(
        "concurrency/refunds.md",
        "Double refunds",
        "Two consumers processed the same message after a rebalance; the pool of "
        "workers had no idempotency key.",
        severity=Severity.SEV2,
        date=PartialDate(2021),
        tags=("kafka",),
    ),
    _story(
        "scale/pool.md",
        "Pool",
        "The connection pool ran dry at peak; nothing else was wrong.",
        severity=Severity.SEV3,
        date=PartialDate(2020),
        tags=("postgres",),
    ),
]


def _bytes(stories: list[Story], extra: str = "") -> dict[str, bytes]:
    return {s.path: (s.title + s.body + extra).encode() for s in stories}


@pytest.fixture
def ix(tmp_path: Path) -> Path:
    directory = index_dir(tmp_path)
    update_index(directory, STORIES, TAXONOMY, data=_bytes(STORIES))
    return directory


def _paths(directory: Path, query: str, **filters) -> list[str]:
    return [h.path for h in search(directory, query, TAXONOMY, Filters(**filters)).hits]


def test_index_lives_in_the_users_cache_folder_keyed_by_the_site_outside_the_repository(
    tmp_path: Path,
):
    directory = index_dir(tmp_path)
    assert directory.name == f"search-v{SCHEMA_VERSION}"
    assert directory.is_relative_to(cache_home())
    assert not directory.is_relative_to(tmp_path)
    assert index_dir(tmp_path / "other") != directory
    assert index_dir(tmp_path / "." / "x" / "..") == directory  # the resolved path decides


def test_unchanged_stories_are_not_reindexed_and_changes_are(tmp_path: Path):
    directory = index_dir(tmp_path)
    first = update_index(directory, STORIES, TAXONOMY, data=_bytes(STORIES))
    assert (first.added, first.changed, first.removed, first.unchanged) == (5, 0, 0, 0)
    again = update_index(directory, STORIES, TAXONOMY, data=_bytes(STORIES))
    assert (again.added, again.changed, again.removed, again.unchanged) == (0, 0, 0, 5)
    data = _bytes(STORIES)
    data["scale/pool.md"] += b" edited"
    edited = update_index(directory, STORIES[1:], TAXONOMY, data=data)
    assert (edited.added, edited.changed, edited.removed, edited.unchanged) == (0, 1, 1, 3)
    assert sorted(indexed_hashes(directory)) == sorted(s.path for s in STORIES[1:])


def test_a_word_only_in_the_body_finds_its_story(ix: Path):
    assert _paths(ix, "idempotency") == ["concurrency/refunds.md"]


def test_a_title_match_ranks_above_a_body_match(ix: Path):
    assert _paths(ix, "pool")[:2] == ["scale/pool.md", "concurrency/refunds.md"]


def test_a_category_label_finds_its_stories(ix: Path):
    assert set(_paths(ix, "Time, dates & expiry")) == {"time/clocks.md"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("out of memory", "scale/heap.md"),
        ("DST", "time/clocks.md"),
        ("kubernetes", "environment/pods.md"),
    ],
)
def test_synonyms_find_each_other(ix: Path, query: str, expected: str):
    assert _paths(ix, query)[0] == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("race", []),  # an alias of concurrency that no story says
        ("oom", ["scale/heap.md"]),  # an alias of scale: the pool story is Scale but never says it
        ("dns", ["environment/pods.md"]),  # an alias of dependencies, said by an environment story
        ("certificate", []),  # an alias of time: the time story is about clocks, not certificates
        ("clock", ["time/clocks.md"]),  # the same alias, said in its title
    ],
)
def test_a_category_alias_finds_the_stories_that_say_it_never_its_whole_category(
    ix: Path, query: str, expected: list[str]
):
    results = search(ix, query, TAXONOMY)
    assert [h.path for h in results.hits] == expected
    assert results.total == len(expected)


def test_synonyms_leave_phrases_fields_and_operators_alone():
    assert expand_synonyms('"oom" title:k8s AND dst', TAXONOMY) == (
        '"oom" title:k8s AND (dst OR "daylight saving" OR "daylight saving time" '
        'OR "daylight savings")'
    )
    assert expand_synonyms("race", TAXONOMY) == "race"  # an alias alone: only its words


def test_filters_narrow_by_category_alias_tag_severity_and_year(ix: Path):
    assert set(_paths(ix, "", category="scale")) == {"scale/heap.md", "scale/pool.md"}
    assert _paths(ix, "", category="oom") == _paths(ix, "", category="scale")
    assert _paths(ix, "", tags=("Kafka",)) == ["concurrency/refunds.md"]
    assert _paths(ix, "", severity="sev1") == ["time/clocks.md"]
    assert set(_paths(ix, "", year=2023)) == {"time/clocks.md", "environment/pods.md"}
    with pytest.raises(QueryError, match="did you mean"):
        search(ix, "", TAXONOMY, Filters(category="scael"))


def test_results_carry_snippets_with_the_matched_words(ix: Path):
    hit = search(ix, "wildcard", TAXONOMY).hits[0]
    assert hit.path == "environment/pods.md"
    assert "[wildcard]" in hit.snippet
    assert hit.category_label == "Environment differences" and hit.severity == "sev3"


def test_a_misspelt_query_gets_a_suggestion(ix: Path):
    results = search(ix, "idempotncy", TAXONOMY)
    assert results.hits == () and results.suggestion == "idempotency"


def test_a_damaged_index_is_rebuilt(tmp_path: Path):
    directory = index_dir(tmp_path)
    update_index(directory, STORIES, TAXONOMY, data=_bytes(STORIES))
    for toc in directory.glob("*.toc"):
        toc.write_bytes(b"garbage")
    done = update_index(directory, STORIES, TAXONOMY, data=_bytes(STORIES))
    assert done.added == 5
    assert _paths(directory, "idempotency") == ["concurrency/refunds.md"]


def _writer(directory: str, extra: str) -> None:
    for round_ in range(3):
        update_index(Path(directory), STORIES, TAXONOMY, data=_bytes(STORIES, f"{extra}{round_}"))


def test_two_builds_writing_at_once_leave_a_whole_index(tmp_path: Path):
    directory = index_dir(tmp_path)
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(directory), name)) for name in "ab"]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    assert sorted(indexed_hashes(directory)) == sorted(s.path for s in STORIES)
    assert _paths(directory, "idempotency") == ["concurrency/refunds.md"]


def test_similar_stories_scores_a_near_copy_highest():
    copy = _story(
        "concurrency/refunds-again.md",
        "Double refunds again",
        STORIES[3].body + " Again.",
        tags=("kafka",),
    )
    found = similar_stories([copy], STORIES)[copy.path]
    assert found[0][0].path == "concurrency/refunds.md"
    assert found[0][1] > 0.6
    assert all(score < found[0][1] for _, score in found[1:])


def test_the_build_keeps_the_index_in_the_users_cache_not_in_the_site(make_site):
    site: Site = make_site(
        {"scale/pool.md": story("Pool", "Ran dry.", body="Zanzibar.\n")},
        "plugins:\n  - warstories:\n      search_index: true\n",
    )
    result = site.build()
    assert result.returncode == 0, result.stderr
    directory = index_dir(site.root)
    assert list(indexed_hashes(directory)) == ["scale/pool.md"]
    assert not any(site.root.rglob("*.toc")) and not (site.root / ".cache").exists()
    assert _paths(directory, "zanzibar") == ["scale/pool.md"]
    assert "search index: 0 added, 0 changed, 0 removed, 1 unchanged" in site.build().stderr


def test_by_default_a_build_refreshes_an_index_the_cli_made_but_never_creates_one(make_site):
    site: Site = make_site({"scale/pool.md": story("Pool", "Ran dry.", body="Zanzibar.\n")})
    result = site.build()
    assert result.returncode == 0, result.stderr
    directory = index_dir(site.root)
    assert not directory.exists() and "search index" not in result.stderr
    searched = run_cmd(
        [sys.executable, "-m", "warstories.cli.main", "search", "zanzibar"], site.root
    )
    assert searched.returncode == 0 and "scale/pool.md" in searched.stdout, searched.stderr
    (site.root / "stories" / "scale" / "pool.md").write_text(
        story("Pool", "Ran dry.", body="Quokka.\n"), "utf-8"
    )
    rebuilt = site.build()
    assert "search index: 0 added, 1 changed, 0 removed, 0 unchanged" in rebuilt.stderr
    assert _paths(directory, "quokka") == ["scale/pool.md"]
    assert _paths(directory, "zanzibar") == []


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_any_query_text_gives_results_or_a_clear_error(ix: Path, text: str):
    try:
        results = search(ix, text, TAXONOMY)
    except QueryError:
        return
    assert all(hit.path for hit in results.hits)


@given(text=st.text(max_size=60))
def test_synonym_expansion_never_fails(text: str):
    assert isinstance(expand_synonyms(text, TAXONOMY), str)


def test_plain_text_keeps_code_and_identifiers_but_drops_markup():
    markdown = (
        "## What happened\n\nThe `max_connections` limit _was_ hit.\n\n```text\n"
        "FATAL: too many clients\n```\n![alt](a.png) see [the docs](http://x) <b>bold</b>"
    )
    assert plain_text(markdown) == (
        "What happened. The max_connections limit was hit. FATAL: too many clients. "
        "see the docs bold."
    )

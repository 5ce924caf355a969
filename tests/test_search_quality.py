"""On realistic stories, the CLI search counts and ranks the stories that say what was asked."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_search_quality import cli_answers, score  # noqa: E402
from realistic import queries, stories, write_site  # noqa: E402


def test_every_query_finds_what_it_must_and_counts_no_filler(tmp_path: Path) -> None:
    corpus = stories(84)  # six stories of each of the 14 kinds
    wanted = queries(corpus, specific=10)
    write_site(tmp_path, corpus)
    answers = cli_answers(tmp_path, wanted)
    for query in wanted:  # the count is of stories that say it: no category comes along
        assert set(answers[query.text].ranked) == query.relevant, query.text
    assert score(answers, wanted) == {"hit@5": 1.0, "MRR": 1.0, "P@5": 1.0, "filler": 0.0}


def test_the_corpus_knows_each_story_category_and_is_the_same_every_time() -> None:
    first, again = stories(28), stories(28)
    assert first == again
    assert {s.category for s in first} >= {"dependencies", "time", "scale", "configuration"}
    assert all(s.path.startswith(s.category + "/") for s in first)

"""Related stories: pins first, computed ones with reasons, deterministic, cached, on the page."""

from __future__ import annotations

import random
from pathlib import Path

from conftest import story
from warstories.analysis.related import TermCache, related_stories
from warstories.core.model import PartialDate, Story


def _story(path: str, title: str, body: str, tags: tuple[str, ...] = (), **kw) -> Story:
    return Story(
        path=path,
        slug=path.split("/")[-1].removesuffix(".md"),
        title=title,
        description="What happened.",
        category=path.split("/")[0],
        body=body,
        tags=tags,
        **kw,
    )


STORIES = [
    _story("scale/a.md", "Pool ran dry", "pgbouncer pool saturation at peak", ("postgres",),
           date=PartialDate(2024)),
    _story("scale/b.md", "Pool again", "pgbouncer pool saturation returned", ("postgres",),
           date=PartialDate(2023)),
    _story("scale/c.md", "Disk full", "the disk filled with logs", ("disk",),
           date=PartialDate(2022)),
    _story("time/d.md", "Leap day", "billing broke on february 29", ("billing", "postgres"),
           date=PartialDate(2024)),
    _story("time/e.md", "DST", "billing ran twice when clocks changed", ("billing",),
           date=PartialDate(2021)),
    _story("security/f.md", "WAF", "the waf blocked pgbouncer health checks", (),
           date=PartialDate(2020), related=("e",)),
]  # fmt: skip
LABELS = {"scale": "Scale", "time": "Time", "security": "Security"}


def _paths(result, path):
    return [link.story.path for link in result[path]]


def test_each_story_gets_three_to_five_others_never_itself():
    result = related_stories(STORIES, LABELS)
    for s in STORIES:
        paths = _paths(result, s.path)
        assert 3 <= len(paths) <= 5, (s.path, paths)
        assert s.path not in paths and len(set(paths)) == len(paths)


def test_the_closest_story_comes_first_with_its_reasons():
    link = related_stories(STORIES, LABELS)["scale/a.md"][0]
    assert link.story.path == "scale/b.md"
    assert link.reasons[0] == "Same category: Scale"
    assert "Shared tags: postgres" in link.reasons
    assert any(r.startswith("Similar text: ") and "pgbouncer" in r for r in link.reasons)


def test_pinned_stories_come_first_and_computed_ones_fill_the_rest():
    links = related_stories(STORIES, LABELS)["security/f.md"]
    assert links[0].story.path == "time/e.md" and links[0].pinned
    assert links[0].reasons == ("Chosen by the authors",)
    assert [link.pinned for link in links[1:]] == [False] * (len(links) - 1)
    assert "time/e.md" not in [link.story.path for link in links[1:]]


def test_the_result_does_not_depend_on_input_order():
    expected = related_stories(STORIES, LABELS)
    shuffled = STORIES[:]
    random.Random(7).shuffle(shuffled)
    again = related_stories(shuffled, LABELS)
    assert {p: [(link.story.path, link.reasons) for link in v] for p, v in again.items()} == {
        p: [(link.story.path, link.reasons) for link in v] for p, v in expected.items()
    }


def test_term_counts_are_cached_by_content_and_saved_between_runs(tmp_path: Path):
    file = tmp_path / "terms.json"
    cold = TermCache(file)
    related_stories(STORIES, LABELS, cache=cold)
    cold.save()
    assert (cold.hits, cold.misses) == (0, len(STORIES))
    warm = TermCache(file)
    edited = [*STORIES[:-1], _story("security/f.md", "WAF", "changed body")]
    related_stories(edited, LABELS, cache=warm)
    assert (warm.hits, warm.misses) == (len(STORIES) - 1, 1)


def test_story_pages_link_related_stories_with_reasons(make_site):
    site = make_site(
        {
            "scale/a.md": story("Pool ran dry", "x", body="pgbouncer pool\n", tags="[postgres]"),
            "scale/b.md": story("Pool again", "x", body="pgbouncer pool\n", tags="[postgres]"),
            "scale/c.md": story("Disk <full>", "x", body="disk\n"),
            "time/d.md": story("Leap day", "x", body="billing\n", tags="[postgres]"),
        }
    )
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    section = site.html("scale/a/").select_one("section.ws-related")
    assert section is not None
    items = section.select("li")
    assert 3 <= len(items) <= 5
    first = items[0].select_one("a")
    assert first.get_text() == "Pool again" and first["href"] == "../b/"
    assert "Shared tags: postgres" in items[0].select_one(".ws-related__why").get_text()
    titles = [li.select_one("a").get_text() for li in items]
    assert "Disk <full>" in titles  # text, escaped by the template
    for li in items:
        assert (site.out / "scale" / "a" / li.select_one("a")["href"] / "index.html").is_file()


def test_a_small_site_with_nothing_shared_still_offers_three_with_honest_reasons():
    lonely = [
        _story("scale/w.md", "Alpha", "aardvark", date=PartialDate(2024)),
        _story("time/x.md", "Bravo", "badger", date=PartialDate(2024)),
        _story("security/y.md", "Charlie", "cheetah", date=PartialDate(2020)),
        _story("hardware/z.md", "Delta", "dingo", date=PartialDate(2019)),
    ]
    links = related_stories(lonely, LABELS)["scale/w.md"]
    assert [(link.story.path, link.reasons) for link in links] == [
        ("time/x.md", ("Same year: 2024",)),
        ("security/y.md", ("One of the newest stories",)),
        ("hardware/z.md", ("One of the newest stories",)),
    ]

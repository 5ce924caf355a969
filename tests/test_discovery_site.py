"""Discovery on built sites: Pagefind markup and index, the Explore page, the Atom feed."""

from __future__ import annotations

import gzip
import json

import feedparser
import pytest
from conftest import story

FILES = {
    "scale/pool.md": story(
        "Pool <ran> dry",
        "The pool & the peak.",
        body="Zanzibar appears only here.\n",
        severity="sev2",
        date='"2024-03-05"',
        tags="[postgres, Connection Pools]",
        detection="alert",
        authors="[Ana]",
    ),
    "time/leap.md": story(
        "Leap day",
        "February 29 broke billing.",
        severity="near-miss",
        date="2023",
        tags="[billing]",
        detection="customer-report",
    ),
    "time/old.md": story("Undated", "No date at all."),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from conftest import BASE_CONFIG, Site

    root = tmp_path_factory.mktemp("discovery")
    (root / "mkdocs.yml").write_text(BASE_CONFIG, "utf-8")
    for rel, text in FILES.items():
        path = root / "stories" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    built = Site(root)
    result = built.build("--strict")
    assert result.returncode == 0, result.stderr
    return built


def test_pagefind_indexed_the_stories_into_the_site(site):
    entry = json.loads((site.out / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert entry["languages"]["en"]["page_count"] == 3
    assert (site.out / "pagefind" / "pagefind.js").is_file()


def _records(site) -> dict[str, dict]:
    """What Pagefind recorded for each page: its fragments are gzip of a marker and JSON."""
    records = {}
    for path in (site.out / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd")
        record = json.loads(data)
        records[record["url"]] = record
    return records


def test_pagefind_records_each_story_with_its_facets(site):
    records = _records(site)
    assert sorted(records) == ["/scale/pool/", "/time/leap/", "/time/old/"]
    pool = records["/scale/pool/"]
    assert pool["meta"] == {
        "title": "Pool <ran> dry",
        "category": "Scale & resource exhaustion",
        "severity": "SEV2",
        "year": "2024",
    }
    assert pool["filters"] == {
        "category": ["Scale & resource exhaustion"],
        "severity": ["SEV2"],
        "year": ["2024"],
        "tag": ["postgres", "Connection Pools"],
    }
    for words in ("Pool <ran> dry.", "The pool & the peak.", "Zanzibar appears only here.", "Ana"):
        assert words in pool["content"], words
    assert records["/time/old/"]["meta"] == {"title": "Undated", "category": "Time, dates & expiry"}


def test_pagefind_records_a_story_words_not_its_labels_or_its_neighbours_titles(site):
    assert site.html("time/leap/").select_one("nav.ws-pager").find(string="Undated")
    leap = _records(site)["/time/leap/"]["content"]
    for chrome in ("Undated", "Filed under", "Severity", "Detected by"):
        assert chrome not in leap, chrome
    assert "February 29 broke billing." in leap and "customer report" in leap


def test_every_page_has_the_header_search_box_and_no_material_search(site):
    for url in ("", "tags/", "scale/pool/", "explore/"):
        page = site.html(url)
        box = page.select_one("header [data-ws-search] input[type=search]")
        assert box is not None, url
        assert page.select_one("[data-md-component=search]") is None
    assert not (site.out / "search" / "search_index.json").exists()


def test_explore_page_offers_the_used_values_of_every_facet(site):
    page = site.html("explore/")
    form = page.select_one("[data-ws-explore] form")
    options = {
        name: [o["value"] for o in form.select(f"select[name={name}] option") if o["value"]]
        for name in ("category", "tag", "severity", "year", "detection")
    }
    assert options == {
        "category": ["scale", "time"],
        "tag": ["billing", "connection-pools", "postgres"],  # most used first, then by name
        "severity": ["sev2", "near-miss"],
        "year": ["2024", "2023"],
        "detection": ["alert", "customer-report"],
    }
    script = page.select_one("script[src$='explore.js']")
    assert script["src"] == "../assets/warstories/explore.js"
    assert (site.out / "assets" / "warstories" / "explore.js").is_file()
    records = json.loads((site.out / "stories.json").read_text("utf-8"))["stories"]
    assert {r["path"]: r["detection"] for r in records}["scale/pool.md"] == "alert"


def test_the_feed_is_valid_atom_with_the_newest_stories_first(site):
    alternate = site.html("tags/").select_one("head link[type='application/atom+xml']")
    assert alternate["href"] == "../feed.xml"
    feed = feedparser.parse((site.out / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    titles = [e.title for e in feed.entries]
    assert titles == ["Pool <ran> dry", "Leap day", "Undated"]
    first = feed.entries[0]
    assert first.summary == "The pool & the peak."
    assert first.link == "scale/pool/"
    assert first.updated.startswith("2024-03-05")
    assert [t.term for t in first.tags] == ["scale", "postgres", "Connection Pools"]
    assert first.author == "Ana"


def test_synonyms_for_the_header_search_are_published(site):
    groups = json.loads((site.out / "assets" / "warstories" / "synonyms.json").read_text())
    oom = next(g for g in groups if "oom" in g.get("words", ()))
    assert "out of memory" in oom["words"]
    assert "category" not in oom  # an alias widens the words, never to its whole category
    assert {"category": "Scale & resource exhaustion"} in groups  # a label asks for it

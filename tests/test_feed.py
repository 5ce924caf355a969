"""The Atom feed as a library call, read back with feedparser."""

from __future__ import annotations

import feedparser
from warstories.core.model import PartialDate, Story
from warstories.core.taxonomy import Taxonomy
from warstories.site.feed import atom_feed


def _story(path: str, title: str, **kw) -> Story:
    return Story(path, path.split("/")[-1][:-3], title, "It broke.", path.split("/")[0], **kw)


def test_feed_links_are_absolute_with_site_url_and_drafts_stay_out():
    stories = [
        _story("scale/b.md", "Newer <b>", date=PartialDate(2024, 2)),
        _story("time/draft.md", "A draft", date=PartialDate(2024, 1), draft=True),
        _story("time/a.md", "Older & wiser", date=PartialDate(2019)),
    ]
    xml = atom_feed(stories, Taxonomy.default(), "Stories", "https://example.org/ws/", limit=5)
    feed = feedparser.parse(xml)
    assert not feed.bozo
    assert [e.title for e in feed.entries] == ["Newer <b>", "Older & wiser"]
    assert [e.link for e in feed.entries] == [
        "https://example.org/ws/scale/b/",
        "https://example.org/ws/time/a/",
    ]
    assert feed.feed.links[0].href == "https://example.org/ws/feed.xml"
    assert feed.entries[1].updated.startswith("2019-01-01")


def test_feed_keeps_only_the_newest():
    stories = [_story(f"scale/s{i}.md", f"S{i}", date=PartialDate(2000 + i)) for i in range(30)]
    stories.reverse()  # the catalog is newest first
    feed = feedparser.parse(atom_feed(stories, Taxonomy.default(), "Stories", limit=20))
    assert len(feed.entries) == 20 and feed.entries[0].title == "S29"

"""An Atom feed of the newest stories, written by feedgen so escaping and dates are its job."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timezone

from warstories.core.model import Story
from warstories.core.taxonomy import Taxonomy
from warstories.core.urls import page_url

FEED = "feed.xml"
NEWEST = 20
_NAMESPACE = uuid.UUID("5d3c0f3e-8f7a-4c1e-9d55-0b7f1c6f3a10")


_UNDATED = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _when(story: Story) -> datetime:
    """The story's date as a UTC datetime (first of the month or year when vaguer)."""
    if story.date is None:
        return _UNDATED
    return datetime(
        story.date.year, story.date.month or 1, story.date.day or 1, tzinfo=timezone.utc
    )


def atom_feed(
    stories: Sequence[Story],
    taxonomy: Taxonomy,
    site_name: str,
    site_url: str | None = None,
    directory_urls: bool = True,
    limit: int = NEWEST,
) -> str:
    """The newest `limit` published stories (the catalog is newest first) as Atom XML.

    Links are absolute when the site sets `site_url`, otherwise relative to the feed, which
    sits at the site's root; ids are stable UUIDs of each story's path.
    """
    from feedgen.feed import FeedGenerator  # on use: a build makes the feed in a forked child

    base = (site_url or "").rstrip("/") + "/" if site_url else ""
    newest = [s for s in stories if not s.draft][:limit]
    fg = FeedGenerator()
    fg.id(f"urn:uuid:{uuid.uuid5(_NAMESPACE, base or site_name)}")
    fg.title(site_name)
    fg.subtitle("The newest engineering war stories.")
    fg.link(href=base + FEED, rel="self")
    fg.link(href=base or "./", rel="alternate")
    fg.language("en")
    fg.author(name=site_name)  # Atom needs an author; stories name theirs per entry
    fg.updated(max((_when(s) for s in newest), default=_UNDATED))
    for story in reversed(newest):  # feedgen puts the last added entry first
        entry = fg.add_entry()
        entry.id(f"urn:uuid:{uuid.uuid5(_NAMESPACE, story.path)}")
        entry.title(story.title)
        entry.link(href=base + page_url(story.path, directory_urls))
        entry.summary(story.description)
        entry.updated(_when(story))
        entry.published(_when(story))
        category = taxonomy.get(story.category)
        entry.category(term=story.category, label=category.label if category else story.category)
        for tag in story.tags:
            entry.category(term=tag)
        for name in story.authors:
            entry.author(name=name)
    return fg.atom_str(pretty=True).decode("utf-8")

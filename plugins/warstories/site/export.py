"""Machine-readable views of the catalog: stories.json for scripts and other sites."""

from __future__ import annotations

import json

from warstories.core.catalog import Catalog
from warstories.core.model import Story
from warstories.core.urls import page_url


def story_record(story: Story, directory_urls: bool = True) -> dict:
    return {
        "slug": story.slug,
        "url": page_url(story.path, directory_urls),
        "path": story.path,
        "title": story.title,
        "description": story.description,
        "category": story.category,
        "tags": list(story.tags),
        "severity": story.severity.value if story.severity else None,
        "detection": story.detection,
        "date": str(story.date) if story.date else None,
        "image": story.image,
        "lessons": list(story.lessons),
        "draft": story.draft,
    }


def stories_json(catalog: Catalog, directory_urls: bool = True) -> str:
    """One record per story in the catalog, newest first; json.dumps escapes `<` so it is safe inline."""
    records = [story_record(s, directory_urls) for s in catalog.stories]
    text = json.dumps({"stories": records, "count": len(records)}, ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

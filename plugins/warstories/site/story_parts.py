"""Every story page's header and footer, rendered over two processes and kept between builds,
keyed by everything they show (the story, its category, neighbours, chain and related links)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from warstories.core.build_cache import Memo, StoredResults, digest
from warstories.core.catalog import Catalog
from warstories.core.model import Story
from warstories.core.parallel import fork_map
from warstories.site.renderer import Renderer

Related = Callable[[str], Sequence[object]]


def story_parts(
    renderer: Renderer, catalog: Catalog, related_for: Related, site_root: Path | None = None
) -> dict[str, tuple[str, str]]:
    """(header, footer) of each story by path; with `site_root`, the ones rendered by an earlier
    build of the same site from the same inputs are read back rather than rendered."""
    store = StoredResults("story-parts", site_root, renderer.directory_urls) if site_root else None
    newhire = renderer.newhire(catalog)
    memo: Memo = {}
    keys = {}
    for story in catalog.stories:
        shown = [
            story,
            catalog.taxonomy.get(story.category),
            newhire.story_context(story),
            tuple(related_for(story.path)),
        ]
        keys[story.path] = digest(shown, memo)
    parts: dict[str, tuple[str, str]] = {}
    missing: list[Story] = []
    for story in catalog.stories:
        found = store.get(keys[story.path]) if store else None
        if isinstance(found, list) and len(found) == 2:
            parts[story.path] = (found[0], found[1])
        else:
            missing.append(story)
    made = fork_map(lambda story: header_footer(renderer, story, catalog, related_for), missing)
    for story, part in zip(missing, made):
        parts[story.path] = part
        if store:
            store.put(keys[story.path], list(part))
    if store:
        store.save()
    return parts


def header_footer(
    renderer: Renderer, story: Story, catalog: Catalog, related_for: Related
) -> tuple[str, str]:
    """One story's header and footer."""
    return (
        renderer.story_header(story, catalog),
        renderer.story_footer(story, catalog, related_for(story.path)),
    )

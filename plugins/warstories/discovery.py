"""What the build does for discovery, in one place the MkDocs adapter calls: related stories
while pages are made, then the shared search index and Pagefind once the site is written."""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from .catalog import Catalog
from .explore import SCRIPT, explore_page, explore_script
from .feed import FEED, atom_feed
from .pages import GeneratedPage, Renderer
from .related import RelatedLink, TermCache, related_stories
from .search import SearchIndexError, cache_dir, index_dir, synonym_groups, update_index
from .sitesearch import SYNONYMS_FILE, run_pagefind

TERMS_FILE = "related-terms-v1.json"


@dataclass
class Discovery:
    """Per-site state kept between rebuilds of `mkdocs serve`: the term cache and related links."""

    site_root: Path
    terms: TermCache | None = None
    related: dict[str, tuple[RelatedLink, ...]] = field(default_factory=dict)

    def prepare(self, catalog: Catalog) -> None:
        """Compute related stories for every story of the catalog (cached per story)."""
        if self.terms is None:
            self.terms = TermCache(cache_dir(self.site_root) / TERMS_FILE)
        labels = {c.slug: c.label for c in catalog.taxonomy.categories}
        self.related = related_stories(catalog.stories, labels, cache=self.terms)
        with contextlib.suppress(OSError):  # a read-only checkout: the cache only saves time
            self.terms.save()

    def pages(self, renderer: Renderer, catalog: Catalog) -> list[GeneratedPage]:
        """Generated pages for discovery: the Explore page."""
        return [explore_page(renderer, catalog)]

    def files(
        self,
        catalog: Catalog,
        site_name: str,
        site_url: str | None = None,
        directory_urls: bool = True,
    ) -> dict[str, str]:
        """Other generated files by site path: the feed, Explore's script, search synonyms."""
        return {
            FEED: atom_feed(catalog.stories, catalog.taxonomy, site_name, site_url, directory_urls),
            SCRIPT: explore_script(),
            SYNONYMS_FILE: json.dumps(synonym_groups(catalog.taxonomy), ensure_ascii=False),
        }

    def related_for(self, path: str) -> tuple[RelatedLink, ...]:
        return self.related.get(path, ())

    def update_search_index(self, catalog: Catalog) -> str:
        """Bring the CLI's search index up to date with this build's stories (drafts included)."""
        try:
            done = update_index(
                index_dir(self.site_root),
                [*catalog.stories, *catalog.drafts],
                catalog.taxonomy,
                root=catalog.root,
            )
        except (SearchIndexError, OSError) as exc:
            return f"search index not updated: {exc}"
        return (
            f"search index: {done.added} added, {done.changed} changed, "
            f"{done.removed} removed, {done.unchanged} unchanged"
        )

    def index_site(self, site_dir: Path) -> tuple[bool, str]:
        run = run_pagefind(site_dir)
        return run.ok, run.message

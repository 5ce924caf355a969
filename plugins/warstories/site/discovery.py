"""What the build does for discovery, in one place the MkDocs adapter calls: related stories,
the shared search index and the Pagefind bundle, the last two in child processes that work
while MkDocs renders the pages."""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from warstories.analysis.related import RelatedLink, TermCache, related_stories
from warstories.analysis.synonyms import synonym_groups
from warstories.core.build_cache import Memo, StoredResults, digest
from warstories.core.cachedir import cache_dir, index_dir
from warstories.core.catalog import Catalog
from warstories.core.model import Story
from warstories.core.parallel import fork_map
from warstories.search.pagefind import PagefindFeed
from warstories.search.pagefind_records import BUNDLE, SYNONYMS_FILE, pagefind_record
from warstories.search.pagefind_store import BundleStore
from warstories.site.explore import SCRIPT, explore_page, explore_script
from warstories.site.feed import FEED, atom_feed
from warstories.site.renderer import GeneratedPage, Renderer

TERMS_FILE = "related-terms-v1.json"
BUNDLE_STORE = "pagefind-bundle"  # the last build's bundle pieces, in the site's cache folder


@dataclass
class Discovery:
    """Per-site state kept between rebuilds of `mkdocs serve`: the term cache, related links
    and Pagefind records (an edit re-makes one)."""

    site_root: Path
    terms: TermCache | None = None
    related: dict[str, tuple[RelatedLink, ...]] = field(default_factory=dict)
    indexer: subprocess.Popen | None = None
    pagefind: PagefindFeed | None = None
    pagefind_failed: str = ""
    store: BundleStore | None = None  # held from the start of a Pagefind run to its end
    bundle: Path | None = None
    records: dict[Story, dict] = field(default_factory=dict)
    records_for: tuple = ()  # what else the records depend on: taxonomy, language, URL style

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

    def start_search_index(self, config_file: Path, create: bool = True) -> None:
        """Refresh the CLI's whoosh index in a second process while MkDocs renders the pages.

        Indexing is pure Python and slow when cold (5-7 s of CPU per 1000 stories), so with
        `create=False` a site without an index is left to the first `warstories search` or
        `check`, and only an existing index is kept fresh (by content hash: nearly free).
        """
        self.finish_search_index()
        if not create and not index_dir(self.site_root).is_dir():
            return
        self.indexer = subprocess.Popen(
            [sys.executable, "-m", "warstories.search.worker", str(config_file)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def finish_search_index(
        self, timeout: float = 600.0, wait: bool = True
    ) -> tuple[bool, str] | None:
        """Wait for the indexing process; (ok, what it said), or None when none was started.

        With `wait=False` (the preview) a process still running is left to finish on its own;
        the next rebuild waits for it before starting another.
        """
        if self.indexer is None:
            return None
        if not wait and self.indexer.poll() is None:
            return True, "search index: still updating in the background"
        indexer, self.indexer = self.indexer, None
        try:
            out, err = indexer.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            indexer.kill()
            indexer.communicate()
            return False, f"search index not updated: indexing took over {timeout:.0f}s"
        said = (out.strip() or err.strip()).splitlines()
        message = said[-1] if said else "search index: no output"
        if indexer.returncode != 0:
            return False, f"search index not updated: {message}"
        return True, message

    def start_site_index(
        self,
        catalog: Catalog,
        site_dir: Path,
        language: str,
        directory_urls: bool = True,
        keep: bool = False,
    ) -> None:
        """Give Pagefind a record of every published story and ask for the bundle in the site
        folder; it indexes and writes while MkDocs renders the pages. With `keep` (a build, not
        the preview) the last build's pieces are reused and this bundle's kept, and the records
        are not held once sent (the site's cache keeps them for the next build)."""
        self.stop_site_index()
        if self.records_for != (catalog.taxonomy, language, directory_urls):
            self.records, self.records_for = {}, (catalog.taxonomy, language, directory_urls)
        new = [story for story in catalog.stories if story not in self.records]
        made = self._new_records(new, catalog, language, directory_urls)
        kept = {s: self.records[s] for s in catalog.stories if s in self.records}
        records = kept | dict(zip(new, made))  # stories no longer published are dropped
        if keep:  # only a preview's next rebuild would use them again
            self.records, self.records_for = {}, ()
        else:
            self.records = records
        try:
            self.pagefind = PagefindFeed()
        except OSError as exc:  # finish_site_index reports it once the site is written
            self.pagefind_failed = f"Pagefind did not run: {exc}"
            return
        for story in catalog.stories:
            self.pagefind.add(records[story])
        self.bundle = site_dir / BUNDLE
        shutil.rmtree(self.bundle, ignore_errors=True)  # a preview keeps its site folder
        if keep:
            self.store = BundleStore.open(cache_dir(self.site_root) / BUNDLE_STORE)
        if self.store is not None:
            try:
                self.bundle.mkdir(parents=True)
                self.store.seed(self.bundle)
            except OSError:  # the pieces only save time: start again without them
                self.store.release()
                self.store = None
                shutil.rmtree(self.bundle, ignore_errors=True)
        self.pagefind.write(self.bundle)

    def _new_records(
        self, stories: list[Story], catalog: Catalog, language: str, directory_urls: bool
    ) -> list[dict]:
        """Records of stories not in memory: the ones an earlier build made from the same story
        read back from the site's cache, the others made over two processes and kept."""
        if not stories:
            return []
        scope = [catalog.taxonomy.categories, language, directory_urls]
        store = StoredResults("pagefind-records", self.site_root, scope)
        memo: Memo = {}
        keys = [digest(story, memo) for story in stories]
        found = [store.get(key) for key in keys]
        todo = [story for story, record in zip(stories, found) if not isinstance(record, dict)]
        made = iter(
            fork_map(lambda story: pagefind_record(story, catalog, language, directory_urls), todo)
        )
        records = []
        for key, record in zip(keys, found):
            if not isinstance(record, dict):
                record = next(made)
                store.put(key, record)
            records.append(record)
        store.save()
        return records

    def finish_site_index(self, wait: bool = True) -> tuple[bool, str] | None:
        """Wait for the bundle; (ok, what happened), or None when none was started.

        With `wait=False` (the preview) a bundle still being written is left to finish on its
        own; the next rebuild stops it first.
        """
        if self.pagefind_failed:
            failed, self.pagefind_failed = self.pagefind_failed, ""
            return False, failed
        if self.pagefind is None:
            return None
        if not wait and not self.pagefind.written():
            return True, "Pagefind: writing the preview's search bundle in the background"
        feed, self.pagefind = self.pagefind, None
        run = feed.finish()
        store, self.store = self.store, None
        if store is not None:
            if run.ok and self.bundle is not None:
                store.settle(self.bundle)
            store.release()  # settled or not, another build may use it now
        return run.ok, run.message

    def stop_site_index(self) -> None:
        """End a Pagefind run this object started, before the site is built again."""
        if self.pagefind is not None:
            self.pagefind.close()
        if self.store is not None:
            self.store.release()
        self.pagefind, self.pagefind_failed, self.store = None, "", None

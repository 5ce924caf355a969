"""One site build from one catalog, as the MkDocs adapter drives it: every page and file the site
makes, what each story page shows around its body, and the background indexers."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from warstories.core.build_cache import StoredResults
from warstories.core.catalog import Catalog, ParseCache, folder_link_loops, load_catalog
from warstories.core.model import Problem, Story
from warstories.core.parallel import in_parallel
from warstories.core.settings import Options
from warstories.core.stored_cache import StoredParseCache
from warstories.search.pagefind_records import BUNDLE
from warstories.site.discovery import Discovery
from warstories.site.export import stories_json
from warstories.site.feed import FEED
from warstories.site.htmlsize import squeeze_whitespace
from warstories.site.page import GeneratedPage
from warstories.site.preview import preview_file
from warstories.site.renderer import Renderer
from warstories.site.sanitize import sanitize
from warstories.site.story_parts import header_footer, story_parts

Say = Callable[[str, str], None]
"""Where the build reports: say(level, message), level one of "info", "warning"."""


@dataclass(frozen=True)
class SiteLayout:
    """What a build needs to know of the site's MkDocs config, as plain values."""

    docs_dir: Path
    site_dir: Path
    config_file: Path | None
    site_name: str
    site_url: str | None = None
    directory_urls: bool = True
    language: str = "en"

    @property
    def site_root(self) -> Path:
        """The folder of mkdocs.yml, which names the site's caches."""
        return self.config_file.parent if self.config_file else Path(".")


@dataclass
class Prepared:
    """What `prepare` hands to the adapter: pages and files to add, and which source files stay."""

    generated: dict[str, GeneratedPage] = field(default_factory=dict)  # by MkDocs' src_uri
    extra: dict[str, str] = field(default_factory=dict)
    drop: Callable[[str, bool], bool] = lambda src_uri, is_page: False


class SiteBuild:
    """A site's builds: `configure`, then per build `prepare`, the page hooks, and `finish`.

    Kept for the life of a preview, so parses, related stories, rendered tag pages and Pagefind
    records carry over from one rebuild to the next. Paths inside the stories folder are the
    library's (`scale/pool.md`, `categories/index.md`); MkDocs sees them under the
    `stories_dir` option's folder (`stories/scale/pool.md`): `prefix` maps them. Every link the
    library makes between them is relative, so it holds under any folder.
    """

    def __init__(self, say: Say) -> None:
        self.say = say
        self.serving = False
        self.options = Options()
        self.taxonomy = self.options.taxonomy()
        self.cache: ParseCache = ParseCache()
        self.catalog: Catalog | None = None
        self.renderer = Renderer()
        self.generated: dict[str, GeneratedPage] = {}
        self.stories: dict[str, Story] = {}
        self.story_parts: dict[str, tuple[str, str]] = {}  # header and footer, made ahead
        self.broken: dict[str, list[Problem]] = {}
        self.discovery: Discovery | None = None
        self.site_search = True  # the header shows the stories' Pagefind search

    @property
    def prefix(self) -> str:
        """The stories' folder inside docs_dir, "" or e.g. "stories/"."""
        return self.options.stories_dir

    def configure(self, options: Options, directory_urls: bool, other_search: bool) -> None:
        """Read the options of this build; ValueError when the vocabulary is unusable.

        With another search on the site (Material's), its header search stays the only one
        and no Pagefind bundle is made.
        """
        self.options = options
        self.taxonomy = options.taxonomy()
        self.site_search = options.pagefind and not other_search
        if self.renderer.directory_urls != directory_urls:  # else kept: compiled once
            self.renderer = Renderer(directory_urls)

    def check_folder_links(self, docs_dir: Path) -> None:
        """ValueError when links to folders form loops MkDocs would walk without end.

        MkDocs follows links while it lists the files, before any story is read: with two or
        more links in loops the walk grows exponentially and never ends. One link to its own
        parent ends at the system's link limit, and is refused like any other loop.
        """
        loops = folder_link_loops(docs_dir / self.prefix)
        if len(loops) >= 2:
            shown = ", ".join(self.prefix + rel for rel in sorted(loops))
            raise ValueError(
                f"links to folders form loops that MkDocs would follow without end: {shown}; "
                "remove them (`warstories check` lists them)"
            )

    def theme_globals(self) -> dict[str, str]:
        """What the theme's templates need to know: the search bundle (none: no search box) and
        the feed, as site paths."""
        return {
            "ws_search": f"{self.prefix}{BUNDLE}/pagefind.js" if self.site_search else "",
            "ws_feed": self.prefix + FEED,
        }

    def prepare(self, layout: SiteLayout, first: bool) -> Prepared:
        """Parse the stories and make every generated page and file (`start_indexers` next).

        `first` is the first build of this object: the stored parse cache is read (a preview's
        later rebuilds keep theirs in memory).
        """
        drafts = self.options.drafts
        include_drafts = self.serving if drafts is None else drafts
        prefix = self.prefix
        root = layout.docs_dir / prefix
        if first:  # stories parsed by earlier builds or checks, by content hash
            self.cache = StoredParseCache(root, self.taxonomy)
        catalog = load_catalog(root, self.taxonomy, include_drafts=include_drafts, cache=self.cache)
        if first and isinstance(self.cache, StoredParseCache):
            self.cache.save()
        self.catalog = catalog
        # A warning on a draft this build leaves out is for its writer (`warstories check`
        # shows it): the build only notes it, so unfinished drafts never fail `--strict`.
        left_out = {s.path for s in catalog.drafts}
        for problem in catalog.problems:
            published = problem.path not in left_out
            warns = problem.is_error or (problem.is_warning and published and not self.serving)
            shown = replace(problem, path=prefix + problem.path)  # as docs_dir names the file
            self.say("warning" if warns else "info", str(shown))  # notes only inform
        self.say("info", catalog.summary())
        self.stories = {prefix + s.path: s for s in catalog.stories}
        site_root = layout.site_root
        if self.discovery is None or self.discovery.site_root != site_root:
            self.discovery = Discovery(site_root)
        discovery = self.discovery
        if not self.serving:  # a build's Pagefind indexes on another core from here on
            self._start_pagefind(layout)
        # Related stories here (their cache lives in this process); the generated pages and
        # files, which need only the catalog, in a forked child when there is a second core
        # (the renderer's tag-page reuse is lost there; it serves the preview, which never forks).
        _, (generated, extra) = in_parallel(
            lambda: discovery.prepare(catalog), lambda: self._site_files(catalog, layout)
        )
        # A build makes every story's header and footer ahead (kept between builds); a preview
        # rebuild makes those of the pages it rebuilds, in `content`.
        self.story_parts = {}
        if not self.serving:
            related = discovery.related_for
            self.story_parts = story_parts(self.renderer, catalog, related, site_root)
        self.broken = {}
        for problem in catalog.errors:
            self.broken.setdefault(prefix + problem.path, []).append(problem)
        self.generated = {prefix + p.src_uri: p for p in generated}
        extra = {prefix + uri: content for uri, content in extra.items()}
        return Prepared(self.generated, extra, self._drops)

    def start_indexers(self, layout: SiteLayout) -> None:
        """Start the search index's refresh, which works while MkDocs renders pages, and in the
        preview Pagefind (a build starts it in `prepare`, as soon as the stories are read; in
        the preview it would slow the rebuild of the edited pages)."""
        if self.discovery is None or self.catalog is None:
            return
        if self.options.search_index and layout.config_file:
            create = self.options.search_index is True
            self.discovery.start_search_index(layout.config_file, create)
        if self.serving:
            self._start_pagefind(layout)

    def _start_pagefind(self, layout: SiteLayout) -> None:
        """Pagefind over the stories, into the section's folder of the site (a build keeps
        its pieces for the next build; the preview does not)."""
        if self.site_search and self.discovery is not None and self.catalog is not None:
            self.discovery.start_site_index(
                self.catalog,
                layout.site_dir / self.prefix,
                layout.language,
                layout.directory_urls,
                keep=not self.serving,
            )

    def _drops(self, src_uri: str, is_page: bool) -> bool:
        """Whether a source file leaves the build: drafts, broken stories (the preview keeps
        them, to show their problems) and anything reached through a link that leads outside
        the stories folder."""
        assert self.catalog is not None
        if not src_uri.startswith(self.prefix):
            return False  # the site's own pages, outside the stories' section
        inside = src_uri[len(self.prefix) :]
        if self.catalog.refused and self.catalog.is_refused(inside):
            return True  # reported with the other problems
        if not is_page or src_uri in self.stories:
            return False
        return not (self.serving and src_uri in self.broken)

    def _header_footer(self, story: Story, catalog: Catalog) -> tuple[str, str]:
        related = self.discovery.related_for if self.discovery else lambda path: ()
        return header_footer(self.renderer, story, catalog, related)

    def _site_files(
        self, catalog: Catalog, layout: SiteLayout
    ) -> tuple[list[GeneratedPage], dict[str, str]]:
        """The generated pages, and the other generated files by site path."""
        assert self.discovery is not None
        title = self.options.section_title if self.prefix else layout.site_name
        store = None  # a build keeps its pages for the next; a preview keeps them in memory
        if layout.config_file is not None and not self.serving:
            store = StoredResults("generated-pages", layout.site_root)
        pages = self.renderer.site_pages(catalog, title, store)
        pages += self.discovery.pages(self.renderer, catalog)
        files = {"stories.json": stories_json(catalog, layout.directory_urls)}
        site_url = layout.site_url
        if site_url:  # the feed's absolute links lead into the section
            site_url = site_url.rstrip("/") + "/" + self.prefix
        files.update(self.discovery.files(catalog, title, site_url, layout.directory_urls))
        return pages, files

    def source(self, src_uri: str, abs_path: str | None) -> str | None:
        """A page's source text when the build supplies it, or None to let MkDocs read the file."""
        if src_uri in self.stories or src_uri in self.generated:
            return ""  # already read and parsed: `markdown` gives the body, not a second YAML parse
        if src_uri in self.broken:  # kept by the preview: shown inert, whatever it holds
            return preview_file(abs_path or "")
        return None

    def markdown(
        self, src_uri: str, markdown: str, meta: dict[str, Any], has_template: Callable[[str], bool]
    ) -> tuple[dict[str, Any], str]:
        """A page's metadata and the Markdown to convert (a generated page converts nothing)."""
        if src_uri in self.generated:
            generated = self.generated[src_uri]
            return safe_meta(generated.title, generated.description), ""
        if src_uri in self.stories:
            story = self.stories[src_uri]
            meta = safe_meta(story.title, story.description, story.theme_meta)
            name = meta.get("template")
            if name is not None and not has_template(name):
                # A `template:` the theme lacks would stop the build with a traceback.
                problem = Problem(
                    story.path,
                    story.key_lines.get("template"),
                    "error",
                    f"template: {name!r} is not a template of the theme: remove `template:` "
                    "or add the file to the theme's custom_dir",
                )
                self.say("warning", str(problem))
                del meta["template"]
            return meta, story.body
        if src_uri in self.broken:
            return safe_meta(f"Problems in {src_uri}", ""), markdown
        return meta, markdown

    def content(self, src_uri: str, html_text: str) -> str:
        """A page's HTML with what the site adds: a story's header and footer, a problem banner."""
        assert self.catalog is not None
        if src_uri in self.generated:
            return self.generated[src_uri].html
        if src_uri in self.stories:
            story = self.stories[src_uri]
            parts = self.story_parts.pop(story.path, None)  # not held once on its page
            header, footer = parts or self._header_footer(story, self.catalog)
            if self.options.sanitize:
                html_text = sanitize(html_text)
            return header + html_text + footer
        if src_uri in self.broken:
            inside = src_uri.removeprefix(self.prefix)
            return self.renderer.problems_banner(self.broken[src_uri], inside) + html_text
        return html_text

    def render_failed(self, src_uri: str, error: Exception) -> str | None:
        """What a story page shows when Python-Markdown fails on its body: its problem, said as
        the story's error, so the other stories still publish. None for any other page."""
        story = self.stories.get(src_uri)
        if story is None:
            return None
        what = (
            "it nests too deeply"
            if isinstance(error, RecursionError)
            else f"{type(error).__name__}: {error}"
        )
        first = story.body_line + len(story.body) - len(story.body.lstrip("\n"))
        problem = Problem(
            story.path,
            first,
            "error",
            f"Markdown could not render this story ({what}): simplify the part that fails, "
            "e.g. flatten nested lists or HTML",
        )
        self.say("warning", str(problem))
        return self.renderer.problems_banner([problem], story.path)

    def squeeze(self, output: str) -> str:
        """A written page without the theme's indentation (a third of a story page's bytes)."""
        return squeeze_whitespace(output)

    def stop(self) -> None:
        """End a Pagefind run still going (before the site folder is cleaned, or after a failure)."""
        if self.discovery is not None:
            self.discovery.stop_site_index()

    def finish(self) -> None:
        """Wait for the search index and the Pagefind bundle and say how they went (the preview
        does not wait: it reports what is still running)."""
        if self.discovery is None or self.catalog is None:
            return
        wait = not self.serving
        for done in (
            self.discovery.finish_search_index(wait=wait),
            self.discovery.finish_site_index(wait=wait),
        ):
            if done is not None:
                self.say("info" if done[0] else "warning", done[1])


def safe_meta(title: str, description: str, theme: dict[str, Any] | None = None) -> dict[str, Any]:
    """Page metadata for the theme: escaped title and description, checked theme keys only, so
    no other front-matter value reaches a theme template unescaped."""
    safe = dict(theme or {})
    safe["title"] = html.escape(title)
    if description:
        safe["description"] = html.escape(description)
    return safe

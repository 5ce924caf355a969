"""The MkDocs adapter: routes build events to the library and hands its pages to MkDocs."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pathspec
from jinja2 import Environment
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from warstories.core.catalog import Catalog, ParseCache, load_catalog
from warstories.core.model import Problem, Story
from warstories.core.parallel import can_fork, fork_map, in_parallel
from warstories.core.settings import load_taxonomy, section_prefix
from warstories.core.stored_cache import StoredParseCache
from warstories.plugin.rebuilds import Rebuilds
from warstories.plugin.section import Section
from warstories.plugin.shared_nav import SharedNav
from warstories.plugin.theme import material_search_on, register_theme
from warstories.search.pagefind_records import BUNDLE
from warstories.site.build import Discovery
from warstories.site.export import stories_json
from warstories.site.feed import FEED
from warstories.site.htmlsize import squeeze_whitespace
from warstories.site.preview import preview_file
from warstories.site.renderer import GeneratedPage, Renderer

log = get_plugin_logger("warstories")


class WarstoriesConfig(Config):
    vocabulary = c.Optional(c.File(exists=True))
    categories = c.ListOfItems(c.Type(dict), default=[])
    drafts = c.Optional(c.Type(bool))  # None: shown by `mkdocs serve` only
    nav = c.Type(bool, default=True)  # fill the nav when mkdocs.yml has none
    # the CLI's whoosh index: "auto" refreshes it when it exists, true also creates it
    search_index = c.Choice((True, False, "auto"), default="auto")
    pagefind = c.Type(bool, default=True)  # index the built site for the header search
    # a folder of docs_dir that holds the stories (a section of a bigger site); None: all of it
    stories_dir = c.Optional(c.Type(str))
    section_title = c.Type(str, default="War stories")  # the section's nav entry and home


class WarstoriesPlugin(BasePlugin[WarstoriesConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.cache = ParseCache()
        self.catalog: Catalog | None = None
        self.renderer = Renderer()
        self.generated: dict[str, GeneratedPage] = {}
        self.stories: dict[str, Story] = {}
        self.story_parts: dict[str, tuple[str, str]] = {}  # header and footer, made ahead
        self.broken: dict[str, list[Problem]] = {}
        self.discovery: Discovery | None = None
        self.rebuilds = Rebuilds()  # what `mkdocs serve --dirty` keeps between rebuilds
        self.site_search = True  # the header shows the stories' Pagefind search
        self.section = Section()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.rebuilds.start(command, dirty)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            self.taxonomy = load_taxonomy(self.config.vocabulary, self.config.categories)
            prefix = section_prefix(self.config.stories_dir)
        except ValueError as exc:
            raise PluginError(f"warstories: {exc}") from exc
        register_theme(config)
        # One search box: with Material's search on, the header keeps Material's (it searches
        # every page of the site, stories included) and no Pagefind bundle is made for it.
        self.site_search = self.config.pagefind and not material_search_on(config)
        if self.renderer.directory_urls != config.use_directory_urls:  # else kept: compiled once
            self.renderer = Renderer(config.use_directory_urls)
        self.section = Section(prefix, self.config.section_title)
        if self.section.whole_site and self.config.nav and config.nav is None:
            config.nav = self.section.root_nav()
        elif not self.section.whole_site and config.nav is not None:
            config.nav = self.section.written_nav(config.nav)  # an automatic one: in on_files
        if config.not_in_nav is None:  # stories are reached from category pages, by design
            stories = "*.md" if self.section.whole_site else f"/{prefix}"
            config.not_in_nav = pathspec.gitignore.GitIgnoreSpec.from_lines([stories])
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        section = self.section
        if not section.whole_site and self.config.nav and config.nav is None:
            own = (f.src_uri for f in files.documentation_pages() if f.inclusion.is_in_nav())
            config.nav = section.automatic_nav(own)  # MkDocs' own, with the section as one entry
        self.rebuilds.begin(config)
        include_drafts = self.serving if self.config.drafts is None else self.config.drafts
        first = self.rebuilds.builds == 1  # later preview rebuilds keep the cache in memory
        root = Path(config.docs_dir) / section.prefix
        if first:  # stories parsed by earlier builds or checks, by content hash
            self.cache = StoredParseCache(root, self.taxonomy)
        catalog = load_catalog(root, self.taxonomy, include_drafts=include_drafts, cache=self.cache)
        if first and isinstance(self.cache, StoredParseCache):
            self.cache.save()
        self.catalog = catalog
        for problem in catalog.problems:
            warns = problem.is_error or (problem.is_warning and not self.serving)
            (log.warning if warns else log.info)(str(problem))  # notes only inform
        log.info(catalog.summary())
        self.stories = {section.src(s.path): s for s in catalog.stories}
        site_root = Path(config.config_file_path or ".").parent
        if self.discovery is None or self.discovery.site_root != site_root:
            self.discovery = Discovery(site_root)
        # Related stories here (their cache lives in this process); the generated pages and
        # files, which need only the catalog, in a forked child when there is a second core
        # (the renderer's tag-page reuse is lost there; it serves the preview, which never forks).
        _, (generated, extra) = in_parallel(
            lambda: self.discovery.prepare(catalog), lambda: self._site_files(catalog, config)
        )
        self.story_parts = self._story_parts(catalog) if can_fork() else {}
        if self.config.search_index and config.config_file_path:
            create = self.config.search_index is True
            self.discovery.start_search_index(Path(config.config_file_path), create)
        if self.site_search:  # Pagefind indexes and writes on another core meanwhile
            language = config.theme.get("language") or "en"
            self.discovery.start_site_index(
                catalog, Path(config.site_dir) / section.prefix, language, config.use_directory_urls
            )
        self.broken = {}
        for problem in catalog.errors:
            self.broken.setdefault(section.src(problem.path), []).append(problem)
        self._keep_published(files, catalog)
        self.generated = {section.src(p.src_uri): p for p in generated}
        for src, page in self.generated.items():
            existing = files.get_file_from_path(src)
            if existing is not None:
                files.remove(existing)
            files.append(self.rebuilds.file(config, src, page.html))
        for uri, content in extra.items():
            files.append(self.rebuilds.file(config, section.src(uri), content))
        return files

    def _keep_published(self, files: Files, catalog: Catalog) -> None:
        """Drop drafts, broken stories (the preview keeps them, to show their problems) and
        anything reached through a link that leads outside the stories folder. Files outside
        the stories' section are the site's own: left as they are."""
        for file in list(files):
            inside = self.section.inside(file.src_uri)
            if inside is None:
                continue
            if catalog.refused and catalog.is_refused(inside):
                files.remove(file)  # reported with the other problems
                continue
            if not file.is_documentation_page() or file.src_uri in self.stories:
                continue
            if self.serving and file.src_uri in self.broken:
                continue
            files.remove(file)

    def _story_parts(self, catalog: Catalog) -> dict[str, tuple[str, str]]:
        """Every story's header and footer, rendered over two processes before the pages are.

        Only where a fork is possible (a build): a preview rebuild renders just the pages it
        rebuilds, in on_page_content.
        """
        parts = fork_map(lambda story: self._header_footer(story, catalog), catalog.stories)
        return {story.path: part for story, part in zip(catalog.stories, parts)}

    def _header_footer(self, story: Story, catalog: Catalog) -> tuple[str, str]:
        related = self.discovery.related_for(story.path) if self.discovery else ()
        return (
            self.renderer.story_header(story, catalog),
            self.renderer.story_footer(story, catalog, related),
        )

    def _site_files(
        self, catalog: Catalog, config: MkDocsConfig
    ) -> tuple[list[GeneratedPage], dict[str, str]]:
        """The generated pages, and the other generated files by site path."""
        assert self.discovery is not None
        title = config.site_name if self.section.whole_site else self.section.title
        pages = self.renderer.site_pages(catalog, title)
        pages += self.discovery.pages(self.renderer, catalog)
        files = {"stories.json": stories_json(catalog, config.use_directory_urls)}
        site_url = config.site_url
        if site_url:  # the feed's absolute links lead into the section
            site_url = site_url.rstrip("/") + "/" + self.section.prefix
        files.update(self.discovery.files(catalog, title, site_url, config.use_directory_urls))
        return pages, files

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        homepage = (config.extra or {}).get("homepage")
        env.globals["ws_shared_nav"] = SharedNav(config.theme.get("logo"), homepage)
        bundle = self.section.src(f"{BUNDLE}/pagefind.js")
        env.globals["ws_search"] = bundle if self.site_search else ""
        env.globals["ws_feed"] = self.section.src(FEED)
        if self.rebuilds.dirty_serve:  # MkDocs makes a new environment for every rebuild
            env.bytecode_cache = self.rebuilds.bytecode
        return env

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        src = page.file.src_uri
        if src in self.stories or src in self.generated:
            return ""  # already read and parsed: on_page_markdown gives the body, not a second YAML parse
        if src in self.broken:  # kept by the preview: shown inert, whatever it holds
            return preview_file(page.file.abs_src_path or "")
        return None

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        src = page.file.src_uri
        if src in self.generated:
            generated = self.generated[src]
            page.meta = _safe_meta(generated.title, generated.description)
            return ""  # the HTML comes in on_page_content, untouched by Markdown
        if src in self.stories:
            story = self.stories[src]
            page.meta = _safe_meta(story.title, story.description, story.theme_meta)
            _drop_missing_template(page, config, story)
            return story.body
        if src in self.broken:
            page.meta = _safe_meta(f"Problems in {src}", "")
        return markdown

    def on_page_content(
        self, html_text: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        src = page.file.src_uri
        assert self.catalog is not None
        if src in self.generated:
            return self.generated[src].html
        if src in self.stories:
            story = self.stories[src]
            parts = self.story_parts.get(story.path)
            header, footer = parts or self._header_footer(story, self.catalog)
            return header + html_text + footer
        if src in self.broken:
            inside = self.section.inside(src) or src
            return self.renderer.problems_banner(self.broken[src], inside) + html_text
        return html_text

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.discovery is not None:  # the preview's last Pagefind run, before the clean
            self.discovery.stop_site_index()

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return squeeze_whitespace(output)  # a third of a story page was template indentation

    def on_build_error(self, *, error: Exception) -> None:
        if self.discovery is not None:
            self.discovery.stop_site_index()  # no Pagefind process outlives a failed build

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        _post_build_discovery(self, config)
        self.rebuilds.finished()


def _post_build_discovery(plugin: WarstoriesPlugin, config: MkDocsConfig) -> None:
    """Wait for the shared search index and the Pagefind bundle (the preview does not wait)."""
    if plugin.discovery is None or plugin.catalog is None:
        return
    indexed = plugin.discovery.finish_search_index(wait=not plugin.serving)
    if indexed is not None:
        (log.info if indexed[0] else log.warning)(indexed[1])
    bundled = plugin.discovery.finish_site_index(wait=not plugin.serving)
    if bundled is not None:
        (log.info if bundled[0] else log.warning)(bundled[1])


def _drop_missing_template(page: Page, config: MkDocsConfig, story: Story) -> None:
    """A `template:` the theme lacks would stop the build with a traceback: say so, and drop it."""
    name = page.meta.get("template")
    if name is None:
        return
    try:
        config.theme.get_env().get_template(name)
    except Exception:  # not found, or does not compile
        problem = Problem(
            story.path,
            story.key_lines.get("template"),
            "error",
            f"template: {name!r} is not a template of the theme: remove `template:` or add "
            "the file to the theme's custom_dir",
        )
        log.warning(str(problem))
        del page.meta["template"]


def _safe_meta(title: str, description: str, theme: dict[str, Any] | None = None) -> dict[str, Any]:
    """Page metadata for the theme: escaped title and description, checked theme keys only, so
    no other front-matter value reaches a theme template unescaped."""
    safe = dict(theme or {})
    safe["title"] = html.escape(title)
    if description:
        safe["description"] = html.escape(description)
    return safe

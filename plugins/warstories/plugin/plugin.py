"""The MkDocs adapter: each build event makes one call into the library's SiteBuild."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.base import Config, ConfigErrors, ConfigWarnings, ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from warstories.core.characters import one_line
from warstories.core.settings import Options
from warstories.plugin.convert import Conversions
from warstories.plugin.files import hand_over
from warstories.plugin.guard import guard_render
from warstories.plugin.kept_pages import KeptPages
from warstories.plugin.rebuilds import Rebuilds, watch_sooner
from warstories.plugin.render_ahead import RenderAhead
from warstories.plugin.section import Section
from warstories.plugin.shared_nav import SharedNav
from warstories.plugin.theme import material_search_on, register_theme, theme_dir
from warstories.site.build import SiteBuild, SiteLayout

log = get_plugin_logger("warstories")


def _say(level: str, message: str) -> None:
    (log.warning if level == "warning" else log.info)(one_line(message))


class _Given(Config):
    """Holds nothing: the options are read by the library's `Options` (see load_config)."""


class WarstoriesPlugin(BasePlugin[_Given]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.options = Options()
        self.site = SiteBuild(_say)  # kept across a preview's rebuilds, with its caches
        self.rebuilds = Rebuilds()  # what `mkdocs serve --dirty` keeps between rebuilds
        self.conversions = Conversions()  # story Markdown converted ahead, for a build
        self.kept = KeptPages()  # pages written as the last build's templates wrote them
        self.ahead = RenderAhead()  # a child rendering pages from the end meanwhile
        self.nav: Navigation | None = None
        self.dirty = False

    def load_config(
        self, options: dict[str, Any], config_file_path: str | None = None
    ) -> tuple[ConfigErrors, ConfigWarnings]:
        """The options are read once, by `Options` of the library (the CLI reads them too)."""
        self.config = _Given(config_file_path=config_file_path)
        base = Path(config_file_path).parent if config_file_path else None
        try:
            self.options = Options.from_mapping(options, base)
        except ValueError as exc:
            return [("warstories", ValidationError(str(exc)))], []
        return [], []

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.site.serving = command == "serve"
        self.dirty = dirty  # `build --dirty` rewrites site files in place: no page is kept
        self.rebuilds.start(command, dirty)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            self.site.configure(
                self.options, config.use_directory_urls, other_search=material_search_on(config)
            )
            self.site.check_folder_links(Path(config.docs_dir))  # before MkDocs walks them
        except ValueError as exc:
            raise PluginError(f"warstories: {exc}") from exc
        register_theme(config)
        _section(self.options).configure_nav(config, self.options.nav)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        _section(self.options).complete_nav(config, files, self.options.nav)
        self.rebuilds.begin(config)
        layout = _layout(config)
        prepared = self.site.prepare(layout, first=self.rebuilds.builds == 1)
        files = hand_over(files, prepared, config, self.rebuilds)
        if not self.site.serving and self.options.convert_ahead:
            self.conversions.prepare(self.site.stories, config, files, layout.config_file)
        self.site.start_indexers(layout)
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    @event_priority(-100)  # last: the environment is complete, for the key and the child
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        homepage = (config.extra or {}).get("homepage")
        env.globals["ws_shared_nav"] = SharedNav(config.theme.get("logo"), homepage)
        env.globals.update(self.site.theme_globals())
        if not self.site.serving and not self.dirty and self.options.keep_pages:
            self.kept.begin(config, env, theme_dir(), self)
            if self.nav is not None:
                doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
                self.ahead.start(doc_files, config, self.nav, env, self.kept, self.site.squeeze)
        if self.rebuilds.dirty_serve:  # MkDocs makes a new environment for every rebuild
            env.bytecode_cache = self.rebuilds.bytecode
        return env

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        return guard_render(page, self.site.render_failed)  # a failed story is its own error

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        return self.site.source(page.file.src_uri, page.file.abs_src_path)

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        page.meta, markdown = self.site.markdown(
            page.file.src_uri, markdown, page.meta, lambda name: _has_template(config, name)
        )
        self.conversions.use_for(page)  # a story converted ahead, if that still applies
        return markdown

    def on_page_content(
        self, html_text: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        return self.site.content(page.file.src_uri, html_text)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        watch_sooner(server)  # an edit is seen within 0.2 s, not MkDocs' 0.5 s
        return server

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.site.stop()  # the preview's last Pagefind run, before the clean

    @event_priority(-100)  # last: the context every other plugin made is the one kept
    def on_page_context(
        self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> Any:
        self.ahead.reached(page)
        return self.kept.context(context, page, nav)

    @event_priority(100)  # first, so a kept page is kept squeezed
    def _squeeze(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if self.kept.was_reused(page):
            return output  # squeezed before it was kept
        return self.site.squeeze(output)

    @event_priority(99)  # before any other plugin's `post_page` changes the page
    def _keep_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        self.kept.rendered(output, page)
        return output

    on_post_page = CombinedEvent(_squeeze, _keep_page)

    def on_build_error(self, *, error: Exception) -> None:
        self.ahead.stop()
        self.site.stop()  # no Pagefind process outlives a failed build

    @event_priority(100)  # first: the pages are kept as MkDocs wrote them
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.ahead.stop()  # before Pagefind's end: the child holds its input open too
        said = self.kept.finish()
        self.site.finish()
        if said:
            _say("info", said)
        self.rebuilds.finished()


def _section(options: Options) -> Section:
    return Section(options.stories_dir, options.section_title)


def _layout(config: MkDocsConfig) -> SiteLayout:
    return SiteLayout(
        docs_dir=Path(config.docs_dir),
        site_dir=Path(config.site_dir),
        config_file=Path(config.config_file_path) if config.config_file_path else None,
        site_name=config.site_name,
        site_url=config.site_url,
        directory_urls=config.use_directory_urls,
        language=config.theme.get("language") or "en",
    )


def _has_template(config: MkDocsConfig, name: str) -> bool:
    try:
        config.theme.get_env().get_template(name)
    except Exception:  # not found, or does not compile
        return False
    return True

"""Pages an earlier build wrote through the theme, written again without the theme when nothing
the theme would see has changed: a pull request's build renders the pages its change touches.

MkDocs renders every page through the theme's templates (about a third of a build). Here the
template's output for a page is kept in the site's cache folder (outside the repository),
under a key that covers everything the template is given: the page (its content, table of
contents, title, front matter, addresses, neighbours and sections), the navigation, the site's
settings, the theme's files and the versions of the code that renders. When a later build
gives a page the same key, the package's `main.html` extends `ws-kept.html`, which prints the
kept text instead of Material's `base.html`: the same bytes, and every `post_page` event of
every plugin still runs on them. Anything that cannot be told apart from one run to another
(an object without a plain value, a template of the site's own in place of ours) renders the
page as MkDocs would, and keeps nothing.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import hashlib
import importlib.metadata
import inspect
import os
import re
import shutil
import sys
import time
import types
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from warstories.core.build_cache import code_fingerprint, digest
from warstories.core.cachedir import cache_dir, make_private, trusted

KEPT_TEMPLATE = "ws-kept.html"  # prints `ws_kept_page`; ours, in the package's theme folder
FORMAT = 1

# Settings that never reach a template: paths on this machine, commands' own options.
_NOT_SHOWN = {
    "config_file_path", "docs_dir", "site_dir", "dev_addr", "remote_branch", "remote_name",
    "strict", "watch", "exclude_docs", "draft_docs", "not_in_nav", "validation", "plugins",
    "theme", "hooks", "markdown_extensions", "mdx_configs",
}  # fmt: skip
# What get_context gives every page, each folded into the key its own way.
_STANDARD = {"config", "nav", "page", "pages", "base_url", "extra_css", "extra_javascript",
             "mkdocs_version", "build_date_utc"}  # fmt: skip
# Packages whose code renders a page; plugins' own packages are added per site.
_RENDERERS = ("mkdocs", "mkdocs-material", "jinja2", "markupsafe", "babel")


class KeptPages:
    """One build's kept pages: which pages were written from the cache, which are to be kept."""

    def __init__(self) -> None:
        self.folder: Path | None = None  # None: nothing kept or reused in this build
        self.site_key: str | None = None
        self.dates: bool = False  # a template shows the build's date: no page is ever the same
        self.pending: dict[str, str] = {}  # src_uri -> key of a page rendered through the theme
        self.used: set[str] = set()
        self.reused: set[str] = set()  # src_uri of the pages written from the cache
        self.copies: dict[str, str] = {}  # written page -> key: kept by copying the site's file
        self.only_ours = False  # no other plugin changes a page after the templates
        self._pages_seen: tuple[Any, str] | None = None  # the pages list and its digest
        self.with_pages = True  # a template uses the context's `pages`
        self.started = 0  # when this build began (ns): a kept file newer is this build's
        self.ahead = 0  # pages rendered ahead by this build's second process
        self.found = 0  # pages kept in the folder when this build began

    def begin(self, config: MkDocsConfig, env: Environment, ours: Path, owner: object) -> None:
        """Start a build: keep pages only where our `main.html` is the one pages use (`ours`:
        the package's theme folder; `owner`: the plugin, whose `post_page` handlers these are)."""
        self.folder, self.site_key, self.pending, self.used = None, None, {}, set()
        self.reused, self.copies = set(), {}
        self.started, self.ahead, self.found = time.time_ns(), 0, 0
        handlers = config.plugins.events.get("post_page", [])
        self.only_ours = all(getattr(h, "__self__", None) is owner for h in handlers)
        if not config.config_file_path:
            return
        try:
            main = env.get_template("main.html").filename
        except jinja2.TemplateError:  # no main.html at all: MkDocs will say so
            return
        if main is None or Path(main).resolve() != (ours / "main.html").resolve():
            return  # the site's own main.html: it does not know ws-kept.html
        try:
            site = _site_digest(config, env)
        except (TypeError, OSError):
            return
        templates = _templates(config.theme.dirs)
        self.dates = any("build_date_utc" in t or "update_date" in t for t in templates)
        self.with_pages = _uses_pages(templates)
        folder = cache_dir(Path(config.config_file_path).parent) / "pages"
        with contextlib.suppress(OSError):
            make_private(folder)
            if trusted(folder):
                self.folder, self.site_key = folder, site
                self.found = sum(1 for name in os.listdir(folder) if name.endswith(".html"))

    def context(self, context: dict[str, Any], page: Page, nav: Navigation) -> dict[str, Any]:
        """The page's context, told to print the kept page when there is one."""
        if (
            self.folder is None
            or self.dates
            or page.meta.get("template", "main.html") != "main.html"
        ):
            return context
        try:
            key = digest([FORMAT, self.site_key, _nav_digest(nav), self._pages(context),
                          _page_fields(page), _context_rest(context)])  # fmt: skip
        except TypeError:
            return context
        try:
            with open(self.folder / f"{key}.html", encoding="utf-8") as kept:
                text = kept.read()
                made = os.fstat(kept.fileno()).st_mtime_ns
        except (OSError, ValueError):
            self.pending[page.file.src_uri] = key
            return context
        self.used.add(key)
        self.reused.add(page.file.src_uri)
        if made >= self.started:
            self.ahead += 1  # rendered by this build's second process (render_ahead.py)
        return {**context, "ws_frame": KEPT_TEMPLATE, "ws_kept_page": text}

    def _pages(self, context: dict[str, Any]) -> str:
        """The site's pages (`pages` of the context: the same list for every page of a build),
        when a template uses them (Material's do not: a new story then renders every page)."""
        if not self.with_pages:
            return ""
        pages = context.get("pages") or ()
        if self._pages_seen is None or self._pages_seen[0] is not pages:
            shown = [(f.src_uri, f.url) for f in pages]
            self._pages_seen = (pages, digest(shown))
        return self._pages_seen[1]

    def was_reused(self, page: Page) -> bool:
        """Whether the page was written from the cache (its text is already squeezed)."""
        return page.file.src_uri in self.reused

    def rendered(self, output: str, page: Page) -> None:
        """Keep a page's output as the other plugins' `post_page` handlers receive it: when
        there are none it is the file MkDocs writes, copied at the end of the build."""
        key = self.pending.pop(page.file.src_uri, None)
        if key is None or self.folder is None:
            return
        self.used.add(key)
        if self.only_ours:
            self.copies[page.file.abs_dest_path] = key
            return
        self.put(key, output)

    def put(self, key: str, text: str) -> None:
        """Keep a page's text under its key, put in place whole."""
        if self.folder is None:
            return
        with contextlib.suppress(OSError, ValueError):  # ValueError: text that is not UTF-8
            temporary = self.folder / f".{key}.{os.getpid()}"
            temporary.write_text(text, "utf-8")
            os.replace(temporary, self.folder / f"{key}.html")

    def finish(self) -> str | None:
        """Forget pages this build did not use (the site's pages, not every page ever built);
        a line for the log, None when nothing was kept."""
        if self.folder is None:
            return None
        for written, key in self.copies.items():
            with contextlib.suppress(OSError):
                _copy(Path(written), self.folder / f"{key}.html")
        with contextlib.suppress(OSError), os.scandir(self.folder) as entries:
            for entry in entries:
                if entry.name.endswith(".html") and entry.name[:-5] not in self.used:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)
        self.folder = None
        earlier = len(self.reused) - self.ahead
        return (
            f"{earlier} pages written as the last build's templates wrote them, "
            f"{self.ahead} rendered ahead in a second process"
        )


def _page_fields(page: Page) -> list[Any]:
    """What a template can read of the page itself."""
    return [
        page.file.src_uri, page.file.dest_uri, page.url, page.abs_url, page.canonical_url,
        page.edit_url, page.title, page.content, _toc(page.toc), _plain(page.meta),
        page.is_homepage, page.is_top_level, page.is_index,
        [(p.title, p.url if isinstance(p, Page) else None) for p in page.ancestors],
        _neighbour(page.previous_page), _neighbour(page.next_page),
    ]  # fmt: skip


def _neighbour(page: Page | None) -> Any:
    return None if page is None else (page.title, page.url)


def _toc(items: Iterable[Any]) -> list[Any]:
    return [(i.level, i.id, i.title, _toc(i.children)) for i in items]


def _nav_digest(nav: Navigation) -> str:
    """The navigation's titles and addresses (the same for every page of a build)."""
    known = getattr(nav, "_ws_kept_digest", None)
    if known is None:
        known = digest(_nav_items(nav.items))
        nav._ws_kept_digest = known  # type: ignore[attr-defined]  # the build's own object
    return known


def _nav_items(items: Iterable[Any]) -> list[Any]:
    shown = []
    for item in items:
        children = getattr(item, "children", None)
        url = getattr(item, "url", None)
        shown.append([type(item).__name__, item.title, url, _nav_items(children or ())])
    return shown


def _context_rest(context: dict[str, Any]) -> list[Any]:
    """The page's own entries of the context besides the page and the navigation."""
    rest: list[Any] = [
        context.get("base_url"),
        [str(v) for v in context.get("extra_css") or ()],
        [_script(v) for v in context.get("extra_javascript") or ()],
        context.get("mkdocs_version"),
    ]
    for name in sorted(set(context) - _STANDARD):  # another plugin's entries: plain, or no key
        rest.append([name, _plain(context[name])])
    return rest


def _script(value: Any) -> Any:
    if isinstance(value, str):
        return value
    return [str(value), getattr(value, "type", ""), getattr(value, "async_", False),
            getattr(value, "defer", False)]  # fmt: skip


def _plain(value: Any) -> Any:
    """Front matter and other values as plain ones; dates as text; else TypeError."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return f"{type(value).__name__}:{value.isoformat()}"
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_plain(v) for v in value), key=repr)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(type(value).__name__)


def _site_digest(config: MkDocsConfig, env: Environment) -> str:
    """Everything shared by all pages: settings, the theme's options and files, the plugins'
    settings, the environment's plain globals and the versions of the rendering code."""
    settings = {k: _setting(v) for k, v in config.items() if k not in _NOT_SHOWN}
    theme = {k: _setting(v) for k, v in config.theme.items()}
    plugins = [
        [name, type(plugin).__module__, type(plugin).__qualname__,
         _setting(dict(getattr(plugin, "config", {}) or {}))]
        for name, plugin in config.plugins.items()
        if name != "warstories"  # our own options are read by Options; the code is fingerprinted
    ]  # fmt: skip
    plain_globals = {}
    for name, value in env.globals.items():
        with contextlib.suppress(TypeError):
            plain_globals[name] = _setting(value)
    return digest(
        [code_fingerprint(), settings, theme, plugins, plain_globals,
         _theme_files(config.theme.dirs), _versions(config)]
    )  # fmt: skip


def _setting(value: Any) -> Any:
    """A setting as plain values: settings objects as what they hold, a locale as its name, a
    function as its name and its file's content; anything else as `_plain` takes it."""
    if hasattr(value, "items"):  # a mapping, or a settings object that reads as one
        return {str(k): _setting(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_setting(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_setting(v) for v in value), key=repr)
    if type(value).__name__ == "Locale":
        return str(value)
    if isinstance(value, functools.partial):
        return {"partial": _setting(value.func), "args": _setting(value.args),
                "keywords": _setting(value.keywords)}  # fmt: skip
    if callable(value) and hasattr(value, "__qualname__") and not isinstance(value, type):
        with contextlib.suppress(TypeError):  # a function: its name and its file's content
            source = inspect.getsourcefile(value)
            return f"{value.__module__}.{value.__qualname__}:{_file_digest(source)}"
    if (
        hasattr(value, "__dict__")
        and not callable(value)
        and type(value).__module__.startswith("mkdocs")
    ):
        return {"__type__": type(value).__qualname__, **{k: _setting(v) for k, v in vars(value).items()}}  # fmt: skip
    return _plain(value)


def _theme_files(dirs: Iterable[str]) -> list[Any]:
    """Each theme folder by the content of its files, except an installed package's, which its
    version stands for."""
    shown = []
    for folder in dirs:
        if "site-packages" in Path(folder).parts or "dist-packages" in Path(folder).parts:
            shown.append(["package", Path(folder).parts[-2:]])
            continue
        files = sorted(p for p in Path(folder).rglob("*") if p.is_file())
        shown.append([[str(p.relative_to(folder)), _file_digest(p)] for p in files])
    return shown


def _versions(config: MkDocsConfig) -> list[str]:
    """Versions of the rendering packages and of each plugin's package (by MkDocs' entry points;
    a plugin that is not one, by its source)."""
    versions = [sys.version]
    for name in _RENDERERS:
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            versions.append(f"{name}=={importlib.metadata.version(name)}")
    installed = {}
    for point in importlib.metadata.entry_points(group="mkdocs.plugins"):
        if point.dist is not None:
            installed[point.module] = f"{point.dist.name}=={point.dist.version}"
    for plugin in config.plugins.values():
        if isinstance(plugin, types.ModuleType):  # a hook (`hooks:`): its file
            versions.append(_file_digest(getattr(plugin, "__file__", None)))
            continue
        known = installed.get(type(plugin).__module__)
        versions.append(known or _file_digest(inspect.getsourcefile(type(plugin))))
    return versions


def _copy(source: Path, target: Path) -> None:
    """A copy of a written page (in the kernel; not a link, which a later in-place edit of the
    site's file would change), put in place whole."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}")
    shutil.copyfile(source, temporary)
    os.replace(temporary, target)


def _file_digest(path: str | os.PathLike[str] | None) -> str:
    if path is None:
        return "?"
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _templates(dirs: Iterable[str]) -> list[str]:
    """The text of every HTML template of the theme's folders (not the icons' folders)."""
    texts = []
    for folder in dirs:
        for where, subfolders, names in os.walk(folder):
            subfolders[:] = [d for d in subfolders if not d.startswith(".")]  # .icons: SVG only
            for name in names:
                if name.endswith(".html"):
                    with contextlib.suppress(OSError, UnicodeDecodeError):
                        texts.append(Path(where, name).read_text("utf-8"))
    return texts


_JINJA = re.compile(r"\{[{%].*?[}%]\}", re.DOTALL)
_PAGES = re.compile(r"(?<![.\w])pages\b")


def _uses_pages(templates: Iterable[str]) -> bool:
    """Whether a template's Jinja code uses the context's `pages` (not `nav_item.pages`)."""
    return any(_PAGES.search(code) for text in templates for code in _JINJA.findall(text))

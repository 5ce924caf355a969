"""Where the stories live in a site: all of docs_dir, or one folder of it (`stories_dir`), and
the nav entry that section gets whether the site's nav is written out or automatic.

Inside the section, story and generated-page paths are the library's (`scale/pool.md`,
`categories/index.md`); MkDocs sees them under the section's folder (`stories/scale/pool.md`).
Every link the library makes between them is relative, so it holds under any folder.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pathspec
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.utils import nest_paths

from warstories.site.explore import EXPLORE
from warstories.site.newhire import LESSONS, START_HERE, STATS, TIMELINE
from warstories.site.renderer import CATEGORIES, HOME, TAGS

# The generated pages in the nav, after the section's home page. The category and tag pages
# are reached from their index pages: 14 nav entries would cost 3 KB on every page.
NAV_PAGES = (
    ("Start here", START_HERE),
    ("Categories", CATEGORIES),
    ("Tags", TAGS),
    ("Explore", EXPLORE),
    ("Lessons", LESSONS),
    ("Timeline", TIMELINE),
    ("Stats", STATS),
)


@dataclass(frozen=True)
class Section:
    """The stories' folder inside docs_dir: `prefix` is "" (all of docs_dir) or e.g. "stories/"."""

    prefix: str = ""
    title: str = "War stories"

    @property
    def whole_site(self) -> bool:
        return not self.prefix

    def src(self, path: str) -> str:
        """MkDocs' src_uri of a path inside the section."""
        return self.prefix + path

    def inside(self, src_uri: str) -> str | None:
        """The path inside the section of a docs_dir path, or None for a page outside it."""
        if src_uri.startswith(self.prefix):
            return src_uri[len(self.prefix) :]
        return None

    def owns(self, file: File) -> bool:
        return file.src_uri.startswith(self.prefix)

    def entry(self, title: str | None = None) -> dict[str, list[Any]]:
        """The section's one nav entry: its home page (the section's index), then the rest."""
        pages: list[Any] = [{"Overview": self.src(HOME)}]
        pages += [{name: self.src(path)} for name, path in NAV_PAGES]
        return {title or self.title: pages}

    def root_nav(self) -> list[dict[str, str]]:
        """The nav of a site that is all stories (no `stories_dir`) and writes none."""
        return [{"Home": HOME}, *({name: path} for name, path in NAV_PAGES)]

    def written_nav(self, nav: Sequence[Any]) -> list[Any]:
        """A site's own nav with the section as one entry: an entry that points into the
        section (`stories/`, `stories/index.md`, …) becomes it, keeping its title; with none,
        the section is added at the end. Other entries are left exactly as written."""
        out: list[Any] = []
        placed = False
        for item in nav:
            title, target = _title_and_target(item)
            if (not placed and isinstance(target, str) and self._points_inside(target)) or (
                not placed and isinstance(target, list) and _any_inside(self, target)
            ):
                out.append(self.entry(title))
                placed = True
            else:
                out.append(item)
        if not placed:
            out.append(self.entry())
        return out

    def automatic_nav(self, pages: Iterable[str]) -> list[Any]:
        """What MkDocs would make of the site's own pages, with the section as one entry in
        the place its folder would take."""
        own = [p for p in pages if self.inside(p) is None]
        marker = self.src(HOME)
        nav = nest_paths([*own, marker])
        return _replace_marker(nav, marker, self)

    def configure_nav(self, config: MkDocsConfig, fill: bool) -> None:
        """The site's nav with the section in it (an automatic nav waits for `complete_nav`),
        and the stories themselves left out of it: category pages do the navigating."""
        if self.whole_site and fill and config.nav is None:
            config.nav = self.root_nav()
        elif not self.whole_site and config.nav is not None:
            config.nav = self.written_nav(config.nav)
        if config.not_in_nav is None:
            stories = "*.md" if self.whole_site else f"/{self.prefix}"
            config.not_in_nav = pathspec.gitignore.GitIgnoreSpec.from_lines([stories])

    def complete_nav(self, config: MkDocsConfig, files: Files, fill: bool) -> None:
        """A section in a site with an automatic nav: MkDocs' own, with the section as one entry."""
        if not self.whole_site and fill and config.nav is None:
            own = (f.src_uri for f in files.documentation_pages() if f.inclusion.is_in_nav())
            config.nav = self.automatic_nav(own)

    def _points_inside(self, target: str) -> bool:
        target = target.strip()
        if "://" in target:
            return False
        target = target.lstrip("/")
        return target.startswith(self.prefix) or target + "/" == self.prefix


def _title_and_target(item: Any) -> tuple[str | None, Any]:
    if isinstance(item, dict) and len(item) == 1:
        ((title, target),) = item.items()
        return str(title), target
    return None, item


def _any_inside(section: Section, items: Sequence[Any]) -> bool:
    for item in items:
        _, target = _title_and_target(item)
        if isinstance(target, str) and section._points_inside(target):
            return True
        if isinstance(target, list) and _any_inside(section, target):
            return True
    return False


def _replace_marker(nav: list[Any], marker: str, section: Section) -> list[Any]:
    """nest_paths put the marker at the section folder's place: the section's entry goes there
    (the folder holds nothing else, since the site's own pages inside it are the section's)."""
    out: list[Any] = []
    for item in nav:
        title, target = _title_and_target(item)
        if target == marker or target == [marker]:
            out.append(section.entry())
        elif isinstance(target, list):
            out.append({title: _replace_marker(target, marker, section)})
        else:
            out.append(item)
    return out

"""Material's navigation rendered once per build for all the pages outside the nav.

Every story page is outside the nav, so its navigation differs from another story's only in
the relative addresses of the nav's links; Material re-renders it for each page all the
same, a tenth of the build with an eight-entry nav. `site/theme/partials/nav.html`
puts Material's partial in a macro and calls `ws_shared_nav(page, nav, macro)`: a page in
the nav gets it rendered as usual, and a page outside it reuses the rendering of any page
whose links (and logo) resolve to the same addresses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url


class SharedNav:
    """The `ws_shared_nav` template global of one build (MkDocs makes a new env per build)."""

    def __init__(self, *addresses: str | None) -> None:
        self._addresses = [a for a in addresses if a]  # the logo, a homepage outside the nav
        self._nav: Navigation | None = None
        self._in_nav: set[str] = set()
        self._targets: list[str] = []
        self._made: dict[tuple[str, ...], str] = {}

    def __call__(self, page: Page | None, nav: Navigation | None, caller: Callable[[], str]) -> str:
        if page is None or nav is None or page.file is None:
            return caller()
        if nav is not self._nav:
            self._learn(nav)
        if page.file.src_uri in self._in_nav:
            return caller()  # its own entry is marked active: rendered for this page alone
        key = tuple(get_relative_url(target, page.url) for target in self._targets)
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = str(caller())
        return made

    def _learn(self, nav: Navigation) -> None:
        self._nav = nav
        self._in_nav = {p.file.src_uri for p in nav.pages if p.file is not None}
        self._targets = [*_urls(nav.items), *self._addresses]
        self._made = {}


def _urls(items: Iterable[Any]) -> Iterable[str]:
    """The address of every page, section index and link of a nav, depth first."""
    for item in items:
        url = getattr(item, "url", None)
        if isinstance(url, str):
            yield url
        yield from _urls(getattr(item, "children", None) or ())

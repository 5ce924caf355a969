"""Pages rendered through the theme by a forked child while MkDocs' page loop runs, so the loop's
last stretch does not leave the second core idle.

Once every page is read (`on_env`), a child forked from the build renders pages from the last
one backwards, the way MkDocs' loop would (its context, every plugin's `page_context`, the
template, our squeeze), and puts each in the kept pages' folder under the key the page's
context gives (kept_pages.py). The loop, going forwards, finds them there as it finds a page
kept by the last build: same key, same bytes, and every `post_page` event still runs in the
build itself. The two meet in the middle: the loop's position is shared through one page of
memory, and the child stops where the loop has been. A page the child has not finished is
rendered by the loop as usual; the child's own log lines are dropped (the loop's count).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import mmap
import os
import signal
import struct
from collections.abc import Callable, Sequence

from jinja2 import Environment
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from warstories.core.parallel import can_fork
from warstories.plugin.kept_pages import KeptPages

MIN_PAGES = 100  # below this a fork costs more than the rendering it moves
_POSITION = struct.Struct("q")


class RenderAhead:
    """The child rendering pages from the end; `reached` tells it where the loop is."""

    def __init__(self) -> None:
        self.child: int | None = None
        self.index: dict[str, int] = {}  # src_uri -> place in the loop
        self.shared: mmap.mmap | None = None

    def start(
        self,
        doc_files: Sequence[File],
        config: MkDocsConfig,
        nav: Navigation,
        env: Environment,
        kept: KeptPages,
        squeeze: Callable[[str], str],
    ) -> None:
        """Fork the child where forking is safe, the pages are many and most are not kept from
        the last build (after a one-story edit the loop has little left to render)."""
        self.stop()
        pages = [f.page for f in doc_files if f.page is not None]
        if kept.folder is None or len(pages) < MIN_PAGES or kept.found > len(pages) // 2:
            return
        if not can_fork():
            return
        self.index = {page.file.src_uri: place for place, page in enumerate(pages)}
        self.shared = mmap.mmap(-1, _POSITION.size)  # anonymous and shared with the child
        self.shared[:] = _POSITION.pack(-1)
        child = os.fork()
        if child == 0:  # the child: render, keep, and leave without any cleanup
            try:
                shared, self.shared = self.shared, None  # its own page_context moves nothing
                logging.disable(logging.CRITICAL)
                render = functools.partial(
                    _render, doc_files=doc_files, config=config, nav=nav, env=env, kept=kept,
                    squeeze=squeeze,
                )  # fmt: skip
                _render_from_the_end(pages, render, shared)
            finally:
                os._exit(0)
        self.child = child

    def reached(self, page: Page) -> None:
        """The loop is at this page: the child stops before it."""
        place = self.index.get(page.file.src_uri)
        if self.shared is not None and place is not None:
            self.shared[:] = _POSITION.pack(place)

    def stop(self) -> None:
        """End the child (its work is done or no longer needed) and wait for it."""
        if self.child is not None:
            with contextlib.suppress(OSError):
                os.kill(self.child, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(self.child, 0)
            self.child = None
        if self.shared is not None:
            self.shared.close()
            self.shared = None


def _render_from_the_end(
    pages: list[Page], render: Callable[[Page], None], shared: mmap.mmap
) -> None:
    for place in range(len(pages) - 1, -1, -1):
        if _POSITION.unpack(shared[:])[0] >= place:
            return  # the loop got here first
        try:
            render(pages[place])
        except Exception:  # the loop renders this page itself, and reports any error
            return


def _render(
    page: Page,
    *,
    doc_files: Sequence[File],
    config: MkDocsConfig,
    nav: Navigation,
    env: Environment,
    kept: KeptPages,
    squeeze: Callable[[str], str],
) -> None:
    """One page as MkDocs' loop renders it, kept under its key (unless it is kept already)."""
    config._current_page = page
    page.active = True
    try:
        context = get_context(nav, doc_files, config, page)
        template = env.get_template(page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        key = kept.pending.pop(page.file.src_uri, None)
        if key is not None:  # a page the templates render, and not kept already
            kept.put(key, squeeze(template.render(context)))
    finally:
        page.active = False
        config._current_page = None

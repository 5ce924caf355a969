"""One page's render failure kept to that page: Python-Markdown's limits end a story, not a build."""

from __future__ import annotations

from collections.abc import Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page


def guard_render(page: Page, failed: Callable[[str, Exception], str | None]) -> Page:
    """`page` whose render, if it raises, shows what `failed(src_uri, error)` gives instead
    (None: the error is not the page's own, and the build stops as it would have)."""
    render = page.render

    def guarded(config: MkDocsConfig, files: Files) -> None:
        try:
            render(config, files)
        except Exception as exc:  # anything Python-Markdown raises on one page
            shown = failed(page.file.src_uri, exc)
            if shown is None:
                raise
            page.content = shown

    page.render = guarded  # type: ignore[method-assign]
    return page

"""`mkdocs serve --dirty` rebuilds: an edit reaches every page that shows it, and nothing else is redone.

The builds run in-process the way `mkdocs serve --dirty` runs them (same plugin instance, a new
config per rebuild, `dirty=True`, a serve URL), so the site folder's files can be inspected.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate  # noqa: E402

SERVE_URL = "http://127.0.0.1:8000/"


class Preview:
    """A generated site rebuilt like `mkdocs serve --dirty` does it."""

    def __init__(self, root: Path, n: int = 30) -> None:
        self.config_file = generate(root, n)
        self.site = root / "site"
        self.plugins = None

    def build(self) -> None:
        config = load_config(config_file=str(self.config_file), site_dir=str(self.site))
        config.site_url = SERVE_URL
        if self.plugins is None:  # the first build, as `mkdocs serve --dirty` starts
            config.plugins.on_startup(command="serve", dirty=True)
            self.plugins = config.plugins
        build(config, serve_url=SERVE_URL, dirty=True)
        time.sleep(0.02)  # the next edit gets a later modification time than these files

    def text(self, url: str) -> str:
        html = (self.site / url / "index.html").read_text("utf-8")
        return BeautifulSoup(html, "html.parser").get_text(" ")

    def mtimes(self) -> dict[str, float]:
        return {
            p.relative_to(self.site).as_posix(): p.stat().st_mtime_ns
            for p in self.site.rglob("index.html")
        }


@pytest.fixture
def preview(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Preview:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    return Preview(tmp_path)


def newest_story(preview: Preview) -> tuple[Path, str, str, list[str]]:
    """The story the home page lists first: its file, URL, category and tag slugs."""
    from warstories.core.catalog import load_catalog
    from warstories.core.settings import load_taxonomy

    catalog = load_catalog(preview.config_file.parent / "stories", load_taxonomy(None, []))
    story = catalog.stories[0]
    url = story.path.removesuffix(".md")
    return preview.config_file.parent / "stories" / story.path, url, story.category, list(story.tag_slugs)  # fmt: skip


def test_an_edited_title_reaches_story_category_tag_and_home_pages(preview: Preview) -> None:
    preview.build()
    path, url, category, tags = newest_story(preview)
    path.write_text(path.read_text("utf-8").replace('title: "', 'title: "Edited zebra ', 1))
    preview.build()
    for page in (url, f"categories/{category}", *(f"tags/{t}" for t in tags), ""):
        assert "Edited zebra" in preview.text(page), page


def test_pages_an_edit_does_not_touch_are_not_rewritten(preview: Preview) -> None:
    preview.build()
    path, url, category, tags = newest_story(preview)
    before = preview.mtimes()
    path.write_text(path.read_text("utf-8").replace('title: "', 'title: "Edited ', 1))
    preview.build()
    after = preview.mtimes()
    rewritten = {page for page in after if after[page] != before.get(page)}
    assert f"{url}/index.html" in rewritten
    assert f"categories/{category}/index.html" in rewritten  # in the nav: always rebuilt
    assert "index.html" in rewritten
    for tag in tags:
        assert f"tags/{tag}/index.html" in rewritten
    other_tags = {p for p in after if p.startswith("tags/") and p.count("/") == 2} - {
        f"tags/{t}/index.html" for t in tags
    }
    assert other_tags and not (other_tags & rewritten)  # tag pages without the story: untouched
    other_stories = [p for p in after if p.count("/") == 2 and p.split("/")[0] not in ("tags", "categories")]  # fmt: skip
    assert len(other_stories) > 20 and not (set(other_stories) - {f"{url}/index.html"}) & rewritten


def test_a_deleted_page_file_is_written_again(preview: Preview) -> None:
    preview.build()
    tag_page = next(p for p in preview.site.glob("tags/*/index.html"))
    os.remove(tag_page)
    preview.build()
    assert tag_page.is_file()

"""Pages kept from the last build's templates: a pull request's build writes the unchanged pages
from the cache and gives the same site, byte for byte, as a build with no cache; a change to
the settings or the theme renders every page again; a site's own main.html keeps nothing."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import yaml
from conftest import REPO
from test_convert_ahead import _build, _same_tree

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate

REUSED = re.compile(r"(\d+) pages written as the last build's templates wrote them")


def _reused(log: str) -> int | None:
    found = REUSED.search(log)
    return int(found.group(1)) if found else None


def _site(tmp_path: Path, n: int = 40) -> Path:
    root = tmp_path / "src"
    generate(root, n)
    config = yaml.safe_load((root / "mkdocs.yml").read_text("utf-8"))
    config["plugins"] = [{"warstories": {"pagefind": False}}]
    config["theme"]["custom_dir"] = "overrides"
    (root / "overrides" / "partials").mkdir(parents=True)
    (root / "overrides" / "partials" / "copyright.html").write_text("<p>Ours, 2026.</p>\n")
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    return root


def _pages(out: Path) -> int:
    return sum(1 for p in out.rglob("*.html") if p.name != "404.html")


def test_a_one_story_change_reuses_every_other_page_and_builds_the_same_site(tmp_path: Path):
    root = _site(tmp_path)
    cache = tmp_path / "cache"
    first = _build(root, str(tmp_path / "first"), cache=cache)
    assert _reused(first) == 0
    edited = sorted((root / "stories" / "scale").glob("*.md"))[0]
    edited.write_text(edited.read_text("utf-8") + "\nThe numbat ate the pager.\n", "utf-8")

    pr = _build(root, str(tmp_path / "pr"), cache=cache)
    fresh = _build(root, str(tmp_path / "fresh"), cache=tmp_path / "empty-cache")

    _same_tree(tmp_path / "fresh", tmp_path / "pr")
    page = tmp_path / "pr" / "scale" / edited.stem / "index.html"
    assert "The numbat ate the pager." in page.read_text("utf-8")
    # the edited story's page and the generated pages that show its changed text were
    # rendered again; every other page came from the cache
    pages = _pages(tmp_path / "pr")
    reused = _reused(pr)
    assert reused is not None and pages - 5 <= reused < pages, (reused, pages)
    assert _reused(fresh) == 0


def test_a_change_to_the_settings_or_the_theme_renders_every_page_again(tmp_path: Path):
    root = _site(tmp_path, 12)
    cache = tmp_path / "cache"
    _build(root, str(tmp_path / "first"), cache=cache)
    again = _build(root, str(tmp_path / "again"), cache=cache)
    assert _reused(again) == _pages(tmp_path / "again")  # nothing changed: every page kept

    config = yaml.safe_load((root / "mkdocs.yml").read_text("utf-8"))
    config["site_name"] = "Renamed stories"
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    renamed = _build(root, str(tmp_path / "renamed"), cache=cache)
    assert _reused(renamed) == 0
    assert "Renamed stories" in (tmp_path / "renamed" / "index.html").read_text("utf-8")

    (root / "overrides" / "partials" / "copyright.html").write_text("<p>Theirs, 2027.</p>\n")
    themed = _build(root, str(tmp_path / "themed"), cache=cache)
    assert _reused(themed) == 0
    for page in (tmp_path / "themed").rglob("*.html"):
        if page.name != "404.html":
            assert "Theirs, 2027." in page.read_text("utf-8"), page


def test_a_site_with_its_own_main_html_keeps_nothing(tmp_path: Path):
    root = _site(tmp_path, 12)
    (root / "overrides" / "main.html").write_text('{% extends "base.html" %}\n')
    cache = tmp_path / "cache"
    first = _build(root, str(tmp_path / "first"), cache=cache)
    second = _build(root, str(tmp_path / "second"), cache=cache)
    assert _reused(first) is None and _reused(second) is None
    assert not list(cache.rglob("pages/*.html"))
    _same_tree(tmp_path / "first", tmp_path / "second")


def test_another_plugins_post_page_still_runs_on_every_kept_page(tmp_path: Path):
    root = _site(tmp_path, 12)
    (root / "stamp.py").write_text(
        "def on_post_page(output, page, config):\n"
        "    return output.replace('</body>', '<!-- stamped -->\\n</body>')\n"
    )
    config = yaml.safe_load((root / "mkdocs.yml").read_text("utf-8"))
    config["hooks"] = ["stamp.py"]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    cache = tmp_path / "cache"
    _build(root, str(tmp_path / "first"), cache=cache)
    again = _build(root, str(tmp_path / "again"), cache=cache)
    assert _reused(again) == _pages(tmp_path / "again")
    _same_tree(tmp_path / "first", tmp_path / "again")
    for page in (tmp_path / "again").rglob("*.html"):
        if page.name != "404.html":
            assert page.read_text("utf-8").count("<!-- stamped -->") == 1, page


def test_the_handbook_with_materials_search_and_tags_keeps_its_pages_and_stays_right(
    tmp_path: Path,
):
    root = tmp_path / "handbook"
    shutil.copytree(REPO / "examples" / "handbook", root)
    cache = tmp_path / "cache"
    _build(root, str(tmp_path / "first"), cache=cache)
    again = _build(root, str(tmp_path / "again"), cache=cache)
    # about/ is tagged, and Material's tags plugin gives its template objects, not plain
    # values: that one page is rendered every time, all the others are kept
    assert _reused(again) == _pages(tmp_path / "again") - 1
    _same_tree(tmp_path / "first", tmp_path / "again")

    story = root / "docs" / "stories" / "scale" / "connection-pool-saturation.md"
    text = story.read_text("utf-8")
    story.write_text(text.replace("tags: [", "tags: [numbat, ", 1), "utf-8")
    assert story.read_text("utf-8") != text
    edited = _build(root, str(tmp_path / "edited"), cache=cache)
    _build(root, str(tmp_path / "fresh"), cache=tmp_path / "empty-cache")
    _same_tree(tmp_path / "fresh", tmp_path / "edited")
    reused = _reused(edited)
    assert reused is not None and 0 < reused < _pages(tmp_path / "edited")

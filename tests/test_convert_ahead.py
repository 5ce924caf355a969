"""Story Markdown converted ahead (two processes, and read back from the cache on the next build)
gives the same site, byte for byte, as MkDocs converting each page itself, with the same
link and anchor warnings; and a cached conversion is not reused once a file it links to left."""

from __future__ import annotations

import filecmp
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO, Site, run_cmd, run_process, story

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate

SKIPPED = {"sitemap.xml.gz"}  # gzip keeps the time it was written


def _build(
    root: Path, out: str, *args: str, cache: Path, one_core: bool = False, process: bool = False
) -> str:
    """A build in this process (a thread left by an earlier build would rule out the fork), or
    with `process` a real `mkdocs build` (forking when there is a second core), or on one core."""
    command = [sys.executable, "-m", "mkdocs", "build", "-d", out, *args]
    env = {"XDG_CACHE_HOME": str(cache)}
    if one_core:  # no second core: the sequential fallback
        result = run_process(["taskset", "-c", "0", *command], root, env)
    elif process:
        result = run_process(command, root, env)
    else:
        result = run_cmd(command, root, env)
    assert result.returncode == 0, result.stderr
    return result.stderr


def _same_tree(a: Path, b: Path) -> None:
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    assert files_a == files_b
    different = [
        str(rel)
        for rel in files_a
        if rel.name not in SKIPPED and not filecmp.cmp(a / rel, b / rel, shallow=False)
    ]
    assert different == []


def _warnings(log: str) -> list[str]:
    return sorted(line for line in log.splitlines() if line.startswith("WARNING"))


def _site(root: Path, convert_ahead: bool) -> None:
    """mkdocs-ahead.yml / mkdocs-plain.yml beside mkdocs.yml: the same site, converted ahead or
    by MkDocs page by page (and no Pagefind bundle, which is not the Markdown's business)."""
    config = yaml.safe_load((root / "mkdocs.yml").read_text("utf-8"))
    options = {"pagefind": False, "convert_ahead": convert_ahead}
    config["plugins"] = [{"warstories": options} if p == "warstories" else p for p in config["plugins"]]  # fmt: skip
    name = f"mkdocs-{'ahead' if convert_ahead else 'plain'}.yml"
    (root / name).write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")


def _check_same(root: Path, tmp_path: Path) -> list[str]:
    _site(root, True)
    _site(root, False)
    cache = tmp_path / "user-cache"
    plain = _build(root, str(tmp_path / "plain"), "-f", "mkdocs-plain.yml", cache=cache)
    cold = _build(root, str(tmp_path / "cold"), "-f", "mkdocs-ahead.yml", cache=cache, process=True)
    warm = _build(root, str(tmp_path / "warm"), "-f", "mkdocs-ahead.yml", cache=cache)
    one = _build(
        root, str(tmp_path / "one"), "-f", "mkdocs-ahead.yml", cache=tmp_path / "c1", one_core=True
    )
    for name in ("cold", "warm", "one"):
        _same_tree(tmp_path / "plain", tmp_path / name)
    assert _warnings(plain) == _warnings(cold) == _warnings(warm) == _warnings(one)
    return _warnings(plain)


def test_the_example_site_is_the_same_converted_ahead_cold_warm_and_on_one_core(tmp_path: Path):
    root = tmp_path / "example"
    shutil.copytree(REPO / "stories", root / "stories")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    if (REPO / "theme_overrides").is_dir():
        shutil.copytree(REPO / "theme_overrides", root / "theme_overrides")
    _check_same(root, tmp_path)


def test_a_generated_site_with_broken_links_is_the_same_with_the_same_warnings(tmp_path: Path):
    root = tmp_path / "generated"
    generate(root, 300)
    first = sorted((root / "stories" / "scale").glob("*.md"))[0].stem
    (root / "stories" / "time" / "links.md").write_text(
        story(
            "Links everywhere",
            "A story that links well and badly.",
            body=(
                f"## Links\n\nSee [a neighbour](../scale/{first}.md), "
                f"[its part](../scale/{first}.md#no-such-heading), [a ghost](../scale/ghost.md), "
                "[here](#links) and [nowhere](#nowhere).\n\n```python\nprint('hi')\n```\n"
            ),
            date="2024-01-02",
        ),
        "utf-8",
    )
    config = (root / "mkdocs.yml").read_text("utf-8")
    (root / "mkdocs.yml").write_text(config + "validation:\n  anchors: warn\n", "utf-8")
    warned = _check_same(root, tmp_path)
    assert any("ghost.md" in line for line in warned)
    assert any("no-such-heading" in line for line in warned)
    assert any("#nowhere" in line for line in warned)


def test_a_cached_conversion_is_not_reused_once_a_page_it_links_to_is_gone(tmp_path: Path):
    site = Site(tmp_path / "s")
    (site.root / "stories" / "scale").mkdir(parents=True)
    (site.root / "mkdocs.yml").write_text(
        "site_name: T\ndocs_dir: stories\ntheme: {name: material, font: false}\n"
        "plugins:\n  - warstories:\n      pagefind: false\n",
        "utf-8",
    )
    (site.root / "stories" / "scale" / "a.md").write_text(
        story("A", "First.", body="See [b](b.md).\n", date="2024-01-01"), "utf-8"
    )
    (site.root / "stories" / "scale" / "b.md").write_text(
        story("B", "Second.", body="Hello.\n", date="2024-01-02"), "utf-8"
    )
    cache = tmp_path / "cache"
    first = _build(site.root, "site", cache=cache)
    assert "b.md" not in first
    assert 'href="../b/"' in (site.out / "scale" / "a" / "index.html").read_text("utf-8")
    (site.root / "stories" / "scale" / "b.md").unlink()
    second = _build(site.root, "site", cache=cache)
    assert any("'b.md'" in line or "b.md" in line for line in _warnings(second))
    assert 'href="b.md"' in (site.out / "scale" / "a" / "index.html").read_text("utf-8")


@pytest.mark.parametrize("edit", ["story", "config"])
def test_a_change_of_the_story_or_the_markdown_settings_converts_it_again(tmp_path: Path, edit):
    site = Site(tmp_path / "s")
    (site.root / "stories" / "scale").mkdir(parents=True)
    config = (
        "site_name: T\ndocs_dir: stories\ntheme: {name: material, font: false}\n"
        "plugins:\n  - warstories:\n      pagefind: false\nmarkdown_extensions:\n  - toc\n"
    )
    (site.root / "mkdocs.yml").write_text(config, "utf-8")
    path = site.root / "stories" / "scale" / "a.md"
    path.write_text(story("A", "First.", body="## Part one\n\nText.\n", date="2024-01-01"))
    cache = tmp_path / "cache"
    _build(site.root, "site", cache=cache)
    page = (site.out / "scale" / "a" / "index.html").read_text("utf-8")
    assert 'id="part-one"' in page and "headerlink" not in page
    if edit == "story":
        path.write_text(story("A", "First.", body="## Part two\n\nText.\n", date="2024-01-01"))
    else:
        (site.root / "mkdocs.yml").write_text(
            config.replace("  - toc\n", "  - toc:\n      permalink: true\n"), "utf-8"
        )
    _build(site.root, "site", cache=cache)
    page = (site.out / "scale" / "a" / "index.html").read_text("utf-8")
    if edit == "story":
        assert 'id="part-two"' in page and 'id="part-one"' not in page
    else:
        assert "headerlink" in page

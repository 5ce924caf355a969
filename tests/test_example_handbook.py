"""The example handbook, built the way a team installs warstories: a wheel of this repository
in a fresh virtual environment with nothing of the repository on the path, the site built
with `--strict`, every page parsed, and the search tried in Chromium.

Nothing here skips: without Chromium the browser test skips locally and fails under CI, like
every browser test (tests/browser.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from browser import browser, serve
from bs4 import BeautifulSoup
from conftest import REPO

EXAMPLE = REPO / "examples" / "handbook"
HANDBOOK_PAGES = ("", "about/", "guide/install/", "guide/on-call/")
SECTION_PAGES = (
    "stories/",
    "stories/start-here/",
    "stories/categories/",
    "stories/categories/consistency/",
    "stories/tags/",
    "stories/explore/",
    "stories/lessons/",
    "stories/timeline/",
    "stories/stats/",
)


def _run(cmd: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"{cmd}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A fresh venv with the wheel of this repository installed, and a clean environment."""
    work = tmp_path_factory.mktemp("wheel")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(NO_MKDOCS_2_WARNING="1", PYTHONNOUSERSITE="1", XDG_CACHE_HOME=str(work / "cache"))
    source = (
        work / "source"
    )  # a copy: the wheel is built from tracked files, not the work tree's leftovers
    files = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split("\0")
    for name in filter(None, files):
        if (REPO / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, source / name)
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(work / "dist"), str(source)], work, env)  # fmt: skip
    wheels = list((work / "dist").glob("warstories-*.whl"))
    assert len(wheels) == 1
    venv = work / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], work, env)
    python = venv / "bin" / "python"
    _run([str(python), "-m", "pip", "install", "-q", str(wheels[0])], work, env)
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    where = _run([str(python), "-c", "import warstories; print(warstories.__file__)"], work, env)
    assert Path(where.stdout.strip()).is_relative_to(venv)  # the wheel, not this repository
    return venv, env


@pytest.fixture(scope="module")
def built(installed, tmp_path_factory) -> Path:
    venv, env = installed
    site = tmp_path_factory.mktemp("handbook") / "handbook"
    shutil.copytree(EXAMPLE, site, ignore=shutil.ignore_patterns("site", ".cache"))
    _run([str(venv / "bin" / "mkdocs"), "build", "--strict"], site, env)
    return site


def _page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / "site" / url / "index.html").read_text("utf-8"), "html.parser")


def test_the_handbook_pages_are_what_mkdocs_makes_without_warstories(installed, built, tmp_path):
    venv, env = installed
    plain = tmp_path / "plain"
    shutil.copytree(EXAMPLE, plain, ignore=shutil.ignore_patterns("site", ".cache"))
    shutil.rmtree(plain / "docs" / "stories")
    (plain / "docs" / "stories").mkdir()
    (plain / "docs" / "stories" / "index.md").write_text("# Placeholder\n", "utf-8")
    config = (plain / "mkdocs.yml").read_text("utf-8")
    start = config.index("  - warstories:")
    end = config.index("\n\n", start)
    (plain / "mkdocs.yml").write_text(config[:start] + config[end + 1 :], "utf-8")
    assert "warstories" not in (plain / "mkdocs.yml").read_text("utf-8")
    _run([str(venv / "bin" / "mkdocs"), "build"], plain, env)
    for url in HANDBOOK_PAGES:
        ours, theirs = _page(built, url), _page(plain, url)
        assert str(ours.select_one("article")) == str(theirs.select_one("article")), url
        assert ours.title.get_text() == theirs.title.get_text(), url
    home = _page(built, "")
    assert home.find("h1").get_text(strip=True).startswith("Platform team handbook")


def test_the_section_is_complete_and_styled(built):
    out = built / "site"
    for url in SECTION_PAGES:
        page = _page(built, url)
        assert page.find("h1") is not None, url
        links = [link["href"] for link in page.select("head link[rel=stylesheet]")]
        assert any(href.endswith("assets/warstories/warstories.css") for href in links), url
    for story in (built / "docs" / "stories").rglob("*.md"):
        rel = story.relative_to(built / "docs").with_suffix("").as_posix()
        page = _page(built, rel + "/")
        assert page.select_one("dl.ws-panel") is not None, rel
    assert (out / "stories" / "stories.json").is_file()
    assert (out / "stories" / "feed.xml").is_file()
    assert (out / "assets" / "warstories" / "warstories.css").is_file()
    nav = _page(built, "about/").select_one("nav.md-nav--primary")
    labels = [a.get_text(" ", strip=True) for a in nav.select("a.md-nav__link")]
    assert labels.count("Start here") == 1 and "War stories" in nav.get_text(" ")


def test_no_page_has_a_broken_link(built):
    out = built / "site"
    broken: list[str] = []
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 30
    for html in pages:
        soup = BeautifulSoup(html.read_text("utf-8"), "html.parser")
        for element, attr in (("a", "href"), ("img", "src"), ("link", "href"), ("script", "src")):
            for tag in soup.find_all(element):
                target = tag.get(attr)
                if not target:
                    continue
                parts = urlsplit(target)
                if parts.scheme or parts.netloc or not parts.path:
                    continue  # another site, or a fragment of this page
                base = out if parts.path.startswith("/") else html.parent  # 404.html: from the root
                path = (base / unquote(parts.path).lstrip("/")).resolve()
                if path.is_dir():
                    path = path / "index.html"
                if not path.is_relative_to(out.resolve()) or not path.exists():
                    broken.append(f"{html.relative_to(out)}: {target}")
    assert broken == []


@pytest.mark.browser
def test_the_header_search_finds_a_story_and_a_handbook_page(built):
    outside: list[str] = []
    errors: list[str] = []
    with serve(built / "site") as base, browser() as chromium:
        page = chromium.new_page()
        page.on("request", lambda r: None if r.url.startswith(base) else outside.append(r.url))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(base + "guide/install/")
        assert page.locator("header .md-search").count() == 1  # one search box
        assert page.locator("[data-ws-search]").count() == 0
        _material_search(page, "fencing", "stories/consistency/two-primaries-for-ninety-seconds/")
        _material_search(page, "rota", "guide/on-call/")
        page.goto(base + "stories/consistency/two-primaries-for-ninety-seconds/")
        panel = page.locator("dl.ws-panel")
        assert panel.count() == 1
        # the package's stylesheet is applied: the panel is laid out by it, not as a bare list
        assert panel.evaluate("el => getComputedStyle(el).display") in ("grid", "flex")
        hero = page.locator(".ws-hero img")
        assert hero.evaluate("img => img.complete && img.naturalWidth > 0")
    assert errors == []
    assert outside == []


def _material_search(page, text: str, wanted: str) -> None:
    """Type into Material's search box until a result links to `wanted`. Material's worker
    loads the index after the page; a query typed before it is ready is answered by nothing,
    so the query is typed again (up to ten times) rather than waited for by the clock."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    box = page.locator("input.md-search__input")
    box.click()  # the desktop layout shows the box in the header
    found = (
        "wanted => [...document.querySelectorAll('.md-search-result__item a')]"
        ".some(a => a.href.includes(wanted))"
    )
    for _ in range(10):
        box.fill("")
        box.type(text)
        try:
            page.wait_for_function(found, arg=wanted, timeout=3000)
            return
        except PlaywrightTimeout:
            continue
    raise AssertionError(f"Material's search found no result linking to {wanted} for {text!r}")


@pytest.mark.browser
def test_without_materials_search_the_stories_search_runs_from_the_wheel(installed, tmp_path):
    """The same handbook with Material's `search` removed: the header has the stories' Pagefind
    search, made by the Pagefind of the wheel's dependencies, and it finds a story."""
    venv, env = installed
    site = tmp_path / "handbook"
    shutil.copytree(EXAMPLE, site, ignore=shutil.ignore_patterns("site", ".cache"))
    config = (site / "mkdocs.yml").read_text("utf-8")
    assert "\n  - search " in config
    lines = [line for line in config.splitlines() if not line.startswith("  - search ")]
    (site / "mkdocs.yml").write_text("\n".join(lines) + "\n", "utf-8")
    _run([str(venv / "bin" / "mkdocs"), "build", "--strict"], site, env)
    assert (site / "site" / "stories" / "pagefind" / "pagefind.js").is_file()
    errors: list[str] = []
    with serve(site / "site") as base, browser() as chromium:
        page = chromium.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(base + "about/")
        assert page.locator("header .md-search").count() == 0  # one search box: ours
        page.fill("header #ws-search-input", "fencing")
        page.wait_for_selector("header .ws-search__panel[data-state=done]")
        titles = page.locator(".ws-search__result .ws-search__title").all_inner_texts()
        assert titles == ["Two primaries for ninety seconds"]
        page.locator(".ws-search__result a").first.click()
        page.wait_for_url("**/stories/consistency/two-primaries-for-ninety-seconds/")
    assert errors == []

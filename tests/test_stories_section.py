"""Stories as one section of an existing MkDocs site (`stories_dir`): the site's own pages are
left as MkDocs makes them, the generated pages live under the section, the nav gets one entry
for it, and the CLI reads the same option."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REFERENCE, REFERENCE_IMAGE, run_cmd, story

HANDBOOK = {
    "index.md": "# Team handbook\n\nSee the [war stories](stories/index.md) and the [guide](guide/install.md).\n",
    "about.md": "---\ntags: [team]\n---\n# About us\n\nNo title in the front matter: fine for MkDocs.\n",
    "guide/install.md": "# Install\n\nRun the installer. Back [home](../index.md).\n",
    "stories/scale/pool.md": story(
        "Pool ran dry",
        "The pool ran out.",
        body="The pgbouncer pool ran out. Quokka.\n",
        tags="[postgres]",
        image="pool.svg",
        imagealt="A pool chart",
    ),
    "stories/time/leap.md": story("Leap day", "Feb 29 broke billing.", tags="[billing]"),
    "stories/consistency/two-primaries.md": REFERENCE.read_text("utf-8").replace(
        "(/images/two-primaries.svg", "(../images/two-primaries.svg"
    ),
    "stories/images/two-primaries.svg": REFERENCE_IMAGE.read_text("utf-8"),
    "stories/images/pool.svg": REFERENCE_IMAGE.read_text("utf-8"),
}

CONFIG = """\
site_name: Team handbook
theme:
  name: material
  font: false
  features: [navigation.indexes]
plugins:
{plugins}
{nav}"""

WRITTEN_NAV = """\
nav:
  - Home: index.md
  - Guide:
      - Install: guide/install.md
  - Incidents: stories/
  - About: about.md
"""


def _site(root: Path, plugins: str, nav: str = WRITTEN_NAV, files=HANDBOOK) -> Path:
    for rel, text in files.items():
        path = root / "docs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    (root / "mkdocs.yml").write_text(CONFIG.format(plugins=plugins, nav=nav), "utf-8")
    return root


SECTION = "  - search\n  - tags\n  - warstories:\n      stories_dir: stories\n"


def _build(root: Path, *args: str) -> subprocess.CompletedProcess:
    return run_cmd([sys.executable, "-m", "mkdocs", "build", "--strict", *args], root)


def _html(root: Path, url: str) -> BeautifulSoup:
    path = root / "site" / url / "index.html" if not url.endswith(".html") else root / "site" / url
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def _article(root: Path, url: str) -> str:
    return str(_html(root, url).select_one("article"))


@pytest.fixture(scope="module")
def handbook(tmp_path_factory) -> Path:
    root = _site(tmp_path_factory.mktemp("handbook"), SECTION)
    result = _build(root)
    assert result.returncode == 0, result.stderr
    return root


def test_the_sites_own_pages_are_what_mkdocs_makes_without_the_plugin(handbook, tmp_path):
    plain_files = {k: v for k, v in HANDBOOK.items() if not k.startswith("stories/")}
    plain_files["stories/index.md"] = "# Placeholder\n"
    plain = _site(tmp_path, "  - search\n  - tags\n", files=plain_files)
    result = run_cmd([sys.executable, "-m", "mkdocs", "build"], plain)
    assert result.returncode == 0, result.stderr
    for url in ("", "about/", "guide/install/"):
        assert _article(handbook, url) == _article(plain, url), url
    assert _html(handbook, "").find("h1").get_text(strip=True).startswith("Team handbook")


def test_the_generated_pages_live_under_the_section(handbook):
    out = handbook / "site"
    for url in (
        "",
        "categories/",
        "categories/scale/",
        "tags/",
        "tags/postgres/",
        "explore/",
        "lessons/",
        "timeline/",
        "stats/",
        "start-here/",
        "scale/pool/",
        "time/leap/",
        "consistency/two-primaries/",
    ):
        assert (out / "stories" / url / "index.html").is_file(), url
    assert not (out / "categories").exists() and not (out / "scale").exists()
    assert (out / "stories" / "feed.xml").is_file()
    records = json.loads((out / "stories" / "stories.json").read_text("utf-8"))["stories"]
    assert {r["slug"] for r in records} == {"pool", "leap", "two-primaries"}
    for record in records:  # relative to the section, where stories.json lives
        assert (out / "stories" / record["url"] / "index.html").is_file()
    home = _html(handbook, "stories/")
    assert home.find("h1").get_text(strip=True) == "War stories"


def test_images_under_the_section_are_found_and_shown(handbook):
    page = _html(handbook, "stories/scale/pool/")
    hero = page.select_one(".ws-hero img")
    target = (handbook / "site" / "stories" / "scale" / "pool" / hero["src"]).resolve()
    assert target == (handbook / "site" / "stories" / "images" / "pool.svg").resolve()
    assert target.is_file()
    body_img = _html(handbook, "stories/consistency/two-primaries/").select("article img")
    assert all(
        (handbook / "site/stories/consistency/two-primaries" / img["src"]).resolve().is_file()
        for img in body_img
    )


def _nav_labels(page: BeautifulSoup) -> list[str]:
    """The labels of the primary nav's top-level entries."""
    nav = page.select_one("nav.md-nav--primary > ul")
    return [
        li.select_one(".md-nav__link").get_text(" ", strip=True)
        for li in nav.find_all("li", recursive=False)
    ]


def test_a_written_nav_gets_one_entry_for_the_section_with_its_title(handbook):
    page = _html(handbook, "about/")
    assert _nav_labels(page) == ["Home", "Guide", "Incidents", "About"]
    section = next(
        li
        for li in page.select_one("nav.md-nav--primary > ul").find_all("li", recursive=False)
        if li.select_one(".md-nav__link").get_text(strip=True) == "Incidents"
    )
    links = [a.get_text(" ", strip=True) for a in section.select("li a.md-nav__link")]
    assert links == [
        "Incidents",
        "Start here",
        "Categories",
        "Tags",
        "Explore",
        "Lessons",
        "Timeline",
        "Stats",
    ]
    assert section.select_one("li a.md-nav__link")["href"] == "../stories/"  # the section's home
    everywhere = {a.get_text(" ", strip=True) for a in page.select("nav a")}
    assert "Pool ran dry" not in everywhere  # stories are reached from the section's pages


def test_an_automatic_nav_gets_the_site_pages_and_one_section_entry(tmp_path):
    root = _site(tmp_path, SECTION, nav="")
    result = _build(root)
    assert result.returncode == 0, result.stderr
    labels = _nav_labels(_html(root, "guide/install/"))
    assert labels.count("War stories") == 1
    assert "Team handbook" in labels[0] or labels[0] == "Home"
    assert any("Guide" in label for label in labels) and any("About" in label for label in labels)
    links = {a.get_text(" ", strip=True) for a in _html(root, "").select("nav a")}
    assert "Pool ran dry" not in links


def test_materials_search_indexes_handbook_and_stories(handbook):
    page = _html(handbook, "guide/install/")
    assert page.select_one("header .md-search") is not None
    assert page.select_one("[data-ws-search]") is None
    index = json.loads((handbook / "site/search/search_index.json").read_text("utf-8"))
    locations = {d["location"].split("#")[0] for d in index["docs"]}
    assert {"", "guide/install/", "stories/scale/pool/"} <= locations


def test_with_pagefind_the_bundle_and_its_synonyms_are_under_the_section(tmp_path):
    root = _site(tmp_path, "  - warstories:\n      stories_dir: stories\n")
    result = _build(root)
    assert result.returncode == 0, result.stderr
    page = _html(root, "guide/install/")
    assert (
        page.select_one("[data-ws-search]")["data-pagefind"] == "../../stories/pagefind/pagefind.js"
    )
    assert (root / "site/stories/pagefind/pagefind.js").is_file()
    assert (root / "site/stories/assets/warstories/synonyms.json").is_file()


def test_pages_outside_the_section_are_never_reported_as_stories(handbook):
    result = _build(handbook)
    assert "about.md" not in result.stderr and "index.md" not in result.stderr
    assert "not a category" not in result.stderr


def test_the_cli_reads_stories_dir(handbook):
    check = run_cmd(["warstories", "check", "--no-similar"], handbook)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "3 files checked" in check.stdout
    made = run_cmd(
        ["warstories", "new", "--title", "Disk full", "--category", "scale", "--slug", "disk"],
        handbook,
    )
    assert made.returncode == 0, made.stderr
    assert (handbook / "docs" / "stories" / "scale" / "disk.md").is_file()
    (handbook / "docs" / "stories" / "scale" / "disk.md").unlink()


def test_a_problem_in_the_section_names_the_file_as_docs_dir_does(tmp_path):
    files = {**HANDBOOK, "stories/scale/bad.md": story("Bad", "Bad.", severity="sev9")}
    root = _site(tmp_path, SECTION, files=files)
    result = _build(root)
    assert result.returncode != 0
    assert "stories/scale/bad.md:4: error: severity" in result.stderr


@pytest.mark.parametrize("bad", ["../elsewhere", "/abs/stories"])
def test_a_stories_dir_outside_docs_dir_is_a_clear_error(tmp_path, bad):
    root = _site(tmp_path, f"  - warstories:\n      stories_dir: {bad}\n")
    result = _build(root)
    assert result.returncode != 0
    assert "stories_dir" in result.stderr and "Traceback" not in result.stderr
    check = run_cmd(["warstories", "check"], root)
    assert check.returncode == 2 and "stories_dir" in check.stderr


def test_without_stories_dir_the_whole_docs_dir_is_stories(make_site):
    site = make_site({"scale/a.md": story("A", "B.")})
    assert site.build("--strict").returncode == 0
    assert (site.out / "categories" / "index.html").is_file()
    assert _html(site.root, "").select_one(".ws-card") is not None  # the stories' home is home


@pytest.mark.browser
def test_the_sections_pagefind_search_works_from_a_handbook_page(tmp_path):
    from browser import browser, serve

    root = _site(tmp_path, "  - warstories:\n      stories_dir: stories\n")
    result = _build(root)
    assert result.returncode == 0, result.stderr
    with serve(root / "site") as base, browser() as chromium:
        page = chromium.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(base + "guide/install/")
        page.fill("header #ws-search-input", "quokka")
        page.wait_for_selector("header .ws-search__panel[data-state=done]")
        results = page.locator(".ws-search__result")
        assert results.count() == 1
        results.first.locator("a").click()
        page.wait_for_url("**/stories/scale/pool/")
        assert page.locator("article h1").inner_text() == "Pool ran dry"
        assert errors == []

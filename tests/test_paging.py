"""Long lists (tags, categories, lessons, timeline, reading path) come in pages of a readable
length, linked to each other, so no page grows with the site and every story stays reachable."""

from __future__ import annotations

import posixpath
import sys
from collections import deque

import pytest
from bs4 import BeautifulSoup, SoupStrainer
from conftest import REPO, Site, run_cmd, story
from warstories.site.paging import PAGE_SIZE, page_src, paged

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate

N = 1500  # over PAGE_SIZE stories in a year, the largest categories and the largest tags
LIMIT = 500_000  # bytes of HTML: the ceiling for any generated page
LIST_ITEMS = "li.ws-item, li.ws-lesson, li.ws-tl__item, li.ws-path__item"
ARTICLE = SoupStrainer("article")


def test_page_addresses_keep_the_first_page_where_the_list_was():
    assert page_src("tags/postgres.md", 1) == "tags/postgres.md"
    assert page_src("tags/postgres.md", 3) == "tags/postgres/page-3.md"
    assert page_src("start-here/index.md", 2) == "start-here/page-2.md"
    assert page_src("index.md", 2) == "page-2.md"


def test_pages_cut_a_list_in_order_with_counts_and_neighbours():
    pages = paged("tags/x.md", list(range(250)), size=100)
    assert [len(part) for _, part in pages] == [100, 100, 50]
    assert [x for _, part in pages for x in part] == list(range(250))
    first, second, last = (pager for pager, _ in pages)
    assert (first.previous, first.next) == (None, "tags/x/page-2.md")
    assert (second.previous, second.next) == ("tags/x.md", "tags/x/page-3.md")
    assert (last.start, last.end, last.total, last.next) == (201, 250, 250, None)
    assert second.title("Tag: x") == "Tag: x (page 2 of 3)" and first.title("Tag: x") == "Tag: x"
    assert [(p.number, p.count) for p, part in paged("a.md", [])] == [(1, 1)]


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> tuple[Site, list[str]]:
    root = tmp_path_factory.mktemp("paging")
    generate(root, N)
    site = Site(root)
    result = run_cmd([sys.executable, "-m", "mkdocs", "build", "-q"], root)
    assert result.returncode == 0, result.stderr
    stories = sorted(
        p.relative_to(root / "stories").with_suffix("").as_posix() + "/"
        for p in (root / "stories").rglob("*.md")
    )
    return site, stories


def _source(site: Site, url: str) -> str:
    return (site.root / "stories" / (url.rstrip("/") + ".md")).read_text("utf-8")


def _crawl(site: Site, start: str, within: str, stories: set[str]) -> tuple[set[str], set[str]]:
    """Follow links from `start` through pages whose URL starts with `within`: (pages, stories)."""
    seen, found = {start}, set()
    queue = deque([start])
    while queue:
        url = queue.popleft()
        page = site.html(url)
        for link in page.select("article a[href]"):
            href = link["href"].split("#")[0]
            if not href or "://" in href:
                continue
            target = posixpath.normpath(posixpath.join(url, href)) + "/"
            target = "" if target == "./" else target
            if target in stories:
                found.add(target)
            elif target.startswith(within) and target not in seen:
                seen.add(target)
                queue.append(target)
    return seen, found


@pytest.mark.parametrize("start", ["tags/", "categories/", "timeline/", "lessons/", "start-here/"])
def test_every_story_is_reached_by_following_the_page_links(big, start):
    site, stories = big
    pages, found = _crawl(site, start, start, set(stories))
    if start == "start-here/":  # the reading path: the featured stories
        featured = [s for s in stories if "featured: true" in _source(site, s)]
        assert found == set(featured) and featured
        return
    assert found == set(stories)  # every generated story has tags and lessons
    assert any("/page-2/" in page for page in pages)  # the lists really were cut into pages


def test_no_page_is_over_the_limit_and_no_list_page_over_the_page_size(big):
    site, _ = big
    sizes = {p: p.stat().st_size for p in site.out.rglob("*.html")}
    assert max(sizes.values()) <= LIMIT
    paged_pages = 0
    for path in sizes:
        # Only the article (lists and pagers live there): a third less parsing of 1500 pages.
        soup = BeautifulSoup(path.read_text("utf-8"), "html.parser", parse_only=ARTICLE)
        items = soup.select(f"article :is({LIST_ITEMS})")
        assert len(items) <= PAGE_SIZE, path
        paged_pages += soup.select_one("nav.ws-pager") is not None
    assert paged_pages > 40


def test_pages_of_a_list_link_in_order_and_say_where_they_are(big):
    site, _ = big
    url, titles, items = "tags/postgres/", [], []
    while url:
        page = site.html(url)
        titles.append(page.find("h1").get_text())
        items += [a["href"] for a in page.select("article li.ws-item a.ws-item__title")]
        pager = page.select_one("nav.ws-pager")
        assert pager.select_one("[aria-current=page]").get_text() == str(len(titles))
        following = pager.select_one("a[rel=next]")
        if following is not None:
            back = site.html(posixpath.normpath(posixpath.join(url, following["href"])) + "/")
            assert posixpath.normpath(
                posixpath.join(url, following["href"], back.select_one("a[rel=prev]")["href"])
            ) == posixpath.normpath(url)
        url = posixpath.normpath(posixpath.join(url, following["href"])) + "/" if following else ""
    count = len(titles)
    assert count >= 3
    assert titles == ["Tag: postgres"] + [
        f"Tag: postgres (page {k} of {count})" for k in range(2, count + 1)
    ]
    assert len(items) == len(set(items))  # no story twice across the pages
    lead = site.html("tags/postgres/").select_one("p.ws-lead").get_text()
    assert lead.startswith(f"{len(items)} stories tagged")


def test_split_timeline_points_each_month_to_the_page_where_it_starts(big):
    site, _ = big
    overview = site.html("timeline/")
    months = overview.select("ul.ws-tl-months a")
    assert len(months) >= 100
    for link in months[::9]:
        href, anchor = link["href"].split("#")
        target = site.html(posixpath.normpath(posixpath.join("timeline/", href)) + "/")
        heading = target.find(id=anchor)
        assert heading is not None and heading.get_text() == link.get_text()
    assert not overview.select("li.ws-tl__item")  # the stories are on the year pages


def test_a_small_site_keeps_lessons_and_timeline_on_one_page(make_site):

    site = make_site(
        {
            f"scale/s{i}.md": story(f"Story {i}", date="2021-03", lessons="[One lesson]")
            for i in range(3)
        }
    )
    assert site.build("--strict").returncode == 0
    assert len(site.html("lessons/").select("li.ws-lesson")) == 3
    assert len(site.html("timeline/").select("li.ws-tl__item")) == 3
    assert site.html("timeline/").select_one("nav.ws-pager") is None
    assert not (site.out / "lessons" / "scale").exists()


def test_a_long_reading_path_comes_in_pages_and_home_shows_its_beginning(make_site):

    count = PAGE_SIZE + 20
    site = make_site(
        {
            f"scale/s{i:03d}.md": story(f"Story {i:03d}", date=f"{1900 + i}", featured="true")
            for i in range(count)
        }
    )
    assert site.build("--strict").returncode == 0
    first, second = site.html("start-here/"), site.html("start-here/page-2/")
    titles = [a.get_text() for page in (first, second) for a in page.select("a.ws-path__title")]
    assert titles == [f"Story {i:03d}" for i in range(count)]  # oldest first, all of them
    assert second.select_one("ol.ws-path")["start"] == str(PAGE_SIZE + 1)
    assert second.find(id="after") is not None and first.find(id="after") is None
    home = site.html("")
    assert len(home.select("a.ws-path__title")) < count
    assert f"Read these {count} stories first" in home.get_text(" ")

"""End to end in headless Chromium: header search, Explore facets in the URL, related links."""

from __future__ import annotations

import pytest
from browser import browser, serve
from conftest import BASE_CONFIG, Site, story

pytestmark = pytest.mark.browser

FILES = {
    "scale/pool.md": story(
        "Pool ran dry",
        "The connection pool ran out at peak.",
        body="The pgbouncer pool was shared by everyone. Quokka.\n",
        severity="sev2",
        date="2024",
        tags="[postgres]",
    ),
    "scale/disk.md": story(
        "Disk filled up",
        "Logs filled the disk.",
        body="The log volume grew without rotation.\n",
        severity="sev3",
        date="2023",
        tags="[disk]",
    ),
    "time/leap.md": story(
        "Leap day",
        "February 29 broke billing.",
        body="Billing skipped a day; the pgbouncer pool was fine.\n",
        severity="sev1",
        date="2024",
        tags="[postgres, billing]",
    ),
    "time/dst.md": story(
        "Clocks went back",
        "The invoice job ran twice.",
        body=(
            "Daylight saving ended and cron ran twice. The scheduler read local time, so the "
            "hour after one in the morning happened twice and every job in it ran again. "
            "Nobody had tested a schedule across the change, and no test clock ever moved.\n"
        ),
        severity="sev2",
        date="2022",
        tags="[billing]",
    ),
    "security/waf.md": story(
        '"WAF ate the <img src=x onerror=alert(1)> notes"',
        "A WAF rule blocked delivery notes.",
        body="Requests with SQL-looking text were dropped.\n",
        severity="sev3",
        date="2023",
    ),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser-search")
    (root / "mkdocs.yml").write_text(BASE_CONFIG, "utf-8")
    for rel, text in FILES.items():
        path = root / "stories" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    built = Site(root)
    result = built.build("--strict")
    assert result.returncode == 0, result.stderr
    return built.out


@pytest.fixture
def page(site):
    outside: list[str] = []
    errors: list[str] = []
    with serve(site) as base, browser() as chromium:
        tab = chromium.new_page()
        tab.on("request", lambda r: None if r.url.startswith(base) else outside.append(r.url))
        tab.on("pageerror", lambda e: errors.append(str(e)))
        tab.base = base
        yield tab
        assert errors == []
        assert outside == []


def _search(page, text: str):
    """Type into the header box and wait until the results, synonyms included, are shown."""
    page.fill("header #ws-search-input", text)
    page.wait_for_selector("header .ws-search__panel[data-state=done]")
    return page.locator(".ws-search__result")


def test_header_search_finds_the_one_story_with_a_body_word(page):
    page.goto(page.base + "tags/")
    results = _search(page, "quokka")
    assert results.count() == 1
    first = results.first
    assert first.locator(".ws-search__title").inner_text() == "Pool ran dry"
    assert first.locator(".ws-search__category").inner_text() == "Scale & resource exhaustion"
    assert first.locator(".ws-search__severity").inner_text() == "SEV2"
    assert first.locator(".ws-search__excerpt mark").first.inner_text().lower().startswith("quokka")
    first.locator("a").click()
    page.wait_for_url("**/scale/pool/")
    assert page.locator("article h1").inner_text() == "Pool ran dry"


def test_header_search_finds_stories_by_category_label(page):
    page.goto(page.base)
    results = _search(page, "Time, dates & expiry")
    titles = set(results.locator(".ws-search__title").all_inner_texts())
    assert titles == {"Leap day", "Clocks went back"}
    categories = set(results.locator(".ws-search__category").all_inner_texts())
    assert categories == {"Time, dates & expiry"}


def test_header_search_treats_aliases_as_synonyms(page):
    page.goto(page.base)
    results = _search(page, "DST")  # the story only says "daylight saving"
    assert "Clocks went back" in results.locator(".ws-search__title").all_inner_texts()


@pytest.mark.parametrize("query", ["oom", "exhaustion"])
def test_header_search_never_admits_a_story_for_its_category_alone(page, query):
    """`oom` is an alias of Scale and `exhaustion` a word of its label; no story says either."""
    page.goto(page.base)
    results = _search(page, query)
    assert results.count() == 0
    assert page.locator(".ws-search__status").inner_text() == f"No stories match “{query}”."


def test_header_search_counts_no_story_when_one_word_is_in_none(page):
    """Pagefind alone drops a word no story has: `quokka zebra` would show the quokka story."""
    page.goto(page.base)
    assert _search(page, "quokka pgbouncer").count() == 1  # both words, one story
    assert _search(page, "quokka zebra").count() == 0
    assert page.locator(".ws-search__status").inner_text() == "No stories match “quokka zebra”."


def test_header_search_excerpt_is_prose_not_the_facts_of_the_page(page):
    page.goto(page.base)
    results = _search(page, "invoice")  # in the description, followed by the body
    assert results.count() == 1
    excerpt = results.first.locator(".ws-search__excerpt").inner_text()
    assert "invoice" in excerpt and "Daylight saving ended" in excerpt
    for fact in ("Time, dates & expiry", "SEV2", "2022", "billing"):
        assert fact not in excerpt


def test_explore_narrows_by_facets_and_the_url_restores_them(page):
    page.goto(page.base + "explore/")
    count = page.locator(".ws-explore__count")
    page.wait_for_function(
        "document.querySelector('.ws-explore__count').textContent.includes('of')"
    )
    assert count.inner_text() == "5 stories of 5"
    page.locator(".ws-chip[data-tag=postgres]").click()  # one click, no ctrl-click list
    assert count.inner_text() == "2 stories of 5"
    page.select_option("#ws-f-severity", "sev1")
    assert count.inner_text() == "1 story of 5"
    assert page.url.endswith("/explore/?tag=postgres&severity=sev1")
    page.reload()
    page.wait_for_function(
        "document.querySelector('.ws-explore__count').textContent.includes('of')"
    )
    assert count.inner_text() == "1 story of 5"
    assert page.locator("#ws-f-severity").input_value() == "sev1"
    assert page.locator(".ws-chip[data-tag=postgres]").get_attribute("aria-pressed") == "true"
    assert page.locator(".ws-explore__title").all_inner_texts() == ["Leap day"]
    page.locator(".ws-explore__title").click()
    page.wait_for_url("**/time/leap/")


def test_a_related_link_leads_to_the_related_story(page):
    page.goto(page.base + "scale/pool/")
    related = page.locator(".ws-related__item")
    assert 3 <= related.count() <= 5
    first = related.first
    title = first.locator("a").inner_text()
    assert first.locator(".ws-related__why").inner_text()
    first.locator("a").click()
    page.wait_for_load_state()
    assert page.locator("article h1").inner_text() == title


def test_front_matter_reaches_search_and_explore_as_text(page):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(page.base)
    results = _search(page, "WAF")
    assert results.locator(".ws-search__title").all_inner_texts() == [
        "WAF ate the <img src=x onerror=alert(1)> notes"
    ]
    assert page.locator(".ws-search__results img").count() == 0
    page.goto(page.base + "explore/?q=waf")
    page.wait_for_function(
        "document.querySelector('.ws-explore__count').textContent.includes('of')"
    )
    assert page.locator(".ws-explore__title").all_inner_texts() == [
        "WAF ate the <img src=x onerror=alert(1)> notes"
    ]
    assert page.locator(".ws-explore__results img").count() == 0
    assert dialogs == []


def test_opened_from_a_file_the_search_says_why_it_cannot_run(site):
    with browser() as chromium:
        tab = chromium.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda e: errors.append(str(e)))
        tab.goto((site / "tags" / "index.html").as_uri())
        tab.fill("header #ws-search-input", "quokka")
        tab.wait_for_selector("header .ws-search__panel[data-state=done]")
        status = tab.locator(".ws-search__status").inner_text()
        assert "served over http" in status
        assert tab.locator(".ws-search__result").count() == 0
        assert errors == []

"""In headless Chromium: a story whose front matter carries scripts and event handlers is
published, browsed on every page that shows it, and searched, and no script of it ever runs."""

from __future__ import annotations

import json

import pytest
from browser import browser, serve
from conftest import BASE_CONFIG, Site, story

pytestmark = pytest.mark.browser

TITLE = "<script>alert('title')</script> \"><img src=x onerror=alert('title2')> Quokka outage"
DESCRIPTION = "<svg onload=alert('description')> </script><script>alert('description2')</script>"
TAGS = ["<img src=x onerror=alert('tag')>", "javascript:alert('tag2')"]
LESSONS = [
    "<script>alert('lesson')</script> alert on saturation",
    '"><iframe srcdoc="<script>parent.alert(\'lesson2\')</script>"></iframe>',
]
PAGES = ["", "categories/", "categories/scale/", "tags/", "lessons/", "start-here/", "timeline/"]
PAGES += ["stats/", "explore/", "scale/hostile/"]


def q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser-hostile")
    (root / "mkdocs.yml").write_text(BASE_CONFIG, "utf-8")
    files = {
        "scale/hostile.md": story(
            q(TITLE),
            q(DESCRIPTION),
            body="The pgbouncer pool ran dry. Quokka alert script onerror.\n",
            severity="sev1",
            date="2024-02-29",
            featured="true",
            tags="[" + ", ".join(q(t) for t in TAGS) + "]",
            lessons="[" + ", ".join(q(t) for t in LESSONS) + "]",
            timeline=f"[{{at: '10:00', event: {q(TITLE)}}}]",
        ),
        "scale/calm.md": story("A calm story", "Nothing hostile.", date="2023", tags="[disk]"),
    }
    for rel, text in files.items():
        path = root / "stories" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    built = Site(root)
    result = built.build("--strict")
    assert result.returncode == 0, result.stderr
    return built.out


@pytest.fixture
def tab(site):
    """A Chromium tab that records every dialog, console error, page error and odd request."""
    events: list[str] = []
    with serve(site) as base, browser() as chromium:
        page = chromium.new_page()

        def dialog(d) -> None:
            events.append(f"dialog: {d.message}")
            d.dismiss()

        page.on("dialog", dialog)
        page.on(
            "console", lambda m: events.append(f"console: {m.text}") if m.type == "error" else None
        )
        page.on("pageerror", lambda e: events.append(f"pageerror: {e}"))
        page.on(
            "request",
            lambda r: (
                events.append(f"request: {r.url}")
                if not r.url.startswith(base) or r.url.rstrip("/").endswith("/x")
                else None
            ),
        )
        page.base = base
        page.events = events
        yield page
    assert events == []


def test_no_page_that_shows_the_story_runs_its_scripts(tab):
    for url in PAGES:
        tab.goto(tab.base + url, wait_until="networkidle")
        tab.wait_for_timeout(200)  # onload and onerror handlers would have fired by now
        assert tab.events == [], url
    assert tab.locator("article h1").inner_text() == TITLE
    assert tab.title().startswith(TITLE)
    lessons = tab.locator(".ws-lessons li").all_inner_texts()
    assert lessons == LESSONS
    tags = tab.locator(".ws-panel a.ws-tag").all_inner_texts()
    assert tags == TAGS


def test_the_story_listed_by_explore_is_text(tab):
    tab.goto(tab.base + "explore/", wait_until="networkidle")
    tab.wait_for_selector(".ws-explore__title")
    assert TITLE in tab.locator(".ws-explore__title").all_inner_texts()
    assert tab.events == []


def test_tag_links_lead_to_tag_pages_without_running_anything(tab):
    tab.goto(tab.base + "scale/hostile/", wait_until="networkidle")
    for index in range(len(TAGS)):
        tab.goto(tab.base + "scale/hostile/", wait_until="networkidle")
        tab.locator(".ws-panel a.ws-tag").nth(index).click()
        tab.wait_for_load_state("networkidle")
        assert tab.locator("article h1").inner_text() == f"Tag: {TAGS[index]}"
        assert tab.url.startswith(tab.base)
    assert tab.events == []


@pytest.mark.parametrize("query", ["quokka", "alert", "onerror", "script"])
def test_searching_shows_the_payloads_as_text(tab, query):
    tab.goto(tab.base + "tags/", wait_until="networkidle")
    tab.fill("header #ws-search-input", query)
    tab.wait_for_selector("header .ws-search__panel[data-state=done]")
    results = tab.locator(".ws-search__result")
    assert TITLE in results.locator(".ws-search__title").all_inner_texts()
    tab.wait_for_timeout(300)
    assert tab.locator(".ws-search__result img, .ws-search__result svg").count() == 0
    assert tab.events == []


def test_the_tab_would_notice_a_payload_that_ran(tab):
    tab.set_content("<img src=x onerror=\"alert('probe')\"><script>nosuchfunction()</script>")
    tab.wait_for_timeout(300)
    assert "dialog: probe" in tab.events
    assert any(e.startswith("pageerror:") and "nosuchfunction" in e for e in tab.events)
    tab.events.clear()

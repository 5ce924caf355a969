"""End to end: the example site in headless Chromium, from a category page to a story and back."""

from __future__ import annotations

import pytest
from browser import browser, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def example_site(example_build):
    return example_build.out


def test_reader_goes_from_category_to_story_and_back_without_outside_requests(example_site):
    outside: list[str] = []
    with serve(example_site) as base, browser() as chromium:
        page = chromium.new_page()
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) else None)
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(base + "categories/consistency/")
        assert page.locator("h1").inner_text() == "Replication & eventual consistency"
        link = page.locator(".ws-item__title", has_text="Two primaries for ninety seconds")
        link.click()
        page.wait_for_url("**/consistency/two-primaries-for-ninety-seconds/")
        assert page.locator("article h1").inner_text() == "Two primaries for ninety seconds"
        hero = page.locator(".ws-hero img")
        assert hero.evaluate("img => img.complete && img.naturalWidth > 0")
        page.locator(".ws-panel a", has_text="Replication & eventual consistency").click()
        page.wait_for_url("**/categories/consistency/")
        assert errors == []
    assert outside == []

"""End to end: a new hire on the example site in headless Chromium, clicking from the home page to
the reading path, a story and its neighbours, a category, the lessons, the timeline and the stats,
on a laptop and on a phone."""

from __future__ import annotations

import pytest
from browser import browser, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def example_site(example_build):
    return example_build.out


def _open_nav(page, label: str, phone: bool) -> None:
    """Follow a top-level nav entry; on a phone the nav sits in a drawer behind the menu button."""
    if phone:
        page.locator("label.md-header__button[for='__drawer']").click()
    page.locator("nav.md-nav--primary > ul > li > a.md-nav__link", has_text=label).first.click()


@pytest.mark.parametrize(("width", "phone"), [(1280, False), (390, True)])
def test_a_new_hire_reaches_every_page_in_a_few_clicks(example_site, width, phone):
    outside: list[str] = []
    errors: list[str] = []
    with serve(example_site) as base, browser() as chromium:
        page = chromium.new_page(viewport={"width": width, "height": 900})
        page.on("request", lambda r: None if r.url.startswith(base) else outside.append(r.url))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(base)

        page.locator(".ws-howto a", has_text="reading path").click()
        page.wait_for_url("**/start-here/")
        first = page.locator("ol.ws-path a.ws-path__title").first
        title = first.inner_text()
        first.click()
        assert page.locator("article h1").inner_text() == title
        assert page.locator("ol.ws-steps li").count() > 0
        pager = page.locator("nav.ws-pager a").first
        if pager.count():
            neighbour = pager.locator(".ws-pager__title").inner_text()
            pager.click()
            assert page.locator("article h1").inner_text() == neighbour

        page.goto(base)
        card = page.locator(".ws-card a").first
        label = card.locator(".ws-card__label").inner_text()
        card.click()
        assert page.locator("article h1").inner_text() == label
        assert page.locator("#prevention").is_visible()

        for nav_label, url, check in [
            ("Lessons", "**/lessons/", "li.ws-lesson__text"),
            ("Timeline", "**/timeline/", "li.ws-tl__item"),
            ("Stats", "**/stats/", "figure.ws-chart svg"),
        ]:
            page.goto(base)  # from home: on a phone the drawer opens at the top level there
            _open_nav(page, nav_label, phone)
            page.wait_for_url(url)
            assert page.locator("article h1").inner_text() == nav_label
            assert page.locator(check).first.is_visible()
        for svg in page.locator("figure.ws-chart svg").all():
            box = svg.bounding_box()
            assert box is not None and box["width"] > 200 and box["height"] > 100
            assert box["x"] >= 0 and box["x"] + box["width"] <= width
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0  # nothing makes the page scroll sideways
    assert errors == []
    assert outside == []

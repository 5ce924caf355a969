"""In headless Chromium: Explore's tag picker by click and by typing, controls that show their
whole label, and stats bars with room to be read, at 1280 px and 390 px."""

from __future__ import annotations

import pytest
from browser import browser, serve
from conftest import BASE_CONFIG, Site, story

pytestmark = pytest.mark.browser

TAGS = [f"tag-{n:02d}" for n in range(28)]  # a story may have 30 tags at most
FILES = {
    "consistency/a.md": story(
        "Replica lag", "Reads went stale.", tags="[postgres, replication]", severity="sev2"
    ),
    "consistency/b.md": story("Split brain", "Two primaries.", tags="[postgres]", severity="sev1"),
    "scale/c.md": story("Disk full", "Logs filled it.", tags="[disk, " + ", ".join(TAGS) + "]"),
    "time/d.md": story("Leap day", "February 29.", tags="[billing, postgres]"),
}
WIDTHS = (1280, 390)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("designer")
    (root / "mkdocs.yml").write_text(BASE_CONFIG, "utf-8")
    for rel, text in FILES.items():
        path = root / "stories" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    built = Site(root)
    result = built.build("--strict")
    assert result.returncode == 0, result.stderr
    return built.out


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def page(site, request):
    errors: list[str] = []
    with serve(site) as base, browser() as chromium:
        tab = chromium.new_page(viewport={"width": request.param, "height": 900})
        tab.on("pageerror", lambda e: errors.append(str(e)))
        tab.base = base
        tab.width = request.param
        yield tab
        assert errors == []


def _explore(page, query: str = ""):
    page.goto(page.base + "explore/" + query)
    page.wait_for_function(
        "document.querySelector('.ws-explore__count').textContent.includes('of')"
    )
    return page.locator(".ws-explore__count")


def test_tags_are_picked_by_click_and_unpicked_by_a_second_click(page):
    count = _explore(page)
    assert page.locator("#ws-f-tag").is_hidden()  # the ctrl-click list is replaced
    assert count.inner_text() == "4 stories of 4"
    chip = page.locator(".ws-chip[data-tag=postgres]")
    chip.click()
    assert chip.get_attribute("aria-pressed") == "true"
    assert count.inner_text() == "3 stories of 4"
    page.locator(".ws-chip[data-tag=replication]").click()
    assert count.inner_text() == "1 story of 4"
    assert page.url.endswith("/explore/?tag=postgres&tag=replication")
    chip.click()
    assert chip.get_attribute("aria-pressed") == "false"
    assert count.inner_text() == "1 story of 4"
    assert page.url.endswith("/explore/?tag=replication")


def test_tags_are_found_by_typing_and_added_with_enter(page):
    count = _explore(page)
    find = page.locator("#ws-f-tag-find")
    visible = page.locator(".ws-chip[data-tag]:visible")
    assert visible.count() == 12  # the most used first; the rest behind "All … tags"
    find.fill("bill")
    assert [chip.get_attribute("data-tag") for chip in visible.all()] == ["billing"]
    find.press("Enter")
    assert find.input_value() == ""
    assert count.inner_text() == "1 story of 4"
    assert page.locator(".ws-chip[data-tag=billing]").get_attribute("aria-pressed") == "true"
    find.fill("nothing-like-it")
    assert page.locator(".ws-tagpicker__none").inner_text() == "No tag contains “nothing-like-it”"
    find.fill("")
    find.press("Backspace")  # on an empty box: takes the last tag off again
    assert count.inner_text() == "4 stories of 4"
    page.locator(".ws-chip--more").click()
    assert visible.count() == len(TAGS) + 4


def test_a_shared_address_restores_the_picked_tags(page):
    count = _explore(page, "?tag=postgres&category=consistency")
    assert count.inner_text() == "2 stories of 4"
    assert page.locator(".ws-chip[data-tag=postgres]").get_attribute("aria-pressed") == "true"
    page.locator("button[type=reset]").click()
    page.wait_for_function(
        "document.querySelector('.ws-explore__count').textContent.startsWith('4')"
    )
    assert page.locator(".ws-chip[aria-pressed=true]").count() == 0


def test_every_select_shows_its_whole_label(page):
    _explore(page)
    page.select_option("#ws-f-category", "consistency")
    cut = page.evaluate(
        """() => [...document.querySelectorAll('.ws-explore__form select:not([hidden])')].filter(s => {
            const style = getComputedStyle(s);
            const ctx = document.createElement('canvas').getContext('2d');
            ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
            const room = s.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
            return ctx.measureText(s.selectedOptions[0].text).width > room;
        }).map(s => s.id)"""
    )
    assert cut == []
    assert page.locator("#ws-f-category").evaluate("s => s.selectedOptions[0].text") == (
        "Replication & eventual consistency (2)"
    )
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_stats_bars_have_room_and_their_labels_are_readable(page):
    page.goto(page.base + "stats/")
    chart = page.locator("#chart-ws-per-category")
    bars = chart.locator(".ws-bars__bar")
    widths = [bars.nth(i).bounding_box()["width"] for i in range(bars.count())]
    assert max(widths) >= (300 if page.width > 1000 else 250)  # never a 130 px band
    labels = chart.locator(".ws-bars__label")
    sizes = labels.evaluate_all("ls => ls.map(l => parseFloat(getComputedStyle(l).fontSize))")
    assert min(sizes) >= 12
    for value in chart.locator(".ws-bars__value").all():
        box = value.bounding_box()
        assert box["x"] + box["width"] <= page.width  # the longest bar's value stays on screen
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0

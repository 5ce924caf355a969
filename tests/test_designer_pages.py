"""Pages a designer would sign off: ties said as ties, no near-empty story panel."""

from __future__ import annotations

import pytest
from conftest import story

TIED = {
    **{
        f"{category}/{category}-{n}.md": story(
            f"{category} {n}",
            "It broke.",
            escaped_because="[scale]" if n == 1 else "[timing]",
            severity="sev2",
            date='"2023-05"',
            tags="[postgres]",
        )
        for category in ("scale", "time", "hardware", "security")
        for n in (1, 2)
    },
    "automation/lonely.md": story("Lonely", "Only the required keys."),
    "cascades/once.md": story("Once", "One fact more.", severity="sev3"),
}


@pytest.fixture(scope="module")
def tied_site(tmp_path_factory):
    from conftest import BASE_CONFIG, Site

    root = tmp_path_factory.mktemp("tied")
    (root / "mkdocs.yml").write_text(BASE_CONFIG, "utf-8")
    for rel, text in TIED.items():
        path = root / "stories" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    site = Site(root)
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    return site


def test_four_categories_that_tie_are_said_to_tie(tied_site):
    page = tied_site.html("stats/")
    summary = page.select_one("#per-category ~ .ws-stat__summary").get_text()
    assert summary == (
        "10 stories in 6 categories; 4 categories tie for most (2 each): Scale & resource "
        "exhaustion, Time, dates & expiry, Hardware, power & facilities and Security-driven "
        "outages."
    )
    escaped = page.select_one("#escaped ~ .ws-stat__summary").get_text()
    assert escaped == "Most often: Scale and Timing (4 stories each)."


def test_the_figures_say_a_tie_for_the_top_reason(tied_site):
    for url in ("", "stats/"):
        figures = {
            d.dt.get_text(strip=True): d.dd.get_text(strip=True)
            for d in tied_site.html(url).select(".ws-figures > div")
        }
        assert figures["Top reasons tests missed it, tied (4 stories each)"] == "Scale and Timing"


def test_a_story_with_only_its_category_shows_a_line_not_a_box(tied_site):
    lonely = tied_site.html("automation/lonely/").select_one("dl.ws-panel")
    assert "ws-panel--line" in lonely["class"]
    assert [dt.get_text() for dt in lonely.find_all("dt")] == ["Category"]
    once = tied_site.html("cascades/once/").select_one("dl.ws-panel")
    assert "ws-panel--line" in once["class"]
    full = tied_site.html("scale/scale-1/").select_one("dl.ws-panel")
    assert "ws-panel--line" not in full["class"]
    assert [dt.get_text() for dt in full.find_all("dt")] == ["Category", "Severity", "Date", "Tags"]

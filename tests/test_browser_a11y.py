"""Basic accessibility of the pages a new hire reads, checked in headless Chromium on the example
site: a language on <html>, one h1, headings that skip no level, images with text alternatives,
and links with names."""

from __future__ import annotations

import pytest
from browser import browser, serve

pytestmark = pytest.mark.browser

PAGES = {
    "home": "",
    "start here": "start-here/",
    "category": "categories/scale/",
    "story": "scale/connection-pool-saturation/",
    "near-miss story": "scale/pool-alert-paid-for-itself/",
    "story with a hero image": "consistency/two-primaries-for-ninety-seconds/",
    "lessons": "lessons/",
    "timeline": "timeline/",
    "stats": "stats/",
}

# Runs in the page: what a screen reader would meet, in document order.
AUDIT = """() => {
  const hidden = el => el.closest('[aria-hidden="true"], [hidden]') !== null;
  const text = el => (el.innerText || el.textContent || '').trim();
  const labelled = el => {
    const ids = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
    return ids.map(id => document.getElementById(id)).filter(Boolean).map(text).join(' ').trim();
  };
  const name = el => (el.getAttribute('aria-label') || '').trim() || labelled(el) || text(el)
    || [...el.querySelectorAll('img[alt]')].map(i => i.alt.trim()).join(' ').trim()
    || [...el.querySelectorAll('svg title')].map(text).join(' ').trim()
    || (el.getAttribute('title') || '').trim();
  const imageName = el => (el.getAttribute('aria-label') || '').trim() || labelled(el)
    || [...el.querySelectorAll(':scope > title')].map(text).join(' ').trim();
  return {
    lang: document.documentElement.getAttribute('lang') || '',
    h1: [...document.querySelectorAll('h1')].map(text),
    headings: [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
      .filter(h => !hidden(h)).map(h => [Number(h.tagName[1]), text(h)]),
    imagesWithoutAlt: [...document.querySelectorAll('img')]
      .filter(i => !hidden(i) && !(i.getAttribute('alt') || '').trim()).map(i => i.outerHTML),
    // role="img" (SVG columns, HTML rows of bars): named by the author, never by its content
    svgImagesWithoutName: [...document.querySelectorAll('[role="img"]')]
      .filter(s => !hidden(s) && !imageName(s)).map(s => s.outerHTML.slice(0, 120)),
    chartImages: document.querySelectorAll('figure.ws-chart [role="img"]').length,
    linksWithoutName: [...document.querySelectorAll('a[href]')]
      .filter(a => !hidden(a) && !name(a)).map(a => a.outerHTML.slice(0, 160)),
    links: document.querySelectorAll('a[href]').length,
  };
}"""


@pytest.fixture(scope="module")
def audits(example_build) -> dict[str, dict]:
    out = example_build.out
    found = {}
    with serve(out) as base, browser() as chromium:
        page = chromium.new_page(viewport={"width": 1280, "height": 900})
        for name, url in PAGES.items():
            response = page.goto(base + url)
            assert response is not None and response.ok, url
            found[name] = page.evaluate(AUDIT)
    return found


@pytest.mark.parametrize("name", PAGES)
def test_page_declares_its_language_and_has_exactly_one_h1(audits, name):
    audit = audits[name]
    assert audit["lang"].strip()
    assert len(audit["h1"]) == 1, audit["h1"]
    assert audit["h1"][0]


@pytest.mark.parametrize("name", PAGES)
def test_headings_start_at_h1_and_never_skip_a_level(audits, name):
    levels = [level for level, _ in audits[name]["headings"]]
    assert levels[0] == 1
    skips = [
        (before, after)
        for (before, after) in zip(audits[name]["headings"], audits[name]["headings"][1:])
        if after[0] > before[0] + 1
    ]
    assert skips == []


@pytest.mark.parametrize("name", PAGES)
def test_every_image_has_a_text_alternative_and_every_link_a_name(audits, name):
    audit = audits[name]
    assert audit["imagesWithoutAlt"] == []
    assert audit["svgImagesWithoutName"] == []
    assert audit["links"] > 5
    assert audit["linksWithoutName"] == []


def test_the_audit_sees_the_images_it_checks(audits):
    assert audits["stats"]["chartImages"] == 7
    assert audits["story with a hero image"]["imagesWithoutAlt"] == []


def test_the_audit_reports_each_kind_of_problem_it_looks_for():
    bad = (
        "<html><body><h1>One</h1><h3>Skipped a level</h3><h1>Two</h1>"
        '<img src="x.png"><svg role="img"></svg><div role="img">text is no name</div><a href="#"></a>'
        '<a href="#"><img src="y.png" alt="Named by its image"></a></body></html>'
    )
    with browser() as chromium:
        page = chromium.new_page()
        page.set_content(bad)
        audit = page.evaluate(AUDIT)
    assert audit["lang"] == ""
    assert audit["h1"] == ["One", "Two"]
    assert [level for level, _ in audit["headings"]] == [1, 3, 1]
    assert len(audit["imagesWithoutAlt"]) == 1
    assert len(audit["svgImagesWithoutName"]) == 2
    assert audit["linksWithoutName"] == ['<a href="#"></a>']

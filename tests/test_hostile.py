"""Everything from front matter is text: a hostile story beside the example stories, built with
the example site's own configuration, and every file of the output checked with real parsers.

Each payload carries a marker (`xss`) naming the field it came from, so an element, attribute
or script that carries a marker can only have come from front matter.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, run_cmd

MARK = "xss"
SCHEMES = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.I)
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "poster", "srcset")


def hostile(field: str) -> str:
    """Text that becomes markup, a script or a link wherever it is not escaped."""
    call = f"{MARK}('{field}')"
    return " ".join(
        [
            f"<script>{call}</script>",
            f'"><img src=x onerror={call}>',
            f"</script><script>{call}</script>",
            f"'><svg onload={call}>",
            f'</title></textarea><iframe srcdoc="<script>{call}</script>"></iframe>',
            f"]]></summary><script>{call}</script>",
            f"&lt;b&gt;{call}&lt;/b&gt;",
            "{{ 7*7 }} {% raw %} ${7*7}",
            f"javascript:{call}",
        ]
    )


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


FIELDS = {
    "title": hostile("title"),
    "description": hostile("description"),
    "tags": [hostile("tag1"), f"javascript:{MARK}('tag2')", "<b>tag3</b>"],
    "lessons": [hostile("lesson1"), hostile("lesson2")],
    "authors": [hostile("author1"), hostile("author2")],
    "summary": hostile("summary"),
    "users": hostile("users"),
    "cost": hostile("cost"),
    "trigger": hostile("trigger"),
    "resolution": hostile("resolution"),
    "imagealt": hostile("imagealt"),
    "at": hostile("at"),
    "event": hostile("event"),
    "action1": hostile("action1"),
    "action2": hostile("action2"),
}
LINK_JS = f"javascript:{MARK}('link')"
LINK_BREAKOUT = f"https://example.com/\"><script>{MARK}('link2')</script>"
SOURCE = f"https://example.com/\"><script>{MARK}('source')</script>"


def hostile_story() -> str:
    f = FIELDS
    lines = [
        f"title: {q(f['title'])}",
        f"description: {q(f['description'])}",
        "date: 2024-02-29",
        "severity: sev1",
        "detection: customer-report",
        "featured: true",
        f"tags: [{', '.join(q(t) for t in f['tags'])}]",
        f"lessons: [{', '.join(q(t) for t in f['lessons'])}]",
        f"authors: [{', '.join(q(t) for t in f['authors'])}]",
        "impact:",
        f"  summary: {q(f['summary'])}",
        f"  users: {q(f['users'])}",
        f"  cost: {q(f['cost'])}",
        "  duration: 3h",
        f"trigger: {q(f['trigger'])}",
        f"resolution: {q(f['resolution'])}",
        "image: two-primaries.svg",
        f"imagealt: {q(f['imagealt'])}",
        "timeline:",
        f"  - at: {q(f['at'])}",
        f"    event: {q(f['event'])}",
        "action_items:",
        f"  - text: {q(f['action1'])}",
        f"    link: {q(LINK_JS)}",
        f"  - text: {q(f['action2'])}",
        f"    link: {q(LINK_BREAKOUT)}",
        "    status: done",
        f"source: {q(SOURCE)}",
        "related: [two-primaries-for-ninety-seconds]",
    ]
    return "---\n" + "\n".join(lines) + "\n---\n\n## What happened\n\nThe body is plain.\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The example site plus the hostile story, built strict with the example mkdocs.yml."""
    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(REPO / "stories", root / "stories")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    os.symlink(REPO / "theme_overrides", root / "theme_overrides")
    (root / "stories" / "security" / "hostile.md").write_text(hostile_story(), "utf-8")
    named = root / "stories" / "security" / f"\"><img src=x onerror={MARK}('file')>.md"
    named.write_text("---\ntitle: A hostile file name\ndescription: Its name.\n---\n", "utf-8")
    result = run_cmd([sys.executable, "-m", "mkdocs", "build", "--strict"], root)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    return root / "site"


def _markers(text: str | None) -> bool:
    return bool(text) and f"{MARK}(" in text


def _offences(soup: BeautifulSoup) -> list[str]:
    """Elements and attributes that could only have come from a payload."""
    found = []
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on") and _markers(value):
                found.append(f"<{element.name} {name}={value!r}>")
            if name.lower() in URL_ATTRIBUTES and SCHEMES.match(value):
                found.append(f"<{element.name} {name}={value!r}>")
            if name.lower() == "srcdoc":
                found.append(f"<{element.name} srcdoc>")
        if element.name in ("img", "svg", "iframe") and any(
            _markers(str(v)) for k, v in element.attrs.items() if k.lower() != "alt"
        ):
            found.append(str(element)[:120])
        if element.name == "img" and element.get("src") == "x":
            found.append(str(element)[:120])
        if element.name in ("b", "iframe", "textarea") and _markers(element.get_text()):
            found.append(str(element)[:120])
        if element.name == "script" and _markers(element.string or ""):
            if element.get("type") not in ("application/json", "application/ld+json"):
                found.append(f"script: {(element.string or '')[:120]!r}")
            else:
                json.loads(element.string)  # data that stays data
    return found


def test_every_html_page_has_no_markup_from_front_matter(built):
    pages = sorted(built.rglob("*.html"))
    assert len(pages) > 30
    bad = {}
    for page in pages:
        offences = _offences(BeautifulSoup(page.read_text("utf-8"), "html.parser"))
        if offences:
            bad[page.relative_to(built).as_posix()] = offences
    assert bad == {}


def test_no_script_block_is_ended_early(built):
    for page in built.rglob("*.html"):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        for script in soup.find_all("script"):
            assert "</script" not in (script.string or "").lower(), page


def _soup(built: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((built / url / "index.html").read_text("utf-8"), "html.parser")


def test_the_story_page_shows_every_value_as_the_text_it_is(built):
    page = _soup(built, "security/hostile")
    title = FIELDS["title"]
    assert page.title.get_text().startswith(title)
    assert page.find("meta", attrs={"name": "description"})["content"] == FIELDS["description"]
    assert page.select_one("article h1").get_text() == title
    assert page.select_one(".md-header__topic:last-child").get_text(strip=True) == title
    text = page.select_one("article").get_text()
    for name, value in FIELDS.items():
        for item in value if isinstance(value, list) else [value]:
            if name not in ("imagealt",):
                assert item in text, name
    assert page.select_one(".ws-hero img")["alt"] == FIELDS["imagealt"]
    links = [a.get("href", "") for a in page.select("article a")]
    assert LINK_JS not in links and not any(SCHEMES.match(h) for h in links)


def test_generated_pages_show_the_title_as_text(built):
    title = FIELDS["title"]
    for url in ("", "categories/security", "tags/btag3b", "lessons", "start-here", "timeline"):
        page = _soup(built, url)
        shown = [a.get_text() for a in page.select("article a") if a.get_text() == title]
        assert shown, url
    tags = _soup(built, "tags")
    assert "<b>tag3</b>" in [a.contents[0].strip() for a in tags.select("a.ws-tag")]


def test_stories_json_holds_the_values_as_data_and_no_markup(built):
    raw = (built / "stories.json").read_text("utf-8")
    assert "<" not in raw and ">" not in raw
    [record] = [r for r in json.loads(raw)["stories"] if r["slug"] == "hostile"]
    assert record["title"] == FIELDS["title"]
    assert record["description"] == FIELDS["description"]
    assert record["tags"] == FIELDS["tags"]
    assert record["lessons"] == FIELDS["lessons"]


def test_every_json_file_parses(built):
    parsed = []
    for path in built.rglob("*.json"):
        if "pagefind" not in path.parts:
            json.loads(path.read_text("utf-8"))
            parsed.append(path.relative_to(built).as_posix())
    assert {"stories.json", "assets/warstories/synonyms.json"} <= set(parsed), parsed


def test_the_feed_carries_the_values_as_text(built):
    feed = built / "feed.xml"
    assert feed.is_file(), "the example site makes a feed"
    root = ET.fromstring(feed.read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = {e.findtext("a:title", namespaces=ns): e for e in root.iterfind("a:entry", ns)}
    entry = entries[FIELDS["title"]]
    assert entry.findtext("a:summary", namespaces=ns) == FIELDS["description"]
    for element in root.iter():
        assert not any(k.lower().startswith("on") for k in element.attrib)
        kind = element.get("type")
        if kind in ("html", "xhtml"):
            assert _offences(BeautifulSoup(element.text or "", "html.parser")) == []
        else:
            assert element.tag.split("}")[-1] not in ("script", "img", "svg", "iframe")
    import feedparser

    parsed = feedparser.parse(feed.read_bytes())
    [story] = [e for e in parsed.entries if e.link.endswith("security/hostile/")]
    assert story.title == FIELDS["title"]


def test_the_sitemap_and_other_xml_parse(built):
    parsed = []
    for path in built.rglob("*.xml"):
        ET.fromstring(path.read_bytes())
        parsed.append(path.relative_to(built).as_posix())
    assert {"sitemap.xml", "feed.xml"} <= set(parsed), parsed


def test_the_offence_finder_sees_each_payload_when_unescaped():
    soup = BeautifulSoup(
        f"<html><head><title>{hostile('t')}</title></head><body><p>{hostile('x')}</p>"
        f"<p>{html.unescape(hostile('y'))}</p>"
        f'<a href="{LINK_JS}">x</a></body></html>',
        "html.parser",
    )
    offences = " ".join(_offences(soup))
    for what in ("<img onerror=", "<svg onload=", "srcdoc", "script: \"xss('x')\"", "<b>xss('y')"):
        assert what in offences, what
    assert "href=\"javascript:xss('link')\"" in offences

"""The theme parts ship in the package: a Material site with `- warstories` and no custom_dir
gets the panels' styles, the feed link and the header search; a site's own overrides still win;
and the plugins a site already has (search, tags) or turns off (pagefind) leave one working
search box or none, never a dead one."""

from __future__ import annotations

import json

from conftest import Site


def _head_links(page) -> list[str]:
    return [link["href"] for link in page.select("head link[rel=stylesheet]")]


def _story_site(make_site, extra: str = "") -> Site:
    return make_site(
        {
            "scale/pool.md": "---\ntitle: Pool ran dry\ndescription: The pool ran out.\n"
            "tags: [postgres]\n---\nThe pgbouncer pool ran out. Quokka.\n",
            "time/leap.md": "---\ntitle: Leap day\ndescription: Feb 29.\n---\nBilling.\n",
        },
        extra,
    )


def test_a_site_without_custom_dir_gets_the_styles_feed_and_search(make_site):
    site = _story_site(make_site)
    assert "custom_dir" not in (site.root / "mkdocs.yml").read_text("utf-8")
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    page = site.html("scale/pool/")
    links = _head_links(page)
    for name in ("warstories.css", "newhire.css", "ws-search.css"):
        assert f"../../assets/warstories/{name}" in links
        assert (site.out / "assets" / "warstories" / name).is_file()
    # Material's own stylesheet first, ours after it
    assert links.index("../../assets/warstories/warstories.css") > 0
    assert page.select_one("head link[rel=alternate]")["href"] == "../../feed.xml"
    search = page.select_one("header [data-ws-search]")
    assert search["data-pagefind"] == "../../pagefind/pagefind.js"
    assert page.select_one("header .md-search") is None  # one search box
    script = page.select_one("script[src*=ws-search]")["src"]
    assert script == "../../assets/warstories/ws-search.js"
    assert (site.out / "assets" / "warstories" / "ws-search.js").is_file()
    assert (site.out / "pagefind" / "pagefind.js").is_file()
    assert page.select_one("dl.ws-panel") is not None


def test_the_sites_custom_dir_comes_first_and_keeps_the_styles(make_site):
    site = _story_site(make_site, "")
    theme = site.root / "overrides"
    (theme / "partials").mkdir(parents=True)
    (theme / "main.html").write_text(
        '{% extends "base.html" %}{% block extrahead %}<meta name="ours" content="1">'
        "{% endblock %}",
        "utf-8",
    )
    (theme / "partials" / "copyright.html").write_text("<p class=our-footer>Ours</p>", "utf-8")
    config = site.root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "  name: material\n", "  name: material\n  custom_dir: overrides\n"
        ),
        "utf-8",
    )
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    page = site.html("scale/pool/")
    assert page.select_one('meta[name="ours"]') is not None  # the site's main.html won
    assert page.select_one("p.our-footer") is not None
    assert "../../assets/warstories/warstories.css" in _head_links(page)  # styles kept
    assert page.select_one("header [data-ws-search]") is not None  # our header partial


def test_with_materials_search_the_header_has_materials_search_only(make_site):
    site = _story_site(make_site, "plugins:\n  - search\n  - warstories\n")
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    for url in ("", "scale/pool/", "tags/"):
        page = site.html(url)
        assert page.select_one("header .md-search") is not None, url
        assert page.select_one("[data-ws-search]") is None, url
    assert not (site.out / "pagefind").exists()  # no bundle nobody would load
    index = json.loads((site.out / "search" / "search_index.json").read_text("utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    assert "scale/pool/" in locations
    assert any("Quokka" in doc["text"] for doc in index["docs"])


def test_without_pagefind_and_materials_search_there_is_no_search_box(make_site):
    site = _story_site(make_site, "plugins:\n  - warstories:\n      pagefind: false\n")
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    for url in ("", "scale/pool/"):
        page = site.html(url)
        assert page.select_one("[data-ws-search]") is None
        assert page.select_one(".md-search") is None
        assert not page.select("script[src*=ws-search]")
    assert not (site.out / "pagefind").exists()


def test_materials_tags_plugin_leaves_our_tag_pages_and_panels_alone(make_site):
    site = _story_site(make_site, "plugins:\n  - search\n  - tags\n  - warstories\n")
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    tag_page = site.html("tags/postgres/")
    assert [a.get_text() for a in tag_page.select(".ws-item__title")] == ["Pool ran dry"]
    story = site.html("scale/pool/")
    panel = story.select_one("dl.ws-panel")
    assert [a["href"] for a in panel.select("a.ws-tag")] == ["../../tags/postgres/"]
    assert story.select_one(".md-tags") is None  # the story's tags are shown once, by us

"""Integration: real temporary sites built by `mkdocs build`, checked by parsing their HTML."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from conftest import REFERENCE, REFERENCE_IMAGE, REPO, Site, run_process, story

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def _two_category_site(make_site) -> Site:
    return make_site(
        {
            "scale/pool-ran-dry.md": story(
                "Pool ran dry",
                "The connection pool ran out at peak.",
                body="## What happened\n\n```python\nprint('hi')\n```\n",
                severity="sev2",
                date='"2024-03-05"',
                tags="[postgres, Connection Pools]",
                lessons='["Alert on saturation"]',
                authors="[Ana]",
                impact="{duration: 3h20m, users: 1200, cost: {amount: 5000, currency: EUR}}",
            ),
            "time/leap-day.md": story(
                "Leap day",
                "February 29 broke billing.",
                severity="near-miss",
                date="2024",
                tags="[billing, postgres]",
            ),
            "consistency/two-primaries-for-ninety-seconds.md": REFERENCE.read_bytes(),
            "images/two-primaries.svg": REFERENCE_IMAGE.read_bytes(),
        }
    )


def test_a_story_page_shows_its_panel_image_lessons_and_highlighted_code(make_site):
    site = _two_category_site(make_site)
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    page = site.html("scale/pool-ran-dry/")
    assert [h.get_text() for h in page.find_all("h1")] == ["Pool ran dry"]
    panel = page.select_one("dl.ws-panel")
    terms = {dt.get_text(): dd for dt, dd in zip(panel.find_all("dt"), panel.find_all("dd"))}
    assert terms["Category"].a["href"] == "../../categories/scale/"
    assert terms["Severity"].get_text(strip=True) == "SEV2"
    assert terms["Date"].get_text() == "2024-03-05"
    assert terms["Duration"].get_text() == "3h20m"
    assert terms["Users affected"].get_text() == "1,200"
    assert terms["Cost"].get_text() == "5,000 EUR"
    assert terms["Author"].get_text() == "Ana"
    assert [a["href"] for a in terms["Tags"].find_all("a")] == [
        "../../tags/postgres/",
        "../../tags/connection-pools/",
    ]
    assert [li.get_text() for li in page.select(".ws-lessons li")] == ["Alert on saturation"]
    assert page.select_one(".highlight code span") is not None  # Pygments tokens
    assert (
        page.find("meta", attrs={"name": "description"})["content"]
        == "The connection pool ran out at peak."
    )


def test_the_reference_story_builds_unchanged_with_its_image(make_site):
    site = _two_category_site(make_site)
    assert site.build("--strict").returncode == 0
    page = site.html("consistency/two-primaries-for-ninety-seconds/")
    assert page.find("h1").get_text() == "Two primaries for ninety seconds"
    hero = page.select_one(".ws-hero img")
    assert hero["src"] == "../../images/two-primaries.svg"
    assert hero["alt"].startswith("Two database nodes")
    assert (site.out / "images" / "two-primaries.svg").read_bytes() == REFERENCE_IMAGE.read_bytes()


def test_category_pages_list_their_stories_newest_first_and_link_to_them(make_site):
    site = _two_category_site(make_site)
    assert site.build("--strict").returncode == 0
    page = site.html("categories/scale/")
    assert page.find("h1").get_text() == "Scale & resource exhaustion"
    items = page.select(".ws-item")
    assert [i.select_one(".ws-item__title").get_text() for i in items] == ["Pool ran dry"]
    link = items[0].select_one("a")["href"]
    assert (site.out / "categories" / "scale" / link / "index.html").resolve().is_file()
    assert "Why it shows up only in production" in page.select_one(".ws-why").get_text()
    index = site.html("categories/")
    rows = {tr.td.get_text(): tr.find_all("td")[1].get_text() for tr in index.select("tbody tr")}
    assert rows["Scale & resource exhaustion"] == "1"
    assert rows["Time, dates & expiry"] == "1"
    assert rows["Hardware, power & facilities"] == "0"


def test_tag_pages_group_stories_by_normalised_tag(make_site):
    site = _two_category_site(make_site)
    assert site.build("--strict").returncode == 0
    tags = site.html("tags/")
    assert {a.contents[0].strip(): a["href"] for a in tags.select("a.ws-tag")}[
        "postgres"
    ] == "postgres/"
    page = site.html("tags/postgres/")
    titles = [a.get_text() for a in page.select(".ws-item__title")]
    assert titles == ["Leap day", "Pool ran dry"] or titles == ["Pool ran dry", "Leap day"]
    assert site.html("tags/connection-pools/").find("h1").get_text() == "Tag: Connection Pools"


def test_home_page_counts_categories_and_lists_newest(make_site):
    site = _two_category_site(make_site)
    assert site.build("--strict").returncode == 0
    home = site.html("")
    counts = {
        c.select_one(".ws-card__label").get_text(): c.select_one(".ws-card__count").get_text()
        for c in home.select(".ws-card")
    }
    assert counts["Scale & resource exhaustion"] == "1 story"
    assert counts["Security-driven outages"] == "0 stories"
    assert len(counts) == 14
    newest = [a.get_text() for a in home.select(".ws-item__title")]
    assert newest[0] == "Pool ran dry"  # 2024-03-05 is newer than 2024
    assert set(newest) == {
        "Pool ran dry",
        "Leap day",
        "Two primaries for ninety seconds",
    }


def test_stories_are_left_out_of_the_nav(make_site):
    site = _two_category_site(make_site)
    assert site.build("--strict").returncode == 0
    nav = site.html("").select_one("nav.md-nav--primary")
    labels = {a.get_text(" ", strip=True) for a in nav.select("a.md-nav__link")}
    assert "Tags" in labels
    assert not any("Pool ran dry" in label for label in labels)


def test_stories_json_has_one_record_per_published_story(make_site):
    site = _two_category_site(make_site)
    assert site.build("--strict").returncode == 0
    data = json.loads((site.out / "stories.json").read_text("utf-8"))
    by_slug = {r["slug"]: r for r in data["stories"]}
    assert set(by_slug) == {"pool-ran-dry", "leap-day", "two-primaries-for-ninety-seconds"}
    record = by_slug["pool-ran-dry"]
    assert record["url"] == "scale/pool-ran-dry/"
    assert (site.out / record["url"] / "index.html").is_file()
    assert record["severity"] == "sev2" and record["date"] == "2024-03-05"
    assert record["tags"] == ["postgres", "Connection Pools"]
    assert record["lessons"] == ["Alert on saturation"]
    assert by_slug["two-primaries-for-ninety-seconds"]["image"] == "images/two-primaries.svg"


def test_a_broken_story_fails_strict_build_naming_file_and_line(make_site):
    site = make_site(
        {
            "scale/good.md": story("Good", "Fine."),
            "scale/broken.md": "---\ntitle: Broken\ndescription: x\nseverity: sev9\n---\nbody\n",
        }
    )
    strict = site.build("--strict")
    assert strict.returncode != 0
    assert "scale/broken.md:4: error: severity: unknown value 'sev9'" in strict.stderr
    relaxed = site.build()
    assert relaxed.returncode == 0
    assert (site.out / "scale" / "good" / "index.html").is_file()
    assert not (site.out / "scale" / "broken").exists()
    assert "2 stories found: 1 published, 0 drafts, 1 with errors" in relaxed.stderr


def test_drafts_are_not_published_by_a_build(make_site):
    site = make_site(
        {
            "scale/wip.md": story("WIP", "Not yet.", draft="true"),
            "scale/done.md": story("Done", "Finished."),
        }
    )
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    assert not (site.out / "scale" / "wip").exists()
    assert "1 published, 1 drafts" in result.stderr
    titles = [a.get_text() for a in site.html("categories/scale/").select(".ws-item__title")]
    assert titles == ["Done"]


def test_front_matter_markup_reaches_pages_as_text(make_site):
    payload = "<script>alert(1)</script>"
    site = make_site(
        {
            "scale/xss.md": story(
                f'"{payload} & co"',
                f'"desc {payload}\\" onload=x"',
                tags=f'["{payload}"]',
                lessons=f'["{payload}"]',
            )
        }
    )
    assert site.build("--strict").returncode == 0
    for url in ("scale/xss/", "categories/scale/", "", "tags/", "tags/scriptalert1script/"):
        page = site.html(url)
        assert page.find("script", string=lambda s: s and "alert(1)" in s) is None, url
    story_page = site.html("scale/xss/")
    assert story_page.title.get_text().startswith(f"{payload} & co")
    assert story_page.find("h1").get_text() == f"{payload} & co"
    assert (
        story_page.find("meta", attrs={"name": "description"})["content"]
        == f'desc {payload}" onload=x'
    )


def test_the_example_site_builds_strict_with_mkdocs_and_properdocs(tmp_path):
    """Both real commands, each in its own process, as CI runs them."""
    for tool in ("mkdocs", "properdocs"):
        out = tmp_path / tool
        result = run_process(
            [sys.executable, "-m", tool, "build", "--strict", "-f", "mkdocs.yml", "-d", str(out)],
            REPO,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        assert (out / "stories.json").is_file()
        assert (out / "consistency" / "two-primaries-for-ninety-seconds" / "index.html").is_file()


def test_hide_and_template_in_front_matter_reach_the_theme(make_site):
    site = make_site(
        {
            "scale/quiet.md": story("Quiet page", "No sidebars.", hide="[navigation, toc]"),
            "scale/plain.md": story("Plain page", "Both sidebars."),
            "scale/own.md": story("Own template", "A template of the theme.", template="main.html"),
        }
    )
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr

    def sidebars(url: str) -> dict[str, bool]:
        found = site.html(url).select("div.md-sidebar[data-md-type]")
        return {div["data-md-type"]: div.has_attr("hidden") for div in found}

    assert sidebars("scale/quiet/") == {"navigation": True, "toc": True}
    assert sidebars("scale/plain/") == {"navigation": False, "toc": False}
    assert site.html("scale/own/").select_one("h1").get_text() == "Own template"


def test_the_shared_nav_renders_every_page_as_material_does(make_site, tmp_path):
    """Pages outside the nav reuse one rendering of it; the site must equal Material's own."""
    files = {
        "scale/pool.md": story("Pool ran dry", "Pool.", date='"2024-03-05"'),
        "scale/disk.md": story("Disk full", "Disk.", date='"2023-01-01"'),
        "time/leap.md": story("Leap day", "Leap.", date="2024"),
        "time/deep/nested.md": story("Nested", "A story one folder deeper."),
    }
    nav = (
        "nav:\n  - Home: index.md\n  - Pool: scale/pool.md\n  - Tags: tags/index.md\n"
        "  - Section:\n    - Leap: time/leap.md\n    - Elsewhere: https://example.org/\n"
    )
    for directory_urls in ("true", "false"):
        site = make_site(files, f"{nav}use_directory_urls: {directory_urls}\n")
        # The site's custom_dir comes before the plugin's theme: Material's own nav partial wins.
        theme = tmp_path / f"material-nav-{directory_urls}"
        (theme / "partials").mkdir(parents=True)
        material = Path(mkdocs_material_templates(), "partials", "nav.html")
        shutil.copy(material, theme / "partials" / "nav.html")
        config = site.root / "mkdocs.yml"
        text = config.read_text("utf-8")
        assert "  name: material\n" in text
        (site.root / "material.yml").write_text(
            text.replace("  name: material\n", f"  name: material\n  custom_dir: {theme}\n"),
            "utf-8",
        )
        ours = site.build("--strict", "-d", "ours")
        theirs = site.build("--strict", "-f", "material.yml", "-d", "theirs")
        assert ours.returncode == 0 and theirs.returncode == 0, ours.stderr + theirs.stderr
        pages = sorted(
            p.relative_to(site.root / "ours") for p in (site.root / "ours").rglob("*.html")
        )
        assert len(pages) > 20
        for page in pages:
            assert (site.root / "ours" / page).read_bytes() == (
                site.root / "theirs" / page
            ).read_bytes(), page
        shutil.rmtree(site.root)


def mkdocs_material_templates() -> Path:
    import material

    return Path(material.__file__).parent / "templates"

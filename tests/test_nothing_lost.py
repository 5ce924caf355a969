"""Nothing lost: every Markdown file under stories/ is published, a draft, or reported, and the
counts say so; the preview (`mkdocs serve`) shows a broken story's problems instead of dropping it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, Site, run_cmd, story
from serving import get, serving, wait_for

WARSTORIES = shutil.which("warstories") or "warstories"
MARKDOWN = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
SUMMARY = re.compile(
    r"(\d+) stories found: (\d+) published, (\d+) drafts, (\d+) with errors, (\d+) warnings"
)
CHECKED = re.compile(
    r"^(\d+) files checked: (\d+) published, (\d+) drafts, (\d+) with errors; "
    r"(\d+) errors, (\d+) warnings$"
)

DRAFTS = {"time/draft.md", "time/broken-draft.md"}


def _mixed_site(make_site, tmp_path: Path) -> Site:
    outside = tmp_path / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / "folder" / "a.md").write_text(story("Outside A"), "utf-8")
    (outside / "folder" / "b.md").write_text(story("Outside B"), "utf-8")
    (outside / "lone.md").write_text(story("Outside"), "utf-8")
    site = make_site(
        {
            "scale/good.md": story("Good", "Fine.", tags="[postgres]"),
            "scale/warned.md": story("Warned", "Has a warning.", catgory="scale"),
            "scale/deep/nested/inner.md": story("Nested", "Deep in folders.", category="scale"),
            "time/draft.md": story("Draft", "Not yet.", draft="true"),
            "time/broken-draft.md": story("Broken draft", "Bad.", draft="true", severity="x"),
            "time/broken.md": "---\ntitle: [unclosed\ndescription: D.\n---\n",
            "time/no-front-matter.md": "Just words.\n",
            "time/latin.md": "---\ntitle: caf\xe9\ndescription: D.\n---\n".encode("latin-1"),
            "time/old-suffix.markdown": story("Old suffix"),
            "time/fine.md": story("Fine", "Also fine."),
            "time/good.md": story("Second good", "Same slug as scale/good."),
            "index.md": story("Home page story", "Collides with the home page."),
        }
    )
    stories = site.root / "stories"
    os.symlink(outside / "folder", stories / "linked", target_is_directory=True)
    os.symlink(outside / "lone.md", stories / "scale" / "lone.md")
    return site


def _markdown_files(stories: Path) -> set[str]:
    """Every Markdown file MkDocs would see: it follows links and skips hidden names."""
    found = set()
    for dirpath, dirnames, filenames in os.walk(stories, followlinks=True):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.lower().endswith(MARKDOWN) and not name.startswith("."):
                found.add((Path(dirpath) / name).relative_to(stories).as_posix())
    return found


def _error_paths(check_stdout: str) -> set[str]:
    return {m.group(1) for m in re.finditer(r"(?m)^stories/(.+?)(?::\d+)?: error: ", check_stdout)}


def _reported(path: str, error_paths: set[str]) -> bool:
    return path in error_paths or any(p.endswith("/") and path.startswith(p) for p in error_paths)


def test_every_markdown_file_is_published_a_draft_or_reported(make_site, tmp_path):
    site = _mixed_site(make_site, tmp_path)
    check = run_cmd([WARSTORIES, "check"], site.root)
    build = site.build()
    assert build.returncode == 0, build.stderr[-2000:]
    published = {r["path"] for r in json.loads((site.out / "stories.json").read_text())["stories"]}
    errors = _error_paths(check.stdout)
    files = _markdown_files(site.root / "stories")
    assert len(files) == 15
    for path in sorted(files):
        fates = [path in published, path in DRAFTS - errors, _reported(path, errors)]
        assert fates.count(True) == 1, (path, fates)
    assert published == {
        "scale/good.md",
        "scale/warned.md",
        "scale/deep/nested/inner.md",
        "time/fine.md",
    }


def test_build_and_check_counts_add_up(make_site, tmp_path):
    site = _mixed_site(make_site, tmp_path)
    check = run_cmd([WARSTORIES, "check"], site.root)
    build = site.build()
    [line] = [line for line in build.stderr.splitlines() if SUMMARY.search(line)]
    found, published, drafts, broken, warnings = map(int, SUMMARY.search(line).groups())
    assert (found, published, drafts, broken, warnings) == (14, 4, 1, 9, 1)
    assert found == published + drafts + broken
    story_errors = {p for p in _error_paths(check.stdout) if p.endswith((*MARKDOWN, "/"))}
    assert broken == len(story_errors)
    checked, c_published, c_drafts, c_broken, errors, check_warnings = map(
        int, CHECKED.match(check.stdout.splitlines()[-1]).groups()
    )
    assert checked == found
    assert (c_published, c_drafts, c_broken) == (published, drafts, broken)
    assert check_warnings == warnings == check.stdout.count(": warning: ")
    assert errors == check.stdout.count(": error: ")
    records = json.loads((site.out / "stories.json").read_text("utf-8"))
    assert records["count"] == len(records["stories"]) == published
    as_json = json.loads(run_cmd([WARSTORIES, "check", "--format", "json"], site.root).stdout)
    # the same split as the build's summary line
    assert (as_json["published"], as_json["drafts"], as_json["with_errors"]) == (4, 1, 9)
    assert as_json["checked"] == sum(as_json[k] for k in ("published", "drafts", "with_errors"))


def test_stories_json_accounts_for_every_published_page(make_site, tmp_path):
    site = _mixed_site(make_site, tmp_path)
    assert site.build().returncode == 0
    records = json.loads((site.out / "stories.json").read_text("utf-8"))["stories"]
    urls = {r["url"] for r in records}
    story_pages = {
        p.parent.relative_to(site.out).as_posix() + "/"
        for p in site.out.rglob("index.html")
        if p.parent != site.out
        and p.parent.relative_to(site.out).parts[0] not in ("categories", "tags", "search")
        and BeautifulSoup(p.read_text("utf-8"), "html.parser").select_one("header.ws-story-head")
    }
    assert story_pages == urls
    for record in records:
        assert (site.out / record["url"] / "index.html").is_file()


def test_the_example_site_publishes_every_story(example_build):
    out, result = example_build.out, example_build.result
    files = _markdown_files(REPO / "stories")
    published = {r["path"] for r in json.loads((out / "stories.json").read_text())["stories"]}
    [line] = [line for line in result.stderr.splitlines() if SUMMARY.search(line)]
    found, count, drafts, broken, _ = map(int, SUMMARY.search(line).groups())
    assert (found, broken) == (len(files), 0)
    assert count == len(published) and count + drafts == found


# --------------------------------------------------------------------------- the preview


def _page(base: str, url: str) -> BeautifulSoup | None:
    status, text = get(base + url)
    return BeautifulSoup(text, "html.parser") if status == 200 else None


def _banner(soup: BeautifulSoup | None) -> list[str]:
    if soup is None:
        return []
    return [li.get_text() for li in soup.select(".ws-banner--problems li")]


@pytest.mark.parametrize("mode", [(), ("--dirty",)], ids=["serve", "serve --dirty"])
def test_preview_shows_broken_stories_with_their_problems_and_keeps_serving(make_site, mode):
    payload = "<script>alert('preview')</script>"
    site = make_site(
        {
            "scale/good.md": story("Good story", "Fine."),
            "scale/half-typed.md": f'---\ntitle: "Half {payload}\ndescription: x\n---\nHalf body.\n',
            "scale/latin.md": "---\ntitle: caf\xe9\ndescription: D.\n---\nBody.\n".encode(
                "latin-1"
            ),
            "scale/wip.md": story("Work in progress", "A draft.", draft="true"),
        }
    )
    good = site.root / "stories" / "scale" / "good.md"
    with serving(site.root, *mode) as (base, process):
        half = _page(base, "scale/half-typed/")
        assert _banner(half) == [
            'scale/half-typed.md:2: error: YAML syntax: the `"` that opens this value is never '
            'closed, so YAML reads the next lines as part of it; end the value with `"`'
        ]
        assert half.select_one("pre.ws-source").get_text().startswith('---\ntitle: "Half <script>')
        assert half.find("script", string=re.compile("preview")) is None
        assert "Half body." in half.select_one("article").get_text()
        latin = _page(base, "scale/latin/")
        assert _banner(latin) == [
            "scale/latin.md:2: error: the file is not UTF-8 text: save it with UTF-8 encoding"
        ]
        assert _page(base, "scale/wip/").select_one("article h1").get_text() == "Work in progress"
        assert _page(base, "scale/good/").select_one("article h1").get_text() == "Good story"

        good.write_text('---\ntitle: "Good story\ndescription: Fine.\n---\nBody.\n', "utf-8")
        wait_for(lambda: _banner(_page(base, "scale/good/")), process, site.root)
        assert _banner(_page(base, "scale/good/"))[0].startswith("scale/good.md:2: error: YAML")
        assert _page(base, "").find("h1") is not None  # the rest of the site is still served

        good.write_text(story("Good story, fixed", "Fine again."), "utf-8")

        def fixed() -> bool:
            page = _page(base, "scale/good/")
            return page is not None and page.select_one("article h1").get_text() == (
                "Good story, fixed"
            )

        wait_for(fixed, process, site.root)
        assert _banner(_page(base, "scale/good/")) == []
        assert process.poll() is None
    log = (site.root / "serve.log").read_text()
    assert "Traceback" not in log

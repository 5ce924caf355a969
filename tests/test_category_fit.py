"""A story's category fits it: folder and `category:` agree, and `check` says when the words don't."""

from __future__ import annotations

import shutil

from conftest import run_cmd, story
from warstories.analysis.category_fit import misfiled
from warstories.analysis.checking import CheckResult, check_folder
from warstories.core.catalog import load_catalog
from warstories.core.taxonomy import Taxonomy

WARSTORIES = shutil.which("warstories") or "warstories"
TAXONOMY = Taxonomy.default()

LEAP = story(
    "The leap second that froze the queue workers",
    "When a leap second was inserted at midnight UTC, the clock repeated a second and "
    "every queue worker spun at full CPU.",
    body=(
        "## What happened\n\nAt 23:59:60 UTC the kernel inserted the leap second. The clock "
        "stepped back one second and a timer bug made the workers spin. NTP had announced the "
        "leap second days before; nobody read it. Setting the date by hand cleared it.\n\n"
        "## Lessons\n\nSmear leap seconds; test with a fake clock across midnight UTC.\n"
    ),
)


def test_folder_and_category_that_disagree_fail_check_and_are_not_published(make_site):
    site = make_site(
        {"scale/x.md": story("X", "A cron job ran twice.", category="time"), "time/ok.md": story()}
    )
    check = run_cmd([WARSTORIES, "check"], site.root)
    assert check.returncode == 1
    assert (
        "stories/scale/x.md:4: error: category: 'time' disagrees with the folder 'scale/' the "
        "file is in, which is the 'scale' category: if the story is about time, dates & expiry, "
        "move the file to stories/time/x.md; if it belongs in 'scale', change the line to "
        "`category: scale` or remove it"
    ) in check.stdout
    build = site.build()
    assert build.returncode == 0, build.stderr
    assert not (site.out / "scale" / "x").exists()
    time_page = site.html("categories/time/").get_text()
    assert "A story" in time_page and "X" not in time_page.split()


def test_check_warns_when_a_story_reads_like_another_category_and_names_the_words(make_site):
    site = make_site({"dependencies/leap.md": LEAP})
    check = run_cmd([WARSTORIES, "check"], site.root)
    assert check.returncode == 0, check.stdout
    [line] = [ln for ln in check.stdout.splitlines() if "reads much more like" in ln]
    assert line.startswith(
        "stories/dependencies/leap.md: warning: category: this story reads much more like "
        "'time' (Time, dates & expiry) than 'dependencies': leap second, "
    )
    assert "UTC" in line and "move it to stories/time/leap.md" in line
    assert "list 'time' under `contributing:`" in line
    assert run_cmd([WARSTORIES, "check", "--strict"], site.root).returncode == 1


def test_the_same_story_in_its_own_category_or_with_it_contributing_is_quiet(tmp_path):
    (tmp_path / "time").mkdir()
    (tmp_path / "dependencies").mkdir()
    (tmp_path / "time" / "leap.md").write_text(LEAP, "utf-8")
    contributing = LEAP.replace("---\n##", "---\n##", 1).replace(
        "description:", "contributing: [time]\ndescription:", 1
    )
    (tmp_path / "dependencies" / "leap2.md").write_text(contributing, "utf-8")
    catalog = load_catalog(tmp_path, TAXONOMY)
    assert len(catalog.stories) == 2
    assert [misfiled(s, TAXONOMY) for s in catalog.stories] == [None, None]


def test_no_example_story_is_said_to_be_misfiled():
    from conftest import REPO

    result = check_folder(REPO / "stories", TAXONOMY, CheckResult(), similar=False, use_cache=False)
    assert [p for p in result.problems if "reads much more like" in p.message] == []

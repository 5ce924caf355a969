"""One hostile story can neither hang, crash nor write into the build's log.

Reproductions from issue 15, each built through the real `mkdocs` command: a pair of folder
links MkDocs would walk for ever, a story Python-Markdown fails on, and a front-matter key
that would write GitHub workflow commands into the log.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from conftest import run_cmd, story

WARSTORIES = shutil.which("warstories") or "warstories"
TESTS = Path(__file__).resolve().parent


def test_a_pair_of_folder_links_is_reported_by_check_and_stops_the_build_at_once(make_site):
    site = make_site(
        {
            "scale/pool.md": story("Pool", "Ran dry."),
            "security/keys.md": story("Keys", "Rotated."),
        }
    )
    stories = site.root / "stories"
    os.symlink("..", stories / "scale" / "loop", target_is_directory=True)
    os.symlink("../scale", stories / "security" / "x", target_is_directory=True)
    checked = run_cmd([WARSTORIES, "check", "--no-similar"], site.root)
    assert checked.returncode == 1
    lines = [line for line in checked.stdout.splitlines() if "(a loop)" in line]
    assert [line.split(":")[0] for line in lines] == ["stories/scale/loop/", "stories/security/x/"]
    assert "through security/x/" in lines[0] and "through scale/loop/" in lines[1]
    built = site.build()  # before the fix MkDocs walked the links for over 600 s
    assert built.returncode == 1
    assert "links to folders form loops that MkDocs would follow without end" in built.stderr
    assert "scale/loop/, security/x/" in built.stderr and "Traceback" not in built.stderr


def test_a_story_python_markdown_fails_on_is_its_own_error_and_the_others_publish(make_site):
    site = make_site(
        {
            "scale/pool.md": story("Pool", "Ran dry.", body="Fine.\n"),
            "scale/boom.md": story("Boom", "Breaks Markdown.", body="Intro.\n\nBOOM\n"),
        },
        "# a Markdown extension that fails on one page\n  - markdown_boom\n",
    )
    env = {"PYTHONPATH": str(TESTS)}
    built = site.build(env=env)
    assert built.returncode == 0, built.stderr[-3000:]
    assert (
        "WARNING -  warstories: scale/boom.md:5: error: Markdown could not render this story "
        "(it nests too deeply)" in built.stderr
    )
    assert "Traceback" not in built.stderr
    assert "Fine." in site.html("scale/pool/").get_text()
    page = site.html("scale/boom/").get_text()
    assert "Markdown could not render this story" in page and "Intro." not in page
    strict = site.build("--strict", env=env)
    assert strict.returncode == 1 and "Markdown could not render" in strict.stderr


def test_front_matter_cannot_write_workflow_commands_into_the_build_log(make_site):
    key = '"x\\n::error file=README.md::pwned\\n::add-mask::secret"'
    site = make_site({"scale/pool.md": story("Pool", "Ran dry.", **{key: 1})})
    built = site.build()
    assert built.returncode == 0, built.stderr
    warned = [line for line in built.stderr.splitlines() if "unknown key" in line]
    assert len(warned) == 1
    assert "x\\n::error file=README.md::pwned\\n::add-mask::secret" in warned[0]
    for line in built.stderr.splitlines():
        assert not line.lstrip().startswith("::"), line


def test_one_name_in_nfc_and_nfd_is_one_slug(make_site):
    composed, decomposed = "caf\u00e9", "cafe\u0301"
    site = make_site(
        {
            f"scale/{composed}.md": story("Composed", "NFC."),
            f"scale/{decomposed}.md": story("Decomposed", "NFD."),
        }
    )
    checked = run_cmd([WARSTORIES, "check", "--no-similar", "--format", "json"], site.root)
    errors = [p for p in json.loads(checked.stdout)["problems"] if p["level"] == "error"]
    assert len(errors) == 1 and "is already used by" in errors[0]["message"], errors
    built = site.build()
    assert built.returncode == 0, built.stderr
    assert len(list((site.out / "scale").glob("caf*/index.html"))) == 1  # published once

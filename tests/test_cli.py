"""The `warstories` command: through click's test runner (run_cmd), and a few runs of the
installed console script itself (run_process) to show the entry point works."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from conftest import REPO, run_cmd, run_process, story

WARSTORIES = shutil.which("warstories") or "warstories"


def _site(make_site, files):
    return make_site(files).root


def test_check_passes_on_the_example_site():
    result = run_cmd([WARSTORIES, "check"], REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors" in result.stdout.splitlines()[-1]


def test_check_names_file_line_and_fix_and_exits_1(make_site):
    root = _site(
        make_site,
        {
            "scale/ok.md": story(),
            "scale/bad.md": "---\ntitle: Bad\ndescription: x\ncategory: scael\ndate: 2023-13\n---\n",
        },
    )
    result = run_cmd([WARSTORIES, "check"], root)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert (
        "stories/scale/bad.md:4: error: category: unknown category 'scael'; did you mean `scale`?"
        in lines[0]
    )
    assert lines[1].startswith("stories/scale/bad.md:5: error: date: month 13 does not exist")
    assert (
        lines[-1] == "2 files checked: 1 published, 0 drafts, 1 with errors; 2 errors, 0 warnings"
    )
    assert "Traceback" not in result.stderr


def test_check_given_a_file_reports_only_that_file(make_site):
    root = _site(make_site, {"scale/ok.md": story(), "scale/bad.md": "no front matter\n"})
    ok = run_cmd([WARSTORIES, "check", "stories/scale/ok.md"], root)
    assert (
        ok.returncode == 0
        and ok.stdout
        == "1 files checked: 1 published, 0 drafts, 0 with errors; 0 errors, 0 warnings\n"
    )
    bad = run_cmd([WARSTORIES, "check", "stories/scale/bad.md"], root)
    assert bad.returncode == 1
    assert bad.stdout.startswith("stories/scale/bad.md:1: error: no front matter")


def test_check_formats_json_and_github_annotations(make_site):
    root = _site(
        make_site, {"scale/bad.md": "---\ntitle: Bad\ndescription: x\nseverity: high\n---\n"}
    )
    as_json = json.loads(run_cmd([WARSTORIES, "check", "--format", "json"], root).stdout)
    assert as_json["errors"] == 1
    assert as_json["problems"][0] | {"message": None} == {
        "path": "stories/scale/bad.md",
        "line": 4,
        "level": "error",
        "message": None,
    }
    github = run_cmd([WARSTORIES, "check", "--format", "github"], root)
    assert github.stdout.splitlines()[0].startswith(
        "::error file=stories/scale/bad.md,line=4::severity:"
    )


def test_check_usage_errors_exit_2(tmp_path: Path):
    missing_config = run_cmd([WARSTORIES, "check"], tmp_path)
    assert missing_config.returncode == 2
    assert "mkdocs.yml not found" in missing_config.stderr
    assert run_cmd([WARSTORIES, "check", "--nope"], tmp_path).returncode == 2
    assert run_cmd([WARSTORIES, "check", "does/not/exist.md"], tmp_path).returncode == 2


def test_categories_lists_the_taxonomy_as_json():
    result = run_cmd([WARSTORIES, "categories", "--json"], REPO)
    slugs = [c["slug"] for c in json.loads(result.stdout)]
    assert len(slugs) == 14 and slugs[0] == "configuration" and "security" in slugs


def test_every_command_has_help():
    top = run_cmd([WARSTORIES, "--help"], REPO)
    assert top.returncode == 0
    for command in ("check", "categories"):
        result = run_cmd([WARSTORIES, command, "--help"], REPO)
        assert result.returncode == 0 and "Usage:" in result.stdout, command


def test_the_installed_console_script_runs_check_and_reports_a_problem(make_site):
    """The real entry point, in its own process: exit codes and output as a shell sees them."""
    assert shutil.which("warstories"), "the console script is installed with the package"
    ok = run_process([WARSTORIES, "check"], REPO)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "0 errors" in ok.stdout.splitlines()[-1]
    root = _site(make_site, {"scale/bad.md": story(severity="sev9")})
    bad = run_process([WARSTORIES, "check"], root)
    assert bad.returncode == 1
    assert bad.stdout.startswith("stories/scale/bad.md:4: error: severity: unknown value 'sev9'")
    assert "Traceback" not in bad.stderr
    usage = run_process([WARSTORIES, "check", "--nope"], root)
    assert usage.returncode == 2 and "No such option" in usage.stderr


def test_python_m_warstories_cli_is_the_same_command():
    result = run_process([sys.executable, "-m", "warstories.cli", "--help"], REPO)
    assert result.returncode == 0 and "Usage:" in result.stdout

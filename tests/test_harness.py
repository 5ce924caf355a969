"""The in-process harness of conftest.py behaves as the real commands: a build in this process
starts from nothing the previous one left, `--strict` fails as `mkdocs build --strict` does,
the log is what the command prints, and the process's environment and folder are put back."""

from __future__ import annotations

import json
import os
from pathlib import Path

from conftest import mkdocs_build, story, warstories_cli
from mkdocs.config.base import get_schema
from mkdocs.config.defaults import MkDocsConfig


def _last_plugin() -> object:
    """The warstories plugin object of the last build (MkDocs keeps it for `mkdocs serve`)."""
    return dict(get_schema(MkDocsConfig))["plugins"].plugin_cache["warstories"]


def _slugs(out: Path) -> list[str]:
    return sorted(r["slug"] for r in json.loads((out / "stories.json").read_text())["stories"])


def test_each_build_starts_from_nothing_the_previous_build_left(make_site, tmp_path):
    first = make_site({"scale/pool.md": story("Pool"), "time/leap.md": story("Leap")})
    assert first.build("--strict").returncode == 0
    assert _slugs(first.out) == ["leap", "pool"]
    first_plugin = _last_plugin()
    other = tmp_path / "other"
    (other / "stories" / "dns").mkdir(parents=True)
    (other / "mkdocs.yml").write_text((first.root / "mkdocs.yml").read_text())
    (other / "stories" / "dns" / "ttl.md").write_text(story("TTL"), "utf-8")
    result = mkdocs_build(["--strict"], other)
    assert result.returncode == 0, result.stderr
    assert _slugs(other / "site") == ["ttl"]
    assert _last_plugin() is not first_plugin  # a new plugin object, as a new process has
    assert "INFO    -  warstories: 1 stories found: 1 published," in result.stderr, result.stderr


def test_strict_fails_on_a_warning_as_the_command_does_and_a_plain_build_passes(make_site):
    site = make_site({"scale/pool.md": story("Pool", severity="sev9")})
    strict = site.build("--strict")
    assert strict.returncode == 1
    assert strict.stdout == "\nAborted with 1 warnings in strict mode!\n"
    assert (
        "WARNING -  warstories: scale/pool.md:4: error: severity: unknown value 'sev9'"
        in strict.stderr
    )
    plain = site.build()
    assert plain.returncode == 0, plain.stderr
    assert "Traceback" not in strict.stderr + plain.stderr


def test_the_environment_and_folder_are_put_back_after_a_build_and_a_command(make_site, tmp_path):
    site = make_site({"scale/pool.md": story("Pool")})
    before_env, before_cwd = dict(os.environ), os.getcwd()
    assert site.build(env={"WARSTORIES_HARNESS_PROBE": "1"}).returncode == 0
    assert warstories_cli(["check"], site.root, {"WARSTORIES_HARNESS_PROBE": "1"}).returncode == 0
    assert dict(os.environ) == before_env and os.getcwd() == before_cwd


def test_the_command_line_runs_with_its_exit_codes_and_without_a_terminal(make_site):
    root = make_site({"scale/bad.md": story(severity="sev9")}).root
    bad = warstories_cli(["check"], root)
    assert bad.returncode == 1
    assert bad.stdout.startswith("stories/scale/bad.md:4: error: severity: unknown value 'sev9'")
    assert warstories_cli(["check", "--nope"], root).returncode == 2
    made = warstories_cli(["new", "--category", "scale", "--slug", "placeholder"], root)
    assert made.returncode == 0, made.stderr  # no prompt: stdin is not a terminal
    assert (root / "stories" / "scale" / "placeholder.md").is_file()

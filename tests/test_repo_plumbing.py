"""The pull-request plumbing: workflows, the pre-commit hook, the PR template and CONTRIBUTING."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path
from typing import Any

import yaml
from conftest import REPO, run_cmd, story
from warstories.core.settings import load_taxonomy

WARSTORIES = shutil.which("warstories") or "warstories"
WORKFLOWS = REPO / ".github" / "workflows"


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text("utf-8"))


def _triggers(workflow: dict) -> Any:
    # YAML 1.1 reads the bare key `on` as the boolean true.
    return workflow.get("on", workflow.get(True))


def _steps(workflow: dict, job: str) -> list[dict]:
    return workflow["jobs"][job]["steps"]


def _index(steps: list[dict], predicate) -> int:
    found = [i for i, step in enumerate(steps) if predicate(step)]
    assert found, "no such step"
    return found[0]


def _runs(steps: list[dict], command: str) -> int:
    return _index(steps, lambda s: command in s.get("run", ""))


def _uses(steps: list[dict], action: str) -> int:
    return _index(steps, lambda s: s.get("uses", "").split("@")[0] == action)


def test_pr_workflow_installs_then_checks_builds_strict_and_tests():
    workflow = _load(WORKFLOWS / "pr.yml")
    assert "pull_request" in _triggers(workflow)
    job = workflow["jobs"]["check"]
    # Debian (as in .ci/run), where apt's chromium is the real browser; the image has Python.
    assert re.fullmatch(r"python:3\.1\d-bookworm", job["container"])
    steps = _steps(workflow, "check")
    checkout = _uses(steps, "actions/checkout")
    chromium = _runs(steps, "apt-get install -y -qq chromium")
    install = _runs(steps, 'pip install -e ".[dev]"')
    check = _runs(steps, "warstories check --format github")
    build = _runs(steps, "mkdocs build --strict")
    tests = _index(steps, lambda s: s.get("run", "").strip().startswith("pytest"))
    assert checkout < chromium < install < check < build < tests
    assert workflow["jobs"]["check"]["env"]["CI"] == "true"  # browser tests fail, not skip
    # Later steps still report when the check fails, so one push shows every problem.
    for index in (build, tests):
        assert steps[index]["if"] == "${{ !cancelled() }}"


def test_pages_workflow_builds_on_main_and_deploys_the_built_folder():
    workflow = _load(WORKFLOWS / "pages.yml")
    assert _triggers(workflow)["push"]["branches"] == ["main"]
    # Only the deploy job may publish; the build job runs the repository's code and reads.
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    build_steps = _steps(workflow, "build")
    build = _runs(build_steps, "mkdocs build --strict")
    site_dir = shlex.split(build_steps[build]["run"])[-1]
    assert "--site-dir" in build_steps[build]["run"]
    upload = _uses(build_steps, "actions/upload-pages-artifact")
    assert build < upload
    assert build_steps[upload]["with"]["path"] == site_dir
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert _uses(deploy["steps"], "actions/deploy-pages") == 0


def test_workflow_actions_are_pinned_to_a_commit_with_the_release_named():
    for path in WORKFLOWS.glob("*.yml"):
        for job in _load(path)["jobs"].values():
            for step in job["steps"]:
                if "uses" in step:
                    assert re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", step["uses"]), (path, step)
        for line in path.read_text("utf-8").splitlines():
            if "uses:" in line:  # the release the commit is, for the reader and for updates
                assert re.search(r"@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), (path, line)


def test_no_workflow_gives_write_permissions_beyond_the_deploy_job():
    for path in WORKFLOWS.glob("*.yml"):
        workflow = _load(path)
        assert "write" not in str(workflow.get("permissions", "missing")), path
        assert _triggers(workflow).keys().isdisjoint({"pull_request_target", "workflow_run"})
        for name, job in workflow["jobs"].items():
            if (path.name, name) != ("pages.yml", "deploy"):
                assert "write" not in str(job.get("permissions", {})), (path, name)


def test_codeowners_guard_what_runs_with_the_repositorys_powers():
    owners = (REPO / ".github" / "CODEOWNERS").read_text("utf-8").splitlines()
    rules = {
        line.split()[0]: line.split()[1:] for line in owners if line.strip() and line[0] != "#"
    }
    for path in ("/.github/", "/mkdocs.yml", "/plugins/"):
        assert rules.get(path), path


def test_the_workflow_check_command_passes_on_the_example_site():
    steps = _steps(_load(WORKFLOWS / "pr.yml"), "check")
    command = shlex.split(steps[_runs(steps, "warstories check")]["run"])
    assert command[0] == "warstories"
    result = run_cmd([WARSTORIES, *command[1:]], REPO)
    assert result.returncode == 0, result.stdout
    assert not result.stdout.startswith("::")


def _hook() -> dict:
    hooks = _load(REPO / ".pre-commit-hooks.yaml")
    assert isinstance(hooks, list)
    return next(h for h in hooks if h["id"] == "warstories-check")


def test_pre_commit_hook_definition():
    hook = _hook()
    assert hook["entry"] == "warstories check"
    assert hook["language"] == "python"
    files = re.compile(hook["files"])
    assert files.search("stories/scale/pool.md")
    assert files.search("stories/consistency/two-primaries-for-ninety-seconds.md")
    assert not files.search("README.md")
    assert not files.search("stories/images/chart.png")
    assert not files.search("docs/stories/x.md")


def test_pre_commit_hook_runs_as_pre_commit_would(make_site):
    """pre-commit runs `entry` with the staged file names appended."""
    root = make_site(
        {"scale/ok.md": story(), "scale/bad.md": story(severity="sev9"), "scale/other.md": story()}
    ).root
    entry = shlex.split(_hook()["entry"])
    assert entry[0] == "warstories"
    ok = run_cmd([WARSTORIES, *entry[1:], "stories/scale/ok.md", "stories/scale/other.md"], root)
    assert ok.returncode == 0, ok.stdout
    bad = run_cmd([WARSTORIES, *entry[1:], "stories/scale/bad.md"], root)
    assert bad.returncode == 1
    assert bad.stdout.startswith("stories/scale/bad.md:4: error: severity: unknown value 'sev9'")


def test_pull_request_template_has_the_checklist():
    text = (REPO / ".github" / "pull_request_template.md").read_text("utf-8")
    items = [line for line in text.splitlines() if line.startswith("- [ ] ")]
    assert len(items) >= 6
    joined = " ".join(items)
    for needed in ("warstories check", "mkdocs serve", "Blameless", "secrets", "draft: true"):
        assert needed in joined, needed


def test_contributing_covers_writing_taxonomy_preview_and_check():
    text = (REPO / "CONTRIBUTING.md").read_text("utf-8")
    readme = (REPO / "README.md").read_text("utf-8")
    serve = next(
        line
        for line in readme.splitlines()
        if line.startswith("python3") and "mkdocs serve" in line
    )
    assert serve in text  # the README's serve command, word for word
    for needed in ("warstories new", "warstories check", "--format github", "warstories: allow"):
        assert needed in text, needed
    for heading in ("What happened", "Timeline", "Why it only showed up in production", "Lessons"):
        assert f"**{heading}**" in text, heading
    taxonomy = load_taxonomy()
    rows = {
        m.group(1): m.group(2)
        for m in re.finditer(r"^\| `([a-z-]+)` \|.*\| ([^|]*) \|$", text, re.MULTILINE)
    }
    assert set(taxonomy.slugs) <= set(rows)
    for slug in taxonomy.slugs:
        for alias in (a.strip() for a in rows[slug].split(",")):
            assert taxonomy.resolve(alias).value == slug, (slug, alias)

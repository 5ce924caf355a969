"""Per-story build results kept between builds: a build after an edit, with the cache an earlier
build left, writes the same site as a cold build; the stores are the user's own JSON, used only
for the code and inputs they were written with; CI restores and saves them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from conftest import REPO, run_cmd
from test_convert_ahead import _same_tree
from warstories.core.build_cache import StoredResults, digest
from warstories.core.model import PartialDate, Severity, Story

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate


@dataclass(frozen=True)
class Box:
    value: object


def test_a_digest_is_the_same_in_another_process_and_tells_stories_apart():
    story = Story("a/b.md", "b", "T", "D", "a", body="x", date=PartialDate(2024, 1), severity=Severity.SEV2)  # fmt: skip
    code = (
        "from warstories.core.build_cache import digest\n"
        "from warstories.core.model import PartialDate, Severity, Story\n"
        "print(digest([Story('a/b.md', 'b', 'T', 'D', 'a', body='x', date=PartialDate(2024, 1),"
        " severity=Severity.SEV2), {'k': (1, 2.5, None)}]))"
    )
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert other.stdout.strip() == digest([story, {"k": (1, 2.5, None)}])
    changed = Story("a/b.md", "b", "T", "D", "a", body="y", date=PartialDate(2024, 1), severity=Severity.SEV2)  # fmt: skip
    assert digest(changed) != digest(story)
    assert digest(Box({"a", "b"})) == digest(Box({"b", "a"}))  # a set's order is not its content
    with pytest.raises(TypeError):
        digest(object())


def test_a_shared_memo_never_mistakes_a_new_object_for_a_freed_one():
    memo: dict = {}
    seen = {}
    for number in range(2000):  # each Box is freed after use: CPython would reuse its address
        seen[number] = digest([Box(number)], memo)
    assert seen == {number: digest([Box(number)]) for number in range(2000)}


def test_stores_keep_what_the_build_used_and_only_for_the_same_scope(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    site = tmp_path / "site"
    store = StoredResults("things", site, scope=["en"])
    store.put("a", {"html": "<p>a</p>"})
    store.put("b", "b")
    store.save()
    text = store.file.read_text("utf-8")
    assert json.loads(text)["entries"] == {"a": {"html": "<p>a</p>"}, "b": "b"}  # JSON, no pickle
    assert str(store.file).startswith(str(tmp_path / "cache")) and not store.file.is_relative_to(site)  # fmt: skip
    again = StoredResults("things", site, scope=["en"])
    assert again.get("a") == {"html": "<p>a</p>"}
    again.save()  # b was not used by this build: it goes
    assert set(json.loads(again.file.read_text("utf-8"))["entries"]) == {"a"}
    assert StoredResults("things", site, scope=["fr"]).get("a") is None
    assert StoredResults("things", tmp_path / "other", scope=["en"]).get("a") is None
    os.chmod(again.file, 0o666)  # writable by anyone: not read
    assert StoredResults("things", site, scope=["en"]).get("a") is None
    os.chmod(again.file, 0o600)
    again.file.write_text("{not json", "utf-8")
    assert StoredResults("things", site, scope=["en"]).get("a") is None


def _config(root: Path, name: str) -> None:
    config = yaml.safe_load((root / "mkdocs.yml").read_text("utf-8"))
    config["plugins"] = [{"warstories": {"search_index": False}}]
    (root / name).write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")


def _build(root: Path, out: Path, cache: Path) -> None:
    command = [sys.executable, "-m", "mkdocs", "build", "-f", "ci.yml", "-d", str(out)]
    result = run_cmd(command, root, {"XDG_CACHE_HOME": str(cache)})
    assert result.returncode == 0, result.stderr


def test_a_build_after_an_edit_with_the_kept_results_is_the_same_as_a_cold_one(tmp_path: Path):
    root = tmp_path / "repo"
    generate(root, 150)
    _config(root, "ci.yml")
    kept = tmp_path / "kept"
    _build(root, tmp_path / "before", kept)
    stored = {p.name for p in kept.rglob("build-*.json")}
    assert {"build-converted.json", "build-story-parts.json", "build-pagefind-records.json"} <= stored  # fmt: skip
    # one story changes: its title shows on its neighbours' pages and in related links
    edited = sorted((root / "stories" / "scale").glob("*.md"))[1]
    text = edited.read_text("utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    text = text.replace(title, "title: A new title for this one", 1)
    edited.write_text(text + "\nA new closing line with a [link](#what-happened).\n", "utf-8")
    (root / "stories" / "time").joinpath(sorted(os.listdir(root / "stories" / "time"))[0]).unlink()
    _build(root, tmp_path / "pr", kept)
    _build(root, tmp_path / "cold", tmp_path / "fresh")
    shutil.rmtree(tmp_path / "pr" / "pagefind")  # its file names are random; its records are
    shutil.rmtree(tmp_path / "cold" / "pagefind")  # compared through the search tests
    _same_tree(tmp_path / "cold", tmp_path / "pr")
    page = (tmp_path / "pr" / "scale" / edited.stem / "index.html").read_text("utf-8")
    assert "A new title for this one" in page and "A new closing line" in page


@pytest.mark.parametrize("name", ["pr.yml", "pages.yml"])
def test_ci_restores_and_saves_the_build_caches_outside_the_repository(name):
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / name).read_text("utf-8"))
    job = next(iter(workflow["jobs"].values()))
    steps = job["steps"]
    names = [step.get("name", step.get("uses", "")) for step in steps]
    cache = next(s for s in steps if s.get("uses", "").startswith("actions/cache@") and "warstories" in str(s["with"]["path"]))  # fmt: skip
    assert cache["with"]["path"] == "~/.cache/warstories"
    assert "hashFiles('pyproject.toml')" in cache["with"]["key"]
    assert cache["with"]["restore-keys"].strip()
    build = next(i for i, n in enumerate(names) if "Build the site" in n)
    assert steps.index(cache) < build

"""The parse results `warstories check` keeps between runs: reused when nothing changed, never stale."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest
from conftest import run_cmd, story
from warstories.core import catalog as catalog_module
from warstories.core.catalog import load_catalog
from warstories.core.settings import load_taxonomy
from warstories.core.stored_cache import KEEP, StoredParseCache

WARSTORIES = shutil.which("warstories") or "warstories"


def _check(root: Path, home: Path, *args: str):
    return run_cmd(
        [WARSTORIES, "check", "--no-similar", *args], root, {"XDG_CACHE_HOME": str(home)}
    )


def test_a_second_run_parses_nothing_that_did_not_change(tmp_path: Path, monkeypatch):
    stories = tmp_path / "stories"
    for name in ("a", "b", "c"):
        (stories / "scale").mkdir(parents=True, exist_ok=True)
        (stories / "scale" / f"{name}.md").write_text(story(title=name.upper()), "utf-8")
    taxonomy = load_taxonomy()
    calls: list[str] = []
    real = catalog_module.parse_story

    def counting(path, data, tax):
        calls.append(path)
        return real(path, data, tax)

    monkeypatch.setattr(catalog_module, "parse_story", counting)
    first = StoredParseCache(stories, taxonomy, home=tmp_path / "cache")
    load_catalog(stories, taxonomy, cache=first)
    first.save()
    assert sorted(calls) == ["scale/a.md", "scale/b.md", "scale/c.md"]
    calls.clear()
    (stories / "scale" / "b.md").write_text(story(title="B, edited"), "utf-8")
    second = StoredParseCache(stories, taxonomy, home=tmp_path / "cache")
    catalog = load_catalog(stories, taxonomy, cache=second)
    assert calls == ["scale/b.md"]
    assert catalog.get("b").title == "B, edited"


def test_check_output_is_the_same_with_the_cache_and_follows_edits(make_site, tmp_path: Path):
    root = make_site({"scale/ok.md": story(), "scale/other.md": story(title="Other")}).root
    home = tmp_path / "cache"
    cold = _check(root, home)
    assert cold.returncode == 0 and list((home / "warstories").glob("parsed-*.pickle"))
    warm = _check(root, home)
    assert warm.stdout == cold.stdout
    (root / "stories" / "scale" / "ok.md").write_text(story(severity="sev9"), "utf-8")
    edited = _check(root, home)
    assert edited.returncode == 1
    assert edited.stdout.startswith("stories/scale/ok.md:4: error: severity: unknown value 'sev9'")
    assert edited.stdout == _check(root, home, "--no-cache").stdout


def test_a_changed_taxonomy_is_not_answered_from_the_cache(make_site, tmp_path: Path):
    site = make_site({"ml/model-drift.md": story()})
    home = tmp_path / "cache"
    before = _check(site.root, home)
    assert before.returncode == 1 and "the folder 'ml' is not a category" in before.stdout
    config = site.root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "  - warstories\n",
            "  - warstories:\n      categories:\n        - {slug: ml, label: Machine learning}\n",
        ),
        "utf-8",
    )
    after = _check(site.root, home)
    assert after.returncode == 0, after.stdout


@pytest.mark.parametrize("content", [b"", b"not a pickle", pickle.dumps({"fingerprint": "old"})])
def test_a_broken_or_outdated_cache_file_is_ignored(make_site, tmp_path: Path, content: bytes):
    root = make_site({"scale/bad.md": story(severity="sev9")}).root
    home = tmp_path / "cache"
    assert _check(root, home).returncode == 1
    (cache_file,) = (home / "warstories").glob("parsed-*.pickle")
    cache_file.write_bytes(content)
    again = _check(root, home)
    assert again.returncode == 1 and "sev9" in again.stdout
    assert "Traceback" not in again.stderr


def test_no_cache_writes_nothing(make_site, tmp_path: Path):
    root = make_site({"scale/ok.md": story()}).root
    home = tmp_path / "cache"
    assert _check(root, home, "--no-cache").returncode == 0
    assert not (home / "warstories").exists()


def test_only_the_most_recently_used_caches_are_kept(tmp_path: Path):
    home = tmp_path / "cache"
    home.mkdir()
    old = []
    for i in range(KEEP + 5):
        file = home / f"parsed-old{i:02d}.pickle"
        file.write_bytes(b"x")
        os.utime(file, (1_000_000 + i, 1_000_000 + i))  # long ago, oldest first
        old.append(file)
    recent = home / "parsed-recent.pickle"
    recent.write_bytes(b"x")
    stories = tmp_path / "stories" / "scale"
    stories.mkdir(parents=True)
    (stories / "a.md").write_text(story(), "utf-8")
    cache = StoredParseCache(stories.parent, load_taxonomy(), home=home)
    load_catalog(stories.parent, load_taxonomy(), cache=cache)
    cache.save()
    left = {p.name for p in home.glob("parsed-*.pickle")}
    assert cache.file.name in left and recent.name in left
    assert not any(f.name in left for f in old)  # a month old or more
    assert len(left) <= KEEP

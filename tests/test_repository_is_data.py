"""Nothing committed to the repository is loaded as code: caches live in the user's folder.

A pull request can force-add a crafted whoosh index under `.cache/` (whoosh unpickles its
table of contents) and a damaged related-terms cache; build, preview, search, index and
check must run none of it and be unaffected, and check must fail on the committed files.
"""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_cmd, story
from serving import get, serving, wait_for
from warstories.analysis.related import TermCache
from warstories.core.cachedir import cache_home, index_dir, trusted

WARSTORIES = [sys.executable, "-m", "warstories.cli.main"]


class _RunsCode:
    """Unpickled, this creates the marker file: what an attacker's pickle would do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (exec, (f"open({str(self.marker)!r}, 'w').close()",))


def crafted_toc(folder: Path, marker: Path) -> None:
    """A whoosh `_MAIN_1.toc` whose pickled schema runs code when the index is opened."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import _CURRENT_TOC_VERSION, _FLOAT_SIZE, _INT_SIZE, _LONG_SIZE

    folder.mkdir(parents=True, exist_ok=True)
    stream = FileStorage(str(folder)).create_file("_MAIN_1.toc")
    for size in (_INT_SIZE, _LONG_SIZE, _FLOAT_SIZE):
        stream.write_varint(size)
    stream.write_int(-12345)
    stream.write_int(_CURRENT_TOC_VERSION)
    for part in (2, 7, 4):
        stream.write_varint(part)
    stream.write_string(pickle.dumps(_RunsCode(marker), 2))
    stream.write_int(1)
    stream.write_int(0)
    stream.write_pickle([])
    stream.close()


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def test_the_crafted_index_runs_code_when_whoosh_opens_it(tmp_path: Path):
    """The payload the next test commits is real: opening it with whoosh creates the marker."""
    from whoosh import index

    marker = tmp_path / "ran"
    crafted_toc(tmp_path / "ix", marker)
    with pytest.raises(Exception):  # noqa: B017 - the schema is not one: whoosh fails after
        index.open_dir(str(tmp_path / "ix"))
    assert marker.exists()


@pytest.fixture
def hostile_repo(make_site, tmp_path: Path):
    site = make_site(
        {
            "scale/pool.md": story("Pool", "Ran dry.", body="Zanzibar ran dry.\n"),
            "scale/disk.md": story("Disk", "Filled up.", body="Zanzibar filled the disk.\n"),
        }
    )
    marker = tmp_path / "code-ran"
    committed = site.root / ".cache" / "warstories"
    crafted_toc(committed / "search-v3", marker)
    (committed / "related-terms-v1.json").write_text(
        json.dumps({"version": 1, "terms": {"0" * 32: {"zanzibar": 0}}}), "utf-8"
    )
    (site.root / ".gitignore").write_text(".cache/\nsite/\n", "utf-8")
    _git(site.root, "init", "-q")
    _git(site.root, "add", ".")
    _git(site.root, "add", "-f", ".cache")
    _git(site.root, "commit", "-q", "-m", "a pull request")
    return site, marker


def test_build_serve_search_index_and_check_run_nothing_committed(hostile_repo):
    site, marker = hostile_repo
    built = site.build("--strict")
    assert built.returncode == 0, built.stderr
    assert not marker.exists(), "mkdocs build ran the committed index"
    assert "search index" not in built.stderr  # no indexer starts because a folder exists
    assert (site.out / "scale" / "pool" / "index.html").is_file()

    with serving(site.root) as (base, process):
        wait_for(lambda: "Zanzibar" in get(base + "scale/pool/")[1], process, site.root)
    assert not marker.exists(), "mkdocs serve ran the committed index"

    indexed = run_cmd([*WARSTORIES, "index"], site.root)
    assert indexed.returncode == 0, indexed.stderr
    assert "2 added" in indexed.stdout
    searched = run_cmd([*WARSTORIES, "search", "zanzibar"], site.root)
    assert searched.returncode == 0, searched.stderr
    assert "scale/pool.md" in searched.stdout and "scale/disk.md" in searched.stdout
    assert not marker.exists(), "warstories index or search ran the committed index"
    assert index_dir(site.root).is_relative_to(cache_home())

    checked = run_cmd([*WARSTORIES, "check", "--no-similar"], site.root)
    assert not marker.exists(), "warstories check ran the committed index"
    assert checked.returncode == 1, checked.stdout
    lines = [line for line in checked.stdout.splitlines() if "cache file is committed" in line]
    assert len(lines) == 2, checked.stdout
    assert lines[0].startswith(".cache/warstories/related-terms-v1.json: error:")
    assert "git rm --cached" in lines[0]


def test_check_passes_once_the_cache_is_untracked(hostile_repo):
    site, _ = hostile_repo
    _git(site.root, "rm", "-r", "-q", "--cached", ".cache")
    checked = run_cmd([*WARSTORIES, "check", "--no-similar"], site.root)
    assert checked.returncode == 0, checked.stdout


def test_a_term_cache_with_a_zero_count_is_read_as_empty(tmp_path: Path):
    file = tmp_path / "terms.json"
    file.write_text(json.dumps({"version": 1, "terms": {"k": {"word": 0}}}), "utf-8")
    assert TermCache(file).entries == {}
    file.write_text(json.dumps({"version": 1, "terms": {"k": {"word": 2}}}), "utf-8")
    assert TermCache(file).entries == {"k": {"word": 2}}
    file.write_text(json.dumps({"version": 1, "terms": {"k": ["word"]}}), "utf-8")
    assert TermCache(file).entries == {}


def test_a_cache_others_may_write_is_not_trusted(tmp_path: Path):
    folder = tmp_path / "ix"
    folder.mkdir()
    (folder / "a").write_text("x", "utf-8")
    assert trusted(folder)
    (folder / "a").chmod(0o666)
    assert not trusted(folder)
    (folder / "a").chmod(0o644)
    (folder / "b").symlink_to(tmp_path)
    assert not trusted(folder)

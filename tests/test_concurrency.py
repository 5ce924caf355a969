"""Concurrent and interrupted builds: the shared search cache never ends up wrong.

Two builds of one site at once, a build beside the preview, and builds killed at several
moments (with the search indexer they start) are each followed by checks that the output
equals a clean build's and that the search index holds exactly the stories, by content hash.
The builds under test are real `mkdocs build` processes (they run at once and are killed); the
clean build they are compared with runs once, in this process.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, TEST_CACHE_HOME, mkdocs_build, run_cmd
from serving import get, serving, wait_for
from warstories.core.cachedir import index_dir
from warstories.core.catalog import load_catalog
from warstories.core.settings import read_site
from warstories.search.index import content_hash, indexed_hashes

WARSTORIES = shutil.which("warstories") or "warstories"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "XDG_CACHE_HOME": str(TEST_CACHE_HOME)}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    """A snapshot of the example site (stories, config, theme overrides) taken once."""
    root = tmp_path_factory.mktemp("pristine") / "site-src"
    root.mkdir()
    shutil.copytree(REPO / "stories", root / "stories")
    shutil.copytree(REPO / "theme_overrides", root / "theme_overrides")
    config = (REPO / "mkdocs.yml").read_text("utf-8")
    assert "\n  - warstories\n" in config
    # Every build here writes the shared search index, as when a contributor has used the CLI.
    config = config.replace("\n  - warstories\n", "\n  - warstories:\n      search_index: true\n")
    (root / "mkdocs.yml").write_text(config, "utf-8")
    return root


def _example_copy(pristine: Path, root: Path) -> Path:
    shutil.copytree(pristine, root)
    return root


def _build(root: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=root,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: killing it kills the indexer it starts
    )


def _finish(process: subprocess.Popen) -> str:
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, (out + err)[-3000:]
    assert "Traceback" not in err
    return err


# Files that differ between two builds of the same site even one after the other: gzip
# carries its write time, and Pagefind orders its filter and meta chunks differently each run
# (their names are content hashes); for those only the count of files is compared.
_UNSTABLE = ("pagefind/filter/", "pagefind/pagefind.", "pagefind/pagefind-entry.json")


def _files(out: Path) -> dict[str, bytes]:
    """Every file of a built site by path; the unstable ones by folder and count only."""
    files: dict[str, bytes] = {}
    for path in sorted(out.rglob("*")):
        name = path.relative_to(out).as_posix()
        if not path.is_file() or path.suffix == ".gz":
            continue
        if name.startswith(_UNSTABLE):
            key = name.rsplit("/", 1)[0] + "/*"
            files[key] = str(int(files.get(key, b"0")) + 1).encode()
        else:
            files[name] = path.read_bytes()
    return files


def _assert_same_site(out: Path, reference: dict[str, bytes]) -> None:
    files = _files(out)
    assert sorted(files) == sorted(reference)
    different = [name for name in files if files[name] != reference[name]]
    assert different == []


def _assert_index_holds_every_story(root: Path) -> None:
    site = read_site(root / "mkdocs.yml")
    catalog = load_catalog(site.stories_dir, site.taxonomy, include_drafts=True)
    expected = {
        s.path: content_hash((site.stories_dir / s.path).read_bytes()) for s in catalog.stories
    }
    assert len(expected) >= 17
    assert indexed_hashes(index_dir(root)) == expected


def _search(root: Path, query: str) -> str:
    result = run_cmd([WARSTORIES, "search", query], root)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def reference(pristine: Path, tmp_path_factory) -> tuple[dict[str, bytes], str]:
    """A clean build of the same snapshot (once, in this process), and what a search answers
    there: what every build below must end up equal to."""
    root = _example_copy(pristine, tmp_path_factory.mktemp("reference") / "site-src")
    result = mkdocs_build(["--strict", "-d", str(root / "out")], root)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    with pytest.MonkeyPatch.context() as env:  # where the build put the index (TEST_ENV)
        env.setenv("XDG_CACHE_HOME", str(TEST_CACHE_HOME))
        _assert_index_holds_every_story(root)
    return _files(root / "out"), _search(root, "postgres pool")


def test_two_builds_at_once_give_the_same_site_and_a_whole_index(tmp_path, pristine, reference):
    root = _example_copy(pristine, tmp_path / "site-src")
    first, second = _build(root, tmp_path / "one"), _build(root, tmp_path / "two")
    _finish(first), _finish(second)
    files, answer = reference
    _assert_same_site(tmp_path / "one", files)
    _assert_same_site(tmp_path / "two", files)
    _assert_index_holds_every_story(root)
    assert _search(root, "postgres pool") == answer


def test_three_builds_at_once_after_an_edit_agree_on_the_index(tmp_path, pristine):
    root = _example_copy(pristine, tmp_path / "site-src")
    _finish(_build(root, tmp_path / "warm"))
    story = root / "stories" / "scale" / "connection-pool-saturation.md"
    story.write_text(story.read_text("utf-8") + "\nA new closing line about zebras.\n", "utf-8")
    builds = [_build(root, tmp_path / f"out{i}") for i in range(3)]
    for build in builds:
        _finish(build)
    _assert_index_holds_every_story(root)
    assert "connection-pool-saturation" in _search(root, "zebras")


def _html_pages(out: Path) -> int:
    return sum(1 for _ in out.rglob("*.html")) if out.is_dir() else 0


# Moments to kill a build at, each seen from outside: (name, condition on (root, out)).
MOMENTS = {
    "starting": lambda root, out: True,
    "indexing the search cache": lambda root, out: index_dir(root).is_dir(),
    "writing pages": lambda root, out: _html_pages(out) >= 5,
    "running pagefind": lambda root, out: (out / "pagefind").is_dir(),
}


def _kill_when(process: subprocess.Popen, condition, timeout: float = 300) -> bool:
    """Kill the process group as soon as `condition()` holds; False if it ended first."""
    deadline = time.monotonic() + timeout
    while process.poll() is None and time.monotonic() < deadline:
        if condition():
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate(timeout=60)
            return True
        time.sleep(0.005)
    process.communicate(timeout=60)
    return False


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_a_build_killed_midway_leaves_the_next_build_correct(tmp_path, pristine, reference, moment):
    root = _example_copy(pristine, tmp_path / "site-src")
    out = tmp_path / "out"
    assert _kill_when(_build(root, out), lambda: MOMENTS[moment](root, out))
    _finish(_build(root, out))
    files, answer = reference
    _assert_same_site(out, files)
    _assert_index_holds_every_story(root)
    assert _search(root, "postgres pool") == answer


def test_a_build_beside_the_preview_leaves_both_right(tmp_path, pristine):
    root = _example_copy(pristine, tmp_path / "site-src")
    story = root / "stories" / "scale" / "connection-pool-saturation.md"
    with serving(root) as (base, process):
        build = _build(root, tmp_path / "out")
        story.write_text(story.read_text("utf-8") + "\nA closing line about walruses.\n", "utf-8")
        _finish(build)
        wait_for(
            lambda: "walruses" in get(base + "scale/connection-pool-saturation/")[1],
            process,
            root,
        )
        wait_for(
            lambda: "connection-pool" in run_cmd([WARSTORIES, "search", "walruses"], root).stdout,
            process,
            root,
        )
        _assert_index_holds_every_story(root)
        assert process.poll() is None
    assert "Traceback" not in (root / "serve.log").read_text()


@pytest.mark.parametrize("files_written", [1, 3, 6])
def test_an_indexer_killed_while_writing_leaves_a_correct_index(
    tmp_path, pristine, reference, files_written
):
    root = _example_copy(pristine, tmp_path / "site-src")
    indexer = subprocess.Popen(
        [WARSTORIES, "index"],
        cwd=root,
        env=ENV,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    directory = index_dir(root)

    def writing() -> bool:
        return directory.is_dir() and sum(1 for _ in directory.iterdir()) >= files_written

    _kill_when(indexer, writing)
    _, answer = reference
    assert _search(root, "postgres pool") == answer
    _assert_index_holds_every_story(root)


def test_a_damaged_search_cache_is_rebuilt_by_the_next_build(tmp_path, pristine, reference):
    root = _example_copy(pristine, tmp_path / "site-src")
    _finish(_build(root, tmp_path / "first"))
    for path in index_dir(root).iterdir():
        if path.is_file():
            path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    _finish(_build(root, tmp_path / "second"))
    files, answer = reference
    _assert_same_site(tmp_path / "second", files)
    _assert_index_holds_every_story(root)
    assert _search(root, "postgres pool") == answer


def test_a_story_edited_while_the_index_is_written_is_indexed_next_time(tmp_path, monkeypatch):
    from warstories.search import index as search

    root = tmp_path / "stories"
    story = root / "scale" / "pool.md"
    story.parent.mkdir(parents=True)
    story.write_text("---\ntitle: Pool\ndescription: About zebras.\n---\nZebras.\n", "utf-8")
    directory = index_dir(tmp_path)
    taxonomy = read_site(REPO / "mkdocs.yml").taxonomy
    search.refresh_index(directory, root, taxonomy)
    edited = "---\ntitle: Pool\ndescription: About walruses, not zebras.\n---\nWalruses.\n"
    write_state = search._write_state

    def edit_then_write_state(*args, **kwargs):
        story.write_text(edited, "utf-8")  # the writer saves while the index is being written
        write_state(*args, **kwargs)

    story.write_text(story.read_text("utf-8").replace("Zebras.", "Zebras, twice."), "utf-8")
    monkeypatch.setattr(search, "_write_state", edit_then_write_state)
    search.refresh_index(directory, root, taxonomy)
    monkeypatch.setattr(search, "_write_state", write_state)
    search.refresh_index(directory, root, taxonomy)
    assert indexed_hashes(directory) == {"scale/pool.md": content_hash(edited.encode())}

"""Pages rendered ahead by a second process during MkDocs' page loop: the site is the same, byte
for byte, as one whose every page the loop renders itself; on one core nothing is forked."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO
from test_convert_ahead import _build, _same_tree
from warstories.plugin.kept_pages import _templates, _uses_pages

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate

AHEAD = re.compile(
    r"(\d+) pages written as the last build's templates wrote them, (\d+) rendered ahead"
)


def _counts(log: str) -> tuple[int, int]:
    found = AHEAD.search(log)
    assert found, log
    return int(found.group(1)), int(found.group(2))


def _site(tmp_path: Path, keep_pages: bool) -> Path:
    root = tmp_path / ("kept" if keep_pages else "plain")
    generate(root, 150)
    config = yaml.safe_load((root / "mkdocs.yml").read_text("utf-8"))
    config["plugins"] = [{"warstories": {"pagefind": False, "keep_pages": keep_pages}}]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    return root


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or len(os.sched_getaffinity(0)) < 2,
    reason="the second process is forked only on Linux with two cores or more",
)
def test_pages_rendered_ahead_make_the_same_site_as_the_loop_alone(tmp_path: Path):
    plain = _site(tmp_path, keep_pages=False)
    kept = _site(tmp_path, keep_pages=True)
    _build(plain, str(tmp_path / "plain-site"), cache=tmp_path / "c1", process=True)
    log = _build(kept, str(tmp_path / "kept-site"), cache=tmp_path / "c2", process=True)
    earlier, ahead = _counts(log)
    assert earlier == 0 and ahead > 20  # the child rendered a share of the ~280 pages
    _same_tree(tmp_path / "plain-site", tmp_path / "kept-site")


def test_on_one_core_nothing_is_rendered_ahead_and_the_site_is_the_same(tmp_path: Path):
    plain = _site(tmp_path, keep_pages=False)
    kept = _site(tmp_path, keep_pages=True)
    _build(plain, str(tmp_path / "plain-site"), cache=tmp_path / "c1", one_core=True)
    log = _build(kept, str(tmp_path / "kept-site"), cache=tmp_path / "c2", one_core=True)
    assert _counts(log) == (0, 0)
    _same_tree(tmp_path / "plain-site", tmp_path / "kept-site")


def test_a_template_that_lists_the_sites_pages_is_seen(tmp_path: Path):
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "list.html").write_text(
        "{% for p in nav_item.pages %}{{ p.title }}{% endfor %}\n"
    )
    assert not _uses_pages(_templates([str(tmp_path)]))  # a section's pages, not the site's
    (tmp_path / "partials" / "all.html").write_text("{% for f in pages %}{{ f.url }}{% endfor %}")
    assert _uses_pages(_templates([str(tmp_path)]))

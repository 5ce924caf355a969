"""The kept Pagefind pieces: a build after one edit reuses the unchanged pieces and writes the
same bundle as a build without them; only one build at a time holds them; metadata that is not
Pagefind's, or names a path, is never used."""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

import cbor2
import yaml
from conftest import REPO
from test_convert_ahead import _build, _same_tree
from warstories.search.pagefind_store import BundleStore, bundle_pieces

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate


def _site(tmp_path: Path, n: int) -> Path:
    root = tmp_path / "src"
    generate(root, n)
    config = yaml.safe_load((root / "mkdocs.yml").read_text("utf-8"))
    config["plugins"] = ["warstories"]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    return root


def test_an_edit_reuses_the_unchanged_pieces_and_gives_the_same_bundle(tmp_path: Path):
    root = _site(tmp_path, 30)
    cache = tmp_path / "cache"
    _build(root, str(tmp_path / "first"), cache=cache)
    edited = sorted((root / "stories" / "scale").glob("*.md"))[0]
    edited.write_text(edited.read_text("utf-8") + "\nThe numbat ate the pager.\n", "utf-8")
    _build(root, str(tmp_path / "pr"), cache=cache)
    _build(root, str(tmp_path / "fresh"), cache=tmp_path / "empty-cache")

    pr, fresh = tmp_path / "pr" / "pagefind", tmp_path / "fresh" / "pagefind"
    _same_tree(fresh, pr)  # no piece of the first bundle is left over, none is missing
    fragments = list((pr / "fragment").iterdir())
    assert len(fragments) == 30  # one per story
    first = {f.stat().st_ino for f in (tmp_path / "first" / "pagefind" / "fragment").iterdir()}
    reused = [f for f in fragments if f.stat().st_ino in first]  # the same file, linked twice
    assert len(reused) == len(fragments) - 1  # all but the edited story's
    named = bundle_pieces(pr)
    assert named is not None and {f"fragment/{f.name}" for f in fragments} <= named


def test_one_build_at_a_time_holds_the_store(tmp_path: Path):
    first = BundleStore.open(tmp_path / "store")
    assert first is not None
    assert BundleStore.open(tmp_path / "store") is None  # another build: writes in full
    first.release()
    again = BundleStore.open(tmp_path / "store")
    assert again is not None
    again.release()


def _meta(bundle: Path, meta: object, prefix: bytes = b"pagefind_dcd") -> None:
    bundle.mkdir(parents=True, exist_ok=True)
    (bundle / "pagefind-entry.json").write_text(
        '{"version": "1.4.0", "languages": {"en": {"hash": "en_1234", "page_count": 1}}}'
    )
    (bundle / "pagefind.en_1234.pf_meta").write_bytes(gzip.compress(prefix + cbor2.dumps(meta)))


def test_metadata_that_is_not_pagefinds_or_names_a_path_is_not_used(tmp_path: Path):
    good = tmp_path / "good"
    _meta(good, ["1.4.0", [["en_aa", 3]], [["a", "z", "en_bb"]], [["tag", "en_cc"]], []])
    assert bundle_pieces(good) == {
        "pagefind.en_1234.pf_meta",
        "fragment/en_aa.pf_fragment",
        "index/en_bb.pf_index",
        "filter/en_cc.pf_filter",
    }
    escaping = tmp_path / "escaping"
    _meta(escaping, ["1.4.0", [["../../home", 3]], [], [], []])
    assert bundle_pieces(escaping) is None
    not_ours = tmp_path / "not-ours"
    _meta(not_ours, ["1.4.0", [], [], [], []], prefix=b"something")
    assert bundle_pieces(not_ours) is None
    shapeless = tmp_path / "shapeless"
    _meta(shapeless, {"pages": 3})
    assert bundle_pieces(shapeless) is None

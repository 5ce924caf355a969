"""The last build's Pagefind bundle kept in the site's cache folder, so that Pagefind compresses
and writes only the files a change made new.

Pagefind names each piece of a bundle (a page's fragment, a chunk of the word index, a filter,
the metadata) by the hash of its content, and does not write a piece whose file already exists.
So the kept pieces are linked into the new bundle's folder before Pagefind writes: after a
one-story edit it writes the few pieces that changed instead of compressing a thousand again.
Afterwards the pieces the new metadata does not name are removed, so the bundle holds exactly
what a build without the store writes, and the store becomes the new bundle's pieces.

The metadata (`pagefind.<hash>.pf_meta`: gzip, a `pagefind_dcd` prefix, then CBOR) is read with
cbor2 as data; a name read from it is used as a file name only when it is a plain hash. One
build at a time holds the store (a lock); another build meanwhile writes its bundle in full.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cbor2
from filelock import FileLock, Timeout

from warstories.core.cachedir import make_private, trusted

_HASH = re.compile(r"[A-Za-z0-9_-]{1,100}")
_PREFIX = b"pagefind_dcd"
_FOLDERS = {"fragment": ".pf_fragment", "index": ".pf_index", "filter": ".pf_filter"}


class BundleStore:
    """The kept pieces of one site's last bundle, held by this build until `release`."""

    def __init__(self, folder: Path, lock: FileLock) -> None:
        self.folder = folder
        self._lock: FileLock | None = lock

    @classmethod
    def open(cls, folder: Path) -> BundleStore | None:
        """The store in `folder`, locked for this build; None when another build holds it or
        it is not the user's own."""
        lock = FileLock(folder.parent / f".{folder.name}.lock")
        try:
            make_private(folder.parent)
            lock.acquire(timeout=0)
        except (OSError, Timeout):
            return None
        try:
            if folder.exists() and not trusted(folder):
                lock.release()
                return None
            folder.mkdir(mode=0o700, exist_ok=True)
        except OSError:
            lock.release()
            return None
        return cls(folder, lock)

    def seed(self, bundle: Path) -> None:
        """Link (or copy) the kept pieces into `bundle`, a new empty folder."""
        for relative in _pieces(self.folder):
            _link(self.folder / relative, bundle / relative)

    def settle(self, bundle: Path) -> None:
        """Remove from `bundle` the pieces its metadata does not name and keep the rest as the
        store; the store starts again empty when the metadata cannot be read or a file fails."""
        named = bundle_pieces(bundle)
        if named is None:
            shutil.rmtree(self.folder, ignore_errors=True)
            return
        try:
            for relative in _pieces(bundle):
                if relative not in named:
                    (bundle / relative).unlink()
            for relative in _pieces(self.folder):
                if relative not in named:
                    (self.folder / relative).unlink()
            for relative in named:
                if not (self.folder / relative).exists():
                    _link(bundle / relative, self.folder / relative)
        except OSError:  # the bundle has every piece it names
            shutil.rmtree(self.folder, ignore_errors=True)

    def release(self) -> None:
        """Let another build use the store."""
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def bundle_pieces(bundle: Path) -> set[str] | None:
    """The hashed pieces a bundle's entry file and metadata name (paths under the bundle), or
    None when they cannot be read as Pagefind 1.4 writes them."""
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
        named: set[str] = set()
        for language in entry["languages"].values():
            meta_hash = _hash(language["hash"])
            meta_file = f"pagefind.{meta_hash}.pf_meta"
            named.add(meta_file)
            named.update(_meta_pieces(gzip.decompress((bundle / meta_file).read_bytes())))
        return named
    except (OSError, ValueError, KeyError, TypeError, AttributeError, EOFError, gzip.BadGzipFile):
        return None


def _meta_pieces(raw: bytes) -> Iterator[str]:
    """[version, pages [[hash, words]], index chunks [[from, to, hash]], filters [[name, hash]],
    sorts] -> the files they name."""
    if not raw.startswith(_PREFIX):
        raise ValueError("not a Pagefind metadata file")
    meta: Any = cbor2.loads(raw[len(_PREFIX) :])
    _version, pages, chunks, filters = meta[0], meta[1], meta[2], meta[3]
    for page in pages:
        yield f"fragment/{_hash(page[0])}.pf_fragment"
    for chunk in chunks:
        yield f"index/{_hash(chunk[2])}.pf_index"
    for named_filter in filters:
        yield f"filter/{_hash(named_filter[1])}.pf_filter"


def _hash(value: Any) -> str:
    if not isinstance(value, str) or not _HASH.fullmatch(value):
        raise ValueError("not a Pagefind hash")
    return value


def _pieces(folder: Path) -> Iterator[str]:
    """The hashed pieces in a bundle folder, as paths under it."""
    with contextlib.suppress(FileNotFoundError), os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith("pagefind.") and entry.name.endswith(".pf_meta"):
                yield entry.name
    for name, suffix in _FOLDERS.items():
        with contextlib.suppress(FileNotFoundError), os.scandir(folder / name) as entries:
            for entry in entries:
                if entry.name.endswith(suffix) and entry.is_file(follow_symlinks=False):
                    yield f"{name}/{entry.name}"


def _link(source: Path, target: Path) -> None:
    """A hard link (the pieces never change once written), or a copy across file systems."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)

"""Per-story build results kept between builds in the user's cache folder, so a build after one
edit (a pull request's CI job with its restored cache) redoes the work of one story.

Each store is one JSON file in the site's cache folder (cachedir.py: outside the repository,
read only when it is the user's own), never a pickle: what is read back is plain text and
numbers. A store is used only when the package's code and templates and the caller's own
inputs (its `scope`: taxonomy, language, Markdown settings, ...) are the ones it was written
with. A save keeps only the entries this build used, so a store never grows past the site.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import fields, is_dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from warstories.core.cachedir import cache_dir, make_private, package_digest, trusted
from warstories.core.model import Story

FORMAT = 1


def code_fingerprint() -> str:
    """Changes whenever a module, data file or template of the package changes."""
    return f"{FORMAT} {package_digest(('.py', '.yaml', '.html', '.js'))}"


Memo = dict[int, tuple[Any, str]]  # id -> (the object, kept alive so its id is not reused; hash)


def digest(value: Any, memo: Memo | None = None) -> str:
    """A stable hash of plain values, dataclasses (stories included), enums and containers.

    Two equal inputs give the same hash in any process; a value whose type is not one of
    these raises TypeError rather than hashing an address that differs between runs. `memo`
    keeps each dataclass instance's hash by identity, for many calls over the same objects
    (a story is in many other stories' context); it holds the objects, so no id is reused.
    """
    hasher = hashlib.sha256()
    _feed(hasher, value, memo if memo is not None else {})
    return hasher.hexdigest()


def _feed(hasher: Any, value: Any, memo: Memo) -> None:
    if value is None or isinstance(value, (bool, int, float, str)):
        hasher.update(f"{type(value).__name__}:{value!r};".encode())
    elif isinstance(value, Enum):
        hasher.update(f"enum:{type(value).__name__}.{value.name};".encode())
    elif is_dataclass(value) and not isinstance(value, type):
        known = memo.get(id(value))
        if known is None:
            known = memo[id(value)] = (value, _dataclass_digest(value, memo))
        hasher.update(f"dc:{known[1]};".encode())
    elif isinstance(value, (list, tuple)):
        hasher.update(f"seq:{len(value)}[".encode())
        for item in value:
            _feed(hasher, item, memo)
        hasher.update(b"]")
    elif isinstance(value, dict):
        hasher.update(f"map:{len(value)}{{".encode())
        for key in sorted(value, key=repr):
            _feed(hasher, key, memo)
            _feed(hasher, value[key], memo)
        hasher.update(b"}")
    elif isinstance(value, (set, frozenset)):
        _feed(hasher, sorted(value, key=repr), memo)
    else:
        raise TypeError(f"cannot hash a {type(value).__name__} for the build cache")


def _dataclass_digest(value: Any, memo: Memo) -> str:
    """A story by its repr (generated field by field, and five times faster to hash than a
    walk); anything else field by field, so a story inside it (a neighbour, a related link) is
    hashed once, through `memo`."""
    if isinstance(value, Story):  # plain values, tuples and small dataclasses: no set inside
        shown = repr(value)
        if " at 0x" not in shown:  # else perhaps an object's address: walked, to be sure
            return hashlib.sha256(f"story:{shown}".encode()).hexdigest()
    inner = hashlib.sha256(f"dc:{type(value).__qualname__}(".encode())
    for item in fields(value):
        inner.update(f"{item.name}=".encode())
        _feed(inner, getattr(value, item.name), memo)
    return inner.hexdigest()


class StoredResults:
    """Results by key (a story's digest and what else they depend on) for one site and purpose."""

    def __init__(self, purpose: str, site_root: Path, scope: Any = None) -> None:
        self.file = cache_dir(site_root) / f"build-{purpose}.json"
        self.fingerprint = digest([code_fingerprint(), purpose, scope])
        self._entries: dict[str, Any] = {}
        self._used: set[str] = set()
        self._changed = False
        self._load()

    def _load(self) -> None:
        if not self.file.is_file() or not trusted(self.file):
            return
        try:
            stored = json.loads(self.file.read_text("utf-8"))
        except (OSError, ValueError):  # missing, truncated or not ours: start empty
            return
        if isinstance(stored, dict) and stored.get("fingerprint") == self.fingerprint:
            entries = stored.get("entries")
            self._entries = entries if isinstance(entries, dict) else {}

    def get(self, key: str) -> Any:
        """The stored result, or None."""
        found = self._entries.get(key)
        if found is not None:
            self._used.add(key)
        return found

    def put(self, key: str, value: Any) -> None:
        self._entries[key] = value
        self._used.add(key)
        self._changed = True

    def save(self) -> None:
        """Write the entries this build used when anything changed; a folder that cannot be
        written is skipped (the cache only saves time)."""
        if not self._changed and set(self._entries) == self._used:
            return
        kept = {k: v for k, v in self._entries.items() if k in self._used}
        temporary: Path | None = None
        try:
            make_private(self.file.parent)
            with tempfile.NamedTemporaryFile(
                "w", encoding="utf-8", dir=self.file.parent, prefix=".results-", delete=False
            ) as handle:
                temporary = Path(handle.name)
                # dumps, then one write: json.dump encodes in Python, dumps in C (5x faster)
                handle.write(json.dumps({"fingerprint": self.fingerprint, "entries": kept}))
            os.replace(temporary, self.file)
        except OSError:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    temporary.unlink()
            return
        self._entries, self._changed = kept, False

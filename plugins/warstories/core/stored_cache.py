"""Parsed stories kept between runs of `warstories check`, so a check after one edit parses one file.

The file lives in the user's cache folder (not in the repository, so a file committed to a
branch can never be loaded as a cache), and is used only when the package's code, the
Python version and the site's taxonomy are the same as when it was written.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path

from warstories.core.cachedir import cache_home, make_private, package_digest, trusted
from warstories.core.catalog import ParseCache
from warstories.core.taxonomy import Taxonomy

FORMAT = 1
KEEP = 24  # stories folders whose parses are kept (each about 5 MB per 1000 stories)


def _code_fingerprint() -> str:
    """Changes whenever any module or data file of the package changes."""
    return f"{FORMAT} {sys.version} {package_digest(('.py', '.yaml'))}"


class StoredParseCache(ParseCache):
    """A ParseCache loaded from and saved to one file per stories folder."""

    def __init__(self, stories_dir: Path, taxonomy: Taxonomy, home: Path | None = None) -> None:
        super().__init__()
        where = hashlib.sha256(str(Path(stories_dir).resolve()).encode()).hexdigest()[:20]
        self.file = (home or cache_home()) / f"parsed-{where}.pickle"
        self.taxonomy = taxonomy
        self.fingerprint = hashlib.sha256(
            (_code_fingerprint() + repr(taxonomy.categories)).encode()
        ).hexdigest()
        self._saved: set[tuple[str, str]] = set()
        self._load()

    def _load(self) -> None:
        if not trusted(self.file):  # missing, or someone else could have written it
            return
        try:
            with self.file.open("rb") as handle:
                stored = pickle.load(handle)
        except Exception:  # a missing, truncated or outdated cache is simply not used
            return
        if not isinstance(stored, dict) or stored.get("fingerprint") != self.fingerprint:
            return
        entries = stored.get("entries") or {}
        self._entries = {
            (path, sha, self.taxonomy): parsed for (path, sha), parsed in entries.items()
        }
        self._saved = set(entries)

    def save(self) -> None:
        """Write the entries when they changed; a cache that cannot be written is skipped."""
        entries = {(k[0], k[1]): v for k, v in self._entries.items() if k[2] == self.taxonomy}
        if set(entries) == self._saved:
            return
        temporary: Path | None = None
        try:
            make_private(self.file.parent)
            with tempfile.NamedTemporaryFile(
                "wb", dir=self.file.parent, prefix=".parsed-", delete=False
            ) as handle:
                temporary = Path(handle.name)
                pickle.dump(
                    {"fingerprint": self.fingerprint, "entries": entries},
                    handle,
                    protocol=pickle.HIGHEST_PROTOCOL,
                )
            os.replace(temporary, self.file)
        except OSError:
            if temporary is not None:
                temporary.unlink(missing_ok=True)
            return
        self._saved = set(entries)
        _forget_old(self.file.parent)


def _forget_old(home: Path, keep: int = KEEP, days: int = 30) -> None:
    """Keep the `keep` most recently written caches, none older than a month (temporary sites).

    A cache removed while still in use costs one full parse the next time.
    """
    found = []
    for file in home.glob("parsed-*.pickle"):
        try:
            found.append((file.stat().st_mtime, file))
        except OSError:
            continue
    found.sort(reverse=True)
    limit = time.time() - days * 86400
    for rank, (mtime, file) in enumerate(found):
        if rank >= keep or mtime < limit:
            with contextlib.suppress(OSError):
                file.unlink(missing_ok=True)

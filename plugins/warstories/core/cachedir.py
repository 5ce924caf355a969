"""Where warstories caches things for a site: the user's cache folder, keyed by the site's path.

Nothing is ever cached in the repository, so a file committed to a branch (a crafted whoosh
index, whose table of contents whoosh unpickles, or a damaged JSON cache) is never read as
a cache. What is read back from the user's folder is first checked to belong to the user
and to be writable by no one else; anything else is treated as no cache and rebuilt.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import stat
import time
from importlib import resources
from pathlib import Path

SCHEMA_VERSION = 5  # of the whoosh index: a new version is a new folder, built from nothing
REPO_CACHE = ".cache"  # where caches lived before; `warstories check` refuses tracked files there
KEEP_SITES = 24  # site cache folders kept (temporary sites come and go)


def cache_home() -> Path:
    """$XDG_CACHE_HOME/warstories, or ~/.cache/warstories."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "warstories"


def site_key(site_root: Path) -> str:
    """A short name for the site, from its resolved path (two checkouts never share a cache)."""
    return hashlib.sha256(str(Path(site_root).resolve()).encode()).hexdigest()[:20]


def cache_dir(site_root: Path) -> Path:
    """The site's cache folder under the user's cache folder (outside the repository)."""
    return cache_home() / "sites" / site_key(site_root)


def index_dir(site_root: Path) -> Path:
    """The whoosh index of `warstories search` for the site."""
    return cache_dir(site_root) / f"search-v{SCHEMA_VERSION}"


def make_private(folder: Path) -> None:
    """Create `folder` (and its parents) readable and writable by the user only."""
    new = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if new:
        forget_old_sites()
    with contextlib.suppress(OSError):
        os.utime(folder)  # marks the site's cache as in use, for forget_old_sites


def trusted(path: Path) -> bool:
    """True when `path` and everything under it are this user's, no link, writable by no other.

    A cache failing this could have been put there by someone else; it is not read. (Group
    write is accepted only for the user's own group, as a umask of 002 gives.)
    """
    getuid = getattr(os, "getuid", None)
    if getuid is None:  # no owners to compare (Windows): the location alone protects it
        return True
    uid, gid = getuid(), os.getgid()
    try:
        entries = [path, *path.rglob("*")] if path.is_dir() else [path]
        for entry in entries:
            st = entry.lstat()
            if st.st_uid != uid or stat.S_ISLNK(st.st_mode) or st.st_mode & stat.S_IWOTH:
                return False
            if st.st_mode & stat.S_IWGRP and st.st_gid != gid:
                return False
    except OSError:
        return False
    return True


def forget_old_sites(keep: int = KEEP_SITES, days: int = 30) -> None:
    """Remove the caches of sites not built for a month, beyond the `keep` most recent."""
    import shutil

    found = []
    with contextlib.suppress(OSError):
        for folder in (cache_home() / "sites").iterdir():
            with contextlib.suppress(OSError):
                found.append((folder.stat().st_mtime, folder))
    found.sort(reverse=True)
    limit = time.time() - days * 86400
    for rank, (mtime, folder) in enumerate(found):
        if rank >= keep and mtime < limit:
            shutil.rmtree(folder, ignore_errors=True)


@functools.cache  # the package does not change under a running process
def package_digest(suffixes: tuple[str, ...]) -> str:
    """A digest of the package's files with these suffixes: a cache made by other code is
    never taken for one of this code's."""
    digest = hashlib.sha256()
    folders = [resources.files("warstories")]
    while folders:
        folder = folders.pop()
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.is_dir() and entry.name != "__pycache__":
                folders.append(entry)
            elif entry.name.endswith(suffixes):
                digest.update(entry.name.encode())
                digest.update(entry.read_bytes())
    return digest.hexdigest()

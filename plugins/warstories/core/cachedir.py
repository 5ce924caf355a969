"""Where a site keeps what the build and the CLI cache: `.cache/warstories/` next to mkdocs.yml."""

from __future__ import annotations

from pathlib import Path

CACHE_DIR = Path(".cache") / "warstories"  # ignored by git
SCHEMA_VERSION = 3  # of the whoosh index: a new version is a new folder, built from nothing


def cache_dir(site_root: Path) -> Path:
    """The site's cache folder, next to mkdocs.yml (ignored by git)."""
    return Path(site_root) / CACHE_DIR


def index_dir(site_root: Path) -> Path:
    return cache_dir(site_root) / f"search-v{SCHEMA_VERSION}"

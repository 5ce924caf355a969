"""Site search with Pagefind: mark what a story page offers to the index, then index the built site.

Pagefind runs once after the build over the written HTML and puts its chunked index in
`<site>/pagefind/`, so the browser fetches only the pieces a query needs. Only story pages
carry `data-pagefind-body`, so the generated listing pages never crowd the results.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .catalog import Catalog
from .model import Story
from .pages import Renderer

BUNDLE = "pagefind"
SYNONYMS_FILE = "assets/warstories/synonyms.json"  # read by the header search


def story_facets(renderer: Renderer, story: Story, catalog: Catalog) -> str:
    """The hidden filters and metadata (category, severity, tags, year) Pagefind records."""
    category = catalog.taxonomy.get(story.category)
    return renderer.render(
        "story_search.html",
        story.path,
        story=story,
        category_label=category.label if category else story.category,
    )


def searchable(story_html: str, facets: str) -> str:
    """A story page's content marked as the part of the page Pagefind indexes."""
    return f'<div class="ws-searchable" data-pagefind-body>{facets}{story_html}</div>'


@dataclass(frozen=True)
class PagefindRun:
    ok: bool
    message: str


def _command(site_dir: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site_dir),
        "--output-subdir",
        BUNDLE,
        "--exclude-selectors",
        ".headerlink",  # the ¶ of each heading is not words of the story
    ]


def start_pagefind(site_dir: Path) -> subprocess.Popen:
    """Index the built site in the background (the preview reloads without waiting for it)."""
    return subprocess.Popen(
        _command(site_dir), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def run_pagefind(site_dir: Path, timeout: float = 600.0) -> PagefindRun:
    """Index the built site at `site_dir` with the Pagefind binary shipped in its wheel."""
    cmd = _command(site_dir)
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return PagefindRun(False, f"Pagefind did not run: {exc}")
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        return PagefindRun(False, "Pagefind failed: " + " | ".join(detail))
    counts = [line.strip() for line in done.stdout.splitlines() if "Indexed" in line]
    return PagefindRun(True, "Pagefind: " + ("; ".join(counts) or "site indexed"))

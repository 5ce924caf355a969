"""Where a warstories build spends its time: wall time per MkDocs event and per warstories step.

Usage:
    python benchmarks/generate.py 1000 /tmp/site
    python benchmarks/profile_build.py /tmp/site/mkdocs.yml            # one cold build
    python benchmarks/profile_build.py /tmp/site/mkdocs.yml --cprofile 25   # plus cProfile's top 25

The build runs in this process (so the steps can be timed) with a new, empty user cache folder
(where every cache lives) so the build is cold, unless --warm. Work split with a forked child (parallel.py) is
timed as the wall time of the whole split; the half done here is also counted on its own.
"""

from __future__ import annotations

import argparse
import collections
import cProfile
import logging
import os
import pstats
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs import plugins as mkdocs_plugins
from mkdocs.commands.build import build
from mkdocs.config import load_config

TIMES: collections.Counter[str] = collections.Counter()
CALLS: collections.Counter[str] = collections.Counter()


def timed(owner: Any, name: str, label: str) -> None:
    """Replace `owner.name` by a wrapper that adds its wall time to TIMES[label] (if it exists:
    the plugin is being reworked, and a step that moved is simply not timed)."""
    original: Callable[..., Any] | None = getattr(owner, name, None)
    if original is None:
        return

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            TIMES[label] += time.perf_counter() - start
            CALLS[label] += 1

    setattr(owner, name, wrapper)


def instrument() -> None:
    original = mkdocs_plugins.PluginCollection.run_event

    def run_event(self: Any, name: str, item: Any = None, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(self, name, item, **kwargs)
        finally:
            TIMES[f"event {name}"] += time.perf_counter() - start
            CALLS[f"event {name}"] += 1

    mkdocs_plugins.PluginCollection.run_event = run_event  # type: ignore[method-assign]
    from warstories.plugin import convert
    from warstories.site import build, discovery, renderer, story_parts

    timed(build, "load_catalog", "  parse + check stories (load_catalog)")
    timed(build, "in_parallel", "  related here | generated pages in a child")
    timed(build, "story_parts", "  story headers + footers (kept, or two processes)")
    timed(
        convert.Conversions, "prepare", "  story Markdown converted ahead (kept, or two processes)"
    )
    timed(renderer.Renderer, "site_pages", "  generated pages (site_pages), this process")
    timed(story_parts, "header_footer", "  story header + footer made here")
    timed(build, "squeeze_whitespace", "  squeeze whitespace")
    for name in ("prepare", "pages", "files", "start_site_index", "finish_site_index"):
        if hasattr(discovery.Discovery, name):
            timed(discovery.Discovery, name, f"  discovery.{name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("config", type=Path)
    parser.add_argument("--warm", action="store_true", help="keep the site's caches")
    parser.add_argument("--cprofile", type=int, default=0, help="also print cProfile's top N")
    parser.add_argument("--sort", default="cumulative", help="cProfile's order (e.g. tottime)")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if not args.warm:
        os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="warstories-profile-")
    instrument()
    logging.basicConfig(level=logging.ERROR)
    config = load_config(config_file=str(args.config), site_dir=tempfile.mkdtemp())
    profile = cProfile.Profile() if args.cprofile else None
    start = time.perf_counter()
    if profile:
        profile.enable()
    build(config)
    if profile:
        profile.disable()
    total = time.perf_counter() - start
    print(f"load_average={' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for label, seconds in sorted(TIMES.items(), key=lambda kv: -kv[1]):
        print(f"{label:<44} {seconds:7.2f} s  {CALLS[label]:>5} calls")
    print(f"{'total build':<44} {total:7.2f} s")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"peak RSS: this build process {own:.0f} MB, largest child (Pagefind, indexer) {children:.0f} MB"
    )
    if profile:
        pstats.Stats(profile).sort_stats(args.sort).print_stats(args.cprofile)


if __name__ == "__main__":
    main()

"""Measures search and discovery at scale: related stories, the CLI's queries, Pagefind in Chromium.

Usage:
    python benchmarks/bench_search.py                       # 1000 stories, Pagefind at 2000
    python benchmarks/bench_search.py --n 100 --pagefind-n 100   # a quick run

1. Related stories for all N stories, cold (no term cache) and warm (cache file from the last
   run), in-process, against the time of a full `mkdocs build` of the same site.
2. The whoosh index: time to build it cold and to refresh it when nothing changed, then the
   latency of `warstories search` queries in-process (interpreter start excluded; the freshness
   check every CLI call makes is included).
3. Pagefind at --pagefind-n stories: the site is built, served over loopback and searched from
   the header in headless Chromium; reports bytes transferred after the page loaded and the time
   from typing to the first result on screen.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from generate import generate
from warstories.analysis.related import TermCache, related_stories
from warstories.core.cachedir import index_dir
from warstories.core.catalog import load_catalog
from warstories.core.settings import read_site
from warstories.search.index import Filters, refresh_index, search, update_index
from warstories.site.discovery import Discovery

QUERIES = (
    "pool",
    "out of memory",
    "dst",
    "k8s AND dns",
    '"connection pool"',
    "timeout OR retry",
    "title:cache",
    "postgres failover",
)


def _build(root: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"build failed:\n{done.stderr[-2000:]}")
    return elapsed


def bench_related_and_index(n: int, work: Path) -> dict[str, float]:
    root = work / f"site-{n}"
    generate(root, n)
    site = read_site(root / "mkdocs.yml")
    t = time.perf_counter()
    catalog = load_catalog(site.stories_dir, site.taxonomy)
    parse_s = time.perf_counter() - t
    labels = {c.slug: c.label for c in site.taxonomy.categories}
    cache_file = work / f"terms-{n}.json"
    cold_cache = TermCache(cache_file)
    t = time.perf_counter()
    related = related_stories(catalog.stories, labels, cache=cold_cache)
    related_cold = time.perf_counter() - t
    cold_cache.save()
    t = time.perf_counter()
    warm_cache = TermCache(cache_file)
    related_stories(catalog.stories, labels, cache=warm_cache)
    related_warm = time.perf_counter() - t
    sizes = [len(v) for v in related.values()]

    directory = index_dir(work / f"ix-{n}")
    t = time.perf_counter()
    update_index(directory, catalog.stories, site.taxonomy, root=site.stories_dir)
    index_cold = time.perf_counter() - t
    t = time.perf_counter()
    refresh_index(directory, site.stories_dir, site.taxonomy)
    refresh_warm = time.perf_counter() - t

    latencies = []
    for _ in range(3):
        for query in QUERIES:
            t = time.perf_counter()
            refresh_index(directory, site.stories_dir, site.taxonomy)
            search(directory, query, site.taxonomy, Filters(), 10)
            latencies.append(time.perf_counter() - t)
    search_only = []
    for query in QUERIES:
        t = time.perf_counter()
        search(directory, query, site.taxonomy, Filters(), 10)
        search_only.append(time.perf_counter() - t)
    filtered = []
    for query in QUERIES:
        t = time.perf_counter()
        refresh_index(directory, site.stories_dir, site.taxonomy)
        search(directory, query, site.taxonomy, Filters(category="scale", year=2023), 10)
        filtered.append(time.perf_counter() - t)

    build_cold = _build(root)  # no cache yet for this site: cold related + index + Pagefind
    build_warm = _build(root)
    t = time.perf_counter()  # Pagefind alone: records of every story in, bundle written
    discovery = Discovery(root)
    discovery.start_site_index(catalog, root / "site", "en")
    assert discovery.finish_site_index() == (
        True,
        f"Pagefind: {len(catalog.stories)} stories indexed",
    )
    pagefind_s = time.perf_counter() - t
    return {
        "stories": len(catalog.stories),
        "parse_s": parse_s,
        "related_cold_s": related_cold,
        "related_warm_s": related_warm,
        "related_min": min(sizes),
        "related_max": max(sizes),
        "index_cold_s": index_cold,
        "refresh_unchanged_s": refresh_warm,
        "query_median_ms": statistics.median(latencies) * 1000,
        "query_max_ms": max(latencies) * 1000,
        "query_filtered_median_ms": statistics.median(filtered) * 1000,
        "search_only_median_ms": statistics.median(search_only) * 1000,
        "pagefind_s": pagefind_s,
        "build_cold_s": build_cold,
        "build_warm_s": build_warm,
    }


PAGEFIND_QUERIES = ("pool", "Scale & resource exhaustion", "k8s")


def bench_pagefind(n: int, work: Path) -> list[dict]:
    """Each query typed into the header of a fresh page: time to first result and bytes."""
    from browser import browser, serve

    root = work / f"site-{n}"
    if not (root / "site" / "pagefind").is_dir():
        generate(root, n)
        _build(root)
    out = root / "site"
    results = []
    with serve(out) as base, browser() as chromium:
        for query in PAGEFIND_QUERIES:
            context = chromium.new_context()  # a cold browser cache for every query
            page = context.new_page()
            page.goto(base + "tags/")
            page.wait_for_load_state("networkidle")
            transferred: list[int] = []

            def count(response, transferred=transferred) -> None:
                with contextlib.suppress(Exception):
                    transferred.append(len(response.body()))

            page.on("response", count)
            start = time.perf_counter()
            page.fill("#ws-search-input", query)
            page.wait_for_selector(".ws-search__result", timeout=30000)
            first_result = time.perf_counter() - start
            page.wait_for_load_state("networkidle")
            shown = page.locator(".ws-search__status").inner_text()
            context.close()
            results.append(
                {
                    "query": query,
                    "first_results_s": first_result,
                    "transferred_kb": sum(transferred) / 1024,
                    "requests": len(transferred),
                    "shown": shown,
                }
            )
    files = [p for p in (out / "pagefind").rglob("*") if p.is_file()]
    print(
        f"whole Pagefind bundle on disk {sum(p.stat().st_size for p in files) / 1e6:.1f} MB, {len(files)} files"
    )
    return results


def _report(result: dict) -> None:
    print(f"## {result['stories']} stories")
    print(f"parse all stories            {result['parse_s']:.2f} s")
    print(
        f"related, all stories, cold   {result['related_cold_s']:.3f} s "
        f"({100 * result['related_cold_s'] / result['build_cold_s']:.1f}% of the cold build)"
    )
    print(
        f"related, all stories, warm   {result['related_warm_s']:.3f} s "
        f"({100 * result['related_warm_s'] / result['build_warm_s']:.1f}% of the warm build)"
    )
    print(f"related per story            {result['related_min']} to {result['related_max']}")
    print(f"whoosh index, cold           {result['index_cold_s']:.2f} s")
    print(f"index refresh, unchanged     {result['refresh_unchanged_s'] * 1000:.0f} ms")
    print(
        f"CLI query (refresh + search) median {result['query_median_ms']:.0f} ms, "
        f"max {result['query_max_ms']:.0f} ms; with filters median "
        f"{result['query_filtered_median_ms']:.0f} ms; search alone median "
        f"{result['search_only_median_ms']:.0f} ms"
    )
    print(f"Pagefind over the built site  {result['pagefind_s']:.1f} s")
    print(
        f"mkdocs build                 cold {result['build_cold_s']:.1f} s, "
        f"warm {result['build_warm_s']:.1f} s"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="stories for items 1-2 (0: skip)")
    parser.add_argument(
        "--pagefind-n", type=int, default=2000, help="stories for Pagefind (0: skip)"
    )
    parser.add_argument("--keep", type=Path, help="keep the generated sites in this folder")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-search-"))
    work.mkdir(parents=True, exist_ok=True)
    os.environ["XDG_CACHE_HOME"] = str(work / "user-cache")  # every cache: cold on a new folder
    try:
        if args.n:
            _report(bench_related_and_index(args.n, work))
        if args.pagefind_n:
            print(f"## Pagefind, {args.pagefind_n} stories, header search in headless Chromium")
            for pf in bench_pagefind(args.pagefind_n, work):
                print(
                    f"{pf['query']!r:32} first results {pf['first_results_s']:.2f} s, "
                    f"{pf['transferred_kb']:.0f} KB in {pf['requests']} requests ({pf['shown']})"
                )
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

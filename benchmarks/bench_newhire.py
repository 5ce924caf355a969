"""Times the new hires' part of a build: figures, reading paths, charts, the four pages and the
timeline/pager/chain context of every story page, on N generated stories.

Usage:
    python benchmarks/bench_newhire.py --n 1000 4000 --repeat 3

For each N it generates the stories (benchmarks/generate.py), loads the catalog once (not
timed: the build does that anyway) and then times, best of `--repeat`, everything the new
hires' pages add: `NewHirePages(catalog)`, rendering start here, lessons, timeline and stats
(with their SVG charts), and `story_context` for every story. Linear growth means N x 4
costs about 4 x as much.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate
from warstories.core.catalog import load_catalog
from warstories.core.taxonomy import Taxonomy
from warstories.site.renderer import Renderer


def measure(n: int, repeat: int) -> dict[str, float]:
    """Best-of-`repeat` seconds for each part, on `n` generated stories."""
    with tempfile.TemporaryDirectory() as tmp:
        config = generate(Path(tmp), n)
        catalog = load_catalog(config.parent / "stories", Taxonomy.default())
        best: dict[str, float] = {}
        for _ in range(repeat):
            renderer = Renderer()
            common = {"taxonomy": catalog.taxonomy, "counts": {}}
            start = time.perf_counter()
            newhire = renderer.newhire(catalog)
            figures = time.perf_counter()
            pages = [
                renderer._page(p.src_uri, p.template, p.title, common, p.description, **p.context)
                for p in newhire.pages()
            ]
            rendered = time.perf_counter()
            for story in catalog.stories:
                newhire.story_context(story)
            done = time.perf_counter()
            for key, value in {
                "figures_s": figures - start,
                "pages_s": rendered - figures,
                "story_context_s": done - rendered,
                "total_s": done - start,
                "page_kb": sum(len(p.html.encode()) for p in pages) / 1024,
            }.items():
                best[key] = min(best.get(key, value), value)
        best["stories"] = len(catalog.stories)
        return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print("stories  figures_s  pages_s  story_context_s  total_s  pages_kb")
    for n in args.n:
        r = measure(n, args.repeat)
        print(
            f"{r['stories']:7.0f}  {r['figures_s']:9.3f}  {r['pages_s']:7.3f}  "
            f"{r['story_context_s']:15.3f}  {r['total_s']:7.3f}  {r['page_kb']:8.0f}"
        )


if __name__ == "__main__":
    main()

"""What tag hygiene costs and does: `unify_tags` on many stories and tags, and on the realistic corpus.

Usage: python benchmarks/bench_tags.py [--n 5000]

Each of N stories gets three of 300 shared tags and one tag of its own (N + 300 tags, most of
them of one story: the shape that made 767 one-story tag pages out of 980).
"""

from __future__ import annotations

import argparse
import random
import string
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from realistic import stories as realistic_stories
from realistic import write_site
from warstories.core.catalog import load_catalog
from warstories.core.model import Story, slugify
from warstories.core.tags import unify_tags
from warstories.core.taxonomy import Taxonomy


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=5000)
    args = parser.parse_args(argv)
    rng = random.Random(0)
    word = lambda a, b: "".join(rng.choices(string.ascii_lowercase, k=rng.randint(a, b)))  # noqa: E731
    shared = [word(4, 12) for _ in range(300)]
    many = [
        Story(
            f"scale/s{i}.md", f"s{i}", "t", "d", "scale", tags=(*rng.sample(shared, 3), word(5, 14))
        )
        for i in range(args.n)
    ]
    times = []
    for _ in range(3):
        start = time.perf_counter()
        unify_tags(many)
        times.append(time.perf_counter() - start)
    distinct = len({t for s in many for t in s.tags})
    print(f"unify_tags, {args.n} stories, {distinct} tags: fastest {min(times):.3f} s of 3")
    corpus = realistic_stories()
    with tempfile.TemporaryDirectory() as tmp:
        write_site(Path(tmp), corpus)
        catalog = load_catalog(Path(tmp) / "stories", Taxonomy.default())
    written = {slugify(t) for s in corpus for t in s.tags}
    warnings = sum(p.message.startswith("tag ") for p in catalog.problems)
    print(
        f"realistic corpus, {len(corpus)} stories: {len(written)} tag pages as written -> "
        f"{len(catalog.tags())} tags; {warnings} warnings naming the tag to write"
    )


if __name__ == "__main__":
    main()

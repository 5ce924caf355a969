"""Measures how often the category classifier agrees with the category a story is filed under.

Usage: python benchmarks/bench_classify.py [--stories DIR ...] [--corpus FILE] [--json OUT]

Sets measured: the example stories (stories/), the labelled corpus benchmarks/classify_corpus.yaml,
and any further stories folder given with --stories (category from the story). For each set it
prints accuracy (best guess right), top-2 accuracy (right or runner-up), how many texts gave no
guess, the mistakes, and the time per story.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

import yaml
from warstories.analysis.classify import guess_category, story_text
from warstories.core.catalog import load_catalog
from warstories.core.taxonomy import Taxonomy

REPO = Path(__file__).resolve().parents[1]


def labelled_corpus(path: Path) -> list[tuple[str, str, str]]:
    """(name, category, text) for each story of a labelled YAML corpus."""
    data = yaml.safe_load(path.read_text("utf-8"))
    out = []
    for entry in data["stories"]:
        head = f"{entry['title']} . {entry['description']}"
        out.append((entry["title"], entry["category"], f"{head}\n{head}\n{entry.get('body', '')}"))
    return out


def stories_folder(root: Path, taxonomy: Taxonomy) -> list[tuple[str, str, str]]:
    """(path, category, text) for each story of a stories folder, drafts included."""
    catalog = load_catalog(root, taxonomy, include_drafts=True)
    return [(s.path, s.category, story_text(s)) for s in catalog.stories]


def measure(name: str, items: list[tuple[str, str, str]], taxonomy: Taxonomy) -> dict:
    right = top2 = none = 0
    mistakes = []
    confusions: Counter[tuple[str, str]] = Counter()
    started = time.perf_counter()
    guesses = [guess_category(text, taxonomy) for _, _, text in items]
    elapsed = time.perf_counter() - started
    for (label, category, _), guess in zip(items, guesses):
        if guess is None:
            none += 1
            mistakes.append(f"{label}: {category} -> no guess")
            continue
        if guess.slug == category:
            right += 1
        else:
            confusions[(category, guess.slug)] += 1
            mistakes.append(f"{label}: {category} -> {guess.slug} ({', '.join(guess.words)})")
        if category in (guess.slug, guess.runner_up):
            top2 += 1
    n = len(items)
    return {
        "set": name,
        "stories": n,
        "accuracy": round(right / n, 3) if n else None,
        "top2": round(top2 / n, 3) if n else None,
        "no_guess": none,
        "ms_per_story": round(1000 * elapsed / n, 3) if n else None,
        "confusions": {f"{a} -> {b}": c for (a, b), c in confusions.most_common(10)},
        "mistakes": mistakes,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=Path, action="append", default=[])
    parser.add_argument("--corpus", type=Path, default=REPO / "benchmarks/classify_corpus.yaml")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    taxonomy = Taxonomy.default()
    sets = [
        ("example stories", stories_folder(REPO / "stories", taxonomy)),
        (args.corpus.name, labelled_corpus(args.corpus)),
    ]
    sets += [(str(folder), stories_folder(folder, taxonomy)) for folder in args.stories]
    results = [measure(name, items, taxonomy) for name, items in sets]
    for r in results:
        print(
            f"{r['set']}: {r['stories']} stories, accuracy {r['accuracy']}, top-2 {r['top2']}, "
            f"no guess {r['no_guess']}, {r['ms_per_story']} ms/story"
        )
        for line in r["mistakes"]:
            print("   ", line)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()

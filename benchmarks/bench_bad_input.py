"""Times parsing of hostile and huge story files: none may cost more than an ordinary build step.

Usage: python benchmarks/bench_bad_input.py [--runs 5]

Each case is parsed `runs` times by `parse_story` and the best time is printed. Target: the
hostile cases (alias bombs, deep nesting, huge numbers, Python tags) under 50 ms each, so a
malicious file cannot stall `warstories check` or a build; big but honest files cost in
proportion to their front matter (PyYAML), and a 2 MB body costs next to nothing.
"""

from __future__ import annotations

import argparse
import time

from warstories.core.parse import parse_story
from warstories.core.taxonomy import Taxonomy


def cases() -> dict[str, bytes]:
    head = "---\ntitle: T\ndescription: D.\n"
    laughs = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"] + [
        f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)
    ]
    paragraph = "The pool ran dry again while the queue kept growing. " * 20 + "\n\n"
    return {
        "alias bomb, 9 levels (9**9 values if expanded)": head + "\n".join(laughs) + "\n---\n",
        "flow nesting 3000 deep": head + "trigger: " + "[" * 3000 + "]" * 3000 + "\n---\n",
        "flow nesting 99 deep": head + "trigger: " + "[" * 99 + "]" * 99 + "\n---\n",
        "2 MB body": head + "---\n" + paragraph * 2000,
        "2000 timeline entries": head
        + "timeline:\n"
        + "".join(f"  - {{at: 'T+{i}m', event: step {i}}}\n" for i in range(2000))
        + "---\n",
        "10,000 digit number": head + "impact: {users: " + "9" * 10000 + "}\n---\n",
        "Python object tags": head + 'trigger: !!python/object/apply:os.system ["true"]\n---\n',
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    taxonomy = Taxonomy.default()
    print(f"{'case':50} {'size':>10} {'best ms':>8}  first problem")
    for name, text in cases().items():
        data = text.encode("utf-8")
        best, parsed = float("inf"), None
        for _ in range(args.runs):
            started = time.perf_counter()
            parsed = parse_story("scale/x.md", data, taxonomy)
            best = min(best, time.perf_counter() - started)
        first = str(parsed.problems[0])[:60] if parsed and parsed.problems else "(none)"
        print(f"{name:50} {len(data):>10,} {best * 1000:>8.1f}  {first}")


if __name__ == "__main__":
    main()

"""How long each text pattern of ours takes on 1 MB of its worst case (issue 15).

Usage:
    python benchmarks/bench_hostile.py            # best of 3 per case, in seconds

The cases are the ones tests/test_linear_time.py bounds; a quadratic pattern would take
minutes to hours on them. Also times Python-Markdown on the inputs the story limits refuse,
at sizes where it still finishes, to show why they are refused.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import markdown

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from test_linear_time import WORST

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.superfences"]
REFUSED = {  # what the limits refuse, at 2 KB and 4 KB: the time grows with the square
    "[ run": lambda n: "[" * n,
    "<a run": lambda n: "<a " * (n // 3),
    "*_ run": lambda n: "*_" * (n // 2),
}


def best(call, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    print(f"python {sys.version.split()[0]}")
    for name, call in WORST.items():
        print(f"{name:32s} {best(call):6.3f} s  (1 MB)")
    for name, make in REFUSED.items():
        for n in (2_000, 4_000):
            text = make(n)
            took = best(lambda text=text: markdown.Markdown(extensions=EXTENSIONS).convert(text), 1)
            print(f"Python-Markdown, {name:14s} {took:6.3f} s  ({n // 1000} KB)")


if __name__ == "__main__":
    main()

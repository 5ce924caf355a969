"""Whether `plain_text` stays linear on adversarial input: time at 100, 200 and 400 KB.

Usage: python benchmarks/bench_plaintext.py

A ratio near 2 from 200 KB to 400 KB is linear; near 4 would be quadratic.
"""

from __future__ import annotations

import gc
import time

from warstories.analysis.plaintext import plain_text

RUNS = ("<", "<a ", "<a b=\"", "[", "[a](", "*a", "_a ", "![a", "`", "<code>x ", "<!--", "&#", "x\n\n", "\\", "a <\n", "<div>\n\n", "- ", ">")  # fmt: skip


def main() -> None:
    print("| run | 100 KB | 200 KB | 400 KB | 400/200 |\n|---|---|---|---|---|")
    for unit in RUNS:
        times = []
        for size in (100_000, 200_000, 400_000):
            text = unit * (size // len(unit))
            gc.collect()
            start = time.perf_counter()
            plain_text(text)
            times.append(time.perf_counter() - start)
        cells = " | ".join(f"{t:.3f} s" for t in times)
        print(f"| `{unit!r}` | {cells} | {times[2] / max(times[1], 1e-9):.1f} |")


if __name__ == "__main__":
    main()

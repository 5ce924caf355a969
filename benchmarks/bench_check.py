"""Times `warstories check` on a generated site, as a contributor and CI run it.

Usage: python benchmarks/bench_check.py [--n 1000] [--runs 3] [--workdir DIR]

Target: the whole check of 1000 stories in under 5 s without the similarity pass, cold (no
stored parses, as on a fresh clone). It also times the warm check (parses kept from the run
before) and, when the check has a similarity pass (`--no-similar` in its help), one changed
story checked against the others once the index exists (target: under 2 s).
Stories come from benchmarks/generate.py when it is there, else from a small generator here.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WARSTORIES = str(Path(sys.executable).parent / "warstories")


def load_generator():
    """benchmarks/generate.py's `generate(root, n)`, or None when it is not there."""
    path = HERE / "generate.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location("warstories_bench_generate", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, "generate", None)


CATEGORIES = ("scale", "time", "deployment", "dependencies", "cascades", "real-data")


def minimal_site(root: Path, n: int) -> None:
    """A deterministic site of n small, valid stories (used only without generate.py)."""
    (root / "mkdocs.yml").write_text(
        "site_name: bench\ndocs_dir: stories\nplugins:\n  - warstories\n", "utf-8"
    )
    for i in range(n):
        category = CATEGORIES[i % len(CATEGORIES)]
        folder = root / "stories" / category
        folder.mkdir(parents=True, exist_ok=True)
        body = "\n\n".join(
            f"## Part {p}\n\nThe {category} service {i} slowed down during batch {p}; "
            "the queue grew and retries piled up until the pool was resized."
            for p in range(6)
        )
        (folder / f"story-{i:05d}.md").write_text(
            f'---\ntitle: "Story {i}"\ndescription: "What broke in story {i}."\n'
            f'date: "20{10 + i % 14}-0{1 + i % 9}"\nseverity: sev{1 + i % 4}\n'
            f"tags: [t{i % 40}, t{i % 7}]\n---\n{body}\n",
            "utf-8",
        )


def timed(cmd: list[str], cwd: Path, cache: Path) -> tuple[float, subprocess.CompletedProcess]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "XDG_CACHE_HOME": str(cache)}
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    return time.perf_counter() - start, result


def measure(
    label: str, args: list[str], note: str, site: Path, cache: Path, runs: int, before=None
) -> None:
    """Run `warstories check ARGS` `runs` times and print min and median wall time."""
    print(f"command: {' '.join(['warstories', 'check', *args])}  ({note})")
    times = []
    for run in range(runs):
        if before is not None:
            before(run)
        seconds, result = timed([WARSTORIES, "check", *args], site, cache)
        times.append(seconds)
    summary = (result.stdout.strip().splitlines() or ["(no output)"])[-1]
    print(
        f"  {label:36} min={min(times):.2f} median={statistics.median(times):.2f} "
        f"runs={len(times)} exit={result.returncode}  [{summary}]"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="number of stories")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each command")
    parser.add_argument("--workdir", type=Path, help="where to generate (default: a temp dir)")
    parser.add_argument(
        "--minimal",
        action="store_true",
        help="use the small generator here even if generate.py exists",
    )
    args = parser.parse_args(argv)

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-check-"))
    site = workdir / f"site-{args.n}"
    cache = workdir / f"cache-{args.n}"  # XDG_CACHE_HOME: the check's stored parses
    for folder in (site, cache):
        if folder.exists():
            shutil.rmtree(folder)
    site.mkdir(parents=True)
    generate = None if args.minimal else load_generator()
    if generate is not None:
        generate(site, args.n)
        source = "benchmarks/generate.py"
    else:
        minimal_site(site, args.n)
        source = "the minimal generator in bench_check.py"
    stories = sorted((site / "stories").rglob("*.md"))
    print(f"{len(stories)} stories from {source} in {site}")

    help_text = subprocess.run(
        [WARSTORIES, "check", "--help"], capture_output=True, text=True
    ).stdout
    no_similar = ["--no-similar"] if "--no-similar" in help_text else []
    has_cache = "--no-cache" in help_text
    common = (site, cache, args.runs)
    measure(
        "whole check, cold, no similarity",
        [*no_similar, *(["--no-cache"] if has_cache else [])],
        "as on a fresh clone, e.g. CI; target: under 5 s at 1000",
        *common,
    )
    if has_cache:
        timed([WARSTORIES, "check", *no_similar], site, cache)  # fills the stored parses
        measure(
            "whole check, warm, no similarity",
            no_similar,
            "nothing changed since the last check",
            *common,
        )
    if not no_similar:
        print("  similarity pass: not in `warstories check` yet (no --no-similar); not timed")
        return
    measure("whole check, with similarity", [], "for comparison", *common)
    changed = stories[len(stories) // 2]
    rel = changed.relative_to(site).as_posix()

    def edit(run: int) -> None:
        with changed.open("a", encoding="utf-8") as handle:
            handle.write(f"\nAn added paragraph, edit {run}: the retry storm came back.\n")

    timed([WARSTORIES, "check"], site, cache)  # the index and stored parses exist
    measure(
        "one changed story, with similarity",
        [rel],
        "one edited story against the rest; target: under 2 s",
        *common,
        before=edit,
    )
    measure(
        "one changed story, no similarity",
        ["--no-similar", rel],
        "the same without the similarity pass",
        *common,
        before=edit,
    )


if __name__ == "__main__":
    main()

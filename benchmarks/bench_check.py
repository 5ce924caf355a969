"""Times `warstories check` on a generated site, as a contributor and CI run it.

Usage: python benchmarks/bench_check.py [--n 1000] [--runs 3] [--workdir DIR]

Target: the whole check of 1000 stories in under 5 s without the similarity pass. When the
check has a similarity pass (`--no-similar` in `warstories check --help`), it also times one
changed story checked against the others once the index exists (target: under 2 s).
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


def timed(cmd: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    return time.perf_counter() - start, result


def report(label: str, times: list[float], result: subprocess.CompletedProcess) -> None:
    summary = (result.stdout.strip().splitlines() or ["(no output)"])[-1]
    print(
        f"  {label:34} min={min(times):.2f} median={statistics.median(times):.2f} "
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
    if site.exists():
        shutil.rmtree(site)
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
    has_similar = "--no-similar" in help_text
    full = [WARSTORIES, "check", *(["--no-similar"] if has_similar else [])]
    print(f"command: {' '.join(['warstories', *full[1:]])}  (target: under 5 s at 1000)")
    times = []
    for _ in range(args.runs):
        seconds, result = timed(full, site)
        times.append(seconds)
    report("whole check, no similarity", times, result)

    if not has_similar:
        print("  similarity pass: not in `warstories check` yet (no --no-similar); not timed")
        return
    times = []
    for _ in range(args.runs):
        seconds, result = timed([WARSTORIES, "check"], site)
        times.append(seconds)
    print("command: warstories check  (for comparison: the whole check with similarity)")
    report("whole check, with similarity", times, result)
    changed = stories[len(stories) // 2]
    rel = changed.relative_to(site).as_posix()
    timed([WARSTORIES, "check"], site)  # builds the index the similarity pass uses
    times = []
    for run in range(args.runs):
        with changed.open("a", encoding="utf-8") as handle:
            handle.write(f"\nAn added paragraph, edit {run}: the retry storm came back.\n")
        seconds, result = timed([WARSTORIES, "check", rel], site)
        times.append(seconds)
    print(f"command: warstories check {rel}  (one changed story; target: under 2 s)")
    report("one changed story, with similarity", times, result)


if __name__ == "__main__":
    main()

"""Builds plain Material and the full warstories site side by side on the same generated stories.

Usage:
    python benchmarks/bench_build.py --n 50                      # CI smoke test
    python benchmarks/bench_build.py --n 1000 --repeat 3         # the targets
    python benchmarks/bench_build.py --n 250 1000 4000 --chart benchmarks/results/scaling.svg

For each N it generates N stories (benchmarks/generate.py), then builds (a) plain Material: the
same stories, the same Markdown extensions and theme settings, stories left out of the nav, no
warstories plugin and no theme overrides; and (b) the full warstories site. The builds alternate
(plain, warstories, plain, ...) so a busy machine slows both alike; the fastest run of each counts.
Warstories builds start cold (the user cache folder, which holds every cache, removed, as on a
fresh clone) unless --warm.
Each build runs in its own `mkdocs build` process. Peak memory is the most the build's whole
process tree (MkDocs, its forked helpers and the Pagefind process it starts) held at once,
sampled every 20 ms with psutil as the sum of their RSS (which counts twice the pages a forked
child still shares with its parent) and every 100 ms as the sum of their PSS (shared pages
split between the processes that share them: the memory the tree really uses); the largest
single process's max RSS is printed beside them.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import psutil
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import contextlib

from generate import generate

FIELDS = (
    "time_s",
    "cpu_s",
    "pages",
    "story_page_bytes",
    "largest_page_bytes",
    "peak_rss_mb",
    "peak_pss_mb",
    "largest_process_mb",
    "site_bytes",
)


@dataclass
class Result:
    """One build: how long it took, what it wrote and how much memory it needed."""

    n: int
    build: str  # "plain" or "warstories"
    time_s: float
    cpu_s: float  # user + system CPU of the build's whole process tree (forked helpers, Pagefind)
    pages: int
    story_page_bytes: int  # median size of a story's index.html
    largest_page_bytes: int  # the largest HTML page of the site
    largest_page: str  # and which one it is
    peak_rss_mb: float  # the whole process tree at its largest (sum of RSS)
    peak_pss_mb: float  # the same as the sum of PSS (shared pages counted once)
    largest_process_mb: float  # the largest single process (max RSS)
    site_bytes: int  # everything written to the site folder


def plain_site(full: Path) -> Path:
    """A plain Material site next to the generated one: same stories and Markdown, no plugin."""
    plain = full / "plain"
    if plain.exists():
        shutil.rmtree(plain)
    shutil.copytree(full / "stories", plain / "docs")
    (plain / "docs" / "index.md").write_text("# War stories\n\nPlain Material.\n")
    config = yaml.safe_load((full / "mkdocs.yml").read_text(encoding="utf-8"))
    theme = dict(config["theme"])
    theme.pop("custom_dir", None)
    plain_config = {
        "site_name": config["site_name"],
        "docs_dir": "docs",
        "use_directory_urls": config.get("use_directory_urls", True),
        "theme": theme,
        "plugins": ["search"],
        "markdown_extensions": config.get("markdown_extensions", []),
        "nav": [{"Home": "index.md"}],
        "not_in_nav": "*.md\n",
    }
    (plain / "mkdocs.yml").write_text(yaml.safe_dump(plain_config, sort_keys=False))
    return plain / "mkdocs.yml"


def build(
    config: Path, site: Path, cache_home: Path, cpus: set[int] | None = None
) -> tuple[float, float, float, float, float]:
    """Run one `mkdocs build` in a child process: wall time (s), CPU time of its process tree
    (s), peak memory of its process tree (MB) and the max RSS of its largest process (MB)."""
    if site.exists():
        shutil.rmtree(site)
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "XDG_CACHE_HOME": str(cache_home)}
    confine = (lambda: os.sched_setaffinity(0, cpus)) if cpus else None
    start = time.perf_counter()
    child = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, preexec_fn=confine
    )
    tree_peak = [0, 0]  # sum of RSS, sum of PSS
    sampler = threading.Thread(target=_sample_tree, args=(child.pid, tree_peak), daemon=True)
    sampler.start()
    assert child.stderr is not None
    stderr = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    sampler.join()
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit(f"build of {config} failed:\n{stderr.decode(errors='replace')}")
    largest = usage.ru_maxrss / 1024  # KiB on Linux: the child or its largest descendant
    cpu = usage.ru_utime + usage.ru_stime  # with the descendants it waited for
    return elapsed, cpu, max(tree_peak[0] / 2**20, largest), largest, tree_peak[1] / 2**20


def _sample_tree(pid: int, peak: list[int]) -> None:
    """Keep in peak[0] the largest sum of RSS over the process and its descendants, and in
    peak[1] the largest sum of their PSS (read every fifth time: it walks the page tables)."""
    try:
        root = psutil.Process(pid)
        rounds = 0
        while root.status() != psutil.STATUS_ZOMBIE:
            total = shared = 0
            for process in [root, *root.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    total += process.memory_info().rss
                    if rounds % 5 == 0:
                        shared += process.memory_full_info().pss
            peak[0] = max(peak[0], total)
            peak[1] = max(peak[1], shared)
            rounds += 1
            time.sleep(0.02)
    except psutil.Error:
        pass  # the build has ended


def measure(site: Path, story_dirs: list[str]) -> tuple[int, int, int, int, str]:
    """Pages written, median story page size, total bytes, and the largest page (bytes, path)
    of a built site."""
    html = {p: p.stat().st_size for p in site.rglob("*.html")}
    sizes = [(site / d / "index.html").stat().st_size for d in story_dirs]
    total = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    largest = max(html, key=html.__getitem__)
    median = int(statistics.median(sizes))
    return len(html), median, total, html[largest], largest.relative_to(site).as_posix()


def edit_one_story(stories: Path) -> tuple[Path, bytes]:
    """A pull request's change: one sentence added to one story (the file and its old bytes)."""
    path = sorted(stories.rglob("*.md"))[len(list(stories.rglob("*.md"))) // 2]
    old = path.read_bytes()
    path.write_bytes(old + b"\nOne more sentence, added by the pull request.\n")
    return path, old


def run(
    n: int,
    workdir: Path,
    repeat: int,
    seed: int,
    warm: bool = False,
    pr: bool = False,
    cpus: set[int] | None = None,
) -> list[Result]:
    full = workdir / f"n{n}"
    full_config = generate(full, n, seed)
    plain_config = plain_site(full)
    stories = full / "stories"
    story_dirs = sorted(p.relative_to(stories).with_suffix("").as_posix() for p in stories.rglob("*.md"))  # fmt: skip
    sites = {"plain": (plain_config, full / "plain" / "site"), "warstories": (full_config, full / "site")}  # fmt: skip
    cache_home = full / ".user-cache"  # stands in for ~/.cache (parsed stories, kept results)
    best: dict[str, tuple[float, float, float, float, float]] = {}

    def keep(name: str, measured: tuple[float, float, float, float, float]) -> None:
        old = best.get(name, measured)
        best[name] = (
            min(measured[0], old[0]),
            min(measured[1], old[1]),
            max(measured[2], old[2]),
            max(measured[3], old[3]),
            max(measured[4], old[4]),
        )

    for _ in range(repeat):
        for name, (config, site) in sites.items():
            if name == "warstories" and not warm:  # a fresh clone on a fresh machine
                shutil.rmtree(full / ".cache", ignore_errors=True)
                shutil.rmtree(cache_home, ignore_errors=True)
            keep(name, build(config, site, cache_home, cpus))
        if pr:  # the pull request: one story changed, the cache the build above left
            path, old = edit_one_story(stories)
            try:
                keep("warstories-pr", build(full_config, full / "site-pr", cache_home, cpus))
            finally:
                path.write_bytes(old)
    results = []
    for name in best:
        site = full / "site-pr" if name == "warstories-pr" else sites[name][1]
        pages, median_page, total, page_bytes, page = measure(site, story_dirs)
        elapsed, cpu, tree, largest, tree_pss = best[name]
        results.append(
            Result(
                n,
                name,
                round(elapsed, 2),
                round(cpu, 2),
                pages,
                median_page,
                page_bytes,
                page,
                round(tree),
                round(tree_pss),
                round(largest),
                total,
            )
        )
    return results


def report(results: list[Result]) -> str:
    lines = [f"N={results[0].n}"]
    for r in results:
        lines.append(
            f"  {r.build:<13} time_s={r.time_s:<7} cpu_s={r.cpu_s:<7} pages={r.pages:<6} "
            f"story_page_bytes={r.story_page_bytes:<7} largest_page_bytes={r.largest_page_bytes:<8} "
            f"({r.largest_page}) peak_rss_mb={r.peak_rss_mb:<6} peak_pss_mb={r.peak_pss_mb:<6} "
            f"largest_process_mb={r.largest_process_mb:<6} site_bytes={r.site_bytes}"
        )
    by = {r.build: r for r in results}
    plain, full = by["plain"], by["warstories"]
    lines.append(
        f"  ratio         time={full.time_s / plain.time_s:.2f} cpu={full.cpu_s / plain.cpu_s:.2f} "
        f"story_page_bytes={full.story_page_bytes / plain.story_page_bytes:.2f}"
    )
    if "warstories-pr" in by:
        pr = by["warstories-pr"]
        lines.append(
            f"  pr_ratio      pr/cold={pr.time_s / full.time_s:.2f} pr/plain={pr.time_s / plain.time_s:.2f} "
            f"cpu pr/cold={pr.cpu_s / full.cpu_s:.2f}"
        )
    return "\n".join(lines)


def chart(results: list[Result], path: Path) -> None:
    """Build time (left axis) and output size (right axis) against N, for both builds."""
    import pygal

    plot = pygal.XY(
        title="Build time and output size vs number of stories",
        x_title="stories (N)",
        y_title="build time (s)",
        legend_at_bottom=True,
        dots_size=4,
    )
    for name in ("plain", "warstories"):
        rows = sorted((r for r in results if r.build == name), key=lambda r: r.n)
        plot.add(f"{name} time (s)", [(r.n, r.time_s) for r in rows])
        plot.add(
            f"{name} output (MB, right axis)",
            [(r.n, round(r.site_bytes / 1e6, 1)) for r in rows],
            secondary=True,
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    plot.render_to_file(str(path))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[50], help="story counts to build")
    parser.add_argument("--repeat", type=int, default=1, help="builds of each kind per N")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--warm", action="store_true", help="keep warstories' caches between builds (default: cold)"
    )
    parser.add_argument(
        "--pr", action="store_true", help="also time a one-story change with the cache kept"
    )
    parser.add_argument(
        "--cpus", type=int, nargs="+", help="confine every build to these cores (taskset -c)"
    )
    parser.add_argument("--workdir", type=Path, help="keep the sites here (default: a temp dir)")
    parser.add_argument("--chart", type=Path, help="write an SVG chart of time and size vs N")
    parser.add_argument("--json", type=Path, help="write the results as JSON")
    args = parser.parse_args(argv)
    cpus = set(args.cpus) if args.cpus else None
    print(
        f"cpus={len(cpus) if cpus else os.cpu_count()} "
        f"load_average={' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="warstories-bench-") as tmp:
        workdir = args.workdir or Path(tmp)
        for n in args.n:
            measured = run(n, workdir, args.repeat, args.seed, args.warm, args.pr, cpus)
            results += measured
            print(report(measured), flush=True)
    print(f"load_average_after={' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=2) + "\n")
    if args.chart:
        chart(results, args.chart)
        print(f"chart: {args.chart}")


if __name__ == "__main__":
    main()

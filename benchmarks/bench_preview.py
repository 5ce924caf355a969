"""Measures how long the preview takes to show an edit: story, category, tag and home page, over HTTP.

Usage:
    python benchmarks/bench_preview.py --n 1000            # the README's preview command
    python benchmarks/bench_preview.py --n 1000 --command "mkdocs serve"   # compare another

It generates N stories (benchmarks/generate.py), starts the preview on a free loopback port,
waits for the first build, then edits the title of the newest story (the one the home page
lists first) several times. After each edit it polls the story page, its category page, its
first tag page and the home page until all of them show the new title, and prints the time
from the write to the last of them. Then it breaks the story's YAML and waits for the story
page to show the problems banner while the home page keeps answering, and restores the file.
Every wait is bounded; the server is stopped at the end whatever happens.
"""

from __future__ import annotations

import argparse
import html
import os
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate
from warstories.core.catalog import load_catalog
from warstories.core.settings import load_taxonomy
from warstories.core.urls import page_url

PREVIEW_COMMAND = "mkdocs serve --dirty"  # the README's preview command
POLL = 0.05  # seconds between polls of the pages


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, OSError):
        return None


def wait_until(check, timeout: float) -> float | None:
    """Seconds until `check()` is true, or None when `timeout` passes first."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if check():
            return time.perf_counter() - start
        time.sleep(POLL)
    return None


def all_show(urls: list[str], text: str) -> bool:
    """True when every page answers and contains `text` (a unique word, so no HTML parsing)."""
    for url in urls:
        page = fetch(url)
        if page is None or text not in page:
            return False
    return True


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="stories in the generated site")
    parser.add_argument("--edits", type=int, default=5, help="title edits to time")
    parser.add_argument("--command", default=PREVIEW_COMMAND, help="the preview command")
    parser.add_argument("--workdir", type=Path, help="keep the site here (default: a temp dir)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds to wait for one edit")
    parser.add_argument(
        "--settle",
        type=float,
        default=0,
        help="seconds to wait after the first build, before editing",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="warstories-preview-") as tmp:
        root = args.workdir or Path(tmp)
        config = generate(root, args.n)
        sys.exit(measure(root, config, args))


def measure(root: Path, config: Path, args: argparse.Namespace) -> int:
    stories = root / "stories"
    catalog = load_catalog(stories, load_taxonomy(None, []))
    story = catalog.stories[0]  # newest first: the home page lists it
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    urls = [
        base + page_url(story.path),
        base + f"categories/{story.category}/",
        base + f"tags/{story.tag_slugs[0]}/",
        base,
    ]
    command = [*shlex.split(args.command), "-f", str(config), "-a", f"127.0.0.1:{port}"]
    if command[0] == "mkdocs":
        command = [sys.executable, "-m", "mkdocs", *command[1:]]
    log_path = root / "preview.log"
    print(f"N={args.n} command: {args.command}")
    print(f"cpus={os.cpu_count()} load_average={' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with open(log_path, "wb") as log:
        server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        title = html.escape(story.title, quote=False)
        first = wait_until(lambda: all_show(urls, title), 1800)  # the first, full build
        if first is None:
            print(f"the preview did not come up; see {log_path}")
            return 1
        print(f"first build served after {first:.1f} s")
        time.sleep(args.settle)  # Pagefind indexes the first build in the background
        return edit_and_poll(stories / story.path, urls, args)
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def edit_and_poll(path: Path, urls: list[str], args: argparse.Namespace) -> int:
    original = path.read_text(encoding="utf-8")
    title_line = next(line for line in original.splitlines() if line.startswith("title:"))
    latencies = []
    try:
        for i in range(args.edits):
            time.sleep(1.0)  # let the watcher settle, as a writer pausing between edits
            token = f"Edited{i}x{int(time.time() * 1000) % 100000}"
            path.write_text(original.replace(title_line, f'title: "{token} story"', 1), "utf-8")
            latency = wait_until(lambda token=token: all_show(urls, token), args.timeout)
            if latency is None:
                print(f"edit {i + 1}: not shown after {args.timeout:.0f} s")
                return 1
            latencies.append(latency)
            print(f"edit {i + 1}: story, category, tag and home pages updated in {latency:.2f} s")
        time.sleep(1.0)
        broken = original.replace(title_line, 'title: "An unclosed quote', 1)
        path.write_text(broken, "utf-8")
        shown = wait_until(lambda: all_show(urls[:1], "ws-banner--problems"), args.timeout)
        still_serving = fetch(urls[-1]) is not None
        print(
            f"broken YAML: problems banner shown in {shown:.2f} s, server still serving: {still_serving}"
            if shown is not None
            else "broken YAML: no problems banner on the story page"
        )
    finally:
        path.write_text(original, "utf-8")
    print(
        f"edit_to_page_latency_s median={statistics.median(latencies):.2f} "
        f"max={max(latencies):.2f} edits={len(latencies)}"
    )
    print(f"load_average_after={' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0 if shown is not None and still_serving else 1


if __name__ == "__main__":
    main()

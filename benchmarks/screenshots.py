"""Screenshots of the example site's new-hire pages in headless Chromium, to look at before merging.

Usage:
    python benchmarks/screenshots.py                  # all pages, 1280 px and 390 px wide
    python benchmarks/screenshots.py --out /tmp/shots --page stats

It builds the example site (mkdocs.yml at the repository root) into a temporary folder,
serves it over loopback and writes OUT/<page>-<width>.png (full page). OUT defaults to
benchmarks/out/ (ignored by git); the shots looked at for issue 13 are kept in
benchmarks/results/screenshots/. Debian's /usr/bin/chromium is driven by Playwright; no browser is downloaded,
and any request that leaves the machine is reported.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"]
PAGES = {
    "home": "",
    "start-here": "start-here/",
    "category": "categories/scale/",
    "story": "scale/connection-pool-saturation/",
    "near-miss": "scale/pool-alert-paid-for-itself/",
    "lessons": "lessons/",
    "timeline": "timeline/",
    "stats": "stats/",
    "one-fact-story": "consistency/two-primaries-for-ninety-seconds/",
    "explore": "explore/",
    "explore-filtered": "explore/?category=scale&tag=postgres",
}
WIDTHS = {"desktop": 1280, "phone": 390}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def build(site: Path) -> None:
    """Build the example site with the real `mkdocs` command."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)]
    subprocess.run(cmd, cwd=REPO, env=env, check=True)


def shoot(site: Path, out: Path, pages: dict[str, str], tile: int = 0) -> list[Path]:
    """Serve `site` and write one full-page PNG per page and width; returns the files.

    With `tile`, also write the page in slices `tile` pixels high, legible at full size.
    """
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    written: list[Path] = []
    outside: list[str] = []
    try:
        with sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
            for width_name, width in WIDTHS.items():
                context = chromium.new_context(viewport={"width": width, "height": 900})
                page = context.new_page()
                page.on(
                    "request", lambda r: None if r.url.startswith(base) else outside.append(r.url)
                )
                for name, url in pages.items():
                    page.goto(base + url, wait_until="networkidle")
                    path = out / f"{name}-{width_name}.png"
                    page.screenshot(path=str(path), full_page=True)
                    written.append(path)
                    height = page.evaluate("document.documentElement.scrollHeight")
                    for i, top in enumerate(range(0, height, tile) if tile else ()):
                        clip = {"x": 0, "y": top, "width": width, "height": min(tile, height - top)}
                        part = out / f"{name}-{width_name}-{i + 1}.png"
                        page.screenshot(path=str(part), full_page=True, clip=clip)
                        written.append(part)
                context.close()
            chromium.close()
    finally:
        server.shutdown()
        server.server_close()
    if outside:
        print("requests that left the machine:", *sorted(set(outside)), sep="\n  ")
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out")
    parser.add_argument("--page", action="append", choices=sorted(PAGES), help="only these pages")
    parser.add_argument("--tile", type=int, default=0, help="also write slices this many px high")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    pages = {k: v for k, v in PAGES.items() if not args.page or k in args.page}
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        build(site)
        for path in shoot(site, args.out, pages, args.tile):
            print(path)


if __name__ == "__main__":
    main()

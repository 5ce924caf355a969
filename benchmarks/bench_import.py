"""Times `warstories import` over N generated sources, to show the cost per story stays flat.

Usage: python benchmarks/bench_import.py [--n 250 1000 ...] [--json OUT]

For each N it writes N postmortems.app files and one list of N links made from the stories of
`generate.py`, then times, through the library the CLI calls: a dry run of the postmortems into
an empty site, the real import, the same import again (every story now a duplicate of the
site's), and the links list into an empty site.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import yaml
from generate import generate
from warstories.core.settings import read_site
from warstories.importers.batch import run_import

THEIRS = {
    "cascades": "cascading-failure",
    "configuration": "config-change",
    "dependencies": "cloud",
}


def sources(site: Path, out: Path) -> tuple[Path, Path]:
    """postmortems.app files and a list of links, one per generated story."""
    files = out / "corpus"
    files.mkdir(parents=True)
    links = []
    for n, path in enumerate(sorted((site / "stories").rglob("*.md"))):
        _, front_text, body = path.read_text("utf-8").split("---\n", 2)
        front = yaml.safe_load(front_text)
        category = path.parent.name
        url = f"https://status.example.com/{n:05d}/{path.stem}"
        data = {
            "uuid": f"{n:08d}-0000-4000-8000-000000000000",
            "url": url,
            "title": front["title"],
            "company": f"Company {n % 97}",
            "product": "API",
            "summary": front["description"],
            "keywords": front.get("tags", []),
            "categories": [THEIRS.get(category, category)],
            "start_time": f"{str(front.get('date', '2020'))[:4]}-01-01T10:00:00Z",
            "end_time": f"{str(front.get('date', '2020'))[:4]}-01-01T12:30:00Z",
        }
        text = "---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True) + "---\n" + body
        (files / f"{n:05d}.md").write_text(text, "utf-8")
        links.append(f"- [Company {n}]({url}). {front['description']}")
    listing = out / "links.md"
    listing.write_text("## Reading list\n\n" + "\n".join(links) + "\n", "utf-8")
    return files, listing


def empty_site(root: Path) -> Path:
    (root / "stories").mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: t\ndocs_dir: stories\nplugins: [warstories]\n")
    return root / "mkdocs.yml"


def timed(fmt: str, source: Path, config: Path, dry_run: bool = False) -> dict[str, object]:
    site = read_site(config)
    start = time.perf_counter()
    report = run_import(fmt, [source], site.stories_dir, site.taxonomy, dry_run=dry_run)
    seconds = time.perf_counter() - start
    counts = {s: report.count(s) for s in ("imported", "duplicate", "draft", "failed")}
    n = len(report.outcomes)
    return {"s": round(seconds, 2), "ms_per_story": round(1000 * seconds / max(n, 1), 2), **counts}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, nargs="+", default=[250, 1000])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    results = []
    for n in args.n:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            generate(root / "generated", n)
            corpus, listing = sources(root / "generated", root / "sources")
            config = empty_site(root / "site")
            row = {
                "n": n,
                "dry_run": timed("postmortems-app", corpus, config, dry_run=True),
                "import": timed("postmortems-app", corpus, config),
                "again": timed("postmortems-app", corpus, config),
                "links": timed("links", listing, empty_site(root / "links-site")),
            }
            results.append(row)
            print(json.dumps(row))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()

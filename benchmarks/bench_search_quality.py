"""Search quality on the realistic corpus: hit@5, MRR and filler for the CLI and header searches.

Usage: python benchmarks/bench_search_quality.py [--n 280] [--no-browser] [--show]

Writes `benchmarks/realistic.py`'s stories to a temporary site, then asks every query of
`realistic.queries` of
- the CLI search (`warstories.search.index.search`, the function `warstories search` prints),
- the header search (the built site's Pagefind bundle, typed into the header box of a page
  in headless Debian Chromium, reading the links and the count the reader sees).
hit@5: share of queries with a story they must find among the first five. MRR: mean of
1/rank of the first such story (0 when none is shown). P@5: share of the first five that are
stories it must find (of as many as there are, when fewer than five). Filler: share of the stories counted
that do not say what was asked (the CLI's over all its results; the header's from its count).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

from realistic import Query, queries, stories, write_site  # noqa: E402
from warstories.core.cachedir import index_dir  # noqa: E402
from warstories.core.settings import read_site  # noqa: E402
from warstories.search.index import refresh_index, search  # noqa: E402


@dataclass
class Answer:
    ranked: list[str]  # story paths, best first, as far as the reader sees them
    count: int  # the count the reader is told


def score(answers: dict[str, Answer], wanted: list[Query]) -> dict[str, float]:
    hits, reciprocal, precision, filler, counted = 0, 0.0, 0.0, 0, 0
    for query in wanted:  # a query no story answers counts only for filler
        answer = answers[query.text]
        if not query.specific:
            filler += max(0, answer.count - len(query.relevant))
            counted += answer.count
    wanted = [q for q in wanted if q.relevant]
    for query in wanted:
        answer = answers[query.text]
        ranks = [i for i, path in enumerate(answer.ranked, 1) if path in query.relevant]
        hits += bool(ranks and ranks[0] <= 5)
        reciprocal += 1 / ranks[0] if ranks else 0.0
        first = answer.ranked[:5]
        precision += sum(p in query.relevant for p in first) / min(5, len(query.relevant))
    return {
        "hit@5": hits / len(wanted),
        "MRR": reciprocal / len(wanted),
        "P@5": precision / len(wanted),
        "filler": filler / counted if counted else 0.0,
    }


def cli_answers(root: Path, wanted: list[Query]) -> dict[str, Answer]:
    site = read_site(root / "mkdocs.yml")
    directory = index_dir(root)
    refresh_index(directory, site.stories_dir, site.taxonomy)
    out = {}
    for query in wanted:
        results = search(directory, query.text, site.taxonomy, limit=10_000)
        ranked = [h.path for h in results.hits]
        out[query.text] = Answer(ranked, results.total)
    return out


def header_answers(root: Path, wanted: list[Query]) -> dict[str, Answer]:
    from browser import browser, serve

    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q"], cwd=root, capture_output=True, text=True
    )
    if built.returncode:
        raise SystemExit(f"the build failed:\n{built.stderr}")
    out = {}
    with serve(root / "site") as base, browser() as chromium:
        page = chromium.new_page()
        page.goto(base + "tags/")
        for query in wanted:
            page.fill("#ws-search-input", "")
            page.fill("#ws-search-input", query.text)
            page.wait_for_selector(".ws-search__panel[data-state=done]", timeout=30_000)
            links = page.eval_on_selector_all(
                ".ws-search__result a.ws-search__title", "els => els.map(e => e.pathname)"
            )
            status = page.inner_text(".ws-search__status")
            count = int(status.split()[0]) if status[:1].isdigit() else 0
            ranked = [link.strip("/") + ".md" for link in links]
            out[query.text] = Answer(ranked, count)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=280)
    parser.add_argument("--no-browser", action="store_true", help="the CLI search only")
    parser.add_argument("--show", action="store_true", help="print every query's answer")
    args = parser.parse_args(argv)
    corpus = stories(args.n)
    wanted = queries(corpus)
    with tempfile.TemporaryDirectory(prefix="ws-quality-") as tmp:
        root = Path(tmp)
        write_site(root, corpus)
        engines = {"CLI (whoosh)": cli_answers(root, wanted)}
        if not args.no_browser:
            engines["header (Pagefind, Chromium)"] = header_answers(root, wanted)
    specific = sum(q.specific for q in wanted)
    print(
        f"{len(corpus)} stories, {len(wanted)} queries ({len(wanted) - specific} by concept, "
        f"{specific} naming one service and failure)"
    )
    print("| search | hit@5 | MRR | P@5 | filler in the count |\n|---|---|---|---|---|")
    for name, answers in engines.items():
        figures = score(answers, wanted)
        print(
            f"| {name} | {figures['hit@5']:.2f} | {figures['MRR']:.2f} | {figures['P@5']:.2f} "
            f"| {figures['filler']:.0%} |"
        )
    if args.show:
        for name, answers in engines.items():
            print(f"\n## {name}")
            for query in wanted:
                answer = answers[query.text]
                good = sum(p in query.relevant for p in answer.ranked)
                print(
                    f"{query.text!r}: count {answer.count}, must find {len(query.relevant)}, "
                    f"relevant shown {good}, first {answer.ranked[:3]}"
                )


if __name__ == "__main__":
    main()

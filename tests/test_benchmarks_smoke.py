"""The benchmark scripts run end to end on a small site, so they still work when they are needed.

Nothing here asserts a timing: speed is measured by hand with the same scripts (see README).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

from bs4 import BeautifulSoup
from conftest import run_cmd

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "benchmarks"
FIELDS = (
    "time_s",
    "pages",
    "story_page_bytes",
    "largest_page_bytes",
    "peak_rss_mb",
    "peak_pss_mb",
    "largest_process_mb",
    "site_bytes",
)


def run(*args: str | Path, cwd: Path = REPO) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    cmd = [sys.executable, *map(str, args)]
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def test_generator_is_deterministic_and_its_stories_check_clean(tmp_path: Path) -> None:
    for name in ("a", "b"):
        assert run(BENCH / "generate.py", "30", tmp_path / name).returncode == 0
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.md"))
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.md"))
    assert len(files_a) == 30 and files_a == files_b
    for rel in files_a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()
    categories = {p.parts[1] for p in files_a}
    assert len(categories) == 14  # every category is used
    check = run_cmd(["warstories", "check"], tmp_path / "a")
    assert check.returncode == 0, check.stdout + check.stderr


def test_bench_build_prints_every_field_for_both_builds(tmp_path: Path) -> None:
    result = run(BENCH / "bench_build.py", "--n", "20", "--workdir", tmp_path)
    assert result.returncode == 0, result.stderr
    rows = {}
    for line in result.stdout.splitlines():
        match = re.match(r"\s+(plain|warstories)\s+(.*)", line)
        if match:
            rows[match[1]] = dict(re.findall(r"(\w+)=([\d.]+)", match[2]))
    assert set(rows) == {"plain", "warstories"}
    for values in rows.values():
        assert set(FIELDS) <= set(values)
        assert float(values["time_s"]) > 0 and float(values["peak_rss_mb"]) > 0
        assert 0 < float(values["peak_pss_mb"]) <= float(values["peak_rss_mb"])
        assert int(values["pages"]) >= 20
    assert re.search(r"ratio\s+time=[\d.]+ cpu=[\d.]+ story_page_bytes=[\d.]+", result.stdout)
    # both builds really wrote the same story pages; only the full site has category pages
    story = next((tmp_path / "n20" / "stories").rglob("*.md")).relative_to(tmp_path / "n20" / "stories")  # fmt: skip
    for site in (tmp_path / "n20" / "site", tmp_path / "n20" / "plain" / "site"):
        page = site / story.with_suffix("") / "index.html"
        assert BeautifulSoup(page.read_text("utf-8"), "html.parser").find("h2") is not None
    assert (tmp_path / "n20" / "site" / "categories" / "scale" / "index.html").is_file()
    assert not (tmp_path / "n20" / "plain" / "site" / "categories").exists()


def test_bench_build_times_a_pull_request_build_beside_the_cold_one_on_one_core(tmp_path: Path):
    result = run(BENCH / "bench_build.py", "--n", "20", "--pr", "--cpus", "0", "--workdir", tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "cpus=1 " in result.stdout
    assert re.search(r"warstories-pr\s+time_s=[\d.]+", result.stdout)
    assert re.search(r"pr_ratio\s+pr/cold=[\d.]+ pr/plain=[\d.]+", result.stdout)
    page = tmp_path / "n20" / "site-pr" / "index.html"
    assert BeautifulSoup(page.read_text("utf-8"), "html.parser").find("h1") is not None


def test_bench_build_draws_the_chart_over_several_sizes(tmp_path: Path) -> None:
    chart = tmp_path / "chart.svg"
    result = run(BENCH / "bench_build.py", "--n", "5", "10", "--chart", chart)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("ratio") == 2
    text = " ".join(ElementTree.parse(chart).getroot().itertext())
    assert "warstories time" in text and "plain time" in text


def test_bench_preview_sees_an_edit_and_a_broken_story_through_http(tmp_path: Path) -> None:
    result = run(BENCH / "bench_preview.py", "--n", "30", "--edits", "2", "--workdir", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("story, category, tag and home pages updated in") == 2
    assert re.search(r"broken YAML: problems banner shown in [\d.]+ s, server still serving: True", result.stdout)  # fmt: skip
    assert re.search(r"edit_to_page_latency_s median=[\d.]+ max=[\d.]+ edits=2", result.stdout)

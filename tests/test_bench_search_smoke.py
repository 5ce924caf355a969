"""benchmarks/bench_search.py runs end to end on a small site (no timing is asserted here)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.browser
def test_bench_search_reports_every_figure(tmp_path: Path) -> None:
    from browser import require_chromium

    require_chromium()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    cmd = [sys.executable, str(REPO / "benchmarks" / "bench_search.py"), "--n", "20"]
    cmd += ["--pagefind-n", "20", "--keep", str(tmp_path)]
    done = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    for figure in (
        "related, all stories, cold",
        "related, all stories, warm",
        "related per story",
        "CLI query (refresh + search) median",
        "mkdocs build                 cold",
        "'pool'",
        "'Scale & resource exhaustion'",
        "'k8s'",
    ):
        assert figure in out, (figure, out)

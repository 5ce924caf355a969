"""benchmarks/bench_check.py runs end to end on a small site (timings are read by hand, never asserted)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_check.py"


@pytest.mark.parametrize("generator", ["generate.py", "minimal"])
def test_bench_check_reports_the_whole_check(tmp_path: Path, generator: str) -> None:
    args = ["--n", "20", "--runs", "1", "--workdir", str(tmp_path)]
    if generator == "minimal":
        args.append("--minimal")
    result = subprocess.run(
        [sys.executable, str(BENCH), *args],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("20 stories from ")
    row = re.search(
        r"whole check, cold, no similarity\s+min=([\d.]+) median=([\d.]+) runs=1 exit=0",
        result.stdout,
    )
    assert row and float(row[1]) > 0, result.stdout
    assert (
        "[20 files checked: 20 published, 0 drafts, 0 with errors; 0 errors, 0 warnings]"
        in result.stdout
    )

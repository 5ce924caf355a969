"""Shared fixtures: temporary sites built by the real `mkdocs` command, and parsed HTML."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import settings

# Property tests run 1000 examples in CI (CI is set) and fewer locally; HYPOTHESIS_PROFILE picks one.
settings.register_profile("ci", max_examples=1000, deadline=None, print_blob=True)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)

REPO = Path(__file__).resolve().parents[1]
# The example story with the smallest front matter a story may have (title, image, imagealt,
# description; category from its folder): the shape every site must accept.
REFERENCE = REPO / "stories" / "consistency" / "two-primaries-for-ninety-seconds.md"
REFERENCE_IMAGE = REPO / "stories" / "images" / "two-primaries.svg"

BASE_CONFIG = """\
site_name: Test stories
docs_dir: stories
theme:
  name: material
  font: false
plugins:
  - warstories
markdown_extensions:
  - toc
  - tables
  - pymdownx.highlight:
      use_pygments: true
  - pymdownx.superfences
"""


def story(
    title: str = "A story",
    description: str = "It broke.",
    body: str = "Body text.\n",
    **keys: object,
) -> str:
    """A story file's text; extra keys are written as YAML lines as given."""
    lines = [f"title: {title}", f"description: {description}"]
    lines += [f"{k}: {v}" for k, v in keys.items()]
    return "---\n" + "\n".join(lines) + "\n---\n" + body


@dataclass
class Site:
    root: Path

    @property
    def out(self) -> Path:
        return self.root / "site"

    def build(
        self, *args: str, env: Mapping[str, str] | None = None
    ) -> subprocess.CompletedProcess:
        return run_cmd([sys.executable, "-m", "mkdocs", "build", *args], self.root, env)

    def html(self, url_path: str) -> BeautifulSoup:
        path = self.out / url_path
        if path.is_dir() or not path.suffix:
            path = path / "index.html"
        return BeautifulSoup(path.read_text("utf-8"), "html.parser")


# Caches of temporary test sites go to a temporary folder, not ~/.cache, for the commands the
# tests run and for the tests themselves (so both find a site's search index in one place).
TEST_CACHE_HOME = Path(tempfile.gettempdir()) / "warstories-test-cache"


@pytest.fixture(autouse=True)
def _test_cache_home(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(TEST_CACHE_HOME))


def run_cmd(
    cmd: list[str], cwd: Path, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess:
    cache_home = {"XDG_CACHE_HOME": str(TEST_CACHE_HOME)}
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **cache_home, **(env or {})}
    return subprocess.run(cmd, cwd=cwd, env=full_env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def make_site(tmp_path: Path):
    """Write a site: {path under stories/: text or bytes}, plus extra mkdocs.yml text."""

    def make(files: Mapping[str, str | bytes], extra_config: str = "") -> Site:
        root = tmp_path / "site-src"
        (root / "stories").mkdir(parents=True, exist_ok=True)
        (root / "mkdocs.yml").write_text(BASE_CONFIG + textwrap.dedent(extra_config), "utf-8")
        for rel, content in files.items():
            path = root / "stories" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, "utf-8")
        return Site(root)

    return make

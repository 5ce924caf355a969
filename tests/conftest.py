"""Shared fixtures: temporary sites built through MkDocs' Python API, the CLI through click's
test runner, and parsed HTML; real subprocesses only where a test says it needs the entry point."""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import sys
import tempfile
import textwrap
import traceback
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import jinja2
import pytest
from bs4 import BeautifulSoup
from click import ClickException
from click.testing import CliRunner
from hypothesis import settings
from mkdocs import exceptions, utils
from mkdocs.commands import build as mkdocs_build_command
from mkdocs.config import load_config
from mkdocs.config.base import get_schema
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.theme import Theme
from warstories.cli.main import main

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
        """`mkdocs build ARGS` of this site, in this process: exit status, stdout, log on stderr."""
        return mkdocs_build(list(args), self.root, env)

    def html(self, url_path: str) -> BeautifulSoup:
        path = self.out / url_path
        if path.is_dir() or not path.suffix:
            path = path / "index.html"
        return BeautifulSoup(path.read_text("utf-8"), "html.parser")


# Caches of temporary test sites go to a temporary folder, not ~/.cache, for the commands the
# tests run and for the tests themselves (so both find a site's search index in one place).
TEST_CACHE_HOME = Path(tempfile.gettempdir()) / "warstories-test-cache"
TEST_ENV = {"NO_MKDOCS_2_WARNING": "1", "XDG_CACHE_HOME": str(TEST_CACHE_HOME)}


@pytest.fixture(autouse=True)
def _test_cache_home(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(TEST_CACHE_HOME))


def run_cmd(
    cmd: Sequence[str], cwd: Path, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess:
    """Run a command as the tests need it: `warstories ...` (or `python -m warstories.cli ...`)
    through click's test runner and `mkdocs build ...` (or `python -m mkdocs build ...`) through
    MkDocs' Python API, both in this process; anything else as a real subprocess."""
    args = list(cmd)
    if Path(args[0]).name == "warstories":
        return warstories_cli(args[1:], cwd, env)
    if args[1:2] == ["-m"] and args[2] in ("warstories.cli", "warstories.cli.main"):
        return warstories_cli(args[3:], cwd, env)
    if args[:3] in ([sys.executable, "-m", "mkdocs"], ["python", "-m", "mkdocs"]):
        args = ["mkdocs", *args[3:]]
    if args[:2] == ["mkdocs", "build"]:
        return mkdocs_build(args[2:], cwd, env)
    return run_process(args, cwd, env)


def run_process(
    cmd: Sequence[str], cwd: Path, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess:
    """The real thing: a subprocess, for the tests of entry points, `mkdocs serve` and kills."""
    full_env = {**os.environ, **TEST_ENV, **(env or {})}
    return subprocess.run(
        list(cmd), cwd=cwd, env=full_env, capture_output=True, text=True, timeout=300
    )


@contextlib.contextmanager
def _as_a_process(cwd: Path, env: Mapping[str, str] | None) -> Iterator[None]:
    """Run the body as a command run in `cwd` with `env` would, and put both back after."""
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    os.environ.update({**TEST_ENV, **(env or {})})
    os.chdir(cwd)
    try:
        yield
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)


def warstories_cli(
    args: Sequence[str], cwd: Path, env: Mapping[str, str] | None = None, input: str | None = None
) -> subprocess.CompletedProcess:
    """`warstories ARGS` run in `cwd` through click's test runner; stdin is not a terminal.

    An exception the command does not handle is written to stderr as a traceback, as the
    real command would."""
    with _as_a_process(cwd, env):
        result = CliRunner().invoke(main, list(args), input=input, prog_name="warstories")
    stderr = result.stderr
    if result.exc_info and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(*result.exc_info))
    return subprocess.CompletedProcess(
        ["warstories", *args], result.exit_code, result.stdout, stderr
    )


class _LogLines(logging.Handler):
    """The lines `mkdocs build` would write to stderr, as its own formatter writes them."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter())

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname:<8}-  {self.format(record)}")


def _build_options(args: Sequence[str]) -> tuple[dict[str, object], int]:
    """The options of `mkdocs build` that the tests use, as load_config takes them."""
    options: dict[str, object] = {}
    level = logging.INFO
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg in ("-s", "--strict"):
            options["strict"] = True
        elif arg in ("-f", "--config-file"):
            options["config_file"] = rest.pop(0)
        elif arg in ("-d", "--site-dir"):
            options["site_dir"] = rest.pop(0)
        elif arg in ("-v", "--verbose"):
            level = logging.DEBUG
        elif arg in ("-q", "--quiet"):
            level = logging.ERROR
        else:
            raise ValueError(f"mkdocs build {arg}: not supported in-process; use run_process")
    return options, level


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled theme templates kept for the test session. MkDocs makes a new Jinja environment
    for every build; compiling Material's templates again each time was about a quarter of a
    small build's CPU. Jinja reuses a template's code only when its source's checksum matches."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED_TEMPLATES = _CompiledTemplates()
_theme_env = Theme.get_env


def _theme_env_with_compiled_templates(theme: Theme) -> jinja2.Environment:
    env = _theme_env(theme)
    env.bytecode_cache = _COMPILED_TEMPLATES
    return env


def mkdocs_build(
    args: Sequence[str], cwd: Path, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess:
    """`mkdocs build ARGS` in `cwd` through MkDocs' Python API, as its command line does it:
    config loaded (with `--strict`), startup, build, shutdown. Each build gets new plugin
    instances; the `mkdocs` loggers' records become stderr, an abort's message stdout."""
    options, level = _build_options(args)
    # MkDocs keeps plugins that have on_startup in its (class-level) config schema, for
    # `mkdocs serve`; a new build must not inherit the previous one's plugin objects.
    dict(get_schema(MkDocsConfig))["plugins"].plugin_cache.clear()
    logger = logging.getLogger("mkdocs")
    saved = (logger.level, logger.propagate, list(logger.handlers))
    lines = _LogLines()
    logger.handlers[:] = [lines]
    logger.setLevel(level)
    logger.propagate = False
    duplicates = utils.DuplicateFilter()  # as the command line filters the build's messages
    mkdocs_build_command.log.addFilter(duplicates)
    stdout, code = "", 0
    try:
        with (
            _as_a_process(cwd, env),
            mock.patch.object(Theme, "get_env", _theme_env_with_compiled_templates),
        ):
            config = load_config(**options)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                mkdocs_build_command.build(config, dirty=False)
            finally:
                config.plugins.on_shutdown()
    except exceptions.Abort as abort:
        stdout, code = "\n" + abort.format_message() + "\n", 1
    except ClickException as error:
        lines.lines.append(f"Error: {error.format_message()}")
        code = 1
    except Exception:
        lines.lines.append(traceback.format_exc())
        code = 1
    finally:
        mkdocs_build_command.log.removeFilter(duplicates)
        logger.level, logger.propagate = saved[0], saved[1]
        logger.handlers[:] = saved[2]
    stderr = "".join(line + "\n" for line in lines.lines)
    return subprocess.CompletedProcess(["mkdocs", "build", *args], code, stdout, stderr)


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


@dataclass(frozen=True)
class ExampleBuild:
    """The example site's output folder and what its build printed."""

    out: Path
    result: subprocess.CompletedProcess

    @property
    def site(self) -> Site:
        return Site(self.out.parent)


@pytest.fixture(scope="session")
def example_build(tmp_path_factory) -> ExampleBuild:
    """This repository's example site (mkdocs.yml, stories/), built once, strict, and shared by
    every test that only reads it: never write into it."""
    out = tmp_path_factory.mktemp("example") / "site"
    result = mkdocs_build(["--strict", "-d", str(out)], REPO)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    return ExampleBuild(out, result)

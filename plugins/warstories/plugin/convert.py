"""Story Markdown converted to HTML before MkDocs' page loop: over two processes, and read back
from the site's cache when neither the story nor the Markdown settings changed.

Each story is converted by MkDocs' own `Page.render` (the site's Markdown extensions, link
validation, table of contents, anchors), on a stand-in page, in a forked child for half of
the stories. What it produced, the files its links looked up and what it logged are kept;
when MkDocs later renders the story's page, they are used only if the page's Markdown is the
text converted and every looked-up file is still where it was, and the log lines are replayed
then, so `--strict` counts them as before. Anything else converts the page as MkDocs would.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import inspect
import logging
import os
import re
import sys
import types
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc

from warstories.core.build_cache import StoredResults, digest
from warstories.core.model import Story
from warstories.core.parallel import fork_map

Converted = dict[str, Any]  # JSON-able: html, toc, title, anchors, links, lookups, logs

# the packages whose code turns a story's Markdown into HTML
CONVERTERS = ("markdown", "mkdocs", "pygments", "pymdown-extensions", "mkdocs-material")
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


class _RecordingFiles:
    """The site's files as the link checker sees them, noting each lookup and what it found."""

    def __init__(self, files: Files) -> None:
        self.files = files
        self.lookups: dict[str, list | None] = {}

    def get_file_from_path(self, path: str) -> File | None:
        found = self.files.get_file_from_path(path)
        self.lookups[path] = _seen(found)
        return found

    def __getattr__(self, name: str) -> Any:  # anything else MkDocs may ask is answered as is
        return getattr(self.files, name)


def _seen(file: File | None) -> list | None:
    return None if file is None else [file.src_uri, file.url, file.inclusion.is_excluded()]


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[list] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append([record.name, record.levelno, record.getMessage()])


@contextlib.contextmanager
def _captured_logs() -> Iterator[_Capture]:
    """MkDocs' log lines kept aside (in a child process they would print out of order, and
    the parent's strict-mode counter would not see them)."""
    logger = logging.getLogger("mkdocs")
    capture = _Capture()
    handlers, propagate = logger.handlers[:], logger.propagate
    logger.handlers, logger.propagate = [capture], False
    try:
        yield capture
    finally:
        logger.handlers, logger.propagate = handlers, propagate


def _toc_tokens(items: Sequence[AnchorLink]) -> list[dict]:
    return [
        {"level": i.level, "id": i.id, "name": i.title, "children": _toc_tokens(i.children)}
        for i in items
    ]


def convert(file: File, markdown: str, config: MkDocsConfig, files: Files) -> Converted:
    """One page's Markdown through MkDocs' Page.render, with what it looked up and logged."""
    stand_in = types.SimpleNamespace(file=file, markdown=markdown)
    recording = _RecordingFiles(files)
    with _captured_logs() as capture:
        Page.render(stand_in, config, recording)  # type: ignore[arg-type]
    links = getattr(stand_in, "links_to_anchors", None)
    return {
        "html": stand_in.content,
        "toc": _toc_tokens(list(stand_in.toc)),
        "title": stand_in._title_from_render,
        "anchors": sorted(stand_in.present_anchor_ids),
        "links": None if links is None else {f.src_uri: dict(a) for f, a in links.items()},
        "lookups": recording.lookups,
        "logs": capture.records,
    }


def markdown_scope(config: MkDocsConfig) -> str | None:
    """What else a conversion depends on: the Markdown settings, link validation, URL style and
    the versions of the converting packages; None when a setting cannot be told apart from
    another between runs (then nothing is kept)."""
    try:
        functions: list[str] = []
        settings = repr(
            _stable(
                [
                    config["markdown_extensions"],
                    config["mdx_configs"],
                    config.use_directory_urls,
                    repr(config.validation),
                ],
                functions,
            )
        )
    except TypeError:
        return None
    if _ADDRESS.search(settings):
        return None
    versions = []
    for dist in CONVERTERS:
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            versions.append(f"{dist}=={importlib.metadata.version(dist)}")
    for name in config["markdown_extensions"]:  # the site's own extension modules, by content
        module = sys.modules.get(str(name))
        source = getattr(module, "__file__", None)
        if source and not any(f"{os.sep}{d}{os.sep}" in source for d in ("markdown", "pymdownx")):
            versions.append(f"{name}:{hashlib.sha256(Path(source).read_bytes()).hexdigest()}")
    return digest([settings, functions, versions])


def _stable(value: Any, functions: list[str]) -> Any:
    """Settings as plain values; a function becomes its name and the hash of its source file."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_stable(v, functions) for v in value]
    if isinstance(value, dict):
        return {str(k): _stable(v, functions) for k, v in sorted(value.items(), key=repr)}
    if callable(value) and hasattr(value, "__qualname__"):
        source = inspect.getsourcefile(value)
        code = hashlib.sha256(Path(source).read_bytes()).hexdigest() if source else "?"
        name = f"{value.__module__}.{value.__qualname__}"
        functions.append(f"{name}:{code}")
        return name
    raise TypeError(type(value).__name__)


class Conversions:
    """Converted stories of one build, by source path, waiting for MkDocs to render their pages."""

    def __init__(self) -> None:
        self.ready: dict[str, tuple[str, Converted]] = {}  # src -> (hash of the Markdown, result)

    def prepare(
        self,
        stories: Mapping[str, Story],
        config: MkDocsConfig,
        files: Files,
        config_file: Path | None,
    ) -> None:
        """Convert the stories (by MkDocs' src_uri) ahead, split over two processes; with the
        site's `config_file`, read back those an earlier build converted and keep the new ones."""
        pages = [(files.get_file_from_path(src), story.body) for src, story in stories.items()]
        pages = [(file, body) for file, body in pages if file is not None]
        site_root = config_file.parent if config_file else None
        scope = markdown_scope(config) if site_root is not None else None
        store = StoredResults("converted", site_root, scope) if scope and site_root else None
        keys = [_key(file, markdown) for file, markdown in pages]
        results: list[Converted | None] = []
        missing = []
        for key, (file, markdown) in zip(keys, pages):
            found = store.get(key) if store else None
            if found is not None and _still_valid(found, files):
                results.append(found)
            else:
                results.append(None)
                missing.append((file, markdown))
        made = fork_map(_safely(lambda item: convert(item[0], item[1], config, files)), missing)
        fresh = iter(made)
        self.ready = {}
        for key, (file, markdown), result in zip(keys, pages, results):
            if result is None:
                result = next(fresh)
                if result is not None and store:
                    store.put(key, result)
            if result is not None:
                self.ready[file.src_uri] = (_text_hash(markdown), result)
        if store:
            store.save()

    def use_for(self, page: Page) -> None:
        """Let MkDocs' render of this page take the converted result, if it is still right."""
        ready = self.ready.pop(page.file.src_uri, None)
        if ready is None:
            return
        text_hash, result = ready
        previous = page.render  # MkDocs' own, or what a hook wrapped around it

        def render(config: MkDocsConfig, files: Files) -> None:
            page.render = previous  # type: ignore[method-assign]  # for any later render
            if page.markdown is None or _text_hash(page.markdown) != text_hash:
                return previous(config, files)  # another plugin changed the Markdown
            if not _still_valid(result, files):
                return previous(config, files)  # the site's files changed since
            _apply(page, result, files)
            return None

        page.render = render  # type: ignore[method-assign]


def _apply(page: Page, result: Converted, files: Files) -> None:
    """What Page.render would have set, and the log lines it would have written."""
    page.content = result["html"]
    page.toc = get_toc(result["toc"])
    page._title_from_render = result["title"]
    page.present_anchor_ids = set(result["anchors"])
    links = result["links"]
    if links is not None:  # the files were looked up by the conversion: _still_valid found them
        page.links_to_anchors = {
            files.get_file_from_path(src): dict(anchors) for src, anchors in links.items()
        }
    for name, level, message in result["logs"]:
        logging.getLogger(name).log(level, message)


def _still_valid(result: Converted, files: Files) -> bool:
    """Every file the conversion looked up is still the same file at the same address."""
    lookups = result.get("lookups")
    if not isinstance(lookups, dict):
        return False
    return all(_seen(files.get_file_from_path(p)) == seen for p, seen in lookups.items())


def _key(file: File, markdown: str) -> str:
    return digest([file.src_uri, file.url, file.inclusion.is_excluded(), markdown])


def _text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _safely(function: Callable[[Any], Converted]) -> Callable[[Any], Converted | None]:
    """A conversion that fails here is left to MkDocs, which reports the error as it would."""

    def run(item: Any) -> Converted | None:
        try:
            return function(item)
        except Exception:
            return None

    return run

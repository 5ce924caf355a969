"""What `mkdocs serve --dirty` remembers between rebuilds, so an edit redoes only what it changed.

MkDocs' `--dirty` skips unchanged story files but rebuilds every generated page on every
rebuild. Here a generated page whose content is what the previous build wrote, and which is
not in the nav, reports itself unmodified, so MkDocs neither reads nor renders it again
(nav pages are always rebuilt: in a dirty build an unread page has no title for the nav).
Compiled Jinja templates are kept in memory too, since MkDocs makes a new theme environment
for every rebuild. A full build (`mkdocs build`, plain `mkdocs serve`) is unaffected.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates by name and source checksum, kept for the life of the preview."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


class _Unchanged(File):
    """A generated file whose content the previous preview build already wrote to the site."""

    def is_modified(self) -> bool:
        return not os.path.isfile(self.abs_dest_path)


class Rebuilds:
    """The preview's memory of its last successful build; empty (so inert) outside `serve --dirty`."""

    def __init__(self) -> None:
        self.dirty_serve = False
        self.builds = 0
        self.bytecode = MemoryBytecodeCache()
        self._written: dict[str, str | bytes] = {}  # by src_uri, as of the last finished build
        self._pending: dict[str, str | bytes] = {}
        self._open = False
        self._stamp: tuple[float, ...] = ()
        self._nav: set[str] = set()

    def start(self, command: str, dirty: bool) -> None:
        self.dirty_serve = command == "serve" and dirty

    def begin(self, config: MkDocsConfig) -> None:
        """A build starts: forget what was written if the last one failed or the layout changed."""
        self.builds += 1
        stamp = _stamp(config)
        if self._open or stamp != self._stamp:
            self._written = {}
        self._stamp = stamp
        self._open = True
        self._pending = {}
        self._nav = set(_nav_sources(config.nav or []))

    def file(self, config: MkDocsConfig, src_uri: str, content: str | bytes) -> File:
        """The MkDocs file for a generated page or asset, unmodified if it is as last written."""
        unchanged = (
            self.dirty_serve and src_uri not in self._nav and self._written.get(src_uri) == content
        )
        self._pending[src_uri] = content
        return (_Unchanged if unchanged else File).generated(config, src_uri, content=content)

    def finished(self) -> None:
        """The build wrote everything: its generated content is what the site now holds."""
        if self.dirty_serve:
            self._written = self._pending
        self._pending = {}
        self._open = False


def _nav_sources(nav: Iterable[object]) -> Iterable[str]:
    """Every page path named in an MkDocs nav (nested lists and one-key mappings)."""
    for item in nav:
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            for value in item.values():
                yield from _nav_sources([value] if isinstance(value, str) else value)
        elif isinstance(item, list):
            yield from _nav_sources(item)


def _stamp(config: MkDocsConfig) -> tuple[float, ...]:
    """Modification times of mkdocs.yml and the theme overrides: the frame of every page."""
    paths = [Path(config.config_file_path)] if config.config_file_path else []
    custom_dir = config.theme.custom_dir
    if custom_dir:
        paths += sorted(p for p in Path(custom_dir).rglob("*") if p.is_file())
    stamps: list[float] = []
    for path in paths:
        try:
            stamps.append(path.stat().st_mtime)
        except OSError:
            stamps.append(-1.0)
    return tuple(stamps)


WATCH_INTERVAL = 0.2  # seconds between two looks at the files (MkDocs' own: 0.5)


def watch_sooner(server: object, interval: float = WATCH_INTERVAL) -> bool:
    """Make the preview's file watcher look every `interval` seconds instead of MkDocs' 0.5.

    MkDocs polls the docs folder (watchdog's PollingObserver) and offers no setting for it, so
    its observer's and emitters' polling timeout is set before the server starts; with another
    watchdog or server the preview keeps MkDocs' interval. A look at 1000 stories is one
    `scandir` and `stat` per file, a few milliseconds. True when the interval was changed.
    """
    observer = getattr(server, "observer", None)
    emitters = getattr(observer, "emitters", None)
    if observer is None or not hasattr(observer, "_timeout") or emitters is None:
        return False
    if observer.is_alive():
        return False
    observer._timeout = interval
    for emitter in list(emitters):
        if hasattr(emitter, "_timeout"):
            emitter._timeout = interval
    return True

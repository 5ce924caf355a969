"""The preview's file watcher looks at the files every 0.2 s, not MkDocs' 0.5 s."""

from __future__ import annotations

from pathlib import Path

from mkdocs.livereload import LiveReloadServer
from warstories.plugin.rebuilds import WATCH_INTERVAL, watch_sooner


def test_the_watcher_of_mkdocs_serve_polls_sooner_before_it_starts(tmp_path: Path):
    (tmp_path / "docs").mkdir()
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        server.watch(str(tmp_path / "docs"))
        assert server.observer.timeout == 0.5  # MkDocs' own
        assert watch_sooner(server)
        assert server.observer.timeout == WATCH_INTERVAL < 0.5
        assert {e.timeout for e in server.observer.emitters} == {WATCH_INTERVAL}
        server.watch(str(tmp_path))  # a watch added later polls as often
        assert {e.timeout for e in server.observer.emitters} == {WATCH_INTERVAL}
    finally:
        server.server_close()


def test_something_else_than_mkdocs_server_is_left_alone():
    assert watch_sooner(object()) is False

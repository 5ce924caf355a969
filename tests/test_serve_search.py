"""`mkdocs serve` with search: Pagefind indexes the preview without making it rebuild again."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from conftest import story


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status
    except OSError:
        return 0


def test_serve_indexes_the_preview_once_and_does_not_rebuild_forever(make_site):
    site = make_site({"scale/pool.md": story("Pool", "Ran dry.", body="Quokka.\n")})
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"],
        cwd=site.root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        url = f"http://127.0.0.1:{port}/pagefind/pagefind.js"
        while _get(url) != 200 and time.monotonic() < deadline and server.poll() is None:
            time.sleep(0.5)
        assert _get(url) == 200
        time.sleep(4)  # long enough for a rebuild triggered by anything Pagefind wrote
    finally:
        os.killpg(server.pid, signal.SIGINT)
        output, _ = server.communicate(timeout=30)
    assert output.count("Documentation built") == 1, output
    assert "Detected file changes" not in output

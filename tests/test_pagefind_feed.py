"""Pagefind fed records during the build: the bundle it writes, the records an edit re-makes,
a missing binary reported in one line, and the work split over two processes."""

from __future__ import annotations

import gzip
import json
import os
import sys
import time
from pathlib import Path

import psutil
import pytest
from conftest import story
from warstories import Taxonomy, load_catalog
from warstories.core.parallel import fork_map, in_parallel
from warstories.site.discovery import Discovery

TAXONOMY = Taxonomy.default()


def _catalog(root: Path, files: dict[str, str]):
    for rel, text in files.items():
        path = root / "stories" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return load_catalog(root / "stories", TAXONOMY)


def _fragments(bundle: Path) -> dict[str, dict]:
    records = {}
    for path in (bundle / "fragment").glob("*.pf_fragment"):
        record = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        records[record["url"]] = record
    return records


def test_the_bundle_holds_one_record_per_story_and_an_edit_remakes_only_its_own(tmp_path):
    files = {
        "scale/pool.md": story("Pool", "Ran dry.", body="Quokka.\n"),
        "time/leap.md": story("Leap", "Feb 29.", body="Wombat.\n"),
    }
    discovery = Discovery(tmp_path)
    discovery.start_site_index(_catalog(tmp_path, files), tmp_path / "site", "en")
    assert discovery.finish_site_index() == (True, "Pagefind: 2 stories indexed")
    first = dict(discovery.records)
    records = _fragments(tmp_path / "site" / "pagefind")
    assert sorted(records) == ["/scale/pool/", "/time/leap/"]
    assert "Quokka." in records["/scale/pool/"]["content"]

    (tmp_path / "stories" / "scale" / "pool.md").write_text(
        story("Pool", "Ran dry.", body="Numbat.\n"), "utf-8"
    )
    catalog = _catalog(tmp_path, {})
    discovery.start_site_index(catalog, tmp_path / "site", "en")
    assert discovery.finish_site_index() == (True, "Pagefind: 2 stories indexed")
    leap, pool = sorted(catalog.stories, key=lambda s: s.path)[::-1]
    assert discovery.records[leap] is first[leap]  # unchanged: not made again
    assert pool not in first and "Numbat." in discovery.records[pool]["content"]
    assert "Numbat." in _fragments(tmp_path / "site" / "pagefind")["/scale/pool/"]["content"]


def test_a_missing_pagefind_binary_is_one_clear_line(tmp_path, monkeypatch):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    discovery = Discovery(tmp_path)
    catalog = _catalog(tmp_path, {"scale/pool.md": story("Pool", "Ran dry.")})
    discovery.start_site_index(catalog, tmp_path / "site", "en")
    ok, message = discovery.finish_site_index()
    assert not ok and message.startswith("Pagefind did not run: ")
    assert "no-such-pagefind" in message and "\n" not in message


def test_a_pagefind_that_dies_is_reported_not_waited_for(tmp_path, monkeypatch):
    fake = tmp_path / "fake-pagefind"
    fake.write_text("#!/bin/sh\necho 'cannot start: out of cheese' >&2\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))
    discovery = Discovery(tmp_path)
    catalog = _catalog(tmp_path, {"scale/pool.md": story("Pool", "Ran dry.")})
    discovery.start_site_index(catalog, tmp_path / "site", "en")
    ok, message = discovery.finish_site_index()
    assert not ok and "out of cheese" in message


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or len(os.sched_getaffinity(0)) < 2,
    reason="forks only on Linux with two cores or more",
)
def test_fork_map_gives_the_results_in_order_and_the_child_really_computes_half():
    items = list(range(300))
    pids = fork_map(lambda _: os.getpid(), items)
    assert pids[0] == os.getpid() and pids[-1] != os.getpid()  # two processes on two cores
    assert fork_map(lambda x: x * x, items) == [x * x for x in items]


def test_in_parallel_redoes_a_failed_half_here_so_its_error_is_seen():
    def boom() -> int:
        raise ValueError("bad story")

    with pytest.raises(ValueError, match="bad story"):
        in_parallel(lambda: 1, boom)
    assert in_parallel(lambda: 1, lambda: 2) == (1, 2)


def test_a_pagefind_that_answers_nonsense_is_reported_not_waited_for(tmp_path, monkeypatch):
    fake = tmp_path / "chatty-pagefind"
    fake.write_text("#!/bin/sh\necho 'Running Pagefind, not the service,'\nsleep 30\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))
    discovery = Discovery(tmp_path)
    catalog = _catalog(tmp_path, {"scale/pool.md": story("Pool", "Ran dry.")})
    started = time.perf_counter()
    discovery.start_site_index(catalog, tmp_path / "site", "en")
    ok, message = discovery.finish_site_index()
    assert not ok and "unreadable answer from Pagefind" in message
    assert time.perf_counter() - started < 10
    left = [p for p in psutil.process_iter(["cmdline"]) if str(fake) in (p.info["cmdline"] or [])]
    assert left == []  # the process was stopped, not left behind


SLOW_WRITER = """
import base64, json, os, sys, threading, time
def answer(message_id, payload):
    sys.stdout.write(base64.b64encode(json.dumps({"message_id": message_id, "payload": payload}).encode()).decode() + ",")
    sys.stdout.flush()
def land(path):
    time.sleep(0.5)
    with open(path, "w") as f:
        f.write('{"version": "fake"}')
buffer = b""
while chunk := os.read(0, 65536):
    buffer += chunk
    *messages, buffer = buffer.split(b",")
    for raw in messages:
        message = json.loads(base64.b64decode(raw))
        payload = message["payload"]
        if payload["type"] == "NewIndex":
            answer(message["message_id"], {"type": "NewIndex", "index_id": 1})
        elif payload["type"] == "WriteFiles":
            os.makedirs(payload["output_path"], exist_ok=True)
            entry = os.path.join(payload["output_path"], "pagefind-entry.json")
            open(entry, "w").close()  # created empty, its bytes still on their way
            threading.Thread(target=land, args=(entry,), daemon=True).start()
            answer(message["message_id"], {"type": "WriteFiles", "output_path": payload["output_path"]})
os._exit(0)  # the end of input ends it at once, as Pagefind does, writes pending or not
"""


def test_the_bundle_is_whole_before_pagefind_is_told_to_stop(tmp_path, monkeypatch):
    fake = tmp_path / "slow-writing-pagefind"
    fake.write_text(f"#!{sys.executable}\n{SLOW_WRITER}")
    fake.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))
    discovery = Discovery(tmp_path)
    catalog = _catalog(tmp_path, {"scale/pool.md": story("Pool", "Ran dry.")})
    discovery.start_site_index(catalog, tmp_path / "site", "en")
    assert discovery.finish_site_index() == (True, "Pagefind: 1 stories indexed")
    entry = tmp_path / "site" / "pagefind" / "pagefind-entry.json"
    assert json.loads(entry.read_text()) == {"version": "fake"}

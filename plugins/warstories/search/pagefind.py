"""Pagefind in a child process, fed records while MkDocs builds, so it indexes on another core.

Pagefind's `--service` mode takes records over stdin, indexes each as it arrives and writes
the bundle when asked, while this process goes on. Its Python package (`pagefind.index`)
speaks the same protocol but polls for each answer with a 0.1 s sleep, which costs 100 s for
1000 records, so this small synchronous client speaks it directly: each message is base64 of
its JSON followed by a comma, in both directions.

Pagefind's answers go to a temporary file, not a pipe, and are read only when one is needed:
with no reader thread here, the build may still fork its helpers after Pagefind has started,
and a pipe that nobody drains cannot fill and stall Pagefind.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

POLL = 0.005  # seconds between two looks at Pagefind's answers


@dataclass(frozen=True)
class PagefindRun:
    """How a Pagefind run ended, in one line for the build's log."""

    ok: bool
    message: str


class PagefindFeed:
    """One in-memory Pagefind index in a child process: `add` records, `write`, then `finish`."""

    def __init__(self, timeout: float = 600.0) -> None:
        self.timeout = timeout
        self.pages = 0
        self._write: int | None = None
        self._output: Path | None = None
        self._next_id = 0
        self._answers: dict[int, dict[str, Any]] = {}
        self._errors: list[str] = []
        self._closed = False
        self._read_to = 0  # how far the answers file has been read
        self._pending = b""  # an answer not yet whole
        self._stdout: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        self._stderr: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        binary = _binary()
        try:
            self._process = subprocess.Popen(
                [str(binary), "--service"],
                stdin=subprocess.PIPE,
                stdout=self._stdout,
                stderr=self._stderr,
            )
        except OSError:
            self._stdout.close()
            self._stderr.close()
            raise
        try:
            self._index = self._ask({"type": "NewIndex", "config": None})["index_id"]
        except OSError:
            self.close()  # no process left behind
            raise

    def add(self, record: dict[str, Any]) -> None:
        """Queue one record (url, content, language, meta, filters, sort) for indexing."""
        if not self._errors:  # after a failure, `finish` reports it
            self._send({"type": "AddRecord", "index_id": self._index, **record})
            self.pages += 1

    def write(self, output: Path) -> None:
        """Ask for the bundle in `output` once every record is indexed; `finish` waits for it."""
        if not self._errors:
            self._output = output
            self._write = self._send({"type": "WriteFiles", "index_id": self._index, "output_path": str(output)})  # fmt: skip

    def written(self) -> bool:
        """True once the bundle is written, or the write can no longer happen."""
        self._collect()
        return bool(self._errors) or self._write in self._answers or not self._running()

    def finish(self) -> PagefindRun:
        """Wait for the bundle, stop the process and say how it went."""
        try:
            if self._write is not None and not self._errors:
                self._wait(self._write)
                if self._output is not None and not _whole(self._output, self.timeout):
                    self._errors.append(f"the bundle in {self._output} was left unfinished")
        except OSError as exc:
            self._errors.append(str(exc))
        finally:
            self.close()
        if self._errors:
            return PagefindRun(False, f"Pagefind failed: {self._errors[0]}")
        if self._write is None:
            return PagefindRun(False, "Pagefind failed: the bundle was never asked for")
        return PagefindRun(True, f"Pagefind: {self.pages} stories indexed")

    def close(self) -> None:
        """Stop the process (a build that failed half way leaves no Pagefind behind)."""
        if self._closed:
            return
        self._closed = True
        try:
            if self._process.stdin is not None:
                self._process.stdin.close()
        except OSError:
            pass
        try:
            self._process.wait(5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._stdout.close()
        self._stderr.close()

    def _send(self, payload: dict[str, Any]) -> int:
        self._next_id += 1
        message = {"message_id": self._next_id, "payload": payload}
        assert self._process.stdin is not None
        try:
            self._process.stdin.write(base64.b64encode(json.dumps(message).encode()) + b",")
            self._process.stdin.flush()
        except OSError as exc:  # the process ended: its stderr says why
            self._errors.append(self._stderr_tail() or str(exc))
        return self._next_id

    def _ask(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Send one message and wait for its answer."""
        return self._wait(self._send(payload))

    def _wait(self, message_id: int) -> dict[str, Any]:
        deadline = time.monotonic() + self.timeout
        while True:
            running = self._running()  # looked at before the answers: the last ones count
            self._collect()
            if message_id in self._answers:
                return self._answers[message_id]
            if self._errors or not running or time.monotonic() > deadline:
                break
            time.sleep(POLL)
        raise OSError(
            self._errors[0] if self._errors else self._stderr_tail() or "no answer from Pagefind"
        )

    def _running(self) -> bool:
        return self._process.poll() is None

    def _collect(self) -> None:
        """Read the answers Pagefind wrote since the last look: errors are kept, and only
        asked-for answers are stored."""
        if self._closed:
            return
        try:
            self._stdout.seek(self._read_to)
            chunk = self._stdout.read()
        except (OSError, ValueError) as exc:
            self._errors.append(f"Pagefind's answers could not be read ({exc})")
            return
        self._read_to += len(chunk)
        *messages, self._pending = (self._pending + chunk).split(b",")
        try:
            for raw in messages:
                self._receive(json.loads(base64.b64decode(raw)))
        except ValueError as exc:  # not the protocol: give up, and say what came
            self._errors.append(f"unreadable answer from Pagefind ({exc})")

    def _receive(self, message: dict[str, Any]) -> None:
        payload = message.get("payload") or {}
        if payload.get("type") == "Error":
            self._errors.append(str(payload.get("message", "unknown error")))
        elif payload.get("type") != "IndexedFile":
            self._answers[message.get("message_id") or 0] = payload

    def _stderr_tail(self) -> str:
        try:
            self._stderr.seek(0)
            lines = self._stderr.read().decode(errors="replace").strip().splitlines()
        except (OSError, ValueError):
            return ""
        return " | ".join(lines[-3:])


def _whole(bundle: Path, timeout: float) -> bool:
    """Wait until no file of the bundle is empty; False if some still is after `timeout`.

    Pagefind answers a write once every file is created and its bytes are handed to tokio's
    background writer, not once they are on disk, and it exits on the end of its input without
    waiting for that writer: closing it at once can leave empty files behind (seen under load).
    Each file is written in one piece, and none of Pagefind's files is empty when whole.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            empty = next((f for f in _files(bundle) if f.stat().st_size == 0), None)
        except OSError:  # a file went away under us: look again
            empty = bundle
        if empty is None:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)


def _files(folder: Path) -> Iterator[os.DirEntry[str]]:
    """Every file under `folder`, through os.scandir (one stat per file, no Path objects)."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                yield from _files(Path(entry.path))
            else:
                yield entry


def _binary() -> str:
    """The Pagefind binary: $PAGEFIND_BINARY_PATH, else the one in the `pagefind-bin` wheel.

    (`pagefind.service.get_executable` does the same but imports asyncio, a tenth of a second.)
    """
    if configured := os.environ.get("PAGEFIND_BINARY_PATH"):
        return configured
    try:
        import pagefind_bin

        return str(pagefind_bin.get_executable())
    except (ImportError, FileNotFoundError) as exc:
        raise OSError(
            f"the Pagefind binary was not found ({exc}): pip install 'pagefind[bin]'"
        ) from exc

"""Source files read as text, or refused with the file and line: empty, binary, not UTF-8."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from warstories.importers.entry import Failure

MAX_BYTES = 5_000_000  # a postmortem is text; anything this big is not one
SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".txt")


def source_files(paths: Iterable[Path]) -> list[Path]:
    """The files to import: each file given, and the Markdown files inside each folder given."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def read_text(path: Path, shown: str) -> str | Failure:
    """The file's text with line ends made `\\n`, or why it cannot be imported."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return Failure(shown, None, f"{size:,} bytes is too big for a postmortem: not read")
        data = path.read_bytes()
    except OSError as exc:
        return Failure(shown, None, f"cannot read the file ({exc.strerror or exc})")
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        return Failure(
            shown, line, "a binary file (it holds NUL bytes), not Markdown: not imported"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return Failure(shown, line, "not UTF-8 text: save the file as UTF-8 and import it again")
    if not text.strip():
        return Failure(shown, None, "the file is empty: nothing to import")
    return text.replace("\r\n", "\n").replace("\r", "\n")

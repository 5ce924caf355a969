"""What one import run did with each story it found, for people (text) and programs (JSON)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

STATUSES = ("imported", "duplicate", "draft", "failed")


@dataclass
class Outcome:
    """What happened to one story of a source: where it went (or would go) and why."""

    origin: str
    line: int | None
    status: str  # imported, duplicate, draft or failed
    message: str = ""
    path: str | None = None  # the story file, shown as the user sees it
    title: str | None = None
    category: str | None = None
    chosen_by: str | None = None
    to_write: list[str] = field(default_factory=list)  # why it is a draft, for its writer
    problems: list[str] = field(default_factory=list)  # what `warstories check` says of the file
    notes: list[str] = field(default_factory=list)  # what was moved, changed or left out

    def as_dict(self) -> dict[str, object]:
        return dict(self.__dict__)

    def duplicate_of(self, other: str, why: str, score: str = "") -> None:
        """Not written: `why` (e.g. "the same source as") the story file `other`, as shown."""
        self.status = "duplicate"
        self.message = f"{why} {other}{score}: not imported again"
        self.problems = []
        self.to_write = []


@dataclass
class Report:
    """Every source story accounted for, in source order."""

    files: int = 0
    outcomes: list[Outcome] = field(default_factory=list)
    dry_run: bool = False

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def summary(self) -> str:
        names = {
            "imported": "imported",
            "duplicate": "duplicates",
            "draft": "drafts",
            "failed": "failed",
        }
        counts = ", ".join(f"{self.count(s)} {names[s]}" for s in STATUSES)
        tail = " (dry run: nothing written)" if self.dry_run else ""
        return f"{len(self.outcomes)} stories from {self.files} files: {counts}{tail}"

    def as_text(self) -> str:
        lines = []
        verb = {"imported": "would import", "draft": "would draft"} if self.dry_run else {}
        for o in self.outcomes:
            where = f"{o.origin}:{o.line}" if o.line else o.origin
            label = verb.get(o.status, o.status)
            if o.status == "failed":
                lines.append(f"{where}: failed: {o.message}")
            elif o.status == "duplicate":
                lines.append(f"{where}: duplicate: {o.message}")
            else:
                lines.append(f"{where}: {label} as {o.path} (category {o.category}: {o.chosen_by})")
            lines += [f"    to write: {p}" for p in o.to_write]
            lines += [f"    problem: {p}" for p in o.problems]
            lines += [f"    note: {n}" for n in o.notes]
        lines.append(self.summary)
        return "\n".join(lines) + "\n"

    def as_json(self) -> str:
        data = {
            "dry_run": self.dry_run,
            "files": self.files,
            **{s if s != "draft" else "drafts": self.count(s) for s in STATUSES},
            "stories": [o.as_dict() for o in self.outcomes],
        }
        data["duplicates"] = data.pop("duplicate")
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def shown_path(path: Path) -> str:
    """A path relative to the working folder when it is inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)

"""Postmortems written to the Google SRE workbook, PagerDuty or Atlassian templates, in Markdown.

The document is cut at its headings. Known headings (Summary, Impact, Timeline, Root causes,
Trigger, Resolution, Detection, Action items, Lessons learned, …) feed the front matter;
timeline, action-item and lesson lists move there, and every other line stays in the body,
in its order, under its heading.
"""

from __future__ import annotations

import re
from typing import Any

from warstories.core.model import ActionItem, TimelineEntry
from warstories.core.yamlsource import load
from warstories.importers.dates import read_date
from warstories.importers.entry import Entry, Failure
from warstories.importers.markup import md_text, web_url
from warstories.importers.outline import LIST_ITEM, Section, sections
from warstories.importers.tables import read_table
from warstories.importers.text import first_sentence, html_to_markdown, plain, shorten

KINDS: dict[str, tuple[str, ...]] = {
    "summary": ("summary", "executive summary", "incident summary", "overview", "tl dr", "tldr"),
    "impact": ("impact", "customer impact", "user impact", "business impact", "impact and severity"),
    "timeline": ("timeline", "incident timeline", "timeline of events", "chronology", "sequence of events"),
    "root-cause": ("root cause", "root causes", "root cause analysis", "contributing factors", "causes", "fault", "five whys", "5 whys"),
    "trigger": ("trigger", "triggers", "leadup", "lead up"),
    "resolution": ("resolution", "resolution and recovery", "recovery", "mitigation", "response", "how it was fixed"),
    "detection": ("detection", "how it was detected", "how we found out"),
    "actions": ("action items", "action item", "actions", "follow up actions", "follow ups", "follow up", "corrective actions", "remediation", "remediations", "next steps", "preventive actions", "backlog"),
    "lessons": ("lessons learned", "lessons", "learnings", "takeaways", "what went well", "what went wrong", "where we got lucky", "things that went well", "things that went wrong", "where we got lucky", "what we learned"),
}  # fmt: skip
_KIND_OF = {name: kind for kind, names in KINDS.items() for name in names}
_META_KEYS: dict[str, str] = {
    "date": "date", "incident date": "date", "date of incident": "date", "when": "date",
    "authors": "authors", "author": "authors", "written by": "authors", "owner": "authors", "owners": "authors",
    "severity": "severity", "sev": "severity", "priority": "severity", "incident severity": "severity",
    "duration": "duration", "incident duration": "duration",
    "tags": "tags", "keywords": "tags", "labels": "tags",
    "title": "title",
    "source": "source", "link": "source", "url": "source",
}  # fmt: skip
_META_LINE = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:\*\*|__)?([A-Za-z][A-Za-z /()]{1,30}?)(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(.+?)\s*$"
)
_CHECKBOX = re.compile(r"^\[( |x|X)\]\s*(.*)$")
_TIME = re.compile(
    r"^(?:\*\*|__)?("
    r"\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?(?:\s*(?:Z|UTC|[A-Z]{2,4}|[+-]\d{2}:?\d{2}))?"
    r"|\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?(?:\s*(?:UTC|[A-Z]{2,4}))?"
    r"|T[+-]\s*\d+\s*[smhd]\w*"
    r")(?:\*\*|__)?\s*(?:[-\u2013\u2014:|]\s*)?(.+)$"
)
_OWNER = re.compile(r"\(?\b(?:owner|assignee|assigned to|who)\s*:\s*([^,;)\]]+)\)?", re.I)
_HANDLE = re.compile(r"(?<![\w.])@([A-Za-z][\w.-]*)")
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(d|days?|h|hrs?|hours?|m|mins?|minutes?)\b", re.I)
_UNIT = {"d": 1440, "h": 60, "m": 1}
DONE = ("done", "complete", "completed", "fixed", "closed", "resolved", "shipped", "\u2705")
WONTFIX = (
    "won't fix",
    "wont fix",
    "wontfix",
    "won't do",
    "cancelled",
    "canceled",
    "declined",
    "dropped",
)
SEVERITY_WORDS = {
    "critical": "sev1", "major": "sev2", "high": "sev2", "medium": "sev3", "moderate": "sev3",
    "minor": "sev3", "low": "sev4", "near miss": "near-miss", "near-miss": "near-miss",
}  # fmt: skip
MAX_FIELD = 300


def read(text: str, origin: str) -> list[Entry | Failure]:
    """One entry for the document, or the failure that stops it (broken front matter)."""
    entry = Entry(origin, 1)
    offset = 0
    front: dict[str, Any] = {}
    if text.startswith("---\n") or text.startswith("---\r"):
        loaded = load(text)
        if loaded.errors:
            return [Failure(origin, line, message) for line, message in loaded.errors]
        front, offset = loaded.values, loaded.body_line - 1
        text = loaded.body
    converted = html_to_markdown(text)
    if converted != text:
        entry.notes.append("HTML in the document was turned into Markdown")
    chunks = _chunks(converted, offset)
    _title(chunks, entry)
    meta = _front_matter(front, entry)
    for chunk in chunks:
        if chunk.level == 0 or chunk.kind == "title":
            meta.update(_metadata(chunk, entry))
    _apply_meta(meta, entry)
    kept = [(c.level, _use(c, entry), c.kind in MOVED) for c in chunks]
    body = _without_empty_headings(kept)
    if entry.description is None:
        prose = next((c.text for c in chunks if c.text and c.kind in (None, "summary")), "")
        if prose:
            entry.description = first_sentence(prose)
            entry.notes.append("no Summary section: the description is the first sentence")
    entry.body = "\n\n".join(b for b in body if b.strip()) + "\n"
    if not any(c.text for c in chunks) and not entry.timeline:
        entry.to_write.append("the document has no text under its headings: write the story")
    if entry.title is None:
        entry.title, entry.title_is_ours = _title_from_file(origin), True
        entry.to_write.append(
            f"no title in the document: check the one from its file name, {entry.title!r}"
        )
    return [entry]


MOVED = ("timeline", "actions", "lessons")  # sections whose lists move to the front matter


def _without_empty_headings(kept: list[tuple[int, str | None, bool]]) -> list[str]:
    """The kept Markdown, less the headings of sections whose lists all moved to the front matter."""
    out: list[str] = []
    for index, (level, text, moved) in enumerate(kept):
        if text is None:
            continue
        if moved and level and "\n" not in text.strip():
            below = [lv for lv, t, _ in kept[index + 1 :] if t is not None]
            if not below or below[0] <= level:
                continue  # a bare heading whose section moved to the front matter
        out.append(text)
    return out


def _chunks(text: str, offset: int) -> list[Section]:
    """The document's sections, each with its kind; a subsection of a list section shares it."""
    chunks = sections(text, offset)
    parents: list[Section] = []
    for chunk in chunks[1:]:
        while parents and parents[-1].level >= chunk.level:
            parents.pop()
        chunk.kind = _KIND_OF.get(_key(chunk.heading))
        if chunk.kind is None and parents and parents[-1].kind in MOVED:
            chunk.kind = parents[-1].kind  # "Short term" under Action items, and the like
        parents.append(chunk)
    return chunks


def _key(heading: str) -> str:
    words = re.sub(r"[^\w\s]", " ", plain(heading).lower().replace("(s)", "s"))
    words = re.sub(r"^\s*\d+\s+", "", words)  # "3. Impact"
    return " ".join(words.replace("_", " ").split())


def _title(chunks: list[Section], entry: Entry) -> None:
    """The first level-1 heading that is not a section name is the title; it leaves the body."""
    for chunk in chunks[1:]:
        if chunk.level == 1 and chunk.kind is None:
            entry.title = plain(chunk.heading)
            chunk.kind = "title"
            return
        if chunk.level > 1 or chunk.kind is not None:
            return


def _title_from_file(origin: str) -> str:
    stem = origin.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    stem = re.sub(r"^\d{4}[-_]?\d{2}(?:[-_]?\d{2})?[-_ ]*|^\d{1,3}[-_ ]+", "", stem)
    words = " ".join(re.split(r"[-_\s]+", stem)).strip()
    return (words[:1].upper() + words[1:]) if words else "Imported postmortem"


def _front_matter(front: dict[str, Any], entry: Entry) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    other = []
    for key, value in front.items():
        name = _META_KEYS.get(_key(str(key)))
        if name and value not in (None, ""):
            meta[name] = value
        elif value not in (None, ""):
            other.append(f"- {md_text(key)}: {md_text(value)}")
    if other:
        entry.appendix = "## Details\n\n" + "\n".join(other)
        entry.notes.append("front-matter keys with no place in a story: kept under Details")
    return meta


def _metadata(chunk: Section, entry: Entry) -> dict[str, Any]:
    """`**Date:** …`, `Severity: …` lines and two-column tables before the first section."""
    meta: dict[str, Any] = {}
    kept: list[str] = []
    table = read_table(chunk.lines)
    for line in chunk.lines:
        found = _META_LINE.match(line)
        name = _META_KEYS.get(_key(found[1])) if found else None
        if found and name:
            meta[name] = found[2]
        elif table is not None and line.strip().startswith("|"):
            continue  # read below
        else:
            kept.append(line)
    if table is not None:
        rows = [table.header, *table.rows] if len(table.header) == 2 else table.rows
        for row in rows:
            name = _META_KEYS.get(_key(row[0])) if len(row) >= 2 else None
            if name:
                meta[name] = row[1]
            else:
                kept.append("| " + " | ".join(row) + " |")
    chunk.lines = kept
    return meta


def _apply_meta(meta: dict[str, Any], entry: Entry) -> None:
    if "title" in meta and entry.title is None:
        entry.title = plain(str(meta["title"]))
    if "date" in meta:
        entry.date, note = read_date(str(meta["date"]))
        if note:
            entry.notes.append(note)
    if "severity" in meta:
        entry.severity = _severity(str(meta["severity"]), entry)
    if "authors" in meta:
        value = meta["authors"]
        names = value if isinstance(value, list) else re.split(r",|;|\band\b", str(value))
        entry.authors = [plain(str(n)) for n in names if plain(str(n))]
    if "tags" in meta:
        value = meta["tags"]
        words = value if isinstance(value, list) else str(value).split(",")
        entry.tags = list(dict.fromkeys(plain(str(w)) for w in words if plain(str(w))))
    if "duration" in meta:
        entry.duration_minutes = _minutes(str(meta["duration"]))
        if entry.duration_minutes is None:
            entry.notes.append(f"duration {str(meta['duration'])!r} is not read: left out")
    if "source" in meta:
        link = re.search(r"https?://[^\s)>\]]+", str(meta["source"]))
        if link and web_url(link[0]):
            entry.source = link[0]


def _severity(text: str, entry: Entry) -> str | None:
    key = plain(text).lower()
    found = re.search(r"\b(?:sev|severity|p)\s*-?\s*([0-4])\b", key)
    if found:
        return f"sev{max(1, int(found[1]))}"
    for word, value in SEVERITY_WORDS.items():
        if re.search(rf"\b{re.escape(word)}\b", key):
            entry.notes.append(f"severity {text!r} read as {value}")
            return value
    entry.notes.append(f"severity {text!r} is not one of ours: left out")
    return None


def _minutes(text: str) -> int | None:
    parts = _DURATION.findall(text)
    if not parts:
        return None
    return round(sum(float(n) * _UNIT[u[0].lower()] for n, u in parts))


def _use(chunk: Section, entry: Entry) -> str | None:
    """Feed the entry from one chunk; the Markdown the body keeps of it (None: nothing)."""
    heading = "#" * chunk.level + " " + chunk.heading if chunk.level else ""
    text = chunk.text
    kind = chunk.kind
    if kind == "title":
        return text or None
    if kind == "summary" and text and entry.description is None:
        entry.description = first_sentence(text)
    elif kind == "impact" and text and entry.impact_summary is None:
        entry.impact_summary = shorten(_first_paragraph(text), MAX_FIELD)
    elif kind == "trigger" and text and entry.trigger is None:
        entry.trigger = first_sentence(_first_paragraph(text), 200)
    elif kind == "resolution" and text and entry.resolution is None:
        entry.resolution = first_sentence(_first_paragraph(text), 200)
    elif kind == "detection" and text and entry.detection is None:
        entry.detection = _detection(text, entry)
    elif kind == "timeline":
        return _kept(heading, _timeline(chunk.lines, entry))
    elif kind == "actions":
        return _kept(heading, _actions(chunk.lines, entry))
    elif kind == "lessons" and _lessons(chunk, entry):
        return heading or None
    if not text:
        return heading or None
    return "\n".join([heading, "", text]) if heading else text


def _kept(heading: str, lines: list[str]) -> str | None:
    text = "\n".join(lines).strip()
    if not text:
        return heading or None
    return "\n".join([heading, "", text]) if heading else text


def _first_paragraph(text: str) -> str:
    return re.split(r"\n[ \t]*\n", text.strip(), maxsplit=1)[0]


_DETECTIONS = {
    "alert": r"\b(alert(s|ed|ing)?|paged|pager|alarm|monitor(ing)?)\b",
    "customer-report": r"\b(customers?|users?) (reported|wrote|complained|called|told)|support tickets?\b",
    "dashboard": r"\bdashboards?\b|\bgraphs?\b",
    "vendor": r"\b(vendor|provider) (told|notified|reported)",
    "audit": r"\baudit",
    "test": r"\b(a|the|our) tests? (failed|caught|found)",
}


def _detection(text: str, entry: Entry) -> str | None:
    found = [
        kind
        for kind, pattern in _DETECTIONS.items()
        if any(
            not re.search(r"\b(no|not|never|without|nor)\W+(\w+\W+)?$", text[: m.start()], re.I)
            for m in re.finditer(pattern, text, re.I)
        )
    ]
    if len(found) == 1:
        entry.notes.append(f"detection: {found[0]}, from the Detection section's words")
        return found[0]
    return None


def _timeline(lines: list[str], entry: Entry) -> list[str]:
    """Table rows and list items with a time become timeline entries; the other lines stay."""
    left: list[str] = []
    table = read_table(lines)
    if table is not None:
        at_cols = table.columns("time", "date", "when", "timestamp", "at", "time utc")
        event_cols = table.columns(
            "event", "description", "what happened", "what", "action", "activity", "details"
        )
        if at_cols and event_cols:
            for row in table.rows:
                at = " ".join(plain(row[c]) for c in at_cols if c < len(row) and plain(row[c]))
                event = " ".join(
                    plain(row[c]) for c in event_cols if c < len(row) and plain(row[c])
                )
                if at and event:
                    entry.timeline.append(TimelineEntry(at, event))
                else:
                    left.append("| " + " | ".join(row) + " |")
            lines = [line for line in lines if not line.strip().startswith("|")]
    for line in lines:
        item = LIST_ITEM.match(line)
        content = item[1] if item else line.strip()
        found = _TIME.match(content) if content else None
        if found and plain(found[2]):
            entry.timeline.append(TimelineEntry(plain(found[1]), plain(found[2])))
        else:
            left.append(line)
    return left


def _status(text: str) -> str | None:
    low = plain(text).lower()
    if any(w in low for w in WONTFIX):
        return "wontfix"
    if any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", low) for w in DONE):
        return "done"
    if re.search(r"\b(open|todo|to do|in progress|planned|not started|pending|ongoing)\b", low):
        return "open"
    return None


def _actions(lines: list[str], entry: Entry) -> list[str]:
    """Action-item tables and lists become action items with their owner and status."""
    left: list[str] = []
    table = read_table(lines)
    if table is not None:
        text_cols = table.columns(
            "action",
            "action item",
            "item",
            "task",
            "description",
            "what",
            "title",
            "remediation",
            "follow up",
        )
        if text_cols:
            owner = table.columns("owner", "owners", "assignee", "who", "responsible", "team")
            status = table.columns("status", "state", "done", "progress")
            link = table.columns("link", "ticket", "bug", "issue", "jira", "tracking", "pr")
            other = [
                c for c in range(len(table.header)) if c not in (*text_cols, *owner, *status, *link)
            ]
            for row in table.rows:
                cell = _cells_of(row)
                what = cell(text_cols[:1])
                if not what:
                    left.append("| " + " | ".join(row) + " |")
                    continue
                extra = [
                    f"{table.header[c]}: {plain(row[c])}"
                    for c in other
                    if c < len(row) and plain(row[c])
                ]
                entry.action_items.append(
                    _action(
                        what,
                        cell(owner),
                        cell(status),
                        " ".join(row[c] for c in link if c < len(row)),
                        extra,
                        entry,
                    )
                )
            lines = [line for line in lines if not line.strip().startswith("|")]
    for line in lines:
        item = LIST_ITEM.match(line)
        if not item:
            left.append(line)
            continue
        content = item[1].strip()
        box = _CHECKBOX.match(content)
        state = ""
        if box:
            state, content = ("done" if box[1] in "xX" else "open"), box[2]
        owner = _OWNER.search(content)
        who = owner[1].strip() if owner else ", ".join(_HANDLE.findall(content))
        what = _OWNER.sub("", content) if owner else _HANDLE.sub(r"\1", content)
        url = re.search(r"https?://[^\s)>\]]+", what)
        entry.action_items.append(
            _action(what, who, state or what, url[0] if url else "", [], entry)
        )
    return left


def _cells_of(row: list[str]):
    def cell(cols: list[int]) -> str:
        return " ".join(plain(row[c]) for c in cols if c < len(row)).strip()

    return cell


def _action(
    what: str, owner: str, status: str, link: str, extra: list[str], entry: Entry
) -> ActionItem:
    text = plain(
        re.sub(
            r"\s*[\[(]?\b(done|open|todo|in progress|won't fix|wontfix)\b[\])]?\s*$",
            "",
            what,
            flags=re.I,
        )
    )
    text = text.strip(" -\u2013\u2014:;,") or plain(what)
    details = ([f"owner: {owner}"] if owner else []) + extra
    ticket = plain(link)
    url = next((u for u in re.findall(r"https?://[^\s)>\]]+", link) if web_url(u)), None)
    if ticket and not url:
        details.append(f"ticket: {ticket}")
    if details:
        text += f" ({'; '.join(details)})"
    return ActionItem(text, _status(status) or "open", url)


NOT_LESSONS = ("what went well", "things that went well")  # kept in the body only


def _lessons(chunk: Section, entry: Entry) -> bool:
    """List items become lessons; True when the section held nothing else (it leaves the body)."""
    if _key(chunk.heading) in NOT_LESSONS:
        return False
    items = []
    only_items = True
    for line in chunk.lines:
        item = LIST_ITEM.match(line)
        if item and plain(item[1]):
            items.append(plain(item[1]))
        elif line.strip():
            only_items = False
    fits = _add_lessons(items, entry)
    return only_items and fits


def _add_lessons(items: list[str], entry: Entry) -> bool:
    """Add lessons; True when all fit in the five the front matter holds."""
    entry.lessons += items
    return len(entry.lessons) <= 5

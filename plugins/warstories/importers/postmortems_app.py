"""The postmortems.app corpus format: YAML front matter (url, company, summary, categories, times) over prose."""

from __future__ import annotations

import datetime
from typing import Any

from warstories.core.model import PartialDate
from warstories.core.yamlsource import load
from warstories.importers.dates import read_date, read_instant
from warstories.importers.entry import Entry, Failure
from warstories.importers.markup import md_link, md_text, web_url
from warstories.importers.text import first_sentence, html_to_markdown, plain, shorten

# Their categories in our vocabulary; `undescriptive` (and the old `postmortem`) say nothing.
CATEGORY_MAP = {
    "automation": "automation",
    "cascading-failure": "cascades",
    "cloud": "dependencies",
    "config-change": "configuration",
    "hardware": "hardware",
    "security": "security",
    "time": "time",
}
NO_CATEGORY = ("undescriptive", "postmortem")
KNOWN = (
    "uuid",
    "url",
    "title",
    "company",
    "product",
    "summary",
    "keywords",
    "categories",
    "start_time",
    "end_time",
    "source_published_at",
    "archive_url",
)
MAX_TAG = 40


def read(text: str, origin: str) -> list[Entry | Failure]:
    """One entry for the file, or the failures that stop it (no front matter, broken YAML)."""
    loaded = load(text)
    if loaded.errors:
        if any("no front matter" in m for _, m in loaded.errors):
            return [
                Failure(
                    origin,
                    1,
                    "no front matter: a postmortems.app file starts with a `---` line, keys such "
                    "as `url:` and `company:`, and another `---`",
                )
            ]
        return [Failure(origin, line, message) for line, message in loaded.errors]
    values = loaded.values
    entry = Entry(origin, 1)
    company = _text(values.get("company"))
    product = _text(values.get("product"))
    summary = _text(values.get("summary"))
    body = html_to_markdown(loaded.body.strip())
    if body != loaded.body.strip():
        entry.notes.append("HTML in the body was turned into Markdown")

    title = _text(values.get("title"))
    if title:
        entry.title = title
    else:
        entry.title = _made_up_title(company, product, summary or body)
        entry.title_is_ours = True
        entry.to_write.append(f"the source has no title: check the one made up, {entry.title!r}")

    if summary:
        entry.description = first_sentence(summary)
    elif body:
        entry.description = first_sentence(body)
        entry.to_write.append(
            "the source has no summary: check the description taken from the body"
        )
    else:
        entry.to_write.append("the source has neither a summary nor a body: write the story")

    url = values.get("url")
    archive = values.get("archive_url")
    if web_url(url):
        entry.source = web_url(url)
    elif web_url(archive):
        entry.source = web_url(archive)
        entry.notes.append("source: the archived copy (the file has no usable `url`)")
    if url and not web_url(url):
        entry.notes.append(f"url {str(url)!r} is not a web address: kept in the body only")
    entry.other_urls = [u for u in (web_url(url), web_url(archive)) if u]

    entry.tags = _tags(values.get("keywords"), entry)
    _categories(values.get("categories"), entry)
    start, end = _times(values, entry)
    published = _moment(values.get("source_published_at"))
    if start is not None:
        entry.date = PartialDate(start.year, start.month, start.day)
    elif values.get("start_time") not in (None, "") and isinstance(values.get("start_time"), str):
        entry.date, note = read_date(values["start_time"])
        if note:
            entry.notes.append(f"start_time: {note}")
    if entry.date is None and published is not None:
        entry.date = PartialDate(published.year, published.month)
        entry.notes.append("date: from source_published_at (when it was published), to the month")
    if start is not None and end is not None:
        if end >= start:
            entry.duration_minutes = round((end - start).total_seconds() / 60)
        else:
            entry.notes.append("end_time is before start_time: no duration; both kept in the body")

    sections = []
    if summary and plain(summary) != entry.description:
        sections.append("## Summary\n\n" + html_to_markdown(summary).strip())
    if body:
        sections.append(body)
    entry.body = "\n\n".join(sections) + "\n" if sections else ""
    entry.appendix = _source_section(values, company, product, start, end, published)
    extra = [k for k in values if k not in KNOWN]
    if extra:
        entry.notes.append(
            "keys with no place in a story, kept in the body's Source section: " + ", ".join(extra)
        )
    return [entry]


def _text(value: Any) -> str:
    if value is None or isinstance(value, (list, dict)):
        return ""
    return plain(str(value))


def _made_up_title(company: str, product: str, text: str) -> str:
    what = first_sentence(text, 70) if text else "an incident"
    who = company + (f" ({product})" if product and product != company else "")
    return shorten(f"{who}: {what}" if who else what, 150)


def _tags(value: Any, entry: Entry) -> list[str]:
    words = value if isinstance(value, list) else str(value).split(",") if value else []
    tags: dict[str, str] = {}
    for word in words:
        if isinstance(word, (dict, list)) or word is None:
            continue
        tag = plain(str(word)).strip(" ,;")
        if not tag:
            continue
        if len(tag) > MAX_TAG:
            entry.notes.append(f"keyword {tag[:60]!r} is too long for a tag: kept in the body")
            continue
        tags.setdefault(tag.lower(), tag)
    return list(tags.values())


def _categories(value: Any, entry: Entry) -> None:
    words = value if isinstance(value, list) else [value] if value else []
    for word in words:
        key = str(word).strip().lower()
        if key in CATEGORY_MAP:
            entry.category_words.append(CATEGORY_MAP[key])
        elif key and key not in NO_CATEGORY:
            entry.category_words.append(key)  # perhaps one of ours or an alias; checked later


def _moment(value: Any) -> datetime.datetime | None:
    if isinstance(value, datetime.datetime):
        return value if value.tzinfo else value.replace(tzinfo=datetime.timezone.utc)
    if isinstance(value, datetime.date):
        return datetime.datetime(value.year, value.month, value.day, tzinfo=datetime.timezone.utc)
    if isinstance(value, str):
        return read_instant(value)
    return None


def _times(
    values: dict[str, Any], entry: Entry
) -> tuple[datetime.datetime | None, datetime.datetime | None]:
    found = []
    for key in ("start_time", "end_time"):
        raw = values.get(key)
        moment = _moment(raw)
        if moment is None and raw not in (None, ""):
            entry.notes.append(f"{key} {str(raw)!r} is not an ISO date-time: kept in the body")
        found.append(moment)
    return found[0], found[1]


def _when(raw: Any, moment: datetime.datetime | None) -> str:
    if moment is not None:
        return moment.strftime("%Y-%m-%d %H:%M UTC")
    return md_text(raw)


def _source_section(
    values: dict[str, Any],
    company: str,
    product: str,
    start: datetime.datetime | None,
    end: datetime.datetime | None,
    published: datetime.datetime | None,
) -> str:
    """Everything of the source that has no field of ours, as a list under `## Source`."""
    lines = []
    if company:
        lines.append(f"- Company: {md_text(company)}")
    if product:
        lines.append(f"- Product: {md_text(product)}")
    if values.get("url"):
        lines.append(f"- Original: {md_link(values['url'])}")
    if values.get("archive_url"):
        lines.append(f"- Archived copy: {md_link(values['archive_url'])}")
    if values.get("source_published_at") not in (None, ""):
        lines.append(f"- Published: {_when(values['source_published_at'], published)}")
    if values.get("start_time") not in (None, ""):
        lines.append(f"- Started: {_when(values['start_time'], start)}")
    if values.get("end_time") not in (None, ""):
        lines.append(f"- Ended: {_when(values['end_time'], end)}")
    categories = values.get("categories")
    if categories:
        shown = categories if isinstance(categories, list) else [categories]
        lines.append("- postmortems.app categories: " + ", ".join(md_text(c) for c in shown))
    keywords = values.get("keywords")
    if keywords:
        shown = keywords if isinstance(keywords, list) else [keywords]
        lines.append("- Keywords: " + ", ".join(md_text(k) for k in shown))
    if values.get("uuid"):
        lines.append(f"- postmortems.app id: {md_text(values['uuid'])}")
    for key, value in values.items():
        if key not in KNOWN and value not in (None, ""):
            lines.append(f"- {md_text(key)}: {md_text(value)}")
    return "## Source\n\n" + "\n".join(lines)

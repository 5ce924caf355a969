"""A Story written back as a story file, so tools can create or rewrite stories that parse the same."""

from __future__ import annotations

from typing import Any

import yaml

from warstories.core.model import Story


def front_matter(story: Story) -> dict[str, Any]:
    """The story's keys and values as its front matter holds them, leaving out the defaults."""
    data: dict[str, Any] = {
        "title": story.title,
        "description": story.description,
        "category": story.category,
    }
    if story.date is not None:
        data["date"] = str(story.date)
    if story.severity is not None:
        data["severity"] = story.severity.value
    optional: dict[str, Any] = {
        "tags": list(story.tags),
        "lessons": list(story.lessons),
        "image": f"/{story.image}" if story.image else None,  # from the stories folder
        "imagealt": story.imagealt,
        "authors": list(story.authors),
        "impact": _impact(story),
        "detection": story.detection,
        "escaped_because": list(story.escaped_because),
        "contributing": list(story.contributing),
        "trigger": story.trigger,
        "resolution": story.resolution,
        "timeline": [{"at": t.at, "event": t.event} for t in story.timeline],
        "action_items": [_action(a.text, a.status, a.link) for a in story.action_items],
        "related": list(story.related),
        "recurrence_of": story.recurrence_of,
        "featured": story.featured or None,
        "draft": story.draft or None,
        "source": story.source,
    }
    data.update((k, v) for k, v in optional.items() if v not in (None, []))
    return data


def _impact(story: Story) -> dict[str, Any] | None:
    impact = story.impact
    if impact.is_empty():
        return None
    data: dict[str, Any] = {}
    if impact.duration_minutes is not None:
        data["duration"] = impact.duration_minutes
    if impact.users is not None:
        data["users"] = impact.users
    if impact.cost is not None:
        cost = impact.cost
        data["cost"] = (
            cost.text
            if cost.text is not None
            else {"amount": cost.amount, "currency": cost.currency}
        )
    if impact.summary is not None:
        data["summary"] = impact.summary
    return data


def _action(text: str, status: str, link: str | None) -> dict[str, Any]:
    action: dict[str, Any] = {"text": text, "status": status}
    if link is not None:
        action["link"] = link
    return action


def dump_story(story: Story) -> str:
    """The story file's text: front matter (YAML that quotes what YAML 1.1 would misread), body."""
    block = yaml.safe_dump(
        front_matter(story),
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=float("inf"),
    )
    return f"---\n{block}---\n{story.body.removeprefix(chr(10))}"

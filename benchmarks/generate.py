"""Writes a deterministic site of N realistic war stories, so builds can be timed at any size.

Usage: python benchmarks/generate.py N OUTDIR [--seed S]

OUTDIR gets a complete site: mkdocs.yml (the repository's own configuration, pointing at the
repository's theme_overrides by absolute path) and stories/<category>/<slug>.md. The same N and
seed always give byte-identical files.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from pathlib import Path
from typing import Any

import yaml
from warstories.analysis.category_fit import reads_more_like
from warstories.core.parse import parse_story
from warstories.core.taxonomy import Taxonomy

REPO = Path(__file__).resolve().parents[1]
THEME_OVERRIDES = REPO / "theme_overrides"

CATEGORIES = (
    "configuration",
    "deployment",
    "scale",
    "concurrency",
    "consistency",
    "real-data",
    "time",
    "environment",
    "dependencies",
    "cascades",
    "error-handling",
    "automation",
    "hardware",
    "security",
)

# About 60 tags; drawn with Zipf-like weights so a few are everywhere and most are rare.
TAGS = (
    "postgres", "kubernetes", "dns", "retries", "timeouts", "kafka", "redis", "aws", "cron",
    "terraform", "cache", "tls", "load-balancer", "mysql", "deploys", "feature-flags", "queues",
    "idempotency", "monitoring", "alerting", "java", "python", "go", "node", "nginx", "cdn",
    "s3", "disk", "memory", "cpu", "connection-pool", "replication", "failover", "backups",
    "migrations", "schema", "payments", "auth", "oauth", "certificates", "dst", "time-zones",
    "ntp", "elasticsearch", "mongodb", "rabbitmq", "grpc", "http2", "iam", "secrets", "vault",
    "ci", "ansible", "autoscaling", "rate-limiting", "circuit-breaker", "logging", "gc",
    "unicode", "power",
)  # fmt: skip
TAG_WEIGHTS = tuple(1 / (rank + 1) ** 0.9 for rank in range(len(TAGS)))

SEVERITIES = ("sev1", "sev2", "sev3", "sev4", "near-miss")
SEVERITY_WEIGHTS = (1, 3, 4, 2, 2)
DETECTION = ("alert", "dashboard", "customer-report", "internal-report", "engineer", "test", "audit", "vendor")  # fmt: skip
ESCAPED = ("scale", "environment", "concurrency", "real-data", "config", "third-party", "timing", "rare-path", "no-test")  # fmt: skip

SERVICES = (
    "billing", "checkout", "search", "auth", "inventory", "notifications", "ledger", "payments",
    "recommendations", "ingest", "reporting", "gateway", "scheduler", "media", "profile",
)  # fmt: skip
THINGS = (
    "connection pool", "retry loop", "cron job", "feature flag", "replica", "migration",
    "certificate", "load balancer", "health check", "consumer group", "cache", "rate limiter",
    "deploy script", "DNS record", "disk", "queue", "lock", "autoscaler", "backup job", "index",
)  # fmt: skip
VERBS = (
    "ran twice", "filled up", "expired", "stopped answering", "served stale data",
    "deleted the wrong rows", "locked every writer", "flapped for an hour", "ignored its timeout",
    "doubled the load", "went read-only", "dropped messages", "paged nobody", "drifted apart",
)  # fmt: skip
FIRST = ("Ana", "Bilal", "Chen", "Dana", "Emeka", "Fatima", "Gustav", "Hana", "Ivan", "Jonas",
         "Kiri", "Leila", "Mateo", "Nadia", "Omar", "Priya", "Rosa", "Sven", "Tomás", "Yuki")  # fmt: skip
LAST = ("Okafor", "Lindqvist", "Tanaka", "Herrera", "Whitfield", "Novak", "Haddad", "Kowalski",
        "Mensah", "Sato", "Brennan", "Duarte", "Fischer", "Ivanova", "Rao")  # fmt: skip

SENTENCES = (
    "The {service} service depends on a {thing} that nobody had looked at in two years.",
    "Under normal traffic the {thing} behaved, so the dashboards stayed green for most of the morning.",
    "At {hour}:{minute:02d} the on-call engineer noticed error rates in {service} climbing past {pct}%.",
    "Staging never showed the problem because it holds about {pct} thousand rows instead of {big} million.",
    "We first suspected the network, which cost us {minutes} minutes of looking in the wrong place.",
    "The {thing} {verb}, and every request that touched it waited for a timeout of {seconds} seconds.",
    "Retries from the clients multiplied the load by roughly {factor}, which made recovery slower.",
    "A rollback was not possible because the {thing} had already changed data in place.",
    "The runbook described the old topology, so the first two steps did nothing useful.",
    "Once we drained traffic from the {service} pods, latency fell back to normal within minutes.",
    "Customers noticed before we did: support received {big} tickets in the first hour.",
    "The fix itself was one line; finding the line took most of the afternoon.",
    "Our tests used a mocked {thing}, and the mock never {verb}.",
    "In the review we found the same pattern in {small} other services, none of them tested.",
    "Nobody had written down why the limit was {big}, so nobody dared to change it.",
    "Logs were sampled at one percent, which hid the first failures among healthy requests.",
    "The alert fired, but it routed to a channel that had been archived in the last reorganisation.",
    "We added a canary that exercises the {thing} every five minutes and pages when it fails.",
    "The incident commander split the team: one pair mitigated, one pair looked for the cause.",
    "Afterwards we replayed a day of production traffic against staging and saw the {thing} fail the same way.",
)  # fmt: skip
HEADINGS = ("What happened", "Why it happened", "How we found it", "What we changed", "Why testing missed it")  # fmt: skip
LESSONS = (
    "Test the failure path, not only the happy path.",
    "A limit nobody can explain is a limit nobody will raise in time.",
    "Retries without jitter turn a blip into an outage.",
    "Staging data should look like production data, at least in shape.",
    "Alert on symptoms users feel, then route the alert to a person.",
    "Make every side effect idempotent before adding retries.",
    "Write down the topology the runbook assumes, and check it quarterly.",
    "Roll out config changes as carefully as code changes.",
    "Expiry dates belong on a calendar that pages someone.",
    "Prefer a slow safe default over a fast surprising one.",
    "Sampling hides the first failures; keep errors unsampled.",
    "A mock that never fails teaches nothing about failure.",
)  # fmt: skip
CODE = (
    (
        "python",
        "for attempt in range(retries):\n    try:\n        return client.call(request, timeout={seconds})\n    except TimeoutError:\n        time.sleep(2 ** attempt)  # no jitter\n",
    ),
    (
        "sql",
        "UPDATE accounts\n   SET balance = balance - {big}\n WHERE id IN (SELECT id FROM pending)\n   AND processed_at IS NULL;\n",
    ),
    (
        "yaml",
        "resources:\n  limits:\n    memory: {big}Mi\n  requests:\n    memory: {small}Mi\nreplicas: {small}\n",
    ),
    (
        "bash",
        "for host in $(cat hosts.txt); do\n  ssh \"$host\" 'sudo systemctl restart {service}'\ndone\n",
    ),
    (
        "go",
        "ctx, cancel := context.WithTimeout(ctx, {seconds}*time.Second)\ndefer cancel()\nrows, err := db.QueryContext(ctx, query)\nif err != nil {{\n    return nil // the error is dropped here\n}}\n",
    ),
)


def generate(root: Path, n: int, seed: int = 0) -> Path:
    """Write a complete site of `n` stories under `root` and return the path of its mkdocs.yml."""
    root = Path(root)
    rng = random.Random(seed)
    taxonomy = Taxonomy.default()
    stories = root / "stories"
    if stories.exists():
        shutil.rmtree(stories)
    stories.mkdir(parents=True)
    slugs: list[str] = []
    for i in range(n):
        category = (
            CATEGORIES[i % len(CATEGORIES)] if i < len(CATEGORIES) else rng.choice(CATEGORIES)
        )
        slug = f"{rng.choice(SERVICES)}-{rng.choice(THINGS).replace(' ', '-').lower()}-{i:05d}"
        front = _front_matter(rng, i, slugs)
        body = _body(rng)
        text = _story_file(front, body)
        path = stories / category / f"{slug}.md"
        also = _reads_like(f"{category}/{slug}.md", text, taxonomy)
        if also:  # random sentences under a random category: say what the words read like
            front["contributing"] = sorted({*front.get("contributing", ()), also})
            text = _story_file(front, body)
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        slugs.append(slug)
    config = root / "mkdocs.yml"
    config.write_text(site_config(), encoding="utf-8")
    return config


def _story_file(front: dict[str, Any], body: str) -> str:
    return "---\n" + "".join(f"{k}: {_yaml(v)}\n" for k, v in front.items()) + "---\n\n" + body


def _reads_like(path: str, text: str, taxonomy: Taxonomy) -> str | None:
    """The category `warstories check` would say the story reads much more like, if any."""
    story = parse_story(path, text.encode("utf-8"), taxonomy).story
    return reads_more_like(story, taxonomy) if story else None


def site_config() -> str:
    """The repository's mkdocs.yml with the docs folder and theme overrides made absolute."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["site_name"] = "War stories (benchmark)"
    config["docs_dir"] = "stories"
    config.pop("site_url", None)
    config.setdefault("theme", {})["custom_dir"] = str(THEME_OVERRIDES)
    for key in ("nav", "exclude_docs", "not_in_nav", "watch"):
        config.pop(key, None)
    return yaml.safe_dump(config, sort_keys=False, allow_unicode=True)


def _front_matter(rng: random.Random, i: int, earlier: list[str]) -> dict[str, Any]:
    service, thing, verb = rng.choice(SERVICES), rng.choice(THINGS), rng.choice(VERBS)
    year = 2016 + rng.randrange(10)
    front: dict[str, Any] = {
        "title": f"The {service} {thing} that {verb} (#{i})",
        "description": f"How the {thing} behind {service} {verb}, and what we changed so it cannot happen quietly again.",
        "date": rng.choice(
            (f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",) * 6
            + (f"{year}-{rng.randint(1, 12):02d}", str(year))
        ),
        "severity": rng.choices(SEVERITIES, SEVERITY_WEIGHTS)[0],
        "tags": sorted(set(rng.choices(TAGS, TAG_WEIGHTS, k=rng.randint(2, 6)))),
        "authors": [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(rng.randint(1, 3))],
        "lessons": rng.sample(LESSONS, rng.randint(1, 4)),
    }
    if rng.random() < 0.7:
        front["impact"] = {
            "duration": f"{rng.randint(0, 9)}h{rng.randint(1, 59):02d}m",
            "users": rng.randint(10, 500_000),
            "cost": {"amount": rng.randint(1, 900) * 100, "currency": rng.choice(("USD", "EUR", "GBP"))},
            "summary": f"{rng.randint(2, 95)}% of {service} requests failed while the {thing} was broken.",
        }  # fmt: skip
    if rng.random() < 0.6:
        front["detection"] = rng.choice(DETECTION)
        front["escaped_because"] = sorted(set(rng.choices(ESCAPED, k=rng.randint(1, 3))))
    if rng.random() < 0.4:
        front["contributing"] = sorted(set(rng.choices(CATEGORIES, k=rng.randint(1, 2))))
    if rng.random() < 0.5:
        front["trigger"] = f"A routine change to the {thing} in {service}."
        front["resolution"] = f"Rolled back the change and added a check for the {thing}."
    if rng.random() < 0.35:
        hour = rng.randint(0, 20)
        front["timeline"] = [
            {
                "at": f"{hour + k:02d}:{rng.randint(0, 59):02d}",
                "event": rng.choice(SENTENCES).format(**_fill(rng, service, thing, verb)),
            }
            for k in range(rng.randint(3, 6))
        ]
    if rng.random() < 0.4:
        front["action_items"] = [
            {
                "text": f"Add a test where the {rng.choice(THINGS)} fails",
                "status": rng.choice(("open", "done", "wontfix")),
            }
            for _ in range(rng.randint(1, 4))
        ]
    if earlier and rng.random() < 0.15:
        front["related"] = sorted(set(rng.choices(earlier, k=rng.randint(1, 2))))
    if rng.random() < 0.03:
        front["featured"] = True
    return front


def _fill(rng: random.Random, service: str, thing: str, verb: str) -> dict[str, Any]:
    return {
        "service": service,
        "thing": thing,
        "verb": verb,
        "hour": rng.randint(0, 23),
        "minute": rng.randint(0, 59),
        "pct": rng.randint(2, 60),
        "big": rng.randint(100, 9000),
        "small": rng.randint(2, 9),
        "minutes": rng.randint(10, 90),
        "seconds": rng.randint(5, 60),
        "factor": rng.randint(3, 12),
    }


def _paragraph(rng: random.Random, service: str, thing: str, verb: str) -> str:
    count = rng.randint(4, 7)
    return " ".join(rng.choice(SENTENCES).format(**_fill(rng, service, thing, verb)) for _ in range(count))  # fmt: skip


def _body(rng: random.Random) -> str:
    """About 400-900 words: headings, paragraphs, a list, a table and a fenced code block."""
    service, thing, verb = rng.choice(SERVICES), rng.choice(THINGS), rng.choice(VERBS)
    parts: list[str] = []
    sections = rng.randint(4, 5)
    for index, heading in enumerate(HEADINGS[:sections]):
        parts.append(f"## {heading}\n")
        for _ in range(rng.randint(1, 2)):
            parts.append(_paragraph(rng, service, thing, verb) + "\n")
        if index == 1:
            lang, code = rng.choice(CODE)
            parts.append(f"```{lang}\n{code.format(**_fill(rng, service, thing, verb))}```\n")
        if index == 2:
            rows = "".join(
                f"| {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d} | {rng.choice(SERVICES)} | {rng.randint(1, 99)}% |\n"
                for _ in range(rng.randint(3, 6))
            )
            parts.append("| time | service | error rate |\n|---|---|---|\n" + rows)
        if index == 3:
            items = "".join(f"- {lesson}\n" for lesson in rng.sample(LESSONS, rng.randint(3, 5)))
            parts.append(items)
    return "\n".join(parts)


def _yaml(value: Any) -> str:
    """One front-matter value as YAML flow text; JSON strings are quoted YAML, so nothing is coerced."""
    return json.dumps(value, ensure_ascii=False)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of stories")
    parser.add_argument("outdir", type=Path, help="folder for mkdocs.yml and stories/")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    config = generate(args.outdir, args.n, args.seed)
    print(f"wrote {args.n} stories and {config}")


if __name__ == "__main__":
    main()

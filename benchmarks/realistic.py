"""A deterministic corpus of realistic war stories with known categories, concepts and queries.

Usage: python benchmarks/realistic.py OUTDIR [--n 280] [--seed S]

Each story is drawn from a template of a real kind of failure (DNS, certificate expiry, leap
seconds, daylight saving, config pushes, cloud region and CDN outages, out of memory, full
disks, Kubernetes, deadlocks, replication lag, BGP, migrations), written in our own words.
Every sentence knows which concepts it mentions, so each story knows the concepts a reader
would find it by; neutral filler sentences mention none. Tags carry the near-duplicates real
contributors write (`datacenter` / `data center`, singular and plural, case).

Importable: `stories(n, seed)` gives the `RealStory` list, `QUERIES` / `queries(corpus)` the
queries with the stories each must find, and `write_site(root, corpus)` a buildable site. The
category is known for every story (`RealStory.category`), for classifier accuracy too.
"""

from __future__ import annotations

import argparse
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

try:
    from generate import site_config
except ImportError:  # imported as benchmarks.realistic
    from benchmarks.generate import site_config

SERVICES = (
    "billing", "checkout", "ledger", "search", "auth", "inventory", "notifications", "payments",
    "reporting", "gateway", "scheduler", "media", "profile", "shipping", "pricing",
)  # fmt: skip

# Neutral sentences: true of many incidents, and none names a concept a query looks for.
FILLER = (
    "The on-call engineer was paged at {hour}:{minute:02d} and joined the incident call within minutes.",
    "Error rates in {service} climbed past {pct}% before anyone had a theory.",
    "Customers noticed before we did: support had {big} tickets in the first hour.",
    "The runbook described the old topology, so its first two steps did nothing useful.",
    "We spent {minutes} minutes looking in the wrong place before the graphs made sense.",
    "The fix itself was small; finding it took most of the afternoon.",
    "The incident commander split the team: one pair mitigated, one pair looked for the cause.",
    "In the review we found the same pattern in {small} other services.",
    "Nobody had written down why it worked this way, so nobody dared to change it.",
    "Retries from the clients multiplied the load by about {small}, which slowed recovery.",
)  # fmt: skip


@dataclass(frozen=True)
class Kind:
    """One kind of failure: its category, what its stories say, and the concepts each line names."""

    key: str
    category: str
    titles: tuple[str, ...]
    descriptions: tuple[str, ...]
    lines: tuple[tuple[str, frozenset[str]], ...]  # (sentence, concepts it mentions)
    tags: tuple[tuple[str, ...], ...]  # each tuple: spellings contributors use for one tag
    concepts: frozenset[str]  # what every story of the kind is about (its title says it)


def _k(*concepts: str) -> frozenset[str]:
    return frozenset(concepts)


KINDS = (
    Kind(
        "dns", "dependencies",
        ("The resolver that forgot {service}", "NXDOMAIN for {service} after a DNS change",
         "A DNS TTL that kept {service} pointing at the old load balancer"),
        ("A DNS record for {service} changed and resolvers kept the old answer for hours.",
         "Our DNS provider returned NXDOMAIN for the {service} zone after a delegation change."),
        (("The DNS record for {service} was changed with a TTL of {big} seconds still cached everywhere.", _k("dns")),
         ("Resolvers inside the cluster answered NXDOMAIN while public resolvers were fine.", _k("dns")),
         ("The zone delegation pointed at name servers we had shut down a week earlier.", _k("dns")),
         ("We lowered the DNS TTL to sixty seconds a day before any future move.", _k("dns")),
         ("`dig +trace` showed the delegation break in one line once someone ran it.", _k("dns"))),
        (("dns", "DNS"), ("resolver", "resolvers"), ("nameserver",)),
        _k("dns"),
    ),
    Kind(
        "cert", "time",
        ("The certificate for {service} expired on a Sunday", "An expired intermediate certificate broke {service}",
         "TLS handshakes to {service} failed at midnight"),
        ("A TLS certificate expired and every client of {service} refused to connect.",
         "The intermediate certificate in the chain expired while the leaf was still valid."),
        (("The TLS certificate on the {service} load balancer expired at 00:00 UTC.", _k("certificate", "tls")),
         ("Clients failed the handshake with `certificate has expired` in their logs.", _k("certificate")),
         ("The renewal job had been failing silently for {small} weeks because its token was revoked.", _k("certificate")),
         ("We now alert thirty days before any certificate expires, with an owner on the alert.", _k("certificate")),
         ("Older Android clients did not trust the new root, so part of the fleet kept failing.", _k("certificate"))),
        (("tls", "TLS"), ("certificates", "certificate", "certs"), ("expiry",)),
        _k("certificate"),
    ),
    Kind(
        "leap", "time",
        ("The leap second that froze {service}", "A leap second spun every {service} CPU to 100%"),
        ("A leap second inserted at midnight made the kernel timer loop and {service} stopped.",
         "The clock repeated a second and {service} computed negative durations."),
        (("At 23:59:60 UTC the leap second was inserted and {service} threads spun on futex calls.", _k("leap-second", "clock")),
         ("NTP delivered the leap second correctly; the kernel version was the problem.", _k("leap-second", "ntp")),
         ("Durations measured with the wall clock came out negative for one second.", _k("clock")),
         ("We moved to leap smearing on our NTP servers so the clock never repeats a second.", _k("leap-second", "ntp")),
         ("Setting the date by hand cleared the spinning, which pointed at the clock code.", _k("clock"))),
        (("leap-second", "leap seconds", "leapsecond"), ("ntp", "NTP"), ("time",)),
        _k("leap-second"),
    ),
    Kind(
        "dst", "time",
        ("The {service} cron job ran twice when the clocks went back", "Daylight saving skipped an hour of {service} jobs"),
        ("The daylight saving change ran the nightly {service} job twice.",
         "When clocks went forward the 02:30 run of {service} never happened."),
        (("The scheduler used local time, so the daylight saving change repeated the 01:30 run.", _k("dst")),
         ("Every customer was charged twice for the night of the DST change.", _k("dst")),
         ("We moved every schedule to UTC and show local time only in the interface.", _k("dst")),
         ("A test with a fake clock across the DST boundary now runs in CI.", _k("dst"))),
        (("cron",), ("dst", "DST", "daylight-saving"), ("time-zones", "timezones", "time zone")),
        _k("dst"),
    ),
    Kind(
        "push", "configuration",
        ("A global config push took down {service}", "One bad configuration file reached every {service} host at once"),
        ("A configuration change was pushed to every region at once and {service} crashed on load.",
         "A feature flag meant for one region was applied globally to {service}."),
        (("The config push went to every host in {minutes} seconds with no canary stage.", _k("config-push")),
         ("The new configuration parsed fine but held a regular expression that used all CPU.", _k("config-push")),
         ("A feature flag flipped for all customers instead of one percent.", _k("feature-flag")),
         ("Rolling the configuration back needed the same push system that was now overloaded.", _k("config-push")),
         ("Configuration now rolls out region by region with an automatic stop on errors.", _k("config-push"))),
        (("config", "configuration"), ("config-push", "config push"), ("feature-flags", "feature flag", "Feature-Flags")),
        _k("config-push"),
    ),
    Kind(
        "region", "dependencies",
        ("A cloud region outage stranded {service}", "When one availability zone went dark, {service} went with it"),
        ("Our cloud provider lost a region for {small} hours and {service} had no second home.",
         "Power failed in one data center and {service} had every replica in it."),
        (("The provider's status page said degraded for an hour before it said outage.", _k("cloud")),
         ("Every {service} replica lived in one availability zone of the region.", _k("cloud", "availability-zone")),
         ("The data center lost power and its generators failed to start.", _k("data-center")),
         ("Failover to the second region needed a DNS change nobody had rehearsed.", _k("dns", "cloud")),
         ("We now run game days that take a whole zone away.", _k("availability-zone"))),
        (("aws", "AWS"), ("cloud",), ("data-center", "datacenter", "data center", "Data Centers")),
        _k("cloud"),
    ),
    Kind(
        "cdn", "dependencies",
        ("The CDN served an error page for {service}", "An edge cache kept {service}'s broken page for hours"),
        ("Our CDN cached a 500 page and served it to every visitor of {service}.",
         "A purge at the CDN failed and stale {service} assets stayed at the edge."),
        (("The CDN cached the error response because it carried a long max-age header.", _k("cdn")),
         ("Purging the edge cache took {minutes} minutes to reach every point of presence.", _k("cdn")),
         ("The vendor API for purges was rate limited during their own incident.", _k("cdn")),
         ("Error responses now carry `Cache-Control: no-store`.", _k("cdn"))),
        (("cdn", "CDN"), ("cache", "caches", "caching")),
        _k("cdn"),
    ),
    Kind(
        "oom", "scale",
        ("{service} pods were OOMKilled under a batch import", "The {service} heap that grew until the kernel stepped in"),
        ("The {service} process ran out of memory whenever a large import arrived.",
         "A cache without a bound filled the {service} heap until the OOM killer ended it."),
        (("The kernel's OOM killer ended the {service} process at {hour}:{minute:02d}.", _k("oom")),
         ("Pods showed OOMKilled in their status and restarted in a loop.", _k("oom", "kubernetes")),
         ("The heap grew by {small} GB per hour because the cache had no size limit.", _k("memory")),
         ("Out of memory errors began when the import sent files larger than {big} MB.", _k("oom")),
         ("The cache is now bounded and the import streams instead of loading whole files.", _k("memory"))),
        (("memory",), ("oom", "OOM"), ("java",)),
        _k("oom"),
    ),
    Kind(
        "disk", "scale",
        ("The {service} disk filled with logs", "No space left on device on the {service} database host"),
        ("Debug logging filled the {service} disk and the database stopped accepting writes.",
         "The {service} volume ran out of inodes while df still showed free space."),
        (("The disk reached 100% at {hour}:{minute:02d} and writes failed with `No space left on device`.", _k("disk")),
         ("Millions of tiny files used every inode while bytes were still free.", _k("disk", "inode")),
         ("Log rotation was configured but its cron entry had been removed.", _k("disk")),
         ("We alert at 80% disk and at 80% of inodes now.", _k("disk", "inode"))),
        (("disk", "disks"), ("logging", "logs")),
        _k("disk"),
    ),
    Kind(
        "k8s", "environment",
        ("{service} ran in staging but not in the production Kubernetes cluster", "A k8s node upgrade evicted every {service} pod"),
        ("The production Kubernetes cluster ran a newer version than staging and {service} broke.",
         "A k8s node pool upgrade drained every {service} pod at once."),
        (("Staging ran Kubernetes {small}.2 while production had moved to {small}.4.", _k("kubernetes")),
         ("The pod disruption budget was missing, so the k8s upgrade evicted every replica.", _k("kubernetes")),
         ("A deprecated API version was still used by the {service} manifests.", _k("kubernetes")),
         ("Both clusters are now built from one definition and diffed weekly.", _k("environment-drift"))),
        (("kubernetes", "Kubernetes", "k8s"), ("staging",)),
        _k("kubernetes"),
    ),
    Kind(
        "deadlock", "concurrency",
        ("A deadlock between two {service} jobs", "Two {service} transactions waited for each other all night"),
        ("Two {service} jobs took the same locks in opposite order and deadlocked.",
         "A lock held across a network call blocked every {service} writer."),
        (("Job A locked the orders table then the invoices table; job B did the reverse.", _k("deadlock", "lock")),
         ("The database killed one transaction as a deadlock victim every few minutes.", _k("deadlock")),
         ("A lock was held across an HTTP call that sometimes took {seconds} seconds.", _k("lock")),
         ("Locks are now taken in one global order, documented next to the schema.", _k("lock"))),
        (("locking", "locks"), ("deadlock", "deadlocks"), ("postgres", "postgresql")),
        _k("deadlock"),
    ),
    Kind(
        "lag", "consistency",
        ("Replication lag showed {service} users old data", "A replica {minutes} minutes behind served {service} reads"),
        ("A read replica fell minutes behind and {service} showed users their old balances.",
         "After failover, writes acknowledged by the old primary of {service} were lost."),
        (("Replication lag on the {service} replica reached {minutes} minutes during a bulk update.", _k("replication-lag", "replica")),
         ("Reads after writes went to the replica, so users saw their change disappear.", _k("replica")),
         ("Failover promoted a replica that had not received the last writes.", _k("replica", "failover")),
         ("Reads that follow a write now go to the primary for five seconds.", _k("replica"))),
        (("replication",), ("replica", "replicas"), ("failover",)),
        _k("replication-lag"),
    ),
    Kind(
        "bgp", "dependencies",
        ("A BGP route leak made {service} unreachable", "Our prefixes vanished from the internet for {minutes} minutes"),
        ("A BGP route leak at an upstream network sent {service} traffic the wrong way.",
         "A router change withdrew our BGP announcements and {service} disappeared."),
        (("An upstream provider leaked our prefixes and traffic took a path through another continent.", _k("bgp")),
         ("The BGP session to our transit provider flapped every {seconds} seconds.", _k("bgp")),
         ("Out-of-band access was the only way to reach the routers once announcements were gone.", _k("bgp")),
         ("We now publish route origin authorisations and monitor our prefixes from outside.", _k("bgp"))),
        (("bgp", "BGP"), ("networking", "network")),
        _k("bgp"),
    ),
    Kind(
        "migration", "deployment",
        ("A schema migration locked the {service} table", "The {service} rollback that could not undo a migration"),
        ("A schema migration rewrote the whole {service} table and held a lock for an hour.",
         "The new {service} version migrated data that the old version could not read after a rollback."),
        (("The migration added a column with a default, which rewrote {big} million rows under a lock.", _k("migration", "lock")),
         ("Rolling back the code did not roll back the migration.", _k("migration", "rollback")),
         ("Old and new versions ran side by side for {minutes} minutes and disagreed about the format.", _k("version-skew")),
         ("Migrations are now split into expand and contract steps, each deployable alone.", _k("migration"))),
        (("migrations", "migration"), ("deploys", "deploy"), ("mysql",)),
        _k("migration"),
    ),
)  # fmt: skip

CODE = (
    "```bash\nsort -u < hosts.txt | xargs -n1 dig +short > answers.txt\n```",
    "```python\nif p99_ms < 200 and errors <= budget:\n    promote(canary)\n```",
    "```text\nWARN latency p99 < 200 ms not met: 1450 ms\n```",
)


@dataclass(frozen=True)
class RealStory:
    """One generated story: where it goes, its known category, the concepts a reader finds it by."""

    path: str
    category: str
    kind: str
    service: str
    title: str
    description: str
    tags: tuple[str, ...]
    body: str
    concepts: frozenset[str] = field(default_factory=frozenset)

    @property
    def slug(self) -> str:
        return self.path.rsplit("/", 1)[-1].removesuffix(".md")

    def text(self) -> str:
        front = {"title": self.title, "description": self.description, "tags": list(self.tags)}
        return "---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True) + "---\n\n" + self.body  # fmt: skip


def stories(n: int = 280, seed: int = 13) -> list[RealStory]:
    """`n` stories, the kinds in turn, deterministic for a given seed."""
    rng = random.Random(seed)
    out: list[RealStory] = []
    for i in range(n):
        kind = KINDS[i % len(KINDS)]
        service = rng.choice(SERVICES)
        slots = _slots(rng, service)
        title = rng.choice(kind.titles).format(**slots)
        description = rng.choice(kind.descriptions).format(**slots)
        chosen = rng.sample(kind.lines, rng.randint(3, len(kind.lines)))
        filler = rng.sample(FILLER, rng.randint(3, 5))
        concepts = set(kind.concepts)
        paragraphs = []
        for sentence, named in chosen:
            concepts |= named
            paragraphs.append(sentence.format(**slots))
        for sentence in filler:
            paragraphs.insert(rng.randrange(len(paragraphs) + 1), sentence.format(**slots))
        body = "## What happened\n\n" + " ".join(paragraphs[:3]) + "\n\n"
        if rng.random() < 0.4:
            body += rng.choice(CODE) + "\n\n"
        body += "## Why it only showed up in production\n\n" + " ".join(paragraphs[3:]) + "\n"
        tags = tuple(dict.fromkeys(rng.choice(spellings) for spellings in rng.sample(kind.tags, rng.randint(1, len(kind.tags)))))  # fmt: skip
        slug = f"{kind.key}-{service}-{i:03d}"
        out.append(
            RealStory(
                path=f"{kind.category}/{slug}.md",
                category=kind.category,
                kind=kind.key,
                service=service,
                title=title,
                description=description,
                tags=tags,
                body=body,
                concepts=frozenset(concepts),
            )
        )
    return out


def _slots(rng: random.Random, service: str) -> dict:
    return {
        "service": service,
        "hour": rng.randint(0, 23),
        "minute": rng.randint(0, 59),
        "pct": rng.randint(5, 60),
        "big": rng.choice((300, 1200, 4000, 86400)),
        "small": rng.randint(2, 9),
        "minutes": rng.randint(10, 90),
        "seconds": rng.randint(5, 60),
    }


# Queries a reader types, and the words (any of them, in any case, singular or plural) that make
# a story one it must find: what the reader asked for, said in the story's title, description,
# body or tags. Several are a synonym or a category alias (`k8s`, `ssl`, `out of memory`, `dst`,
# `certificate`, `clock`): they must find the stories that say it, never a whole category.
QUERIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("dns", ("dns",)),
    ("nxdomain", ("nxdomain",)),
    ("certificate", ("certificate",)),
    ("ssl", ("ssl", "tls")),
    ("leap second", ("leap second",)),
    ("ntp", ("ntp",)),
    ("daylight saving", ("daylight saving", "dst")),
    ("dst", ("dst", "daylight saving")),
    ("config push", ("config push",)),
    ("feature flag", ("feature flag",)),
    ("availability zone", ("availability zone",)),
    ("cdn", ("cdn",)),
    ("out of memory", ("out of memory", "oom", "oomkilled")),
    ("oom", ("oom", "out of memory", "oomkilled")),
    ("inode", ("inode",)),
    ("k8s", ("k8s", "kubernetes")),
    ("kubernetes", ("kubernetes", "k8s")),
    ("deadlock", ("deadlock",)),
    ("replication lag", ("replication lag",)),
    ("bgp", ("bgp",)),
    ("migration", ("migration",)),
    ("clock", ("clock",)),
)
# Queries of several words a reader types as a question: a story must say every word.
ALL_WORDS: tuple[str, ...] = (
    "certificate expired", "clocks went back", "disk filled", "region outage", "pods evicted",
    "lock held", "stale cache", "renewal token revoked", "negative durations", "purge rate limited",
    "disk full", "certificate pinning",  # a word no story says: no story must be found
)  # fmt: skip
_KIND_QUERY = {
    "dns": "dns", "cert": "certificate", "leap": "leap second", "dst": "daylight saving",
    "push": "config push", "region": "availability zone", "cdn": "cdn", "oom": "oom",
    "disk": "disk", "k8s": "kubernetes", "deadlock": "deadlock", "lag": "replica",
    "bgp": "bgp", "migration": "migration",
}  # fmt: skip


@dataclass(frozen=True)
class Query:
    text: str
    relevant: frozenset[str]  # paths of the stories it must find
    specific: bool = False  # one story's service and failure: ranking matters more than recall


def says(story: RealStory, forms: tuple[str, ...]) -> bool:
    """Whether the story says one of `forms` as words (case, hyphens and a plural `s` forgiven)."""
    text = " ".join((story.title, story.description, story.body, *story.tags)).replace("-", " ")
    return any(re.search(_pattern(form), text, re.I) for form in forms)


def _pattern(form: str) -> str:
    words = [w[:-1] if len(w) > 3 and w.endswith("s") else w for w in form.split()]
    return r"\b" + r"\s+".join(re.escape(w) + "(?:s|es)?" for w in words) + r"\b"


def queries(corpus: list[RealStory], specific: int = 30, seed: int = 13) -> list[Query]:
    """The concept and all-words queries, plus `specific` ones naming a service and a failure."""
    out = [
        Query(text, frozenset(s.path for s in corpus if says(s, forms))) for text, forms in QUERIES
    ]
    out += [
        Query(text, frozenset(s.path for s in corpus if all(says(s, (w,)) for w in text.split())))
        for text in ALL_WORDS
    ]
    forms = dict(QUERIES)
    rng = random.Random(seed)
    for story in rng.sample(corpus, specific):
        words = _KIND_QUERY[story.kind]
        wanted = forms.get(words, (words,))
        relevant = frozenset(
            s.path for s in corpus if says(s, (story.service,)) and says(s, wanted)
        )
        out.append(Query(f"{story.service} {words}", relevant, True))
    return out


KINDS_BY_KEY = {k.key: k for k in KINDS}


def write_site(root: Path, corpus: list[RealStory]) -> Path:
    """A buildable site of the corpus under `root`; returns its mkdocs.yml."""
    root = Path(root)
    for story in corpus:
        path = root / "stories" / story.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(story.text(), "utf-8")
    config = root / "mkdocs.yml"
    config.write_text(site_config(), "utf-8")
    return config


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--n", type=int, default=280)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    corpus = stories(args.n, args.seed)
    print(write_site(args.outdir, corpus), f"({len(corpus)} stories)")


if __name__ == "__main__":
    main()

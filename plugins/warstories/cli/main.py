"""The `warstories` command: parse arguments, call the library, print. Nothing else lives here."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from warstories.analysis.checking import CheckResult, check_folder
from warstories.analysis.classify import guess_category
from warstories.cli.report import format_problems, format_results
from warstories.core import scaffold
from warstories.core.cachedir import index_dir
from warstories.core.committed import tracked_cache_problems
from warstories.core.schema_doc import schema_markdown
from warstories.core.settings import Site, load_taxonomy, read_site
from warstories.core.taxonomy import SEVERITIES
from warstories.importers.batch import FORMATS, run_import


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="warstories")
def main() -> None:
    """Engineering war stories: write, check and browse them."""


def _site(config: str, required: bool) -> Site | None:
    path = Path(config)
    if not path.exists():
        if required:
            raise click.UsageError(
                f"{config} not found: run this in the site's folder or pass --config"
            )
        return None
    try:
        return read_site(path)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--config", "-f", default="mkdocs.yml", show_default=True, help="The site's MkDocs config."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="github prints workflow annotations for pull requests.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too, like `mkdocs build --strict`.")
@click.option("--no-similar", is_flag=True, help="Skip the near-duplicate story warnings.")
@click.option(
    "--no-cache", is_flag=True, help="Parse every story again, ignoring the last run's results."
)
def check(
    paths: tuple[Path, ...], config: str, fmt: str, strict: bool, no_similar: bool, no_cache: bool
) -> None:
    """Check stories: every problem with its file, line and fix.

    With no PATHS, checks the stories folder of the site (docs_dir in mkdocs.yml). Exits 0
    when clean, 1 on any error (or warning with --strict), 2 on a usage error.
    """
    site = _site(config, required=not paths)
    result = CheckResult()
    for root, only in _targets(paths, site):
        check_folder(
            root,
            site.taxonomy if site else load_taxonomy(),
            result,
            selected=None if only is None else [f.relative_to(root).as_posix() for f in only],
            prefix=_display_prefix(root),
            similar=not no_similar,
            use_cache=not no_cache,
        )
    if site is not None:
        site_root = site.config_file.parent
        result.problems += tracked_cache_problems(site_root, _display_prefix(site_root))
    click.echo(format_problems(result.problems, result.checked, fmt, result.counts), nl=False)
    sys.exit(1 if result.errors or (strict and any(p.is_warning for p in result.problems)) else 0)


def _stories_site(config: str) -> Site:
    """The site of `config`, which must exist and have its stories folder; else a usage error."""
    site = _site(config, required=True)
    assert site is not None
    _require_stories_dir(site)
    return site


def _require_stories_dir(site: Site) -> None:
    if not site.stories_dir.is_dir():
        raise click.UsageError(f"the stories folder {site.stories_dir} does not exist")


def _targets(paths: tuple[Path, ...], site: Site | None):
    """(stories root, files to report or None for all) for each place to check."""
    if not paths:
        assert site is not None
        _require_stories_dir(site)
        yield site.stories_dir, None
        return
    root = site.stories_dir.resolve() if site else None
    inside: list[Path] = []
    for path in paths:
        resolved = path.resolve()
        if root and resolved.is_relative_to(root):
            inside.extend([resolved] if resolved.is_file() else sorted(resolved.rglob("*.md")))
        elif resolved.is_dir():
            yield resolved, None
        else:
            yield resolved.parent.parent, [resolved]
    if inside and root:
        yield root, inside


def _display_prefix(root: Path) -> str:
    try:
        rel = root.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(root) + "/"
    return "" if rel == "." else rel + "/"


@main.command()
@click.option(
    "--config", "-f", default="mkdocs.yml", show_default=True, help="The site's MkDocs config."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def categories(config: str, as_json: bool) -> None:
    """List the failure categories, their aliases and what each one means."""
    site = _site(config, required=False)
    taxonomy = site.taxonomy if site else load_taxonomy()
    if as_json:
        click.echo(
            json.dumps(
                [
                    {
                        "slug": c.slug,
                        "label": c.label,
                        "description": c.description,
                        "aliases": list(c.aliases),
                    }
                    for c in taxonomy.categories
                ],
                indent=1,
            )
        )
        return
    for category in taxonomy.categories:
        aliases = f" (also: {', '.join(category.aliases)})" if category.aliases else ""
        click.echo(f"{category.slug:15} {category.label}{aliases}\n{'':15} {category.description}")


@main.command()
@click.option(
    "--config", "-f", default="mkdocs.yml", show_default=True, help="The site's MkDocs config."
)
def schema(config: str) -> None:
    """Print the front-matter schema as Markdown: every key, its values, the categories."""
    site = _site(config, required=False)
    click.echo(schema_markdown(site.taxonomy if site else load_taxonomy()), nl=False)


@main.command()
@click.option("--title", "-t", help="What broke, in a few plain words.")
@click.option("--category", "-c", help="Failure category or alias (see `warstories categories`).")
@click.option("--severity", "-s", help=f"{', '.join(SEVERITIES[:-1])} or {SEVERITIES[-1]}.")
@click.option("--tags", help="Comma-separated, e.g. postgres,dns.")
@click.option("--date", "-d", "when", help="When it happened: YYYY-MM-DD, YYYY-MM or YYYY.")
@click.option("--author", "-a", "authors", help="Comma-separated author names.")
@click.option("--description", help="One sentence summary.")
@click.option("--slug", help="File name without .md (default: from the title).")
@click.option(
    "--config", "-f", default="mkdocs.yml", show_default=True, help="The site's MkDocs config."
)
def new(
    title: str | None,
    category: str | None,
    severity: str | None,
    tags: str | None,
    when: str | None,
    authors: str | None,
    description: str | None,
    slug: str | None,
    config: str,
) -> None:
    """Write a new draft story, stories/<category>/<slug>.md, and print its path.

    Asks for what the options leave out when run in a terminal; otherwise fills in
    placeholders (only --category is needed). Never overwrites a file.
    """
    site = _site(config, required=True)
    assert site is not None
    ask = sys.stdin.isatty()

    def checked(fn, value, option: str):
        try:
            return fn(value)
        except scaffold.ScaffoldError as exc:
            raise click.BadParameter(str(exc), param_hint=option) from exc

    def prompt(text: str, fn=lambda v: v, required: bool = False, default: str | None = None):
        def proc(value: str):
            value = value.strip()
            if not value:
                if required:
                    raise click.UsageError("this one is needed")
                return None
            try:
                return fn(value)
            except scaffold.ScaffoldError as exc:
                raise click.UsageError(str(exc)) from exc

        return click.prompt(
            text,
            default=default or ("" if not required else None),
            show_default=default is not None,
            value_proc=proc,
        )

    taxonomy = site.taxonomy
    if title is None and ask:
        title = prompt("Title (what broke, in a few plain words)", required=True)
    if description is None and ask:
        description = prompt("One-sentence description (Enter to fill in later)")
    guess = guess_category(f"{title or ''}. {description or ''}", taxonomy)
    if category is not None:
        category = checked(lambda v: scaffold.resolve_category(v, taxonomy), category, "--category")
        if guess is not None and guess.doubts(category):
            click.echo(
                f"note: the title reads like {guess.slug!r} ({', '.join(guess.words)}); "
                f"keep {category!r} if it fits, or use --category {guess.slug}",
                err=True,
            )
    elif ask:
        click.echo("Categories: " + ", ".join(taxonomy.slugs), err=True)
        if guess is not None:
            click.echo(
                f"Suggested: {guess.slug} ({taxonomy[guess.slug].label}), "
                f"from {', '.join(guess.words)}; Enter takes it",
                err=True,
            )
        category = prompt(
            "Category",
            lambda v: scaffold.resolve_category(v, taxonomy),
            required=True,
            default=guess.slug if guess else None,
        )
    else:
        hint = (
            f"; the title reads like {guess.slug!r} ({', '.join(guess.words)}): "
            f"--category {guess.slug}"
            if guess is not None
            else ""
        )
        raise click.UsageError(
            "--category is needed when not run in a terminal"
            + hint
            + "; one of "
            + ", ".join(taxonomy.slugs)
        )
    if severity is not None:
        severity = checked(scaffold.resolve_severity, severity, "--severity")
    elif ask:
        severity = prompt(
            "Severity (sev1-sev4 or near-miss; Enter to skip)", scaffold.resolve_severity
        )
    tag_list = scaffold.split_list(tags)
    if tags is None and ask:
        tag_list = prompt("Tags (comma-separated; Enter to skip)", scaffold.split_list) or ()
    if when is not None:
        when = checked(scaffold.check_date, when, "--date")
    elif ask:
        when = prompt("Date (YYYY-MM-DD, YYYY-MM or YYYY; Enter to skip)", scaffold.check_date)
    author_list = scaffold.split_list(authors)
    if authors is None and ask:
        author_list = prompt("Authors (comma-separated; Enter to skip)", scaffold.split_list) or ()
    story = scaffold.NewStory(
        title=(title or "").strip() or scaffold.PLACEHOLDER_TITLE,
        category=category,
        description=(description or "").strip(),
        severity=severity,
        tags=tag_list,
        date=when,
        authors=author_list,
        slug=checked(scaffold.check_slug, slug, "--slug") if slug else None,
    )
    try:
        path = scaffold.write_story(site.stories_dir, story, taxonomy)
    except scaffold.StoryExists as exc:
        click.echo(
            f"error: {_shown(exc.path)} already exists, and `new` never overwrites a "
            "story: edit that file, or choose another title or --slug",
            err=True,
        )
        sys.exit(1)
    click.echo(_shown(path))
    click.echo(f"Next: write the story, then run `warstories check {_shown(path)}`", err=True)


def _shown(path: Path) -> str:
    """A path relative to the working folder when it is inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


@main.command()
@click.argument("query", nargs=-1)
@click.option(
    "--config", "-f", default="mkdocs.yml", show_default=True, help="The site's MkDocs config."
)
@click.option("--category", help="Only this category (slug, alias or label).")
@click.option("--tag", "tags", multiple=True, help="Only stories with this tag (repeatable).")
@click.option("--severity", type=click.Choice(SEVERITIES), help="Only this severity.")
@click.option("--year", type=int, help="Only stories from this year.")
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.option("--drafts", is_flag=True, help="Include drafts.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def search(
    query: tuple[str, ...],
    config: str,
    category: str | None,
    tags: tuple[str, ...],
    severity: str | None,
    year: int | None,
    limit: int,
    drafts: bool,
    as_json: bool,
) -> None:
    """Search the stories, e.g. `warstories search 'oom AND title:pool' --year 2023`.

    QUERY uses whoosh syntax (AND, OR, NOT, "phrases", field:word with title, body, tags,
    lessons); aliases such as OOM / out of memory find each other. The index is kept in the
    user's cache folder (~/.cache/warstories/) and refreshed for changed files first. Exits 1
    when nothing matches.
    """
    from warstories.search import index as searching  # whoosh loads only for this command

    site = _stories_site(config)
    directory = index_dir(site.config_file.parent)
    try:
        searching.refresh_index(directory, site.stories_dir, site.taxonomy)
        filters = searching.Filters(category, tags, severity, year, drafts)
        results = searching.search(directory, " ".join(query), site.taxonomy, filters, limit)
    except (searching.QueryError, searching.SearchIndexError) as exc:
        raise click.UsageError(str(exc)) from exc
    prefix = _display_prefix(site.stories_dir)
    click.echo(format_results(results, as_json, prefix))
    sys.exit(0 if results.hits else 1)


@main.command()
@click.option(
    "--config", "-f", default="mkdocs.yml", show_default=True, help="The site's MkDocs config."
)
def index(config: str) -> None:
    """Build or refresh the search index of `warstories search` (each build does this too).

    Only stories whose file changed are parsed and indexed again; the index lives in the
    user's cache folder (~/.cache/warstories/), never in the repository.
    """
    from warstories.search import index as searching  # whoosh loads only for this command

    site = _stories_site(config)
    directory = index_dir(site.config_file.parent)
    try:
        done = searching.refresh_index(directory, site.stories_dir, site.taxonomy)
    except searching.SearchIndexError as exc:
        raise click.UsageError(str(exc)) from exc
    click.echo(done.summary())


@main.command("import")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(sorted(FORMATS)))
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--into",
    metavar="CATEGORY|auto",
    default="auto",
    show_default=True,
    help="A category (slug or alias) for every story, or auto to choose one from each text.",
)
@click.option("--dry-run", is_flag=True, help="Write nothing; print what would happen.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option(
    "--config", "-f", default="mkdocs.yml", show_default=True, help="The site's MkDocs config."
)
def import_(
    fmt: str, paths: tuple[Path, ...], into: str, dry_run: bool, as_json: bool, config: str
) -> None:
    """Turn existing postmortems into story files, stories/<category>/<slug>.md.

    FORMAT is postmortems-app (files of the postmortems.app corpus), markdown (a postmortem
    written to the SRE workbook, PagerDuty or Atlassian template) or links (lists of
    `[Company](url). A sentence.`, one draft each). Never overwrites a file; stories already in
    the site are reported as duplicates. Exits 1 when a source could not be imported.
    """
    site = _site(config, required=True)
    assert site is not None
    category = None
    if into != "auto":
        try:
            category = scaffold.resolve_category(into, site.taxonomy)
        except scaffold.ScaffoldError as exc:
            raise click.BadParameter(str(exc), param_hint="--into") from exc
    report = run_import(
        fmt, list(paths), site.stories_dir, site.taxonomy, into=category, dry_run=dry_run
    )
    click.echo(report.as_json() if as_json else report.as_text(), nl=False)
    sys.exit(1 if report.count("failed") else 0)


if __name__ == "__main__":
    main()

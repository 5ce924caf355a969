"""The `warstories` command: parse arguments, call the library, print. Nothing else lives here."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .catalog import load_catalog
from .model import Problem
from .report import format_problems
from .settings import Site, load_taxonomy, read_site


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
def check(paths: tuple[Path, ...], config: str, fmt: str, strict: bool) -> None:
    """Check stories: every problem with its file, line and fix.

    With no PATHS, checks the stories folder of the site (docs_dir in mkdocs.yml). Exits 0
    when clean, 1 on any error (or warning with --strict), 2 on a usage error.
    """
    site = _site(config, required=not paths)
    problems: list[Problem] = []
    checked = 0
    for root, only in _targets(paths, site):
        taxonomy = site.taxonomy if site else load_taxonomy()
        catalog = load_catalog(root, taxonomy, include_drafts=True)
        selected = None if only is None else {f.relative_to(root).as_posix() for f in only}
        prefix = _display_prefix(root)
        for problem in catalog.problems:
            if selected is None or problem.path in selected:
                problems.append(
                    Problem(prefix + problem.path, problem.line, problem.level, problem.message)
                )
        checked += catalog.found if selected is None else len(selected)
    click.echo(format_problems(problems, checked, fmt), nl=False)
    errors = sum(p.is_error for p in problems)
    sys.exit(1 if errors or (strict and problems) else 0)


def _targets(paths: tuple[Path, ...], site: Site | None):
    """(stories root, files to report or None for all) for each place to check."""
    if not paths:
        assert site is not None
        if not site.stories_dir.is_dir():
            raise click.UsageError(f"the stories folder {site.stories_dir} does not exist")
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


if __name__ == "__main__":
    main()

"""The repository stands alone: nothing tracked points above its root, and the schema it
documents is the one the code checks."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from click.testing import CliRunner
from conftest import REFERENCE, REPO
from warstories import parse_story
from warstories.cli.main import main
from warstories.core.schema_doc import EXAMPLE, schema_markdown, undocumented_keys
from warstories.core.taxonomy import Taxonomy

# Places that exist beside this repository on a development machine only.
OUTSIDE = re.compile(r"\.\./shared|/work/|shared/reference|shared/TAXONOMY|REPO\.parent\b")
PARENTS = re.compile(r"parents\[(\d+)\]")
MD_LINK = re.compile(r"\]\(([^)\s]+)")


def _tracked() -> list[Path]:
    out = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout
    return [REPO / name for name in out.split("\0") if name]


def _text(path: Path) -> str | None:
    try:
        data = path.read_bytes()
    except OSError:  # deleted in the work tree, not yet committed
        return None
    if b"\0" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _escapes(path: Path, text: str) -> list[str]:
    """What in one file refers to a place above the repository root."""
    found = [m.group(0) for m in OUTSIDE.finditer(text)]
    if path.suffix == ".py":  # Path(__file__).parents[k] above the root
        depth = len(path.relative_to(REPO).parts)
        found += [m.group(0) for m in PARENTS.finditer(text) if int(m.group(1)) >= depth]
    if path.suffix == ".md":  # relative links must land inside the repository
        for target in MD_LINK.findall(text):
            if re.match(r"^[a-z][a-z0-9+.-]*:|^[#/]", target, re.I):
                continue
            resolved = (path.parent / target.split("#")[0]).resolve()
            if not resolved.is_relative_to(REPO):
                found.append(target)
    return found


def test_no_tracked_file_refers_to_a_path_above_the_repository_root():
    this = Path(__file__).resolve()
    offences = {
        str(path.relative_to(REPO)): found
        for path in _tracked()
        if path.resolve() != this
        and (text := _text(path)) is not None
        and (found := _escapes(path, text))
    }
    assert offences == {}


def test_the_check_finds_a_reference_above_the_root(tmp_path):
    """The check above can fail: each kind of escape is found."""
    md = REPO / "docs" / "x.md"
    # Written in pieces, so that this file holds no such reference itself; given as Python,
    # so the named-place pattern alone must find it (no Markdown link to resolve).
    notes = "/".join(["..", "shared", "TAXONOMY.md"])
    assert _escapes(REPO / "tests" / "x.py", f"open({notes!r})")
    assert _escapes(md, "see [the taxonomy](../../notes/TAXONOMY.md)")
    assert _escapes(md, "see [up](../../elsewhere.md)")
    assert not _escapes(md, "see [schema](schema.md) and [home](../README.md)")
    py = REPO / "tests" / "x.py"
    assert _escapes(py, 'Path(__file__).resolve().parents[2] / "notes"')
    assert not _escapes(py, "Path(__file__).resolve().parents[1]")
    assert _escapes(py, 'ROOT = REPO.parent / "shared"')


def test_the_schema_page_is_what_warstories_schema_prints():
    documented = (REPO / "docs" / "schema.md").read_text("utf-8")
    assert documented == schema_markdown(Taxonomy.default()), (
        "docs/schema.md is out of date: run `warstories schema > docs/schema.md`"
    )
    result = CliRunner().invoke(main, ["schema", "--config", str(REPO / "mkdocs.yml")])
    assert result.exit_code == 0, result.output
    assert result.output == documented


def test_the_schema_describes_every_key_and_every_category():
    assert undocumented_keys() == frozenset()
    page = schema_markdown(Taxonomy.default())
    for category in Taxonomy.default().categories:
        assert f"| `{category.slug}` | {category.label} |" in page
        assert all(f"`{alias}`" in page for alias in category.aliases)


def test_the_schema_follows_the_sites_own_categories(tmp_path):
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  - warstories:\n      categories:\n"
        "        - {slug: ml-models, label: Models that drifted, aliases: [model]}\n",
        "utf-8",
    )
    result = CliRunner().invoke(main, ["schema", "--config", str(tmp_path / "mkdocs.yml")])
    assert result.exit_code == 0, result.output
    assert "| `ml-models` | Models that drifted | `model` |" in result.output


def test_the_schema_example_is_a_valid_story():
    parsed = parse_story("consistency/example.md", EXAMPLE.encode("utf-8"), Taxonomy.default())
    assert parsed.problems == ()
    assert parsed.story is not None and parsed.story.title == "Two primaries for ninety seconds"


def test_the_reference_shaped_story_ships_with_its_image():
    """The example with the smallest front matter is ours and links an image that exists."""
    text = REFERENCE.read_text("utf-8")
    front = text.split("---\n")[1]
    assert [line.split(":")[0] for line in front.splitlines()] == [
        "title",
        "image",
        "imagealt",
        "description",
    ]
    assert "](/images/two-primaries.svg" in text
    assert (REPO / "stories" / "images" / "two-primaries.svg").is_file()


def test_messages_point_at_what_a_user_has():
    sources = (REPO / "plugins" / "warstories").rglob("*.py")
    assert not [p.name for p in sources if "TAXONOMY" in p.read_text("utf-8")]
    parsed = parse_story(
        "scale/x.md", b"---\ntitle: T\ndescription: D.\ncategory: nope\n---\n", Taxonomy.default()
    )
    assert any("`warstories categories`" in p.message for p in parsed.problems)

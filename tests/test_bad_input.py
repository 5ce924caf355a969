"""Bad and odd story files, end to end: `warstories check`, `mkdocs build --strict` and a plain build.

One site holds every bad file beside good ones. Each bad file must give exactly the problems
listed (file, line, level and a key phrase of the message), the same lines in the check and
in the strict build, never a traceback; a plain build publishes every good story and nothing
else, and nothing outside the stories folder reaches the site.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import BASE_CONFIG, run_cmd, story
from warstories.core.limits import MAX_STORY_BYTES

WARSTORIES = shutil.which("warstories") or "warstories"
SECRET = "TOP-SECRET-OUTSIDE-THE-STORIES-FOLDER"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def fm(*lines: str, body: str = "Body.\n") -> str:
    return "---\n" + "\n".join(lines) + "\n---\n" + body


def ok(*lines: str) -> str:
    """A valid title and description on lines 2 and 3, then `lines` from line 4."""
    return fm("title: T", "description: D.", *lines)


@dataclass(frozen=True)
class Bad:
    """A file under stories/ and the exact problems it must give: (line, level, phrase)."""

    path: str
    content: str | bytes
    problems: tuple[tuple[int | None, str, str], ...]


# Files the Python tags would create if anything ever constructed them.
MARKERS = ("apply", "new", "exec", "key")


def bad_cases(markers: Path) -> list[Bad]:
    m = {name: markers / f"{name}-ran" for name in MARKERS}
    billion = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"] + [
        f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)
    ]
    return [
        Bad(
            "scale/unclosed-quote.md",
            fm('title: "Half typed', "description: D."),
            ((2, "error", 'YAML syntax: the `"` that opens this value is never closed'),),
        ),
        Bad(
            "scale/colon.md",
            fm("title: Redis: the sequel", "description: D."),
            ((2, "error", 'needs quotes, e.g. title: "Redis: the sequel"'),),
        ),
        Bad(
            "scale/bad-indent.md",
            fm("title: T", "description: D.", "  tags: [a]"),
            ((4, "error", "YAML syntax"),),
        ),
        Bad(
            "scale/tab.md",
            fm("title: T", "description: D.", "tags:", "\t- postgres"),
            ((5, "error", "a tab indents this YAML line"),),
        ),
        Bad(
            "scale/front-list.md",
            fm("- title", "- description"),
            ((2, "error", "the front matter is a list, not a mapping"),),
        ),
        Bad(
            "scale/front-scalar.md",
            fm("just some words"),
            ((2, "error", "the front matter is a single value, not a mapping"),),
        ),
        Bad("scale/empty.md", b"", ((None, "error", "the file is empty"),)),
        Bad("scale/blank.md", "\n  \n", ((None, "error", "the file is empty"),)),
        Bad(
            "scale/no-front-matter.md",
            "# Just a heading\n\nNo front matter here.\n",
            ((1, "error", "no front matter: start the file with a line `---`"),),
        ),
        Bad(
            "scale/unclosed-front-matter.md",
            "---\ntitle: T\ndescription: D.\n",
            ((1, "error", "the front matter is not closed: add a line `---`"),),
        ),
        Bad(
            "scale/no-title.md",
            fm("description: D."),
            ((1, "error", "`title` is missing: add it"),),
        ),
        Bad(
            "scale/no-description.md",
            fm("title: T"),
            ((1, "error", "`description` is missing: add it"),),
        ),
        Bad(
            "scale/unknown-category.md",
            ok("category: scael"),
            ((4, "error", "category: unknown category 'scael'; did you mean `scale`?"),),
        ),
        Bad(
            "scale/unknown-severity.md",
            ok("severity: sevv2"),
            ((4, "error", "severity: unknown value 'sevv2'; did you mean `sev2`?"),),
        ),
        Bad(
            "scale/unknown-detection.md",
            ok("detection: alrt"),
            ((4, "error", "detection: unknown value 'alrt'; did you mean `alert`?"),),
        ),
        Bad(
            "scale/month-13.md",
            ok("date: 2023-13"),
            ((4, "error", "date: month 13 does not exist"),),
        ),
        Bad(
            "scale/month-13-day.md",
            ok("date: 2023-13-01"),  # YAML reads this as a timestamp; it crashed the loader
            ((4, "error", "date: month 13 does not exist"),),
        ),
        Bad(
            "scale/february-30.md",
            ok("date: 2023-02-30"),
            ((4, "error", "date: 2023-02-30 is not a day of the calendar"),),
        ),
        Bad(
            "scale/image-no-alt.md",
            ok("image: pool.png"),
            ((4, "error", "image has no `imagealt`"),),
        ),
        Bad(
            "scale/image-outside.md",
            ok("image: ../../outside.png", "imagealt: A picture."),
            ((4, "error", "points outside the stories folder"),),
        ),
        Bad(
            "scale/image-missing.md",
            ok("image: missing.png", "imagealt: A picture."),
            ((4, "error", "image: images/missing.png is not in the stories folder"),),
        ),
        Bad(
            "scale/latin-1.md",
            "---\ntitle: T\ndescription: Caf\xe9 au lait.\n---\n".encode("latin-1"),
            ((3, "error", "the file is not UTF-8 text: save it with UTF-8 encoding"),),
        ),
        Bad(
            "scale/utf-16.md",
            fm("title: T", "description: D.").encode("utf-16"),
            ((1, "error", "the file is not UTF-8 text"),),
        ),
        Bad(
            "scale/python-apply.md",
            ok(f'trigger: !!python/object/apply:os.system ["touch {m["apply"]}"]'),
            ((4, "error", "trigger: could not determine a constructor for the tag"),),
        ),
        Bad(
            "scale/python-new.md",
            fm(
                f'title: !!python/object/new:os.system ["touch {m["new"]}"]',
                "description: D.",
            ),
            ((2, "error", "title: could not determine a constructor for the tag"),),
        ),
        Bad(
            "scale/python-exec.md",
            ok(
                "lessons:",
                f"  - !!python/object/apply:builtins.exec [\"open('{m['exec']}', 'w')\"]",
            ),
            ((5, "error", "lessons: could not determine a constructor for the tag"),),
        ),
        Bad(
            "scale/python-name.md",
            ok("resolution: !!python/name:os.system"),
            ((4, "error", "resolution: could not determine a constructor for the tag"),),
        ),
        Bad(
            "scale/python-key.md",
            ok(f'!!python/object/apply:os.system ["touch {m["key"]}"]: x'),
            ((4, "error", "a key must be plain text"),),
        ),
        Bad(
            "scale/duplicate-key.md",
            fm("title: First title", "description: D.", "title: Second title"),
            ((4, "warning", "title is given twice (first on line 2): the last one is used"),),
        ),
        Bad(
            "scale/control-character.md",
            ok("trigger: a\x07bell"),
            ((4, "error", "the front matter holds the control character #x0007"),),
        ),
        Bad(
            "scale/billion-laughs.md",
            ok(*billion, "tags: *a8"),
            tuple((line, "warning", f"unknown key `a{line - 4}`") for line in (4, 5, 6))
            + tuple(
                (line, "error", "repeats itself through YAML aliases")
                for line in range(7, 14)  # a3..a8 and tags exceed what the block can hold
            ),
        ),
        Bad(
            "scale/deep.md",
            ok("impact: {summary: " + "[" * 3000 + "]" * 3000 + "}"),
            ((1, "error", "the front matter is nested too deeply"),),
        ),
        Bad(
            "scale/endless-duration.md",
            ok("impact: {duration: .inf}"),
            ((4, "error", "impact.duration: inf is not a duration"),),
        ),
        Bad(
            "scale/huge-cost.md",
            ok("impact: {cost: {amount: " + "9" * 400 + ", currency: EUR}}"),
            ((4, "error", "impact.cost should be a text or {amount: 1200, currency: USD}"),),
        ),
        Bad(
            "scale/contributing-scalar.md",
            ok("contributing: 5"),
            ((4, "error", "contributing should be a list"),),
        ),
        Bad(
            "scale/source-javascript.md",
            ok('source: "javascript:alert(document.domain)"'),
            ((4, "error", "source: 'javascript:alert(document.domain)' is not a web address"),),
        ),
        Bad(
            "scale/hide-number.md",
            ok("hide: 5"),  # Material's template crashed on `"navigation" in 5`
            ((4, "error", "hide should be a list, e.g. hide: [navigation, toc]"),),
        ),
        Bad(
            "scale/template-number.md",
            ok("template: 5"),
            ((4, "error", "template should name a template of the theme"),),
        ),
        Bad(
            "scale/template-traversal.md",
            ok("template: ../../../etc/passwd"),
            ((4, "error", "template should name a template of the theme"),),
        ),
        Bad(
            "scale/search-number.md",
            ok("search: 5"),
            ((4, "error", "search should be e.g. search: {exclude: true}"),),
        ),
        Bad(
            "scale/wrong-suffix.markdown",
            ok(),
            ((None, "error", "stories are `.md` files: rename it to wrong-suffix.md"),),
        ),
        Bad(
            "scale/pool#2.md",
            ok(),
            (
                (
                    None,
                    "error",
                    "the path holds '#', where a web address would end, so every link to this story would break: rename it, e.g. to scale/pool-2.md",
                ),
            ),
        ),
        Bad(
            "scale/why?.md",
            ok(),
            ((None, "error", "the path holds '?', where a web address would end"),),
        ),
        Bad(
            "scale/100%.md",
            ok(),
            ((None, "error", "the path holds '%', which starts an escape in a web address"),),
        ),
        Bad(
            "scale/.hidden-story.md",
            ok(),
            ((None, "error", "MkDocs leaves out names starting with `.`"),),
        ),
        Bad(
            "scale/.notes/story.md",
            ok(),
            ((None, "error", "move it out of the hidden folder scale/.notes/"),),
        ),
        # YAML escapes that decode to what text may not hold: the feed writer crashed on them
        Bad(
            "scale/escape-in-title.md",
            fm('title: "Pasted \\e[0m"', "description: D."),
            ((2, "error", "title holds the control character U+001B"),),
        ),
        Bad(
            "scale/escapes-in-lists.md",
            ok('tags: [fine, "x\\x01"]', 'authors: ["A\\x85B"]', 'lessons: ["\\uFFFE"]'),
            (
                (4, "error", "tags.1 holds the control character U+0001"),
                (5, "error", "authors.0 holds the control character U+0085"),
                (6, "error", "lessons.0 holds the non-character U+FFFE"),
            ),
        ),
        # Limits: each of these stalled or crashed the build while check called it clean
        Bad(
            "scale/too-big.md",
            fm("title: T", "description: D.", body=BIG_PARAGRAPH * 2000),
            ((None, "error", "the file is 2.1 MB; a story may be at most 0.5 MB"),),
        ),
        Bad(
            "scale/bracket-run.md",
            fm("title: T", "description: D.", body="Fine.\n\n" + "[" * 100_000 + "\n"),
            ((7, "error", "this paragraph has 100,000 `[` without a `]` soon after"),),
        ),
        Bad(
            "scale/tag-run.md",
            fm("title: T", "description: D.", body="<a " * 30_000 + "\n"),
            ((5, "error", "this paragraph has 30,000 `<` that start a tag and never close it"),),
        ),
        Bad(
            "scale/emphasis-run.md",
            fm("title: T", "description: D.", body="*_" * 50_000 + "\n"),
            ((5, "error", "this paragraph has 100,000 `*` and `_` (at most 1,000)"),),
        ),
        Bad(
            "scale/nested-divs.md",
            fm(
                "title: T",
                "description: D.",
                body="<div markdown>\n" * 400 + "x\n" + "</div>\n" * 400,
            ),
            ((25, "error", "HTML elements nest 21 levels deep here (at most 20)"),),
        ),
        Bad(
            "scale/nested-list.md",
            fm(
                "title: T",
                "description: D.",
                body="".join("    " * i + "- x\n" for i in range(249)),
            ),
            ((25, "error", "lists nest 21 levels deep here (at most 20)"),),
        ),
        Bad(
            "scale/many-tags.md",
            ok("tags: [" + ", ".join(f"t{i}" for i in range(10_000)) + "]"),
            ((4, "error", "tags: 10,000 entries, at most 30"),),
        ),
        Bad(
            "scale/long-duration.md",
            ok('impact: {duration: "' + "1" * 50_000 + '"}'),
            ((4, "error", "impact.duration: '11111"),),
        ),
        Bad(
            "scale/surrogate-key.md",
            ok('"\\udfff": 1', 'impact: {summary: "\\ud800"}'),
            (
                (4, "error", "the key \\udfff holds the unpaired surrogate U+DFFF"),
                (5, "error", "impact.summary holds the unpaired surrogate U+D800"),
            ),
        ),
    ]


BIG_PARAGRAPH = "The pool ran dry again while the queue kept growing. " * 20 + "\n\n"
BIG_BODY = "## What happened\n\n" + BIG_PARAGRAPH * 450 + "The very last line of the story.\n"

# Good files: path -> (content, the title their page must show).
ACCEPTED: dict[str, tuple[str | bytes, str]] = {
    "scale/plain.md": (story("Plain story", "A plain good story."), "Plain story"),
    "scale/with-bom.md": (
        b"\xef\xbb\xbf" + story("With a BOM", "Saved by Notepad.").encode(),
        "With a BOM",
    ),
    "scale/crlf.md": (
        story("CRLF endings", "Saved on Windows.", tags="[windows]").replace("\n", "\r\n"),
        "CRLF endings",
    ),
    "scale/unicode.md": (
        story(
            '"Ünïcødé: 日本語のタイトル 🔥"',
            '"Ça a cassé à 3 h — encore."',
            tags='["日本語", "ñandú", "Zürich"]',
            lessons='["Не доверяй часам"]',  # noqa: RUF001
        ),
        "Ünïcødé: 日本語のタイトル 🔥",
    ),
    "scale/half-a-megabyte.md": (
        story("A very long story", "Just under the limit.", body=BIG_BODY),
        "",
    ),
    "scale/quoted-yaml-words.md": (
        story('"no"', '"on"', tags='["yes", "off", "3.10", "12:30"]', severity='"sev2"'),
        "no",
    ),
    "images/pool.png": (PNG, ""),
}
ACCEPTED["scale/half-a-megabyte.md"] = (
    ACCEPTED["scale/half-a-megabyte.md"][0],
    "A very long story",
)
GOOD_STORIES = {p for p in ACCEPTED if p.endswith(".md")} | {"scale/duplicate-key.md"}

# Links that lead outside the stories folder: path -> (problem path, message phrase).
LINKS = {
    "scale/secret.md": "scale/secret.md",
    "images/secret.png": "images/secret.png",
    "linked-folder": "linked-folder/",
}
DANGLING = "scale/dangling.md"
LOOP = "scale/loop/"  # a link to a folder above it: MkDocs followed it until the OS gave up


@dataclass
class Outcome:
    root: Path
    cases: list[Bad]
    markers: Path
    check: subprocess.CompletedProcess
    check_json: dict
    strict: subprocess.CompletedProcess
    plain: subprocess.CompletedProcess

    @property
    def out(self) -> Path:
        return self.root / "site"


@pytest.fixture(scope="module")
def outcome(tmp_path_factory) -> Outcome:
    base = tmp_path_factory.mktemp("bad-input")
    root, markers, outside = base / "site-src", base / "markers", base / "outside"
    markers.mkdir()
    (outside / "folder" / "scale").mkdir(parents=True)
    (root / "stories").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(BASE_CONFIG, "utf-8")
    secret_story = story("Secret", f"{SECRET} story.", category="scale", body=SECRET + "\n")
    (outside / "secret.md").write_text(secret_story, "utf-8")
    (outside / "secret.png").write_text(SECRET, "utf-8")
    (outside / "folder" / "scale" / "inner.md").write_text(secret_story, "utf-8")
    (outside / "folder" / "notes.txt").write_text(SECRET, "utf-8")
    cases = bad_cases(markers)
    stories = root / "stories"
    for rel, content in [(c.path, c.content) for c in cases] + [
        (p, c) for p, (c, _) in ACCEPTED.items()
    ]:
        path = stories / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    os.symlink(outside / "secret.md", stories / "scale" / "secret.md")
    os.symlink(outside / "secret.png", stories / "images" / "secret.png")
    os.symlink(outside / "folder", stories / "linked-folder", target_is_directory=True)
    os.symlink(outside / "gone.md", stories / DANGLING)
    os.symlink("..", stories / LOOP.rstrip("/"), target_is_directory=True)
    check = run_cmd([WARSTORIES, "check"], root)
    check_json = json.loads(run_cmd([WARSTORIES, "check", "--format", "json"], root).stdout)
    strict = run_cmd(["mkdocs", "build", "--strict", "-d", str(base / "strict-site")], root)
    plain = run_cmd(["mkdocs", "build"], root)
    return Outcome(root, cases, markers, check, check_json, strict, plain)


def _case_ids() -> list[str]:
    return [c.path for c in bad_cases(Path("/m"))]


def _lines_for(text: str, prefix: str, path: str) -> list[str]:
    """The problem lines of one file, `path` as printed after `prefix`."""
    pattern = re.compile(rf"^{re.escape(prefix + path)}(:\d+)?: (error|warning): ")
    return [line for line in text.splitlines() if pattern.match(line)]


def _assert_problems(lines: list[str], prefix: str, case: Bad) -> None:
    assert len(lines) == len(case.problems), lines
    for line, (number, level, phrase) in zip(lines, case.problems):
        where = f"{prefix}{case.path}:{number}" if number else f"{prefix}{case.path}"
        assert line.startswith(f"{where}: {level}: "), line
        assert phrase in line, line


# --------------------------------------------------------------------------- each bad file


@pytest.mark.parametrize("index", range(len(_case_ids())), ids=_case_ids())
def test_check_names_file_line_and_problem(outcome, index):
    case = outcome.cases[index]
    lines = _lines_for(outcome.check.stdout, "stories/", case.path)
    _assert_problems(lines, "stories/", case)


@pytest.mark.parametrize("index", range(len(_case_ids())), ids=_case_ids())
def test_strict_build_names_file_line_and_problem(outcome, index):
    case = outcome.cases[index]
    prefix = "WARNING -  warstories: "
    lines = [
        line.removeprefix(prefix)
        for line in outcome.strict.stderr.splitlines()
        if line.startswith(prefix)
    ]
    _assert_problems(_lines_for("\n".join(lines), "", case.path), "", case)


# --------------------------------------------------------------------------- the whole run


def test_nothing_prints_a_traceback(outcome):
    for result in (outcome.check, outcome.strict, outcome.plain):
        assert "Traceback" not in result.stdout + result.stderr
        assert "Error:" not in result.stderr.replace("error:", "")


def test_check_fails_and_prints_one_line_per_problem_then_the_summary(outcome):
    assert outcome.check.returncode == 1
    lines = outcome.check.stdout.splitlines()
    problems = outcome.check_json["problems"]
    assert len(lines) == len(problems) + 1
    assert len(set(lines[:-1])) == len(lines) - 1  # no problem said twice
    errors = sum(p["level"] == "error" for p in problems)
    assert errors == outcome.check_json["errors"]
    split = ", ".join(
        f"{outcome.check_json[key]} {label}"
        for key, label in (
            ("published", "published"),
            ("drafts", "drafts"),
            ("with_errors", "with errors"),
        )
    )
    assert lines[-1].endswith(f": {split}; {errors} errors, {len(problems) - errors} warnings")
    assert all(re.match(r"^stories/\S+: (error|warning): \S", line) for line in lines[:-1])


def test_strict_build_fails_with_exactly_the_problems_check_found(outcome):
    assert outcome.strict.returncode != 0
    warnings = [
        line.removeprefix("WARNING -  warstories: ")
        for line in outcome.strict.stderr.splitlines()
        if line.startswith("WARNING")
    ]
    checked = [line.removeprefix("stories/") for line in outcome.check.stdout.splitlines()[:-1]]
    assert warnings == checked  # nothing else warns, nothing is missing, each once
    assert f"Aborted with {len(checked)} warnings in strict mode!" in outcome.strict.stdout


def test_plain_build_publishes_every_good_story_and_nothing_else(outcome):
    assert outcome.plain.returncode == 0, outcome.plain.stderr[-2000:]
    data = json.loads((outcome.out / "stories.json").read_text("utf-8"))
    assert {r["path"] for r in data["stories"]} == GOOD_STORIES
    pages = {
        p.parent.relative_to(outcome.out).as_posix() + ".md"
        for p in outcome.out.glob("scale/*/index.html")
    }
    assert pages == {p for p in GOOD_STORIES if p.startswith("scale/")}
    assert not (outcome.out / "linked-folder").exists()


def test_summary_line_adds_up(outcome):
    # + secret.md, linked-folder/, dangling.md and loop/
    found = len(outcome.cases) + len(GOOD_STORIES) - 1 + 4
    broken = found - len(GOOD_STORIES)
    warnings = sum(p["level"] == "warning" for p in outcome.check_json["problems"])
    expected = (
        f"{found} stories found: {len(GOOD_STORIES)} published, 0 drafts, "
        f"{broken} with errors, {warnings} warnings"
    )
    assert f"INFO    -  warstories: {expected}" in outcome.plain.stderr.splitlines()


@pytest.mark.parametrize(("path", "title"), [(p, t) for p, (_, t) in ACCEPTED.items() if t])
def test_accepted_files_are_published_with_their_text(outcome, path, title):
    from bs4 import BeautifulSoup

    page = outcome.out / path.removesuffix(".md") / "index.html"
    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    assert soup.select_one("article h1").get_text() == title
    assert _lines_for(outcome.check.stdout, "stories/", path) == []


def test_unicode_tags_get_pages_and_quoted_yaml_words_stay_text(outcome):
    from bs4 import BeautifulSoup

    def soup(url: str) -> BeautifulSoup:
        return BeautifulSoup((outcome.out / url / "index.html").read_text("utf-8"), "html.parser")

    assert soup("tags/日本語").find("h1").get_text() == "Tag: 日本語"
    assert soup("tags/zürich").find("h1").get_text() == "Tag: Zürich"
    quoted = soup("scale/quoted-yaml-words")
    assert quoted.select_one(".ws-lead").get_text() == "on"
    tags = [a.get_text() for a in quoted.select(".ws-panel a.ws-tag")]
    assert tags == ["yes", "off", "3.10", "12:30"]


def test_a_story_just_under_the_size_limit_is_published_whole(outcome):
    page = (outcome.out / "scale" / "half-a-megabyte" / "index.html").read_text("utf-8")
    assert 450_000 < len(BIG_BODY.encode()) < MAX_STORY_BYTES
    assert "The very last line of the story." in page
    assert page.count("The pool ran dry again") == BIG_BODY.count("The pool ran dry again")


def test_the_last_of_duplicate_keys_is_used(outcome):
    page = (outcome.out / "scale" / "duplicate-key" / "index.html").read_text("utf-8")
    assert "Second title" in page and "First title" not in page


def test_a_template_the_theme_lacks_is_reported_and_the_story_still_built(make_site):
    site = make_site({"scale/t.md": ok("template: missing.html"), "scale/u.md": ok()})
    strict = site.build("--strict")
    assert strict.returncode == 1
    assert "Traceback" not in strict.stderr
    assert (
        "WARNING -  warstories: scale/t.md:4: error: template: 'missing.html' is not a template "
        "of the theme: remove `template:` or add the file to the theme's custom_dir"
    ) in strict.stderr.splitlines()
    plain = site.build()
    assert plain.returncode == 0 and "Traceback" not in plain.stderr
    assert site.html("scale/t/").select_one("article h1").get_text() == "T"


def test_python_tags_are_never_constructed(outcome):
    assert sorted(p.name for p in outcome.markers.iterdir()) == []


@pytest.mark.parametrize(("link", "shown"), sorted(LINKS.items()))
def test_links_leading_outside_are_refused(outcome, link, shown):
    message = "this link leads outside the stories folder and is refused"
    assert f"stories/{shown}: error: {message}" in outcome.check.stdout
    assert f"WARNING -  warstories: {shown}: error: {message}" in outcome.strict.stderr


def test_a_link_leading_nowhere_is_reported(outcome):
    assert (
        f"stories/{DANGLING}: error: this link leads to no file: fix it or remove it"
        in outcome.check.stdout.splitlines()
    )


def test_a_link_making_a_loop_is_refused(outcome):
    line = f"stories/{LOOP}: error: this link leads back to a folder it is in (a loop): remove it"
    assert line in outcome.check.stdout.splitlines()
    assert not (outcome.out / LOOP).exists()


def test_nothing_from_outside_the_stories_folder_reaches_the_site(outcome):
    for site in (outcome.out, outcome.root.parent / "strict-site"):
        assert (site / "index.html").is_file(), f"{site} was not built"
        for path in site.rglob("*"):
            if path.is_file():
                assert SECRET.encode() not in path.read_bytes(), path

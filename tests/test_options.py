"""The plugin's options are read once, by the library, the same way for the plugin and the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from warstories.core.settings import Options, read_site


def test_defaults():
    options = Options.from_mapping(None)
    assert options == Options()
    assert (options.nav, options.pagefind, options.search_index, options.drafts) == (
        True,
        True,
        "auto",
        None,
    )


def test_an_unknown_option_names_itself_and_the_known_ones():
    with pytest.raises(ValueError, match=r"unknown option 'pagefinds'.*pagefind"):
        Options.from_mapping({"pagefinds": False})


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ({"nav": "yes"}, "'nav' must be true or false"),
        ({"drafts": 1}, "'drafts' must be true or false"),
        ({"search_index": "sometimes"}, "'search_index' must be true, false or auto"),
        ({"pagefind": None}, "'pagefind' must be true or false"),
        ({"categories": {"slug": "x"}}, "'categories' must be a list of mappings"),
    ],
)
def test_a_wrong_value_is_named(given, said):
    with pytest.raises(ValueError, match=said):
        Options.from_mapping(given)


def test_the_vocabulary_is_found_beside_mkdocs_yml(tmp_path: Path):
    (tmp_path / "vocab.yaml").write_text("categories: []\n", "utf-8")
    options = Options.from_mapping({"vocabulary": "vocab.yaml"}, tmp_path)
    assert options.vocabulary == tmp_path / "vocab.yaml"


def test_the_cli_reads_the_options_the_plugin_reads(tmp_path: Path):
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: T\nplugins:\n  - search\n  - warstories:\n      pagefind: false\n"
        "      drafts: true\n",
        "utf-8",
    )
    assert read_site(config).options == Options(pagefind=False, drafts=True)


def test_a_build_with_an_unknown_option_fails_with_its_name(make_site):
    site = make_site({"scale/a.md": "---\ntitle: A\ndescription: B\n---\nText.\n"})
    config = site.root / "mkdocs.yml"
    text = config.read_text("utf-8").replace(
        "  - warstories\n", "  - warstories:\n      pagefinds: false\n"
    )
    assert text != config.read_text("utf-8")
    config.write_text(text, "utf-8")
    built = site.build()
    assert built.returncode != 0
    assert "unknown option 'pagefinds'" in built.stdout + built.stderr

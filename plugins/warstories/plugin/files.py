"""The build's decisions applied to MkDocs' file list: source files dropped, generated ones added."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from warstories.plugin.rebuilds import Rebuilds
from warstories.site.build import Prepared


def hand_over(files: Files, prepared: Prepared, config: MkDocsConfig, rebuilds: Rebuilds) -> Files:
    """`files` without what the build drops, with its generated pages and files (a generated
    page replaces a source file of the same path)."""
    for file in list(files):
        if prepared.drop(file.src_uri, file.is_documentation_page()):
            files.remove(file)
    for src_uri, page in prepared.generated.items():
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(rebuilds.file(config, src_uri, page.html))
    for uri, content in prepared.extra.items():
        files.append(rebuilds.file(config, uri, content))
    return files

"""The search index refreshed in a process of its own, so a build renders pages meanwhile."""

from __future__ import annotations

import sys
from pathlib import Path

from warstories.core.cachedir import index_dir
from warstories.core.settings import read_site
from warstories.search.index import SearchIndexError, refresh_index


def refresh_site_index(config_file: Path) -> str:
    """Bring the whoosh index of the site at `config_file` up to date; what it did, in a line."""
    site = read_site(config_file)
    done = refresh_index(index_dir(site.config_file.parent), site.stories_dir, site.taxonomy)
    return done.summary()


def main(argv: list[str]) -> int:
    """`python -m warstories.search.worker MKDOCS_YML`: the line on stdout, a problem on stderr."""
    try:
        print(refresh_site_index(Path(argv[0])))
    except (SearchIndexError, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

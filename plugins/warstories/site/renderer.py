"""The site's own pages (home, categories, tags) and the parts of story pages, rendered as HTML.

Every value from front matter reaches HTML through Jinja with autoescaping on, so it is text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, select_autoescape

from warstories.core.build_cache import Memo, StoredResults, digest
from warstories.core.catalog import Catalog, TagInfo
from warstories.core.model import Problem, Story
from warstories.core.urls import Links
from warstories.site.newhire import NewHirePages
from warstories.site.page import GeneratedPage
from warstories.site.paging import paged

HOME = "index.md"
CATEGORIES = "categories/index.md"
TAGS = "tags/index.md"


class Renderer:
    """Renders pages from the package's templates for one site layout."""

    def __init__(self, directory_urls: bool = True) -> None:
        self.directory_urls = directory_urls
        self.env = Environment(
            loader=PackageLoader("warstories.site", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self._newhire: NewHirePages | None = None
        # Pages of the last call by what they show (see _page), reused while it is unchanged:
        # the preview edits one story, and most generated pages do not show it.
        self._kept: dict[str, tuple[object, str]] = {}
        self._reuse: _Reuse | None = None

    def newhire(self, catalog: Catalog) -> NewHirePages:
        """The new hires' figures and reading paths, computed once per catalog."""
        if self._newhire is None or self._newhire.catalog is not catalog:
            self._newhire = NewHirePages(catalog)
        return self._newhire

    def render(self, template: str, src_uri: str, **context: object) -> str:
        links = Links(src_uri, self.directory_urls)
        return self.env.get_template(template).render(links=links, **context)

    def site_pages(
        self, catalog: Catalog, site_name: str = "War stories", store: StoredResults | None = None
    ) -> list[GeneratedPage]:
        """Home, the categories index and one page per category, the tags index and one per tag,
        the new hires' pages. A page whose template, address, title and context are those of a
        page of the last call, or of a page in `store` (kept by an earlier build), is reused."""
        taxonomy = catalog.taxonomy
        groups = catalog.by_category()
        tags = catalog.tags()
        counts = {slug: len(stories) for slug, stories in groups.items()}
        common = {"taxonomy": taxonomy, "counts": counts}  # what every template may read
        memo: Memo = {}
        shared = digest([taxonomy, counts, self.directory_urls], memo)
        self._reuse = _Reuse(shared, memo, store, {})
        try:
            pages = self._site_pages(catalog, site_name, common, groups, tags)
        finally:
            self._kept, self._reuse = self._reuse.made, None
        if store is not None:
            store.save()
        return pages

    def _site_pages(
        self, catalog: Catalog, site_name: str, common: dict, groups: dict, tags: dict
    ) -> list[GeneratedPage]:
        taxonomy = common["taxonomy"]
        newhire = self.newhire(catalog)
        pages = [
            self._page(
                HOME,
                "home.html",
                site_name,
                common,
                **newhire.home_context(),
                description="Engineering war stories, indexed by failure category.",
            ),
            self._page(
                CATEGORIES,
                "categories.html",
                "Categories",
                common,
                description="Failure categories of the war stories.",
            ),
            self._page(
                TAGS,
                "tags.html",
                "Tags",
                common,
                tags=tags,
                **tag_index(tags),
                description="Tags of the war stories.",
            ),
        ]
        for category in taxonomy.categories:
            pages += self._paged(
                f"categories/{category.slug}.md",
                "category.html",
                category.label,
                common,
                groups.get(category.slug, ()),
                category=category,
                description=category.description,
                **newhire.category_context(category.slug),
            )
        pages.extend(
            self._page(s.src_uri, s.template, s.title, common, s.description, **s.context)
            for s in newhire.pages()
        )
        for tag in tags.values():
            pages += self._paged(
                f"tags/{tag.slug}.md",
                "tag.html",
                f"Tag: {tag.label}",
                common,
                tag.stories,
                tag=tag,
                description=f"War stories tagged {tag.label}.",
            )
        return pages

    def _page(
        self,
        src_uri: str,
        template: str,
        title: str,
        common: dict,
        description: str = "",
        **context: object,
    ) -> GeneratedPage:
        reuse = self._reuse
        key = reuse.key([template, src_uri, title, context]) if reuse else None
        if reuse is None or key is None:
            html = self.render(template, src_uri, title=title, **common, **context)
            return GeneratedPage(src_uri, title, html, description)
        compiled = self.env.get_template(template)  # a new object when its file changes
        last = self._kept.get(key)
        html = last[1] if last is not None and last[0] is compiled else None
        if html is None and reuse.store is not None:
            stored = reuse.store.get(key)
            html = stored if isinstance(stored, str) else None
        if html is None:
            html = self.render(template, src_uri, title=title, **common, **context)
            if reuse.store is not None:
                reuse.store.put(key, html)
        reuse.made[key] = (compiled, html)
        return GeneratedPage(src_uri, title, html, description)

    def _paged(
        self,
        first: str,
        template: str,
        title: str,
        common: dict,
        stories: Sequence[Story],
        description: str = "",
        **context: object,
    ) -> list[GeneratedPage]:
        """A list of stories in pages of PAGE_SIZE, the first at `first`, linked to each other."""
        return [
            self._page(
                pager.src,
                template,
                pager.title(title),
                common,
                description,
                stories=part,
                pager=pager,
                **context,
            )
            for pager, part in paged(first, stories)
        ]

    def story_header(self, story: Story, catalog: Catalog) -> str:
        return self.render(
            "story_header.html",
            story.path,
            story=story,
            category=catalog.taxonomy.get(story.category),
            tags=list(zip(story.tags, story.tag_slugs)),
            **self.newhire(catalog).story_context(story),
        )

    def story_footer(self, story: Story, catalog: Catalog, related: Sequence[object] = ()) -> str:
        footer = self.render(
            "story_footer.html",
            story.path,
            story=story,
            category=catalog.taxonomy.get(story.category),
            **self.newhire(catalog).story_context(story),
        )
        if related:  # RelatedLink values from related.py
            footer += self.render("story_related.html", story.path, related=related)
        return footer

    def problems_banner(self, problems: Iterable[Problem], src_uri: str) -> str:
        return self.render("problems.html", src_uri, problems=list(problems))


# A tags page with at most this many tags shows them all at once; past it, the tags of one
# story are folded under their count, in alphabetical order, below the shared ones.
TAGS_SHOWN_AT_ONCE = 40


def tag_index(tags: dict[str, TagInfo]) -> dict[str, list[TagInfo]]:
    """The tags page's two lists: `shared` (most used first) and `single` (folded, A to Z)."""
    if len(tags) <= TAGS_SHOWN_AT_ONCE:
        return {"shared": list(tags.values()), "single": []}
    shared = [t for t in tags.values() if len(t.stories) > 1]
    single = sorted(
        (t for t in tags.values() if len(t.stories) == 1), key=lambda t: t.label.lower()
    )
    return {"shared": shared, "single": single}


@dataclass
class _Reuse:
    """One site_pages call's means to reuse pages: the hash of what all pages share, the
    objects already hashed, the store of earlier builds, and the pages made (for the next call)."""

    shared: str
    memo: Memo
    store: StoredResults | None
    made: dict[str, tuple[object, str]]

    def key(self, what: list) -> str | None:
        """The page's key: its template, address, title and context, and what pages share; None
        for a context that cannot be hashed the same way twice (then it is simply rendered)."""
        try:
            return digest([self.shared, *what], self.memo)
        except TypeError:
            return None

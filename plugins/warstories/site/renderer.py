"""The site's own pages (home, categories, tags) and the parts of story pages, rendered as HTML.

Every value from front matter reaches HTML through Jinja with autoescaping on, so it is text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from jinja2 import Environment, PackageLoader, select_autoescape

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
        # Tag pages of the last call, reused while their tag and taxonomy are equal (the preview
        # edits one story: the other tags' pages are unchanged). tag.html shows only the tag's
        # stories; a tag page that shows catalog-wide data must drop this.
        self._tag_pages: dict[str, tuple[object, list[GeneratedPage]]] = {}

    def newhire(self, catalog: Catalog) -> NewHirePages:
        """The new hires' figures and reading paths, computed once per catalog."""
        if self._newhire is None or self._newhire.catalog is not catalog:
            self._newhire = NewHirePages(catalog)
        return self._newhire

    def render(self, template: str, src_uri: str, **context: object) -> str:
        links = Links(src_uri, self.directory_urls)
        return self.env.get_template(template).render(links=links, **context)

    def site_pages(self, catalog: Catalog, site_name: str = "War stories") -> list[GeneratedPage]:
        """Home, the categories index and one page per category, the tags index and one per tag."""
        taxonomy = catalog.taxonomy
        groups = catalog.by_category()
        tags = catalog.tags()
        common = {"catalog": catalog, "taxonomy": taxonomy, "groups": groups}
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
        tag_template = self.env.get_template("tag.html")  # a new object when the file changes
        tag_pages: dict[str, tuple[object, list[GeneratedPage]]] = {}
        for tag in tags.values():
            key = (tag, taxonomy, tag_template)  # equal stories are mostly the same objects: cheap
            last = self._tag_pages.get(tag.slug)
            if last is not None and last[0] == key:
                made = last[1]
            else:
                made = self._paged(
                    f"tags/{tag.slug}.md",
                    "tag.html",
                    f"Tag: {tag.label}",
                    common,
                    tag.stories,
                    tag=tag,
                    description=f"War stories tagged {tag.label}.",
                )
            tag_pages[tag.slug] = (key, made)
            pages += made
        self._tag_pages = tag_pages
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
        html = self.render(template, src_uri, title=title, **common, **context)
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

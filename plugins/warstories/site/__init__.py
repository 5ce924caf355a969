"""Everything a build makes from one catalog: pages, feed, export, charts, templates and static files. Imports core, analysis and search; never mkdocs."""

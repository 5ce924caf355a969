"""Bringing existing postmortems in (postmortems.app files, template Markdown, lists of links) as story files. Imports core, analysis and search."""

"""The MkDocs adapter: config, events, rebuilds and the shared nav; the only package that imports mkdocs. Imports any layer below."""

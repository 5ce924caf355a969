"""Stories in: the model, the vocabulary, YAML and front-matter parsing, validation, lint, the catalog, settings and caches. Imports nothing else of warstories."""

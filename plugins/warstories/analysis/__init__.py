"""What a catalog says beyond one story: related and similar stories, statistics, reading paths, plain text, synonyms and the check's findings. Imports core only."""

"""Finding stories: the whoosh index (the only module that imports whoosh) and the Pagefind records and process. Imports core and analysis."""

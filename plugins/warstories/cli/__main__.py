"""`python -m warstories.cli` runs the command line."""

from warstories.cli.main import main

main()

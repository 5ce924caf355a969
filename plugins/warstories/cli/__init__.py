"""The command line, a click skin over the library; the only package that imports click. Imports any layer below."""

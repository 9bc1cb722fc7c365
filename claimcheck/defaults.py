"""Defaults and choices the command line shows before it does any work.

``claimcheck --help`` builds every subcommand's parser, and argparse wants defaults
and choices then. They live here, in a module that imports nothing, so the help
and ``--version`` answer at once: the modules that use them (grouping with numpy,
fetch with its HTTP stack, the store) import them from here instead of the CLI
importing those modules. tests/test_import_hygiene.py holds the CLI's start-up to that.
"""

from __future__ import annotations

# Output files: CSV, or JSON lines (one object a line). claimcheck writes no single
# JSON document: a million rows as one array cannot be streamed or appended to.
FORMATS = ("csv", "jsonl")
# How ``-o NAME`` picks the format when --format does not say (export.format_for).
FORMAT_SUFFIXES = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}

DEFAULT_DB = "claimcheck.sqlite"  # a review project, in the current directory unless --db

# Grouping: the matcher score (0-100) two claims need to share a group (group.GroupOptions).
GROUP_THRESHOLD = 50.0

# How ``-`` (stdin) may be read, as the file suffix it is treated as (read.discover).
STDIN_FORMATS = {"txt": ".txt", "html": ".html", "jsonl": ".jsonl", "csv": ".csv"}

# How imported label rows find their group (importer.import_labels).
MATCH_MODES = ("group", "text")

# claimcheck fetch (fetch.FetchOptions, where each is explained).
FETCH_DELAY = 1.0
FETCH_TIMEOUT = 30.0
FETCH_RETRIES = 2
FETCH_CONCURRENCY = 8
FETCH_MAX_BYTES = 10_000_000

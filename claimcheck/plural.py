"""Counts in messages: "1 document", "2 documents", "1,204 decisions"."""

from __future__ import annotations


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``count`` with ``noun`` in the right number; ``nouns`` for an irregular plural
    (default: ``noun`` + "s"). Thousands are separated, as in every message."""
    return f"{count:,} {noun if count == 1 else nouns or noun + 's'}"

"""A page's title line: a headline, not a sentence."""

from __future__ import annotations

import pytest

from claimcheck.title import TITLE_MAX_CHARS, reads_as_title


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("New Key Bridge will cost up to $1.9 billion, open in 2028, state says", True),
        ("  Titan sub: explorer among five feared dead as debris is found  ", True),
        ("The council approved the fees on Monday.", False),  # a sentence
        ("Key facts:", False),  # a lead-in
        ("The project would move about 2,000 residents.[10]", False),  # reference marks
        ("", False),
        ("x" * (TITLE_MAX_CHARS + 1), False),  # a paragraph with no full stop
    ],
)
def test_reads_as_title(line: str, title: bool) -> None:
    assert reads_as_title(line) is title

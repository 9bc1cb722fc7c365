"""A page's title: its first line, when that line reads as a headline and not a sentence.

read.py takes it as a text file's title; segment.py makes the line a heading, so a
headline ("FAA grounds 171 Boeing 737 MAX 9 jets after door plug blows out ...") is not
offered for review as a claim when the heading tests (length, no clause) let it pass.
"""

from __future__ import annotations

from .citations import CLOSING_MARKS

TITLE_MAX_CHARS = 150  # titles are at most this long
_SENTENCE_ENDS = (".", "!", "?", ":", ";", ",")  # a line ending so is prose (or a lead-in)


def reads_as_title(line: str) -> bool:
    """Could this (first) line be a page's title?"""
    line = line.strip()
    if line.endswith("]"):  # "... 2,000 residents.[10]": the sentence ends before its marks
        line = CLOSING_MARKS.sub("", line)
    return 0 < len(line) <= TITLE_MAX_CHARS and not line.endswith(_SENTENCE_ENDS)

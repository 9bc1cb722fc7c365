"""Document text as rich ``Text``, shown literally.

Document text never goes through markup: ``[bold]`` stays four brackets and
letters. Control and bidi-override characters are replaced by visible escapes
(``\\x1b``), since a raw ESC would reach the terminal and a bidi override
would reorder the rest of the line. Styles are given as offsets into the
original text and mapped onto the escaped text.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from rich.style import Style
from rich.text import Text

StyleSpan = tuple[int, int, "str | Style"]

ESCAPE_STYLE = "reverse"
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}
# C0/C1 controls and DEL, plus the bidi controls that reorder the rest of a line.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_WORD = re.compile(r"\S+")


def _escape(char: str) -> str:
    """The visible form of a character that must not reach the terminal raw."""
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def literal(text: str, spans: Iterable[StyleSpan] = (), style: str | Style = "") -> Text:
    """``text`` as a Text with ``spans`` (offsets into ``text``) applied, escapes visible."""
    if not _UNSAFE.search(text):
        out = Text(text, style=style)
        for start, end, span_style in spans:
            out.stylize(span_style, start, end)
        return out
    out = Text(style=style)
    index_map = [0] * (len(text) + 1)
    for i, char in enumerate(text):
        index_map[i] = len(out)
        if _UNSAFE.match(char):
            out.append(_escape(char), ESCAPE_STYLE)
        else:
            out.append(char)
    index_map[len(text)] = len(out)
    for start, end, span_style in spans:
        start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
        out.stylize(span_style, index_map[start], index_map[end])
    return out


def one_line(text: str) -> str:
    """Plain text for a single-line cell: escapes made visible, no styling."""
    return _UNSAFE.sub(lambda m: _escape(m.group()), text)


def differing_words(reference: str, text: str) -> list[tuple[int, int]]:
    """Offsets in ``text`` of the words that ``reference`` does not have there."""
    ref_words = _WORD.findall(reference)
    matches = list(_WORD.finditer(text))
    words = [m.group() for m in matches]
    spans: list[tuple[int, int]] = []
    matcher = difflib.SequenceMatcher(None, ref_words, words, autojunk=False)
    for tag, _i1, _i2, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "insert") and j1 < j2:
            spans.append((matches[j1].start(), matches[j2 - 1].end()))
    return spans

"""Fitting text to a width: whole words or an ellipsis, never a word cut in half.

A narrow terminal (80 columns over SSH) must still read: a queue row shows the
words that tell it apart from its neighbours, and a status line drops detail
(``first_fit``) rather than its last numbers.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from rich.text import Text

ELLIPSIS = "…"
# A shared opening must be at least this many words before it is worth eliding.
MIN_SHARED_WORDS = 2


def fit_words(text: str, width: int) -> str:
    """``text`` if it fits in ``width`` cells, else its leading whole words and "…".

    A single word longer than the width (a URL) is cut, with the ellipsis: there is
    no word boundary to keep.
    """
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    room = width - 1  # the ellipsis
    words = text.split(" ")
    kept: list[str] = []
    used = 0
    for word in words:
        need = cell_len(word) + (1 if kept else 0)
        if used + need > room:
            break
        kept.append(word)
        used += need
    if not kept:  # one long word: cut it, cell by cell
        cut = ""
        for char in text:
            if cell_len(cut + char) > room:
                break
            cut += char
        return cut + ELLIPSIS
    return " ".join(kept).rstrip(" ,;:") + ELLIPSIS


def shared_words(a: str, b: str) -> int:
    """How many leading words ``a`` and ``b`` have in common."""
    n = 0
    for x, y in zip(a.split(" "), b.split(" "), strict=False):
        if x != y:
            break
        n += 1
    return n


def distinct_text(text: str, neighbours: Iterable[str], width: int) -> str:
    """``text`` fitted to ``width``, starting near where it parts from its neighbours.

    Rows of a queue often open alike ("The Laos Defense Ministry ..."): when the
    words that differ would not fit, the shared opening is dropped for "…", keeping
    one shared word before the first that differs so the row still reads.
    """
    if cell_len(text) <= width:
        return text
    words = text.split(" ")
    shared = max((shared_words(text, other) for other in neighbours if other != text), default=0)
    if shared < MIN_SHARED_WORDS or shared >= len(words):
        return fit_words(text, width)
    shown = " ".join(words[: shared + 1])
    if cell_len(shown) + 2 <= width:  # the first differing word fits as it is
        return fit_words(text, width)
    return fit_words(ELLIPSIS + " ".join(words[shared - 1 :]), width)


def first_fit(candidates: Iterable[Text], width: int) -> Text:
    """The first of ``candidates`` (most detailed first) that fits ``width``; the last,
    cut at a word, when none does."""
    chosen = Text()
    for chosen in candidates:
        if chosen.cell_len <= width:
            return chosen
    plain = fit_words(chosen.plain, width)
    fitted = chosen[: len(plain) - 1] if plain.endswith(ELLIPSIS) else chosen[: len(plain)]
    if plain.endswith(ELLIPSIS):
        fitted.append(ELLIPSIS)
    return fitted

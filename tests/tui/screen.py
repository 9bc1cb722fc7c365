"""Reading a screen as text, and finding words it cut in half.

Shared by the pilot tests and the tmux session (``test_tmux_session``): a word
on screen that is no word of the corpus or the app but begins one ("documen",
"Unsupp") was clipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from textual.app import App

ROOT = Path(__file__).resolve().parents[2]
WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W\d_]|[^\W\d_]")
MIN_CHECKED = 3  # shorter tokens are keys and symbols ("d", "⏎")
TOAST_EDGE = re.compile("▌")  # the left edge of Textual's notifications
OVERLAY_EDGES = re.compile("[\u2500-\u259f]")  # box drawing and blocks: dialog borders


def screen_lines(app: App) -> list[str]:
    """What the terminal shows, one string per row (Textual's compositor)."""
    strips = app.screen._compositor.render_strips()
    return ["".join(segment.text for segment in strip) for strip in strips]


@cache
def vocabulary() -> frozenset[str]:
    """Every word of the sample corpus, the handmade one and the app's own text."""
    sources = [*(ROOT / "claimcheck").rglob("*.py"), *(ROOT / "claimcheck").rglob("*.md")]
    sources += [p for p in (ROOT / "corpus").rglob("*") if p.is_file()]
    sources += [ROOT / "tests" / "tui" / "handmade.py"]
    words: set[str] = set()
    for path in sources:
        words.update(WORD.findall(path.read_text(encoding="utf-8", errors="replace")))
    return frozenset(words)


@cache
def _prefixes() -> frozenset[str]:
    return frozenset(w[:n] for w in vocabulary() for n in range(MIN_CHECKED, len(w)))


def _visible_tokens(line: str, edges: re.Pattern[str]) -> list[str]:
    """The line's words, less those whose end something drawn over the screen covers:
    a notification (its edge ``▌``) or a dialog (its border, when ``dialog``)."""
    tokens: list[str] = []
    *covered, last = edges.split(line)
    for part in covered:
        words = WORD.findall(part)
        tokens += words if part.endswith(" ") or not part else words[:-1]
    return tokens + WORD.findall(last)


def clipped_words(lines: Iterable[str], dialog: bool = False) -> list[str]:
    """Tokens on screen that are the start of a known word but not a word themselves.
    ``dialog``: a dialog is open, whose border may cut the screen under it."""
    known, prefixes = vocabulary(), _prefixes()
    edges = OVERLAY_EDGES if dialog else TOAST_EDGE
    return [
        token
        for line in lines
        for token in _visible_tokens(line, edges)
        if len(token) >= MIN_CHECKED and token not in known and token in prefixes
    ]

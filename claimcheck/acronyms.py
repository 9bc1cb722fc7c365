"""Acronyms a text defines for itself: "Long Name (ACR)" and "ACR (Long Name)".

Resolved before any lexicon lookup, so that a page's own initials are read as
the page defines them: an army's "(AP)" is not the Associated Press, and
"WHO" on a page about the World Health Organization is that page's topic.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MAX_WORDS = 12  # a long form is at most this many words
_PAREN_ACRONYM = re.compile(r"\(\s*([A-Z][A-Za-z&]{1,9})\s*\)")
_ACRONYM_PAREN = re.compile(r"\b([A-Z][A-Z&]{1,9})\s*\(\s*([^()]{3,120}?)\s*\)")
_WORD = re.compile(r"[\w’'&]+(?:-[\w’'&]+)*")
_SKIP = frozenset({"of", "for", "and", "the", "on", "in", "de", "du", "des", "la", "le", "&", "to"})


def _letters(acronym: str) -> str:
    return "".join(c for c in acronym if c.isupper())


def _initials(words: list[str]) -> str:
    """Initials of a long form's content words; hyphenated parts count apart."""
    out = []
    for w in words:
        if w.casefold() in _SKIP:
            continue
        out.extend(part[0].upper() for part in w.split("-") if part)
    return "".join(out)


def long_form_before(text: str, paren_start: int, acronym: str) -> str | None:
    """The words before "(ACR)" whose initials spell ACR, or None."""
    letters = _letters(acronym)
    if len(letters) < 2:
        return None
    words = _WORD.findall(text[max(0, paren_start - 160) : paren_start])[-MAX_WORDS:]
    for k in range(1, len(words) + 1):
        tail = words[-k:]
        if tail[0].casefold() in _SKIP:
            continue
        got = _initials(tail)
        if got == letters:
            return " ".join(tail)
        if len(got) > len(letters):
            return None
    return None


def defined_acronyms(texts: Iterable[str]) -> dict[str, str]:
    """ACR -> its long form (case-folded) for every acronym the texts define."""
    out: dict[str, str] = {}
    for text in texts:
        if "(" not in text:
            continue
        for m in _PAREN_ACRONYM.finditer(text):
            long = long_form_before(text, m.start(), m.group(1))
            if long:
                out.setdefault(m.group(1).upper(), long.casefold())
        for m in _ACRONYM_PAREN.finditer(text):
            words = _WORD.findall(m.group(2))
            if _initials(words) == _letters(m.group(1)):
                out.setdefault(m.group(1).upper(), " ".join(words).casefold())
    return out

"""Acronyms a text defines for itself: "Long Name (ACR)" and "ACR (Long Name)".

Resolved before any lexicon lookup, so that a page's own initials are read as
the page defines them: an army's "(AP)" is not the Associated Press, and
"WHO" on a page about the World Health Organization is that page's topic.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

MAX_WORDS = 12  # a long form is at most this many words
_PAREN_ACRONYM = re.compile(r"\(\s*([A-Z][A-Za-z&]{1,9})\s*\)")
_ACRONYM_PAREN = re.compile(r"\b([A-Z][A-Z&]{1,9})\s*\(\s*([^()]{3,120}?)\s*\)")
_WORD = re.compile(r"[\w’'&]+(?:-[\w’'&]+)*")
_SKIP = frozenset({"of", "for", "and", "the", "on", "in", "de", "du", "des", "la", "le", "&", "to"})


def _letters(acronym: str) -> str:
    return "".join(c for c in acronym if c.isupper())


def _initials(words: list[str], skip: bool = True) -> str:
    """Initials of a long form's content words (all words when ``skip`` is off: "MOD"
    for "Ministry of Defence"); hyphenated parts count apart."""
    out = []
    for w in words:
        if skip and w.casefold() in _SKIP:
            continue
        out.extend(part[0].upper() for part in w.split("-") if part)
    return "".join(out)


def _spells(words: list[str], letters: str) -> bool:
    return letters in (_initials(words), _initials(words, skip=False))


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
        if _spells(tail, letters):
            return " ".join(tail)
        if len(_initials(tail)) > len(letters):
            return None
    return None


def find_acronyms(texts: Iterable[str]) -> dict[str, str]:
    """ACR -> its long form, as written, for every acronym the texts define. A corpus
    that defines one acronym two ways gets its most frequent long form (ties:
    alphabetical), so the answer does not depend on the order of the texts."""
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    for text in texts:
        if "(" not in text:
            continue
        for m in _PAREN_ACRONYM.finditer(text):
            long = long_form_before(text, m.start(), m.group(1))
            if long:
                seen[m.group(1)][long] += 1
        for m in _ACRONYM_PAREN.finditer(text):
            words = _WORD.findall(m.group(2))
            if _spells(words, _letters(m.group(1))):
                seen[m.group(1)][" ".join(words)] += 1
    return {
        acr: min(longs.items(), key=lambda kv: (-kv[1], kv[0]))[0] for acr, longs in seen.items()
    }


def defined_acronyms(texts: Iterable[str]) -> dict[str, str]:
    """``find_acronyms`` with the long forms case-folded (for lexicon lookups)."""
    return {acr.upper(): long.casefold() for acr, long in find_acronyms(texts).items()}

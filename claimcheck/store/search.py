"""What the queue's search matches: member texts casefolded and, where they carry
accents, also without them, so "valparaiso" finds "Valparaíso" (a reviewer types what
the keyboard has) and "Valparaíso" still finds it in files written before."""

from __future__ import annotations

import unicodedata


def without_accents(text: str) -> str:
    """``text`` with its combining marks dropped ("é" -> "e"); ASCII is returned as is."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def search_text(text: str) -> str:
    """One member text as stored for search: casefolded, then its bare form if it differs."""
    folded = text.casefold()
    bare = without_accents(folded)
    return folded if bare == folded else f"{folded}\n{bare}"


def search_terms(query: str) -> tuple[str, ...]:
    """The forms of a query to look for: as typed (casefolded) and without accents."""
    folded = query.casefold()
    return tuple(dict.fromkeys((folded, without_accents(folded))))

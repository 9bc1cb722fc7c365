"""The checkable facts of a claim core, and when two claims conflict.

A claim's numbers, years, ordinals, weekdays, months and polarity are what a
fact-check is about: "the 18th meeting" and "the 17th meeting" differ in one token,
which every similarity score forgives. Two claims conflict when both carry a fact of
the same kind and neither side's values contain the other's (18th vs 17th; {14000,
511} vs {14000, 600}), or when exactly one is negated. A value on one side only is an
omission, not a conflict: "14,000 cases and 511 deaths" and "14,000 cases" can be
the same claim, and so can a quote with and without "on Friday". Numbers within
``NUMBER_TOLERANCE`` of each other are one figure, rounded or approximate ("nearly $3
billion" and "$2.9 billion"; "1,456 deaths" and "about 1,500"), and a copy cut short
("...") has unknown polarity: neither conflicts with the full figure or text.

Facts are read from the claim core (``core.claim_cores``), so a weekday inside a
stripped attribution frame ("..., the minister said on Friday") is no fact of the
claim.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .letters import has_ascii_digit, letter_words

_NUMBER_WORDS = dict(
    zip(
        """zero one two three four five six seven eight nine ten eleven twelve thirteen
        fourteen fifteen sixteen seventeen eighteen nineteen twenty""".split(),  # noqa: SIM905
        range(21),
        strict=True,
    )
) | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
     "ninety": 90, "hundred": 100, "dozen": 12}  # fmt: skip
_ORDINAL_WORDS = dict(
    zip(
        """first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth
        thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth
        twentieth""".split(),  # noqa: SIM905
        range(1, 21),
        strict=True,
    )
)
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())  # noqa: SIM905
# "may" and "march" are too often verbs to count as months without a number beside them.
_MONTHS = frozenset(
    """january february april june july august september october november
    december""".split()  # noqa: SIM905
)
_NEGATIONS = frozenset(
    """no not nor never without none nobody nothing neither cannot can't don't doesn't
    didn't isn't wasn't aren't weren't hasn't haven't hadn't won't wouldn't couldn't
    shouldn't mustn't ain't cant dont doesnt didnt isnt wasnt arent werent hasnt havent
    hadnt wont wouldnt couldnt shouldnt""".split()  # noqa: SIM905
)


@dataclass(frozen=True)
class Facts:
    """Values by kind ("number", "year", "ordinal", "weekday", "month") and polarity."""

    values: frozenset[tuple[str, str]]
    negated: bool | None  # None: unknown (a truncated text with no negation in view)

    def kinds(self) -> dict[str, frozenset[str]]:
        out: dict[str, set[str]] = {}
        for kind, value in self.values:
            out.setdefault(kind, set()).add(value)
        return {k: frozenset(v) for k, v in out.items()}


NO_FACTS = Facts(frozenset(), False)

# Only the tokens that can be facts: numbers, and the fact and negation words as whole
# words (one regex pass; scanning every word in Python cost seconds a million claims).
_FACT_WORDS = sorted(
    {*_NUMBER_WORDS, *_ORDINAL_WORDS, *_WEEKDAYS, *_MONTHS, *_NEGATIONS}, key=len, reverse=True
)


def _trie(words: Sequence[str]) -> str:
    """One regex alternation of ``words`` factored by common prefix ("mon(?:day)"...).
    re tries a flat alternation's branches one by one at every word start; the
    factored form rejects a non-fact word at its first letter or two (5x faster on
    generated news). Same matches: the fact words are whole words (the lookarounds
    in ``_FACT_RE``), so at most one of them fits at a position, in any branch order."""
    if not words:
        return ""
    by_first: dict[str, list[str]] = {}
    for w in words:
        by_first.setdefault(w[:1], []).append(w[1:])
    parts = []
    for first in sorted(by_first):
        rests = by_first[first]
        optional = "" in rests
        inner = _trie(sorted(r for r in rests if r))
        if not inner:
            parts.append(re.escape(first))
        else:
            tail = f"(?:{inner})" + ("?" if optional else "")
            parts.append(re.escape(first) + tail)
    return "|".join(parts)


_NUMBER_OR_WORD = (
    r"\d+(?:[.,]\d+)*(?:st|nd|rd|th)?"
    r"|(?<![^\W\d_])(?:" + _trie(_FACT_WORDS) + r")(?![^\W\d_])"
)
# "...n't": tried only where a word starts (or right after "1st", whose letters the
# number took): tried inside a word, it rescanned the rest of the word at every letter.
# Inside a word it can only match where it would have matched at the word's start,
# which findall reaches first, so the tokens are the same.
_FACT_RE = re.compile(
    _NUMBER_OR_WORD
    + r"|(?:(?<![^\W\d_])|(?<=\d(?:st|nd|rd|th)))[^\W\d_]+n['’]t\b"
)
# Without an apostrophe before a "t" the "n't" branch cannot match: skip it.
_FACT_RE_NO_NT = re.compile(_NUMBER_OR_WORD)


# A copy cut short ("... the board ...") may have lost a negation the full text has.
_TRUNCATED = re.compile(r"(?:\.\.\.|…)[\"”’')\]]?\s*$")


def facts_of(core: str) -> Facts:
    """The facts of one claim core. ``negated`` is None when the core shows no negation
    but is cut short: the missing part may hold one, so polarity is unknown."""
    values: set[tuple[str, str]] = set()
    negated: bool | None = False
    text = core.casefold()
    pattern = _FACT_RE if "'t" in text or "’t" in text else _FACT_RE_NO_NT
    for tok in pattern.findall(text):
        if tok[0].isdigit():
            values.add(_digit_fact(tok))
        elif tok in _NEGATIONS or tok.endswith("n't") or tok.endswith("n’t"):
            negated = True
        elif tok in _NUMBER_WORDS:
            values.add(("number", str(_NUMBER_WORDS[tok])))
        elif tok in _ORDINAL_WORDS:
            values.add(("ordinal", str(_ORDINAL_WORDS[tok])))
        elif tok in _WEEKDAYS:
            values.add(("weekday", tok))
        elif tok in _MONTHS:
            values.add(("month", tok))
    if not negated and _TRUNCATED.search(core):
        negated = None
    return Facts(frozenset(values), negated) if values or negated is not False else NO_FACTS


@lru_cache(maxsize=65536)  # years and round figures repeat across millions of claims
def _digit_fact(tok: str) -> tuple[str, str]:
    if tok[-2:] in ("st", "nd", "rd", "th"):
        return ("ordinal", tok[:-2].lstrip("0") or "0")
    plain = tok.replace(",", "")
    if len(plain) == 4 and plain.isdigit() and 1800 <= int(plain) <= 2099:
        return ("year", plain)
    if "." in plain:
        plain = plain.rstrip("0").rstrip(".")
    return ("number", plain.lstrip("0") or "0")


def conflict(a: Facts, b: Facts) -> bool:
    """Do two claims state different values of the same kind of fact (or opposite
    polarity)? Omissions are not conflicts."""
    if a.negated is not None and b.negated is not None and a.negated != b.negated:
        return True
    if not a.values or not b.values:
        return False
    ka, kb = a.kinds(), b.kinds()
    for kind in ka.keys() & kb.keys():
        va, vb = ka[kind], kb[kind]
        if va <= vb or vb <= va:
            continue
        if kind != "number" or not (_near_subset(va, vb) or _near_subset(vb, va)):
            return True
    return False


NUMBER_TOLERANCE = 0.05  # relative: 2.9 ~ 3 and 1,456 ~ 1,500, but 17 != 18, 14,000 != 15,000


def _near_subset(small: frozenset[str], big: frozenset[str]) -> bool:
    """Is every number of ``small`` within the tolerance of one of ``big``?"""
    bigs = [float(v) for v in big]
    for v in map(float, small):
        if not any(abs(v - w) <= NUMBER_TOLERANCE * max(abs(v), abs(w)) for w in bigs):
            return False
    return True


def conflicts(facts: Sequence[Facts], a: Sequence[int], b: Sequence[int]) -> list[bool]:
    """``conflict`` for many pairs of indexes into ``facts``."""
    return [
        fa is not fb and fa != fb and conflict(fa, fb)
        for fa, fb in ((facts[i], facts[j]) for i, j in zip(a, b, strict=True))
    ]


@dataclass(frozen=True)
class FactTable:
    """The facts of many claims as integer arrays, so that checking millions of pairs
    is array comparisons, not a Python call per pair (``conflict`` per pair took most
    of the fact guard's time at a million claims).

    negated: per claim, 0 no, 1 yes, 2 unknown (a truncated core); sets: per claim and
    kind (``KINDS``), the id of its value set of that kind (0: none); values: id -> value
    set."""

    negated: np.ndarray
    sets: np.ndarray
    values: list[frozenset[str]]

    def conflicts(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """``conflict`` of claims a[i] and b[i], for every i (bool array)."""
        na, nb = self.negated[a], self.negated[b]
        clash = (na != nb) & (na != UNKNOWN) & (nb != UNKNOWN)
        single = np.fromiter(
            (len(v) == 1 for v in self.values), dtype=bool, count=len(self.values)
        )
        for k, kind in enumerate(KINDS):
            ia, ib = self.sets[a, k], self.sets[b, k]
            differ = (ia > 0) & (ib > 0) & (ia != ib)
            if kind == "number":  # within the tolerance is one figure: test each pair
                some = np.flatnonzero(differ)
                if len(some):
                    clash[some] |= self._neither_contains(ia[some], ib[some], near=True)
                continue
            # two different one-value sets: neither contains the other
            clash |= differ & single[ia] & single[ib]
            many = np.flatnonzero(differ & ~(single[ia] & single[ib]))
            if len(many):
                clash[many] |= self._neither_contains(ia[many], ib[many])
        return clash

    def _neither_contains(self, ia: np.ndarray, ib: np.ndarray, near: bool = False) -> np.ndarray:
        """Per pair of set ids: neither set contains the other (``near``: not even
        within ``NUMBER_TOLERANCE``); one test per distinct pair of ids."""
        code = ia.astype(np.int64) << 32 | ib.astype(np.int64)
        uniq, back = np.unique(code, return_inverse=True)
        test = _numbers_conflict if near else _sets_conflict
        out = np.fromiter(
            (
                test(va, vb)
                for va, vb in (
                    (self.values[int(c) >> 32], self.values[int(c) & 0xFFFFFFFF])
                    for c in uniq.tolist()
                )
            ),
            dtype=bool,
            count=len(uniq),
        )
        return out[back.ravel()]


UNKNOWN = 2  # FactTable.negated: polarity unknown


def _sets_conflict(va: frozenset[str], vb: frozenset[str]) -> bool:
    return not (va <= vb or vb <= va)


def _numbers_conflict(va: frozenset[str], vb: frozenset[str]) -> bool:
    return _sets_conflict(va, vb) and not (_near_subset(va, vb) or _near_subset(vb, va))


KINDS = ("number", "year", "ordinal", "weekday", "month")


def fact_table(cores: Sequence[str], rows: np.ndarray | None = None) -> FactTable:
    """``FactTable`` of ``cores``; with ``rows``, only those cores are read (the others
    count as having no facts: pass the rows that will be compared)."""
    n = len(cores)
    negated = np.zeros(n, dtype=np.int8)
    sets = np.zeros((n, len(KINDS)), dtype=np.int32)
    ids: dict[frozenset[str], int] = {frozenset(): 0}
    kind_col = {k: j for j, k in enumerate(KINDS)}
    todo = list(range(n)) if rows is None else rows.tolist()
    for i, kinds, polarity in _row_facts(cores, todo):
        negated[i] = polarity
        for kind, values in kinds.items():
            sets[i, kind_col[kind]] = ids.setdefault(values, len(ids))
    return FactTable(negated, sets, list(ids))


Polarity = int  # FactTable.negated: 0 no, 1 yes, UNKNOWN


def _row_facts(
    cores: Sequence[str], rows: list[int]
) -> Iterator[tuple[int, dict[str, frozenset[str]], Polarity]]:
    """(row, its values by kind, its polarity) of each row with facts."""
    texts = [cores[i] for i in rows]
    digit = has_ascii_digit(texts).tolist()
    for i, text, words, d in zip(rows, texts, letter_words(texts), digit, strict=True):
        found = None
        if words is not None and "'t" not in text and "'T" not in text:
            found = _FACT_WORD_SET.intersection(words.split())
            if not (d or found or "..." in text):  # no fact (``_FACT_RE``, ``_TRUNCATED``)
                continue
        numbers = _DIGITS_RE.findall(text) if d and found is not None else ()
        if found is None or any(n[-1].isalpha() and n[-3].isalpha() for n in numbers):
            facts = facts_of(text)
            if facts is not NO_FACTS:
                yield i, facts.kinds(), UNKNOWN if facts.negated is None else int(facts.negated)
            continue
        kinds, negated = _word_facts(found, numbers)
        if not negated and "..." in text and _TRUNCATED.search(text):  # ASCII: no "…"
            negated = None
        if kinds or negated is not False:
            yield i, kinds, UNKNOWN if negated is None else int(negated)


# ``facts_of`` from a text's letter runs and digit tokens, where they give the same
# tokens as ``_FACT_RE`` (2-3x faster than its scan over every position): an ASCII
# text (its letter runs are ``letters.letter_words``), without "'t" (no "n't" branch)
# and without an ordinal suffix running into a word ("4third": the number takes "th",
# and the word is no fact; ``_DIGITS_RE`` takes the letter after a suffix to tell).
_DIGITS_RE = re.compile(r"\d+(?:[.,]\d+)*(?:(?:st|nd|rd|th)[a-z]?)?", re.I)
# Each fact word's (kind, value); None for a negation (first: ``facts_of``'s order).
_WORD_FACT: dict[str, tuple[str, str] | None] = {
    **{w: ("month", w) for w in _MONTHS},
    **{w: ("weekday", w) for w in _WEEKDAYS},
    **{w: ("ordinal", str(v)) for w, v in _ORDINAL_WORDS.items()},
    **{w: ("number", str(v)) for w, v in _NUMBER_WORDS.items()},
    **dict.fromkeys(_NEGATIONS),
}


def _word_facts(
    words: Iterable[str], numbers: Iterable[str]
) -> tuple[dict[str, frozenset[str]], bool]:
    """Values by kind and whether negated, of a text's fact words and digit tokens."""
    kinds: dict[str, set[str]] = {}
    negated = False
    for tok in numbers:
        kind, value = _digit_fact(tok.lower())
        kinds.setdefault(kind, set()).add(value)
    for tok in words:
        fact = _WORD_FACT[tok]
        if fact is None:
            negated = True
        else:
            kinds.setdefault(fact[0], set()).add(fact[1])
    return {k: frozenset(v) for k, v in kinds.items()}, negated


def concat_tables(tables: Sequence[FactTable]) -> FactTable:
    """One table of the claims of ``tables`` in turn, as ``fact_table`` of all their
    cores would answer ``conflicts``: a value set's id in a later table is mapped to the
    id the same set has in the earlier ones (equal sets, equal ids)."""
    ids: dict[frozenset[str], int] = {frozenset(): 0}
    sets = []
    for table in tables:
        remap = np.fromiter(
            (ids.setdefault(v, len(ids)) for v in table.values),
            dtype=np.int32,
            count=len(table.values),
        )
        sets.append(remap[table.sets])
    return FactTable(
        np.concatenate([t.negated for t in tables]) if tables else np.zeros(0, dtype=np.int8),
        np.concatenate(sets) if sets else np.zeros((0, len(KINDS)), dtype=np.int32),
        list(ids),
    )


_FACT_WORD_SET = frozenset(_FACT_WORDS)

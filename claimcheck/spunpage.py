"""Spun pages: a page whose sentences are synonym-swapped copies of another page's.

A content farm reposts a news report through a synonym spinner ("The Bank of Japan
raised its policy rate" -> "The Financial institution of Japan raised its coverage
price"). The copy keeps the report's dateline, quotes and reporting verbs, so the page
reads as a news report to every page-level feature (it did on every dev corpus that has
one), though nothing dated stands behind it: LABELS.md's content farm.

Grouping already joins each spun sentence with its original (``nearcopy.spun_copy`` is a
must-link), so the evidence is in the groups: a page with at least ``MIN_SPUN_UNITS``
claims, and ``MIN_SHARE`` of its claims, that are spun copies of another page's claims in
their group, on the spinner's side of each swap. The side is the one whose swapped words
are the rarer in the corpus (the document frequency of the words of each swapped run):
a spinner picks odd synonyms ("coverage price"), while the original's words are the
ones the other outlets' copies and the follow-ups repeat.

Names swapped for names do not stop a pair here ("fewer than half of Americans" / "of
People", "the United States" / "the USA": spinners do that too). The must-link refuses
them (two sentences of one template, "Germany will host ..." / "France will host ...",
are no copy), but these pairs are in one group already; the question is only who spun.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations
from operator import attrgetter

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from .models import Group, Unit
from .nearcopy import SPUN_MIN_RATIO, _aligned, spun_copy, words

MIN_SPUN_UNITS = 3  # spun claims a page needs: one or two is an editor's rewording
MIN_SHARE = 0.3  # and this share of its claims: a long report quoting a spun line is none
# Swapped runs a sentence needs to count as spun: an outlet's copy edits one or two
# ("percent" / "per cent", "said" / "told reporters"); a spinner swaps every few words.
MIN_SWAPS = 3

_DOC = attrgetter("doc_id")


@dataclass(frozen=True, slots=True)
class SpunPage:
    """``doc_id``'s claims ``units`` (global indices) are spun from ``source``'s;
    ``swap`` is one swapped run (original words, spun words) to show as evidence."""

    doc_id: str
    source: str
    units: tuple[int, ...]
    claims: int
    swap: tuple[str, str]

    @property
    def detail(self) -> str:
        original, spun = self.swap
        return (
            f"{len(self.units)} of its {self.claims} claims are synonym-swapped copies of "
            f"another page's (“{spun}” for “{original}”)"
        )


@dataclass(frozen=True, slots=True)
class _Pair:
    """Two members of one group, on two pages, that are spun copies of each other."""

    units: tuple[int, int]
    docs: tuple[str, str]
    runs: tuple[tuple[str, ...], tuple[str, ...]]  # each side's swapped words
    phrase: tuple[str, str]  # one swapped run, each side's words


@dataclass(frozen=True, slots=True)
class _Swap:
    unit: int  # the spinner's unit
    doc: str  # its page
    source: str  # the original's page
    phrase: tuple[str, str]  # (original words, spun words)


def spun_pages(
    units: Sequence[Unit], groups: Sequence[Group], pages: Collection[str] | None = None
) -> dict[str, SpunPage]:
    """The pages (of ``pages``; None: any) that are spun copies of another page, by doc
    id."""
    pairs = list(_spun_pairs(units, groups, pages))
    if not pairs:
        return {}
    # a page needs its spun claims whichever side spun: the direction's corpus pass
    # runs only for pages that could pass
    touched: dict[str, set[int]] = {}
    for pair in pairs:
        for doc, unit in zip(pair.docs, pair.units, strict=True):
            touched.setdefault(doc, set()).add(unit)
    claims = Counter(d for d in map(_DOC, (units[i] for g in groups for i in g.members))
                     if d in touched)
    able = {d for d, found in touched.items() if _enough(len(found), claims[d])}
    pairs = [p for p in pairs if able.intersection(p.docs)]
    if not pairs:
        return {}
    df = _document_frequency(units, {w for p in pairs for run in p.runs for w in run})
    swaps: dict[str, dict[int, _Swap]] = {}
    for swap in (_oriented(p, df) for p in pairs):
        if swap is not None and (pages is None or swap.doc in pages):
            swaps.setdefault(swap.doc, {}).setdefault(swap.unit, swap)
    out: dict[str, SpunPage] = {}
    for doc, found in swaps.items():
        if _enough(len(found), claims[doc]):
            source = Counter(s.source for s in found.values()).most_common(1)[0][0]
            first = found[min(found)]
            out[doc] = SpunPage(doc, source, tuple(sorted(found)), claims[doc], first.phrase)
    return out


def _enough(spun: int, claims: int) -> bool:
    return spun >= MIN_SPUN_UNITS and spun >= MIN_SHARE * claims


def _spun_pairs(
    units: Sequence[Unit], groups: Sequence[Group], pages: Collection[str] | None
) -> Iterator[_Pair]:
    """Members of one group on two pages (one of ``pages``) that are spun copies of each
    other (near-copies by characters too: a spinner's swaps of short words keep the
    ratio high)."""
    for group in groups:
        if group.n_docs < 2:
            continue
        docs = [units[i].doc_id for i in group.members]
        if pages is not None and pages.isdisjoint(docs):
            continue
        cores = group.cores or [units[i].text for i in group.members]
        split: dict[int, list[str]] = {}
        for a, b in combinations(range(len(docs)), 2):
            if docs[a] == docs[b] or cores[a] == cores[b]:
                continue
            if pages is not None and docs[a] not in pages and docs[b] not in pages:
                continue
            pair = _spun(group.members, docs, cores, split, a, b)
            if pair is not None:
                yield pair


def _spun(
    members: Sequence[int],
    docs: Sequence[str],
    cores: Sequence[str],
    split: dict[int, list[str]],
    a: int,
    b: int,
) -> _Pair | None:
    if fuzz.ratio(cores[a], cores[b], score_cutoff=SPUN_MIN_RATIO) == 0:
        return None
    x, y = (split.get(k) or split.setdefault(k, words(cores[k])) for k in (a, b))
    # a spinner's sentence differs in MIN_SWAPS words at least: one C call first
    if Levenshtein.distance(x, y) < MIN_SWAPS or not spun_copy(x, y):
        return None
    gx: list[str] = []
    gy: list[str] = []
    swaps: list[tuple[str, str]] = []
    for run_x, run_y, _ in _aligned(x, y):
        gx.extend(run_x)
        gy.extend(run_y)
        if run_x and run_y:
            swaps.append((" ".join(run_x), " ".join(run_y)))
    if len(swaps) < MIN_SWAPS:
        return None
    ids = (members[a], members[b])
    return _Pair(ids, (docs[a], docs[b]), (tuple(gx), tuple(gy)), swaps[0])


def _document_frequency(units: Sequence[Unit], wanted: set[str]) -> Counter[str]:
    """In how many pages each of ``wanted`` appears (one pass over the units' texts)."""
    seen: dict[str, set[str]] = {}
    for u in units:
        found = wanted.intersection(words(u.text))
        if found:
            seen.setdefault(u.doc_id, set()).update(found)
    return Counter(w for found in seen.values() for w in found)


def _oriented(pair: _Pair, df: Counter[str]) -> _Swap | None:
    """Which side spun the other: the side whose swapped words are rarer in the corpus
    (mean log document frequency); None on a tie."""
    rare = [_rarity(run, df) for run in pair.runs]
    if rare[0] == rare[1]:
        return None
    s, o = (0, 1) if rare[0] > rare[1] else (1, 0)
    return _Swap(pair.units[s], pair.docs[s], pair.docs[o], (pair.phrase[o], pair.phrase[s]))


def _rarity(ws: Sequence[str], df: Counter[str]) -> float:
    return -sum(math.log(max(df[w], 1)) for w in ws) / len(ws) if ws else -math.inf

"""Grouping: the claim units that make the same claim, across documents.

Steps (deterministic: unique texts are processed in sorted order, ties broken by
content, so the same input in any order gives the same groups and ids):

1. normalise every claim (NFKC, case, punctuation) and collapse exact duplicates,
   so boilerplate repeated 10,000 times is handled once;
2. reduce each unique text to its claim core (``core``: attribution frames,
   datelines, quote marks stripped; acronyms mapped to the corpus's own expansions)
   and build its scoring key (stemmed words, stop words dropped);
3. score pairs with a matcher passed in (``match``: tf-idf cosine plus containment
   by default, WordLlama embeddings with ``--semantic``): exactly for up to ``brute_force_max``
   unique texts, otherwise over MinHash LSH candidates (numpy banding, mapped over
   an ``executor``: local threads or a dask cluster);
4. drop pairs whose facts conflict (``facts``: different numbers, years, weekdays;
   a fact on one side only is no conflict);
5. cluster with average linkage inside the blocks of connected pairs (``cluster``):
   no single-link chaining, every member close to its group as a whole;
6. list each group's closest other groups below the threshold (``related``); pairs
   the fact guard blocked count there at a fraction of their score
   (``related_conflict``): the same claim with conflicting facts.

Defaults were chosen on the shared gold corpora with ``benchmarks/grouping_eval.py``
(see docs/grouping.md).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import time
import unicodedata
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import compress, count
from operator import attrgetter, not_
from typing import Any

import numpy as np
from scipy import sparse

from . import samespeaker
from .cluster import LINKAGES, cluster_pairs, distinct_ids
from .core import claim_cores, find_acronyms
from .defaults import GROUP_THRESHOLD
from .executor import Executor, LocalExecutor
from .facts import FactTable, concat_tables, fact_table
from .helper import Helper, HelperFailed
from .match import BestOf, Matcher, Model, concat_pairs
from .match.lexical import LexicalMatcher
from .models import CLAIM_KINDS, Group, ProgressFn, Unit, no_progress
from .nearcopy import NEAR_COPY_RATIO, copies, must_link
from .stopwords import STOP_WORDS

KEYS = ("stem", "norm")
# Starts a helper process (or gives None) for as long as the context is open.
HelperFactory = Callable[[], contextlib.AbstractContextManager["Helper | None"]]


@dataclass(frozen=True)
class GroupOptions:
    """How claims are grouped.

    threshold: minimum matcher score (0-100) for two claims to share a group; with
        average linkage, the mean score between two merged clusters.
    related_floor: pairs from this score (0-100) up are kept: below the threshold they
        rank the related groups, and they count in the linkage averages.
    related_top: how many related groups each group lists.
    linkage: "average" or "complete" (``cluster.LINKAGES``).
    key: "stem" compares stemmed words without stop words, "norm" the normalised words.
    brute_force_max: up to this many unique texts every pair is scored (exact).
    bands, rows: MinHash LSH layout for larger inputs (candidate pairs only; the matcher
        scores them). 12 x 5 keeps pairs sharing 70% of their words with probability
        0.89, 0.99 at 80% (S-curve 1-(1-j^5)^12); the rare-pair key below finds most of
        the rest. Measured (benchmarks/blocking_recall.py, recall of the pairs grouping
        joins, generated news): 24 x 5 alone 0.969 at 10k, 0.885 at 100k; 12 x 5 with
        rare pairs 0.988 and 0.915 for 1.2x the pair stage's CPU at 100k (24 x 5 with
        them: 0.989 / 0.917 for 1.5x). 32 x 3 found 1.6% more merges for 33x the
        candidates. Below ``brute_force_max`` every pair is scored.
    max_bucket: LSH buckets larger than this are paired only with near neighbours
        in length order, so one very common band value cannot explode the pairs.
    rare_pairs: a second blocking key beside the LSH bands (0: off): each text's
        ``rare_pairs`` rarest words found in more than one text (by document frequency),
        every two of them a key; texts sharing a key are candidates
        (``rare_pair_candidates``). It finds the pairs tf-idf scores high on a few shared
        rare words (names, numbers) whose word sets overlap too little for MinHash
        bands (Jaccard 0.2-0.4). 4: see the figures above; 5 and 6 reach 0.927 and
        0.941 at 100k for 2x and 3x the candidates of 4 (docs/grouping.md).
    fact_guard: claims whose facts conflict (different numbers, years, ordinals,
        weekdays, months of the same kind; one side negated) never share a group
        (``facts.conflict``); a fact on one side only is no conflict.
    related_conflict: a pair the fact guard keeps apart still ranks the related groups,
        at this fraction of its score (0: not at all): the same claim with conflicting
        facts is the near-miss a reviewer most wants to see beside a group.
    near_copy: pairs of texts at least this similar character by character
        (``fuzz.ratio``, 0-100) share a group whatever the linkage averages say, unless
        the fact guard blocks them (``nearcopy``); 0: off.
    spun_copy: with ``near_copy``, machine-spun copies too (words swapped one for one
        in place, ``nearcopy.spun_copy``) are such must-links.
    same_speaker: two claims whose cores open with one speaker ("Secretary X said ...")
        and say things sharing too few words are kept apart as the fact guard keeps
        conflicts apart, unless copies (``samespeaker``).
    with_cores: keep each member's claim core on its group (for the JSONL output).
    lone_slack: a claim the linkage leaves alone joins the group it is closest to on
        average when that mean is at least ``threshold - lone_slack`` (0-100) and every
        pair between them was scored and none blocked (``cluster.join_lone``); 0: off.
        2: chosen on 23 corpora (docs/grouping.md, Round 12).
    """

    threshold: float = GROUP_THRESHOLD
    related_floor: float = 25.0
    related_top: int = 5
    linkage: str = "average"
    key: str = "stem"
    brute_force_max: int = 5000
    bands: int = 12
    rows: int = 5
    max_bucket: int = 200
    rare_pairs: int = 4
    fact_guard: bool = True
    related_conflict: float = 0.5
    near_copy: float = NEAR_COPY_RATIO
    spun_copy: bool = True
    same_speaker: bool = True
    with_cores: bool = True
    lone_slack: float = 2.0
    # Also score each claim's full text and keep the better score (``match.BestOf``).
    # Measured on the gold corpora: no near-duplicate gained, F1 0.385 -> 0.368 (health),
    # 0.241 -> 0.239 (economy), at twice the fitting cost; off by default.
    full_text_too: bool = False
    workers: int = -1
    seed: int = 1

    def __post_init__(self) -> None:
        if self.key not in KEYS:
            raise ValueError(f"unknown key {self.key!r}; one of {KEYS}")
        if self.linkage not in LINKAGES:
            raise ValueError(f"unknown linkage {self.linkage!r}; one of {LINKAGES}")
        for name in ("threshold", "related_floor", "lone_slack"):
            value = getattr(self, name)
            if not 0 <= value <= 100:  # also refuses nan
                raise ValueError(f"{name} must be within 0..100")
        if self.related_floor > self.threshold:
            raise ValueError("related_floor must not exceed threshold")
        if not 0 <= self.related_conflict <= 1:
            raise ValueError("related_conflict must be within 0..1")


# --- normalisation ---------------------------------------------------------

# Apostrophes vanish ("nation's" -> "nations"); other punctuation splits words.
_APOSTROPHES = "'\u2018\u2019\u02bc\u0060\u00b4"
# Invisible characters the reader keeps in the text (offsets into the source) but that
# must not split a word for matching: soft hyphen, zero-width space/joiners, BOM.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_PUNCT_RE = re.compile(r"[^\w\s]+|_")
_APOS_RE = re.compile(f"[{_APOSTROPHES}{_INVISIBLE}]")  # removed, not spaced



def normalize(text: str) -> str:
    """Grouping key: NFKC, casefolded, apostrophes dropped, punctuation to spaces."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _PUNCT_RE.sub(" ", _APOS_RE.sub("", text))
    return " ".join(text.split())


def _ascii_tables() -> tuple[bytes, bytes]:
    """bytes.translate table and deletions equal to ``normalize`` on ASCII text:
    letters lowered, digits kept, apostrophes dropped, "\\n" kept (it separates
    texts), every other character to a space."""
    table = bytearray(b" " * 256)
    for c in range(128):
        ch = chr(c)
        if ch.isalnum():
            table[c] = ord(ch.lower())
    table[ord("\n")] = ord("\n")
    return bytes(table), b"'`"


_ASCII_TABLE, _ASCII_DELETE = _ascii_tables()


def _normalize_many(texts: Sequence[str], chunk: int = 100_000) -> list[str]:
    """``normalize`` over many texts at once: one pass of each step over a big string
    per chunk (ASCII texts, the bulk, through bytes.translate; the rest through
    ``normalize``'s own steps)."""
    out: list[str] = []
    for lo in range(0, len(texts), chunk):
        out.extend(_normalize_chunk(texts[lo : lo + chunk]))
    return out


def _normalize_chunk(part: Sequence[str]) -> list[str]:
    if "\n" in "".join(part):
        part = [t.replace("\n", " ") for t in part]
    if all(map(str.isascii, part)):
        return _normalize_ascii(part)
    return _normalize_mixed(part)


def _normalize_ascii(texts: Sequence[str]) -> list[str]:
    if not texts:  # "".split("\n") is [""], one text too many
        return []
    big = "\n".join(texts).encode("ascii").translate(_ASCII_TABLE, _ASCII_DELETE)
    return _squeeze_spaces(big).decode("ascii").split("\n")


def _squeeze_spaces(big: bytes) -> bytes:
    """Runs of spaces to one, and none at either end or beside a "\n" (text ends).
    Two boolean masks in numpy: ~5x faster than repeated bytes.replace, which took
    half of normalising a million sentences (punctuation leaves many double spaces)."""
    a = np.frombuffer(big, dtype=np.uint8)
    space = a == 32
    a = a[~(space & np.concatenate(([True], space[:-1])))]  # runs, and a leading space
    newline = a == 10
    space = a == 32
    beside = np.concatenate((newline[1:], [True])) | np.concatenate(([False], newline[:-1]))
    return a[~(space & beside)].tobytes()


def _normalize_mixed(texts: Sequence[str]) -> list[str]:
    ascii_idx = [i for i, t in enumerate(texts) if t.isascii()]
    other_idx = [i for i, t in enumerate(texts) if not t.isascii()]
    out: list[str] = [""] * len(texts)
    for i, norm in zip(ascii_idx, _normalize_ascii([texts[i] for i in ascii_idx]), strict=True):
        out[i] = norm
    if not other_idx:
        return out
    big = "\n".join(texts[i] for i in other_idx)
    big = unicodedata.normalize("NFKC", big).casefold()
    big = _PUNCT_RE.sub(" ", _APOS_RE.sub("", big))
    # NFKC/casefold never create "\n", so the parts line up with the texts.
    for i, part in zip(other_idx, big.split("\n"), strict=True):
        out[i] = " ".join(part.split())
    return out


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    from ._nltk import porter_stemmer

    return porter_stemmer()


class _Stems(dict):
    """word -> stem ("" for stop words), filled on first sight."""

    def __missing__(self, word: str) -> str:
        if word in STOP_WORDS:
            stem = ""
        elif word.isdigit():
            stem = word  # the stemmer leaves digits alone; skip its cost
        else:
            stem = _stemmer().stem(word)
        self[word] = stem
        return stem


_STEMS = _Stems()


def stem_key(norm: str) -> str:
    """Stemmed words without stop words; falls back to ``norm`` if nothing is left."""
    out = " ".join(s for s in map(_STEMS.__getitem__, norm.split()) if s)
    return out or norm


Tokens = tuple[np.ndarray, np.ndarray, list[str]]  # word ids, start per text, words


def _keys_and_tokens(
    norms: Sequence[str], key: str, chunk: int = 100_000
) -> tuple[list[str], Tokens]:
    """Scoring keys of many normalised texts (``stem_key`` in bulk: one split and one
    dictionary pass per chunk instead of per text), and the word ids of the keys (as
    ``_token_ids(keys)``, without splitting the keys again). Chunks bound the memory.
    (Spreading the chunks over worker processes was measured at 1M sentences and
    gained nothing: the texts' round trip cost what the second core saved.)"""
    if key == "norm":
        return list(norms), _token_ids(norms)
    return _tokens_of([_stem_keys(norms, chunk)])


@dataclass
class StemKeys:
    """Stem keys of some texts and their word ids: ``ids`` (flattened) index ``vocab``,
    the stems in the order they were first seen; ``sizes``: words per key (0: the key
    fell back to the normalised text)."""

    keys: list[str]
    ids: np.ndarray
    sizes: np.ndarray
    vocab: list[str]


def _stem_keys(norms: Sequence[str], chunk: int = 100_000) -> StemKeys:
    word_ids = _WordIds()
    keys: list[str] = []
    id_parts: list[np.ndarray] = []
    sizes: list[np.ndarray] = []
    for lo in range(0, len(norms), chunk):
        part_keys, ids, size = _chunk_keys(norms[lo : lo + chunk], word_ids)
        id_parts.append(ids)
        sizes.append(size)
        keys.extend(part_keys)
    ids = np.concatenate(id_parts) if id_parts else np.empty(0, dtype=np.int32)
    size = np.concatenate(sizes) if sizes else np.empty(0, dtype=np.int64)
    return StemKeys(keys, ids, size, list(word_ids.vocab))


def _tokens_of(parts: Sequence[StemKeys]) -> tuple[list[str], Tokens]:
    """The keys of consecutive parts of one list of texts and their tokens, exactly as
    ``_stem_keys`` of the whole list would number the stems (first seen, first
    numbered): a later part's stems keep the ids of the earlier parts and its new
    ones follow in its own order."""
    keys = [k for part in parts for k in part.keys]
    size = np.concatenate([part.sizes for part in parts]) if parts else np.empty(0, np.int64)
    if np.any(size == 0):  # keys that fell back to the normalised text: tokenise those
        return keys, _token_ids(keys)
    vocab: dict[str, int] = {}
    ids: list[np.ndarray] = []
    for part in parts:
        remap = np.fromiter(
            (vocab.setdefault(stem, len(vocab)) for stem in part.vocab),
            dtype=np.int32,
            count=len(part.vocab),
        )
        ids.append(remap[part.ids] if len(part.ids) else part.ids.astype(np.int32))
    flat = np.concatenate(ids) if ids else np.empty(0, dtype=np.int32)
    starts = np.concatenate(([0], np.cumsum(size)[:-1])).astype(np.int64)
    return keys, (flat, starts, list(vocab))


class _WordIds(dict):
    """word -> id of its stem in ``vocab`` (stem -> id); -1 for the text separator
    "\n", -2 for stop words. Filled on first sight."""

    def __init__(self) -> None:
        super().__init__({"\n": -1})
        self.vocab: dict[str, int] = {}

    def __missing__(self, word: str) -> int:
        stem = _STEMS[word]
        i = -2 if not stem else self.vocab.setdefault(stem, len(self.vocab))
        self[word] = i
        return i


def _chunk_keys(
    part: Sequence[str], word_ids: _WordIds
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Stem keys of one chunk of normalised texts, the word ids of the keys, and how
    many words each key has."""
    # Normalised texts hold single spaces and no "\n": " \n " marks the text ends.
    raw = " \n ".join(part).split(" ")
    ids = np.fromiter(map(word_ids.__getitem__, raw), dtype=np.int32, count=len(raw))
    del raw
    # The keys from the ids: a numpy gather over the stems (id -1, the last, is "\n"),
    # not a second dictionary pass over every word.
    stem_of = np.array([*word_ids.vocab, "\n"], dtype=object)
    joined = " ".join(stem_of[ids[ids != -2]].tolist())
    is_word = ids >= 0
    kept = np.cumsum(is_word)
    bounds = np.concatenate(([0], kept[ids == -1], [kept[-1] if len(kept) else 0]))
    keys = [k.strip(" ") or norm for norm, k in zip(part, joined.split("\n"), strict=True)]
    return keys, ids[is_word], np.diff(bounds)


def group_id(norm: str) -> str:
    """Stable id from the representative's normalised text."""
    return "g" + hashlib.sha1(norm.encode("utf-8")).hexdigest()[:12]


# --- candidate generation --------------------------------------------------

_MASK32 = np.uint64(0xFFFFFFFF)


def _token_ids(
    keys: Sequence[str], chunk: int = 100_000
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Word ids of every key, flattened (int32), the start offset of each key, and the
    words. One split and one dictionary pass per chunk."""
    vocab: dict[str, int] = {}
    parts: list[np.ndarray] = []
    sizes = np.fromiter(
        (k.count(" ") + 1 if k else 0 for k in keys), dtype=np.int64, count=len(keys)
    )
    for lo in range(0, len(keys), chunk):
        words = " ".join(k for k in keys[lo : lo + chunk] if k).split(" ")
        if words == [""]:
            continue
        new = set(words).difference(vocab)
        vocab.update(zip(sorted(new), range(len(vocab), len(vocab) + len(new)), strict=True))
        parts.append(np.fromiter(map(vocab.__getitem__, words), dtype=np.int32, count=len(words)))
    ids = np.concatenate(parts) if parts else np.empty(0, dtype=np.int32)
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)
    return ids, starts, list(vocab)


def word_hashes(words: Sequence[str]) -> np.ndarray:
    """A 64-bit hash of each word from its content only (not its id, which follows
    input order), so the candidates, and the groups, don't depend on input order."""
    return _mix64(
        np.fromiter(
            ((zlib.crc32(b) << 32) | zlib.adler32(b) for b in (w.encode() for w in words)),
            dtype=np.uint64,
            count=len(words),
        )
    )


def _mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser, element-wise (wrapping uint64 arithmetic)."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _band_seeds(bands: int, rows: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).integers(1, 2**63, size=(bands, rows), dtype=np.uint64)


def band_candidates(
    ids: np.ndarray,
    starts: np.ndarray,
    whash: np.ndarray,
    seeds: np.ndarray,
    lengths: np.ndarray,
    max_bucket: int,
    threshold: float | None = None,
    fp: np.ndarray | None = None,
) -> tuple[np.ndarray, int, int]:
    """Candidate pairs (encoded, sorted, distinct) of one LSH band: ``len(seeds)`` MinHash
    rows over each text's words, combined into one band key; texts sharing a key pair up
    (the rows' minima from ``row_minima``). With ``threshold`` the length filter, with
    ``fp`` the fact guard are applied here, so the global dedup sees only plausible pairs.
    Returns the pairs, the number of capped buckets and the raw pair count."""
    ends = np.append(starts[1:], len(ids))
    texts = np.flatnonzero(ends > starts)
    if len(texts) < 2:
        return np.empty(0, dtype=np.uint64), 0, 0
    cuts = starts[texts]
    key = np.zeros(len(texts), dtype=np.uint64)
    # 16-bit values: half the memory traffic of 32; chance row collisions (2^-16)
    # are negligible next to the rows a near-duplicate shares.
    tables = [(_mix64(whash ^ np.uint64(s)) >> np.uint64(48)).astype(np.uint16) for s in seeds]
    for row in row_minima(tables, ids, cuts):
        key = key * np.uint64(0x9E3779B97F4A7C15) + row.astype(np.uint64)
    order = np.argsort(key)  # any order within a run: its pairs are the same set
    sk = key[order]
    order = texts[order]
    boundary = np.flatnonzero(sk[1:] != sk[:-1]) + 1
    run_starts = np.concatenate(([0], boundary))
    run_sizes = np.diff(np.append(run_starts, len(sk)))
    small = (run_sizes >= 2) & (run_sizes <= max_bucket)
    found = [_pairs_in_runs(order, run_starts[small], run_sizes[small])]
    big = np.flatnonzero(run_sizes > max_bucket)
    for r in big.tolist():
        s0, z = int(run_starts[r]), int(run_sizes[r])
        found.append(_window_pairs(order[s0 : s0 + z], lengths, window=max_bucket // 8 or 1))
    codes = np.concatenate(found)
    raw = len(codes)
    if threshold is not None or fp is not None:
        a, b = _decode(codes)
        keep = np.ones(len(a), dtype=bool)
        if threshold is not None:
            la, lb = lengths[a], lengths[b]
            keep &= 200.0 * np.minimum(la, lb) >= threshold * (la + lb) - 1e-9
        if fp is not None:
            keep &= fp[a] == fp[b]
        codes = codes[keep]
    return _sorted_unique(codes), len(big), raw


LANES = 4  # 16-bit rows packed in one 64-bit gather


def row_minima(
    tables: Sequence[np.ndarray], ids: np.ndarray, cuts: np.ndarray, chunk: int = 4_000_000
) -> list[np.ndarray]:
    """``np.minimum.reduceat(table[ids], cuts)`` for each uint16 table (a MinHash row:
    each text's least value over its words; ``cuts``: where each text's words start,
    none empty). Four tables are packed into one uint64 per word, so one gather serves
    four rows and one reduceat takes their minima lane by lane: ~0.6x the time of a
    gather and a reduceat per row (at a million claims, 60 rows of 23M tokens were half
    of the bands' CPU). Tokens are taken ``chunk`` at a time (by whole texts), so the
    packed copy stays small."""
    out: list[np.ndarray] = []
    for lo in range(0, len(tables), LANES):
        group = tables[lo : lo + LANES]
        if len(group) == 1:  # a lone row: its own gather is as fast
            out.append(np.minimum.reduceat(group[0][ids], cuts))
            continue
        packed = np.zeros((len(group[0]), LANES), dtype=np.uint16)
        for lane, table in enumerate(group):
            packed[:, lane] = table
        words = packed.view(np.uint64).ravel()
        minima = np.empty((len(cuts), LANES), dtype=np.uint16)
        for a, b in _text_chunks(cuts, len(ids), chunk):
            first, last = int(cuts[a]), int(cuts[b]) if b < len(cuts) else len(ids)
            lanes = words[ids[first:last]].view(np.uint16).reshape(-1, LANES)
            minima[a:b] = np.minimum.reduceat(lanes, cuts[a:b] - first, axis=0)
        out.extend(minima[:, lane].copy() for lane in range(len(group)))
    return out


def _text_chunks(cuts: np.ndarray, total: int, size: int) -> list[tuple[int, int]]:
    """Consecutive ranges of texts (by index into ``cuts``) of about ``size`` tokens."""
    if len(cuts) == 0:
        return []
    bounds = np.searchsorted(cuts, np.arange(size, total, size)).tolist()
    edges = sorted({0, *bounds, len(cuts)})
    return list(zip(edges[:-1], edges[1:], strict=True))


def _pairs_in_runs(order: np.ndarray, run_starts: np.ndarray, run_sizes: np.ndarray) -> np.ndarray:
    """All (i, j) pairs within each run of ``order``, vectorised, as encoded uint64."""
    if len(run_sizes) == 0:
        return np.empty(0, dtype=np.uint64)
    # For every position p in a run, its partners are the later positions of the run.
    member_pos = np.repeat(run_starts, run_sizes) + _ramp(run_sizes)
    run_end = np.repeat(run_starts + run_sizes, run_sizes)
    partners = run_end - member_pos - 1
    left = np.repeat(member_pos, partners)
    right = left + 1 + _ramp(partners)
    return _encode(order[left], order[right])


def _ramp(sizes: np.ndarray) -> np.ndarray:
    """0..s-1 for every s in sizes, concatenated."""
    total = int(sizes.sum())
    if total == 0:
        return np.empty(0, dtype=np.int64)
    offsets = np.repeat(np.cumsum(sizes) - sizes, sizes)
    return np.arange(total, dtype=np.int64) - offsets


def _encode(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    lo, hi = np.minimum(a, b).astype(np.uint64), np.maximum(a, b).astype(np.uint64)
    return (lo << np.uint64(32)) | hi


def _decode(code: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return (code >> np.uint64(32)).astype(np.int64), (code & _MASK32).astype(np.int64)


def _sorted_unique(x: np.ndarray) -> np.ndarray:
    # np.unique's hash path is far slower than sorting for large uint64 arrays.
    x = np.sort(x)
    return x[np.concatenate(([True], x[1:] != x[:-1]))] if len(x) else x


def _window_pairs(members: np.ndarray, lengths: np.ndarray, window: int) -> np.ndarray:
    """Pairs of a huge bucket restricted to neighbours in length order (bounded cost)."""
    members = members[np.lexsort((members, lengths[members]))]
    parts = [
        _encode(members[:-d], members[d:]) for d in range(1, min(window, len(members) - 1) + 1)
    ]
    return np.concatenate(parts) if parts else np.empty(0, dtype=np.uint64)


def rare_pair_keys(
    ids: np.ndarray,
    starts: np.ndarray,
    whash: np.ndarray,
    k: int,
    chunk: int = 100_000,
) -> tuple[np.ndarray, np.ndarray]:
    """Blocking keys (uint64) and the text of each: every two of a text's ``k`` rarest
    distinct words found in more than one text. Rarity is document frequency, ties by
    the word's content hash, so the keys depend on content only. Texts are taken
    ``chunk`` at a time: arrays over every token (tens of millions at a million
    claims) cost ~1 GB of peak memory."""
    n = len(starts)
    none = np.empty(0, dtype=np.uint64), np.empty(0, dtype=np.int64)
    if n < 2 or len(ids) == 0:
        return none
    ranges = [(lo, min(lo + chunk, n)) for lo in range(0, n, chunk)]
    indptr, distinct = _distinct_rows(ids, starts)
    df = np.zeros(len(whash), dtype=np.int64)
    for lo, hi in ranges:
        df += np.bincount(_distinct_words(indptr, distinct, lo, hi)[1], minlength=len(whash))
    # every word's place in the rarity order: one sort of the vocabulary
    rarity = np.empty(len(whash), dtype=np.int64)
    rarity[np.lexsort((whash, df))] = np.arange(len(whash))
    hash_at = whash[np.argsort(rarity)]  # word hash by rarity place
    keys: list[np.ndarray] = []
    owners: list[np.ndarray] = []
    for lo, hi in ranges:
        text, word = _distinct_words(indptr, distinct, lo, hi)
        shared = df[word] >= 2  # a word in one text only can be in no shared key
        _rarest_pair_keys(text[shared], rarity[word[shared]], hash_at, k, keys, owners)
    if not keys:
        return none
    return np.concatenate(keys), np.concatenate(owners)


def rare_pair_candidates(
    ids: np.ndarray,
    starts: np.ndarray,
    whash: np.ndarray,
    lengths: np.ndarray,
    k: int,
    max_bucket: int,
    chunk: int = 100_000,
) -> np.ndarray:
    """Candidate pairs (encoded, sorted, distinct) of texts sharing a ``rare_pair_keys``
    key: two of their ``k`` rarest words."""
    key, owner = rare_pair_keys(ids, starts, whash, k, chunk)
    return _bucket_pairs(key, owner, lengths, max_bucket)


def _rare_part_codes(
    tokens: Tokens, whash: np.ndarray, opts: GroupOptions, parts: int = 8
) -> list[np.ndarray]:
    """The rare-pair candidates (sorted codes) in ``parts`` slices of the key space: at
    a million claims the pairs of all buckets at once, with their scoring arrays, were
    ~1 GB of the peak; the codes alone are ~0.15 GB."""
    ids, starts, _ = tokens
    lengths = np.diff(np.append(starts, len(ids)))
    key, owner = rare_pair_keys(ids, starts, whash, opts.rare_pairs)
    part = (key >> np.uint64(61)).astype(np.int64) % parts
    found = []
    for p in range(parts):
        mine = part == p
        found.append(_bucket_pairs(key[mine], owner[mine], lengths, opts.max_bucket))
    return found


def _scored_rare_pairs(
    model: Model, part_codes: list[np.ndarray], opts: GroupOptions, skip: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """The rare-pair candidates (``_rare_part_codes``) not in ``skip`` (sorted codes)
    scoring >= the threshold, and how many candidates were scored; a slice at a time."""
    found: list[np.ndarray] = []
    scored = 0
    while part_codes:
        codes = part_codes.pop(0)  # each slice's memory is free once scored
        codes = codes[~_sorted_contains(skip, codes)]
        scored += len(codes)
        a, b, s = _score_codes(model, codes, opts.threshold / 100.0)
        found.append(np.stack([_encode(a, b), s.view(np.uint32).astype(np.uint64)]))
    both = np.concatenate(found, axis=1)
    codes, first = np.unique(both[0], return_index=True)  # a pair two slices found
    a, b = _decode(codes)
    return a, b, both[1][first].astype(np.uint32).view(np.float32), scored


def _distinct_rows(ids: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each text's distinct word ids in order, as CSR row pointers and ids: scipy sorts
    each text's few words on its own, ~4x cheaper at a million claims than one sort of
    every (text, word) code, which was done twice, once per pass over the texts."""
    n = len(starts)
    indptr = np.append(starts, len(ids)).astype(np.int64)
    # int32 ones: a sum never reaches 0, which sum_duplicates would drop
    rows = sparse.csr_matrix(
        (np.ones(len(ids), dtype=np.int32), ids.astype(np.int32), indptr),
        shape=(n, int(ids.max()) + 1),
    )  # astype copies: the sort below is in place, and ``ids`` is the caller's
    rows.sum_duplicates()
    return rows.indptr.astype(np.int64), rows.indices


def _distinct_words(
    indptr: np.ndarray, words: np.ndarray, lo: int, hi: int
) -> tuple[np.ndarray, np.ndarray]:
    """(text, word) of every distinct word of texts lo..hi-1, by text, then word."""
    text = np.repeat(np.arange(lo, hi, dtype=np.int64), np.diff(indptr[lo : hi + 1]))
    return text, words[indptr[lo] : indptr[hi]].astype(np.int64)


def _rarest_pair_keys(
    text: np.ndarray,
    place: np.ndarray,
    hash_at: np.ndarray,
    k: int,
    keys: list[np.ndarray],
    owners: list[np.ndarray],
) -> None:
    """Append each text's keys, every two of its ``k`` rarest words (``place``: a word's
    place in the rarity order), and the text of each key."""
    code = np.sort((text << 32) | place)  # each text's words in rarity order
    text, place = code >> 32, code & 0xFFFFFFFF
    first = np.flatnonzero(np.r_[True, text[1:] != text[:-1]])
    rank = np.arange(len(text)) - np.repeat(first, np.diff(np.append(first, len(text))))
    keep = rank < k
    text, place = text[keep], place[keep]
    first = np.flatnonzero(np.r_[True, text[1:] != text[:-1]])
    count = np.diff(np.append(first, len(text)))
    for i in range(k):
        for j in range(i + 1, k):
            has = first[count > j]
            pair = hash_at[place[has + i]] * np.uint64(0x9E3779B97F4A7C15)
            keys.append(_mix64(pair ^ hash_at[place[has + j]]))
            owners.append(text[has])


def _bucket_pairs(
    key: np.ndarray, owner: np.ndarray, lengths: np.ndarray, max_bucket: int
) -> np.ndarray:
    """Pairs of owners sharing a key (encoded, sorted, distinct); a bucket over
    ``max_bucket`` pairs only near neighbours in length order."""
    order = np.argsort(key)
    sk, owner = key[order], owner[order]
    run_starts = np.flatnonzero(np.r_[True, sk[1:] != sk[:-1]])
    run_sizes = np.diff(np.append(run_starts, len(sk)))
    small = (run_sizes >= 2) & (run_sizes <= max_bucket)
    found = [_pairs_in_runs(owner, run_starts[small], run_sizes[small])]
    for r in np.flatnonzero(run_sizes > max_bucket).tolist():
        s0, z = int(run_starts[r]), int(run_sizes[r])
        found.append(_window_pairs(owner[s0 : s0 + z], lengths, window=max_bucket // 8 or 1))
    return _sorted_unique(np.concatenate(found))


# --- clustering ------------------------------------------------------------


def _rank(counts: np.ndarray) -> np.ndarray:
    """Preference of each unique text for leading its cluster: more copies first, then
    text order (the texts are sorted), so it depends on content only."""
    rank = np.empty(len(counts), dtype=np.int64)
    rank[np.lexsort((np.arange(len(counts)), -counts))] = np.arange(len(counts))
    return rank


# --- entry point -----------------------------------------------------------


@dataclass
class Fitted:
    """A corpus's unique claim texts, ready to score: what grouping works on.

    norms: unique normalised texts, sorted (the order every later step sees, so results
    do not depend on input order); inv: each input text's index into ``norms``;
    cores: the claim core of each; tokens: the core keys' word ids; model: the matcher
    fitted on them (the better of core and full text when ``full_text_too``)."""

    norms: list[str]
    inv: np.ndarray
    cores: list[str]
    tokens: Tokens
    model: Model
    facts: FactTable | None = None  # of every text, when a helper computed them


def fit_texts(
    texts: Sequence[str],
    context: Iterable[str] = (),
    options: GroupOptions | None = None,
    matcher: Matcher | None = None,
    langs: Sequence[str] | None = None,
    helper: HelperFactory | None = None,
) -> Fitted:
    """Normalise, deduplicate, reduce to cores and fit the matcher on ``texts``;
    ``context``: more text the corpus's acronym definitions may be in (headings);
    ``langs``: each text's language, for stemming (English, the default, otherwise);
    ``helper``: a second process for a share of the per-text steps of a big corpus
    (``HELPER_MIN_TEXTS``), started here so that it loads while the texts are
    normalised, and ended before the matcher is fitted."""
    opts = options or GroupOptions()
    matcher = matcher or LexicalMatcher()
    texts = list(texts)
    english = langs is None or all(lang in ENGLISH for lang in langs)
    split = helper is not None and english and opts.key == "stem"
    with contextlib.ExitStack() as stack:
        pool = stack.enter_context(helper()) if split and len(texts) >= HELPER_MIN_TEXTS else None
        norms, inv, raws, lang_of = _unique_texts(texts, langs)
        acronyms = find_acronyms([*texts, *context])
        facts: FactTable | None = None
        if pool is not None:
            cores, keys, tokens, facts = _prepare_shared(raws, acronyms, pool)
        else:
            cores = claim_cores(raws, acronyms)
            core_norms = _normalize_many(cores)
            if lang_of and opts.key == "stem":
                keys, tokens = _keys_by_language(core_norms, [lang_of[n] for n in norms])
            else:
                keys, tokens = _keys_and_tokens(core_norms, opts.key)
            del core_norms
    model: Model = matcher.fit(cores, keys, tokens)
    if opts.full_text_too:
        full_keys, full_tokens = _keys_and_tokens(norms, opts.key)
        model = BestOf([model, matcher.fit(raws, full_keys, full_tokens)])
    return Fitted(norms, inv, cores, tokens, model, facts)


def _unique_texts(
    texts: list[str], langs: Sequence[str] | None
) -> tuple[list[str], np.ndarray, list[str], dict[str, str]]:
    """The distinct normalised texts, sorted; each text's index among them; the first
    raw text of each; and each one's language when any is not English (else empty)."""
    norms_all = _normalize_many(texts)
    lang_of: dict[str, str] = {}
    if langs is not None and any(lang not in ENGLISH for lang in langs):
        for norm, lang in zip(norms_all, langs, strict=True):
            lang_of.setdefault(norm, lang)
    # One dictionary pass numbers the distinct texts as first seen; the sorted order
    # and each text's first occurrence are then array steps (a dictionary of first raw
    # texts, one of sorted positions and a lookup per text took ~2x as long at 1M).
    seen: defaultdict[str, int] = defaultdict(count().__next__)  # in C loops
    first_seen = np.fromiter(map(seen.__getitem__, norms_all), dtype=np.int64, count=len(texts))
    del norms_all
    norms = sorted(seen)
    by_rank = np.fromiter(map(seen.__getitem__, norms), dtype=np.int64, count=len(norms))
    del seen
    rank = np.empty(len(norms), dtype=np.int64)
    rank[by_rank] = np.arange(len(norms))
    first = np.empty(len(norms), dtype=np.int64)
    first[first_seen[::-1]] = np.arange(len(texts) - 1, -1, -1)  # each one's first text
    raws = [texts[i] for i in first[by_rank].tolist()]
    return norms, rank[first_seen], raws, lang_of


# The helper takes a corpus's first texts, this share of them: the rest of the work
# here (sending its texts, receiving and joining its results) is the caller's alone.
HELPER_SHARE = 0.45
HELPER_MIN_TEXTS = 200_000  # below, a process start (~1 s of imports) is not repaid


@dataclass
class Prepared:
    """What grouping reads of some unique texts: cores, stem keys, facts."""

    cores: list[str]
    stems: StemKeys
    facts: FactTable


def prepare(raws: Sequence[str], acronyms: dict[str, str], chunk: int = 50_000) -> Prepared:
    """Cores, stem keys and the fact table of ``raws`` (one share of a corpus; run in
    the helper process too), a chunk of texts at a time through all three steps: the
    normalised cores and the fact step's letter words of a whole share were ~0.4 GB of
    a helper's peak at a million claims."""
    word_ids = _WordIds()
    cores: list[str] = []
    keys: list[str] = []
    ids: list[np.ndarray] = []
    sizes: list[np.ndarray] = []
    tables: list[FactTable] = []
    for lo in range(0, len(raws), chunk):
        part = claim_cores(raws[lo : lo + chunk], acronyms)
        part_keys, part_ids, part_sizes = _chunk_keys(_normalize_many(part), word_ids)
        cores.extend(part)
        keys.extend(part_keys)
        ids.append(part_ids)
        sizes.append(part_sizes)
        tables.append(fact_table(part))
    stems = StemKeys(
        keys,
        np.concatenate(ids) if ids else np.empty(0, dtype=np.int32),
        np.concatenate(sizes) if sizes else np.empty(0, dtype=np.int64),
        list(word_ids.vocab),
    )
    return Prepared(cores, stems, concat_tables(tables))


def _prepare_shared(
    raws: list[str], acronyms: dict[str, str], helper: Helper | None
) -> tuple[list[str], list[str], Tokens, FactTable]:
    """``prepare`` of ``raws``, the first ``HELPER_SHARE`` in the helper process and
    the rest here at the same time, joined as one call over all would give them (the
    helper's share done here if it fails)."""
    cut = int(len(raws) * HELPER_SHARE) if helper is not None else 0
    if helper is not None:
        try:
            helper.submit(prepare, raws[:cut], acronyms)
        except HelperFailed:
            helper = None
    mine = prepare(raws[cut:], acronyms)
    theirs = None
    if helper is not None:
        with contextlib.suppress(HelperFailed):
            theirs = helper.result()
        helper.close()  # its memory (~0.9 GB at a million claims) is free from here
    if theirs is None:
        theirs = prepare(raws[:cut], acronyms)
    parts = [theirs, mine]
    keys, tokens = _tokens_of([p.stems for p in parts])
    return [*theirs.cores, *mine.cores], keys, tokens, concat_tables([p.facts for p in parts])


ENGLISH = frozenset({"", "en"})  # "": unsure, read as English like the suggester does
# ISO 639-1 -> nltk's Snowball stemmers (their rules ship with nltk: no data download).
SNOWBALL = {
    "ar": "arabic", "da": "danish", "nl": "dutch", "fi": "finnish", "fr": "french",
    "de": "german", "hu": "hungarian", "it": "italian", "no": "norwegian", "nb": "norwegian",
    "pt": "portuguese", "ro": "romanian", "ru": "russian", "es": "spanish", "sv": "swedish",
}  # fmt: skip


@lru_cache(maxsize=32)
def _snowball(language: str) -> Any:
    from ._nltk import snowball_stemmer

    return snowball_stemmer(language)


def foreign_key(norm: str, lang: str) -> str:
    """Scoring key of a text outside English: its words stemmed in its language where
    Snowball has one, left whole otherwise (CJK, unknown). English stop words are not
    dropped: they are no stop words there."""
    if lang not in SNOWBALL:
        return norm
    stem = _snowball(SNOWBALL[lang]).stem
    return " ".join(stem(w) for w in norm.split()) or norm


def _keys_by_language(norms: list[str], langs: list[str]) -> tuple[list[str], Tokens]:
    """Keys of texts in several languages: English ones as ``_keys_and_tokens`` makes
    them, the others in their language; and their token ids. (English keys only for
    the English texts: an all-French corpus stemmed every word in English too.)"""
    english = [i for i, lang in enumerate(langs) if lang in ENGLISH]
    english_keys = _keys_and_tokens([norms[i] for i in english], "stem")[0] if english else []
    keys = [
        "" if lang in ENGLISH else foreign_key(n, lang)
        for n, lang in zip(norms, langs, strict=True)
    ]
    for i, key in zip(english, english_keys, strict=True):
        keys[i] = key
    return keys, _token_ids(keys)


def group_units(
    units: Sequence[Unit],
    options: GroupOptions | None = None,
    progress: ProgressFn = no_progress,
    matcher: Matcher | None = None,
    executor: Executor | None = None,
    langs: Mapping[str, str] | None = None,
    helper: HelperFactory | None = None,
) -> list[Group]:
    """Group the claim units that make the same claim; see the module docstring.

    matcher: how two claim cores are scored (default ``LexicalMatcher``);
    executor: where the candidate step runs (default: local threads);
    langs: document id -> language (ISO 639-1), for stemming in that language;
    helper: a second process for a share of the per-text steps (``fit_texts``)."""
    t0 = time.perf_counter()
    opts = options or GroupOptions()
    executor = executor or LocalExecutor(opts.workers)
    total = 6
    progress("grouping", 0, total)
    # in C loops: a Python loop asking each unit ``is_claim`` cost ~0.4 s at 1M units
    claims = list(map(CLAIM_KINDS.__contains__, map(attrgetter("kind"), units)))
    claim_idx = list(compress(range(len(units)), claims))
    if not claim_idx:
        progress("grouping", total, total)
        return []
    progress("grouping", 1, total)
    fitted = fit_texts(
        [units[i].text for i in claim_idx],
        compress(map(attrgetter("text"), units), map(not_, claims)),
        opts,
        matcher,
        [langs.get(units[i].doc_id, "") for i in claim_idx] if langs else None,
        helper,
    )
    norms, inv, cores, facts = fitted.norms, fitted.inv, fitted.cores, fitted.facts
    t1 = time.perf_counter()
    progress("grouping", 2, total)
    stats: dict[str, Any] = {}
    # the pair step holds the only references to the matcher's matrices and the tokens
    # (~0.5 GB at 1M), so each is freed as soon as that step is done with it
    parts = pair_parts(*_handed_over(fitted), opts, executor, progress, stats)
    del fitted
    checked = _checked_parts(parts, partial(_check_pairs, cores, norms, facts, opts))
    del facts
    t2 = time.perf_counter()
    progress("grouping", 4, total)
    a, b, s, near, related = _merge_parts(checked)
    del checked
    counts = np.bincount(inv, minlength=len(norms))
    rank = _rank(counts)
    link = must_link(norms, a, b, s, opts.near_copy, near)
    label = cluster_pairs(
        len(norms), a, b, link, opts.threshold / 100.0, rank, opts.linkage,
        lone_slack=opts.lone_slack / 100.0,
    )  # fmt: skip
    del link
    progress("grouping", 5, total)
    groups = _build_groups(units, claim_idx, inv, norms, cores, label, a, b, s, opts, related)
    del related
    progress("grouping", total, total)
    if os.environ.get("CLAIMCHECK_GROUP_STATS"):  # for benchmarks/scale.py
        import json
        import sys

        stats = {
            "claims": len(claim_idx),
            "unique": len(norms),
            "groups": len(groups),
            "group_s": round(time.perf_counter() - t0, 3),
            "keys_s": round(t1 - t0, 3),
            "pairs_s": round(t2 - t1, 3),
            "build_s": round(time.perf_counter() - t2, 3),
            **stats,
        }
        print("claimcheck-group-stats " + json.dumps(stats), file=sys.stderr, flush=True)
    return groups


def _handed_over(fitted: Fitted) -> tuple[Model, Tokens]:
    """``fitted``'s model and tokens, no longer referenced by it."""
    model, tokens = fitted.model, fitted.tokens
    del fitted.model, fitted.tokens
    return model, tokens


def _check_pairs(
    cores: Sequence[str],
    norms: Sequence[str],
    facts: FactTable | None,
    opts: GroupOptions,
    pairs: Pairs,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(a, b, the fact-guarded scores, copy flags: near or spun copies, the related
    scores) of some scored pairs: what clustering and the related ranking read."""
    a, b, raw = pairs
    s = guarded(cores, a, b, raw, facts) if opts.fact_guard else raw
    near = copies(norms, a, b, opts.near_copy, cores, opts.spun_copy)
    if opts.same_speaker:
        s = np.where(samespeaker.apart(cores, a, b) & ~near, np.float32(0.0), s)
    return a, b, s, near, related_scores(raw, s, opts.related_conflict)


def related_scores(raw: np.ndarray, guarded_s: np.ndarray, fraction: float) -> np.ndarray:
    """The scores that rank related groups: the guarded ones, and a pair the guard
    blocked (guarded to 0 from a positive score) at ``fraction`` of its own score.
    The same array when nothing changes (no memory at scale)."""
    if fraction <= 0 or guarded_s is raw:
        return guarded_s
    blocked = (guarded_s == 0) & (raw > 0)
    if not blocked.any():
        return guarded_s
    return np.where(blocked, raw * np.float32(fraction), guarded_s).astype(raw.dtype, copy=False)


def _checked_parts(
    parts: Iterator[Pairs], check: Callable[[Pairs], tuple[np.ndarray, ...]]
) -> list[tuple[np.ndarray, ...]]:
    """``check`` of each part, each in a thread while the next part is computed here:
    the fact guard (array steps) and the near-copy ratios (rapidfuzz's C++ threads)
    release the GIL, the rare pairs' scoring (scipy's sparse products, ~6 s at a
    million claims) holds it."""
    with ThreadPoolExecutor(1) as pool:
        futures = [pool.submit(check, part) for part in parts]
        return [f.result() for f in futures]


def guarded(
    cores: Sequence[str],
    a: np.ndarray,
    b: np.ndarray,
    s: np.ndarray,
    table: FactTable | None = None,
) -> np.ndarray:
    """Pair scores with the fact guard applied: conflicting pairs score 0. Every pair,
    not only those above the threshold: a conflicting pair below it still counts in the
    linkage averages (guarding only the strong pairs cost economy 0.05 precision).
    ``table``: the facts of every core when known; else those of the paired ones are
    read here."""
    if len(a) == 0:
        return s
    if table is None:
        table = fact_table(cores, distinct_ids(np.concatenate([a, b])))
    return np.where(table.conflicts(a, b), np.float32(0.0), s)


def score_text_pairs(
    a: Sequence[str],
    b: Sequence[str],
    options: GroupOptions | None = None,
    matcher: Matcher | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Score (0..1) and fact conflict of each pair (a[i], b[i]), as grouping scores them,
    with the texts of both sides as the corpus (idf, acronyms)."""
    texts = [*a, *b]
    fitted = fit_texts(texts, (), options, matcher)
    ia, ib = fitted.inv[: len(a)], fitted.inv[len(a) :]
    clash = fact_table(fitted.cores).conflicts(ia, ib)
    return fitted.model.score(ia, ib), clash


def scored_pairs(
    model: Model,
    tokens: Tokens,
    opts: GroupOptions,
    executor: Executor,
    progress: ProgressFn = no_progress,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, Any]]:
    """Pairs of unique texts scoring >= ``opts.related_floor`` (a, b, score): exact for up to
    ``brute_force_max`` texts, otherwise scored LSH candidates, and the rare-pair
    candidates scoring >= ``opts.threshold``."""
    stats: dict[str, Any] = {}
    parts = list(pair_parts(model, tokens, opts, executor, progress, stats))
    a, b, s = _merge_parts(parts)[:3]
    return a, b, s, stats


Pairs = tuple[np.ndarray, np.ndarray, np.ndarray]  # a, b, score


def pair_parts(
    model: Model,
    tokens: Tokens,
    opts: GroupOptions,
    executor: Executor,
    progress: ProgressFn = no_progress,
    stats: dict[str, Any] | None = None,
) -> Iterator[Pairs]:
    """``scored_pairs`` as disjoint parts, each in (a, b) order (``_merge_parts`` joins
    them): the exact or the bands' pairs, then the rare-pair ones, computed when asked
    for, so a caller can work on one part while the next is scored. ``stats`` is
    filled with the counts."""
    stats = {} if stats is None else stats
    ids, starts, words = tokens
    n = len(starts)
    floor = opts.related_floor / 100.0
    if n <= opts.brute_force_max:
        a, b, s = model.neighbours(floor)
        stats.update(path="exact", pairs=len(a))
        yield a, b, s
        return
    lengths = np.diff(np.append(starts, len(ids)))
    whash = word_hashes(words)
    seeds = _band_seeds(opts.bands, opts.rows, opts.seed)
    progress("grouping", 3, 6)
    found = executor.map(
        band_candidates,
        [(ids, starts, whash, seeds[j], lengths, opts.max_bucket) for j in range(opts.bands)],
    )
    codes = np.concatenate([f[0] for f in found])
    del found
    with ThreadPoolExecutor(1) as pool:
        # The rare-pair candidates (sorts and gathers: numpy releases the GIL) are
        # found on the second core while this thread scores the bands' ones (scipy's
        # sparse products hold the GIL): ~4.5 s of one core at a million claims.
        rare = pool.submit(_rare_part_codes, tokens, whash, opts) if opts.rare_pairs >= 2 else None
        codes = _unique_in_place(codes)
        a, b, s = _score_codes(model, codes, floor)
        rare_codes = rare.result() if rare is not None else []
    del tokens, ids, starts, words, lengths, whash  # the caller's may be the last reference
    stats.update(path="lsh", candidates=len(codes), pairs=len(a))
    yield a, b, s
    if opts.rare_pairs >= 2:
        # Only the pairs that group: at a million claims, keeping its related-floor
        # pairs too tripled the pairs after scoring (4.3M -> 11.5M) and the fact guard,
        # linkage and related ranking over them (+1.2 GB peak). Related lists come
        # from the bands' pairs, as before.
        ra, rb, rs, scored = _scored_rare_pairs(model, rare_codes, opts, codes)
        del codes
        stats.update(rare_candidates=scored, rare_pairs=len(ra), pairs=len(a) + len(ra))
        yield ra, rb, rs


def _sorted_contains(haystack: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Per element of ``x``: is it in ``haystack`` (sorted)."""
    if len(haystack) == 0:
        return np.zeros(len(x), dtype=bool)
    at = np.minimum(np.searchsorted(haystack, x), len(haystack) - 1)
    return haystack[at] == x


def _merge_parts(parts: Sequence[tuple[np.ndarray, ...]]) -> tuple[np.ndarray, ...]:
    """Disjoint pair lists, each in (a, b) order, as one in (a, b) order (the order
    every later step sees, whichever key found a pair); each part is (a, b, then any
    arrays per pair), and so is the result."""
    if len(parts) == 1:
        return parts[0]
    columns = [np.concatenate(column) for column in zip(*parts, strict=True)]
    order = np.argsort(_encode(columns[0], columns[1]), kind="stable")
    return tuple(column[order] for column in columns)


def _unique_in_place(x: np.ndarray) -> np.ndarray:
    """``_sorted_unique`` sorting ``x`` itself: at a million claims the band pairs are
    tens of millions of codes, and a sorted copy beside them was ~0.3 GB of the peak."""
    x.sort()
    return x[np.concatenate(([True], x[1:] != x[:-1]))] if len(x) else x


# Threads scoring candidate slices at once: the lexical scorer's row gathers and
# products are scipy's sparsetools, which release the GIL, so two slices use both
# cores where one slice at a time used one.
SCORE_THREADS = 2


def _score_codes(
    model: Model,
    codes: np.ndarray,
    floor: float,
    step: int = 100_000,
    threads: int = SCORE_THREADS,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The candidate pairs scoring >= floor (a, b, score), in ``codes``' order, decoded
    and scored a slice at a time (``threads`` slices at once): the pair arrays of every
    candidate (~0.4 GB at a million claims) are never held at once, only those of the
    pairs kept. Two slices of 100k in flight hold what one scorer block of 200k held
    (``LexicalModel.score``): with 500k slices the peak RSS at 1M rose by up to 0.15 GB."""
    slices = [codes[lo : lo + step] for lo in range(0, len(codes), step)]
    score = partial(_score_slice, model, floor)
    if threads > 1 and len(slices) > 1:
        with ThreadPoolExecutor(threads) as pool:
            kept = list(pool.map(score, slices))  # in order, whichever ends first
    else:
        kept = list(map(score, slices))
    return concat_pairs(*([k[i] for k in kept] for i in range(3)))


def _score_slice(
    model: Model, floor: float, codes: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairs of some candidate codes scoring >= floor (a, b, score)."""
    a, b = _decode(codes)
    s = model.score(a, b)
    keep = s >= floor
    return a[keep], b[keep], s[keep]


def _build_groups(
    units: Sequence[Unit],
    claim_idx: list[int],
    inv: np.ndarray,
    norms: list[str],
    cores: list[str],
    label: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    s: np.ndarray,
    opts: GroupOptions,
    related: np.ndarray | None = None,
) -> list[Group]:
    """Groups from the cluster label of every unique text, listed by their first unit;
    the representative is the member text closest to the others (ties: more copies,
    then text order); ``related`` from the pairs between groups, scored by
    ``related`` (default: ``s``; ``related_scores``)."""
    n = len(norms)
    if not claim_idx:
        return []
    counts = np.bincount(inv, minlength=n)
    centrality = np.zeros(n, dtype=np.float64)
    inside = label[a] == label[b]
    np.add.at(centrality, a[inside], s[inside])
    np.add.at(centrality, b[inside], s[inside])
    # the representative text of each cluster
    order = np.lexsort((np.arange(n), -counts, -centrality, label))
    lead_pos = np.flatnonzero(np.r_[True, label[order][1:] != label[order][:-1]])
    rep_text = np.full(n, -1, dtype=np.int64)
    rep_text[label[order[lead_pos]]] = order[lead_pos]
    claim_arr = np.asarray(claim_idx, dtype=np.int64)
    text_label = label[inv]
    unit_order = np.lexsort((claim_arr, text_label))
    first_of_text = np.full(n, -1, dtype=np.int64)
    first_of_text[inv[::-1]] = claim_arr[::-1]  # earliest unit of each text
    sorted_labels = text_label[unit_order]
    starts = np.flatnonzero(np.r_[True, sorted_labels[1:] != sorted_labels[:-1]])
    sizes = np.diff(np.append(starts, len(unit_order)))
    members_sorted = claim_arr[unit_order].tolist()
    # unit index -> its text's index, as a list (a dict of a million units was ~0.1 GB
    # of the peak at scale)
    text_of_unit: list[int] = []
    if opts.with_cores:
        table = np.full(int(claim_arr.max()) + 1, -1, dtype=np.int64)
        table[claim_arr] = inv
        text_of_unit = table.tolist()
        del table
    group_labels = sorted_labels[starts]
    rep_of_group = rep_text[group_labels]
    reps = first_of_text[rep_of_group].tolist()
    rep_texts = rep_of_group.tolist()
    gids = list(map(group_id, map(norms.__getitem__, rep_texts)))
    score = s if related is None else related
    with ThreadPoolExecutor(1) as pool:
        # the related pairs' sorts (numpy releases the GIL) on the second core while
        # this thread makes the groups (Python objects: ~2 s at a million claims)
        found = pool.submit(_related_pairs, label, a, b, score) if opts.related_top > 0 else None
        groups = _make_groups(
            units, gids, reps, rep_texts, starts, sizes, members_sorted, cores, text_of_unit
        )
        pairs = found.result() if found is not None else None
    gid_of_label = dict(zip(group_labels.tolist(), gids, strict=True))
    _add_related(groups, gid_of_label, pairs, opts.related_top)
    # listed by first member: a block's first (members are by unit within a label)
    first_member = claim_arr[unit_order[starts]]
    return [groups[i] for i in np.argsort(first_member, kind="stable").tolist()]


def _make_groups(
    units: Sequence[Unit],
    gids: list[str],
    reps: list[int],
    rep_texts: list[int],
    starts: np.ndarray,
    sizes: np.ndarray,
    members_sorted: list[int],
    cores: list[str],
    text_of_unit: list[int],
) -> list[Group]:
    """One ``Group`` per block of ``members_sorted`` (``starts``, ``sizes``), its
    representative unit first. One pass over plain lists (numpy scalars cost ~0.1 us
    each, per group); most groups are one unit, whose text is the representative's."""
    groups: list[Group] = []
    append = groups.append
    columns = zip(starts.tolist(), sizes.tolist(), gids, reps, rep_texts, strict=True)
    for st, z, gid, rep, rtext in columns:
        if z == 1:
            append(Group(gid, [rep], 1, cores=[cores[rtext]] if text_of_unit else []))
            continue
        block = members_sorted[st : st + z]
        members = [rep] + [m for m in block if m != rep]
        n_docs = len({units[k].doc_id for k in block})
        member_cores = [cores[text_of_unit[m]] for m in members] if text_of_unit else []
        append(Group(gid, members, n_docs, cores=member_cores))
    return groups


# The pairs between groups, both directions (group x, other group y, best score v), in
# the order of ``_group_score_key(x, v)`` with ties not yet broken; None: no such pair.
RelatedPairs = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None


def _related_pairs(label: np.ndarray, a: np.ndarray, b: np.ndarray, s: np.ndarray) -> RelatedPairs:
    """The array half of ``_add_related``: it needs no group ids, so it can run (numpy
    sorts, which release the GIL) while the groups are made. Returns x, y, v and their
    sort key, all in the key's order."""
    if len(a) == 0:
        return None
    la, lb = label[a].astype(np.int64), label[b].astype(np.int64)
    across = (la != lb) & (s > 0)  # a score 0 (blocked, related_conflict 0) relates nothing
    if not across.any():
        return None
    x, y, v = _best_per_group_pair(la[across], lb[across], s[across])
    x, y, v = np.concatenate([x, y]), np.concatenate([y, x]), np.concatenate([v, v])
    key = _group_score_key(x, v)
    order = np.argsort(key)
    return x[order], y[order], v[order], key[order]


def _add_related(
    groups: list[Group], gid_of_label: dict[int, str], pairs: RelatedPairs, top: int
) -> None:
    """Each group's closest other groups (best member-pair score), best first, ties by
    the other group's id, at most ``top``. ``groups[i]`` is the group of the i-th label
    of ``gid_of_label``; ``pairs``: ``_related_pairs`` of the labels and scored pairs.

    Millions of pairs at scale: the best score per pair of groups comes from one sort
    of the unordered pairs and a ``maximum.reduceat`` (two three-key lexsorts over both
    directions took ~15 s at a million claims); the ranking sorts once on a packed key
    (group, score descending), then only the runs of equal keys by the other group's
    id, and each group's list is one slice."""
    if pairs is None or top <= 0:
        return
    x, y, v, key = pairs
    labels_used = distinct_ids(x)  # both directions: every label is an x somewhere
    by_id = sorted(labels_used.tolist(), key=gid_of_label.__getitem__)
    id_rank = np.zeros(int(labels_used.max()) + 1, dtype=np.int64)
    id_rank[by_id] = np.arange(len(by_id))
    order = _ties_by(key, id_rank[y])
    x, y, v = x[order], y[order], v[order]
    starts = np.flatnonzero(np.r_[True, x[1:] != x[:-1]])
    sizes = np.minimum(np.diff(np.append(starts, len(x))), top)
    keep = np.repeat(starts, sizes) + _ramp(sizes)
    by_label = np.empty(int(max(gid_of_label)) + 1, dtype=object)
    by_label[list(gid_of_label)] = list(gid_of_label.values())
    entries = list(zip(by_label[y[keep]].tolist(), _rounded(v[keep]), strict=True))
    by_label[list(gid_of_label)] = groups  # in the order of their labels (no id lookup)
    ends = np.cumsum(sizes).tolist()
    for group, lo, hi in zip(by_label[x[starts]].tolist(), [0, *ends[:-1]], ends, strict=True):
        group.related.extend(entries[lo:hi])


def _rounded(v: np.ndarray) -> list[float]:
    """``[round(u, 3) for u in v.tolist()]``: Python's round, the double nearest to
    the exact value rounded half to even at 3 decimals. For float32 scores that is
    ``rint(u * 1000) / 1000`` in float64, exactly: a float32 has 24 significant bits and
    1000 = 125 * 8 has 7, so the product is exact, ``rint`` rounds it half to even, and
    the division rounds correctly (~0.5 s of Python rounds at a million claims)."""
    if v.dtype == np.float32:
        return (np.rint(v.astype(np.float64) * 1000.0) / 1000.0).tolist()
    values, at = np.unique(v, return_inverse=True)
    rounded = np.array([round(u, 3) for u in values.tolist()], dtype=object)
    return rounded[at].tolist()


def _best_per_group_pair(
    la: np.ndarray, lb: np.ndarray, sc: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(x, y, best score) per unordered pair of distinct labels, x < y."""
    code = (np.minimum(la, lb) << 32) | np.maximum(la, lb)
    order = np.argsort(code)  # any order among equal codes: only their maximum is kept
    code, sc = code[order], sc[order]
    first = np.flatnonzero(np.r_[True, code[1:] != code[:-1]])
    best = np.maximum.reduceat(sc, first)
    code = code[first]
    return code >> 32, code & 0xFFFFFFFF, best


def _ties_by(key: np.ndarray, tie: np.ndarray) -> np.ndarray:
    """``np.lexsort((tie, key))`` for a sorted ``key``: only the runs of equal keys are
    sorted, by ``tie`` (lexsort's stable passes over all of ``key`` cost ~2x one sort)."""
    order = np.arange(len(key))
    same = key[1:] == key[:-1]
    if not same.any():
        return order
    tied = np.flatnonzero(np.r_[same, False] | np.r_[False, same])  # positions in runs
    order[tied] = tied[np.lexsort((tie[tied], key[tied]))]
    return order


def _group_score_key(x: np.ndarray, v: np.ndarray) -> np.ndarray:
    """One sortable uint64 per (group x, score v): by x, then by v descending. Scores
    are non-negative float32, whose bit patterns sort as the values do."""
    vbits = np.ascontiguousarray(v, dtype=np.float32).view(np.uint32).astype(np.uint64)
    return (x.astype(np.uint64) << np.uint64(32)) | (np.uint64(0xFFFFFFFF) - vbits)

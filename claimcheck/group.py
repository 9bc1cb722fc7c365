"""Near-duplicate grouping of claim units.

Pipeline (all deterministic, content-derived tie-breaks):

1. normalise every claim (NFKC, quotes/dashes, case, punctuation) and collapse
   exact duplicates, so boilerplate repeated 10,000 times is handled once;
2. build the scoring key of each unique text (stemmed, stop words dropped by
   default: paraphrasing content farms change function words and inflections);
3. candidate pairs: all pairs for small inputs (exact); otherwise MinHash over
   the key's words with LSH banding, computed in numpy (no N x N matrix, no
   per-pair Python);
4. verify candidates with rapidfuzz ``process.cpdist`` on both cores;
5. leader clustering: the best-connected text becomes a representative and
   takes its unassigned neighbours, so every member is within the threshold of
   its representative and A~B~C never chains A and C together.

Defaults were chosen on ``tests/data/pairs.csv`` with ``benchmarks/pairs_eval.py``.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
import unicodedata
import zlib
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from .models import Group, ProgressFn, Unit, no_progress

SCORERS: dict[str, Callable[..., float]] = {
    "ratio": fuzz.ratio,
    "token_sort_ratio": fuzz.token_sort_ratio,
    "token_set_ratio": fuzz.token_set_ratio,
    "partial_ratio": fuzz.partial_ratio,
    "WRatio": fuzz.WRatio,
}
# Scorers bounded by the length ratio: ratio >= t needs 2*min/(a+b) >= t.
_LENGTH_BOUNDED = frozenset({"ratio", "token_sort_ratio"})
KEYS = ("stem", "norm")


@dataclass(frozen=True)
class GroupOptions:
    """How claims are grouped.

    threshold: minimum score (0-100) between a member and its representative.
    method: rapidfuzz scorer name, one of ``SCORERS``.
    key: "stem" compares stemmed text without stop words, "norm" the normalised text.
    brute_force_max: up to this many unique texts every pair is scored (exact).
    bands, rows: MinHash LSH layout for larger inputs (bands * rows hashes over the
        key's word set). Tuned on generated corpora (benchmarks/scale.py): true pairs at
        ratio >= 80 on stemmed keys have word Jaccard >= ~0.5 (1st percentile ~0.6),
        unrelated texts mostly < 0.2; 24 x 5 keeps >= 99% of true pairs as candidates
        (S-curve 1-(1-j^5)^24: 0.53 at j=0.5, 0.84 at j=0.6, 0.99 at j=0.7) while
        unrelated pairs collide at ~1e-5.
    max_bucket: LSH buckets larger than this are paired only with near neighbours
        in length order, so one very common band value cannot explode the pairs.
    fact_guard: texts whose number/date tokens differ, or where only one is negated,
        are never the same claim, whatever their score (see ``fact_fingerprints``).
    engine: "local" or "dask" (needs ``claimcheck[dask]``); same groups either way.
    scheduler: dask scheduler address; None starts a LocalCluster.
    """

    # Chosen on tests/data/pairs.csv (benchmarks/pairs_eval.py): best F1 among
    # length-bounded scorers on stemmed keys that merges <= 1 same-topic hard negative.
    threshold: float = 80.0
    method: str = "ratio"
    key: str = "stem"
    brute_force_max: int = 3000
    bands: int = 24
    rows: int = 5
    max_bucket: int = 200
    fact_guard: bool = True
    workers: int = -1
    engine: str = "local"
    scheduler: str | None = None
    seed: int = 1

    def __post_init__(self) -> None:
        if self.method not in SCORERS:
            raise ValueError(f"unknown method {self.method!r}; one of {sorted(SCORERS)}")
        if self.key not in KEYS:
            raise ValueError(f"unknown key {self.key!r}; one of {KEYS}")
        if self.engine not in ("local", "dask"):
            raise ValueError(f"unknown engine {self.engine!r}")
        if not 0 <= self.threshold <= 100:
            raise ValueError("threshold must be within 0..100")


# --- normalisation ---------------------------------------------------------

# Apostrophes vanish ("nation's" -> "nations"); other punctuation splits words.
_APOSTROPHES = "'\u2018\u2019\u02bc\u0060\u00b4"
_PUNCT_RE = re.compile(r"[^\w\s]+|_")
_APOS_RE = re.compile(f"[{_APOSTROPHES}]")

STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not of off on once only or other
    our ours ourselves out over own same she should so some such than that the their theirs
    them themselves then there these they this those through to too under until up very was
    we were what when where which while who whom why will with would you your yours yourself
    yourselves s t""".split()  # noqa: SIM905 (readable list)
)
# Negations carry the claim: "has not recorded" must not match "has recorded".
STOP_WORDS = STOP_WORDS - {"no", "nor", "not"}


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
    from nltk.stem import PorterStemmer

    return PorterStemmer()


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


def _keys(norms: Sequence[str], key: str) -> list[str]:
    """Scoring keys of many normalised texts."""
    return _keys_and_tokens(norms, key)[0]


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
    if np.any(size == 0):  # keys that fell back to the normalised text: tokenise those
        return keys, _token_ids(keys)
    starts = np.concatenate(([0], np.cumsum(size)[:-1])).astype(np.int64)
    return keys, (ids, starts, list(word_ids.vocab))


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


def scoring_text(text: str, options: GroupOptions | None = None) -> str:
    """The string the scorer compares for one raw text (used by benchmarks and tests)."""
    opts = options or GroupOptions()
    return _keys([normalize(text)], opts.key)[0]


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
    rows over each text's words, combined into one band key; texts sharing a key pair up.
    One hash function at a time: a 1-D gather and a 1-D reduceat are fast and memory
    stays at one value per token. With ``threshold`` the length filter, with ``fp`` the
    fact guard are applied here, so the global dedup sees only plausible pairs.
    Returns the pairs, the number of capped buckets and the raw pair count."""
    ends = np.append(starts[1:], len(ids))
    texts = np.flatnonzero(ends > starts)
    if len(texts) < 2:
        return np.empty(0, dtype=np.uint64), 0, 0
    cuts = starts[texts]
    key = np.zeros(len(texts), dtype=np.uint64)
    for s in seeds.tolist():
        # 16-bit values: half the memory traffic of 32; chance row collisions (2^-16)
        # are negligible next to the rows a near-duplicate shares.
        table = (_mix64(whash ^ np.uint64(s)) >> np.uint64(48)).astype(np.uint16)
        row = np.minimum.reduceat(table[ids], cuts)
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


def length_filter(
    a: np.ndarray, b: np.ndarray, lengths: np.ndarray, threshold: float
) -> tuple[np.ndarray, np.ndarray]:
    """Drop pairs whose length ratio alone rules out a ratio-like score >= threshold."""
    la, lb = lengths[a], lengths[b]
    keep = 200.0 * np.minimum(la, lb) >= threshold * (la + lb) - 1e-9
    return a[keep], b[keep]


# --- verification ----------------------------------------------------------

MapFn = Callable[[Callable[..., Any], list[tuple[Any, ...]]], list[Any]]


def _local_map(fn: Callable[..., Any], args: list[tuple[Any, ...]]) -> list[Any]:
    return [fn(*a) for a in args]


def verify_pairs(
    keys: np.ndarray, a: np.ndarray, b: np.ndarray, method: str, threshold: float, workers: int
) -> np.ndarray:
    """Boolean mask of candidate pairs scoring >= threshold (rapidfuzz, element-wise)."""
    if len(a) == 0:
        return np.zeros(0, dtype=bool)
    scores = process.cpdist(
        keys[a], keys[b], scorer=SCORERS[method], score_cutoff=threshold, workers=workers
    )
    return scores >= threshold


def brute_force_pairs(
    keys: Sequence[str], method: str, threshold: float, workers: int = -1, block: int = 2000
) -> tuple[np.ndarray, np.ndarray]:
    """Every pair i < j scoring >= threshold, by blocks of rows (exact, no N x N matrix)."""
    found_a, found_b = [], []
    n = len(keys)
    for lo in range(0, n, block):
        hi = min(lo + block, n)
        m = process.cdist(
            keys[lo:hi],
            keys[lo:],
            scorer=SCORERS[method],
            score_cutoff=threshold,
            workers=workers,
            dtype=np.float32,
        )
        i, j = np.nonzero(m >= threshold)
        keep = j > i  # row lo+i against column lo+j
        found_a.append(i[keep] + lo)
        found_b.append(j[keep] + lo)
    if not found_a:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    return np.concatenate(found_a).astype(np.int64), np.concatenate(found_b).astype(np.int64)


# --- fact guard ------------------------------------------------------------

# A claim's numbers, dates and polarity are what a fact-check is about: "the 18th
# meeting" vs "the 17th meeting" or "has recorded" vs "has never recorded" differ in
# one token, which every string scorer forgives. Texts with different fact tokens, or
# where exactly one side is negated, are kept apart regardless of score.
_NUMBER_WORDS = """one two three four five six seven eight nine ten eleven twelve thirteen
    fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty
    seventy eighty ninety hundred thousand million billion trillion dozen third fourth
    fifth sixth seventh eighth ninth tenth eleventh twelfth monday tuesday wednesday
    thursday friday saturday sunday january february april june july august september
    october november december""".split()  # noqa: SIM905 ("may", "march": too ambiguous)
_NEGATIONS = """no not nor never without none nobody nothing neither cannot cant dont doesnt
    didnt isnt wasnt arent werent hasnt havent hadnt wont wouldnt couldnt shouldnt mustnt
    aint""".split()  # noqa: SIM905 (apostrophes are dropped by normalize)
_DIGIT_RE = re.compile(r"\d")


@lru_cache(maxsize=1)
def _fact_words() -> tuple[frozenset[str], frozenset[str]]:
    # Keys may be stemmed: accept both the word and its stem.
    nums = frozenset(_NUMBER_WORDS) | {_STEMS[w] for w in _NUMBER_WORDS}
    negs = frozenset(_NEGATIONS) | {_STEMS[w] or w for w in _NEGATIONS}
    return nums, negs


def _fact_kinds(words: Sequence[str]) -> np.ndarray:
    """Per word: 0 plain, 1 number/date token, 2 negation."""
    nums, negs = _fact_words()
    return np.fromiter(
        (2 if w in negs else 1 if (w in nums or _DIGIT_RE.search(w)) else 0 for w in words),
        dtype=np.int8,
        count=len(words),
    )


def _word_value(word: str) -> int:
    # Content-derived (not vocabulary order), even so the low bit can carry polarity.
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little") & ~1


def fact_fingerprints(ids: np.ndarray, starts: np.ndarray, words: Sequence[str]) -> np.ndarray:
    """One uint64 per text: a hash of its set of number/date tokens, low bit = negated.
    Two texts can be the same claim only if their fingerprints are equal."""
    n = len(starts)
    fp = np.zeros(n, dtype=np.uint64)
    if len(ids) == 0:
        return fp
    kinds = _fact_kinds(words)
    pos = np.flatnonzero(kinds[ids])  # the few number/date/negation tokens
    if len(pos) == 0:
        return fp
    rec = np.searchsorted(starts, pos, side="right") - 1  # text of each such token
    tok = ids[pos].astype(np.int64)
    k = kinds[tok]
    is_num = k == 1
    if is_num.any():
        codes = np.unique(
            (rec[is_num].astype(np.uint64) << np.uint64(32)) | tok[is_num].astype(np.uint64)
        )  # a set per text
        t = (codes & _MASK32).astype(np.int64)
        used = np.unique(t)
        value = np.zeros(len(words), dtype=np.uint64)
        value[used] = np.array([_word_value(words[i]) for i in used.tolist()], dtype=np.uint64)
        np.add.at(fp, (codes >> np.uint64(32)).astype(np.int64), value[t])
    fp[np.unique(rec[k == 2])] |= np.uint64(1)
    return fp


def fact_compatible(keys_a: Sequence[str], keys_b: Sequence[str]) -> np.ndarray:
    """Element-wise: may key_a[i] and key_b[i] be the same claim (same facts, polarity)?"""
    ids, starts, words = _token_ids(list(keys_a) + list(keys_b))
    fp = fact_fingerprints(ids, starts, words)
    return fp[: len(keys_a)] == fp[len(keys_a) :]


# --- clustering ------------------------------------------------------------


def leader_clusters(n: int, a: np.ndarray, b: np.ndarray, rank: np.ndarray) -> np.ndarray:
    """Leader of every node: nodes are taken by ``rank`` (lower first); an unassigned
    node becomes a leader and takes its unassigned neighbours. No chaining."""
    leader = np.arange(n, dtype=np.int64)
    if len(a) == 0:
        return leader
    src = np.concatenate([a, b])
    dst = np.concatenate([b, a])
    order = np.argsort(src, kind="stable")
    src, dst = src[order], dst[order]
    indptr = np.searchsorted(src, np.arange(n + 1))
    assigned = np.zeros(n, dtype=bool)
    linked = np.unique(src)
    for node in linked[np.argsort(rank[linked], kind="stable")].tolist():
        if assigned[node]:
            continue
        assigned[node] = True
        nbrs = dst[indptr[node] : indptr[node + 1]]
        nbrs = nbrs[~assigned[nbrs]]
        assigned[nbrs] = True
        leader[nbrs] = node
    return leader


def _rank(norms: Sequence[str], degree: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Leader preference: more neighbours, then more copies, then text order.
    Content-only, so the same texts give the same leaders in any input order."""
    linked = np.flatnonzero(degree)
    rank = np.full(len(norms), len(norms), dtype=np.int64)
    if len(linked):
        by_text = sorted(linked.tolist(), key=norms.__getitem__)
        text_pos = np.empty(len(norms), dtype=np.int64)
        text_pos[by_text] = np.arange(len(by_text))
        order = np.lexsort((text_pos[linked], -counts[linked], -degree[linked]))
        rank[linked[order]] = np.arange(len(linked))
    return rank


# --- entry point -----------------------------------------------------------


def group_units(
    units: Sequence[Unit], options: GroupOptions | None = None, progress: ProgressFn = no_progress
) -> list[Group]:
    """Group near-duplicate claim units; see the module docstring for the method."""
    t0 = time.perf_counter()
    opts = options or GroupOptions()
    stats: dict[str, Any] = {}
    claim_idx = [i for i, u in enumerate(units) if u.is_claim]
    total = 6
    progress("grouping", 0, total)
    norms_all = _normalize_many([units[i].text for i in claim_idx])
    uniq: dict[str, int] = {}
    inv = np.fromiter(
        (uniq.setdefault(n, len(uniq)) for n in norms_all), dtype=np.int64, count=len(norms_all)
    )
    norms = list(uniq)
    t1 = time.perf_counter()
    progress("grouping", 1, total)
    keys, tokens = _keys_and_tokens(norms, opts.key)
    t2 = time.perf_counter()
    progress("grouping", 2, total)
    if opts.engine == "dask":
        from .dask_engine import similar_pairs_dask

        a, b = similar_pairs_dask(keys, opts, progress)
    else:
        a, b, stats = similar_pairs(keys, opts, progress, tokens=tokens)
    t3 = time.perf_counter()
    progress("grouping", 5, total)
    groups = _build_groups(units, claim_idx, inv, norms, a, b)
    progress("grouping", total, total)
    if os.environ.get("CLAIMCHECK_GROUP_STATS"):  # for benchmarks/scale.py
        import json
        import sys

        stats = {
            "claims": len(claim_idx),
            "unique": len(keys),
            "groups": len(groups),
            "group_s": round(time.perf_counter() - t0, 3),
            "normalise_s": round(t1 - t0, 3),
            "keys_s": round(t2 - t1, 3),
            "pairs_s": round(t3 - t2, 3),
            "build_s": round(time.perf_counter() - t3, 3),
            **(stats if opts.engine == "local" else {}),
        }
        print("claimcheck-group-stats " + json.dumps(stats), file=sys.stderr, flush=True)
    return groups


def similar_pairs(
    keys: Sequence[str],
    opts: GroupOptions,
    progress: ProgressFn = no_progress,
    map_fn: MapFn = _local_map,
    tokens: Tokens | None = None,
) -> tuple[np.ndarray, np.ndarray, dict[str, Any]]:
    """Pairs of unique keys (i < j) scoring >= threshold (and passing the fact guard),
    and counters/timings for benchmarks. ``tokens``: ``_token_ids(keys)`` if known."""
    t0 = time.perf_counter()
    n = len(keys)
    ids, starts, words = tokens if tokens is not None else _token_ids(keys)
    fp = fact_fingerprints(ids, starts, words) if opts.fact_guard else None
    if n <= opts.brute_force_max:
        a, b = brute_force_pairs(keys, opts.method, opts.threshold, opts.workers)
        n_verified = len(a)
        if fp is not None:
            same = fp[a] == fp[b]
            a, b = a[same], b[same]
        return (
            a,
            b,
            {
                "path": "brute force",
                "candidates": n * (n - 1) // 2,
                "scored_above": n_verified,
                "pairs": len(a),
            },
        )
    lengths = np.fromiter(map(len, keys), dtype=np.int64, count=n)
    whash = word_hashes(words)
    seeds = _band_seeds(opts.bands, opts.rows, opts.seed)
    t1 = time.perf_counter()
    progress("grouping", 3, 6)
    band_map = _thread_map(opts.workers) if map_fn is _local_map else map_fn
    bound = opts.threshold if opts.method in _LENGTH_BOUNDED else None
    found = band_map(
        band_candidates,
        [
            (ids, starts, whash, seeds[j], lengths, opts.max_bucket, bound, fp)
            for j in range(opts.bands)
        ],
    )
    capped = sum(f[1] for f in found)
    raw = sum(f[2] for f in found)
    codes = _sorted_unique(np.concatenate([f[0] for f in found]))
    del found
    a, b = _decode(codes)
    del codes
    t2 = time.perf_counter()
    progress("grouping", 4, 6)
    key_arr = np.asarray(keys, dtype=object)
    step = 1_000_000
    masks = map_fn(
        verify_pairs,
        [
            (
                key_arr,
                a[lo : lo + step],
                b[lo : lo + step],
                opts.method,
                opts.threshold,
                opts.workers,
            )
            for lo in range(0, len(a), step)
        ],
    )
    keep = np.concatenate(masks) if masks else np.zeros(0, dtype=bool)
    n_verify = len(a)
    a, b = a[keep], b[keep]
    return (
        a,
        b,
        {
            # band_pairs: pairs sharing a band key, summed over bands (before the length
            # filter and the guard); candidates: distinct pairs left for the scorer.
            "path": "lsh",
            "band_pairs": raw,
            "candidates": n_verify,
            "pairs": len(a),
            "capped_buckets": capped,
            "tokens_s": round(t1 - t0, 3),
            "bands_s": round(t2 - t1, 3),
            "verify_s": round(time.perf_counter() - t2, 3),
        },
    )


def _thread_map(workers: int) -> MapFn:
    """Map over a thread pool: the band work is numpy calls that release the GIL."""
    n = (os.cpu_count() or 1) if workers < 1 else workers

    def run(fn: Callable[..., Any], args: list[tuple[Any, ...]]) -> list[Any]:
        if n == 1:
            return _local_map(fn, args)
        with ThreadPoolExecutor(max_workers=n) as pool:
            return list(pool.map(lambda a: fn(*a), args))

    return run


def _build_groups(
    units: Sequence[Unit],
    claim_idx: list[int],
    inv: np.ndarray,
    norms: list[str],
    a: np.ndarray,
    b: np.ndarray,
) -> list[Group]:
    n = len(norms)
    counts = np.bincount(inv, minlength=n)
    degree = np.bincount(np.concatenate([a, b]), minlength=n) if len(a) else np.zeros(n, int)
    leader = leader_clusters(n, a, b, _rank(norms, degree, counts))
    # Members per leader, in unit order; the representative is the leader text's
    # first unit.
    claim_arr = np.asarray(claim_idx, dtype=np.int64)
    text_leader = leader[inv]
    order = np.lexsort((claim_arr, text_leader))
    first_of_text = np.full(n, -1, dtype=np.int64)
    first_of_text[inv[::-1]] = claim_arr[::-1]  # earliest unit of each text
    sorted_leaders = text_leader[order]
    if len(order) == 0:
        return []
    starts = np.flatnonzero(np.r_[True, sorted_leaders[1:] != sorted_leaders[:-1]])
    sizes = np.diff(np.append(starts, len(order)))
    leads = sorted_leaders[starts].tolist()
    first = claim_arr[order[starts]]  # smallest member: groups are listed by it
    groups: list[Group] = [None] * len(starts)  # type: ignore[list-item]
    members_sorted = claim_arr[order].tolist()
    reps = first_of_text[sorted_leaders[starts]].tolist()
    for g, (s, z, lead, rep) in enumerate(
        zip(starts.tolist(), sizes.tolist(), leads, reps, strict=True)
    ):
        if z == 1:
            groups[g] = Group(group_id(norms[lead]), [rep], 1)
            continue
        block = members_sorted[s : s + z]
        members = [rep] + [m for m in block if m != rep]
        n_docs = len({units[k].doc_id for k in block})
        groups[g] = Group(group_id(norms[lead]), members, n_docs)
    return [groups[i] for i in np.argsort(first, kind="stable").tolist()]

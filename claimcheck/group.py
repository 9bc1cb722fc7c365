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
import re
import unicodedata
from collections.abc import Callable, Sequence
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
    bands, rows: MinHash LSH layout for larger inputs (bands * rows hashes).
    common_df, keep_rarest: words in more than this share of texts are left out of the
        MinHash sets (they make huge buckets and say little), except each text's
        ``keep_rarest`` rarest words. Scoring always uses the full key.
    max_bucket: LSH buckets larger than this are paired only with near neighbours
        in length order, so one very common band value cannot explode the pairs.
    workers: rapidfuzz worker threads (-1: all cores).
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
    bands: int = 60
    rows: int = 3
    max_bucket: int = 200
    common_df: float = 0.002
    keep_rarest: int = 8
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


def _normalize_many(texts: Sequence[str]) -> list[str]:
    """``normalize`` over many texts at once: one pass of each step over a big string."""
    if not texts:
        return []
    # "\n" survives NFKC, casefolding and the punctuation pass, so it can separate texts.
    big = "\n".join(texts) if not any("\n" in t for t in texts) else "\n".join(
        t.replace("\n", " ") for t in texts
    )
    big = unicodedata.normalize("NFKC", big).casefold()
    big = _PUNCT_RE.sub(" ", _APOS_RE.sub("", big))
    return [" ".join(part.split()) for part in big.split("\n")]


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    from nltk.stem import PorterStemmer

    return PorterStemmer()


class _Stems(dict):
    """word -> stem ("" for stop words), filled on first sight."""

    def __missing__(self, word: str) -> str:
        stem = "" if word in STOP_WORDS else _stemmer().stem(word)
        self[word] = stem
        return stem


_STEMS = _Stems()


def stem_key(norm: str) -> str:
    """Stemmed words without stop words; falls back to ``norm`` if nothing is left."""
    out = " ".join(s for s in map(_STEMS.__getitem__, norm.split()) if s)
    return out or norm


def _keys(norms: Sequence[str], key: str) -> list[str]:
    if key == "norm":
        return list(norms)
    return [stem_key(n) for n in norms]


def scoring_text(text: str, options: GroupOptions | None = None) -> str:
    """The string the scorer compares for one raw text (used by benchmarks and tests)."""
    opts = options or GroupOptions()
    return _keys([normalize(text)], opts.key)[0]


def group_id(norm: str) -> str:
    """Stable id from the representative's normalised text."""
    return "g" + hashlib.sha1(norm.encode("utf-8")).hexdigest()[:12]


# --- candidate generation --------------------------------------------------

_MASK32 = np.uint64(0xFFFFFFFF)


def _token_ids(keys: Sequence[str]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Word ids of every key, flattened, the start offset of each key, and the words."""
    vocab: dict[str, int] = {}
    ids: list[int] = []
    starts = np.empty(len(keys), dtype=np.int64)
    setdefault = vocab.setdefault
    for i, k in enumerate(keys):
        starts[i] = len(ids)
        ids.extend([setdefault(w, len(vocab)) for w in k.split()])
    return np.asarray(ids, dtype=np.int64), starts, list(vocab)


def _word_hashes(n_words: int, n_hashes: int, seed: int) -> np.ndarray:
    # Word ids are first-seen order, so these tables depend on input order; the
    # banding is a candidate filter only and verification decides, so groups
    # don't. Each table row is a random permutation value per hash function.
    rng = np.random.default_rng(seed)
    return rng.integers(0, 2**32 - 1, size=(n_words, n_hashes), dtype=np.uint32)


def drop_common_words(
    ids: np.ndarray, starts: np.ndarray, common_df: float, keep_rarest: int
) -> tuple[np.ndarray, np.ndarray]:
    """Token ids without very frequent words, keeping each text's rarest few."""
    n = len(starts)
    if len(ids) == 0:
        return ids, starts
    df = np.bincount(ids)
    sizes = np.diff(np.append(starts, len(ids)))
    rec = np.repeat(np.arange(n), sizes)
    order = np.lexsort((ids, df[ids], rec))  # by text, then rarest first
    rank = np.empty(len(ids), dtype=np.int64)
    rank[order] = _ramp(sizes)
    keep = (df[ids] <= max(common_df * n, 2)) | (rank < keep_rarest)
    new_sizes = np.bincount(rec[keep], minlength=n)
    new_starts = np.concatenate(([0], np.cumsum(new_sizes)[:-1])).astype(np.int64)
    return ids[keep], new_starts


def _band_keys(sig: np.ndarray, band: int, rows: int) -> np.ndarray:
    cols = sig[:, band * rows : (band + 1) * rows].astype(np.uint64)
    if rows == 1:
        return cols[:, 0]
    if rows == 2:
        return (cols[:, 0] << np.uint64(32)) | cols[:, 1]
    h = cols[:, 0].copy()
    for r in range(1, rows):
        h = h * np.uint64(0x9E3779B97F4A7C15) + cols[:, r]
    return h


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


def lsh_candidates(
    sig: np.ndarray, lengths: np.ndarray, bands: int, rows: int, max_bucket: int
) -> tuple[np.ndarray, np.ndarray, int]:
    """Distinct candidate pairs (i < j) from LSH banding; also how many buckets were capped."""
    found: list[np.ndarray] = []
    capped = 0
    for band in range(bands):
        keys = _band_keys(sig, band, rows)
        order = np.argsort(keys, kind="stable")
        sk = keys[order]
        boundary = np.flatnonzero(np.diff(sk)) + 1
        run_starts = np.concatenate(([0], boundary))
        run_sizes = np.diff(np.append(run_starts, len(sk)))
        small = (run_sizes >= 2) & (run_sizes <= max_bucket)
        found.append(_pairs_in_runs(order, run_starts[small], run_sizes[small]))
        big = run_sizes > max_bucket
        for s, z in zip(run_starts[big], run_sizes[big], strict=True):
            capped += 1
            found.append(_window_pairs(order[s : s + z], lengths, window=max_bucket // 8 or 1))
        # Deduplicate as we go so memory stays near the number of distinct pairs.
        if sum(map(len, found)) > 20_000_000:
            found = [_sorted_unique(np.concatenate(found))]
    codes = _sorted_unique(np.concatenate(found)) if found else np.empty(0, dtype=np.uint64)
    a, b = _decode(codes)
    return a, b, capped


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
            keys[lo:hi], keys[lo:], scorer=SCORERS[method], score_cutoff=threshold,
            workers=workers, dtype=np.float32,
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
        dtype=np.int8, count=len(words),
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
    sizes = np.diff(np.append(starts, len(ids)))
    rec = np.repeat(np.arange(n, dtype=np.int64), sizes)
    k = kinds[ids]
    is_num = k == 1
    if is_num.any():
        codes = np.unique((rec[is_num].astype(np.uint64) << np.uint64(32))
                          | ids[is_num].astype(np.uint64))  # a set per text
        tok = (codes & _MASK32).astype(np.int64)
        used = np.unique(tok)
        value = np.zeros(len(words), dtype=np.uint64)
        value[used] = np.array([_word_value(words[t]) for t in used.tolist()], dtype=np.uint64)
        np.add.at(fp, (codes >> np.uint64(32)).astype(np.int64), value[tok])
    fp[np.unique(rec[k == 2])] |= np.uint64(1)
    return fp


def fact_compatible(keys_a: Sequence[str], keys_b: Sequence[str]) -> np.ndarray:
    """Element-wise: may key_a[i] and key_b[i] be the same claim (same facts, polarity)?"""
    ids, starts, words = _token_ids(list(keys_a) + list(keys_b))
    fp = fact_fingerprints(ids, starts, words)
    return fp[: len(keys_a)] == fp[len(keys_a) :]


# --- clustering ------------------------------------------------------------


def leader_clusters(
    n: int, a: np.ndarray, b: np.ndarray, rank: np.ndarray
) -> np.ndarray:
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
    opts = options or GroupOptions()
    claim_idx = [i for i, u in enumerate(units) if u.is_claim]
    total = 6
    progress("grouping", 0, total)
    norms_all = _normalize_many([units[i].text for i in claim_idx])
    uniq: dict[str, int] = {}
    inv = np.fromiter(
        (uniq.setdefault(n, len(uniq)) for n in norms_all), dtype=np.int64, count=len(norms_all)
    )
    norms = list(uniq)
    progress("grouping", 1, total)
    keys = _keys(norms, opts.key)
    progress("grouping", 2, total)
    if opts.engine == "dask":
        from .dask_engine import similar_pairs_dask

        a, b = similar_pairs_dask(keys, opts, progress)
    else:
        a, b, _ = similar_pairs(keys, opts, progress)
    progress("grouping", 5, total)
    groups = _build_groups(units, claim_idx, inv, norms, a, b)
    progress("grouping", total, total)
    return groups


def similar_pairs(
    keys: Sequence[str], opts: GroupOptions, progress: ProgressFn = no_progress,
    map_fn: MapFn = _local_map,
) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
    """Pairs of unique keys (i < j) scoring >= threshold, and counters for benchmarks."""
    n = len(keys)
    ids, starts, words = _token_ids(keys)
    fp = fact_fingerprints(ids, starts, words) if opts.fact_guard else None
    if n <= opts.brute_force_max:
        a, b = brute_force_pairs(keys, opts.method, opts.threshold, opts.workers)
        n_verified = len(a)
        if fp is not None:
            same = fp[a] == fp[b]
            a, b = a[same], b[same]
        return a, b, {"candidates": n * (n - 1) // 2, "capped_buckets": 0,
                      "verified": n_verified, "pairs": len(a)}
    lengths = np.fromiter(map(len, keys), dtype=np.int64, count=n)
    ids, starts = drop_common_words(ids, starts, opts.common_df, opts.keep_rarest)
    n_hashes = opts.bands * opts.rows
    step = 100_000
    sig_parts = map_fn(
        _signature_chunk,
        [(ids, starts, lo, min(lo + step, n), n_hashes, opts.seed) for lo in range(0, n, step)],
    )
    sig = np.concatenate(sig_parts) if sig_parts else np.empty((0, n_hashes), np.uint32)
    progress("grouping", 3, 6)
    a, b, capped = lsh_candidates(sig, lengths, opts.bands, opts.rows, opts.max_bucket)
    del sig
    n_cand = len(a)
    if opts.method in _LENGTH_BOUNDED:
        a, b = length_filter(a, b, lengths, opts.threshold)
    progress("grouping", 4, 6)
    key_arr = np.asarray(keys, dtype=object)
    step = 1_000_000
    masks = map_fn(
        verify_pairs,
        [
            (key_arr, a[lo : lo + step], b[lo : lo + step], opts.method, opts.threshold,
             opts.workers)
            for lo in range(0, len(a), step)
        ],
    )
    keep = np.concatenate(masks) if masks else np.zeros(0, dtype=bool)
    a, b = a[keep], b[keep]
    n_verified = len(a)
    if fp is not None:
        same = fp[a] == fp[b]
        a, b = a[same], b[same]
    return a, b, {"candidates": n_cand, "capped_buckets": capped, "verified": n_verified,
                  "pairs": len(a)}


def _signature_chunk(
    ids: np.ndarray, starts: np.ndarray, lo: int, hi: int, n_hashes: int, seed: int
) -> np.ndarray:
    ends = np.append(starts[1:], len(ids))
    s0, e0 = int(starts[lo]), int(ends[hi - 1])
    # Hash tables must be identical across chunks: size them by the global vocabulary.
    vocab = int(ids.max()) + 1 if len(ids) else 1
    table = _word_hashes(vocab, n_hashes, seed)
    return _minhash_with_table(table, ids[s0:e0], starts[lo:hi] - s0, ends[lo:hi] - s0)


def _minhash_with_table(
    table: np.ndarray, ids: np.ndarray, starts: np.ndarray, ends: np.ndarray
) -> np.ndarray:
    """One hash function at a time: a 1-D gather and a 1-D reduceat are much faster
    than their 2-D forms, and memory stays at one value per token."""
    n = len(starts)
    sig = np.full((n, table.shape[1]), np.iinfo(np.uint32).max, dtype=np.uint32)
    nonempty = ends > starts
    if not nonempty.any():
        return sig
    cuts = starts[nonempty]
    table_t = np.ascontiguousarray(table.T)
    for k in range(table.shape[1]):
        sig[nonempty, k] = np.minimum.reduceat(table_t[k][ids], cuts)
    return sig


def _build_groups(
    units: Sequence[Unit], claim_idx: list[int], inv: np.ndarray, norms: list[str],
    a: np.ndarray, b: np.ndarray,
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
    doc_of = [units[i].doc_id for i in claim_idx]
    groups: list[Group] = []
    sorted_leaders = text_leader[order]
    cuts = np.flatnonzero(np.diff(sorted_leaders)) + 1
    for block in np.split(order, cuts) if len(order) else []:
        lead = int(text_leader[block[0]])
        rep = int(first_of_text[lead])
        members = [rep] + [m for m in claim_arr[block].tolist() if m != rep]
        n_docs = len({doc_of[k] for k in block.tolist()})
        groups.append(Group(group_id(norms[lead]), members, n_docs))
    groups.sort(key=lambda g: min(g.members))
    return groups

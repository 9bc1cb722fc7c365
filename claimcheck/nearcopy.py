"""Near-copies: the same sentence with light edits always shares a group.

Average linkage keeps every member close to its group as a whole, so a copy can be
outvoted: an outlet's version of a wire sentence that also sits close to another
cluster may be averaged into that one and split from its twin. A reviewer expects
copies together before anything else (the gold sets' near-duplicate tier: "about
rapidfuzz ratio >= 70 and visibly the same sentence"), so pairs of texts whose
character-level similarity (``rapidfuzz.fuzz.ratio`` of the normalised texts) is at
least ``NEAR_COPY_RATIO`` are a must-link: clustering sees them as score 1 and joins
them first. A pair the fact guard blocked ("the 18th meeting" / "the 17th meeting")
stays blocked: a different fact is no light edit.

**Spun copies** are must-links too. A content farm reposts a wire sentence through a
synonym spinner: "The Federal Aviation Administration on Saturday ordered the temporary
grounding of 171 ... jets" -> "The Government Aeronautics Organization on Saturday
requested the impermanent establishing of 171 ... planes". Content words are swapped
one for one, often for odd synonyms that neither the word scores nor an embedding
model place close, so the character ratio falls to 55-75 and the matcher's score to
0.4-0.5. What survives is the skeleton: the same length and order, the function words,
names and numbers in place. ``spun_copy`` aligns the two word sequences (Levenshtein
opcodes over words) and calls the pair a copy when the sentence is long enough
(``SPUN_MIN_WORDS``), a large share of its words are kept in order (``SPUN_KEPT``),
every other word is swapped in place: few words inserted or dropped (``SPUN_INDEL``),
no swapped run longer than a phrase (``SPUN_MAX_GAP``), no number swapped for another
number and no more names swapped for names than kept (``names``: capitalised words of
the claim core). The rule is checked on the normalised texts and on the claim cores
(a dateline or "the agency said" on one side only is no edit of the claim), and only
for pairs whose character ratio is at least ``SPUN_MIN_RATIO`` (every spun pair linked
on the dev corpora is at 57 or more), so the word alignment runs on few pairs. A spun
page that also cut the sentence short ("The Financial institution of Japan raised its
short-term coverage price to round 0.25% final Wednesday." against the wire's sentence
and its clause after it) is checked the same way against the longer side's opening
words, when the shorter side alone is long enough (``SPUN_MIN_WORDS``).

Measured on six dev corpora (docs/grouping.md): near-duplicate pair recall 0.875 ->
1.0 on health and 0.966 -> 1.0 on notoquake, pairwise F1 +0.02 on both, the others
unchanged; at a ratio of 70 the sample gained and economy lost. Spun copies: near-
duplicate recall superleague 0.906 -> 1.0, outage 0.958 -> 1.0, pairwise precision and
F1 no lower on any of fifteen corpora (docs/grouping.md, "Round 8").
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from .stopwords import STOP_WORDS

NEAR_COPY_RATIO = 75.0

SPUN_MIN_RATIO = 50.0  # character ratio below which no pair is aligned word by word
SPUN_MIN_WORDS = 16  # the longer side's: short ones of one template share a frame by chance
SPUN_KEPT = 0.45  # share of the longer side's words kept, in order
SPUN_INDEL = 0.15  # share of its words inserted or dropped rather than swapped
SPUN_MAX_GAP = 6  # the longest run of swapped words on either side (5 missed a spinner's
# "Health Organization's cancer research" -> "Well being Group's most cancers analysis")

_WORD = re.compile(r"\w+")
_APOSTROPHES = re.compile(r"['’`]")
# A text's first word and, when it is a possessive, its "'s" / "'".
_FIRST_WORD = re.compile(r"\W*([^\W\d_]+)(['’]s?(?!\w))?")


def near_copies(
    texts: Sequence[str], a: np.ndarray, b: np.ndarray, ratio: float = NEAR_COPY_RATIO
) -> np.ndarray:
    """Whether each pair (texts[a[i]], texts[b[i]]) is a near-copy (fuzz.ratio >= ratio)."""
    if ratio <= 0:
        return np.zeros(len(a), dtype=bool)
    return char_ratios(texts, a, b, ratio) >= ratio


def char_ratios(texts: Sequence[str], a: np.ndarray, b: np.ndarray, cutoff: float) -> np.ndarray:
    """``fuzz.ratio`` of each pair where it reaches ``cutoff`` (> 0), else 0."""
    out = np.zeros(len(a), dtype=np.float32)
    if len(a) == 0:
        return out
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    la, lb = lengths[a], lengths[b]
    # ratio = 2 * matches / (len_a + len_b) <= 2 * short / (short + long): a pair whose
    # longer side is more than this many times the shorter can never reach it
    longest = 200.0 / cutoff - 1.0
    maybe = np.flatnonzero(np.maximum(la, lb) <= longest * np.minimum(la, lb))
    if len(maybe) == 0:
        return out
    # gathered as object arrays: lists built through ``tolist`` held two Python ints
    # per pair beside the strings (~0.2 GB at a million claims)
    column = np.empty(len(texts), dtype=object)
    column[:] = texts
    out[maybe] = process.cpdist(
        column[a[maybe]],
        column[b[maybe]],
        scorer=fuzz.ratio,
        score_cutoff=cutoff,
        dtype=np.float32,
        workers=-1,  # C++ threads without the GIL, one per core: each pair on its own
    )
    return out


def copies(
    texts: Sequence[str],
    a: np.ndarray,
    b: np.ndarray,
    ratio: float = NEAR_COPY_RATIO,
    cores: Sequence[str] | None = None,
    spun: bool = True,
) -> np.ndarray:
    """Whether each pair is a near-copy (``near_copies``) or, with ``spun``, a spun copy
    (``spun_copy`` of the texts' words, split on spaces: ``texts`` are normalised, or of
    their ``cores``' words, names read from the cores); ratio 0: neither."""
    if ratio <= 0 or len(a) == 0:
        return np.zeros(len(a), dtype=bool)
    if not spun:
        return near_copies(texts, a, b, ratio)
    ratios = char_ratios(texts, a, b, min(ratio, SPUN_MIN_RATIO))
    near = ratios >= ratio
    band = np.flatnonzero(~near & (ratios > 0))
    if len(band):
        near[band] = _SpunCheck(texts, cores).pairs(a[band], b[band])
    return near


class _SpunCheck:
    """``spun_copy`` over pairs of texts, each text's words and names read once."""

    def __init__(self, texts: Sequence[str], cores: Sequence[str] | None) -> None:
        self.texts, self.cores = texts, cores
        self._split: dict[int, list[str]] = {}
        self._core_split: dict[int, list[str]] = {}
        self._names: dict[int, frozenset[str]] = {}

    def pairs(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Per pair (texts[a[k]], texts[b[k]]): a spun copy? Array steps first keep the
        word alignment to the pairs that can pass it: most pairs in the ratio band are
        of other lengths, or have cores that repeat their texts' words."""
        ids = np.unique(np.concatenate([a, b]))
        pa, pb = np.searchsorted(ids, a), np.searchsorted(ids, b)
        texts = [self.texts[i] for i in ids.tolist()]
        # normalised texts: their words are one space apart
        n_words = np.fromiter((t.count(" ") + 1 for t in texts), dtype=np.int64, count=len(ids))
        by_text = _lengths_may_pass(n_words[pa], n_words[pb])
        by_core = np.zeros(len(a), dtype=bool)
        if self.cores is not None:
            cores = [self.cores[i] for i in ids.tolist()]
            framed = np.fromiter(map(_core_differs, cores, texts), dtype=bool, count=len(ids))
            by_core = framed[pa] | framed[pb]
        out = np.zeros(len(a), dtype=bool)
        for k in np.flatnonzero(by_text | by_core).tolist():
            i, j = int(a[k]), int(b[k])
            out[k] = bool(by_text[k]) and self._view(self._words(i), self._words(j), i, j)
            if not out[k] and by_core[k]:
                out[k] = self._view(self._core_words(i), self._core_words(j), i, j)
        return out

    def _view(self, x: list[str], y: list[str], i: int, j: int) -> bool:
        # the names are read only for a pair whose words pass: they can only refuse it
        if not spun_copy(x, y):
            return False
        return self.cores is None or spun_copy(x, y, self._names_of(i), self._names_of(j))

    def _words(self, i: int) -> list[str]:
        got = self._split.get(i)
        if got is None:
            got = self._split[i] = self.texts[i].split()
        return got

    def _core_words(self, i: int) -> list[str]:
        assert self.cores is not None
        got = self._core_split.get(i)
        if got is None:
            got = self._core_split[i] = words(self.cores[i])
        return got

    def _names_of(self, i: int) -> frozenset[str]:
        assert self.cores is not None
        got = self._names.get(i)
        if got is None:
            got = self._names[i] = names(self.cores[i])
        return got


def _lengths_may_pass(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``spun_copy``'s length test on word counts."""
    longer, shorter = np.maximum(x, y), np.minimum(x, y)
    in_place = (longer >= SPUN_MIN_WORDS) & (longer - shorter <= SPUN_INDEL * longer)
    return in_place | (shorter >= SPUN_MIN_WORDS)  # or a truncated copy (``_truncated``)


def _core_differs(core: str, text: str) -> bool:
    """Is a claim core more than its normalised text: a frame or a dateline cut, an
    acronym expanded (another count of space-separated words)? If not, its words are
    the text's, and aligning them again would find nothing new."""
    return core.count(" ") != text.count(" ")


def words(text: str) -> list[str]:
    """A text's words for ``spun_copy``: casefolded, apostrophes dropped ("doesn't" is
    one word), punctuation left out."""
    return _WORD.findall(_APOSTROPHES.sub("", text.casefold()))


def names(text: str) -> frozenset[str]:
    """The capitalised words of a text but its first (casefolded, as ``words`` gives
    them): the names a spinner's thesaurus has no synonym for. The first word counts
    too when it is plainly a name, not a capital of the sentence: a possessive
    ("Australia's Senate") or an acronym ("NATO said"). A core that lost its dateline
    starts with such names, and leaving one out tips the names check of a spun pair."""
    found = _WORD.findall(_APOSTROPHES.sub("", text))
    kept = [w for w in found[1:] if w[0].isupper()]
    if found and _first_is_name(text):
        kept.append(found[0])
    return frozenset(w.casefold() for w in kept)


def _first_is_name(text: str) -> bool:
    first = _FIRST_WORD.match(text)
    if first is None:
        return False
    word, possessive = first.group(1), first.group(2)
    if word.casefold() in STOP_WORDS or word.casefold() == "let":  # "Let's"
        return False
    return bool(possessive) or (len(word) > 1 and word.isupper() and word.isalpha())


def spun_copy(
    x: Sequence[str],
    y: Sequence[str],
    names_x: frozenset[str] = frozenset(),
    names_y: frozenset[str] = frozenset(),
) -> bool:
    """Is one word sequence the other with its words swapped one for one in place, or
    the opening of the other so spun (a truncated spun copy)?
    ``names_x``/``names_y``: each side's names; more names swapped for other names than
    kept is two sentences of one template ("Germany will host ..." / "France will host
    ..."), not a spun copy. (See the module docstring for the rule and its constants.)"""
    if _spun_in_place(x, y, names_x, names_y):
        return True
    if len(x) > len(y):
        x, y, names_x, names_y = y, x, names_y, names_x
    # A spinner's page that also cut the sentence short: x against y's opening words.
    return _truncated(len(x), len(y)) and _spun_in_place(x, y[: len(x)], names_x, names_y)


def _truncated(shorter: int, longer: int) -> bool:
    """Too different in length for an in-place spin, long enough to be a cut copy."""
    return shorter >= SPUN_MIN_WORDS and longer - shorter > SPUN_INDEL * longer


def _spun_in_place(
    x: Sequence[str], y: Sequence[str], names_x: frozenset[str], names_y: frozenset[str]
) -> bool:
    longer = max(len(x), len(y))
    if longer < SPUN_MIN_WORDS or abs(len(x) - len(y)) > SPUN_INDEL * longer:
        return False
    # One C call first. Of a Levenshtein alignment at distance d with I + D words
    # inserted or deleted, the kept words number (len x + len y - 2 d + I + D) / 2; with
    # I + D <= SPUN_INDEL * longer, keeping SPUN_KEPT * longer needs d within this bound.
    most = (len(x) + len(y) - (2 * SPUN_KEPT - SPUN_INDEL) * longer) / 2
    if most < 0 or Levenshtein.distance(x, y, score_cutoff=int(most)) > most:
        return False
    kept = indel = kept_names = swapped_names = 0
    for gx, gy, same in _aligned(x, y):
        if max(len(gx), len(gy)) > SPUN_MAX_GAP or _swaps_numbers(gx, gy):
            return False
        indel += abs(len(gx) - len(gy))
        kept += len(same)
        if names_x or names_y:
            swapped_names += min(_count_in(gx, names_x), _count_in(gy, names_y))
            kept_names += sum(1 for w in same if w in names_x and w in names_y)
    return (
        kept >= SPUN_KEPT * longer and indel <= SPUN_INDEL * longer and swapped_names <= kept_names
    )


def _aligned(
    x: Sequence[str], y: Sequence[str]
) -> Iterator[tuple[Sequence[str], Sequence[str], Sequence[str]]]:
    """The Levenshtein alignment of two word sequences as (x's words of a run of edits,
    y's words of it, the words kept after it) in order: one swapped phrase and the
    words kept up to the next (the first run of edits may be empty)."""
    gap_x = gap_y = None  # where the current run of edits starts on each side
    for tag, x0, x1, y0, _ in Levenshtein.opcodes(x, y).as_list():
        if tag != "equal":
            if gap_x is None:
                gap_x, gap_y = x0, y0
            continue
        if gap_x is None:
            yield (), (), x[x0:x1]
        else:
            yield x[gap_x:x0], y[gap_y:y0], x[x0:x1]
        gap_x = gap_y = None
    if gap_x is not None:
        yield x[gap_x:], y[gap_y:], ()


def _count_in(tokens: Sequence[str], wanted: frozenset[str]) -> int:
    return sum(1 for t in tokens if t in wanted) if wanted else 0


def _swaps_numbers(x: Sequence[str], y: Sequence[str]) -> bool:
    """A number on both sides of one swap: another figure in the same slot ("17th" /
    "18th"), the sign of two sentences made from one template, not of a spinner."""
    return _has_digit(x) and _has_digit(y)


def _has_digit(tokens: Sequence[str]) -> bool:
    return any(ch.isdigit() for t in tokens for ch in t)


def must_link(
    texts: Sequence[str],
    a: np.ndarray,
    b: np.ndarray,
    score: np.ndarray,
    ratio: float = NEAR_COPY_RATIO,
    near: np.ndarray | None = None,
) -> np.ndarray:
    """The scores clustering uses: 1 for near-copies the fact guard let through (a
    blocked pair scores exactly 0), the matcher's score for every other pair.
    ``near``: the pairs that are copies when already known (grouping finds them beside
    the fact guard, spun copies included: ``copies``); else ``near_copies``."""
    near = near_copies(texts, a, b, ratio) if near is None else near
    link = near & (score > 0)
    return np.where(link, np.float32(1.0), score).astype(score.dtype, copy=False)

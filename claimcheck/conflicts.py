"""Conflicting claims: the same statement about the same subject with a different value.

"The ministry was founded in 1975" against "The ministry was founded in 1976"; "on 14
August" against "on 15 August"; "the 17th meeting" against "the 18th meeting"; "Defence
Minister John Smith" against "Defence Minister Jane Doe". Such pairs are near-identical
once their fact tokens are masked, and differ in a fact of the same kind.

Method:
1. Each claim's fact tokens are found in its text (numbers, years, dates, ordinals, and
   the capitalised name next to a role word such as "minister") and replaced by a
   placeholder of their kind; the result goes through ``group.normalize``.
2. Claims with equal masked text and equal facts are one *variant*; copies cost nothing.
3. Candidate pairs of variants share a rare masked word (blocking, so a big corpus is not
   compared all against all) and score >= ``threshold`` with rapidfuzz on masked text.
4. A candidate is a conflict when, for some fact kind both sides state, the values
   differ. A pair whose only difference is a different year *and* other numbers is a
   different period rather than a contradiction and is dropped; one side missing a fact
   is a vaguer claim, not a conflict.
5. Ranked: masked similarity, fewer differing facts first, more documents behind each
   side first.

Only ``group.normalize`` is shared with the grouper (its fact guard is not: it is
being reworked, and this module must say *which* facts differ, not just whether).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from .group import normalize
from .models import Corpus
from .months import MONTH_ABBREVIATIONS, MONTH_NUMBER, MONTHS, WEEKDAYS

DEFAULT_THRESHOLD = 70.0  # masked-text similarity (0-100) for "the same statement"
# Two sentences naming different years are most often about different events ("declared
# in 2022" / "reported in 2024"): a year alone must come with a closer text.
YEAR_ONLY_MIN = 75.0
MIN_CONTENT_WORDS = 4  # shorter masked texts ("xnumx cases") match far too much
MAX_BLOCK = 100  # a blocking word shared by more variants than this is too common to use
ALL_PAIRS_MAX = 2000  # up to this many variants, every pair is scored (a few ms)
BLOCK_KEYS = 2  # rarest masked words used as blocking keys per variant


def _words(text: str) -> list[str]:
    return text.split()


# Function words that say nothing about a claim's subject (for blocking and for the
# noun after a number). Kept here, not taken from group.py, whose internals are changing.
STOP_WORDS = frozenset(
    _words("a an the and or but of in on at to for from by with about as into over than that")
    + _words("this these those it its is are was were be been being has have had will would")
    + _words("can could may might should must do does did not no so such which who whom whose")
    + _words("what when where while also after before during since until up down out off per")
)


# Fact kinds, in the order they are reported.
NUMBER, YEAR, DATE, ORDINAL, NAME = "number", "year", "date", "ordinal", "name"
KINDS = (DATE, YEAR, NUMBER, ORDINAL, NAME)

_MONTHS = list(MONTHS)
_MONTH_ABBR = {a: MONTHS[MONTH_NUMBER[a[:3]] - 1] for a in MONTH_ABBREVIATIONS}
_WEEKDAYS = list(WEEKDAYS)
_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        _words(
            "zero one two three four five six seven eight nine ten eleven twelve thirteen "
            "fourteen fifteen sixteen seventeen eighteen nineteen twenty"
        )
    )
}
_ORDINAL_WORDS = {
    w: i
    for i, w in enumerate(
        _words(
            "zeroth first second third fourth fifth sixth seventh eighth ninth tenth "
            "eleventh twelfth"
        )
    )
}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9}
# A name next to one of these is the holder of a role: two different holders conflict.
_ROLE_WORDS = frozenset(
    """minister president premier chancellor secretary director chairman chairwoman chair
    chief ceo governor mayor head leader founder spokesman spokeswoman spokesperson commander
    general ambassador king queen prince emperor pope judge editor manager coach captain
    chairperson""".split()  # noqa: SIM905 (readable list)
)
_NAME_STOP = frozenset(_MONTHS + _WEEKDAYS) | {"the", "a", "an", "in", "on", "at", "of", "mr",
                                                 "mrs", "ms", "dr", "prof"}  # fmt: skip

_MONTH_RE = "|".join(_MONTHS + sorted(_MONTH_ABBR, key=len, reverse=True))
# Tried only where a word starts ((?<!\w)(?=\w)): 3x faster than at every character.
_TOKEN_RE = re.compile(
    r"(?<!\w)(?=\w)(?:(?P<date>\b(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:" + _MONTH_RE + r")\.?"
    r"|(?:" + _MONTH_RE + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?\b(?!\s*[.,]?\d{3}\b)"
    r"|(?:" + "|".join(_WEEKDAYS) + r")|(?:" + "|".join(_MONTHS) + r"))\b)"
    r"|(?P<ordinal>\b(?:\d+(?:st|nd|rd|th)|" + "|".join(_ORDINAL_WORDS) + r")\b)"
    r"|(?P<number>(?<![\w.])\d+(?:(?:,\s?|[.\s])\d{3})*(?:\.\d+)?(?:\s*(?:%|per\s?cent|percent))?"
    r"(?:(?:\s*|-)(?:" + "|".join(_SCALES) + r")\b)?"
    r"|\b(?:" + "|".join(_NUMBER_WORDS) + r")\b(?:\s+(?:" + "|".join(_SCALES) + r")\b)?))",
    re.IGNORECASE,
)
_NAME_RE = re.compile(r"\b[A-Z][\w'’-]+(?:\s+(?:[A-Z]\.|[A-Z][\w'’-]+))*")
_PLACEHOLDER = {kind: f"x{kind}x" for kind in KINDS}


@dataclass(frozen=True, slots=True)
class Fact:
    kind: str
    value: str  # normalised: digits without separators, month names, casefolded names
    text: str  # as written
    slot: str = ""  # what the value measures: for a number, the noun after it ("cases")


@dataclass(slots=True)
class Variant:
    """Claims with the same masked text and the same facts."""

    masked: str
    facts: tuple[Fact, ...]
    units: list[int] = field(default_factory=list)  # indices into corpus.units
    text: str = ""  # the first unit's text
    spans: tuple[tuple[int, int], ...] = ()  # the facts' offsets in ``text``
    _names: frozenset[str] | None = None

    @property
    def names(self) -> frozenset[str]:
        """Proper nouns outside the facts (casefolded); only candidates need them."""
        if self._names is None:
            self._names = proper_nouns(self.text, self.spans)
        return self._names

    def values(self, kind: str, slot: str | None = None) -> frozenset[str]:
        return frozenset(
            f.value for f in self.facts if f.kind == kind and (slot is None or f.slot == slot)
        )

    def slots(self, kind: str) -> frozenset[str]:
        return frozenset(f.slot for f in self.facts if f.kind == kind)


@dataclass(frozen=True, slots=True)
class Conflict:
    conflict_id: str  # stable across runs: from both sides' masked text and facts
    score: float  # rank key: higher is likelier a real contradiction
    similarity: float  # rapidfuzz score of the masked texts
    kinds: tuple[str, ...]  # the fact kinds that differ
    a: Variant
    b: Variant
    differing: tuple[tuple[str, str], ...]  # (a's value, b's value) per differing kind


# --------------------------------------------------------------------------- facts


_SCALE_RE = re.compile(r"[\s-]*\b(" + "|".join(_SCALES) + r")$")
_PERCENT_RE = re.compile(r"%|per\s?cent|percent")


def _number_value(raw: str) -> str:
    text = raw.casefold()
    scale = 1.0
    if text[-1:].isalpha():  # "4.2 million", "3bn": a scale word (at most one, at the end)
        found = _SCALE_RE.search(text)
        if found:
            scale, text = _SCALES[found.group(1)], text[: found.start()]
    percent = "%" in text or "cent" in text
    if percent:
        text = _PERCENT_RE.sub("", text)
    text = text.strip().rstrip("-").strip()
    if text in _NUMBER_WORDS:
        number = float(_NUMBER_WORDS[text])
    else:
        # "14,000", "14 000", "16, 000" are thousands; a lone "." or "," with 1-2 digits
        # after it is a decimal point.
        if re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", text):  # 1.234.567: European grouping
            text = text.replace(".", "")
        digits = re.sub(r"(?:,\s?|\s)(?=\d{3}\b)", "", text).replace(",", ".")
        try:
            number = float(re.sub(r"\s", "", digits))
        except ValueError:
            return text
    value = number * scale
    out = f"{value:.6g}" if value != int(value) else str(int(value))
    return out + ("%" if percent else "")


def _date_value(raw: str) -> str:
    words = re.findall(r"[a-z]+|\d+", raw.casefold())
    month = next((_MONTH_ABBR.get(w[:3], w) for w in words if w[:3] in _MONTH_ABBR), "")
    day = next((str(int(w)) for w in words if w.isdigit()), "")
    weekday = next((w for w in words if w in _WEEKDAYS), "")
    return weekday or f"{month} {day}".strip()


def _fact(kind: str, raw: str) -> Fact:
    if kind == DATE:
        return Fact(DATE, _date_value(raw), raw)
    if kind == ORDINAL:
        low = raw.casefold()
        value = str(_ORDINAL_WORDS[low]) if low in _ORDINAL_WORDS else re.sub(r"\D", "", low)
        return Fact(ORDINAL, value, raw)
    value = _number_value(raw)
    if re.fullmatch(r"1[5-9]\d\d|20\d\d", raw.strip()):
        return Fact(YEAR, value, raw)
    return Fact(NUMBER, value, raw)


_CURRENCY_RE = re.compile(r"(US\$|\$|USD|£|GBP|€|EUR|¥|₹|Rs\.?|SDR)\s*$")


def _currency(before: str) -> str:
    """The currency written before an amount, US$/USD as "$": $3bn and £2.4bn are not
    two values of one amount."""
    m = _CURRENCY_RE.search(before)
    if not m:
        return ""
    cur = m.group(1)
    return "$" if cur in ("US$", "USD", "$") else cur.rstrip(".") + " "


def _measured(after: str) -> str:
    """The first content word after a number: "14,000 reported cases" -> "case"."""
    for word in normalize(after).split()[:4]:
        if (
            word not in STOP_WORDS
            and word not in _SKIP_AFTER_NUMBER
            and word not in _DATE_WORDS  # "2% on Monday": the day is not what is counted
            and not word.isdigit()
        ):
            return word[:-1] if word.endswith("s") and len(word) > 3 else word
    return ""


_DATE_WORDS = frozenset(_MONTHS + _WEEKDAYS)
_SKIP_AFTER_NUMBER = frozenset(
    _words("more than about around over nearly almost some least new reported confirmed")
    + _words("additional further")
)


def _name_fact(raw: str, role: str) -> Fact:
    words = [w.casefold() for w in re.findall(r"[\w'’-]+", raw)]
    kept = [w for w in words if w not in _NAME_STOP and w not in _ROLE_WORDS]
    return Fact(NAME, " ".join(kept), raw, role)


_ORGANISATION_WORDS = frozenset(
    """office division ministry department agency bank fund council committee board
    university party government court commission institute association union""".split()  # noqa: SIM905
)


def _is_organisation(name: str) -> bool:
    """ "President's Media Division" names a body, not a holder of the role."""
    words = re.findall(r"[\w-]+", name)
    acronym = any(len(w) > 1 and w.isupper() for w in words)  # WHO, IMF: bodies
    return (
        acronym
        or bool({w.casefold() for w in words} & _ORGANISATION_WORDS)
        or bool(re.search(r"['’]s\b", name))
    )


_ROLE_HINT_RE = re.compile(r"\b(?:" + "|".join(sorted(_ROLE_WORDS)) + r")", re.IGNORECASE)


def _role_names(text: str) -> list[tuple[int, int, str]]:
    """Spans of capitalised names within two words of a role word ("Minister X",
    "X, the president"), each with its role."""
    spans = []
    for m in _NAME_RE.finditer(text):
        found = list(re.finditer(r"[\w'’-]+", m.group()))
        if m.start() == 0 and found and found[0].group().casefold() not in _ROLE_WORDS:
            found = found[1:]  # a sentence's first word is capitalised whatever it is
        words = [w for w in found if w.group().casefold() not in _NAME_STOP | _ROLE_WORDS]
        before = re.findall(r"\w+", text[max(0, m.start() - 40) : m.start()])[-4:]
        if not words or _is_organisation(m.group()) or before[-1:] == ["of"]:
            continue  # "the mayor of Marlow Bay" names a place
        after = re.findall(r"\w+", text[m.end() : m.end() + 30])[:3]
        inside = [w.group() for w in found]
        roles = sorted({w.casefold() for w in before + after + inside} & _ROLE_WORDS)
        if roles:
            spans.append((m.start() + words[0].start(), m.end(), roles[0]))
    return spans


def proper_nouns(text: str, facts_spans: Sequence[tuple[int, int]] = ()) -> frozenset[str]:
    """Capitalised words past a sentence's first word, outside fact spans: the subject's
    names ("Skerry Island" against "Holm Island")."""
    out = set()
    for m in re.finditer(r"(?<![\w'’])[A-Z][\w'’-]*", text):
        if m.start() == 0 or any(s <= m.start() < e for s, e in facts_spans):
            continue
        word = re.sub(r"['’]s?$", "", m.group().casefold())  # "Fund's" is "Fund"
        if word not in _NAME_STOP and word not in _ROLE_WORDS:
            out.add(word)
    return frozenset(out)


def mask(text: str) -> tuple[str, tuple[Fact, ...], tuple[tuple[int, int], ...]]:
    """``text`` with its fact tokens replaced by kind placeholders, normalised; the facts;
    their offsets in ``text``."""
    pieces: list[str] = []
    facts: list[Fact] = []
    spans = [(m.start(), m.end(), m.lastgroup or NUMBER) for m in _TOKEN_RE.finditer(text)]
    taken = [(s, e) for s, e, _ in spans]
    roles = {}
    found_roles = _role_names(text) if _ROLE_HINT_RE.search(text) else []
    for s, e, role in found_roles:
        if not any(s < te and ts < e for ts, te in taken):
            spans.append((s, e, NAME))
            roles[s] = role
    pos = 0
    for start, end, kind in sorted(spans):
        raw = text[start:end]
        fact = _name_fact(raw, roles.get(start, "")) if kind == NAME else _fact(kind, raw)
        if fact.kind == NUMBER:
            slot = f"{_currency(text[max(0, start - 5) : start])}{_measured(text[end : end + 60])}"
            fact = Fact(NUMBER, fact.value, raw, slot)
        facts.append(fact)
        pieces += [text[pos:start], f" {_PLACEHOLDER[fact.kind]} "]
        pos = end
    pieces.append(text[pos:])
    return normalize("".join(pieces)), tuple(facts), tuple((s, e) for s, e, _ in sorted(spans))


# --------------------------------------------------------------------------- candidates


def variants(corpus: Corpus) -> list[Variant]:
    """Claims with at least one fact, merged by (masked text, facts); each distinct text
    is masked once (boilerplate repeats thousands of times)."""
    units_of: dict[str, list[int]] = defaultdict(list)
    for i, unit in enumerate(corpus.units):
        if unit.is_claim and _has_fact_hint(unit.text):
            units_of[unit.text].append(i)
    texts = list(units_of)
    by_key: dict[tuple[str, tuple[Fact, ...]], Variant] = {}
    for text in texts:
        masked, facts, spans = mask(text)
        if not facts or _content_words(masked) < MIN_CONTENT_WORDS:
            continue
        key = (masked, tuple(sorted(set(facts), key=lambda f: (f.kind, f.value))))
        var = by_key.get(key)
        if var is None:
            var = by_key[key] = Variant(masked, key[1], text=text, spans=spans)
        var.units.extend(units_of[text])
    for var in by_key.values():
        var.units.sort()
    return list(by_key.values())


_HINT_WORDS = frozenset(
    list(_MONTHS) + _WEEKDAYS + list(_NUMBER_WORDS) + list(_ORDINAL_WORDS) + sorted(_ROLE_WORDS)
)
_DIGIT_RE = re.compile(r"\d")
_ALPHA_RE = re.compile(r"[a-z]+")


def _has_fact_hint(text: str) -> bool:
    """Cheap prefilter: most sentences of a big corpus have no fact at all."""
    if _DIGIT_RE.search(text):
        return True
    return not _HINT_WORDS.isdisjoint(_ALPHA_RE.findall(text.casefold()))


def _content_words(masked: str) -> int:
    return sum(1 for w in masked.split() if w not in STOP_WORDS and not _is_placeholder(w))


def _is_placeholder(word: str) -> bool:
    return word.startswith("x") and word.endswith("x") and word[1:-1] in KINDS


def _blocks(found: Sequence[Variant]) -> Iterable[list[int]]:
    """Lists of variant indices sharing one of their rarest content words; all of them
    at once where that is cheap enough."""
    if len(found) <= ALL_PAIRS_MAX:
        yield list(range(len(found)))
        return
    yield from _word_blocks(
        [{w for w in v.masked.split() if w not in STOP_WORDS and not _is_placeholder(w)}
         for v in found]
    )  # fmt: skip


def _word_blocks(words: Sequence[set[str]]) -> Iterable[list[int]]:
    """Indices grouped by each one's ``BLOCK_KEYS`` rarest shared words."""
    df = Counter(w for ws in words for w in ws)
    buckets: dict[str, list[int]] = defaultdict(list)
    for i, ws in enumerate(words):
        usable = sorted((w for w in ws if df[w] > 1), key=lambda w: (df[w], w))
        for w in [w for w in usable if df[w] <= MAX_BLOCK][:BLOCK_KEYS]:
            buckets[w].append(i)
    yield from (b for b in buckets.values() if len(b) > 1)


def similarity(a: str, b: str, *, processor: object = None, score_cutoff: float = 0) -> float:
    """Mean of rapidfuzz's token-set and token-sort ratios: the set ratio forgives one side
    saying more, the sort ratio keeps a short generic text from matching a long one."""
    score = (fuzz.token_set_ratio(a, b) + fuzz.token_sort_ratio(a, b)) / 2
    return score if score >= score_cutoff else 0.0


def candidate_pairs(found: Sequence[Variant], threshold: float) -> dict[tuple[int, int], float]:
    """(i, j) -> masked similarity for variant pairs scoring >= threshold."""
    pairs: dict[tuple[int, int], float] = {}
    for block in _blocks(found):
        texts = [found[i].masked for i in block]
        # The set ratio is never below the sort ratio, so it alone (native, fast) can
        # discard every pair whose mean cannot reach the threshold.
        scores = cdist(texts, texts, scorer=fuzz.token_set_ratio, score_cutoff=threshold)
        for x, y in zip(*scores.nonzero(), strict=True):
            if x < y:
                i, j = (block[x], block[y]) if block[x] < block[y] else (block[y], block[x])
                if (i, j) in pairs:
                    continue
                sim = similarity(texts[x], texts[y])
                if sim >= threshold:
                    pairs[(i, j)] = sim
    return pairs


# --------------------------------------------------------------------------- judging


def differing(a: Variant, b: Variant) -> list[tuple[str, str, str]]:
    """(kind, a's values, b's values) for every kind where each side states a value the
    other does not. One side stating *more* (a date and a weekday against the weekday
    alone) is a fuller claim, not a contradiction."""
    out = []
    for kind in KINDS:
        va, vb = a.values(kind), b.values(kind)
        if kind in (NAME, NUMBER):
            va, vb = _same_measure(a, b, kind)
        elif kind == DATE:
            va, vb = _comparable_dates(va, vb)
        if va - vb and vb - va:
            out.append((kind, ", ".join(sorted(va)), ", ".join(sorted(vb))))
    return out


def _same_measure(a: Variant, b: Variant, kind: str) -> tuple[frozenset[str], frozenset[str]]:
    """Values of the same measure on both sides: numbers of "cases" with "cases" (511 deaths
    and 50 countries are not two values of one thing), names of a "minister" with a
    "minister"."""
    shared = a.slots(kind) & b.slots(kind)
    for slot in sorted(shared):
        va, vb = a.values(kind, slot), b.values(kind, slot)
        if kind == NAME:
            va, vb = _unshared_names(va, vb), _unshared_names(vb, va)
        if va - vb and vb - va:
            return va, vb
    return frozenset(), frozenset()


def _comparable_dates(va: frozenset[str], vb: frozenset[str]) -> tuple[frozenset, frozenset]:
    """A weekday is relative to the report's own date: it can only contradict a weekday."""
    week = frozenset(_WEEKDAYS)
    if (va & week) and (vb & week):
        return va & week, vb & week
    return va - week, vb - week


def _unshared_names(names: frozenset[str], others: frozenset[str]) -> frozenset[str]:
    """Names sharing no word with any of ``others``: "Smith" and "John Smith" are one."""
    words = {w for n in others for w in n.split()}
    return frozenset(n for n in names if not set(n.split()) & words)


_RELATIVE_PERIOD = re.compile(
    r"\b(?:last|this|next|previous|past)\s+(?:year|month|week|summer|winter|spring|autumn|"
    r"fall|season|quarter|decade)\b",
    re.IGNORECASE,
)


def _is_other_period(a: Variant, b: Variant, kinds: Sequence[str]) -> bool:
    """Figures of two periods, not a contradiction: a different year or date together with
    different figures ("in 2020 ... 5%" / "in 2021 ... 6%"), or a year on one side against
    "last summer" on the other."""
    if (YEAR in kinds or DATE in kinds) and NUMBER in kinds:
        return True  # "rose 2% on Monday" / "rose 3% on Tuesday": two days' figures
    years_a, years_b = bool(a.values(YEAR)), bool(b.values(YEAR))
    relative_a, relative_b = (_RELATIVE_PERIOD.search(v.text) is not None for v in (a, b))
    return (years_a and relative_b and not years_b) or (years_b and relative_a and not years_a)


def _other_subject(a: Variant, b: Variant) -> bool:
    """Most of each side's proper nouns missing from the other: "the ferry to Skerry
    Island" and "the ferry to Holm Island" are two ferries."""
    if not a.names or not b.names:
        return False
    return len(a.names - b.names) * 2 >= len(a.names) and len(b.names - a.names) * 2 >= len(b.names)


def _docs(corpus: Corpus, var: Variant) -> set[str]:
    return {corpus.units[u].doc_id for u in var.units}


def conflict_id(a: Variant, b: Variant) -> str:
    sides = sorted(f"{v.masked}|{';'.join(f'{f.kind}={f.value}' for f in v.facts)}" for v in (a, b))
    return "c" + hashlib.blake2b("\n".join(sides).encode(), digest_size=6).hexdigest()


def find_conflicts(
    corpus: Corpus, threshold: float = DEFAULT_THRESHOLD, limit: int | None = None
) -> list[Conflict]:
    """Conflicting claim pairs, best first."""
    found = variants(corpus)
    out = []
    for (i, j), sim in candidate_pairs(found, threshold).items():
        a, b = found[i], found[j]
        diff = differing(a, b)
        kinds = tuple(k for k, _, _ in diff)
        if not diff or _is_other_period(a, b, kinds) or (kinds == (YEAR,) and sim < YEAR_ONLY_MIN):
            continue
        if _other_subject(a, b):
            continue
        if _docs(corpus, a) == _docs(corpus, b) and len(_docs(corpus, a)) == 1:
            continue  # a page restating its own figure differently: left to the reader
        # Earliest-dated-first is the report's business; here a stable side order.
        if (a.text, a.units[0]) > (b.text, b.units[0]):
            a, b = b, a
            diff = [(k, y, x) for k, x, y in diff]
        support = len(_docs(corpus, a)) + len(_docs(corpus, b))
        score = sim - 5.0 * (len(diff) - 1) + min(support, 10) * 0.5
        out.append(
            Conflict(
                conflict_id(a, b), round(score, 2), round(sim, 1), kinds, a, b,
                tuple((x, y) for _, x, y in diff),
            )
        )  # fmt: skip
    out.sort(key=lambda c: (-c.score, c.conflict_id))
    return out[:limit] if limit is not None else out

"""Label suggestions: per-unit signals tied to text spans, combined per group.

Every claim unit gets signals (``unit_signals``), each pointing at the span
that triggered it. Signals speak for one of three labels:

* dated news: dates, times, weekdays, numbered events ("the 12th Congress"),
  datelines, agency credits, reporting verbs with a speaker, direct quotes;
* generic: role/importance/peacock wording, aims and hedges, template
  openers, and the absence of any checkable specific;
* unsupported: checkable specifics (names that are not the page's own topic,
  countries, acronyms, numbers, concrete relations such as agreements).

Document and sentence evidence combine by one rule (``_unit_verdict``):

1. A sentence with its own time anchor *and* attribution is dated news,
   wherever it appears.
2. On a *news page* (date or source metadata, or a dateline, agency credit or
   date in its first units) a sentence with either a time anchor or an
   attribution is dated news: the page supplies the missing half. A sentence
   there with neither but naming specifics is reported content of the dated
   story: dated news at lower confidence. One with neither and no specifics
   (the writer's own gloss) is generic: the page date does not make every
   sentence an event report.
3. Off news pages, checkable specifics against evaluative wording decide
   between unsupported and generic; an explicit date alone gives dated news
   at low confidence. Names that are the page's own topic (in its title or
   headings, or in many of its sentences) are not specifics: the swap test
   says replacing the topic leaves a generic sentence generic.

A group is dated news when any member is (a dated report corroborates its
repeats), with the evidence of its best dated member; otherwise the members'
verdicts are weighed by confidence. Thin evidence gives a confidence below
0.5 and an explanation that says so.

Dates are found by compiled regexes; python-dateutil only confirms a
candidate span (strict parse, no fuzzy search): dateparser's search_dates was
slower (~0.7 ms a sentence) and read "may" and "12th" as dates.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from dateutil import parser as dateutil_parser

from .models import (
    DATED_NEWS,
    GENERIC,
    UNSUPPORTED,
    Corpus,
    Document,
    Evidence,
    Group,
    ProgressFn,
    Suggestion,
    Unit,
    no_progress,
)

PROGRESS_EVERY = 5000
SIGNAL_CACHE_MAX = 100_000  # texts whose signals are kept (per process)
TOPIC_MIN_UNITS = 3  # a name in this many sentences of a page is its topic
NEWS_HEAD_UNITS = 3  # datelines and date lines are looked for in the first units

# Signal families (names used in Evidence.signal).
TIME_SIGNALS = frozenset({"date", "time", "weekday", "relative_time", "event", "in_year"})
ATTRIBUTION_SIGNALS = frozenset({"speaker", "source", "reporting", "quote", "agency", "dateline"})
SPECIFIC_SIGNALS = frozenset(
    {"entity", "country", "acronym", "number", "relation", "year", "in_year"}
)
GENERIC_SIGNALS = frozenset({"evaluative", "hedge", "opener", "opinion", "no_specifics"})


class Signal(NamedTuple):
    """One piece of evidence in a unit's text: ``text[start:end]`` triggered it.

    A NamedTuple: a unit makes ~10 of these and a frozen dataclass's __init__
    costs ~1 us each.
    """

    name: str
    label: str
    start: int
    end: int
    key: str = ""  # normalised name, for entities (topic filtering)


# --- lexicons ----------------------------------------------------------------


def _lexicon(name: str) -> list[str]:
    path = resources.files("claimcheck.data").joinpath("lexicons").joinpath(name)
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def _branches(items: Iterable[str], escape: bool) -> list[str]:
    parts = [re.escape(i) if escape else i for i in items]
    parts.sort(key=len, reverse=True)  # longest first: "prime minister" before "minister"
    return parts


def _alternation(items: Iterable[str], escape: bool) -> str:
    return "(?:" + "|".join(_branches(items, escape)) + ")"


@dataclass(frozen=True)
class _Lexicons:
    countries: frozenset[str]
    demonyms: frozenset[str]
    regions: frozenset[str]
    institutions: frozenset[str]
    evaluative: re.Pattern[str]
    hedges: re.Pattern[str]
    opinion: re.Pattern[str]
    openers: re.Pattern[str]
    relations: re.Pattern[str]
    reporting: re.Pattern[str]
    titles: str  # alternation source, reused inside speaker patterns
    starts: frozenset[str]  # words that never start a name at a sentence start
    sources: str  # common-noun sources ("police", "the report"), alternation source
    agencies: re.Pattern[str]


# Matched against lower-cased text: re.I and a bare leading \b make the big
# alternations ~9x slower (every branch is tried at every position).
_PHRASE_HEAD, _PHRASE_TAIL = r"\b(?=[a-z])", r"\b"


@lru_cache(maxsize=1)
def _lex() -> _Lexicons:
    def phrases(name: str, escape: bool = False) -> re.Pattern[str]:
        return re.compile(_PHRASE_HEAD + _alternation(_lexicon(name), escape) + _PHRASE_TAIL)

    return _Lexicons(
        countries=frozenset(c.casefold() for c in _lexicon("countries.txt")),
        demonyms=frozenset(d.casefold() for d in _lexicon("demonyms.txt")),
        regions=frozenset(r.casefold() for r in _lexicon("regions.txt")),
        institutions=frozenset(_lexicon("generic_institutions.txt")),
        evaluative=phrases("evaluative.txt"),
        hedges=phrases("hedges.txt"),
        opinion=phrases("opinion.txt"),
        openers=re.compile(_alternation(_lexicon("openers.txt"), False)),
        relations=phrases("relations.txt"),
        reporting=phrases("reporting_verbs.txt", escape=True),
        titles=_alternation(_lexicon("titles.txt"), True),
        sources=_alternation(_lexicon("sources.txt"), True),
        starts=_INITIAL_STOP | frozenset(_lexicon("sentence_starts.txt")),
        agencies=re.compile(
            r"(?:\((?:" + _alternation(_lexicon("agencies.txt"), True) + r")\)"
            r"|/" + _alternation(_lexicon("agencies.txt"), True) + r"\b)"
        ),
    )


# --- patterns ------------------------------------------------------------------

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUMERIC_DATE = re.compile(
    r"\b(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2}))\b"
    r"(?:,?\s+\d{1,2}:\d{2}(?::\d{2})?)?"
)
_MONTH_DATE = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\.?(?:,?\s+\d{{4}})?"
    rf"|{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?"
    rf"|{_MONTH}\.?\s+\d{{4}})\b"
)
_TIME = re.compile(r"\b\d{1,2}:\d{2}(?:\s?[ap]\.?m\.?)?(?!\d)|\b\d{1,2}\s?[ap]\.m\.")
_WEEKDAY_RE = re.compile(rf"\b(?:(?:on|last|next|this|since|until|by|early|late)\s+)?{_WEEKDAY}\b")
_RELATIVE = re.compile(
    r"\b(?=[a-z])(?:yesterday|today(?!['’])|tonight|this (?:week|month|morning|afternoon)"
    r"|last (?:week|month|year|night)|earlier (?:this|last) (?:week|month|year)"
    r"|recently[- ](?:concluded|held|ended|completed|convened)|on the sidelines of)\b"
)  # matched against lower-cased text
_YEAR = re.compile(r"\b(?:1[89]|20)\d{2}\b")
# "in 1874", "until early 2020": a year used as the time of what the sentence reports
_YEAR_PREP = re.compile(
    r"\b(?:in|since|until|till|from|during|by)\s+(?:(?:early|late|mid)[\s-]+)?$"
)
_CAP = r"(?:[A-Z][\w’'\-]*\w|[A-Z])"
_CAPSEQ = rf"{_CAP}(?:\s+(?:(?:of|for|de|du|the|on)\s+)*{_CAP})*"
_EVENT = re.compile(rf"\b\d{{1,3}}(?:st|nd|rd|th)\s+{_CAPSEQ}")
_ENTITY = re.compile(_CAPSEQ)
_ACRONYM = re.compile(r"^[A-Z][A-Z\-&]{1,7}s?$")
_NUMBER = re.compile(r"\b\d[\d,.]*(?:\s?%|\s?(?:per ?cent|million|billion))?(?:st|nd|rd|th)?\b")
_CITATION = re.compile(r"\[\s*(?:\d{1,3}|[a-z])(?:\s*[,–\-]\s*\d{1,3})*\s*\]")
_QUOTE = re.compile(r"[“\"][^”\"]{15,}[”\"]|^\s*[“\"][^”\"]{15,}$|^[^“\"]{15,}[”\"]\s*$")
_DATELINE = re.compile(
    r"^[\"“(]?(?:[A-Z][A-Z.'’\-]+(?:\s+[A-Z][A-Z.'’\-]+)*)(?:,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)?"
    r"\s*(?:\([^)]{1,40}\)\s*)?[–—\-:]{1,2}\s"
)
_CREDIT = re.compile(r"\((?:[A-Z]{2,}/)+[A-Z]{2,}\)")
# A date line: a full date (with its day, or numeric) that opens the unit, after
# at most a weekday or a "Posted/Updated/Published (on):" label; or a date in a
# unit too short to be a sentence (a byline-and-date line).
_DATE_LINE_HEAD = re.compile(
    rf"^\W*(?:(?i:(?:last\s+)?(?:published|posted|updated|dated?))(?:\s+on)?\s*:?\s*)?"
    rf"(?:{_WEEKDAY}\s*,?\s*)?$"
)
_MONTH_YEAR_ONLY = re.compile(rf"^{_MONTH}\.?\s+\d{{4}}$")
DATE_LINE_MAX_WORDS = 8  # a unit this short with a full date in it is a date line
_LEAD = re.compile(r"^\s*(?:[-•*‣◦–]\s*|\d{1,2}[.)]\s+|[\"“(]\s*)*")
_LABEL = re.compile(rf"{_CAPSEQ}(?:\s+(?:and|&)\s+{_CAPSEQ})*:\s+")
_INITIAL_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "these",
        "that",
        "those",
        "its",
        "their",
        "his",
        "her",
        "our",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "to",
        "through",
        "under",
        "over",
        "within",
        "during",
        "after",
        "before",
        "as",
        "while",
        "when",
        "although",
        "however",
        "moreover",
        "furthermore",
        "additionally",
        "overall",
        "ultimately",
        "also",
        "both",
        "each",
        "every",
        "such",
        "some",
        "many",
        "most",
        "key",
        "one",
        "two",
        "several",
        "various",
        "it",
        "they",
        "we",
        "he",
        "she",
        "there",
        "here",
    ]
)
_COMMON_ABBREV = re.compile(r"\b[a-z][a-z\-]+\s+\($")
_DIGIT = re.compile(r"\d")
_PRONOUN_SPEAKER = re.compile(r"\b(?:[Hh]e|[Ss]he|[Tt]hey|[Ww]e|I)\s*,?\s*(?:\w+ly\s+)?$")
# Verbs that attribute only with a document or common-noun source as subject
# ("the report states", "the study found"); alone they are too common.
_SOURCE_VERBS = re.compile(r"\b(?=[a-z])(?:states|state|found|finds|shows|showed)\b")
_WEASEL_QUANTIFIERS = frozenset(
    {"some", "many", "several", "most", "other", "various", "numerous", "few"}
)


@lru_cache(maxsize=1)
def _source_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Common-noun subject before a verb, and "according to the report" (lower case)."""
    src = _lex().sources
    before = re.compile(
        rf"\b(?P<src>{src})s?\b"
        rf"(?:\s+(?:in|of|from|at|for)\s+[^,;:.“”\"]{{1,40}}?)?\s*,?\s*(?:\w+ly\s+)?$"
    )
    after = re.compile(
        rf"\s+(?:(?:the|a|an|its|their|this|that|these)\s+)?(?:[a-z\-]+\s+)?{src}s?\b"
    )
    return before, after


@lru_cache(maxsize=1)
def _speaker_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    titles = _lex().titles
    before = re.compile(
        rf"(?:(?P<name>{_CAPSEQ})|(?P<title>\b(?i:(?:the|a|an|its|their)\s+(?:\w+\s+)?{titles}s?)))"
        rf"\s*,?\s*(?:\w+ly\s+)?$"
    )  # case-sensitive: names must be capitalised; titles in any case
    after = re.compile(rf"\s*,?\s*(?:(?:{titles})\s+)?(?P<name>{_CAPSEQ})")
    title_only = re.compile(rf"\b{titles}\b", re.I)
    return before, after, title_only


# --- per-unit signals ------------------------------------------------------------


def _confirm_date(span: str) -> bool:
    """Strict dateutil parse of a regex candidate (rejects 31/02, 45/13 ...)."""
    for dayfirst in (True, False):
        try:
            dateutil_parser.parse(span, dayfirst=dayfirst, fuzzy=False)
            return True
        except (ValueError, OverflowError):
            continue
    return False


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in taken)


def _time_signals(text: str, low: str) -> list[Signal]:
    out: list[Signal] = []
    taken: list[tuple[int, int]] = []
    if _DIGIT.search(text):
        for pattern in (_NUMERIC_DATE, _MONTH_DATE):
            for m in pattern.finditer(text):
                if not _overlaps(*m.span(), taken) and _confirm_date(m.group()):
                    out.append(Signal("date", DATED_NEWS, *m.span()))
                    taken.append(m.span())
        for m in _TIME.finditer(text):
            if not _overlaps(*m.span(), taken):
                out.append(Signal("time", DATED_NEWS, *m.span()))
                taken.append(m.span())
        for m in _EVENT.finditer(text):
            out.append(Signal("event", DATED_NEWS, *m.span()))
            taken.append(m.span())
        for m in _YEAR.finditer(text):
            if not _overlaps(*m.span(), taken):
                if _YEAR_PREP.search(low, max(0, m.start() - 20), m.start()):
                    out.append(Signal("in_year", DATED_NEWS, *m.span()))
                else:
                    out.append(Signal("year", UNSUPPORTED, *m.span()))
                taken.append(m.span())
        if "[" in text:  # citation brackets "[16]", "[17], [18]", "[12]–[15]" are no numbers
            taken += [m.span() for m in _CITATION.finditer(text)]
        for m in _NUMBER.finditer(text, _content_start(text)):
            if not _overlaps(*m.span(), taken):
                out.append(Signal("number", UNSUPPORTED, *m.span()))
    if "day" in text:
        out.extend(Signal("weekday", DATED_NEWS, *m.span()) for m in _WEEKDAY_RE.finditer(text))
    out.extend(Signal("relative_time", DATED_NEWS, *m.span()) for m in _RELATIVE.finditer(low))
    return out


def _attribution_signals(text: str, low: str) -> list[Signal]:
    lex = _lex()
    out: list[Signal] = []
    m = _DATELINE.match(text)
    if m:
        out.append(Signal("dateline", DATED_NEWS, m.start(), m.end() - 1))
    if "(" in text or "/" in text:
        out.extend(Signal("agency", DATED_NEWS, *m.span()) for m in _CREDIT.finditer(text))
        out.extend(Signal("agency", DATED_NEWS, *m.span()) for m in lex.agencies.finditer(text))
    if '"' in text or "“" in text or "”" in text:
        out.extend(Signal("quote", DATED_NEWS, *m.span()) for m in _QUOTE.finditer(text))
    out.extend(_speaker_signals(text, low))
    return out


def _speaker_signals(text: str, low: str) -> list[Signal]:
    """Reporting verbs with their speaker: a name or title before, or after, the verb."""
    before, after, title_only = _speaker_patterns()
    out: list[Signal] = []
    for v in _lex().reporting.finditer(low):
        if text[v.start()].isupper():
            if v.group() == "according to":  # "According to the report, ..."
                out.extend(filter(None, [_source_signal(low, v)]))
            continue  # "Noted for ..." at a sentence start is no report
        window_start = max(0, v.start() - 100)
        window = text[window_start : v.start()]
        m = before.search(window)
        if m and (m.group("title") or _is_name(m.group("name"), window_start + m.start(), text)):
            out.append(Signal("speaker", DATED_NEWS, window_start + m.start(), v.end()))
            continue
        a = after.match(text, v.end())
        if a and v.group() != "according to" or a and title_only.search(a.group()):
            out.append(Signal("speaker", DATED_NEWS, v.start(), a.end()))
            continue
        if a and v.group() == "according to":
            out.append(Signal("speaker", DATED_NEWS, v.start(), a.end()))
            continue
        src = _source_signal(low, v)
        if src:
            out.append(src)
            continue
        p = _PRONOUN_SPEAKER.search(window)
        if p:
            out.append(Signal("reporting", DATED_NEWS, window_start + p.start(), v.end()))
    if "state" in low or "found" in low or "finds" in low or "show" in low:
        out.extend(filter(None, (_source_signal(low, v) for v in _SOURCE_VERBS.finditer(low))))
    return out


def _source_signal(low: str, verb: re.Match[str]) -> Signal | None:
    """A common-noun source as the verb's subject ("police said", "the report states").

    A quantified source ("some researchers say") is weasel wording, not attribution.
    """
    before, after = _source_patterns()
    if verb.group() == "according to":
        a = after.match(low, verb.end())
        return Signal("source", DATED_NEWS, verb.start(), a.end()) if a else None
    window_start = max(0, verb.start() - 80)
    m = before.search(low, window_start, verb.start())
    if not m:
        return None
    # the word, or the one before it, quantifies the source: "some (local) researchers"
    if _WEASEL_QUANTIFIERS.intersection(low[max(0, m.start() - 30) : m.start()].split()[-2:]):
        return None
    return Signal("source", DATED_NEWS, m.start("src"), verb.end())


def _is_name(seq: str | None, start: int, text: str) -> bool:
    """A capitalised sequence is a speaker unless it is a lone sentence-initial word."""
    if not seq:
        return False
    return start > _LEAD.match(text).end() or len(seq.split()) > 1


def _content_start(text: str) -> int:
    """Offset where the sentence proper starts: after bullets, quotes and a "Label:"."""
    pos = _LEAD.match(text).end()
    label = _LABEL.match(text, pos)
    return label.end() if label else pos


def _entity_signals(text: str) -> list[Signal]:
    lex = _lex()
    start0 = _content_start(text)
    out: list[Signal] = []
    for m in _ENTITY.finditer(text, start0):
        s, words = m.start(), m.group().split()
        if s == start0 or text[s - 2 : s] in (". ", ": "):
            while (
                words
                and _not_a_name_start(words[0], lex)
                and " ".join(words).casefold() not in lex.countries  # "United States"
            ):
                s += len(words[0]) + 1
                words = words[1:]
            if not words:
                continue
            if s == m.start() and len(words) == 1 and words[0].casefold() not in lex.countries:
                continue  # a lone capitalised first word is just a sentence start
        seq = " ".join(words)
        if _ACRONYM.match(seq) and _COMMON_ABBREV.search(text, 0, s):
            continue  # "unmanned aerial vehicles (UAVs)": an abbreviated common noun
        out.extend(_classify_entity(seq, s, s + len(seq)))
    return out


def _not_a_name_start(word: str, lex: _Lexicons) -> bool:
    """A sentence-initial word that starts no name: a function word, an imperative
    of instructions, or a participle ("Following X's ...", "Growing X ...")."""
    w = word.casefold()
    if w in lex.starts:
        return True
    return len(w) >= 5 and w.endswith(("ing", "ed")) and w not in lex.countries


def _classify_entity(seq: str, start: int, end: int) -> list[Signal]:
    lex = _lex()
    key = seq.casefold().replace("’s", "").replace("'s", "").rstrip("’'")
    if key in lex.countries:
        return [Signal("country", UNSUPPORTED, start, end, key)]
    if key in lex.demonyms or key in lex.regions:
        return []
    if _ACRONYM.match(seq):
        return [Signal("acronym", UNSUPPORTED, start, end, key)]
    if key.endswith("n") and key[:-1] in lex.regions or key[:-2] in lex.regions:
        return []  # "Southeast Asian": a region adjective
    bare = " ".join(w for w in key.split() if w not in lex.countries and w not in lex.demonyms)
    if not bare or bare in lex.institutions:
        return []
    return [Signal("entity", UNSUPPORTED, start, end, key)]


def _generic_signals(low: str) -> list[Signal]:
    lex = _lex()
    out = [Signal("evaluative", GENERIC, *m.span()) for m in lex.evaluative.finditer(low)]
    out.extend(Signal("hedge", GENERIC, *m.span()) for m in lex.hedges.finditer(low))
    out.extend(Signal("opinion", GENERIC, *m.span()) for m in lex.opinion.finditer(low))
    m = lex.openers.match(low, _LEAD.match(low).end())
    if m:
        out.append(Signal("opener", GENERIC, *m.span()))
    return out


def unit_signals(text: str) -> list[Signal]:
    """All signals of one unit's text, each with the span that triggered it."""
    low = _lower(text)
    signals = _time_signals(text, low) + _attribution_signals(text, low)
    signals += _entity_signals(text)
    relations = _lex().relations.finditer(low)
    signals += [Signal("relation", UNSUPPORTED, *m.span()) for m in relations]
    signals += _generic_signals(low)
    return signals


def _lower(text: str) -> str:
    """Lower case with offsets kept (a few characters grow when lower-cased)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


# --- page context ------------------------------------------------------------------


@dataclass(frozen=True)
class PageContext:
    """What the document tells about its units: news page or not, and its topic."""

    news: bool
    topic_words: frozenset[str]  # words of the title and headings
    topic_keys: set[str]  # names in TOPIC_MIN_UNITS or more sentences
    evidence: tuple[Evidence, ...] = ()  # why it is a news page
    reason: str = ""


def _words(text: str) -> set[str]:
    return {w.casefold().replace("’s", "") for w in re.findall(r"[\w’'\-]+", text)}


def page_context(
    doc: Document, unit_ids: Sequence[int], units: Sequence[Unit], signals: dict[int, list[Signal]]
) -> PageContext:
    """Page-level evidence: metadata, datelines and date lines at the top, topic names."""
    evidence: list[Evidence] = []
    reasons: list[str] = []
    first = unit_ids[0] if unit_ids else -1
    if doc.date:
        evidence.append(Evidence(first, 0, 0, "page_date", DATED_NEWS))
        reasons.append(f'page dated "{doc.date}"')
    if doc.source:
        evidence.append(Evidence(first, 0, 0, "page_source", DATED_NEWS))
        reasons.append(f'source "{doc.source}"')
    for i in unit_ids[:NEWS_HEAD_UNITS]:
        sigs = signals.get(i) or unit_signals(units[i].text)
        for s in sigs:
            if (
                s.name in ("dateline", "agency")
                or s.name == "date"
                and _is_date_line(units[i].text, s)
            ):
                evidence.append(Evidence(i, s.start, s.end, "page_" + s.name, DATED_NEWS))
                reasons.append(f'{s.name} "{_snippet(units[i].text[s.start : s.end])}" at top')
                break
    topic_words = _words(doc.title)
    for i in unit_ids:
        if units[i].kind == "heading":
            topic_words |= _words(units[i].text)
    counts: Counter[str] = Counter()
    for i in unit_ids:
        counts.update({s.key for s in signals.get(i, ()) if s.key})
    topic_keys = frozenset(k for k, n in counts.items() if n >= TOPIC_MIN_UNITS)
    return PageContext(
        bool(evidence), frozenset(topic_words), topic_keys, tuple(evidence), "; ".join(reasons)
    )


def _is_date_line(text: str, sig: Signal) -> bool:
    """A full date standing as the page's date line, not a date inside a sentence.

    A month and year alone ("August 1799") or a date in a sentence of the lead
    (a biography's life dates) says when something happened, not that the
    page is a dated report.
    """
    if _MONTH_YEAR_ONLY.match(text[sig.start : sig.end]):
        return False
    if _DATE_LINE_HEAD.match(text[: sig.start]):
        return True
    return len(text.split()) <= DATE_LINE_MAX_WORDS


# --- verdicts ----------------------------------------------------------------------------

_STOPWORDS = frozenset({"of", "the", "and", "for", "de", "du", "on"})


class Verdict(NamedTuple):
    """A unit's label on its own evidence and its page's (picklable, for worker processes)."""

    label: str
    confidence: float
    evidence: tuple[Signal, ...]
    thin: bool = False
    page_evidence: tuple[Evidence, ...] = ()
    page_reason: str = ""


def _is_topic(sig: Signal, page: PageContext) -> bool:
    if sig.key in page.topic_keys:
        return True
    words = [w for w in sig.key.split() if w not in _STOPWORDS]
    return bool(words) and all(w in page.topic_words for w in words)


def _weight(signals: Iterable[Signal], cap: float) -> float:
    half = ("hedge", "opener", "year", "in_year")
    return min(cap, sum(0.5 if s.name in half else 1.0 for s in signals))


def _unit_verdict(text: str, signals: list[Signal], page: PageContext) -> Verdict:
    time = [s for s in signals if s.name in TIME_SIGNALS]
    attrib = [s for s in signals if s.name in ATTRIBUTION_SIGNALS]
    strong_attrib = [s for s in attrib if s.name != "reporting"]
    names = [s for s in signals if s.name in ("entity", "country", "acronym")]
    specifics = [s for s in signals if s.name in SPECIFIC_SIGNALS and not _is_topic(s, page)]
    generic = [s for s in signals if s.label == GENERIC]
    if not names:  # a relation counts only where someone is named as having it
        specifics = [s for s in specifics if s.name != "relation"]
    spec_w, gen_w = _weight(specifics, 3.0), _weight(generic, 3.0)
    dated = time + attrib
    if time and strong_attrib:
        return Verdict(DATED_NEWS, 0.9, tuple(dated))
    if page.news and dated:
        conf = 0.8 if strong_attrib or any(s.name == "date" for s in time) else 0.7
        return _paged(DATED_NEWS, conf, dated, page)
    opinion = [s for s in generic if s.name == "opinion"]
    if opinion and not dated:
        # "my guess is that X founded Y": the writer's guess, not a claim of the text
        return Verdict(GENERIC, 0.55 if names or specifics else 0.65, tuple(generic))
    if page.news and (names or specifics) and gen_w < 2.5:
        # Kept dated (LABELS: a dated report corroborates what it reports; most
        # such sentences are the story's own content) but at the lowest dated
        # confidence, and said so: narrator background looks the same.
        conf = 0.6 if len(names) + len(specifics) >= 2 else 0.5
        verdict = _paged(DATED_NEWS, conf - 0.1 * (gen_w >= 1.5), names + specifics, page)
        return verdict._replace(page_reason="no own time or attribution; " + page.reason)
    if any(s.name == "date" for s in time) or strong_attrib and time:
        return Verdict(DATED_NEWS, 0.5, tuple(dated))
    if names and any(s.name == "in_year" for s in time):
        # "In 1874 the society moved to Leeds": a named actor did it at a time
        # the text fixes (LABELS: "said or did it, at a time the text fixes").
        return Verdict(DATED_NEWS, 0.5, (*time, *names))
    if spec_w >= 1.0:
        # A checkable specific stays checkable inside puffery (LABELS: "Laos
        # maintains partnerships with ..., which play pivotal roles"), so any
        # one decides; heavy evaluative wording only lowers the confidence.
        conf = min(0.85, 0.45 + 0.12 * spec_w - 0.05 * gen_w)
        thin = spec_w < 1.5 and gen_w >= 2.0
        return Verdict(UNSUPPORTED, max(conf, 0.35), tuple(specifics), thin=thin)
    if gen_w == 0:
        whole = Signal("no_specifics", GENERIC, 0, len(text))
        return Verdict(GENERIC, 0.4, (whole,), thin=True)
    conf = min(0.9, 0.5 + 0.12 * gen_w - 0.1 * spec_w)
    ev = tuple(generic) if specifics else (*generic, Signal("no_specifics", GENERIC, 0, len(text)))
    return Verdict(GENERIC, conf, ev, thin=gen_w < 1.0)


def _paged(label: str, conf: float, signals: Sequence[Signal], page: PageContext) -> Verdict:
    return Verdict(label, conf, tuple(signals), False, page.evidence, page.reason)


# --- groups --------------------------------------------------------------------------------

_SIGNAL_RANK = {
    n: i
    for i, n in enumerate(
        (
            "date",
            "dateline",
            "speaker",
            "quote",
            "agency",
            "event",
            "weekday",
            "time",
            "relative_time",
            "in_year",
            "reporting",
            "relation",
            "country",
            "entity",
            "acronym",
            "number",
            "year",
            "evaluative",
            "opinion",
            "hedge",
            "opener",
            "no_specifics",
        )
    )
}
_LABEL_TEXT = {DATED_NEWS: "dated news", GENERIC: "generic", UNSUPPORTED: "unsupported"}


def _snippet(span: str, limit: int = 40) -> str:
    span = " ".join(span.split())
    if len(span) <= limit:
        return span
    words = span.split()
    if len(words) >= 3:
        head = " ".join(words[:2])
        return f"{head} ... {words[-1]}"
    return span[: limit - 3] + "..."


def _explain(v: Verdict, text: str, n_members: int, dated_from_other: bool) -> str:
    ordered = sorted(v.evidence, key=lambda s: (_SIGNAL_RANK.get(s.name, 99), s.start))
    parts: list[str] = []
    seen: set[str] = set()
    for s in ordered:
        if s.name in seen and len(parts) >= 2:
            continue
        seen.add(s.name)
        parts.append(
            "no checkable specifics"
            if s.name == "no_specifics"
            else f'{s.name.replace("_", " ")} "{_snippet(text[s.start : s.end])}"'
        )
        if len(parts) == 3:
            break
    if v.page_reason:
        parts.append(v.page_reason)
    head = _LABEL_TEXT[v.label] + (" (thin evidence)" if v.thin else "")
    line = f"{head}: " + "; ".join(parts)
    if dated_from_other and n_members > 1:
        line += f" (from 1 of {n_members} members)"
    return line


def _combine(
    group: Group, verdicts: Mapping[int, Verdict] | Sequence[Verdict | None], units: Sequence[Unit]
) -> Suggestion:
    members = [(m, verdicts[m]) for m in group.members]
    dated = [(m, v) for m, v in members if v.label == DATED_NEWS]
    if dated:
        m, v = max(dated, key=lambda mv: mv[1].confidence)
        return _suggestion(v, m, units, len(members), m != group.representative)
    # A checkable specific in one copy is a specific of the claim: the group
    # is unsupported when any member is, on more than thin evidence.
    specific = [(m, v) for m, v in members if v.label == UNSUPPORTED and not v.thin]
    if specific:
        m, v = max(specific, key=lambda mv: mv[1].confidence)
        return _suggestion(v, m, units, len(members), m != group.representative)
    scores: Counter[str] = Counter()
    for _, v in members:
        scores[v.label] += v.confidence
    label = max((GENERIC, UNSUPPORTED), key=lambda lab: scores[lab])
    m, v = max(((m, v) for m, v in members if v.label == label), key=lambda mv: mv[1].confidence)
    agree = scores[label] / sum(scores.values())
    v = Verdict(v.label, round(v.confidence * agree, 3), v.evidence, v.thin or agree < 0.6)
    return _suggestion(v, m, units, len(members), False)


def _suggestion(v: Verdict, member: int, units: Sequence[Unit], n: int, other: bool) -> Suggestion:
    text = units[member].text
    evidence = tuple(Evidence(member, s.start, s.end, s.name, s.label) for s in v.evidence)
    conf = min(v.confidence, 0.45) if v.thin else v.confidence
    return Suggestion(
        v.label, round(conf, 3), _explain(v, text, n, other), evidence + v.page_evidence
    )


_signal_cache: dict[str, list[Signal]] = {}  # per process; pages repeat sentences


def _cached_signals(text: str) -> list[Signal]:
    sigs = _signal_cache.get(text)
    if sigs is None:
        if len(_signal_cache) >= SIGNAL_CACHE_MAX:
            _signal_cache.clear()  # bounded: the cache is for repeats, not for memory
        sigs = _signal_cache[text] = unit_signals(text)
    return sigs


def document_verdicts(doc: Document, units: Sequence[Unit]) -> list[Verdict | None]:
    """Verdicts of one document's units (all of them, in order): None for non-claims.

    The expensive, per-document half of the suggester, meant to run in the
    worker that segmented ``doc``. Evidence unit indices in the verdicts are
    local (indices into ``units``); ``shift_verdicts`` makes them global.
    """
    signals = {i: _cached_signals(u.text) for i, u in enumerate(units) if u.is_claim}
    page = page_context(doc, range(len(units)), units, signals)
    out: list[Verdict | None] = [None] * len(units)
    for i, sigs in signals.items():
        out[i] = _unit_verdict(units[i].text, sigs, page)
    return out


def shift_verdicts(verdicts: Sequence[Verdict | None], offset: int) -> list[Verdict | None]:
    """``document_verdicts`` output with its unit indices moved by ``offset`` (local -> global)."""
    return _reindex(verdicts, lambda i: i + offset)


def _reindex(
    verdicts: Sequence[Verdict | None], index: Callable[[int], int]
) -> list[Verdict | None]:
    # Only page evidence names units (signal offsets are within the unit's
    # text); a page's verdicts share one evidence tuple, so map each once.
    done: dict[int, tuple[Evidence, ...]] = {}
    out: list[Verdict | None] = []
    for v in verdicts:
        if v is None or not v.page_evidence:
            out.append(v)
            continue
        ev = done.get(id(v.page_evidence))
        if ev is None:
            ev = done[id(v.page_evidence)] = tuple(
                Evidence(index(e.unit_index), e.start, e.end, e.signal, e.label)
                for e in v.page_evidence
            )
        out.append(v._replace(page_evidence=ev))
    return out


def unit_verdicts(corpus: Corpus, progress: ProgressFn = no_progress) -> dict[int, Verdict]:
    """Verdict of every claim unit, with page context applied (used by the eval too)."""
    by_doc: dict[str, list[int]] = {}
    for i, u in enumerate(corpus.units):
        by_doc.setdefault(u.doc_id, []).append(i)
    docs = {d.doc_id: d for d in corpus.documents}
    verdicts: dict[int, Verdict] = {}
    for doc_id, ids in by_doc.items():
        doc = docs.get(doc_id) or Document(doc_id, "", "")
        local = document_verdicts(doc, [corpus.units[i] for i in ids])
        before = len(verdicts)
        for i, v in zip(ids, _reindex(local, ids.__getitem__), strict=True):
            if v is not None:
                verdicts[i] = v
        if len(verdicts) // PROGRESS_EVERY > before // PROGRESS_EVERY:
            progress("suggesting", len(verdicts), None)  # unit pass: total counts groups later
    return verdicts


def suggest_groups(
    corpus: Corpus,
    progress: ProgressFn = no_progress,
    verdicts: Sequence[Verdict | None] | None = None,
) -> None:
    """Fill ``group.suggestion`` for every group of the corpus.

    ``verdicts``: one per ``corpus.units`` entry, e.g. ``document_verdicts``
    of each document shifted to global indices and concatenated; computed
    here when None. The suggestions are the same either way.
    """
    total = len(corpus.groups)
    progress("suggesting", 0, total)
    by_unit: Sequence[Verdict | None] | dict[int, Verdict]
    by_unit = unit_verdicts(corpus, progress) if verdicts is None else verdicts
    for done, group in enumerate(corpus.groups, 1):
        group.suggestion = _combine(group, by_unit, corpus.units)
        if done % PROGRESS_EVERY == 0:
            progress("suggesting", done, total)
    progress("suggesting", total, total)

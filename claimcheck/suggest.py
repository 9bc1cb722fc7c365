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

1. A sentence with its own time anchor (a full date, a weekday, "earlier this
   week"; a year alone is none) *and* attribution is dated news, wherever it
   appears.
2. On a *dated page* (``pagekind``: a news report or official statement) a
   sentence with either is dated news: the page supplies the missing half.
   So is the rest of the story's content (lower confidence, said so), except
   timeless background: what a thing is or always does (a state in the simple
   present, nothing told in the past or going on now), or a year well before
   the report's ("the 2022 outbreak"), which is a specific with no dated
   report behind it: unsupported.
3. Off dated pages: a named actor at a time the text fixes is dated news;
   possibility, hypothesis and advice to the reader are generic; checkable
   specifics (outside the page's own subject) make it unsupported even in
   puffery; a plain statement in concrete words (no evaluative wording, few
   abstract nominalisations) is a factual claim: unsupported, thin; the rest
   is generic. Names the page repeats, or has in its title or headings, are
   its own subject, not specifics (the swap test); acronyms the page defines
   are read as it defines them before any lexicon lookup.

A group is dated news when any member is (a dated report corroborates its
repeats), with the evidence of its best dated member; otherwise the members'
verdicts are weighed by confidence. Thin evidence gives a confidence below
0.5 and an explanation that says so.

Dates are found by compiled regexes and checked by hand (day within its
month): dateparser's search_dates was slower (~0.7 ms a sentence) and read
"may" and "12th" as dates, and dateutil's strict parse cost ~0.4 ms a candidate.

The page comes first: ``pagekind`` decides whether a document is a dated
report (with ``pagedate`` for its own date), ``acronyms`` reads the acronyms it
defines; then each sentence is judged against its page (``_unit_verdict``).
"""

from __future__ import annotations

import calendar
import re
from collections import Counter, deque
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from functools import lru_cache
from importlib import resources
from itertools import accumulate, chain, compress, repeat
from operator import add, attrgetter, is_not, itemgetter
from typing import NamedTuple

from .acronyms import defined_acronyms
from .alternation import PhraseScan, by_first_char, matches_at
from .citations import CITE_MARKS
from .evidence import Found, sentence
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
from .months import CALENDAR_WORDS, MONTH_NUMBER, MONTH_RE, WEEKDAY_FULL_RE
from .newswindow import news_window
from .pagekind import PageKind, infer_kind, spun_kind
from .spunpage import spun_pages

PROGRESS_EVERY = 5000
SIGNAL_CACHE_MAX = 100_000  # texts whose signals are kept (per process)
ENTITY_CACHE_MAX = 200_000  # capitalised sequences whose class is kept
MAX_YEAR = 2100  # later "years" are numbers
TOPIC_MIN_UNITS = 3  # a name in this many sentences of a page is its topic

# Signal families (names used in Evidence.signal).
# A year alone ("in 1958") is not a dated report: "in_year" is a specific, not a time.
TIME_SIGNALS = frozenset({"date", "time", "weekday", "relative_time", "event"})
YEAR_SIGNALS = frozenset({"year", "in_year", "month_year", "date_span"})
ATTRIBUTION_SIGNALS = frozenset({"speaker", "source", "reporting", "quote", "agency", "dateline"})
SPECIFIC_SIGNALS = frozenset(
    {"entity", "country", "acronym", "number", "relation", "year", "in_year", "month_year",
     "date_span"}
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


_new = tuple.__new__  # builds a named tuple in C, without its class's Python __new__


def _found(name: str, label: str, matches: Iterable[re.Match[str]]) -> list[Signal]:
    """One signal per match, keyless: ``Signal(name, label, *m.span())`` for each,
    without a Python call per signal (a unit makes ~7; 1M units, ~3 CPU s)."""
    return [_new(Signal, (name, label, start, end, "")) for start, end in map(_span, matches)]


_span = re.Match.span


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
    # the five above, _RELATIVE and _SPELLED_AMOUNT in one pass (per pattern: evaluative,
    # hedges, opinion, relations, reporting, relative, amounts), what each one's finditer
    # gives
    phrase_scan: PhraseScan
    titles: str  # alternation source, reused inside speaker patterns
    starts: frozenset[str]  # words that never start a name at a sentence start
    sources: str  # common-noun sources ("police", "the report"), alternation source
    agencies: re.Pattern[str]
    agency_names: frozenset[str]  # case-folded, for acronyms a page defines
    function_words: frozenset[str]
    imperatives: frozenset[str]
    purpose_words: frozenset[str]


# Matched against lower-cased text: re.I and a bare leading \b make the big
# alternations ~9x slower (every branch is tried at every position).
_PHRASE_HEAD, _PHRASE_TAIL = r"\b(?=[a-z])", r"\b"


@lru_cache(maxsize=1)
def _lex() -> _Lexicons:
    def phrases(name: str, escape: bool = False) -> re.Pattern[str]:
        # regrouped by first character: the same matches, ~1.5x faster (alternation.py)
        alternation = by_first_char(_branches(_lexicon(name), escape))
        return re.compile(_PHRASE_HEAD + alternation + _PHRASE_TAIL)

    scanned = {
        "evaluative": phrases("evaluative.txt"),
        "hedges": phrases("hedges.txt"),
        "opinion": phrases("opinion.txt"),
        "relations": phrases("relations.txt"),
        "reporting": phrases("reporting_verbs.txt", escape=True),
    }
    return _Lexicons(
        countries=frozenset(c.casefold() for c in _lexicon("countries.txt")),
        demonyms=frozenset(d.casefold() for d in _lexicon("demonyms.txt")),
        regions=frozenset(r.casefold() for r in _lexicon("regions.txt")),
        institutions=frozenset(_lexicon("generic_institutions.txt")),
        openers=re.compile(_alternation(_lexicon("openers.txt"), False)),
        phrase_scan=PhraseScan([*scanned.values(), _RELATIVE, _SPELLED_AMOUNT], _PHRASE_HEAD),
        **scanned,
        titles=_alternation(_lexicon("titles.txt"), True),
        sources=_alternation(_lexicon("sources.txt"), True),
        starts=_INITIAL_STOP
        | frozenset(_lexicon("sentence_starts.txt"))
        | frozenset(_lexicon("imperatives.txt")),
        agencies=re.compile(
            r"(?:\((?:" + _alternation(_lexicon("agencies.txt"), True) + r")\)"
            r"|/" + _alternation(_lexicon("agencies.txt"), True) + r"\b)"
        ),
        agency_names=frozenset(a.casefold() for a in _lexicon("agencies.txt")),
        function_words=frozenset(_lexicon("function_words.txt")),
        imperatives=frozenset(_lexicon("imperatives.txt")),
        purpose_words=frozenset(_lexicon("purpose_words.txt")),
    )


# --- patterns ------------------------------------------------------------------

_NUMERIC_DATE = re.compile(
    r"\b(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2}))\b"
    r"(?:,?\s+\d{1,2}:\d{2}(?::\d{2})?)?"
)
_MONTH_DATE = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH_RE}\.?(?:,?\s+\d{{4}})?"
    rf"|{MONTH_RE}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?"
    rf"|{MONTH_RE}\.?\s+\d{{4}})\b"
)
# a clock time; not a recording's offset "[00:03:58]" or any "h:mm:ss" (a transcript's)
_TIME = re.compile(
    r"(?<![\[:\d])\d{1,2}:\d{2}(?![:\d])(?:\s?[ap]\.?m\.?)?|\b\d{1,2}\s?[ap]\.m\."
)
_WEEKDAY_RE = re.compile(
    rf"\b(?:(?:on|last|next|this|since|until|by|early|late)\s+)?{WEEKDAY_FULL_RE}\b"
)
_RELATIVE = re.compile(
    r"\b(?=[a-z])(?:yesterday|today(?!['’])|tonight|this (?:week|month|morning|afternoon)"
    r"|last (?:week|month|year|night)|earlier (?:this|last) (?:week|month|year)"
    r"|recently[- ](?:concluded|held|ended|completed|convened)|on the sidelines of)\b"
)  # matched against lower-cased text
# A spelled-out amount of something measured: "three metres", "nine hours", "one
# million passengers", "twenty minutes" (counts of things, "two countries", are left to
# the names: a number word alone is too often a figure of speech, "one thing").
_NUMBER_WORDS = (
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty"
    "|forty|fifty|sixty|seventy|eighty|ninety"
)
_SPELLED_AMOUNT = re.compile(
    rf"\b(?=[a-z])(?:(?:one|a|{_NUMBER_WORDS})"
    r"(?:[ -](?:hundred|thousand|million|billion|trillion))+"
    rf"|(?:{_NUMBER_WORDS}|a hundred|hundreds of|thousands of)[ -](?:per ?cent|percent|metres"
    r"|meters|feet|inches|miles|kilometres|kilometers|kilograms|pounds|tonnes|tons|hours"
    r"|minutes|seconds|days|weeks|months|years|decades|centuries|degrees|times|dollars"
    r"|euros))\b"
)  # matched against lower-cased text
_YEAR = re.compile(r"\b(?:1[89]|20)\d{2}\b")
# "in 1874", "until early 2020": a year used as the time of what the sentence reports
_YEAR_PREP = re.compile(
    r"\b(?:in|since|until|till|from|during|by)\s+(?:(?:early|late|mid)[\s-]+)?$"
)
# A capitalised word; "U.S." and "S&P" are one word, not two letters.
_CAP = r"[A-Z](?:\.(?:[A-Z]\.)+|&[A-Z]+|[\w’'\-]*\w)?"  # (one class first: a fast scan)
_PRONOUN_I = re.compile(r"I(?:['’][a-z]{1,2})?")  # "I", "I'm", "I've": names nothing
# "on" joins "Committee on Food Additives", not a name and its time ("FAA on Wednesday")
_NAME_ON = rf"on(?!\s+(?:{WEEKDAY_FULL_RE}|{MONTH_RE})\b)"
_CAPSEQ = rf"{_CAP}(?:\s+(?:(?:of|for|de|du|the|{_NAME_ON})\s+)*{_CAP})*"
_EVENT = re.compile(rf"\b\d{{1,3}}(?:st|nd|rd|th)\s+{_CAPSEQ}")
_ENTITY = re.compile(_CAPSEQ)
_ACRONYM = re.compile(r"^[A-Z][A-Z\-&]{1,7}s?$")
_NUMBER = re.compile(  # not inside a name such as "COVID-19"; "$50k", "$1.85B": scaled
    r"(?<![A-Za-z]-)\b\d[\d,.]*(?:\s?%|\s?(?:per ?cent|million|billion)|bn|tn|[kKmMbB])?"
    r"(?:st|nd|rd|th)?\b"
)
_QUOTE = re.compile(r"[“\"][^”\"]{15,}[”\"]|^\s*[“\"][^”\"]{15,}$|^[^“\"]{15,}[”\"]\s*$")
_DATELINE = re.compile(
    r"^[\"“(]?(?:[A-Z][A-Z.'’\-]+(?:\s+[A-Z][A-Z.'’\-]+)*)(?:,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)?"
    r"\s*(?:\([^)]{1,40}\)\s*)?[–—\-:]{1,2}\s"
)
_CREDIT = re.compile(r"\((?:[A-Z]{2,}/)+[A-Z]{2,}\)")
# What every match of a pattern holds, searched first (in C): most texts have none.
_MONTH_NAME = re.compile(MONTH_RE).search  # _MONTH_DATE's month name
_NUMERIC_GATE = re.compile(r"\d[/.\-]\d").search  # _NUMERIC_DATE's separator
_EVENT_GATE = re.compile(r"\d(?:st|nd|rd|th)\s").search  # _EVENT's ordinal
# (_TIME's: ":" or "a.m." / "p.m.")
_MONTH_YEAR_ONLY = re.compile(rf"^{MONTH_RE}\.?\s+\d{{4}}$")
# What comes before a sentence proper: bullets, list numbers, an opening quote, and
# the pictographs a social post leads with ("✅ ", "🌍 THREAD: ").
_PICTOGRAPHS = "\u2190-\u2bff\U0001f000-\U0001faff\ufe0f\u200d"
_LEAD = re.compile(rf"^\s*(?:[-•*‣◦–{_PICTOGRAPHS}]\s*|\d{{1,2}}[.)/]\s+|[\"“(]\s*)*")
# Around a label's words: a recording's offset before ("[00:03:58] "); emphasis, a
# role in brackets and the colon after ("**:**", " (analyst, Tidewater):").
_OFFSET = r"(?:\[\d{1,2}(?::\d{2}){1,2}\]\s*)?"
_LABEL_END = r"[*_]*(?:\s*\([^)\n]{1,60}\))?[*_]*:[*_]*\s+"
# "Label: ...", "Q and A: ...", a transcript's "**NAIR:** ...", "NAIR (analyst):",
# "[00:03:58] NAIR:".
_LABEL = re.compile(rf"{_OFFSET}{_CAPSEQ}(?:\s+(?:and|&)\s+{_CAPSEQ})*{_LABEL_END}")
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
_PRONOUN_SPEAKER = re.compile(r"\b(?:[Hh]e|[Ss]he|[Tt]hey|[Ww]e|[Ii]t|I)\s*,?\s*(?:\w+ly\s+)?$")
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
    # "said Japanese trade minister Yoji Muto": a capitalised word before a title is the
    # title's qualifier, and the speaker is the name after the title
    after = re.compile(
        rf"\s*,?\s*(?:(?:{titles})\s+)?(?P<name>{_CAPSEQ})"
        rf"(?:\s+(?:[a-z]+\s+)?(?:{titles})\s+{_CAPSEQ})?"
    )
    title_only = re.compile(rf"\b{titles}\b", re.I)
    return before, after, title_only


# --- per-unit signals ------------------------------------------------------------


_DATE_PARTS = re.compile(r"\d+|[A-Za-z]+")


def _confirm_date(span: str) -> bool:
    """A regex candidate is a real date: day within its month, month 1-12, time valid
    (rejects 31/02, 45/13 ...). Checked by hand: dateutil's strict parse did the same
    at ~400 us a candidate, a fifth of a dated sentence's cost."""
    parts = _DATE_PARTS.findall(span)
    words = [p[:3].lower() for p in parts if p.isalpha()]
    nums = [int(p) for p in parts if p.isdigit()]
    clock = nums[3:] if not words else []  # "14/01/2026 12:47": the time after the date
    if clock and not (clock[0] < 24 and all(n < 60 for n in clock[1:])):
        return False
    if words:
        month = next((MONTH_NUMBER[w] for w in words if w in MONTH_NUMBER), None)
        days = [n for n in nums if n < 100]
        years = [n for n in nums if n >= 100]
        if month is None:
            return False
        if not days:
            return bool(years)  # "May 2022"
        return _valid_day(years[0] if years else 2000, month, days[0])
    a, b, c = nums[:3]
    if a > 31:  # ISO: year-month-day
        return _valid_day(a, b, c)
    year = c if c >= 100 else 2000 + c
    return _valid_day(year, b, a) or _valid_day(year, a, b)


def _valid_day(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    for s, e in taken:  # noqa: SIM110 (a loop, not any() over a generator: ~3x faster)
        if start < e and s < end:
            return True
    return False


# A digit after a word boundary (what r"\b\d" finds), written so that the engine
# skips to digits in C: a pattern that starts with a class is searched that way, one
# that starts with \b is tried at every position (half the time over 1M texts).
_DIGIT_START = re.compile(r"\d(?<!\w\d)")


def _time_signals(
    text: str, low: str, relative: list[re.Match[str]], content: int
) -> list[Signal]:
    """``relative``: ``_RELATIVE``'s matches in ``low`` (``_Lexicons.phrase_scan``);
    ``content``: where the sentence proper starts (``_content_start``)."""
    out: list[Signal] = []
    taken: list[tuple[int, int]] = []
    starts = [m.start() for m in _DIGIT_START.finditer(text)]
    if starts:
        for m in matches_at(_NUMERIC_DATE, text, starts) if _NUMERIC_GATE(text) else ():
            if not _overlaps(*m.span(), taken) and _confirm_date(m.group()):
                out.append(Signal("date", DATED_NEWS, *m.span()))
                taken.append(m.span())
        for m in _MONTH_DATE.finditer(text) if _MONTH_NAME(text) else ():
            if not _overlaps(*m.span(), taken) and _confirm_date(m.group()):
                # "May 2022" says when, not that a report is dated: a specific
                name = "month_year" if _MONTH_YEAR_ONLY.match(m.group()) else "date"
                label = UNSUPPORTED if name == "month_year" else DATED_NEWS
                out.append(Signal(name, label, *m.span()))
                taken.append(m.span())
        for m in matches_at(_TIME, text, starts) if ":" in text or ".m." in text else ():
            if not _overlaps(*m.span(), taken):
                out.append(Signal("time", DATED_NEWS, *m.span()))
                taken.append(m.span())
        if len(out) > 1:
            out = _date_spans(text, out)
        for m in matches_at(_EVENT, text, starts) if _EVENT_GATE(text) else ():
            out.append(Signal("event", DATED_NEWS, *m.span()))
            taken.append(m.span())
        for m in matches_at(_YEAR, text, starts):
            if not _overlaps(*m.span(), taken):
                if _YEAR_PREP.search(low, max(0, m.start() - 20), m.start()):
                    out.append(Signal("in_year", UNSUPPORTED, *m.span()))
                else:
                    out.append(Signal("year", UNSUPPORTED, *m.span()))
                taken.append(m.span())
        if "[" in text:  # citation brackets "[16]", "[17], [18]", "[12]–[15]" are no numbers
            taken += [m.span() for m in CITE_MARKS.finditer(text)]
        for m in matches_at(_NUMBER, text, starts, content):
            if not _overlaps(*m.span(), taken):
                out.append(Signal("number", UNSUPPORTED, *m.span()))
    if "day" in text:
        out += _found("weekday", DATED_NEWS, _WEEKDAY_RE.finditer(text))
    out += _found("relative_time", DATED_NEWS, relative)
    return out


_SPAN_DASH = re.compile(r"\s*[-\u2013\u2014]\s*")


def _date_spans(text: str, dates: list[Signal]) -> list[Signal]:
    """Two full dates joined by a dash ("(2 May 1850 – 9 June 1921)") are a span: a
    lifespan or a period, a specific ("date_span") rather than a report's date."""
    ordered = sorted(dates, key=lambda s: s.start)
    spans = set()
    for a, b in zip(ordered, ordered[1:], strict=False):
        if a.name == b.name == "date" and _SPAN_DASH.fullmatch(text, a.end, b.start):
            spans.update((a, b))
    return [s._replace(name="date_span", label=UNSUPPORTED) if s in spans else s for s in dates]


def _attribution_signals(text: str, low: str, reporting: list[re.Match[str]]) -> list[Signal]:
    """``reporting``: the reporting verbs' matches in ``low`` (``_Lexicons.phrase_scan``)."""
    lex = _lex()
    out: list[Signal] = []
    m = _DATELINE.match(text)
    if m:
        out.append(Signal("dateline", DATED_NEWS, m.start(), m.end() - 1))
    if "(" in text or "/" in text:
        out += _found("agency", DATED_NEWS, _CREDIT.finditer(text))
        out += _found("agency", DATED_NEWS, lex.agencies.finditer(text))
    if '"' in text or "“" in text or "”" in text:
        out += _found("quote", DATED_NEWS, _QUOTE.finditer(text))
    out.extend(_speaker_signals(text, low, reporting))
    return out


def _speaker_signals(text: str, low: str, reporting: list[re.Match[str]]) -> list[Signal]:
    """Reporting verbs (``reporting``: their matches in ``low``) with their speaker: a
    name or title before, or after, the verb."""
    before, after, title_only = _speaker_patterns()
    out: list[Signal] = []
    for v in reporting:
        if text[v.start()].isupper():
            if v.group() == "according to":  # "According to the report, ..."
                out.extend(filter(None, [_source_signal(low, v)]))
            continue  # "Noted for ..." at a sentence start is no report
        window_start = max(0, v.start() - 100)
        window = text[window_start : v.start()]
        m = before.search(window)
        if m and (m.group("title") or _is_name(m.group("name"), window_start + m.start(), text)):
            start = _speaker_start(window, m.start()) + window_start
            out.append(Signal("speaker", DATED_NEWS, start, v.end()))
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


# A name after a preposition is where the speaker is from, not the speaker: "Fishermen
# in the village of Santa Irene said" quotes the fishermen (a new user saw "Santa Irene
# said" as the source).
_AFTER_PREPOSITION = re.compile(r"\b(?:of|in|from|at|near|for|on|with)\s+(?:the\s+)?$")
_CLAUSE_START = re.compile(r"[,;:“”\"(]\s*|^\s*")


def _speaker_start(window: str, name_start: int) -> int:
    """Where the speaker's words start in ``window``: the name's start, or, for a name
    after a preposition, the start of its clause (the noun phrase it belongs to)."""
    if _AFTER_PREPOSITION.search(window, 0, name_start) is None:
        return name_start
    ends = [c.end() for c in _CLAUSE_START.finditer(window, 0, name_start)]
    return ends[-1] if ends else 0


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


def _entity_signals(text: str, start0: int, restart: int = -1) -> list[Signal]:
    """``start0``: where the sentence proper starts (``_content_start``); ``restart``:
    where it starts again after a dateline ("TOKYO (AWN) — The number of ...")."""
    lex = _lex()
    out: list[Signal] = []
    for m in _ENTITY.finditer(text, start0):
        if m.end() - m.start() == 1:
            continue  # a lone capital: a unit ("31 C"), a grade ("2B"), an article ("— A")
        s, words = m.start(), m.group().split()
        if words[0][0] == "I" or words[-1][0] == "I":  # (a test in the sequence's regex
            s, words = _without_pronoun(s, words)  # cost 2x its scan)
            if not words:
                continue
        if s != start0 and s != restart and text[s - 2 : s] not in (". ", ": "):
            seq = " ".join(words)  # most names: not at a sentence start, one lookup
        else:
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
        found, acronym = _entity_class(seq)
        if acronym and _COMMON_ABBREV.search(text, 0, s):
            continue  # "unmanned aerial vehicles (UAVs)": an abbreviated common noun
        if found is not None:
            out.append(_new(Signal, (found[0], UNSUPPORTED, s, s + len(seq), found[1])))
    return out


def _without_pronoun(start: int, words: list[str]) -> tuple[int, list[str]]:
    """A capitalised sequence without the pronoun "I" at either end ("Yesterday I")."""
    while words and _PRONOUN_I.fullmatch(words[0]):
        start += len(words[0]) + 1
        words = words[1:]
    while words and _PRONOUN_I.fullmatch(words[-1]):
        words = words[:-1]
    return start, words


def _not_a_name_start(word: str, lex: _Lexicons) -> bool:
    """A sentence-initial word that starts no name: a function word, an imperative
    of instructions, or a participle ("Following X's ...", "Growing X ...")."""
    w = word.casefold()
    if w in lex.starts:
        return True
    return len(w) >= 5 and w.endswith(("ing", "ed")) and w not in lex.countries


@lru_cache(maxsize=ENTITY_CACHE_MAX)
def _entity_class(seq: str) -> tuple[tuple[str, str] | None, bool]:
    """(signal name, key) of a capitalised sequence, or None if it names nothing
    checkable; and whether it is written as an acronym. Cached: names recur across a
    corpus's sentences."""
    return _name_class(seq), _ACRONYM.match(seq) is not None


# Words a writer puts in capitals for stress ("did NOT change", "hottest EVER"), never
# an organisation's initials.
_EMPHASIS = frozenset(
    "not never ever every always only very really must nothing".split()  # noqa: SIM905
)


def _name_class(seq: str) -> tuple[str, str] | None:
    lex = _lex()
    key = seq.casefold().replace("’s", "").replace("'s", "").rstrip("’'")
    if key in lex.countries:
        return "country", key
    if key in lex.demonyms or key in lex.regions:
        return None
    if _ACRONYM.match(seq):
        return None if key in _EMPHASIS else ("acronym", key)
    if key.endswith("n") and key[:-1] in lex.regions or key[:-2] in lex.regions:
        return None  # "Southeast Asian": a region adjective
    words = key.split()
    bare = " ".join([w for w in words if w not in lex.countries and w not in lex.demonyms])
    if not bare or bare in lex.institutions or CALENDAR_WORDS.issuperset(words):
        return None  # "March", "Monday": time signals' business, no named party
    return "entity", key




def _generic_signals(
    low: str,
    evaluative: list[re.Match[str]],
    hedges: list[re.Match[str]],
    opinion: list[re.Match[str]],
) -> list[Signal]:
    """The lexicons' matches in ``low`` (``_Lexicons.phrase_scan``) as signals, and a
    stock opener."""
    out = _found("evaluative", GENERIC, evaluative)
    out += _found("hedge", GENERIC, hedges)
    out += _found("opinion", GENERIC, opinion)
    m = _lex().openers.match(low, _LEAD.match(low).end())
    if m:
        out.append(Signal("opener", GENERIC, *m.span()))
    return out


def unit_signals(text: str) -> list[Signal]:
    """All signals of one unit's text, each with the span that triggered it."""
    low = _lower(text)
    scanned = _lex().phrase_scan(low)
    evaluative, hedges, opinion, relations, reporting, relative, amounts = scanned
    content = _content_start(text)  # once: the numbers and the names both start there
    signals = _time_signals(text, low, relative, content)
    signals += _found("number", UNSUPPORTED, amounts)
    signals += _attribution_signals(text, low, reporting)
    dateline = next((s.end + 1 for s in signals if s.name == "dateline"), -1)
    signals += _entity_signals(text, content, dateline)
    signals += _found("relation", UNSUPPORTED, relations)
    signals += _generic_signals(low, evaluative, hedges, opinion)
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
    """What the document tells about its units: its kind (dated report or not) and topic."""

    news: bool
    topic_words: frozenset[str]  # words of the title and headings
    topic_keys: set[str]  # names in TOPIC_MIN_UNITS or more sentences
    evidence: tuple[Evidence, ...] = ()  # why it is (or is not) a dated page
    reason: str = ""
    kind: PageKind | None = None
    acronyms: Mapping[str, str] = field(default_factory=dict)  # "ACR" -> "long name"
    story_year: int = 0  # the page date's year, else the latest year it mentions
    turns: bool = False  # a transcript: its units open with speakers' labels ("HOST:")
    topic_memo: dict[str, bool] = field(default_factory=dict)  # key -> is the page's subject


def _words(text: str) -> set[str]:
    return {w.casefold().replace("’s", "") for w in re.findall(r"[\w’'\-]+", text)}


_signal_name = attrgetter("name")


def page_kind(
    doc: Document, units: Sequence[Unit], signals: Mapping[int, list[Signal]]
) -> PageKind:
    """The document's kind from its units and their signals (see ``pagekind``)."""
    names = {i: frozenset(map(_signal_name, sigs)) for i, sigs in signals.items()}
    return infer_kind(doc, units, names)


def page_context(
    doc: Document,
    unit_ids: Sequence[int],
    units: Sequence[Unit],
    signals: dict[int, list[Signal]],
    kind: PageKind | None = None,
    corpus_year: int = 0,
) -> PageContext:
    """Page-level evidence: the page's kind, its topic names and its own acronyms.

    ``unit_ids`` index ``units`` and ``signals`` (the document's units, in order);
    ``kind`` overrides the inferred kind (a reviewer's decision); ``corpus_year``: the
    year the corpus's dated pages report in, for a page without a date of its own.
    """
    own = [units[i] for i in unit_ids]
    local = {k: signals[i] for k, i in enumerate(unit_ids) if i in signals}
    kind = kind or page_kind(doc, own, local)
    first = unit_ids[0] if unit_ids else -1
    evidence = tuple(
        Evidence(unit_ids[e.unit] if e.unit >= 0 else first, e.start, e.end, "page_" + e.feature,
                 DATED_NEWS if e.weight > 0 else GENERIC)
        for e in kind.evidence
        if e.weight >= 1.0 or kind.overridden
    )  # fmt: skip
    topic_words = _words(doc.title)
    for u in own:
        if u.kind == "heading":
            topic_words |= _words(u.text)
    acronyms = defined_acronyms(u.text for u in own)
    counts: Counter[str] = Counter()
    for i in unit_ids:
        keys = {s.key for s in signals.get(i, ()) if s.key}
        counts.update({acronyms.get(k.upper(), k) for k in keys} if acronyms else keys)
    topic_keys = frozenset(k for k, n in counts.items() if n >= TOPIC_MIN_UNITS)
    return PageContext(
        kind.is_news, frozenset(topic_words), topic_keys, evidence, kind.reason, kind, acronyms,
        _story_year(kind, own, local, corpus_year), _has_turns(own),
    )


# A speaker's label opening a transcript's turn: "HOST:", "**NAIR:**", "JONAS BRENNER:",
# "PRIYA NAIR (analyst, Tidewater Research):".
_TURN_LABEL = re.compile(
    rf"^{_OFFSET}[*_]*([A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){{0,3}}){_LABEL_END}"
)


def _has_turns(units: Sequence[Unit]) -> bool:
    """A page whose units open with speakers' labels (capitals, or one word) that come
    back ("HOST: ... NAIR: ... HOST:") is a transcript. One label alone is a dateline
    ("NEW DELHI: ...")."""
    labels = Counter(
        m.group(1) for u in units
        if ":" in u.text[:80]  # (a cheap gate: most units open with no label)
        and (m := _TURN_LABEL.match(u.text)) and (m.group(1).isupper() or " " not in m.group(1))
    )  # (a list's "Joint Exercises: ..." labels are Title Case phrases: not speakers)
    return any(n >= 2 for n in labels.values()) and labels.total() >= 3


def _story_year(
    kind: PageKind, units: Sequence[Unit], signals: Mapping[int, list[Signal]], corpus_year: int = 0
) -> int:
    """The year a page reports in: its date's, else the latest of the years its
    sentences name and the corpus's year (an undated report of a story the corpus's
    dated pages put in 2024 reports in 2024, though it names only "the 2022 outbreak")."""
    if kind.date.year:
        return kind.date.year
    years = [
        int(y)
        for i, sigs in signals.items()
        for s in sigs
        if s.name in _YEAR_BEARING
        for y in _YEAR.findall(units[i].text, s.start, s.end)
    ]
    return max([*years, corpus_year])


_YEAR_BEARING = YEAR_SIGNALS | {"date"}


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
    page_kind: PageKind | None = None  # set on a document's first claim verdict only
    page: PageKind | None = None  # the dated page a verdict leans on (its explanation names it)
    # off a news page, the dates it names: (start, end, year or 0, month, day or 0), for
    # the corpus-level check against the weeks the corpus's reports cover
    dates: tuple[tuple[int, int, int, int, int], ...] = ()


def _is_topic(sig: Signal, page: PageContext) -> bool:
    if not sig.key:
        return False
    known = page.topic_memo.get(sig.key)
    if known is None:
        words = [w for w in sig.key.split() if w not in _STOPWORDS]
        known = sig.key in page.topic_keys or (bool(words) and page.topic_words.issuperset(words))
        page.topic_memo[sig.key] = known
    return known


def _weight(signals: Sequence[Signal], cap: float) -> float:
    if not signals:
        return 0.0
    half = len([s for s in signals if s.name in _HALF_WEIGHT])
    return min(cap, len(signals) - 0.5 * half)  # exact: halves and wholes, as summed one by one


def _resolve(text: str, signals: list[Signal], page: PageContext) -> list[Signal]:
    """Signals read with the page's own acronyms: a defined acronym is no agency
    credit (unless its long form is one), and names it by its long form. On a
    transcript, a turn's label is no dateline and names nothing the turn claims."""
    if page.turns:
        signals = _after_turn_label(text, signals)
    if not page.acronyms:
        return signals
    out = []
    for s in signals:
        if s.name == "agency" and _defined_credit(text[s.start : s.end], page.acronyms):
            continue
        long = page.acronyms.get(s.key.upper()) if s.key else None
        out.append(s._replace(key=long) if long else s)
    return out


def _after_turn_label(text: str, signals: list[Signal]) -> list[Signal]:
    label = _TURN_LABEL.match(text)
    return signals if label is None else [s for s in signals if s.start >= label.end()]


def _defined_credit(span: str, acronyms: Mapping[str, str]) -> bool:
    parts = re.findall(r"[A-Za-z&]+", span)
    agencies = _lex().agency_names
    return bool(parts) and all(
        p.upper() in acronyms and acronyms[p.upper()] not in agencies for p in parts
    )


# Background on a news page: what a thing is or always does, or what happened
# long before the report ("Mpox is a rare disease ...", "Traditionally, X was
# ...", "It leads to rashes"). Not the dated event, so not dated news by the page.
_BACKGROUND = re.compile(
    r"\b(?=[a-z])(?:traditionally|historically|originally"
    r"|first (?:discovered|identified|described|recorded|detected|documented)"
    r"|(?:is|are) (?:a|an) (?:\w+ ){0,3}(?:disease|condition|virus|infection|country|city|state"
    r"|organi[sz]ation|agency|body|group|species|form|type|kind|member|part|system|process)\b"
    r"|(?:is|are) (?:caused|transmitted|spread|classified|defined|known|found|made up|used)\b"
    r"|(?:leads|lead) to|(?:usually|typically|generally|commonly|mainly) (?:\w+s|is|are)\b"
    r"|(?:causes|spreads|can (?:spread|cause|only|also|declare|make|lead)))\b"
)
# Possibility and hypothesis: nothing is asserted as fact ("could strengthen",
# "may be", "if ..."). "can" is not here: "can spread through contact" states a
# capability, which is checkable; a vague "can" is caught by the hedge lexicon.
_HYPOTHETICAL = re.compile(
    r"\b(?=[a-z])(?:could|might|may(?!\s*\d)|would(?! later| go on| eventually)|should"
    r"|potential(?:ly)? (?:for|to)|possibly|perhaps)\b"
)  # "may" before a number is the month ("Since May 2022"); "would later stand" is a
# past fact told in the future of its time. "if" alone is no hypothesis: "X is covered
# if its output is used in the EU" states a rule; with a modal it is caught above.
# A sweeping generalisation: about every or any thing of a kind, always ("never" is
# left out: "craters that sunlight never reaches" states a fact).
# Every match of _HYPOTHETICAL holds one of these (a cheap gate: its scan was ~4% of
# the judging, on the undated path most units take).
_HYPOTHETICAL_GATE = ("ould", "might", "may", "potential", "possibly", "perhaps")
# A writer's judgement labelled as such: "Our take: ...", "Bottom line: ...", "The verdict:
# ..." (a page's own view or advice, whatever figures it cites; "Fun fact:" is not one).
_OPINION_LABEL = re.compile(
    r"^[\W_]{0,3}((?:(?:our|my|the)\s+(?:take|view|verdict|advice|two cents)|bottom\s+line"
    r"|(?:the\s+)?takeaway|verdict|(?:unpopular\s+)?opinion|hot\s+take)(?:\s+is\s+simple)?)"
    r"\s*[:—–]\s",
    re.IGNORECASE,
)
_SWEEPING = re.compile(r"\b(?:always|every|everyone|everybody|everything|any|nobody|no one)\b")
# Both named parties referred back to ("both countries", "the two nations").
_BOTH_PARTIES = re.compile(
    r"\b(?=[a-z])(?:both|the two) (?:countries|nations|sides|states|parties)\b"
)
# An official act in the present perfect: how a news report states what just happened.
_EVENT_REPORT = re.compile(
    r"\b(?=[a-z])(?:has|have) (?:now |also |officially |formally )?(?:declared|announced"
    r"|confirmed|reported|approved|launched|warned|urged|called for|labell?ed|identified"
    r"|detected|recorded|convened|appointed|suspended|banned|imposed)\b"
)
# Address to the reader: second person (an imperative opening is checked apart).
_SECOND_PERSON = re.compile(r"\b(?:you|your|yourself|yourselves)\b")
_FIRST_WORD = re.compile(r"^[\W\d]*([a-z][a-z'’]*)\b(?![-‐])")
_FINITE = re.compile(
    r"\b(?=[a-z])(?:is|are|was|were|has|have|had|will|can|does|do|did|\w+(?:ed|es))\b|\w[a-z]s\b"
)
PLAIN_FACT_MIN_WORDS = 6
CAPABILITY_MIN_WORDS = 9  # a "can" sentence this long is specific enough to state a fact
PLAIN_FACT_MAX_ABSTRACT = 0.2  # boilerplate: median 0.4; plain facts: median 0.1


class _Reading(NamedTuple):
    """A unit's signals sorted into what the rules ask about."""

    anchors: list[Signal]  # its own time: a full date, weekday, "earlier this week"
    attrib: list[Signal]  # a named speaker, source, quote, credit or dateline
    strong: list[Signal]  # attribution other than a bare pronoun + reporting verb
    names: list[Signal]  # any name, the page's own subject included
    specifics: list[Signal]  # checkable specifics outside the page's own subject
    generic: list[Signal]  # evaluative, hedge, opener, opinion wording
    spec_w: float
    gen_w: float


_NAME_SIGNALS = frozenset({"entity", "country", "acronym"})
_HALF_WEIGHT = frozenset({"hedge", "opener", "year", "in_year"})


def _read(text: str, low: str, signals: list[Signal], page: PageContext) -> _Reading:
    """One pass over the signals (this runs for every claim unit)."""
    anchors: list[Signal] = []
    attrib: list[Signal] = []
    names: list[Signal] = []
    specifics: list[Signal] = []
    generic: list[Signal] = []
    memo = page.topic_memo
    for s in signals:
        name = s.name
        if name in TIME_SIGNALS:
            anchors.append(s)
        elif name in ATTRIBUTION_SIGNALS:
            attrib.append(s)
        elif s.label == GENERIC:
            generic.append(s)
        if name in _NAME_SIGNALS:
            names.append(s)
        if name in SPECIFIC_SIGNALS:
            topic = memo.get(s.key) if s.key else False
            if topic is None:
                topic = _is_topic(s, page)
            if not topic:
                specifics.append(s)
    if not names and specifics and not _BOTH_PARTIES.search(low):
        # a relation counts only where someone is named as having it
        specifics = [s for s in specifics if s.name != "relation"]
    strong = [s for s in attrib if s.name != "reporting"]
    spec_w, gen_w = _weight(specifics, 3.0), _weight(generic, 3.0)
    return _Reading(anchors, attrib, strong, names, specifics, generic, spec_w, gen_w)


def _unit_verdict(text: str, signals: list[Signal], page: PageContext) -> Verdict:
    low = _lower(text)
    r = _read(text, low, _resolve(text, signals, page), page)
    dated = r.anchors + r.attrib
    if r.anchors and r.strong:
        return Verdict(DATED_NEWS, 0.9, tuple(dated))
    label = _OPINION_LABEL.match(text) if ":" in text[:40] or "—" in text[:40] else None
    if label:
        # LABELS: evaluation and recommendations are generic, on a news page too
        sig = Signal("opinion", GENERIC, *label.span(1))
        return Verdict(GENERIC, 0.6, (sig, *r.generic))
    if page.news:
        return _news_page_verdict(text, low, r, page)
    opinion = [s for s in r.generic if s.name == "opinion"]
    if opinion and not r.attrib:
        # "my guess is that X founded Y": the writer's guess, not a claim of the text
        return Verdict(GENERIC, 0.55 if r.names or r.specifics else 0.65, tuple(r.generic))
    speakers = [s for s in r.strong if s.name == "speaker"]
    quotes = [s for s in r.strong if s.name == "quote"]
    if speakers and quotes:
        # LABELS: "Direct quotes from named people belong here", wherever they are quoted.
        return Verdict(DATED_NEWS, 0.6, (*speakers[:1], *quotes[:1]))
    event = _EVENT_REPORT.search(low) if "has " in low or "have " in low else None
    if event and r.names and r.names[0].start < event.start() and not r.generic:
        # "The WHO has declared X a global emergency": a named body's official act,
        # reported as news reports it; an explainer repeating a dated report (LABELS:
        # such a group is dated news), at the lowest dated confidence.
        sig = Signal("event_report", DATED_NEWS, *event.span())
        return Verdict(DATED_NEWS, 0.5, (sig, *r.names[:2]), thin=True)
    if r.anchors and (r.names or r.strong) and any(s.name != "event" for s in r.anchors):
        # "Sweden reported a case on August 15": a named actor at a time the
        # text fixes (LABELS), even on an undated page.
        return Verdict(DATED_NEWS, 0.6, (*r.anchors, *r.names[:2]))
    return _undated_verdict(text, low, r, page)


def _news_page_verdict(text: str, low: str, r: _Reading, page: PageContext) -> Verdict:
    """On a dated report: reporting is dated news; timeless background is not."""
    # (attribution to a pronoun too: "..., he said" reports the story's speaker at its
    # event, even about a year gone by)
    if r.attrib or r.anchors:
        conf = 0.8 if r.strong else 0.7
        return _paged(DATED_NEWS, conf, r.anchors + r.attrib, page)
    background = _BACKGROUND.search(low)  # news pages only: a minority of units
    years = [s for s in r.specifics if s.name in YEAR_SIGNALS and _before_page(text, s, page)]
    if background or years:
        why = [Signal("background", UNSUPPORTED, *background.span())] if background else years
        return Verdict(UNSUPPORTED, 0.55, (*why, *r.specifics[:2]))
    if any(s.name == "opinion" for s in r.generic):
        return Verdict(GENERIC, 0.5, tuple(r.generic))
    state = _STATE.search(low) if r.specifics else None
    if state and not _PAST_OR_FUTURE.search(low) and not _CURRENT.search(low):
        # "Nvidia controls roughly 80% of the market", "The Titanic lies 12,500 feet
        # down": a state in the simple present, with nothing told in the past and
        # nothing going on now, is what a thing is, the report's timeless background
        sig = Signal("background", UNSUPPORTED, *state.span())
        return Verdict(UNSUPPORTED, 0.5, (sig, *r.specifics[:2]))
    first = _FIRST_WORD.match(low) if not r.names and not r.specifics else None
    if first is not None and first.group(1) in _lex().imperatives:
        # "Check your itinerary before ...", "Allow extra time ...": the page's advice
        # to its reader, not a report (LABELS: recommendations are generic)
        sig = Signal("advice", GENERIC, *first.span(1))
        return Verdict(GENERIC, 0.5, (sig, *r.generic), thin=True)
    # The story's own content: corroborated by the dated page it is on (LABELS),
    # at the lowest dated confidence, and said so.
    conf = 0.6 if r.names or r.specifics else 0.5
    verdict = _paged(DATED_NEWS, conf, r.names + r.specifics + r.attrib, page)
    return verdict._replace(page_reason="no own time or attribution; " + page.reason)


# The simple present of a state (timeless background on a news page), and what tells a
# report's own event instead: a verb in the past or future, or what is going on now
# (the progressive, the present perfect, "now", "still").
_STATE = re.compile(
    r"\b(?:is|are|has|have|does|do|remains?|lies|lie|holds?|runs?|controls?|earns?|includes?"
    r"|means?|sits?|takes?|makes?|costs?|allows?|requires?|needs?|handles?|carries|carry"
    r"|serves?|employs?|owns?|operates?|produces?|contains?|covers?|stands?|belongs?|consists?"
    r"|depends?|accounts?|represents?|supplies|supply|uses?|offers?|provides?|lasts?|weighs?"
    r"|measures?)\b"
)
# (A participle after "is" or "are" is the present passive, a state: "Tampons are
# regulated as medical devices" tells nothing in the past; nor does one after an article,
# a preposition or a hyphen, an adjective: "the United States", "ultra-processed food".)
_NOT_A_PAST = "".join(
    rf"(?<!\b{w} )" for w in ("is", "are", "the", "a", "an", "of", "in", "on", "for", "with", "by")
) + "(?<!-)"
_PAST_OR_FUTURE = re.compile(
    rf"\b(?:{_NOT_A_PAST}[a-z]{{3,}}ed|was|were|had|did|said|told|took|made|gave|went|came|found|saw|got|began"
    r"|became|left|held|kept|lost|met|paid|put|ran|sent|set|spent|stood|struck|won|wrote"
    r"|brought|bought|built|caught|chose|fell|felt|flew|fought|grew|heard|hit|knew|led|let"
    r"|meant|rose|sat|shot|sold|sought|spoke|stole|swore|taught|thought|threw|understood|wore"
    r"|withdrew|upheld|will|would)\b"
)
_CURRENT = re.compile(
    r"\b(?:now|still|currently|today|(?:is|are) (?:\w+ )?\w+ing|(?:has|have) (?:\w+ )?(?:been"
    r"|\w+ed|gone|come|cut|made|won|lost|had|taken|given|put|set|done|seen|begun|become|risen"
    r"|fallen))\b"
)
_SINCE = re.compile(r"\b(?:since|from|until|till|through)\s+(?:\w+\s+){0,3}$", re.IGNORECASE)


def _before_page(text: str, sig: Signal, page: PageContext) -> bool:
    """A year well before the one the page reports in: background ("the 2022
    outbreak"), unless it opens a span that runs to now ("since 2022")."""
    year = re.search(r"\d{4}", text[sig.start : sig.end])
    if not year or not page.story_year or _SINCE.search(text, max(0, sig.start - 40), sig.start):
        return False
    return int(year.group()) < page.story_year - 1


def _undated_verdict(text: str, low: str, r: _Reading, page: PageContext) -> Verdict:
    """Off a dated report: specific facts are unsupported, the rest generic."""
    hypo = _HYPOTHETICAL.search(low) if any(map(low.__contains__, _HYPOTHETICAL_GATE)) else None
    if hypo:
        # "could strengthen ties with X": a possibility, not a fact (LABELS),
        # "even when they mention bilateral activities"
        sig = Signal("hypothetical", GENERIC, *hypo.span())
        return Verdict(GENERIC, 0.55, (sig, *r.generic), thin=r.spec_w >= 1.0)
    advice = _advice(low)
    if advice:
        # "Follow the advice of X", "you can contact Y": a recommendation to the
        # reader, which asserts nothing about the world.
        sig = Signal("advice", GENERIC, *advice)
        return Verdict(GENERIC, 0.55, (sig, *r.generic), thin=r.spec_w >= 1.0)
    if r.spec_w >= 1.0 and (r.gen_w > 0 or _DEONTIC.search(low)) and _argued_names(r, page):
        # "UEFA cannot be both referee and player", "lawmakers in Washington must
        # fund ...": on an opinion page, names with nothing else to check, told what
        # they must or will do, are the writer's argument (the swap test passes)
        sig = Signal("argued", GENERIC, 0, len(text))
        return Verdict(GENERIC, 0.45, (sig, *r.generic), thin=True)
    if r.spec_w >= 1.0:
        # A checkable specific stays checkable inside puffery (LABELS: "Laos
        # maintains partnerships with ..., which play pivotal roles"), so any
        # one decides; heavy evaluative wording only lowers the confidence.
        conf = min(0.85, 0.45 + 0.12 * r.spec_w - 0.05 * r.gen_w)
        thin = r.spec_w < 1.5 and r.gen_w >= 2.0
        return Verdict(UNSUPPORTED, max(conf, 0.35), tuple(r.specifics), thin=thin)
    sweeping = _SWEEPING.search(low)
    if sweeping:
        # "Investment always pays for itself", "Every coastal town needs ...": a claim
        # about everything of a kind names nothing to check it against (LABELS: it
        # "asserts nothing checkable"); a named or numbered one was decided above
        sig = Signal("sweeping", GENERIC, *sweeping.span())
        return Verdict(GENERIC, 0.5, (sig, *r.generic), thin=True)
    if _only_capability(r, text) and _plain_fact(text, low):
        if page.kind is not None and page.kind.argues:
            # on an opinion page a plain sentence with nothing named or counted is
            # the writer's argument ("Football belongs to the people who fill its
            # stadiums"), not a fact reported
            whole = Signal("argued", GENERIC, 0, len(text))
            return Verdict(GENERIC, 0.45, (whole,), thin=True)
        own = _own_experience(text, low)
        if own:
            # "I tried it with a stuffy nose and woke up panicking": what happened to
            # the writer, which no record can check (LABELS: it "asserts nothing
            # checkable"); hearsay ("my cousin says ...") reports a claim, and stays
            sig = Signal("personal", GENERIC, *own)
            return Verdict(GENERIC, 0.45, (sig,), thin=True)
        future = _PREDICTION.search(low)
        if future:
            # "The companies that figure this out first will win": a forecast with
            # nothing named or counted to check it by (LABELS: predictions are generic)
            sig = Signal("prediction", GENERIC, *future.span())
            return Verdict(GENERIC, 0.5, (sig,), thin=True)
        # No evaluative, modal or template wording at all: a plain statement of
        # fact about the page's own subject ("The disease causes fever and
        # lesions"), which the swap test does not pass (swap the subject and it
        # turns false, not vague).
        whole = Signal("plain_fact", UNSUPPORTED, 0, len(text))
        return Verdict(UNSUPPORTED, 0.45, (whole, *r.names[:2]), thin=True)
    if r.gen_w == 0:
        whole = Signal("no_specifics", GENERIC, 0, len(text))
        return Verdict(GENERIC, 0.4, (whole,), thin=True)
    conf = min(0.9, 0.5 + 0.12 * r.gen_w - 0.1 * r.spec_w)
    ev = tuple(r.generic) if r.specifics else (
        *r.generic, Signal("no_specifics", GENERIC, 0, len(text)))
    return Verdict(GENERIC, conf, ev, thin=r.gen_w < 1.0)


_PREDICTION = re.compile(r"\b(?:will|won't|won’t)\b|\w['’]ll\b")
# The writer in the first person singular ("I", "my"; case-sensitive: "I" is the pronoun),
# what turns a first-person sentence into hearsay or a quotation of someone else, and the
# capitalised word inside a sentence before which a bare "I" is a numeral.
_FIRST_PERSON = re.compile(r"(?<![\w'’])(?:I|I['’](?:m|ve|d|ll)|[Mm]y|me|mine|myself)(?![\w'’])")
_HEARSAY = re.compile(
    r"\b(?:says?|said|told|tells|read|heard|hearing|according|reports?|reported)\b")
_QUOTED = re.compile(r"[\"“”«»]")
_NAME_BEFORE = re.compile(r"\s[A-Z][\w'’-]*\s$")


def _own_experience(text: str, low: str) -> tuple[int, int] | None:
    """Span of the first-person word when a sentence tells the writer's own experience
    (not hearsay, not inside a quotation of someone else). A bare "I" after a capitalised
    word inside the sentence is a numeral ("World War I", "a Phase I trial", "clade I")."""
    if _HEARSAY.search(low) or _QUOTED.search(text):
        return None
    for m in _FIRST_PERSON.finditer(text):
        if m.group() != "I" or not _NAME_BEFORE.search(text, 0, m.start()):
            return m.span()
    return None


# Obligation and prediction: what must, cannot or will be, argued rather than reported.
_DEONTIC = re.compile(r"\b(?:must|cannot|can't|will|won't|need to|needs to|ought to)\b")
_NAMES_ONLY = frozenset({"entity", "country", "acronym"})


def _argued_names(r: _Reading, page: PageContext) -> bool:
    """On an opinion page, evaluative wording about named parties with nothing else
    to check (no number, year or relation): the writer's judgement of them."""
    return page.kind is not None and page.kind.argues and all(
        s.name in _NAMES_ONLY for s in r.specifics)


def _only_capability(r: _Reading, text: str) -> bool:
    """No generic wording but, in a long sentence, a "can" of capability: "can spread
    through close contact such as ..." states a checkable fact; a short "it can be
    fatal" stays vague."""
    if r.gen_w == 0:
        return True
    can = [s for s in r.generic if s.name == "hedge" and text[s.start : s.start + 4] == "can "]
    return len(can) == len(r.generic) and len(text.split()) >= CAPABILITY_MIN_WORDS


def _advice(low: str) -> tuple[int, int] | None:
    """Span of an address to the reader: "you ...", or an imperative verb opening it
    (not one before "of", a noun: "Use of the word rose 320%")."""
    m = _SECOND_PERSON.search(low) if "you" in low else None
    if m:
        return m.span()
    first = _FIRST_WORD.match(low)
    if first and first.group(1) in _lex().imperatives and not low.startswith(
            " of ", first.end(1)):
        return first.span(1)
    return None


def _plain_fact(text: str, low: str) -> bool:
    """A declarative sentence of some length with a finite verb, in concrete words:
    a statement of fact. Boilerplate is dense in abstract nominalisations and
    purpose verbs ("ensures compliance", "enhancing coordination"); a factual
    sentence names things ("causes fever and skin lesions")."""
    if len(text.split()) < PLAIN_FACT_MIN_WORDS or _FINITE.search(low) is None:
        return False
    return abstractness(low) < PLAIN_FACT_MAX_ABSTRACT


_CONTENT_WORD = re.compile(r"[a-z][a-z'’\-]{2,}")
_ABSTRACT_SUFFIX = re.compile(
    r"(?:tions?|sions?|ments?|ity|ities|ances?|ences?|ness|ships?|isms?|i[sz]e[sd]?|i[sz]ing"
    r"|ives?|al|ally)$"
)


def abstractness(low: str) -> float:
    """Share of content words that are abstract: nominalisations (-tion, -ment, -ity
    ...), -ive/-al adjectives, and the purpose verbs of boilerplate (lexicon)."""
    stop, purpose = _lex().function_words, _lex().purpose_words
    words = [w for w in _CONTENT_WORD.findall(low) if w not in stop]
    if not words:
        return 0.0
    return sum(1 for w in words if w in purpose or _ABSTRACT_SUFFIX.search(w)) / len(words)


def _paged(label: str, conf: float, signals: Sequence[Signal], page: PageContext) -> Verdict:
    return Verdict(label, conf, tuple(signals), False, page.evidence, page.reason, page=page.kind)


# --- groups --------------------------------------------------------------------------------

_SIGNAL_RANK = {
    n: i
    for i, n in enumerate(
        (
            "date",
            "in_window",
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
def _explain(v: Verdict, text: str, n_members: int) -> str:
    """One plain sentence from the verdict's signals, most telling first (``evidence``)."""
    ordered = sorted(v.evidence, key=lambda s: (_SIGNAL_RANK.get(s.name, 99), s.start))
    return sentence(
        v.label,
        [_new(Found, (s.name, text[s.start : s.end])) for s in ordered],
        thin=v.thin,
        page=v.page,
        page_only=v.page_reason.startswith(_NO_OWN),
        member=text if n_members > 1 else "",
    )


_NO_OWN = "no own time or attribution"  # marks a verdict the dated page alone supports


_Verdicts = Mapping[int, Verdict] | Sequence[Verdict | None]


def combine(group: Group, verdicts: _Verdicts, units: Sequence[Unit]) -> Suggestion:
    if len(group.members) == 1:  # most groups: a lone dated or specific claim is its own
        m = group.members[0]
        v = verdicts[m]
        if v.label == DATED_NEWS or v.label == UNSUPPORTED and not v.thin:
            return _suggestion(v, m, units, 1)  # (what the rule gives for one)
    return _by_the_rule(group, verdicts, units)


def _by_the_rule(group: Group, verdicts: _Verdicts, units: Sequence[Unit]) -> Suggestion:
    """The group's suggestion from its members' verdicts (LABELS: dated news when any
    member is; else unsupported when any is, on more than thin evidence; else the
    members' weighted vote)."""
    members = [(m, verdicts[m]) for m in group.members]
    dated = [(m, v) for m, v in members if v.label == DATED_NEWS]
    if dated:
        m, v = max(dated, key=lambda mv: mv[1].confidence)
        return _suggestion(v, m, units, len(members))
    # A checkable specific in one copy is a specific of the claim: the group
    # is unsupported when any member is, on more than thin evidence.
    specific = [(m, v) for m, v in members if v.label == UNSUPPORTED and not v.thin]
    if specific:
        m, v = max(specific, key=lambda mv: mv[1].confidence)
        return _suggestion(v, m, units, len(members))
    scores: Counter[str] = Counter()
    for _, v in members:
        scores[v.label] += v.confidence
    label = max((GENERIC, UNSUPPORTED), key=lambda lab: scores[lab])
    m, v = max(((m, v) for m, v in members if v.label == label), key=lambda mv: mv[1].confidence)
    agree = scores[label] / sum(scores.values())
    v = Verdict(v.label, round(v.confidence * agree, 3), v.evidence, v.thin or agree < 0.6)
    return _suggestion(v, m, units, len(members))


# Evidence's fields set through their slots' descriptors (C calls), in field order
_SET_UNIT, _SET_START, _SET_END, _SET_SIGNAL, _SET_LABEL = (
    getattr(Evidence, f.name).__set__ for f in fields(Evidence)
)
_new_object = object.__new__


def _evidence_of(member: int, signals: Iterable[Signal]) -> tuple[Evidence, ...]:
    """``Evidence(member, s.start, s.end, s.name, s.label)`` of each signal, equal to
    what the frozen dataclass's ``__init__`` makes, at a third of its cost: it is a
    Python call setting each field through ``object.__setattr__``, and every group's
    suggestion makes ~3 (1M sentences: ~2.3M, ~3 s of the serial tail)."""
    out = []
    for name, label, start, end, _ in signals:
        e = _new_object(Evidence)
        _SET_UNIT(e, member)
        _SET_START(e, start)
        _SET_END(e, end)
        _SET_SIGNAL(e, name)
        _SET_LABEL(e, label)
        out.append(e)
    return tuple(out)


def explain_verdict(v: Verdict, text: str) -> str:
    """One unit's verdict as the line a suggestion would show (for benchmarks and tests)."""
    return _explain(v, text, 1)


def _suggestion(v: Verdict, member: int, units: Sequence[Unit], n: int) -> Suggestion:
    text = units[member].text
    evidence = _evidence_of(member, v.evidence)
    conf = min(v.confidence, 0.45) if v.thin else v.confidence
    return Suggestion(
        v.label, round(conf, 3), _explain(v, text, n), evidence + v.page_evidence
    )


_signal_cache: dict[str, list[Signal]] = {}  # per process; pages repeat sentences


def _cached_signals(text: str) -> list[Signal]:
    sigs = _signal_cache.get(text)
    if sigs is None:
        if len(_signal_cache) >= SIGNAL_CACHE_MAX:
            _signal_cache.clear()  # bounded: the cache is for repeats, not for memory
        sigs = _signal_cache[text] = unit_signals(text)
    return sigs


def document_verdicts(
    doc: Document, units: Sequence[Unit], kind: PageKind | None = None, corpus_year: int = 0
) -> list[Verdict | None]:
    """Verdicts of one document's units (all of them, in order): None for non-claims.

    The expensive, per-document half of the suggester, meant to run in the
    worker that segmented ``doc``. Evidence unit indices in the verdicts are
    local (indices into ``units``); ``shift_verdicts`` makes them global.
    """
    signals = {i: _cached_signals(u.text) for i, u in enumerate(units) if u.is_claim}
    page = page_context(doc, range(len(units)), units, signals, kind, corpus_year)
    out: list[Verdict | None] = [None] * len(units)
    for i, sigs in signals.items():
        out[i] = _unit_verdict(units[i].text, sigs, page)
    if not page.news:
        for i, sigs in signals.items():
            v = out[i]
            if v is not None and v.label != DATED_NEWS:
                named = _named_dates(units[i].text, sigs)
                if named:
                    out[i] = v._replace(dates=named)
    if signals:  # the page's kind rides on its first verdict (one per document, cheap)
        first = next(iter(signals))
        out[first] = out[first]._replace(page_kind=page.kind)  # type: ignore[union-attr]
    return out


# A document's verdicts as plain columns, for the trip from a worker process: which
# units have one (bytes of 0/1), every evidence signal as a plain tuple, how many
# each verdict has, and each verdict's fields before and after its evidence.
PackedVerdicts = tuple[bytes, list[tuple], list[int], list[tuple], list[tuple]]


def pack_verdicts(verdicts: Sequence[Verdict | None]) -> PackedVerdicts:
    """``verdicts`` as plain columns: pickled and rebuilt (``unpack_verdicts``) in C
    loops, where each named tuple cost a Python ``__new__`` call to unpickle (1M units:
    ~5 CPU s in the main process, beside grouping) and one to pickle."""
    kept = list(filter(None, verdicts))  # a verdict is a tuple of 8 fields: never falsy
    evidence = list(map(_EVIDENCE, kept))
    return (  # in C loops (map), not comprehensions: ~10% of the workers' judging
        bytes(map(is_not, verdicts, repeat(None))),
        list(map(tuple, chain.from_iterable(evidence))),
        list(map(len, evidence)),
        list(map(_HEAD, kept)),
        list(map(_TAIL, kept)),
    )


_EVIDENCE = attrgetter("evidence")
_HEAD, _TAIL = itemgetter(slice(0, 2)), itemgetter(slice(3, None))  # around the evidence


def unpack_verdicts(packed: PackedVerdicts) -> list[Verdict | None]:
    """The verdicts ``pack_verdicts`` packed: equal to them, field by field."""
    has, rows, counts, heads, tails = packed
    signals = list(map(_new, repeat(Signal), rows))
    ends = list(accumulate(counts))
    evidence = map(tuple, map(signals.__getitem__, map(slice, chain((0,), ends), ends)))
    fields = map(add, map(add, heads, zip(evidence)), tails)  # head + (evidence,) + tail
    out: list[Verdict | None] = [None] * len(has)
    kept = map(_new, repeat(Verdict), fields)
    deque(map(out.__setitem__, compress(range(len(has)), has), kept), maxlen=0)
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


def _by_doc(corpus: Corpus) -> dict[str, list[int]]:
    by_doc: dict[str, list[int]] = {}
    for i, u in enumerate(corpus.units):
        by_doc.setdefault(u.doc_id, []).append(i)
    return by_doc


def document_kinds(corpus: Corpus, only: Collection[str] | None = None) -> dict[str, PageKind]:
    """The inferred kind of every document (or of those in ``only``), by doc id."""
    out: dict[str, PageKind] = {}
    docs = {d.doc_id: d for d in corpus.documents}
    by_doc = _by_doc(corpus)
    for doc_id in docs if only is None else only:
        units = [corpus.units[i] for i in by_doc.get(doc_id, [])]
        out[doc_id] = document_kind(docs.get(doc_id) or Document(doc_id, "", ""), units)
    return out


def document_kind(doc: Document, units: Sequence[Unit]) -> PageKind:
    """The inferred kind of one document, from its units (all of them, in order)."""
    signals = {k: _cached_signals(u.text) for k, u in enumerate(units) if u.is_claim}
    return page_kind(doc, units, signals)


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


def _collect_kinds(
    corpus: Corpus, verdicts: Sequence[Verdict | None] | Mapping[int, Verdict]
) -> None:
    """Fill ``corpus.kinds`` from the verdicts; documents without a claim get theirs here."""
    items = verdicts.items() if isinstance(verdicts, Mapping) else enumerate(verdicts)
    for i, v in items:
        if v is not None and v.page_kind is not None:
            corpus.kinds[corpus.units[i].doc_id] = v.page_kind
    if len(corpus.kinds) < len(corpus.documents):
        missing = {d.doc_id for d in corpus.documents} - corpus.kinds.keys()
        corpus.kinds.update(
            (k, v) for k, v in document_kinds(corpus, missing).items()
        )


def corpus_year(kinds: Iterable[PageKind]) -> int:
    """The year the corpus's dated pages report in: the median of their dates' years
    (0 when no page has a date)."""
    years = sorted(k.date.year for k in kinds if k.is_news and k.date.year)
    return years[len(years) // 2] if years else 0


def _redate_undated(
    corpus: Corpus, verdicts: Sequence[Verdict | None] | Mapping[int, Verdict]
) -> Sequence[Verdict | None] | Mapping[int, Verdict]:
    """Verdicts again for the undated news pages that name an earlier year than the
    corpus's (a second pass: a page's first pass, in a worker, sees only itself). Only
    those pages: in most corpora none, so the cost is a scan of their texts."""
    year = corpus_year(corpus.kinds.values())
    if not year:
        return verdicts
    by_doc = _by_doc(corpus)
    earlier = [  # no earlier year to read as background: the other pages' verdicts stand
        doc_id
        for doc_id, ids in by_doc.items()
        if page_year(corpus.kinds.get(doc_id), (corpus.units[i] for i in ids), year)
    ]
    return _rejudged(corpus, verdicts, {doc_id: year for doc_id in earlier}, by_doc)


def _spun_to_farm(
    corpus: Corpus, verdicts: Sequence[Verdict | None] | Mapping[int, Verdict]
) -> Sequence[Verdict | None] | Mapping[int, Verdict]:
    """News pages spun from another page (``spunpage``, read from the groups) are
    content farms, unless a reviewer set their kind: their verdicts again on that kind,
    in their own year (``page_year`` off the news pages, as ``some_unit_verdicts``)."""
    # only a page read as news changes: the others have nothing dated to lose
    news = {d for d, k in corpus.kinds.items() if k.is_news and not k.overridden}
    pages = spun_pages(corpus.units, corpus.groups, news) if news else {}
    for doc_id, spun in pages.items():
        corpus.kinds[doc_id] = spun_kind(corpus.kinds.get(doc_id), spun.detail)
    return _rejudged(corpus, verdicts, dict.fromkeys(pages, 0)) if pages else verdicts


def _rejudged(
    corpus: Corpus,
    verdicts: Sequence[Verdict | None] | Mapping[int, Verdict],
    years: Mapping[str, int],
    by_doc: Mapping[str, list[int]] | None = None,
) -> Sequence[Verdict | None] | Mapping[int, Verdict]:
    """``verdicts`` with the pages of ``years`` judged again, each on its kind in
    ``corpus.kinds`` and in its year there (0: the page's own); a copy when any is."""
    if not years:
        return verdicts
    by_doc = _by_doc(corpus) if by_doc is None else by_doc
    docs = {d.doc_id: d for d in corpus.documents}
    out = dict(verdicts) if isinstance(verdicts, Mapping) else list(verdicts)
    for doc_id, year in years.items():
        kind = corpus.kinds.get(doc_id)
        for i, v in _page_verdicts(corpus, docs, doc_id, by_doc[doc_id], kind, year):
            out[i] = v
    return out


WINDOW_CONFIDENCE = 0.5


def _date_in_window(
    corpus: Corpus, verdicts: Sequence[Verdict | None] | Mapping[int, Verdict]
) -> Sequence[Verdict | None] | Mapping[int, Verdict]:
    """Off the news pages, a claim that names a date inside the weeks the corpus's dated
    reports cover (``newswindow``) reports their event: dated news (LABELS: a claim a
    dated report in the corpus backs). A corpus-level pass, as a page's first pass (in a
    worker) sees only itself; it reads the dates the worker found (``Verdict.dates``)."""
    window = news_window(corpus.kinds.values())
    if window is None:
        return verdicts
    year = corpus_year(corpus.kinds.values())
    items = verdicts.items() if isinstance(verdicts, Mapping) else enumerate(verdicts)
    changed: dict[int, Verdict] = {}
    for i, v in items:
        if v is None or not v.dates or v.label == DATED_NEWS:
            continue
        kind = corpus.kinds.get(corpus.units[i].doc_id)
        if kind is None or kind.is_news:
            continue  # (a reviewer's override since the worker's pass)
        page_year = kind.date.year or year
        for start, end, y, month, day in v.dates:
            if (y or page_year) and window.contains(y or page_year, month, day):
                sig = Signal("in_window", DATED_NEWS, start, end)
                changed[i] = Verdict(DATED_NEWS, WINDOW_CONFIDENCE, (sig, *v.evidence[:2]))
                break
    if not changed:
        return verdicts
    out = dict(verdicts) if isinstance(verdicts, Mapping) else list(verdicts)
    for i, v in changed.items():
        out[i] = v
    return out


def _named_dates(text: str, signals: list[Signal]) -> tuple[tuple[int, int, int, int, int], ...]:
    """The full dates and months a unit names, as (start, end, year or 0, month, day or 0)."""
    out = []
    for s in signals:
        if s.name == "date" or s.name == "month_year":
            parts = _date_parts(text[s.start : s.end])
            if parts is not None:
                out.append((s.start, s.end, *parts))
    return tuple(out)


def _date_parts(span: str) -> tuple[int, int, int] | None:
    """(year or 0, month, day or 0) of a date the time patterns matched ("5 June 2024",
    "June 2024", "July 14", "14/07/2023": day first unless it cannot be). Read by hand,
    as ``_confirm_date`` checks them: dateutil costs ~100x more a date."""
    parts = _DATE_PARTS.findall(span)
    nums = [int(p) for p in parts if p.isdigit()]
    month = next((MONTH_NUMBER.get(p[:3].lower()) for p in parts if p.isalpha()
                  and p[:3].lower() in MONTH_NUMBER), None)  # fmt: skip
    if month is not None:
        days = [n for n in nums if n < 100]
        years = [n for n in nums if n >= 100]
        return (years[0] if years else 0), month, (days[0] if days else 0)
    if len(nums) < 3:
        return None
    a, b, c = nums[:3]
    if a > 31:  # ISO: year-month-day
        return a, b, c
    year = c if c >= 100 else 2000 + c
    return (year, b, a) if b <= 12 else (year, a, b)


def page_year(kind: PageKind | None, units: Iterable[Unit], year: int) -> int:
    """The corpus year a page is judged with: ``year`` for an undated news page that
    names an earlier year (its second pass, see ``_redate_undated``), else 0. ``units``
    are read only for an undated news page."""
    if not year or kind is None or not kind.is_news or kind.date.year:
        return 0
    named = (int(y) for u in units if u.is_claim for y in _YEAR.findall(u.text))
    return year if any(y < year - 1 for y in named) else 0


def _page_verdicts(
    corpus: Corpus,
    docs: Mapping[str, Document],
    doc_id: str,
    ids: list[int],
    kind: PageKind | None,
    year: int,
) -> Iterator[tuple[int, Verdict]]:
    """The verdicts of one page's units (``ids``: their global indices), judged on
    ``kind`` in ``year`` (0: the page's own)."""
    units = [corpus.units[i] for i in ids]
    doc = docs.get(doc_id) or Document(doc_id, "", "")
    local = document_verdicts(doc, units, kind, year)
    for i, v in zip(ids, _reindex(local, ids.__getitem__), strict=True):
        if v is not None:
            yield i, v


def some_unit_verdicts(corpus: Corpus, doc_ids: Collection[str]) -> dict[int, Verdict]:
    """Verdicts (global unit indices) of the units of ``doc_ids`` only, as
    ``suggest_groups`` judges them: each page on its kind in ``corpus.kinds`` (a
    reviewer's override included; inferred when missing) and the corpus's year. For
    suggestions recomputed after a corpus was built (claimcheck.resuggest)."""
    docs = {d.doc_id: d for d in corpus.documents}
    year = corpus_year(corpus.kinds.values())
    verdicts: dict[int, Verdict] = {}
    for doc_id, ids in _by_doc(corpus).items():
        if doc_id in doc_ids:
            kind = corpus.kinds.get(doc_id)
            page = page_year(kind, (corpus.units[i] for i in ids), year)
            verdicts.update(_page_verdicts(corpus, docs, doc_id, ids, kind, page))
    return dict(_date_in_window(corpus, verdicts))


def suggest_groups(
    corpus: Corpus,
    progress: ProgressFn = no_progress,
    verdicts: Sequence[Verdict | None] | None = None,
    only: Callable[[Group], bool] | None = None,
) -> None:
    """Fill ``group.suggestion`` for every group of the corpus.

    ``verdicts``: one per ``corpus.units`` entry, e.g. ``document_verdicts``
    of each document shifted to global indices and concatenated; computed
    here when None. The suggestions are the same either way.
    ``only``: the groups to suggest for (the others get None, and their members
    need no verdicts); None: all.
    """
    total = len(corpus.groups)
    progress("suggesting", 0, total)
    by_unit: Sequence[Verdict | None] | dict[int, Verdict]
    by_unit = unit_verdicts(corpus, progress) if verdicts is None else verdicts
    _collect_kinds(corpus, by_unit)
    by_unit = _spun_to_farm(corpus, by_unit)
    by_unit = _redate_undated(corpus, by_unit)
    by_unit = _date_in_window(corpus, by_unit)
    for done, group in enumerate(corpus.groups, 1):
        wanted = only is None or only(group)
        group.suggestion = combine(group, by_unit, corpus.units) if wanted else None
        if done % PROGRESS_EVERY == 0:
            progress("suggesting", done, total)
    progress("suggesting", total, total)

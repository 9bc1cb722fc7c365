"""Split documents into units (sentences, bullet items, headings, noise) with offsets.

A document is read line by line: each non-blank line is a paragraph. Lines that
look like headings, page furniture (noise) or bare dates become one unit each;
bullet items and prose lines are split into sentences with nltk's Punkt plus a
few general rules (see ``split_sentences``).

A bullet item's marker ("•", "-", "1.") is not part of its unit: the unit is
the item's text, which is what a claim is (and what the CSV formula guard
would otherwise prefix with an apostrophe for a "- " item). Markers are the
only non-blank text no unit covers. A multi-sentence item yields one BULLET
unit per sentence.

Offsets index the document's text as read (NBSPs and zero-width characters
included); spans never start or end with a space or an invisible character.

Punkt is not trained on text here (no public-domain English prose is installed
and nothing can be downloaded at run time); its parameters are built from
lists shipped in ``claimcheck/data``: abbreviations, and common lower-case words
whose capitalised form after an abbreviation signals a new sentence.
"""

from __future__ import annotations

import re
import string
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache, partial
from importlib import resources
from typing import Any

from . import genre
from ._nltk import (
    NON_PUNCT_RE,
    PunktLanguageVars,
    PunktParameters,
    PunktSentenceTokenizer,
    PunktToken,
    unguarded,
)
from .alternation import at_word_start
from .citations import CITE_MARK, CLOSING_MARKS
from .models import BULLET, FRAGMENT, HEADING, NOISE, SENTENCE, Span
from .months import MONTH_DE_RE, MONTH_RE, WEEKDAY_RE
from .speakers import SPEAKER_LABEL
from .title import reads_as_title

# Punkt's orthographic-context flags (nltk.tokenize.punkt private constants).
_ORTHO_BEG_UC = 1 << 1
_ORTHO_MID_LC = 1 << 5

_HEADING_MAX_WORDS = 15
_NOISE_MAX_WORDS = 12  # "See also <title>" and friends stay short
_SHORT_LINE_CHARS = 200  # longer lines are prose whatever their shape (a fast path)
# A "sentence" longer than this is not one a reviewer can judge (a run-on page with
# no sentence ends, minified text, a 50 MB line): a fragment, kept in the output but
# not a claim, so grouping and suggesting never compare megabyte strings (O(n^2)).
# Gold sentences of the benchmark sets are at most 436 characters.
MAX_CLAIM_CHARS = 5000


def _data_lines(name: str) -> list[str]:
    text = resources.files("claimcheck.data").joinpath(name).read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


# Dotted acronyms and abbreviations: U.S., U.S.A., e.g., a.m., Ph.D.
_DOTTED = re.compile(r"(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}")


class _Abbreviations(set):
    """Punkt's abbreviation set, also answering yes for dotted acronyms."""

    def __contains__(self, item: object) -> bool:
        return super().__contains__(item) or (
            isinstance(item, str) and _DOTTED.fullmatch(item) is not None
        )


# Contexts whose answer Punkt's annotation would give anyway, decided without
# building its token objects (it is most of the cost): "word! Next" and
# "word. Next" where the word has two or more letters and is no abbreviation.
_BANG_CONTEXT = re.compile(r"[^\s!?]*[!?]")
_WORD_PERIOD_CONTEXT = re.compile(r"([^\W\d_]{2,})\.\s")


_WHITESPACE = string.whitespace  # what Punkt's _get_last_whitespace_index looks for
# What Punkt's realignment pattern must open with (a closing quote or bracket).
_REALIGN_FIRST = "\"')]}\u2018\u2019\u201c\u201d\xab\xbb"


class _Punkt(PunktSentenceTokenizer):
    def text_contains_sentbreak(self, text: str) -> bool:
        return self._clear_break(text, 0, len(text)) or super().text_contains_sentbreak(text)

    def _clear_break(self, text: str, start: int, end: int) -> bool:
        """The quick yes of ``text_contains_sentbreak`` for ``text[start:end]`` (read in
        place): a "!" or "?" context, or a plain word and period that is no abbreviation."""
        if _BANG_CONTEXT.match(text, start, end):
            return True
        m = _WORD_PERIOD_CONTEXT.match(text, start, end)
        # the word is letters only, so no dotted acronym: the plain set answers
        return m is not None and not set.__contains__(self._params.abbrev_types, m.group(1).lower())

    def sentence_starts(self, text: str) -> list[int]:
        """The starts of ``span_tokenize(text)``'s spans, in order: nltk's three
        generators (end contexts, slices, realignment) as two loops over lists, with no
        slice objects, no copy of the text before each candidate end and the realignment
        pattern tried only after a closing mark (~a quarter of Punkt's time)."""
        breaks = self._break_slices(text)
        realign_re = self._lang_vars.re_boundary_realignment
        starts = []
        realign = 0
        last = len(breaks) - 1
        for i, (start, end) in enumerate(breaks):
            start += realign
            m = None
            if i < last:
                nxt, nxt_end = breaks[i + 1]
                if nxt < nxt_end and text[nxt] in _REALIGN_FIRST:
                    m = realign_re.match(text[nxt:nxt_end])
            if m:
                starts.append(start)  # nltk yields it even when empty
                realign = m.end()
            else:
                realign = 0
                if start < end:  # nltk's ``if text[sentence1]``
                    starts.append(start)
        return starts

    def _break_slices(self, text: str) -> list[tuple[int, int]]:
        """``_slices_from_text(text)`` as (start, stop) pairs, its candidate ends read as
        ``_match_potential_end_contexts`` does (the word before each end: after the last
        whitespace since the previous end's start, or the previous word's start if there
        is none past its first character)."""
        out = []
        last_break = 0
        prev = None  # the pending candidate end and its word's (start, stop)
        p_start = p_stop = 0
        spaces = [c for c in _WHITESPACE if c in text]  # a line: mostly " " alone
        for match in self._lang_vars.period_context_re().finditer(text):
            m_start = match.start()
            space = max([text.rfind(c, p_stop, m_start) for c in spaces], default=-1)
            w_start = space + 1 if space > p_stop else p_start
            if prev is not None and p_stop <= w_start:
                last_break = self._cut(text, prev, p_start, last_break, out)
            prev, p_start, p_stop = match, w_start, m_start
        if prev is not None:
            last_break = self._cut(text, prev, p_start, last_break, out)
        out.append((last_break, len(text.rstrip())))
        return out

    def _cut(self, text: str, match: Any, w_start: int, last_break: int, out: list) -> int:
        """One candidate end of ``_slices_from_text``: appends its slice if Punkt breaks
        there; returns where the next sentence starts. The context nltk joins (the word,
        the end mark, what follows) is one piece of the text, from ``w_start``, as the word
        ends where the mark starts; ``text_contains_sentbreak``'s shortcuts are asked of it
        in place, nltk's annotation (rare) of a copy."""
        end = match.end("after_tok")
        if not (
            self._clear_break(text, w_start, end)
            or super().text_contains_sentbreak(text[w_start:end])
        ):
            return last_break
        out.append((last_break, match.end()))
        next_tok = match.start("next_tok")
        return next_tok if next_tok >= 0 else match.end()


class _Token(PunktToken):
    """Punkt's token, its patterns without nltk's timeout wrapper (``unguarded``: the
    same ``regex`` patterns; four calls per token were ~5 CPU-s a million sentences).
    None of them has nested repetition, so the guard is not needed."""

    __slots__ = ()
    _RE_ELLIPSIS = unguarded(PunktToken._RE_ELLIPSIS)
    _RE_NUMERIC = unguarded(PunktToken._RE_NUMERIC)
    _RE_INITIAL = unguarded(PunktToken._RE_INITIAL)
    _RE_ALPHA = unguarded(PunktToken._RE_ALPHA)
    _NON_PUNCT = unguarded(NON_PUNCT_RE)

    @property
    def is_non_punct(self) -> Any:
        return self._NON_PUNCT.search(self.type)


class _LanguageVars(PunktLanguageVars):
    """Punkt's own patterns, compiled with the standard ``re``: nltk compiles them
    with the third-party ``regex`` module under a timeout (its guard against
    catastrophic backtracking), which costs ~10% of segmenting here. These two
    patterns scan forward without nested repetition, so the guard is not needed.
    The realignment pattern (one call per sentence: ~13 CPU-s a million sentences
    inside the wrapper) is the same ``regex`` pattern, unwrapped."""

    re_boundary_realignment = unguarded(PunktLanguageVars.re_boundary_realignment)

    def period_context_re(self) -> re.Pattern[str]:
        if not hasattr(self, "_std_period_context"):
            fmt = self._period_context_fmt % {
                "NonWord": self._re_non_word_chars,
                "SentEndChars": self._re_sent_end_chars,
            }
            self._std_period_context = re.compile(fmt, re.UNICODE | re.VERBOSE)
        return self._std_period_context

    def _word_tokenizer_re(self) -> re.Pattern[str]:
        if not hasattr(self, "_std_word_tokenizer"):
            fmt = self._word_tokenize_fmt % {
                "NonWord": self._re_non_word_chars,
                "MultiChar": self._re_multi_char_punct,
                "WordStart": self._re_word_start,
            }
            self._std_word_tokenizer = re.compile(fmt, re.UNICODE | re.VERBOSE)
        return self._std_word_tokenizer


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    return frozenset(_data_lines("common_words.txt"))


@lru_cache(maxsize=1)
def _punkt() -> _Punkt:
    params = PunktParameters()
    params.abbrev_types = _Abbreviations(_data_lines("abbreviations.txt"))
    ortho: defaultdict[str, int] = defaultdict(int)
    for word in _common_words():
        # What training would learn for a function word: capitalised at the
        # start of sentences, lower case inside them.
        ortho[word] = _ORTHO_BEG_UC | _ORTHO_MID_LC
    params.ortho_context = ortho
    params.sent_starters = {"i"}  # always capitalised, so ortho context can't tell
    return _Punkt(params, lang_vars=_LanguageVars(), token_cls=_Token)


# --- sentence-level rules ---------------------------------------------------

# Opening punctuation that may precede a sentence's first letter.
_LEADING_PUNCT = "\"'“‘«([{¿¡"
# Inline bullet characters: each starts a new item even mid-line.
_BULLET_CHARS = "•◦▪▫‣⁃●○■□►▸➢➤✓✔"
_INLINE_BULLET = re.compile(rf"\s+(?=[{_BULLET_CHARS}])")
# Enumerated list markers: "1.", "2.)", "3)", "(4)", "a.", "b)".
_ENUM = r"(?:\(?(?P<num>\d{1,2}|[a-z])(?:\.\)|[.)]))"
_LIST_START = re.compile(rf"[{_BULLET_CHARS}]?\s*{_ENUM}\s")
_INLINE_ENUM = re.compile(rf"\s(?=[{_BULLET_CHARS}]?\s*{_ENUM}\s)")
# Spaced or run-on ellipsis, then a capitalised word; as Punkt does for "...",
# the boundary is only taken when the word is a common lower-case word.
_ELLIPSIS_NEXT = re.compile(r"(?:\.\s?){3,}\s*[\"'“‘(]?([A-Z][a-z]*)\b")
# A piece that is nothing but a list marker: glue it to its item. Matched between two
# cuts with the spaces around it (as \s, what str.strip takes): no copy of the piece.
_MARKER_ONLY = re.compile(rf"\s*[{_BULLET_CHARS}]?\s*{_ENUM}\s*")


def _next_index(marker: str) -> str:
    return str(int(marker) + 1) if marker.isdigit() else chr(ord(marker) + 1)


def _list_cuts(text: str) -> list[int]:
    """Cuts before inline list items: bullet characters, and enumerations
    that continue the sequence the paragraph starts with (1. ... 2. ...)."""
    cuts = []
    # (every bullet character is non-ASCII, and ``isascii`` reads a flag of the str)
    if not text.isascii() and any(c in text for c in _BULLET_CHARS):
        cuts = [m.end() for m in _INLINE_BULLET.finditer(text)]
    first = _LIST_START.match(text)
    if first:
        expect = _next_index(first.group("num"))
        for m in _INLINE_ENUM.finditer(text):
            if m.group("num") == expect:
                cuts.append(m.end())
                expect = _next_index(expect)
    return cuts


def _starts_lower(text: str, pos: int) -> bool:
    """True if the piece starting at ``pos`` opens with a lower-case letter and
    so continues the previous sentence ("'Great.' she said", "Yahoo! in").
    Not after a plain word and period: Punkt has already judged that word not
    to be an abbreviation, and web text often starts sentences in lower case
    (chosen after measuring on the UD set)."""
    n = len(text)
    first = pos
    while first < n and (text[first].isspace() or text[first] in _LEADING_PUNCT):
        first += 1
    if first == n or not text[first].islower():
        return False  # most pieces: the window below is not looked at
    return not _plain_period_end(text[max(0, pos - 40) : pos])


def _plain_period_end(window: str) -> bool:
    r"""Whether ``window`` ends with a plain word and a period, then only spaces: what
    ``re.search(r"[^\W\d_]{2,}\.\s*$", window)`` tells (``str.rstrip`` strips what
    ``\s`` matches; a letter of ``[^\W\d_]`` is alphanumeric and not a decimal digit),
    without a regex tried at each of up to 40 positions (~6% of segmenting)."""
    w = window.rstrip()
    return (
        len(w) >= 3
        and w[-1] == "."
        and w[-3:-1].isalnum()
        and not w[-2].isdecimal()
        and not w[-3].isdecimal()
    )
_ALNUM = re.compile(r"[^\W_]")
# Numeric citations "[3]", "[1 - 3]", "[7, 9]" and elisions "[...]", then spaces.
_CITATION = re.compile(rf"(?:(?:{CITE_MARK}|\[(?:\.\.\.|…)\])\s*)+")
_ENDS_ELLIPSIS = re.compile(r"(?:\.\s?){3,}\s*$")


def _ends_ellipsis(text: str, start: int, end: int) -> bool:
    """``_ENDS_ELLIPSIS.search(text, start, end)``, which tries every position of the
    piece (~7% of segmenting), searched only when its last dot follows another (at
    most one space between), as every match's does: most pieces end "word."."""
    w = text[start:end].rstrip()  # what the pattern's trailing \s* takes (as \s: isspace)
    if w[-1:] != "." or w[-2:-1] != "." and not (w[-2:-1].isspace() and w[-3:-2] == "."):
        return False
    return _ENDS_ELLIPSIS.search(text, start, end) is not None


# A day written as an ordinal, "am 3. März 2026" (German and Nordic dates): Punkt
# cuts after "3.". Read as a date when a year follows the month or a date word
# ("am", "vom", a comma) comes before the day, so that English "rose to 12. March
# was ..." keeps its cut.
_MONTH_AFTER_DAY = re.compile(rf"(?:{MONTH_RE}|{MONTH_DE_RE})\b(?P<year>\s+\d{{4}}\b)?")
_DAY_BEFORE = re.compile(
    r"(?P<word>(?:\b(?:am|vom|zum|bis|seit|ab|dem|den|der)|,)\s+)?(?<![\w.,:/-])\d{1,2}\.\s*$",
    re.IGNORECASE,
)


def _day_then_month(text: str, prev: int, cut: int) -> bool:
    """Whether the cut falls between a day's period and its month ("am 3. | März")."""
    month = _MONTH_AFTER_DAY.match(text, cut)
    if month is None:  # most cuts: the day pattern is not tried
        return False
    day = _DAY_BEFORE.search(text, max(prev, cut - 12), cut)
    return day is not None and (month["year"] is not None or day["word"] is not None)


def _continues(text: str, prev: int, cut: int, end: int) -> bool:
    """True if the piece ``text[cut:end]`` continues the one at ``prev``: it
    opens in lower case ("'Great.' she said") or with end punctuation (spaced
    ellipsis "weakened . . . was", "!!!"), it has no letter or digit at all
    (":-)"), or the previous piece is a bare list marker ("1.").
    The "!"/"?" opening and the no-letter-or-digit cases were added after
    looking at UD false positives ("family ! !!! :-)")."""
    return (
        _starts_lower(text, cut)
        or text.startswith((".", "!", "?"), cut)
        or _ALNUM.search(text, cut, end) is None
        or _MARKER_ONLY.fullmatch(text, prev, cut) is not None
        or _day_then_month(text, prev, cut)
    )


def _after_citation(text: str, cut: int) -> int:
    """A citation or elision bracket after a sentence end ("... bias. [11] In")
    belongs to that sentence (UD and common citation practice): move the cut
    past it. Returns ``cut`` unchanged when there is none. Written after
    looking at UD errors (the convention is also stated in its SOURCES.md)."""
    m = _CITATION.match(text, cut)
    return m.end() if m else cut


def _ellipsis_cuts(text: str) -> set[int]:
    words = _common_words()
    return {m.start(1) for m in _ELLIPSIS_NEXT.finditer(text) if m.group(1).lower() in words}


# Sentence ends of other scripts, which Punkt (".", "?", "!") does not know:
# CJK full stop, exclamation and question marks (full and half width), Devanagari
# danda, Arabic question mark and full stop (Urdu), Ethiopic full stop; then any
# closing quotes or brackets, then any spaces (CJK text has none).
_OTHER_ENDS = "。！？｡।॥؟۔።"
_OTHER_END = re.compile(rf"[{_OTHER_ENDS}]+[」』）〉》】\)\]”’\"'»]*\s*")


def _other_script_cuts(text: str) -> set[int]:
    if text.isascii():
        return set()
    return {m.end() for m in _OTHER_END.finditer(text) if m.end() < len(text)}


# A character without which a line has no sentence cut: Punkt's ends (".?!"), the
# other scripts' ends, inline bullets. (Enumerations need _LIST_START as well.)
_MAY_CUT = re.compile(rf"[.?!{_OTHER_ENDS}{_BULLET_CHARS}]")


# Remembers the last few lines: a line's cuts are asked for by the heading and
# non-claim checks and again to split it (the same str, whose hash is kept).
@lru_cache(maxsize=4)
def _sentence_cuts(text: str) -> tuple[int, ...]:
    """Sentence starts (except 0) within one line of text.

    Punkt proposes; its cuts are dropped where the next piece continues the
    sentence, and after an ellipsis the ellipsis rule alone decides. List
    items, ellipses before a common capitalised word and the sentence ends of
    other scripts add cuts."""
    if _MAY_CUT.search(text) is None and _LIST_START.match(text) is None:
        return ()  # the answer of all the rules below, without Punkt's ~15 us a line
    forced = set(_list_cuts(text)) | _other_script_cuts(text)
    ellipsis = _ellipsis_cuts(text) if ".." in text or ". ." in text else set()
    forced |= ellipsis
    proposed = sorted(forced.union(_punkt().sentence_starts(text)))
    proposed.append(len(text))
    cuts = []
    prev = 0
    for cut, nxt in zip(proposed, proposed[1:], strict=False):
        if cut == 0:
            continue
        if cut not in forced:
            if _continues(text, prev, cut, nxt):
                continue
            if _ends_ellipsis(text, prev, cut) and cut not in ellipsis:
                continue
            cut = _after_citation(text, cut)
            if cut >= nxt:
                continue
        cuts.append(cut)
        prev = cut
    return tuple(cuts)


def _split_line(text: str, base: int) -> list[tuple[int, int]]:
    """Stripped sentence spans of one line, offset by ``base``."""
    spans = []
    bounds = [0, *_sentence_cuts(text), len(text)]
    for a, b in zip(bounds, bounds[1:], strict=False):
        trimmed = _trim(text, a, b)
        if trimmed is not None:
            spans.append((base + trimmed[0], base + trimmed[1]))
    return spans


# Characters that show nothing: spaces and the zero-width ones, kept in the text
# (offsets index the source) but never at a unit's edge, nor a unit on their own.
_INVISIBLE = "\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff"
_VISIBLE = re.compile(rf"[^\s{_INVISIBLE}]")
_LAST_VISIBLE = re.compile(rf"[^\s{_INVISIBLE}][\s{_INVISIBLE}]*$")


def _trim(text: str, a: int, b: int) -> tuple[int, int] | None:
    """``text[a:b]`` without blank or invisible characters at either end, as
    (start, end); None if nothing visible is left."""
    piece = text[a:b]
    if piece.isascii():  # the common case: str.strip's speed
        end = len(piece.rstrip())
        if not end:
            return None
        # (a sentence piece has spaces after it, seldom before)
        start = len(piece) - len(piece.lstrip()) if piece[0].isspace() else 0
        return a + start, a + end
    first = _VISIBLE.search(piece)
    if first is None:
        return None
    last = _LAST_VISIBLE.search(piece)
    assert last is not None  # a visible character exists
    return a + first.start(), a + last.start() + 1


def split_sentences(text: str) -> list[str]:
    """Sentences of one paragraph (newlines, if any, always end a sentence)."""
    out = []
    pos = 0
    for line in text.split("\n"):
        out.extend(text[s:e] for s, e in _split_line(line, pos))
        pos += len(line) + 1
    return out


# --- line classification ----------------------------------------------------

# A bullet item: a marker, then the content. The bare content decides the rest.
_BULLET_LINE = re.compile(
    rf"(?:[{_BULLET_CHARS}\-*–—]|\(?\d{{1,3}}(?:\.\)|[.)])|\(?[a-zA-Z]\))\s+(?=\S)"
)
_LONE_MARKER = re.compile(rf"[{_BULLET_CHARS}\-*–—_=~|·]+")
_END_PUNCT = ".!?…" + _OTHER_ENDS
_CLOSERS = "\"'”’»)]"
_MONTHS = MONTH_RE.lower()  # the line is matched lower-cased
_DAYS = WEEKDAY_RE.lower()
# A line that is only a date and/or time: "14/01/2026 12:47", "Jan. 5, 2024".
_DATE_LINE = re.compile(
    rf"(?:[|•·]\s*)?(?:(?:{_DAYS}),?\s*)?(?:[\d/.\-:,\s]|\b(?:{_MONTHS})\b\.?|\b(?:am|pm|gmt|utc|ict)\b|\b[ap]\.m\.)+"
    r"(?:\s*\(?[+-]?\w{0,5}\)?)?",
    re.IGNORECASE,
)
# Agency credits: an all-caps acronym line ("KPL"), or outlet names joined by
# slashes, optionally in brackets ("Vientiane Times/ANN", "(KPL/VNA)").
_OUTLET = r"[A-Z][\w&.'’-]*(?:\s[A-Z][\w&.'’-]*){0,3}"
_CREDIT = re.compile(rf"\(?(?:{_OUTLET}(?:\s?/\s?{_OUTLET})+|[A-Z][A-Z&]{{1,7}})\)?")
_CREDIT_MAX_BARE = 10  # the bare acronym's longest: "(" + 8 letters + ")"


def _is_credit(text: str) -> bool:
    """``_CREDIT.fullmatch(text)``, asked of every sentence: only an outlet list has a
    slash, and a bare acronym is short, so the rest is answered without the regex."""
    if len(text) > _CREDIT_MAX_BARE and "/" not in text:
        return False
    return _CREDIT.fullmatch(text) is not None
_BYLINE = re.compile(
    r"(?:by|posted|published|updated|written|photo|photos|source|credit)\b"
    r"(?:\s+(?:on|by|at|in))?\s*:?\s+\S.{0,60}",
    re.IGNORECASE,
)
# A short run of capitalised words or acronyms (a signature, outlet, credit).
_CAPITALISED_RUN = r"[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3}"
# A byline of several names and where they filed from: "By Ann Lee & Raj Patel in
# Colombo and Singapore" (longer than the short bylines ``_BYLINE`` takes).
_NAMES_BYLINE = re.compile(
    rf"[Bb]y\s+{_CAPITALISED_RUN}(?:\s*(?:,|&|\band\b)\s*{_CAPITALISED_RUN})*"
    rf"(?:\s+in\s+{_CAPITALISED_RUN}(?:\s*(?:,|&|\band\b)\s*{_CAPITALISED_RUN})*)?"
)
_NAME_RUN = re.compile(rf"\(?{_CAPITALISED_RUN}\)?")
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")


# Headlines drop auxiliaries; a long unpunctuated line with one is a cut-off sentence.
_CLAUSE_MIN_WORDS = 9
_AUXILIARY = re.compile(r"\s(?:has|have|had|is|are|was|were|will|would)\s")
# Credits and sources in brackets, photo captions, bare links: page furniture.
_CREDIT_LINE = re.compile(
    r"^[(\[]\s*(?:(?:photo|image|picture|video|source|credit|courtesy|file photo)s?\b"
    r"[^)\]]{0,200}|[^)\]]{0,60}\b(?:photo|image)s?\s*(?:by|:)[^)\]]{0,80})[)\]]\W*$"
    r"|^(?:photo|image|picture)s?\s*(?:(?:by|credits?|source)\b\s*[,:]?|:)\s*\S.{0,80}$",
    re.IGNORECASE,
)
_BARE_URL = re.compile(r"^(?:\S*https?://\S+\s*)+$|^www\.\S+$")
# The last word of a list lead-in that a list completes: "Key aspects include:",
# "It spreads through:", "Here are the steps:" (a full clause before ":" is a claim).
_LEAD_IN_END = re.compile(
    r"(?:\b(?:include|includes|including|as|through|like|following|follows|below"
    r"|via|these|those)|-)\s*:[-–]?$",
    re.IGNORECASE,
)
_SIGNPOST_START = re.compile(r"^(?:here(?:'s|’s| is| are)|below|the following)\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _signposts() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str] | None]:
    """Meta text about the page itself: "In this article, we'll explore ...", "More on X
    here.". Two patterns over lower-cased text: the lines anchored at the start (tried
    at position 0 only) and the rest (searched). One case-insensitive alternation of
    both cost ~65 us a sentence; this is a few."""
    lines = _data_lines("signposts.txt")
    anchored = [line[1:] for line in lines if line.startswith("^")]
    floating = [line for line in lines if not line.startswith("^")]
    # The literal word each floating line starts with ("\\bwe(?:'ll|...)" -> "we"): the
    # search runs only when one is in the sentence. Empty if some line has none.
    # (not a letter a quantifier makes optional: "breaks?" -> "break")
    heads = [re.match(r"\\b([a-z]+)(?![?*{])", line) for line in floating]
    words = sorted({h.group(1) for h in heads if h})
    gate = at_word_start(words) if all(heads) and words else None  # as r"\b(?:w1|w2|...)"
    return (
        re.compile("|".join(f"(?:{p})" for p in anchored)),
        re.compile("|".join(f"(?:{p})" for p in floating)),
        gate,
    )


def _is_signpost(sentence: str) -> bool:
    low = sentence.lower().lstrip(_EMPHASIS_SPACE)  # "*You are receiving this ...*"
    anchored, floating, gate = _signposts()
    if anchored.match(low) is not None:
        return True
    if gate is not None and gate.search(low) is None:
        return False
    return floating.search(low) is not None


def is_non_claim_sentence(sentence: str) -> bool:
    """A sentence that asserts nothing: a signpost, a list lead-in or a question. Kept
    as a unit (FRAGMENT), never a claim."""
    s = sentence.strip()
    end = s.rstrip(_CLOSERS)[-1:]
    if end == ":" or s.endswith((":-", ":–")):
        return bool(_LEAD_IN_END.search(s) or _SIGNPOST_START.match(s))
    if s.rstrip(_EMPHASIS_CLOSERS)[-1:] in _QUESTION_MARKS:
        return _only_asks(s)
    return _is_signpost(s)


_QUESTION_MARKS = "?？؟"  # Latin, full-width (CJK), Arabic


def _only_asks(sentence: str) -> bool:
    """A question that asks and no more ("Which fact shocked you most?", "What actually
    went wrong?", a host's "HOST: Could it happen again?"). A statement before a colon or
    semicolon keeps it a claim ("It is the 17th time ...; what is the new programme?").
    Over the 63 gold corpora a sentence ending in a question mark was a claim 5 times in
    815, three of them such statements, two a rhetorical tag ("... — who wouldn't?")."""
    turn = _turn_words(sentence)
    body = sentence if turn is None else turn
    return ":" not in body and ";" not in body


@lru_cache(maxsize=1)
def _nav_words() -> frozenset[str]:
    return frozenset(_data_lines("nav_words.txt"))


def marker_end(text: str) -> int:
    """Length of the bullet marker (and following spaces) that opens ``text``, or 0."""
    m = _BULLET_LINE.match(text)
    return m.end() if m else 0


def _is_nav_phrase(words: list[str]) -> bool:
    """Are these words, all of them, a navigation phrase ("you may also like")?"""
    return " ".join(words).lower() in _nav_words()


def _is_noise(line: str, words: list[str]) -> bool:
    """``words``: the line's ``_WORD``s."""
    if len(words) > _NOISE_MAX_WORDS or line[-1] in _END_PUNCT:
        return False
    nav = _nav_words()
    if _is_nav_phrase(words):
        return True
    # "See also  Some Title", "Tags: a, b": a nav phrase heading a short line, followed
    # by more words: the first two of three, or the first with a colon after it.
    if len(words) >= 3 and " ".join(words[:2]).lower() in nav:
        return True
    first = words[0].lower() if len(words) >= 2 else ""
    if first in nav and line[len(first) : len(first) + 1] == ":":
        return True
    if _CREDIT.fullmatch(line) or _BYLINE.fullmatch(line) and len(words) <= 5:
        return True
    return line[:3] in ("By ", "by ") and _NAMES_BYLINE.fullmatch(line) is not None


def _is_heading(line: str) -> bool:
    end = line.rstrip(_CLOSERS)[-1:]
    if end == "?":
        if len(line.split()) > _HEADING_MAX_WORDS:
            return False
        return len(_sentence_cuts(line)) == 0  # a question title: "What is X?"
    if not (line[0].isupper() or line[0].isdigit()):
        return False  # what the last line would say, after every other check said no
    words = line.split()
    if len(words) > _HEADING_MAX_WORDS:
        return False
    if end in _END_PUNCT + ":;,":
        return False
    if len(words) >= _CLAUSE_MIN_WORDS and _AUXILIARY.search(line):
        return False  # "The agency has also set up ...": a clause cut off, not a title
    # a capital or a digit first (above), and one sentence: two, the last unpunctuated,
    # are prose
    return len(_sentence_cuts(line)) == 0


_DECORATION = "*_=~#-"


def _undecorated(line: str) -> str:
    """A line without the marks that wrap it on both ends ("**What did the WHO say?**",
    "=== 1) The daily limit stays put ==="): the words a heading test reads."""
    if line[0] in _DECORATION and line[-1] in _DECORATION:
        inner = line.strip(_DECORATION + " ")
        return inner or line
    return line


_ASCII_DIGIT = re.compile("[0-9]")


def _has_digit(line: str) -> bool:
    """``any(c.isdigit() for c in line)``; for ASCII (most lines) a regex scan."""
    if line.isascii():
        return _ASCII_DIGIT.search(line) is not None
    return any(c.isdigit() for c in line)


def _classify_line(line: str, words: list[str]) -> str | None:
    """Kind of a whole line if it is a single non-sentence unit, else None.
    ``words``: the line's ``_WORD``s."""
    if len(line) > _SHORT_LINE_CHARS:
        return None  # too long for a heading, noise, date or lead-in: prose
    if _LONE_MARKER.fullmatch(line) or _is_noise(line, words) or _ALNUM.search(line) is None:
        return NOISE
    # _is_noise asked whether these words are a navigation phrase (and they are not)
    not_nav = len(words) <= _NOISE_MAX_WORDS and line[-1] not in _END_PUNCT
    if _CREDIT_LINE.match(line) or _BARE_URL.match(line) or _furniture(line, not_nav):
        return NOISE
    # a live blog's entry times come in emphasis marks: "**22:40 JST**"
    if _has_digit(line) and _DATE_LINE.fullmatch(line.strip(_EMPHASIS_SPACE)):
        return FRAGMENT
    if _is_heading(_undecorated(line)) or (
        line[-1] not in _END_PUNCT and genre.title_label(line)
    ):
        # (a title opened by its genre, "Explainer: why the port is betting on ...",
        # however clause-like)
        return HEADING if any(c.isalpha() for c in line) else FRAGMENT
    n_words = len(words)
    if n_words <= 1 and line[-1] not in _END_PUNCT:
        return FRAGMENT
    # A short lead-in to a list ("Key features include:") states nothing itself, nor
    # does a post's header ("**kestrel_77 wrote:**", the colon inside the emphasis).
    if line.rstrip(_EMPHASIS_SPACE).endswith(":") and n_words <= _HEADING_MAX_WORDS:
        return FRAGMENT
    if is_non_claim_sentence(line) and not _sentence_cuts(line):
        return FRAGMENT
    return None


# Page furniture that reads like a sentence. Matched on the text without emphasis
# marks ("*By a staff writer*") and trailing dots ("You may also like..."):
# metadata lines joined by middle dots or pipes ("example.com · World · 13 Mar 2024",
# "Explainer | 9 min read"), breadcrumbs ("Home / World / ..."), edit notes ("Last
# reviewed by ...", "Updated regularly"), a bare credit in brackets or after a dash
# ("(Colombo Gazette)", "— AP"), and calls to the reader ending in "!" ("Share this
# list with your friends!", "Don't miss out — subscribe!").
_META_PART = r"[^\s·|•!?]+(?:\s+[^\s·|•!?]+){0,4}"  # up to five words, no ! or ?
_META_SEPARATED = re.compile(rf"^{_META_PART}(?:\s[·|•]\s{_META_PART}){{1,6}}$")
_BREADCRUMB = re.compile(r"^home\s*(?:/|›|»|>)\s", re.IGNORECASE)
_EDIT_NOTE = re.compile(
    r"^(?:last\s+)?(?:updated|reviewed|edited|published|posted|modified|corrected|issued)"
    r"(?:\s+(?:on|by|at|in|regularly|daily|weekly|hourly|\d)\b|:)[^.!?]{0,60}[.!?]?$"
    r"|\b\d+\s*-?\s*min(?:ute)?s?\s+read\b",
    re.IGNORECASE,
)
_BRACKET_CREDIT = re.compile(rf"^\({_CAPITALISED_RUN}\)$")
# A wire story's staff credit: "(Reporting by A in Geneva; editing by B)"
_STAFF_CREDIT = re.compile(
    r"^\(\s*(?:additional\s+)?(?:reporting|writing|editing|compiled|research)\s+by\b[^()]{0,200}\)$",
    re.IGNORECASE,
)
# ... and the same credit unbracketed, names only: "Reporting by Dana Whitfield in Panama
# City; additional reporting by Ken Sato.", "Editing by Rob Lyle." (not "Reporting by the
# BBC showed that ...": a sentence goes on past the names)
_CREDIT_NAMES = r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|de|van|von|al|el))*"
_CREDIT_ROLE = r"(?i:(?:additional\s+)?(?:reporting|writing|editing)|compiled|edited|written)"
_CREDIT_PART = rf"{_CREDIT_ROLE}\s+by\s+{_CREDIT_NAMES}(?:\s+in\s+{_CREDIT_NAMES})?"
_BARE_STAFF_CREDIT = re.compile(rf"^{_CREDIT_PART}(?:[;,]\s*{_CREDIT_PART})*$")
_CREDIT_OPENERS = ("reporting", "additiona", "editing", "writing", "compiled", "edited", "written")
_HASHTAGS = re.compile(r"^#\w+(?:[\s,]+#\w+)*$")  # "#aspartame #nutrition": a post's tags
_PATH_SEPARATORS = ("›", "»")  # "Community › Drinks Talk › Diet": a breadcrumb trail
_TO_READER = re.compile(
    r"\b(?:you|your|you'll|you’ll|you've|you’ve|won't believe|won’t believe)\b"
    r"|^(?:share|subscribe|sign up|follow|don't|don’t|click|join)\b",
    re.IGNORECASE,
)
# A short call to act, whatever its punctuation: "Follow us on X.", "Like and share!"
_CALL_TO_ACT = re.compile(
    r"(?:follow us|like us|like and (?:share|subscribe)|share (?:this|on|with)|subscribe"
    r"|sign up|join us|join our|click (?:here|to|the)|comment below|download (?:our|the app)"
    r"|read more)\b",
    re.IGNORECASE,
)
_CALL_MAX_WORDS = 8
_EMPHASIS = "*_"
_EMPHASIS_SPACE = _EMPHASIS + " "
_EMPHASIS_CLOSERS = _EMPHASIS + _CLOSERS
_SHORT_ANSWER_WORDS = 2  # "Yes.", "Not entirely.": an answer, not a claim of its own
# Scripts written without spaces between words (CJK, Thai): a word count means nothing.
_UNSPACED = re.compile("[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


_FURNITURE_MAX_CHARS = 120  # furniture is short; longer text skips every check below
_EDIT_WORDS = ("last", "updated", "reviewed", "edited", "published", "posted", "modified",
               "corrected", "issued")  # fmt: skip


def _breadcrumb(bare: str, low: str) -> bool:
    """A breadcrumb trail: "Home / News / ...", or two path separators and no question or
    exclamation ("Community › Drinks Talk › Diet"). ``low``: ``bare``'s opening, lower-cased."""
    if low.startswith("home") and _BREADCRUMB.match(bare):
        return True
    return sum(map(bare.count, _PATH_SEPARATORS)) >= 2 and not bare.endswith((".", "!", "?"))


def _staff_credit(bare: str) -> bool:
    """A wire story's staff credit, bracketed or not (``bare``: without emphasis marks
    and closing dots); the only furniture that may be longer than the rest (several
    reporters, their cities, the editors)."""
    if bare[:1] == "(":
        return _STAFF_CREDIT.match(bare) is not None
    opens = bare[:9].lower().startswith(_CREDIT_OPENERS)
    return opens and _BARE_STAFF_CREDIT.match(bare) is not None


def _furniture(sentence: str, not_nav: bool = False) -> bool:
    """Is this line or sentence page furniture (see the patterns above)? Each pattern
    runs only behind a cheap gate: this is asked of every sentence. ``not_nav``: the
    caller knows the sentence's words are no navigation phrase."""
    bare = sentence.strip(_EMPHASIS_SPACE).rstrip(".…").strip(_EMPHASIS_SPACE)
    if not bare:
        return False
    if len(sentence) > _FURNITURE_MAX_CHARS:
        return _staff_credit(bare)
    low = bare[:9].lower()
    if ("·" in bare or "|" in bare or "•" in bare) and _META_SEPARATED.match(bare):
        # metadata lines end in no full stop; prose does
        return not sentence.rstrip(_EMPHASIS_SPACE).endswith(".")
    if (
        _breadcrumb(bare, low)
        or (bare[0] == "(" and _BRACKET_CREDIT.match(bare))
        or _staff_credit(bare)
    ):
        return True
    if bare[0] == "#" and _HASHTAGS.match(bare):
        return True
    if bare[0] == "[" and bare[-1] == "]" and "[" not in bare[1:]:
        return True  # "[Read the full story at GPN →]": a link or an editor's note
    if (low.startswith(_EDIT_WORDS) or " min" in bare) and _EDIT_NOTE.search(bare):
        return True
    if sentence.rstrip(_EMPHASIS_CLOSERS).endswith("!") and _TO_READER.search(bare):
        # one sentence: "The mayor resigned. Share if you agree!" is a claim, then a
        # call to the reader (split apart by the caller)
        return not _sentence_cuts(sentence)
    if low[:1] in "fjlscdr" and _CALL_TO_ACT.match(bare) and bare.count(" ") < _CALL_MAX_WORDS:
        return True
    stripped = sentence.strip()
    if stripped[:1] in _EMPHASIS and stripped[-1:] in _EMPHASIS and _BYLINE.fullmatch(bare):
        return True  # "*By a staff writer*"
    if not_nav and bare == sentence:
        return False  # the words of bare are the sentence's
    return len(bare) <= 40 and _is_nav_phrase(_WORD.findall(bare))


def _sentence_kind(sentence: str, last: bool) -> str:
    """Kind of a sentence inside a prose line. Credits glued on after the last
    sentence ("... said. Vientiane Times/ANN", "... said. Xinhua") are noise;
    a dateline opening the first sentence stays part of it."""
    if _is_credit(sentence) or _furniture(sentence):
        return NOISE
    if (
        len(sentence) <= 30
        and len(_WORD.findall(sentence)) <= _SHORT_ANSWER_WORDS
        and not _UNSPACED.search(sentence)
    ):
        return FRAGMENT
    if last and sentence[-1] not in _END_PUNCT + _CLOSERS and _NAME_RUN.fullmatch(sentence):
        return NOISE
    if _CREDIT_LINE.match(sentence) or _BARE_URL.match(sentence):
        return NOISE
    if is_non_claim_sentence(sentence) or _reply_or_bio(sentence):
        return FRAGMENT  # ("MAYA OKONKWO: So." may open a turn that goes on)
    return SENTENCE


def _lone_sentence_kind(line: str, words: list[str]) -> str:
    """``_sentence_kind(line, last=False)`` for a short line that is one sentence and
    that ``_classify_line`` left as prose: it has ruled out furniture, credit and
    photo lines, bare links and non-claim sentences already (the checks ran on the
    same text), so only the agency credit and the short answer remain to ask.
    ``words``: the line's ``_WORD``s."""
    if _is_credit(line):
        return NOISE
    short = len(line) <= 30 and len(words) <= _SHORT_ANSWER_WORDS
    if short and not _UNSPACED.search(line):
        return FRAGMENT
    return FRAGMENT if _reply_or_bio(line) else SENTENCE


def _reply_or_bio(sentence: str) -> bool:
    """A speaker's short reply or a columnist's bio: about the talk or the writer, not
    the world."""
    return (":" in sentence and _short_turn(sentence)) or _bio(sentence)


_BIO_WORDS = ("writes", "columnist", "commentator", "contributing")


def _bio(sentence: str) -> bool:
    """A columnist's bio ("Ann Lee writes about football every Thursday."): about the
    writer, not the world. Still a unit, so the page kind reads it (``genre``)."""
    return any(w in sentence for w in _BIO_WORDS) and genre.is_columnist_bio(sentence)


_SPEAKER_LABEL = re.compile(SPEAKER_LABEL)


def _turn_words(line: str) -> str | None:
    """What a speaker says after the label opening ``line`` ("CROWE: Right." -> "Right."),
    or None when no speaker label opens it."""
    label = _SPEAKER_LABEL.match(line)
    return None if label is None else line[label.end() :]


def _short_turn(line: str) -> bool:
    """A speaker's turn of a word or two and no figure ("CROWE: Right.", "**A:**
    Textbook."): a reply, not a claim of its own, as a bare "Yes." is."""
    rest = _turn_words(line)
    if rest is None or _has_digit(rest):
        return False
    return len(_WORD.findall(rest)) <= _SHORT_ANSWER_WORDS and not _UNSPACED.search(rest)


# ``Span(*fields)`` without the named tuple's Python-level ``__new__`` (a third of a
# microsecond, for each of a million lines): ``_span((start, end, kind))``.
_span = partial(tuple.__new__, Span)


_SECTION_HEAD_MAX_WORDS = 8


def _section_head(item: str) -> bool:
    """A numbered item in capitals with no sentence end ("3) QUICK HITS"): a newsletter's
    section head, not a list item stating something."""
    return (
        item.isupper()
        and item[-1:] not in _END_PUNCT
        and len(item.split()) <= _SECTION_HEAD_MAX_WORDS
    )


# A Markdown ATX heading: "# Title", "## What happened?" (the unit is the title).
_ATX_HEADING = re.compile(r"#{1,6}[ \t]+(?=\S)")


# A quoted line in a thread or a mail ("> the whole of Europe was down"): the words of
# the post or the person being answered, repeated; their claim is made where they made it.
_QUOTED_LINE = re.compile(r">+[ \t]")


def _segment_line(text: str, start: int, end: int) -> list[Span]:
    line = text[start:end]
    if line[0] == ">" and _QUOTED_LINE.match(line):
        return [_span((start, end, FRAGMENT))]
    atx = _ATX_HEADING.match(line)
    if atx and len(line) <= _SHORT_LINE_CHARS:
        closing = len(line) - len(line.rstrip("# \t"))  # "## Title ##"
        return [Span(start + atx.end(), end - closing or end, HEADING)]
    marker = marker_end(line)
    if marker:
        body = line[marker:]
        spans = _split_line(body, start + marker)
        if not spans or _furniture(line) or _is_credit(body.strip()):
            return [Span(start, end, NOISE)]  # "— AP": a credit after a dash
        if len(spans) == 1 and _section_head(body.strip()):
            return [Span(spans[0][0], spans[0][1], HEADING)]  # "3) QUICK HITS"
        return [Span(s, e, BULLET if e - s <= MAX_CLAIM_CHARS else FRAGMENT) for s, e in spans]
    short = len(line) <= _SHORT_LINE_CHARS
    words = _WORD.findall(line) if short else []  # asked for by both checks below
    # a line is classified (heading or prose) without the reference marks closing it
    bare = CLOSING_MARKS.sub("", line) if line[-1] == "]" else line
    if bare is not line:  # "... in November.[5]": a reference-style page's sentence
        words = _WORD.findall(bare) if short else []
    kind = _classify_line(bare, words) if bare else NOISE
    if kind is not None:
        return [_span((start, end, kind))]
    if short and not _sentence_cuts(line):
        return [_span((start, end, _lone_sentence_kind(line, words)))]
    spans = _split_line(line, start)
    last = len(spans) - 1
    kinds = [
        FRAGMENT if e - s > MAX_CLAIM_CHARS else _sentence_kind(text[s:e], 0 < i == last)
        for i, (s, e) in enumerate(spans)
    ]
    return [_span((s, e, kind)) for (s, e), kind in zip(spans, kinds, strict=True)]


def segment(text: str) -> list[Span]:
    """Units of a whole document, in order, covering all its non-whitespace text."""
    spans = segment_lines(text)
    for i, kind in whole_text_kinds(text, spans).items():
        spans[i] = spans[i]._replace(kind=kind)
    return spans


def whole_text_kinds(text: str, spans: Sequence[tuple[int, int, str]]) -> dict[int, str]:
    """The kinds only the whole document decides, over its line-by-line spans (a big file
    segmented in chunks is passed once its chunks are joined): a reference section's
    entries are noise, and the title line is a heading."""
    out: dict[int, str] = {}
    if has_reference_section(text):
        out = dict.fromkeys(reference_entries(text, spans), NOISE)
    if 0 not in out and title_line(text, spans):
        out[0] = HEADING
    return out


def title_line(text: str, spans: Sequence[tuple[int, int, str]]) -> bool:
    """Is the first unit the page's title: the whole first line, read as a sentence, that
    ``reads_as_title`` and that more text follows? (A headline with a clause in it,
    "New Key Bridge will cost up to $1.9 billion, open in 2028, state says", fails the
    line tests of a heading. A one-line document is a text, not a title.)"""
    if len(spans) < 2 or spans[0][2] != SENTENCE or spans[1][0] <= spans[0][1]:
        return False
    start, end = spans[0][0], spans[0][1]
    line_end = text.find("\n", start)
    if line_end < 0 or text[:start].strip() or text[end:line_end].strip():
        return False
    return reads_as_title(text[start:end])


def segment_lines(text: str) -> list[Span]:
    """``segment`` line by line, without its pass over the whole document (reference
    sections): what each chunk of a big file gives before the chunks are joined."""
    spans: list[Span] = []
    pos = 0
    for raw in text.split("\n"):
        trimmed = _trim(raw, 0, len(raw))
        if trimmed is not None:
            spans.extend(_segment_line(text, pos + trimmed[0], pos + trimmed[1]))
        pos += len(raw) + 1
    return spans


def has_reference_section(text: str) -> bool:
    """Is there a line that titles a reference section? (one scan in C: most pages have
    none, and ``reference_entries`` walks every span)"""
    return _REFERENCE_LINE.search(text) is not None


def reference_entries(text: str, spans: Sequence[tuple[int, int, str]]) -> list[int]:
    """Indices of the spans inside a "References" / "See also" section: citations and
    link titles, which assert nothing. A pass over a whole document's spans (a big
    file segmented in chunks is passed once its chunks are joined)."""
    out: list[int] = []
    in_refs = False
    last = len(spans) - 1
    for i, (start, end, kind) in enumerate(spans):
        alone = (i == 0 or "\n" in text[spans[i - 1][1] : start]) and (
            i == last or "\n" in text[end : spans[i + 1][0]]
        )
        if kind in (HEADING, NOISE) and alone:
            is_ref = _is_reference_title(text[start:end])
            if kind == HEADING or is_ref:
                in_refs = is_ref
        elif in_refs and kind != NOISE:
            out.append(i)
    return out


# Titles of the sections that close a reference-style page: their entries are citations
# and link titles ("Panama Canal Authority (31 October 2023).", "Panama Canal expansion").
_REFERENCE_TITLES = frozenset({
    "references", "sources", "see also", "external links", "further reading", "bibliography",
    "citations", "footnotes", "works cited", "related articles", "related stories",
    "related coverage", "read more", "more on this story", "related links",
})  # fmt: skip


_REFERENCE_LINE = re.compile(
    rf"^[#*_:\s]*(?:{'|'.join(sorted(_REFERENCE_TITLES))})[#*_:\s]*(?:\[edit\])?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)


def _is_reference_title(title: str) -> bool:
    bare = title.casefold().removesuffix("[edit]")
    return bare.strip("#*_: \t") in _REFERENCE_TITLES

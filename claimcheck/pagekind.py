"""What kind of page a document is: a dated report, or one that reports nothing dated.

Kinds: ``news_report`` and ``official_statement`` (dated: a sentence there
that reports or attributes is dated news), ``explainer``, ``directory``,
``content_farm`` and ``other`` (nothing dated behind them).

The decision is a weighted sum of general features, each kept as evidence:

* the page's own date (``pagedate``), a dateline or an agency credit at the
  top, a byline: how news pages open;
* the share of sentences that attribute (a named speaker with a reporting
  verb, a common-noun source, a direct quote) and that anchor in news time
  (a weekday, "earlier this week", a full date): how news pages report;
* the share of evaluative/template wording, of modal hedges, of definitions
  ("X is a ..."), of second-person address, of headings, question headings
  and bullet items: how explainers, directories and generated copy are written;
* the share of timeline entries (a date, a colon, an event): a chronology lists
  dated events but is no dated report itself;
* a first sentence that defines the page's title ("TikTok v Garland is a 2025 decision
  ..."): a reference article's lead.

The weights were set by hand on two development corpora (the sample's and
a public-health one) and are deliberately round: features such as quote
density shift across domains, so no one feature may decide alone except the
page's own date line. ``confidence`` is the logistic of the score.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice

from . import genre as genre_of
from .citations import ends_cited
from .models import BULLET, CLAIM_KINDS, HEADING, Document, Unit
from .months import MONTH_RE
from .pagedate import NO_DATE, PageDate, date_in_head_unit, page_date
from .speakers import SPEAKER_LABEL

NEWS_REPORT = "news_report"
OFFICIAL_STATEMENT = "official_statement"
EXPLAINER = "explainer"
DIRECTORY = "directory"
CONTENT_FARM = "content_farm"
OTHER = "other"
DATED_KINDS = frozenset({NEWS_REPORT, OFFICIAL_STATEMENT})
KINDS = (NEWS_REPORT, OFFICIAL_STATEMENT, EXPLAINER, DIRECTORY, CONTENT_FARM, OTHER)

LEDE_MIN_WORDS = 8
BODY_FULL_SENTENCES = 6  # below this many claim units, body features count in proportion
HEAD_UNITS = 4  # datelines, bylines and credits are looked for in the first units

# Feature weights (see the module docstring). Rates are shares of claim units.
W_DATE = {"metadata": 1.5, "published line": 2.5, "date line": 2.5, "dateline": 3.0}
W_DATELINE = 2.0
W_BYLINE = 1.0
W_CREDIT = 1.0
W_SOURCE_META = 0.5
W_ATTRIBUTION = 4.0
W_NEWS_TIME = 5.0
W_EVALUATIVE = -4.0
W_SECOND_PERSON = -4.0
W_HEADINGS = -8.0
W_QUESTION_HEADING = -1.0
# Dated post headers down the page ("**user** · Member · 214 posts · Feb 11, 2024"): the
# posts of a thread, by several hands, not one report (each, up to two)
W_POSTS = -1.5
# Entries stamped with their time of day, beyond the first (a live blog), up to two
W_LIVE_ENTRY = 1.5
W_BULLETS = -2.0
W_DEFINITION = -3.0
W_HEDGE = -0.5
W_LEDE = 0.75
W_TIMELINE = -8.0  # entries led by their date cancel the news time those dates add
# A page that labels itself opinion or explainer (``genre``) argues or recaps, it does
# not report, whatever dates and quotes it cites: decisive, above all news features.
W_GENRE = -20.0
# A page whose claims are synonym-swapped copies of another page's (``spunpage``): a
# spinner's repost, decisive as a self-label is, read after grouping.
W_SPUN = -20.0
SPUN_CONFIDENCE = 0.9
W_BIO = -4.0  # a columnist's bio closing the page ("Ann Lee writes about ..."): a sign
CITED_MIN_UNITS = 3  # sentences closed by reference marks ("...[7]"): a reference page
# A head line that only self-published pages print: a blog's "Posted on 12 April 2024 by
# Laura" (a news site's "Posted 06/06/2024" names no author), a newsletter's "Issue #112",
# a social post's "@handle ·". Their date line is no dateline of a report: this cancels it.
W_SELF_PUBLISHED = -3.0
# The first sentence defines the page's title ("TikTok v Garland is a 2025 decision of
# ...", title "TikTok v Garland"): a reference article's lead; a report's lede tells what
# happened, under a headline that is a sentence of its own.
W_DEFINES_TITLE = -3.0
BIAS = -1.0

ATTRIBUTION = frozenset({"speaker", "source", "quote"})
NEWS_TIME = frozenset({"weekday", "relative_time", "date", "time"})
EVALUATIVE = frozenset({"evaluative", "opener"})
HEDGE = frozenset({"hedge"})

# "X is a ...", "X, formerly known as Y, is an ...", "Xs are ...": what a thing is,
# an explainer's sentence (news defines too, but far less often).
_DEFINITION = re.compile(
    r"^(?:[\"“(]\s*)?(?:[A-Z][\w’'\-]*\s+){0,4}?[\w’'\-]+\s*(?:\([^)]{1,60}\)\s*)?"
    r"(?:,[^,]{1,60},\s*)?(?:is|are)\s+(?:a|an|the|one of|not|also|usually|mainly|caused)\b"
)
# A news lede reports what just happened: "X has declared ...", "X announced Wednesday".
_PERFECT = re.compile(r"\b(?:has|have)\s+(?:\w+ly\s+)?(?:been\s+)?[a-z]+(?:ed|en|wn|ne|ot|id|ld)\b")
_SECOND_PERSON = re.compile(r"\b(?:you|your|yours|yourself)\b", re.IGNORECASE)
# A timeline entry: a date, then a colon or dash, then what happened ("13 March 2024:
# Parliament approves ...", "May 9 - The prime minister resigns"). A chronology lists
# dated events; it is no dated report of its own.
_TIMELINE_ENTRY = re.compile(
    rf"^(?:(?:\d{{1,2}}\s+)?{MONTH_RE}\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+\d{{4}})?"
    r"|\d{4}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})\s*[:–—-]\s"
)
_SELF_PUBLISHED = re.compile(
    r"^\W*posted\s+(?:on\s+)?(?:[^|·•\n]{0,40}?\s)?by\s+\S"  # a blog post's line
    r"|^\W*issue\s*(?:#|no\.?\s*)?\d+\b"  # a newsletter's issue
    r"|@\w{2,}[*_]{0,2}\s*[·•]"  # a social post's handle
    r"|^\W*thread\b\W"  # a social thread's opening post ...
    r"|\U0001F9F5|\(1/\d{1,2}\)\s*$",  # ... by its spool sign or its "(1/8)"
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(?:By|BY|Written by|Words by|Reporting by)\b(?:\s+\S+){0,5}\s*$")
_STATEMENT = re.compile(
    r"\b(?:press release|media release|news release|communiqu[ée]|statement)\b", re.IGNORECASE
)
# A lone upper-case place or outlet opening the page: "GENEVA", "(MENAFN)".
_CAPS_LINE = re.compile(r"^\(?[A-Z][A-Z.'’\- ]{1,30}\)?$")


@dataclass(frozen=True, slots=True)
class KindEvidence:
    """One feature's contribution: ``unit`` -1 when it is about the whole page."""

    feature: str
    weight: float
    unit: int = -1
    start: int = 0
    end: int = 0
    detail: str = ""


_ARGUED = frozenset({genre_of.OPINION, "bio"})


@dataclass(frozen=True, slots=True)
class PageKind:
    kind: str
    confidence: float  # 0..1, that the kind is right
    date: PageDate = NO_DATE
    evidence: tuple[KindEvidence, ...] = ()
    overridden: bool = False  # set by a reviewer, not inferred

    @property
    def is_news(self) -> bool:
        """A dated report: its reporting sentences are dated news."""
        return self.kind in DATED_KINDS

    @property
    def argues(self) -> bool:
        """An opinion page (its label or a columnist's bio), unless a reviewer set it."""
        return not self.overridden and any(e.feature in _ARGUED for e in self.evidence)

    @property
    def reason(self) -> str:
        """One plain line: the kind and its strongest evidence."""
        if self.overridden:
            return f"{self.kind.replace('_', ' ')} page (set by the reviewer)"
        top = sorted(self.evidence, key=lambda e: -abs(e.weight))[:3]
        parts = [e.detail or e.feature.replace("_", " ") for e in top if e.weight]
        head = f"{self.kind.replace('_', ' ')} page ({self.confidence:.2f}"
        return head + ("; " + ", ".join(parts) if parts else "") + ")"


def with_kind(page: PageKind, kind: str) -> PageKind:
    """The reviewer's override of a page's kind (the date and evidence stay)."""
    if kind not in KINDS:
        raise ValueError(f"unknown page kind {kind!r}; one of {', '.join(KINDS)}")
    return PageKind(kind, 1.0, page.date, page.evidence, overridden=True)


def spun_kind(page: PageKind | None, detail: str) -> PageKind:
    """``page`` found to be a spinner's copy of another page (``detail`` says how): a
    content farm; its date and other evidence stay."""
    spun = KindEvidence("spun_copy", W_SPUN, detail=detail)
    if page is None:
        return PageKind(CONTENT_FARM, SPUN_CONFIDENCE, evidence=(spun,))
    return PageKind(CONTENT_FARM, SPUN_CONFIDENCE, page.date, (spun, *page.evidence))


def infer_kind(
    doc: Document, units: Sequence[Unit], signal_names: Mapping[int, Collection[str]]
) -> PageKind:
    """The kind of ``doc``: ``units`` are its units in order, ``signal_names`` the
    suggester's signal names per claim unit (indices into ``units``)."""
    date = page_date(doc, units)
    evidence = _head_evidence(doc, units, date) + _body_evidence(units, signal_names)
    score = BIAS + sum(e.weight for e in evidence)
    confidence = 1 / (1 + math.exp(-score))
    if score > 0:
        kind = OFFICIAL_STATEMENT if _is_statement(units) else NEWS_REPORT
    else:
        kind = _undated_kind(evidence)
        confidence = 1 - confidence
    return PageKind(kind, round(confidence, 3), date, tuple(evidence))


def _head_evidence(doc: Document, units: Sequence[Unit], date: PageDate) -> list[KindEvidence]:
    out: list[KindEvidence] = []
    if date.how:
        out.append(
            KindEvidence(
                "page_date", W_DATE[date.how], date.unit, date.start, date.end,
                f"page dated {date.iso} ({date.how})",
            )
        )  # fmt: skip
    if doc.source:
        out.append(KindEvidence("source", W_SOURCE_META, detail=f'source "{doc.source}"'))
    label = _genre_label(doc, units)
    if label is not None:
        out.append(label)
    # the page's last lines, or its first few (a bio under the headline)
    ends = [*range(min(HEAD_UNITS, len(units))), *range(max(0, len(units) - 2), len(units))]
    for i in dict.fromkeys(ends):
        if genre_of.is_columnist_bio(units[i].text):
            bio = f'columnist\'s bio "{units[i].text.strip()[:40]}"'
            out.append(KindEvidence("bio", W_BIO, i, 0, len(units[i].text), bio))
            break
    for i, unit in enumerate(units[:HEAD_UNITS]):
        m = _SELF_PUBLISHED.search(unit.text)
        if m is not None:
            shown = f'self-published ("{unit.text.strip()[:40]}")'
            out.append(
                KindEvidence("self_published", W_SELF_PUBLISHED, i, m.start(), m.end(), shown))
            break
    defined = _title_definition(doc.title, units)
    if defined is not None:
        i, end = defined
        shown = f'the first sentence defines the title "{units[i].text[:end].strip()}"'
        out.append(KindEvidence("defines_title", W_DEFINES_TITLE, i, 0, end, shown))
    seen: set[str] = set()
    # a self-published page's name in capitals ("THE SLOW THINKER" over "Posted on ...
    # by Miles") is its masthead, not a dateline
    masthead = any(e.feature == "self_published" for e in out)
    for i, unit in enumerate(units[:HEAD_UNITS]):
        text = unit.text.strip()
        feature, end = _head_feature(text, unit.kind)
        if masthead and feature == "dateline" and unit.kind not in CLAIM_KINDS:
            continue
        if feature and feature not in seen:
            seen.add(feature)
            weight = {"dateline": W_DATELINE, "byline": W_BYLINE, "credit": W_CREDIT}[feature]
            shown = text[:end].strip(" –—-")
            out.append(KindEvidence(feature, weight, i, 0, end, f'{feature} "{shown}"'))
    return out


_TITLE_QUALIFIER = re.compile(r"\s*\([^()]{1,40}\)\s*$")  # "Red Sea crisis (2023–2024)"
# what the title is, not what is happening to it ("... is expected to", "... was over")
_COPULA = re.compile(
    r"\s+(?:is|are|was|were)\s+(?!(?:not|now|still|set|due|expected|likely|over|under|"
    r"about|to|being|also)\b)(?![a-z]+(?:ing|ed)\b)[a-z]",
    re.IGNORECASE,
)
_THE = re.compile(r"the\s+", re.IGNORECASE)


def _title_definition(title: str, units: Sequence[Unit]) -> tuple[int, int] | None:
    """The first claim's index and the end of "(The) <title> is a" when it opens so.
    (No pattern built from the title: compiling one a page cost 1 ms, 30 s at 33,000
    pages.)"""
    name = _TITLE_QUALIFIER.sub("", title or "").strip().lower()
    if not name:
        return None
    first = next((i for i, u in enumerate(units) if u.kind in CLAIM_KINDS), None)
    if first is None:
        return None
    text = units[first].text
    the = _THE.match(text)
    for start in (the.end(), 0) if the else (0,):
        end = start + len(name)
        if text[start:end].lower() == name:
            m = _COPULA.match(text, end)
            if m is not None:
                return first, m.end()
    return None


def _genre_label(doc: Document, units: Sequence[Unit]) -> KindEvidence | None:
    """The page's own genre label: in its title, or a non-claim unit at its head."""
    genre = genre_of.title_label(doc.title)
    if genre is not None:
        detail = f'labelled {genre} ("{doc.title.strip()[:40]}")'
        return KindEvidence(genre, W_GENRE, detail=detail)
    for i, unit in enumerate(units[:HEAD_UNITS]):
        found = genre_of.head_label(unit.text) if unit.kind not in CLAIM_KINDS else None
        if found is not None:
            detail = f'labelled {found[0]} ("{unit.text.strip()[:40]}")'
            return KindEvidence(found[0], W_GENRE, i, 0, found[1], detail)
    # a wiki's sections, each with its edit link: a reference page, however dated
    edits = [
        i for i, u in enumerate(units)
        if u.kind not in CLAIM_KINDS and genre_of.wiki_edit_link(u.text)
    ]  # fmt: skip
    if len(edits) >= 2:
        detail = "a wiki page (sections with [edit] links)"
        return KindEvidence(genre_of.EXPLAINER, W_GENRE, edits[0], detail=detail)
    cited = [i for i, u in enumerate(units) if u.kind in CLAIM_KINDS and ends_cited(u.text)]
    if len(cited) >= CITED_MIN_UNITS:
        detail = f"a reference page ({len(cited)} sentences closed by reference marks)"
        return KindEvidence(genre_of.EXPLAINER, W_GENRE, cited[0], detail=detail)
    return None


_DATELINE_START = re.compile(
    r"^[\"“(]?[A-Z][A-Z.'’\-]+(?:\s+[A-Z][A-Z.'’\-]+)*(?:,[^–—\-]{0,30})?"
    r"\s*(?:\([A-Za-z/ .]{1,25}\)\s*)?[–—\-]{1,2}\s"
)
_AGENCY_START = re.compile(r"^\((?:[A-Z][A-Za-z]{1,10}/?)+\)\s")


def _head_feature(text: str, kind: str) -> tuple[str, int]:
    """A dateline, credit or byline opening the page, and where it ends in ``text``."""
    if kind in CLAIM_KINDS:
        for feature, pattern in (("dateline", _DATELINE_START), ("credit", _AGENCY_START)):
            m = pattern.match(text)
            if m:
                return feature, m.end()
        return "", 0
    if _BYLINE.match(text) or text in ("By", "BY"):
        return "byline", len(text)
    if _CAPS_LINE.match(text) and len(text) > 2 and text.isupper():
        return "dateline", len(text)
    return "", 0


def _body_evidence(
    units: Sequence[Unit], signal_names: Mapping[int, Collection[str]]
) -> list[KindEvidence]:
    claims = [i for i, u in enumerate(units) if u.kind in CLAIM_KINDS]
    n = max(1, len(claims))
    n_all = max(1, len(units))

    def rate(names: frozenset[str]) -> float:
        return len([i for i in claims if not names.isdisjoint(signal_names.get(i, ()))]) / n

    texts = [units[i].text for i in claims]
    second = sum(1 for t in texts if "you" in t.lower() and _SECOND_PERSON.search(t)) / n
    definition = sum(1 for t in texts if (" is " in t or " are " in t) and _DEFINITION.match(t))
    definition /= n
    # a live blog's entries open with their time ("4:31 p.m. ET — It's official"): news
    # as it happens, not an explainer's sections
    stamped = [
        u for u in units
        if u.kind not in CLAIM_KINDS and _ENTRY_TIME.match(u.text)
        and not _TRANSCRIPT_LINE.match(u.text)
    ]  # fmt: skip
    headings = [u for u in units if u.kind == HEADING and not _ENTRY_TIME.match(u.text)]
    questions = sum(1 for u in headings if u.text.rstrip().endswith("?"))
    bullets = sum(1 for u in units if u.kind == BULLET) / n_all
    timeline = sum(1 for t in texts if t[:1].isalnum() and _TIMELINE_ENTRY.match(t)) / n
    posts = sum(
        1 for u in units[HEAD_UNITS:]
        if u.kind not in CLAIM_KINDS and len(u.text) < 120 and date_in_head_unit(u.text)
    )  # fmt: skip
    # the lede: the first two sentences of some length (a short first one is often a kicker)
    lede = list(islice((i for i in claims if _long(units[i].text)), 2))
    reports = any(
        _PERFECT.search(units[i].text) is not None
        or NEWS_TIME.union(ATTRIBUTION).intersection(signal_names.get(i, ()))
        for i in lede
    )
    # A page of a few sentences says little through its shares: scale them down.
    scale = min(1.0, len(claims) / BODY_FULL_SENTENCES)
    features = [
        ("lede", W_LEDE, float(reports)),
        ("attribution", W_ATTRIBUTION, rate(ATTRIBUTION)),
        ("news_time", W_NEWS_TIME, rate(NEWS_TIME)),
        ("evaluative", W_EVALUATIVE, rate(EVALUATIVE)),
        ("second_person", W_SECOND_PERSON, second),
        ("definition", W_DEFINITION, definition),
        ("hedge", W_HEDGE, rate(HEDGE)),
        ("headings", W_HEADINGS, max(0, len(headings) - 1) / n_all),  # a title is no sign
        ("question_heading", W_QUESTION_HEADING, min(2, questions)),
        ("bullets", W_BULLETS, bullets),
        ("timeline", W_TIMELINE, timeline),
        ("posts", W_POSTS, min(2, posts)),
        ("live_entries", W_LIVE_ENTRY, min(2, len(stamped) - 1) if len(stamped) >= 2 else 0),
    ]
    return [
        KindEvidence(name, round(w * value * scale, 3), detail=_describe(name, value))
        for name, w, value in features
        if value
    ]


# A transcript's line, "[00:07] TOM: Honestly, ...": a running time and a speaker, no
# live blog's entry
_TRANSCRIPT_LINE = re.compile(r"^(?=\[)" + SPEAKER_LABEL)
# (Not a transcript's running time, "[00:03:21] HOST: Right.": seconds after the minutes.)
_ENTRY_TIME = re.compile(r"^[\W_]{0,3}\d{1,2}[:.]\d{2}(?![\d:])\s*(?:[ap]\.?m\.?)?", re.IGNORECASE)


def _long(text: str) -> bool:
    return text.count(" ") + 1 >= LEDE_MIN_WORDS


def _describe(name: str, value: float) -> str:
    if name == "lede":
        return "the first sentence reports an event"
    if name == "question_heading":
        return f"{int(value)} question heading(s)"
    if name == "live_entries":
        return "entries stamped with their time (a live blog)"
    if name == "posts":
        return "dated post headers down the page (a thread)"
    if name == "timeline":
        return f"timeline entries (a date, then the event) in {value:.0%} of sentences"
    return f"{name.replace('_', ' ')} in {value:.0%} of sentences"


def _is_statement(units: Sequence[Unit]) -> bool:
    return any(_STATEMENT.search(u.text) for u in units[:HEAD_UNITS] if u.kind not in CLAIM_KINDS)


def _undated_kind(evidence: Sequence[KindEvidence]) -> str:
    by = {e.feature: e.weight for e in evidence}
    if not _ARGUED.isdisjoint(by):  # labelled opinion, or a columnist's bio
        return OTHER
    if by.get(genre_of.EXPLAINER):
        return EXPLAINER
    if by.get(genre_of.LISTICLE):
        return CONTENT_FARM
    if by.get("bullets", 0) <= W_BULLETS * 0.5:
        return DIRECTORY
    if by.get("evaluative", 0) <= W_EVALUATIVE * 0.25:
        return CONTENT_FARM
    explains = ("question_heading", "headings", "second_person", "definition")
    if any(by.get(f) for f in explains):
        return EXPLAINER
    return OTHER

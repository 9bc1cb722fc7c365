"""The date a page gives itself: metadata first, else the text near its top.

Looked for, in order: the document's ``date`` metadata (a sidecar, a JSONL
field, or what trafilatura read from HTML metadata with htmldate); a
"Published/Posted/Updated ..." line; a unit that is only a date (a timestamp
line, "| Aug 13, 2024"); a dateline that carries a date ("Addis Ababa, August
13, 2024 ...", "GENEVA, Aug 13 (Reuters) -"). Only the first ``HEAD_UNITS``
units are searched: a date further down is a date *in* the story, and a year
alone ("In 1958 ...") is never a page date.

Candidates are found by regex and confirmed by python-dateutil's strict
parser (no fuzzy search: it reads "may" as a month).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from dateutil import parser as dateutil_parser

from .models import Document, Unit
from .months import MONTH_RE, WEEKDAY_RE

HEAD_UNITS = 5  # the page's own date sits in its first few units
DATE_LINE_MAX_WORDS = 8  # a unit this short with a full date in it is a date line

_WEEKDAY = WEEKDAY_RE + r"\.?"
# A full date: day and month (and, optionally, year), or an all-numeric date.
# (An ISO date may run on into its time: "2024-09-04T06:15:00Z".)
FULL_DATE = re.compile(
    rf"\b(?:\d{{4}}-\d{{1,2}}-\d{{1,2}}(?=T\d)"
    rf"|(?:\d{{4}}-\d{{1,2}}-\d{{1,2}}"
    rf"|\d{{1,2}}[/.]\d{{1,2}}[/.](?:\d{{4}}|\d{{2}})"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH_RE}\.?,?\s+\d{{4}}"
    rf"|{MONTH_RE}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH_RE}\b\.?"
    rf"|{MONTH_RE}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?)\b)"
)
_HAS_YEAR = re.compile(r"\d{4}|\d{1,2}[/.]\d{1,2}[/.]\d{2}")
# "Published: ...", "Last updated on ...", "Updated 3:41 AM EST, Sun", "Issued: Monday,"
# before the date.
_PUBLISHED = re.compile(
    r"(?i:(?:first\s+|last\s+)?(?:published|posted|updated|modified|dated?|released|issued))"
    r"(?:\s+(?:on|at))?\s*[:\-–|]?\s*"
    r"(?:\d{1,2}[:.]\d{2}\s*(?i:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4}\b)?[,\s]*)?"
    rf"(?:{_WEEKDAY}[,\s]*)?$"
)
# Before a date line's date: nothing but punctuation, a weekday, a "By X |".
_DATE_LINE_HEAD = re.compile(rf"^[\W_]*(?:{_WEEKDAY}[\s,]*)?$")
# A dateline with a date: "PLACE, DATE" or "PLACE (AGENCY) DATE" opening the unit.
# (Not a sentence's opening preposition or article: "On 23 August 2023, the lander ..."
# dates an event in the story, it is no dateline.)
_DATELINE_HEAD = re.compile(
    r"^[\"“(]?(?!(?:On|In|At|By|Since|From|Until|Till|Before|After|As|Of|During|For|Through"
    r"|Around|Between|The|This|That|Last|Early|Late|Mid)\b)"
    r"[A-Z][\w’'.\-]*(?:\s+[A-Z][\w’'.\-]*){0,4}(?:,\s*[A-Z][\w.’'\-]*(?:\s+[A-Z][\w.]*)*)?"
    r"\s*(?:\([^)]{1,30}\)\s*)?[,:–—\-]?\s*$"
)
# "GENEVA, Aug 13 (Reuters) - ": a dateline date without a year, then the credit/dash.
# Between a byline's parts: "By AFP | Aug 13", "Daily · AWN · 2 January 2024".
_BYLINE_SEPARATOR = re.compile(r"[|·•]")
# Words for a line's length; a lone separator or dash is not one.
_WORDISH = re.compile(r"\S*\w\S*")
# A masthead's date part, set apart by separators whatever the line's length: "Harbor
# Wire Business | Monday 25 March 2024 | 10:02 ET", "Gulf Coast Freight Journal ·
# Markets · 9 November 2023, 08:15 CST". The part holds a weekday, the date and a time
# at most, so a sentence that happens to follow a "|" is not one.
_TIME = r"\d{1,2}[:.]\d{2}(?:\s*(?i:[ap]\.?m\.?))?(?:\s+[A-Z]{2,4}\b)?"
_PART_BEFORE_DATE = re.compile(rf"[|·•][\s*_]*(?:{_WEEKDAY}[\s,]*)?$")
_PART_AFTER_DATE = re.compile(rf"[,\s]*(?:(?:at\s+)?{_TIME})?[\s*_]*(?:[|·•]|$)")
_AFTER_DATELINE_DATE = re.compile(r"\s*(?:\([^)]{1,30}\)\s*)?[–—\-]\s")


class PageDate(NamedTuple):
    """A page's own date and where it was found (``unit`` -1: metadata)."""

    iso: str  # YYYY-MM-DD, or --MM-DD when the text gave no year; "" if none
    how: str  # "metadata", "published line", "date line", "dateline"
    unit: int = -1  # index into the document's units
    start: int = 0  # offsets within that unit's text
    end: int = 0

    @property
    def year(self) -> int:
        """The date's year, or 0 when it has none ("" or a year-less --MM-DD)."""
        return int(self.iso[:4]) if self.iso[:4].isdigit() else 0


NO_DATE = PageDate("", "")


def parse_date(text: str) -> str:
    """ISO date of a date expression, or "" if it is none (strict parse).

    Numeric dates read day first unless that cannot be (13/01 vs 01/13); a
    date without a year is written --MM-DD rather than given an invented year.
    """
    t = text.strip().rstrip(".,")
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", t)
    if iso:  # year first is month first: dayfirst would read 2024-09-04 as 9 April
        try:
            parsed_iso = datetime(*(int(g) for g in iso.groups()))
        except ValueError:
            return ""
        return parsed_iso.date().isoformat() if 1800 <= parsed_iso.year <= 2100 else ""
    nums = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})", t)
    dayfirst = not nums or int(nums.group(1)) > 12 or int(nums.group(2)) <= 12
    default = datetime(1, 1, 1) if _HAS_YEAR.search(t) else datetime(4, 1, 1)  # leap: Feb 29
    try:
        parsed = dateutil_parser.parse(t, dayfirst=dayfirst, default=default)
    except (ValueError, OverflowError):
        return ""
    if not _HAS_YEAR.search(t):
        return f"--{parsed.month:02d}-{parsed.day:02d}"  # ISO 8601 for a date with no year
    if not 1800 <= parsed.year <= 2100:
        return ""
    return parsed.date().isoformat()


def page_date(doc: Document, units: Sequence[Unit]) -> PageDate:
    """The page's own date: metadata, else a published line, date line or dated dateline."""
    if doc.date:
        return PageDate(doc.date[:10], "metadata")
    for i, unit in enumerate(units[:HEAD_UNITS]):
        found = date_in_head_unit(unit.text)
        if found is not None:
            return found._replace(unit=i)
    return NO_DATE


def date_in_head_unit(text: str) -> PageDate | None:
    """The page date stated by one unit at the top of a page, if it states one."""
    for m in FULL_DATE.finditer(text, 0, 200):
        iso = parse_date(m.group())
        if not iso:
            continue
        before = text[: m.start()]
        if _PUBLISHED.search(before):
            return PageDate(iso, "published line", -1, *m.span())
        short = len(_WORDISH.findall(text)) <= DATE_LINE_MAX_WORDS
        year = _HAS_YEAR.search(m.group()) is not None
        if _DATE_LINE_HEAD.match(before) and (short or _ends_date_clause(text, m.end(), year)):
            return PageDate(iso, "date line", -1, *m.span())
        if short and _BYLINE_SEPARATOR.search(before):  # "By AFP | Aug 13, 2024"
            return PageDate(iso, "date line", -1, *m.span())
        if _PART_BEFORE_DATE.search(before) and _PART_AFTER_DATE.match(text, m.end()):
            return PageDate(iso, "date line", -1, *m.span())
        dashed = _AFTER_DATELINE_DATE.match(text, m.end()) is not None
        if _DATELINE_HEAD.match(before) and (year or dashed):
            return PageDate(iso, "dateline", -1, *m.span())
    return None


def _ends_date_clause(text: str, end: int, year: bool = True) -> bool:
    """A date that opens a line and is followed by a time, a separator or nothing. (A
    date with no year, a colon and a sentence, "May 1: DeSantis signs the ban", is a
    timeline's entry, not the page's date.)"""
    rest = text[end : end + 12].lstrip()
    if not year and rest[:1] == ":":
        return False
    return not rest or rest[0] in "|–—-:(" or rest[:1].isdigit()

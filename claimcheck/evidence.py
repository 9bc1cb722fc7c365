"""Why a label was suggested, in one plain sentence for the reviewer.

The suggester (suggest.py) finds *signals*: named spans of a sentence that speak
for a label ("speaker" over "Admiral Ode said", "date" over "14/02/2025"). This
module is the one place they become words, for the explanation every output
carries (the CSV ``evidence`` column, the review app, the source report); the raw
signals stay in the JSONL output (``signals``). For example:

    It is attributed to a named source ("Admiral Ode said") and gives a day
    (Monday), on a news page dated 2 May 2025.

Each kind of signal has one phrase; spans of the same kind share it ("uses
evaluative wording ("robust", "state-of-the-art")"), and a span is never shown
twice. At most three phrases are given, in the suggester's order of importance.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from .models import UNSUPPORTED
from .months import MONTH_SHORT
from .pagekind import DATED_KINDS, PageKind

MAX_PHRASES = 3  # kinds of signal named in one sentence
MAX_SPANS = 3  # spans quoted per kind
SNIPPET_CHARS = 40  # a longer span is shown as its first words and " ..."


class Found(NamedTuple):
    """One signal: its name (``Evidence.signal``) and the words that triggered it."""

    signal: str
    text: str


# signal -> (phrase key, phrase). Signals with the same key share one phrase and list
# their spans in it; "{}" is where the spans go ("names" lists them bare).
_PHRASES: dict[str, tuple[str, str]] = {
    # dated news: a time of its own, or a source
    "date": ("date", "gives a date ({})"),
    "in_window": ("window", "gives a date ({}) within the weeks the corpus's news reports cover"),
    "weekday": ("day", "gives a day ({})"),
    "time": ("time", "gives a time of day ({})"),
    "relative_time": ("when", "says when ({})"),
    "event": ("event", "names a numbered event ({})"),
    "event_report": ("act", "reports an official act ({})"),
    "speaker": ("speaker", "is attributed to a named source ({})"),
    "source": ("source", "is attributed to a source ({})"),
    "agency": ("agency", "is credited to a news agency ({})"),
    "dateline": ("dateline", "carries a dateline ({})"),
    "quote": ("quote", "quotes someone directly ({})"),
    "reporting": ("reporting", "reports what someone said ({})"),
    # unsupported: checkable specifics
    "entity": ("names", "names {}"),
    "country": ("names", "names {}"),
    "acronym": ("names", "names {}"),
    "number": ("number", "gives a figure ({})"),
    "year": ("year", "gives a year ({})"),
    "in_year": ("year", "gives a year ({})"),
    "month_year": ("year", "gives a year ({})"),
    "date_span": ("year", "gives a span of dates ({})"),
    "relation": ("relation", "states a concrete relation ({})"),
    "background": ("background", "gives background ({})"),
    "plain_fact": ("plain_fact", "states a fact in concrete words"),
    # generic: vague, promotional or hypothetical wording
    "evaluative": ("evaluative", "uses evaluative wording ({})"),
    "opener": ("opener", "opens with a stock phrase ({})"),
    "hedge": ("hedge", "hedges ({})"),
    "opinion": ("opinion", "gives an opinion ({})"),
    "hypothetical": ("hypothetical", "is hypothetical ({})"),
    "prediction": ("prediction", "predicts ({})"),
    "advice": ("advice", "gives advice to the reader ({})"),
    "sweeping": ("sweeping", "generalises about all of a kind ({})"),
    "argued": ("argued", "argues a point on an opinion page"),
    "personal": ("personal", "tells the writer's own experience ({})"),
    "no_specifics": ("no_specifics", "has nothing specific to check"),
}
_TEMPLATES = {key: phrase for key, phrase in _PHRASES.values()}
_PAGE_WORDS = {"news_report": "a news page", "official_statement": "an official statement"}
_POSSESSIVE = re.compile(r"['’]s?$")
_WORDS = re.compile(r"\w+")  # spans are compared by their words, not their punctuation
_QUOTE_MARKS = "\"'“”‘’«»„ ,;:()"


def sentence(
    label: str,
    found: Sequence[Found],
    *,
    thin: bool = False,
    page: PageKind | None = None,
    page_only: bool = False,
    member: str = "",
) -> str:
    """The explanation of a suggested ``label``.

    ``found``: the decisive member's signals, most important first; ``thin``: the
    evidence is weak; ``page``: the dated page the verdict leans on; ``page_only``:
    the sentence has no time or source of its own and the page supplies it;
    ``member``: the decisive member's text when the group has several: every row of the
    group shows this sentence, so it names the one whose words it quotes (a new user
    read a row's evidence quoting words the row does not have).
    """
    phrases = _phrases(found)
    subject = f"One member ({_quoted(member, 60)})" if member else "It"
    where = _page_clause(page)
    if page_only and where:
        own = "it has no date or source of its own, but is " + where
        text = f"{_joined(phrases)}; {own}" if phrases else own
    else:
        text = _joined(phrases) or "has no clear signal in its words"
        if where:
            text += ", " + where
        elif label == UNSUPPORTED:
            text += ", with no date or source"
    if thin:
        text += " (weak evidence)"
    if text.startswith("it has "):  # no phrase before it: "It has no date ...", once
        text = text[len("it ") :]
    return f"{subject} {text}."


def _phrases(found: Sequence[Found]) -> list[str]:
    """One phrase per kind of signal, in first-seen order, each span once: a kind whose
    only words were already shown (under another kind) adds nothing and is left out."""
    spans: dict[str, list[str]] = {}
    # Spans shown so far, normalised and padded: " africa cdc " is in " africa cdc said ",
    # so neither a repeat nor a run of words of a span already shown is shown again.
    seen: list[str] = []
    for signal, text in found:
        key, template = _PHRASES.get(signal) or (signal, "{}")
        shown = spans.get(key)
        if shown is None and len(spans) == MAX_PHRASES or shown and len(shown) == MAX_SPANS:
            continue  # this runs for every group: the cheap tests first
        if "{}" not in template:  # a whole-sentence signal: its phrase has no words
            spans[key] = []
            continue
        words = " ".join(text.split()).strip(_QUOTE_MARKS)
        padded = f" {' '.join(_WORDS.findall(words.casefold()))} "
        if padded == "  " or seen and _overlapping(padded, seen):
            continue
        seen.append(padded)
        if shown is None:
            spans[key] = [words]
        else:
            shown.append(words)
    return [_phrase(key, shown) for key, shown in spans.items()]


def _overlapping(padded: str, seen: list[str]) -> bool:
    """Whether ``padded`` is in one of ``seen`` or holds one (a loop: any() over a
    generator cost a fifth of the explanations of 1M groups, mostly for one or two)."""
    for s in seen:  # noqa: SIM110
        if padded in s or s in padded:
            return True
    return False


def _phrase(key: str, shown: list[str]) -> str:
    template = _TEMPLATES.get(key) or f"has {key.replace('_', ' ')} ({{}})"  # a new signal
    if "{}" not in template:
        return template
    if key == "names":  # bare, without a possessive: "names the European Union"
        return template.format(_joined([_short(_POSSESSIVE.sub("", s)) for s in shown]))
    return template.format(", ".join(_quoted(s) for s in shown))


def _page_clause(page: PageKind | None) -> str:
    if page is None or page.kind not in DATED_KINDS:
        return ""
    where = "on " + _PAGE_WORDS[page.kind]
    if page.date.iso:
        where += f" dated {_date(page.date.iso)}"
    if page.overridden:
        where += " (as the reviewer set it)"
    return where


def _date(iso: str) -> str:
    """``2024-08-13`` as "13 Aug 2024", ``--08-13`` (no year) as "13 Aug"."""
    parts = iso.lstrip("-").split("-")
    try:
        if len(parts) == 3:
            year, month, day = parts
            return f"{int(day)} {MONTH_SHORT[int(month) - 1]} {year}"
        month, day = parts
        return f"{int(day)} {MONTH_SHORT[int(month) - 1]}"
    except (ValueError, IndexError):
        return iso


def _clean(text: str) -> str:
    return " ".join(text.split()).strip(_QUOTE_MARKS)


def _short(text: str, limit: int = SNIPPET_CHARS) -> str:
    """``text``, or its first words up to ``limit`` characters and " ..." (whole words)."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    head = head.rsplit(" ", 1)[0] if " " in head else head
    return head.rstrip(",;:-") + " ..."


def _quoted(text: str, limit: int = SNIPPET_CHARS) -> str:
    return f"“{_short(_clean(text), limit)}”"


def _joined(parts: Sequence[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]

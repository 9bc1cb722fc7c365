"""Claim cores: what a sentence asserts, without who said it or how it was quoted.

Outlets print one statement many ways: a direct quote with "... the minister said",
reported speech ("The minister said that ..."), "according to X", a dateline
("MANILA (AP) -"), an agency tag ("(MENAFN)"), a connective ("In addition, ...") and
acronyms against their expansions. Grouping compares cores; display keeps the text.

Every step is a regular expression over many texts at once (joined by "\\n",
``re.M``), so a million sentences cost a few passes over one string, not a Python
loop per text. Acronyms come from the corpus's own definitions ("Long Name (ACR)",
"ACR (Long Name)"), never from a fixed list.

English frames only: other languages pass through with quotes and datelines removed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .acronyms import find_acronyms
from .citations import CITE_MARKS
from .letters import letter_words
from .months import MONTH_RE
from .speakers import SPEAKER_LABEL

__all__ = ["claim_core", "claim_cores", "find_acronyms"]

REPORTING_VERBS = (
    "said|says|say|told|tells|added|adds|noted|notes|stated|states|announced|announces|"
    "explained|explains|warned|warns|stressed|stresses|emphasi[sz]ed|emphasi[sz]es|affirmed|"
    "confirmed|declared|revealed|reported|wrote|writes|tweeted|posted|urged|urges|indicated|"
    "insisted|argued|claimed|commented|remarked|observed|highlighted|underlined|underscored|"
    "acknowledged|mentioned|asserted|maintained|estimated|pointed out|points out|disclosed|"
    "informed|recalled|cautioned|conceded|contended|hinted|predicted|reiterated|assured|"
    "clarified|concluded|continued|believes|believed|thinks|thought|felt|feels|explained"
)
_V = rf"(?:{REPORTING_VERBS})"
_PRONOUN = r"(?:it|he|she|they|we|i|you|there|this|these|those)"
# A speaker: up to eight words (names, titles, "the ministry", "he", "WHO chief X").
_NOT_SPEAKER = rf"(?!(?:that|had|has|have|been|was|were|is|are|be|will|would|{REPORTING_VERBS})\b)"
_WORD = rf"{_NOT_SPEAKER}[\w.'’&-]+"
# A speaker never starts with a preposition or conjunction: ", with cases reported from
# ..." and ", while prices estimated at ..." are clauses of the claim, not who said it
# (lower case only: "WHO chief X said" has a speaker).
_NOT_FIRST = (
    r"(?!(?:with|without|in|on|at|for|from|by|as|while|after|before|when|which|who|whom|"
    r"where|whose|and|but|or|nor|of|to|into|including|amid|despite|than|because|since|if|"
    r"although|though|whereas|until|so|such)\b)"
)
_SPEAKER = rf"(?:{_NOT_FIRST}{_WORD}(?:\s+(?:\([^()\n]{{1,40}}\)|{_WORD})){{0,7}})"
SPEAKER = _SPEAKER  # who said it, as a pattern
SAID = rf"\s+(?:has\s+|have\s+|had\s+)?{_V}"  # what follows a leading speaker: its verb
# After the verb of a trailing frame: where and when it was said, not what.
_SAID_TAIL = (
    r"(?:\s+(?:in|on|at|during|via|through|from|to|last|this|earlier|later|late|yesterday|"
    r"today|tonight|while|after|before|when|as)\b[^\"“”\n]{0,100}"
    r"|\s+(?:reporters|journalists|(?:a|an|the|his|her|their)\s+(?:[\w-]+\s+){0,3}"
    r"(?:conference|briefing|statement|interview|meeting|summit|news\s+agency|newspaper|"
    r"broadcaster|press))\b[^\"“”\n]{0,80})?"
)
# A trailing frame starts after a comma or a closing quote, never mid-clause.
_FRAME_START = r"(?:,|[.!?,]?[\"”’])\s*,?\s+"
_END = r"[.!?]?[\"“”’']?\s*$"
_QUOTES = "\"“”„‟«»‹›"

# Applied per text: the leading steps are anchored (a failed match costs one call),
# the frame steps run only on texts that name a reporting verb; quotes, thousands
# separators and acronyms run over all texts joined (a few passes over one string).
_LEADING: list[tuple[re.Pattern[str], str]] = [
    # Agency tag or dateline at the start: "(MENAFN) ", "MANILA (Nov 24, 2023) - ",
    # "GENEVA, Switzerland (AP) — ", "VIENTIANE –".
    (re.compile(r"^\s*\([A-Za-z][A-Za-z .&/-]{1,30}\)\s*[-–—:]?\s*", re.M), ""),
    (
        re.compile(
            r"^\s*[A-Z][A-Z.'’ ]{2,40}(?:,\s*[A-Z][\w.' ]{1,30})?(?:\s*\([^()\n]{1,60}\))?"
            r"\s*[-–—:]+\s+",
            re.M,
        ),
        "",
    ),
    # A wire dateline of a date and an agency: "March 20 (Reuters) - ", "Nov. 24, 2023
    # (AP) — ".
    (
        re.compile(
            rf"^\s*{MONTH_RE}\.?\s+\d{{1,2}}(?:,\s*\d{{4}})?\s*\([^()\n]{{1,40}}\)\s*[-–—:]+\s+",
            re.M,
        ),
        "",
    ),
    # Leading participle frame: "Speaking at a press briefing, he said that ...".
    (
        re.compile(
            r"^\s*(?:Speaking|Addressing|Writing|Responding|Talking)\b[^,\n]{0,80},\s*", re.M
        ),
        "",
    ),
    # A speaker label: "[00:09] JUNE: ...", "GUEST (Amara): ..." (who speaks, not what).
    (re.compile(rf"^\s*{SPEAKER_LABEL}(?=\S)", re.M), ""),
    # A thread's post number: "5/ It was launched in 1977." (no figure of the claim).
    (re.compile(r"^\s*\d{1,3}/\s+", re.M), ""),
    # A short label before a colon: "Background: ...", "Key point: ...".
    (re.compile(r"^\s*[A-Z][\w-]*(?:\s+[\w-]+){0,2}:\s+(?=\S)", re.M), ""),
    # "According to X, ..."
    (re.compile(r"^\s*According to [^,\n]{1,80},\s*", re.M | re.I), ""),
    # Leading connective: "In addition, ...", "Meanwhile, ...".
    (
        re.compile(
            r"^\s*(?:Additionally|In addition|Moreover|Furthermore|Meanwhile|However|Also|"
            r"Besides|Separately|Further|Notably|Overall|Still|Yet|But|And),?\s+",
            re.M,
        ),
        "",
    ),
]
_FRAMES: list[tuple[re.Pattern[str], str]] = [
    # Leading frame: "Tedros said that ...", "The ministry said in a statement on
    # Friday that ...", "He added: ...". A speaker, a verb, a short where/when, then
    # "that" or a colon/comma.
    (
        re.compile(
            r"^\s*(?:(?:On|Last|This|Earlier|Late|Later)\s+[\w ]{1,20},?\s+)?"
            rf"{_SPEAKER}{SAID}"
            rf"(?:\s+(?:on|in|at|during|via|last|this|earlier|late|to)\b[^,:\n\"“]{{0,60}}"
            r"|\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today))?"
            r"(?:\s+that\b|\s*[:,])\s*",
            re.M,
        ),
        "",
    ),
    # Trailing frame after a quote or a comma: ', the secretary said on Friday.',
    # '," he told a press conference.', ', said Tedros.', ', according to the WHO.'
    (re.compile(rf",?\s*according to [^,\n\"“”]{{1,80}}{_END}", re.M | re.I), "."),
    (
        re.compile(
            rf"{_FRAME_START}{_SPEAKER}(?<!\bbeen)(?<!\bbe)\s+{_V}{_SAID_TAIL}{_END}", re.M
        ),
        ".",
    ),
    # (", said Tedros." names who; ", said it planned to ..." is the claim: a pronoun
    # after the verb starts a clause, never an inverted speaker.)
    (re.compile(rf"{_FRAME_START}{_V}\s+(?!{_PRONOUN}\b){_SPEAKER}{_END}", re.M), "."),
    # Mid-sentence frame: '..., he said, ...'
    (re.compile(rf",\s+(?:{_SPEAKER}\s+{_V}|{_V}\s+{_SPEAKER}),\s+", re.M), " "),
]
# Quote marks (curly and straight double; single quotes are apostrophes for the
# normaliser anyway).
_QUOTE_MARKS = re.compile(f"[{_QUOTES}]")
# Thousands separators: "14,000" and "14 000" are one number, not two.
_THOUSANDS = re.compile(r"(\d)[,\u00a0\u202f ](?=\d{3}\b)")
_JOINED: list[tuple[re.Pattern[str], str]] = [
    (_QUOTE_MARKS, ""),
    (_THOUSANDS, r"\1"),
    # Reference marks ("... in 2023.[7]"): no figure of the claim.
    (CITE_MARKS, ""),
]


def _drop_quotes_ascii(big: str) -> str:
    """``_JOINED``'s quote step over an ASCII string: its only quote mark is '"'."""
    return big.replace('"', "")


_IS_WORD = np.zeros(256, dtype=bool)  # what ``\w`` matches in ASCII: letters, digits, "_"
_IS_WORD[[ord(c) for c in "_0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"]] = True


def _drop_thousands_ascii(big: str) -> str:
    """``_JOINED``'s thousands step over an ASCII string, from numpy masks (the regex
    tries a match at every digit of a chunk of claims joined). A separator goes when a
    digit precedes it and three digits then a non-word character (or the end) follow.
    The regex's matches (a digit and a separator) never overlap, as a separator is no
    digit, so each separator is judged alone, as here."""
    a = np.frombuffer(big.encode("ascii"), dtype=np.uint8)
    n = len(a)
    if n < 5:
        return _THOUSANDS.sub(r"\1", big)
    digit = (a - 48) < 10  # uint8 wraps below "0": the ten digits only
    sep = a[1 : n - 3]  # a separator at i in 1..n-4, with a[i-1] and a[i+1..i+3] digits
    drop = ((sep == 44) | (sep == 32)) & digit[: n - 4] & digit[2 : n - 2]
    drop &= digit[3 : n - 1] & digit[4:]
    where = np.flatnonzero(drop) + 1
    after = where + 4  # then no word character, or the end
    where = where[(after == n) | ~_IS_WORD[a[np.minimum(after, n - 1)]]].tolist()
    if not where:
        return big
    pieces = [big[: where[0]]]
    pieces += [big[i + 1 : j] for i, j in zip(where, where[1:], strict=False)]
    pieces.append(big[where[-1] + 1 :])
    return "".join(pieces)


# ``_JOINED``'s steps done without their regex over an ASCII chunk (every text of
# generated news), same output.
_ASCII_STEPS: dict[re.Pattern[str], Callable[[str], str]] = {
    _QUOTE_MARKS: _drop_quotes_ascii,
    _THOUSANDS: _drop_thousands_ascii,
}

# Words that can start a frame; a set lookup over a text's words is ~20x faster than one
# case-insensitive alternation of them.
_TRIGGERS = frozenset(w for v in REPORTING_VERBS.split("|") for w in v.split()) | {"according"}
_TRIGGER_WORDS = frozenset(
    w.replace("[sz]", c) for w in _TRIGGERS for c in "sz"
)  # "emphasi[sz]ed" -> both spellings
_WORD_RE = re.compile(r"[a-z]+")


def _frame_words(text: str, words: str | None = None) -> frozenset[str]:
    """The words of ``text`` that can start a frame; ``words``: its letter words when
    known (``letters.letter_words``, the same words in bulk)."""
    if words is None:
        return _TRIGGER_WORDS.intersection(_WORD_RE.findall(text.lower()))
    return _TRIGGER_WORDS.intersection(words.split())


# Whether each frame step needs "according" (else a reporting verb, always a whole word
# in them): a step runs only on a text that has it. Most texts with a frame have one
# kind only; each step's scan is ~20 us. "according" may end a longer word there
# ("...outaccording to"), and case-insensitively matches a dotless i: only a plain
# ASCII text without it skips that step. The verb steps cut at word bounds, so they
# leave no new word; the "according" step may (its words are read again).
_NAMES_ACCORDING = [False, True, False, False, False]
# One alternation of the leading steps: a text none of them matches (most) costs one
# anchored match instead of six; one that some step matches takes the steps in turn.
_ANY_LEADING = re.compile(
    "|".join(
        f"(?i:{p.pattern})" if p.flags & re.I else f"(?:{p.pattern})" for p, _ in _LEADING
    ),
    re.M,
)


def _acronym_steps(acronyms: dict[str, str]) -> list[tuple[re.Pattern[str], Any]]:
    """"Long Name (ACR)" -> "Long Name", then "ACR" -> "Long Name" (whole word): two
    passes with one alternation each, however many acronyms the corpus defines."""
    if not acronyms:
        return []
    names = "|".join(re.escape(a) for a in sorted(acronyms, key=lambda a: (-len(a), a)))
    return [
        (re.compile(rf"\s*\(\s*(?:{names})\s*\)"), ""),
        (re.compile(rf"(?<![\w-])(?:{names})(?![\w-])"), lambda m: acronyms[m.group(0)]),
    ]


def _frames(text: str, words: str | None = None) -> str:
    """``text`` without its frames; ``words``: the letter words of ``text`` when known."""
    if _ANY_LEADING.match(text):
        for pattern, _ in _LEADING:
            m = pattern.match(text)
            if m:
                text = text[m.end() :]
                words = None  # the words were those of the uncut text
    present = _frame_words(text, words)
    if present:
        verb = len(present) > ("according" in present)
        according = not text.isascii() or "according" in text.lower()
        for (pattern, repl), needs_according in zip(_FRAMES, _NAMES_ACCORDING, strict=True):
            if needs_according and according:
                cut = pattern.sub(repl, text)
                if cut != text:  # a cut inside a word ("saidaccording") leaves a new word
                    text = cut
                    verb = bool(_frame_words(text) - {"according"})
            elif verb and not needs_according:
                text = pattern.sub(repl, text)
    return text


def claim_cores(
    texts: Sequence[str], acronyms: dict[str, str] | None = None, chunk: int = 50_000
) -> list[str]:
    """The core of every text (see the module docstring); never empty when the text
    is not (a text that is all frame keeps its own words)."""
    joined_steps = _JOINED + _acronym_steps(acronyms or {})
    out: list[str] = []
    for lo in range(0, len(texts), chunk):
        part = [t.replace("\n", " ") for t in texts[lo : lo + chunk]]
        big = "\n".join(map(_frames, part, letter_words(part)))
        fast = _ASCII_STEPS if big.isascii() else {}
        for pattern, repl in joined_steps:
            step = fast.get(pattern)
            big = step(big) if step is not None else pattern.sub(repl, big)
        cores = big.split("\n")
        if len(cores) != len(part):  # an expansion held "\n" (never by design)
            cores = [_one_core(t, joined_steps) for t in part]
        out.extend(c.strip(" ,;:-–—") or t for c, t in zip(cores, part, strict=True))
    return out


def _one_core(text: str, steps: list[tuple[re.Pattern[str], Any]]) -> str:
    text = _frames(text)
    for pattern, repl in steps:
        text = pattern.sub(repl, text)
    return text.replace("\n", " ")


def claim_core(text: str, acronyms: dict[str, str] | None = None) -> str:
    """``claim_cores`` of one text."""
    return claim_cores([text], acronyms)[0]

"""A regex alternation regrouped by first character: the same matches, found faster.

Python's regex engine tries an alternation's branches one by one at every position
it tests. A branch that starts with a literal character is skipped at once where the
text has another; one that starts with a group (``(?:hold|holds|held) ...``) is
entered first. The suggester's lexicons (``data/lexicons``) are alternations of
dozens of such phrases, scanned over every sentence: 1M sentences spent ~35 CPU s
there (docs/performance.md).

``by_first_char`` rewrites ``b1|b2|...`` as ``h(?:...)|s(?:...)|...``: each branch is
first spread into branches that start with a literal character (``(?:a|b)R`` is
``aR|bR``; a greedy optional group ``(?:a)?R`` is ``aR|R``), which are then put
under their first character, keeping their order. Branches under different first
characters can never match at the same position, so the first branch that matches
anywhere is the same one as before: the same matches, in the same order. Where a
branch cannot be spread so (a class, an escape sequence or a quantifier first), the
alternation is left as it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

MAX_SPREAD = 64  # literal-first branches one branch may become (else: left as it was)
_LITERAL = re.compile(r"[A-Za-z0-9 '’\-,]")
_QUANTIFIERS = ("?", "*", "+", "{")


def by_first_char(branches: Iterable[str]) -> str:
    """``(?:b1|b2|...)``, regrouped by first character when every branch allows it."""
    branches = list(branches)
    plain = "(?:" + "|".join(branches) + ")"
    groups: dict[str, list[str]] = {}
    for branch in (alt for b in branches for alt in _top_level(b)):
        spread = _literal_first(branch)
        if spread is None:
            return plain
        for b in spread:
            head, rest = (b[1], b[2:]) if b[0] == "\\" else (b[0], b[1:])
            groups.setdefault(head, []).append(rest)
    regrouped = (re.escape(head) + "(?:" + "|".join(rests) + ")" for head, rests in groups.items())
    return "(?:" + "|".join(regrouped) + ")"


def _literal_first(branch: str) -> list[str] | None:
    """``branch`` as branches that each start with a literal character and match, in
    this order, what it matches; None where that cannot be done."""
    if not branch:
        return None
    if branch[0] == "\\":  # an escaped punctuation mark is a literal; \b, \w ... are not
        mark = branch[1:2]
        if not mark or mark.isalnum() or branch[2:3] in _QUANTIFIERS:
            return None
        return [branch]
    if _LITERAL.match(branch):
        return None if branch[1:2] in _QUANTIFIERS else [branch]
    if not branch.startswith("(?:"):
        return None  # a class, a capture, a lookaround, an anchor ...
    end = _group_end(branch)
    quantifier = branch[end : end + 1]
    optional = quantifier == "?" and branch[end + 1 : end + 2] not in ("?", "+")
    if quantifier in _QUANTIFIERS and not optional:
        return None
    rest = branch[end + 1 :] if optional else branch[end:]
    # a greedy "?" tries the group first, then goes on without it
    alternatives = _top_level(branch[3 : end - 1]) + ([""] if optional else [])
    out: list[str] = []
    for alt in alternatives:
        spread = _literal_first(alt + rest)
        if spread is None or len(out) + len(spread) > MAX_SPREAD:
            return None
        out += spread
    return out


def _structure(source: str) -> Iterator[tuple[int, str, int]]:
    """Each character of ``source`` outside escapes and character classes, with its
    index and the group depth after it (one scanner for the two questions below)."""
    depth, i = 0, 0
    while i < len(source):
        c = source[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _class_end(source, i)
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        yield i, c, depth
        i += 1


def _top_level(source: str) -> list[str]:
    """The alternatives of ``source`` split at its top-level ``|``."""
    parts, start = [], 0
    for i, c, depth in _structure(source):
        if c == "|" and depth == 0:
            parts.append(source[start:i])
            start = i + 1
    parts.append(source[start:])
    return parts


def _group_end(source: str) -> int:
    """The index after the ``)`` that closes the group ``source`` opens with."""
    for i, c, depth in _structure(source):
        if c == ")" and depth == 0:
            return i + 1
    raise ValueError(f"unbalanced group: {source!r}")


def _class_end(source: str, i: int) -> int:
    """The index after the ``]`` that closes the class opening at ``i``."""
    j = i + 1
    if source[j : j + 1] == "^":
        j += 1
    if source[j : j + 1] == "]":  # a "]" first is a member, not the end
        j += 1
    while j < len(source) and source[j] != "]":
        j += 2 if source[j] == "\\" else 1
    return j + 1


class PhraseScan:
    """Several patterns scanned over a text in one pass: each pattern's matches, the
    same as its ``finditer`` gives them.

    Each scan of a phrase lexicon tests every position of the text: five lexicons
    over every claim of a million cost the suggester ~30 CPU s (docs/performance.md).
    One pattern, a lookahead for any of them, finds the positions where at least one
    matches (about one a sentence); each pattern is then tried there only
    (``matches_at``). A pattern's matches all start at such positions, so they are the
    same, left to right, non-overlapping. ``head``: a prefix all the patterns share
    (``\\b(?=[a-z])``), tested once per position instead of once per pattern.
    """

    def __init__(self, patterns: Sequence[re.Pattern[str]], head: str = "") -> None:
        if len({p.flags for p in patterns}) > 1:
            raise ValueError("patterns with different flags cannot be scanned as one")
        self.patterns = tuple(patterns)
        shared = all(p.pattern.startswith(head) for p in patterns)
        prefix = head if shared else ""
        rests = (p.pattern[len(prefix) :] for p in patterns)
        flags = patterns[0].flags if patterns else 0
        self._any = re.compile(prefix + "(?=" + "|".join(f"(?:{r})" for r in rests) + ")", flags)

    def __call__(self, text: str) -> list[list[re.Match[str]]]:
        """Per pattern, in order, its matches in ``text``."""
        starts = [m.start() for m in self._any.finditer(text)]
        if not starts:
            return [[] for _ in self.patterns]
        return [list(matches_at(p, text, starts)) for p in self.patterns]


def matches_at(
    pattern: re.Pattern[str], text: str, starts: Iterable[int], pos: int = 0
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text, pos)`` for a pattern whose every match starts at one of
    ``starts`` (ascending): tried only at those positions, not at every character; the
    same matches, left to right, non-overlapping (none of these patterns matches empty)."""
    end = pos
    for p in starts:
        if p < end:
            continue
        m = pattern.match(text, p)
        if m:
            end = m.end()
            yield m


def at_word_start(words: Iterable[str]) -> re.Pattern[str]:
    """A pattern that finds any of ``words`` (each starting with a word character) at a
    word start: the matches of ``\\b(?:w1|w2|...)``, but each branch is its first
    character, then a look back for the boundary (``(?<!\\w.)``: no word character
    before it), then the rest. A pattern that starts with ``\\b`` is tried at every
    position; one whose branches all start with a literal is searched by skipping, in
    C, to the characters they start with (a sentence gate: ~2x faster)."""
    branches = [re.escape(w[0]) + r"(?<!\w.)" + re.escape(w[1:]) for w in words]
    return re.compile("(?:" + "|".join(branches) + ")")

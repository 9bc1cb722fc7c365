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
from collections.abc import Callable, Iterable, Iterator, Sequence

WORD_START = r"\b(?=[a-z])"  # a lower-case word's start (the suggester's phrases start there)
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
    (``\\b(?=[a-z])``), tested once per position instead of once per pattern. Before
    the patterns, the lookahead reads a trie of the first ``GATE_CHARS`` characters
    any match can have (``prefixes``): most word starts (~30 a sentence) begin no
    phrase, and 4 in 5 of them fail there, in one branch per character.
    """

    def __init__(self, patterns: Sequence[re.Pattern[str]], head: str = "") -> None:
        if len({p.flags for p in patterns}) > 1:
            raise ValueError("patterns with different flags cannot be scanned as one")
        self.patterns = tuple(patterns)
        shared = all(p.pattern.startswith(head) for p in patterns)
        prefix = head if shared else ""
        rests = (p.pattern[len(prefix) :] for p in patterns)
        flags = patterns[0].flags if patterns else 0
        # what a match needs first (GATE_CHARS characters), then any pattern
        ahead = _gate(patterns) + "(?=" + "|".join(f"(?:{r})" for r in rests) + ")"
        self._any = re.compile(prefix + ahead, flags)
        self._at_start: Callable[[str], re.Match[str] | None] | None = None
        if prefix == WORD_START:
            # A word start is the text's start or the character after a non-word one:
            # searched as that character, which the engine skips to in C (a pattern
            # opening with \b is tried at every position: 0.20 against 0.14 s a scan
            # of 30k sentences).
            self._at_start = re.compile("(?=[a-z])" + ahead, flags).match
            self._after = re.compile(r"\W(?=[a-z])" + ahead, flags).finditer

    def starts(self, text: str) -> list[int]:
        """Where at least one pattern matches, ascending."""
        if self._at_start is None:
            return [m.start() for m in self._any.finditer(text)]
        found = [0] if self._at_start(text) else []
        found += [m.end() for m in self._after(text)]  # (the match is the character before)
        return found

    def __call__(self, text: str) -> list[list[re.Match[str]]]:
        """Per pattern, in order, its matches in ``text``."""
        starts = self.starts(text)
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


try:  # Python 3.11+
    from re import _constants as _sre
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

Prefix = tuple[str, ...]
MAX_CLASS = 64  # a class of more characters than this is read as any character


def prefixes(pattern: re.Pattern[str], k: int) -> set[Prefix] | None:
    """The first ``k`` characters of every match of ``pattern``, as a set that holds, for
    each match, one of its prefixes (a match shorter than ``k``: itself, or a part of
    it): where no member starts, no match can. An over-estimate, never an
    under-estimate: a zero-width assertion is read as true, a class of more than
    ``MAX_CLASS`` characters (``\\w``, ``[^x]``) or ``.`` ends the prefix there. None
    when the pattern has a construct not read here (a back-reference, case folding)."""
    if pattern.flags & re.IGNORECASE:
        return None
    try:
        found = _sequence(list(_sre_parse.parse(pattern.pattern, pattern.flags)), k)
    except _Unread:
        return None
    return {p for p, _ in found}


class _Unread(Exception):
    """A regex construct ``prefixes`` does not read."""


# (prefix, complete): complete when the match may end right after it (shorter than k)
_Part = set[tuple[Prefix, bool]]
_EMPTY: _Part = {((), True)}
_ANY_CHAR = object()  # a class too big to list: any character


def _sequence(items: list, k: int) -> _Part:
    out = _EMPTY
    for op, av in items:
        out = _then(out, _item(op, av, k), k)
        if all(not complete or len(p) >= k for p, complete in out):
            break  # every prefix is whole: what follows cannot change them
    return out


def _then(first: _Part, second: _Part, k: int) -> _Part:
    """The prefixes of a match of ``first`` followed by one of ``second``."""
    out: _Part = set()
    for p, complete in first:
        if not complete or len(p) >= k:
            out.add((p[:k], False))
            continue
        for q, done in second:
            joined = p + q
            out.add((joined[:k], False) if len(joined) >= k else (joined, done))
    return out


def _item(op: object, av: object, k: int) -> _Part:
    if op is _sre.LITERAL:
        return {((chr(av),), True)}  # type: ignore[call-overload]
    if op is _sre.IN:
        chars = _class_chars(av)  # type: ignore[arg-type]
        return _open() if chars is _ANY_CHAR else {((c,), True) for c in chars}  # type: ignore[union-attr]
    if op in (_sre.ANY, _sre.NOT_LITERAL):
        return _open()
    if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
        return _EMPTY  # zero width: read as true
    if op is _sre.SUBPATTERN:
        _, add_flags, _, sub = av  # type: ignore[misc]
        if add_flags & re.IGNORECASE:
            raise _Unread
        return _sequence(list(sub), k)
    if op is getattr(_sre, "ATOMIC_GROUP", None):
        return _sequence(list(av), k)  # type: ignore[call-overload]
    if op is _sre.BRANCH:
        return set().union(*(_sequence(list(alt), k) for alt in av[1]))  # type: ignore[index]
    if op in _REPEATS:
        low, high, sub = av  # type: ignore[misc]
        return _repeat(_sequence(list(sub), k), low, high, k)
    raise _Unread


_REPEATS = tuple(
    getattr(_sre, name)
    for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
    if hasattr(_sre, name)
)


def _open() -> _Part:
    """Any one character, then anything: the prefix ends before it."""
    return {((), False)}


def _repeat(one: _Part, low: int, high: int, k: int) -> _Part:
    """Prefixes of ``low`` to ``high`` copies: the first k + 1 copies decide them (each
    copy adds a character or more, or nothing)."""
    last = min(high, k + 1)
    out: _Part = set()
    copies = _EMPTY
    for n in range(last + 1):
        if n >= min(low, last):
            out |= copies
        copies = _then(copies, one, k)
    if high > last:  # more copies may follow what is still open: end the prefix
        out = {(p, complete and len(p) >= k) for p, complete in out}
    return out


def _class_chars(items: list) -> list[str] | object:
    chars: list[str] = []
    for op, av in items:
        if op is _sre.LITERAL:
            chars.append(chr(av))
        elif op is _sre.RANGE and av[1] - av[0] < MAX_CLASS:
            chars.extend(map(chr, range(av[0], av[1] + 1)))
        else:  # a negation, a category (\w, \s), a big range
            return _ANY_CHAR
        if len(chars) > MAX_CLASS:
            return _ANY_CHAR
    return chars


def prefix_gate(found: Iterable[Prefix]) -> str:
    """A regex (for a lookahead) that matches where one of ``found`` starts: a trie of
    them by character; an empty prefix matches anywhere."""
    trie: dict = {}
    for p in found:
        node = trie
        for c in p:
            if node.get("") is True:
                break
            node = node.setdefault(c, {})
        else:
            node.clear()
            node[""] = True  # this prefix ends here: anything may follow
    return _trie_regex(trie)


def _trie_regex(node: dict) -> str:
    if node.get("") is True or not node:
        return ""
    leaves = sorted(c for c, child in node.items() if child.get("") is True)
    inner = sorted(c for c, child in node.items() if child.get("") is not True)
    parts = [re.escape(c) + _trie_regex(node[c]) for c in inner]
    if leaves:
        parts.append("[" + "".join(_class_escape(c) for c in leaves) + "]")
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


def _class_escape(c: str) -> str:
    return "\\" + c if c in "\\]^-[" else c


GATE_CHARS = 8  # characters of the phrases' prefixes a scan reads before the phrases


def _gate(patterns: Sequence[re.Pattern[str]]) -> str:
    """A lookahead for the first ``GATE_CHARS`` characters of any match of
    ``patterns`` (``prefixes``): one trie, where the patterns are each an alternation of
    dozens of phrases tried one by one. Empty when some pattern's prefixes cannot be
    read or one may start with anything."""
    found: set[Prefix] = set()
    for p in patterns:
        mine = prefixes(p, GATE_CHARS)
        if mine is None or () in mine:
            return ""
        found |= mine
    return "(?=" + prefix_gate(found) + ")" if found else ""

"""by_first_char: the regrouped alternation finds exactly what the plain one finds;
PhraseScan: one pass over a text finds exactly what each pattern's finditer finds;
prefixes: every match starts with one of them, and prefix_gate finds exactly them."""

from __future__ import annotations

import random
import re

import pytest

from claimcheck.alternation import (
    WORD_START,
    PhraseScan,
    at_word_start,
    by_first_char,
    matches_at,
    prefix_gate,
    prefixes,
)
from claimcheck.suggest import (
    _PHRASE_HEAD,
    _PHRASE_TAIL,
    _RELATIVE,
    _SPELLED_AMOUNT,
    _branches,
    _lex,
    _lexicon,
)

LEXICONS = [  # (file, escaped): the phrase lexicons the suggester scans every sentence with
    ("evaluative.txt", False),
    ("hedges.txt", False),
    ("opinion.txt", False),
    ("relations.txt", False),
    ("reporting_verbs.txt", True),
    ("openers.txt", False),
]

AWKWARD = [
    "",
    "a",
    "the the the",
    "plays a key role and holds a central position",
    "it plays a role. played an important role, playing an  role",
    "the importance of importance of the importance",
    "aims to aimed at seek to strive to endeavours to endeavors to",
    "i think i'm sure i am not sure maybe perhaps of course once again",
    "signed a treaty with x; mutual defence agreement; bilateral cooperation agreements",
    "has signed, has established, had formally signed",
    "the minister said, according to, told reporters, stated",
    "joint exercises joint naval exercises combined drills",
    "word-play, non-aligned, state-of-the-art, cutting-edge, ever-evolving challenges",
    "pillars cornerstone-like linchpins robustly pivotally",
    "ünïcode wörds robust and ‘quoted’ “robust” phrases — pivotal",
    "x" * 50 + " robust " + "y" * 50,
    "\nrobust\tpivotal\r\nsynergy",
]


def _random_texts(words: list[str], n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    seps = [" ", " ", " ", ", ", ". ", "-", "", "'s ", "\n"]
    return [
        "".join(rng.choice(words) + rng.choice(seps) for _ in range(rng.randint(1, 30)))
        for _ in range(n)
    ]


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


@pytest.mark.parametrize(("name", "escape"), LEXICONS)
def test_lexicon_matches_are_the_same(name: str, escape: bool) -> None:
    branches = _branches(_lexicon(name), escape)
    plain = re.compile(_PHRASE_HEAD + "(?:" + "|".join(branches) + ")" + _PHRASE_TAIL)
    grouped = re.compile(_PHRASE_HEAD + by_first_char(branches) + _PHRASE_TAIL)
    assert grouped.pattern != plain.pattern  # every phrase lexicon can be regrouped
    # words the lexicon's own phrases are made of, plus some that are not in it
    words = re.findall(r"[a-z’'\-]+", " ".join(_lexicon(name)).lower())
    words += ["the", "a", "an", "of", "x", "robust", "2024", "said", "is", "are"]
    texts = AWKWARD + _random_texts(words, 3000, seed=len(name))
    for text in texts:
        assert _spans(grouped, text) == _spans(plain, text), text


@pytest.mark.parametrize(
    "branches",
    [
        ["(?:hold|holds|held) (?:as )?a role", "holder", "h"],  # a group first, spread
        ["(?:the )?importance of", "the (?:key|main) pillar", "import"],  # optional group
        ["a(?:b|c)d", "ab", "a"],  # shared first letter: the order among them kept
        ["ab", "abc"],  # the shorter first: it wins where both match
        ["(?:x|y)(?:z|w)q", "xz", "yw"],
        ["foo|bar", "baz"],  # a top-level "|" inside one entry
        ["(?:(?:a|b)c|d)e", "ace"],  # nested groups
        [r"\-x", "-y", r"\.z"],  # escaped punctuation, the same character as a literal
        ["(?:a|)b", "b"],  # an empty alternative
    ],
)
def test_regrouped_matches_are_the_same(branches: list[str]) -> None:
    plain = re.compile(r"\b(?:" + "|".join(branches) + r")\b")
    grouped = re.compile(r"\b" + by_first_char(branches) + r"\b")
    assert grouped.pattern != plain.pattern
    letters = sorted(set("".join(branches)) - set("()?:|\\") | {" "})
    rng = random.Random(7)
    for _ in range(2000):
        text = "".join(rng.choice(letters) for _ in range(rng.randint(0, 12)))
        assert _spans(grouped, text) == _spans(plain, text), text


@pytest.mark.parametrize(
    "branches",
    [
        ["[ab]c", "ad"],  # a class first
        [r"\w+ly", "ad"],  # an escape sequence first
        ["a?b", "ab"],  # an optional first character
        ["(?:a|b)*c", "ac"],  # a repeated group first
        ["(?:a)??b", "ab"],  # a lazy optional group
        ["(?=a)ab", "b"],  # a lookahead
        ["(a|b)c", "ac"],  # a capturing group
        ["(?:the )?", "x"],  # may match nothing
        [""],
    ],
)
def test_left_as_it_was_when_it_cannot_be_regrouped(branches: list[str]) -> None:
    assert by_first_char(branches) == "(?:" + "|".join(branches) + ")"


def test_phrase_scan_finds_what_each_lexicon_finds() -> None:
    lex = _lex()
    patterns = [lex.evaluative, lex.hedges, lex.opinion, lex.relations, lex.reporting, _RELATIVE,
                _SPELLED_AMOUNT]  # fmt: skip
    scan = lex.phrase_scan
    assert [p.pattern for p in scan.patterns] == [p.pattern for p in patterns]
    # words of all five lexicons, so that phrases of several overlap and abut
    phrases = " ".join(phrase for name, _ in LEXICONS for phrase in _lexicon(name))
    words = re.findall(r"[a-z’'\-]+", phrases.lower())
    words += ["the", "a", "of", "x", "2024", "é", "_", "today", "today's", "last", "week"]
    words += ["two", "one", "million", "hundred", "hours", "per", "cent", "thousands"]
    found = 0
    for text in AWKWARD + _random_texts(words, 3000, seed=11):
        got = [[m.span() for m in matches] for matches in scan(text)]
        assert got == [_spans(p, text) for p in patterns], text
        found += sum(map(len, got))
    assert found > 1000  # the texts do hold phrases: the test compares matches, not nothing


@pytest.mark.parametrize(
    ("head", "scan_head", "chars", "seed"),
    [
        ("", r"\b", "abc -", 3),
        (r"\b", r"\b", "abc -", 3),
        (r"\b(?=[a-z])", r"\b", "abc -", 3),
        # the word-start head is searched as the character before it: the text's first
        # character, digits, underscores and non-ASCII letters around the words
        (WORD_START, WORD_START, "abc -_9é.", 5),
    ],
)
def test_phrase_scan_overlapping_patterns(head: str, scan_head: str, chars: str, seed: int) -> None:
    # patterns whose matches overlap one another's, share starts, or nest
    patterns = [re.compile(head + p) for p in (r"ab\b", r"(?:a|b)c?", r"bca?", r"c\b")]
    scan = PhraseScan(patterns, scan_head)
    rng = random.Random(seed)
    for _ in range(4000):
        text = "".join(rng.choice(chars) for _ in range(rng.randint(0, 14)))
        assert [[m.span() for m in ms] for ms in scan(text)] == [
            _spans(p, text) for p in patterns
        ], text


def test_phrase_scan_refuses_mixed_flags() -> None:
    with pytest.raises(ValueError, match="flags"):
        PhraseScan([re.compile("a"), re.compile("a", re.I)])


def test_matches_at_is_finditer_from_a_position() -> None:
    digits = re.compile(r"\b\d+(?:\.\d+)?")  # every match starts at a digit after \b
    text = "in 2024 about 3.5 and 12 of 7"
    starts = [m.start() for m in re.finditer(r"\b\d", text)]
    for pos in range(len(text) + 1):
        got = [m.span() for m in matches_at(digits, text, starts, pos)]
        want = [m.span() for m in digits.finditer(text, pos)]
        assert got == want, pos


@pytest.mark.parametrize(
    "words", [["break", "let", "we", "what"], ["we", "were", "w"], ["a"], ["x_1", "é"]]
)
def test_at_word_start_finds_what_a_leading_boundary_finds(words: list[str]) -> None:
    plain = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + ")")
    fast = at_word_start(words)
    letters = [*words, *sorted(set("".join(words))), " ", "-", "_", "9", "é", "."]
    rng = random.Random(9)
    texts = ["".join(rng.choice(letters) for _ in range(rng.randint(0, 16))) for _ in range(4000)]
    assert sum(bool(plain.search(t)) for t in texts) > 100
    for text in texts:
        assert _spans(fast, text) == _spans(plain, text), text


PREFIX_CASES = [  # each construct prefixes() reads, alone and mixed
    r"abc",
    r"ab|cd|e",
    r"(?:ab|a)c?d",
    r"a(?:bc)?",
    r"\ba[bc]+d",
    r"(?=b)b*c",
    r"a{2,3}b",
    r"a{0,2}(?:b|c)",
    r"(?:ab)*c",
    r"a\w+b",
    r"a.b",
    r"[a-c][^b]c",
    r"(?<!a)b(?!c)a",
    r"(a|b)c(?:d|)",
    r"(?>ab|a)c",
    r"a*?b",
    r"(?:a|\b)+c",
    r"(?:ab|){3,5}c",  # more copies than k, which may be empty
    r"a{3,5}",
    r"(?:a?){3}b",
]


@pytest.mark.parametrize("source", PREFIX_CASES)
@pytest.mark.parametrize("k", [1, 2, 3, 5])
def test_every_match_starts_with_one_of_its_prefixes(source: str, k: int) -> None:
    pattern = re.compile(source)
    found = prefixes(pattern, k)
    assert found is not None
    assert all(len(p) <= k for p in found)
    gate = re.compile("(?=" + prefix_gate(found) + ")")
    rng = random.Random(k)
    matched = rejected = 0
    for _ in range(400):
        text = "".join(rng.choice("abcd -") for _ in range(rng.randint(0, 12)))
        for pos in range(len(text) + 1):
            m = pattern.match(text, pos)
            if m is not None:
                matched += 1
                assert any(m.group().startswith("".join(p)) for p in found), (text, pos)
                assert gate.match(text, pos), (text, pos)
            rejected += gate.match(text, pos) is None
    assert matched > 0
    if () not in found:
        assert rejected > 0  # the prefixes do tell some positions apart


def test_prefixes_of_what_they_cannot_read() -> None:
    assert prefixes(re.compile(r"(a)\1"), 2) is None  # a back-reference
    assert prefixes(re.compile(r"ab", re.IGNORECASE), 2) is None
    assert prefixes(re.compile(r"a(?i:b)"), 2) is None
    assert prefixes(re.compile(r"\w+"), 2) == {()}  # any start: no gate
    assert prefixes(re.compile(r"ab"), 1) == {("a",)}


def test_prefix_gate_matches_where_a_prefix_starts() -> None:
    rng = random.Random(17)
    for _ in range(300):
        found = {
            tuple(rng.choice("ab-]^") for _ in range(rng.randint(0, 3)))
            for _ in range(rng.randint(1, 5))
        }
        gate = re.compile("(?=" + prefix_gate(found) + ")")
        for _ in range(20):
            text = "".join(rng.choice("ab-]^") for _ in range(rng.randint(0, 5)))
            for pos in range(len(text) + 1):
                want = any(text.startswith("".join(p), pos) for p in found)
                assert (gate.match(text, pos) is not None) == want, (found, text, pos)

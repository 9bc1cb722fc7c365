"""Letter words in bulk: the same words as the per-text regex, None where it cannot say."""

from __future__ import annotations

import random
import re

from claimcheck.letters import digit_run_starts, letter_words


def _awkward(n: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    parts = list("aZ q_9'’,.-\"") + ["Said", " told ", "n't", "1st", "Ünï", "ß", "\t", "K"]
    return ["".join(rnd.choice(parts) for _ in range(rnd.randint(0, 25))) for _ in range(n)]


def test_letter_words_are_the_regex_words_of_ascii_texts() -> None:
    texts = [*_awkward(3000, 0), "", "   ", "He SAID: it's 4pm."]
    for text, words in zip(texts, letter_words(texts), strict=True):
        if text.isascii():
            assert words is not None
            assert words.split() == re.findall("[a-z]+", text.lower())
        else:
            assert words is None


def test_letter_words_leave_texts_with_newlines_to_the_caller() -> None:
    assert letter_words(["two\nlines", "one line"]) == [None, "one line"]


def test_digit_run_starts_are_the_regex_run_starts_of_ascii_texts() -> None:
    texts = [*_awkward(3000, 1), "", "9", "12 and 345", "a1b22c333", "x9\ny1", "٣ is not ascii"]
    for text, starts in zip(texts, digit_run_starts(texts), strict=True):
        if text.isascii() and "\n" not in text:
            assert starts == [m.start() for m in re.finditer("(?<![0-9])[0-9]", text)], text
        else:
            assert starts is None
    assert digit_run_starts(["no digits", "in 2021"]) == [[], [3]]
    assert digit_run_starts([]) == []

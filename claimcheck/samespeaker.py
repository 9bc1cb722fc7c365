"""One speaker, two claims: a shared speaker is not a shared claim.

A core keeps a leading speaker with no "that" ("Transportation Secretary Sean Duffy said
the restrictions would stay ...": docs/grouping.md, stripping it cost more than it gave:
the speaker tells many claims apart). But its name is the rarest part of the core, so two
different statements of one speaker score as if they were one claim. When both cores of a
pair open with the same speaker, what each says after the verb must share some content
words: over the gold pairs of every dev corpus whose two cores open with one speaker, a
fifth of the words or more was shared by 385 of 403 same-claim pairs and 67 of 346
different ones.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from .cluster import distinct_ids
from .core import REPORTING_VERBS, SAID, SPEAKER
from .facts import content_stems

MIN_SHARED = 0.2  # of the shorter statement's content words

_LEADING_SPEAKER = re.compile(
    rf"\s*(?P<speaker>{SPEAKER}){SAID}\s+(?=\S)"
)
# Each reporting verb's first word, both spellings: a core with none of them among its
# words (most) is no statement, told without the speaker pattern (~11 us a core; this ~3).
_VERB_WORDS = frozenset(
    v.split()[0].replace("[sz]", c) for v in REPORTING_VERBS.split("|") for c in "sz"
)
Statement = tuple[str, frozenset[str]]  # the speaker (case-folded), the statement's stems


def statement(core: str) -> Statement | None:
    """(who, the content stems of what they said) of a core that opens with a speaker
    and a reporting verb, else None."""
    if _VERB_WORDS.isdisjoint(core.lower().split()):
        return None
    m = _LEADING_SPEAKER.match(core)
    if m is None:
        return None
    return " ".join(m.group("speaker").casefold().split()), content_stems(core[m.end() :])


def apart(cores: Sequence[str], a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per pair (a[i], b[i]): do both cores open with one speaker and say things that
    share under ``MIN_SHARED`` of their content words?"""
    out = np.zeros(len(a), dtype=bool)
    if len(a) == 0:
        return out
    rows = distinct_ids(np.concatenate([a, b])).tolist()
    said = {i: s for i in rows if (s := statement(cores[i])) is not None}
    if len(said) < 2:
        return out
    speaking = np.fromiter(said, dtype=np.int64, count=len(said))
    both = np.flatnonzero(np.isin(a, speaking) & np.isin(b, speaking))
    for k in both.tolist():
        (who_a, words_a), (who_b, words_b) = said[int(a[k])], said[int(b[k])]
        if who_a == who_b:
            out[k] = len(words_a & words_b) < MIN_SHARED * min(len(words_a), len(words_b))
    return out

"""The reviewer's label of dated news carried to the claims that reword it.

Grouping misses rewordings: an explainer retelling a dated report lands in a group of
its own, just below the grouping threshold, and the rules read it alone ("a specific
fact with no date or source": unsupported). By LABELS.md's group rule it is dated news
through the report. Once the reviewer has labelled the report's group dated news, that
label is evidence for its closest rewordings, which the rules cannot see.

A label is carried to an unlabelled group when

* the labelled group is the group's closest related group (``Group.related``, either
  direction) and scores at least ``MIN_SCORE``: a paraphrase, not a claim on the topic;
* the label is dated news and the rules did not already say so. Only dated news is
  carried, as the group rule is one-sided: one dated member makes a group dated, while
  an undated reading of one wording says nothing of another's;
* the group states no figure its source does not (``adds_figures``; when the texts are
  given): a line with a figure of its own says more than the report, or another thing
  ("a staggering magnitude 9.1" beside a report of 8.8), and took the report's label
  wrongly (kamchatka, docs/learn.md "Round 21");
* and the reviewer's own labels back it: carried the same way to each labelled group
  from the others (leave one out), it would have turned at least ``MIN_WINS`` of the
  rules' mistakes right and fewer of their right answers wrong than that
  (``Carry.use``).

Measured with a simulated reviewer on 75 gold corpora (docs/learn.md, "Round 19").
No UI here; ``learn.py`` applies it beside its model.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .labels import DATED_NEWS

MIN_SCORE = 0.45  # the related score a rewording needs (the grouping threshold is 0.5)
MIN_WINS = 2  # the rules' mistakes the carrying must mend on the reviewer's labels
Neighbours = Mapping[str, Mapping[str, float]]  # group -> related group -> score


@dataclass(frozen=True, slots=True)
class Carry:
    """The gate's outcome and, when open, where the reviewer's labels go."""

    use: bool
    reason: str  # one line: the leave-one-out figures
    right: int = 0  # the rules' mistakes carrying mended on the reviewer's labels
    wrong: int = 0  # the rules' right answers it spoiled
    tried: int = 0  # the labelled groups it would have carried to (right or not)
    # unlabelled group -> (the labelled group it takes "dated news" from, their score)
    to: dict[str, tuple[str, float]] = field(default_factory=dict)


NO_CARRY = Carry(False, "")


def may_open(labels: Iterable[str]) -> bool:
    """Could the gate open on these labels? It needs ``MIN_WINS`` rewordings labelled dated
    news and a labelled report for them (cheap: the review app checks it before it
    builds anything)."""
    return sum(label == DATED_NEWS for label in labels) > MIN_WINS


def neighbours(related: Iterable[tuple[str, str, float]]) -> dict[str, dict[str, float]]:
    """(group, other, score) rows as a symmetric map: a related list is the top few of
    one side only."""
    out: dict[str, dict[str, float]] = {}
    for a, b, score in related:
        if a == b:
            continue
        for x, y in ((a, b), (b, a)):
            near = out.setdefault(x, {})
            near[y] = max(score, near.get(y, 0.0))
    return out


_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")


def _figures(text: str) -> frozenset[str]:
    return frozenset(m.group().replace(",", "") for m in _FIGURE.finditer(text))


def adds_figures(text: str, report: str) -> bool:
    """Does ``text`` state a figure ``report`` does not? Then it says more than the report
    (or another thing: "a staggering magnitude 9.1" against "9.0"), no rewording of it."""
    return not _figures(text) <= _figures(report)


def source(
    group: str, near: Neighbours, labels: Mapping[str, str], exclude: str | None = None,
    texts: Mapping[str, str] | None = None,
) -> tuple[str, float] | None:
    """The labelled group ``group`` would take dated news from: its closest related
    group (``exclude`` left out), if that is labelled dated news and close enough."""
    best = max(
        ((score, other) for other, score in near.get(group, {}).items() if other != exclude),
        default=None,
    )
    if best is None or best[0] < MIN_SCORE or labels.get(best[1]) != DATED_NEWS:
        return None
    if texts is not None and adds_figures(texts.get(group, ""), texts.get(best[1], "")):
        return None
    return best[1], best[0]


def fit(
    near: Neighbours, rules: Mapping[str, str | None], labels: Mapping[str, str],
    texts: Mapping[str, str] | None = None,
) -> Carry:
    """Leave one out on the reviewer's labels, then the groups to carry to."""
    right = wrong = tried = 0
    for group, label in labels.items():
        if rules.get(group) == DATED_NEWS or source(group, near, labels, group, texts) is None:
            continue
        tried += 1
        if label == DATED_NEWS:
            right += 1
        elif rules.get(group) == label:
            wrong += 1
    figures = f"carried to your labelled groups, it mends {right} and spoils {wrong}"
    if right < MIN_WINS or right <= wrong:
        return Carry(False, f"dated news not carried: {figures}", right, wrong, tried)
    to = {}
    dated = (g for g, label in labels.items() if label == DATED_NEWS)
    for group in {other for g in dated for other in near.get(g, {})}:  # its only sources
        if group in labels or rules.get(group) == DATED_NEWS:
            continue
        found = source(group, near, labels, texts=texts)
        if found is not None:
            to[group] = found
    return Carry(True, f"dated news carried to close rewordings: {figures}", right, wrong, tried,
                 to)  # fmt: skip


def precision(carry: Carry) -> float:
    """Its share right where it was tried on the reviewer's labels: its confidence."""
    return round(carry.right / carry.tried, 3) if carry.tried else 0.0

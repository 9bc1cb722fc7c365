"""A simulated fact-checking desk: three reviewers on 1,000 groups, 20% overlap.

Every group has a true label (seeded); the overlap (every fifth group) is labelled by
all three reviewers, the rest split between them. Each reviewer departs from the
truth on a known share of the overlap (ana never, ben 10%, cy 25%), so the desk has
disagreements whose every figure the tests can compute from ``expected`` alone.
Each reviewer labels in their own copy of the project (laptops), or all in one file.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from claimcheck.models import LABELS, SENTENCE
from claimcheck.store import Project

from ._store_corpus import make_corpus

REVIEWERS = ("ana", "ben", "cy")
ERROR_RATE = {"ana": 0.0, "ben": 0.10, "cy": 0.25}
N_GROUPS = 1000
OVERLAP_EVERY = 5  # every fifth group: 20%


@dataclass
class Desk:
    base: Path  # the project before anyone labelled
    expected: dict[str, dict[str, str]]  # reviewer -> {group_id: label}
    overlap: list[str]  # the groups everyone labels


def desk_corpus():
    docs = [
        (f"d{d:03d}.txt",
         [(SENTENCE, f"Claim {d * 10 + i:04d} says figure {d * 10 + i} rose.") for i in range(10)])
        for d in range(N_GROUPS // 10)
    ]  # fmt: skip
    return make_corpus(docs)


def plan_desk(group_ids: list[str], seed: int = 13) -> tuple[dict[str, dict[str, str]], list[str]]:
    rng = random.Random(seed)
    truth = {g: rng.choice(LABELS) for g in group_ids}
    overlap = group_ids[::OVERLAP_EVERY]
    rest = [g for g in group_ids if g not in set(overlap)]
    expected: dict[str, dict[str, str]] = {r: {} for r in REVIEWERS}
    for g in overlap:
        for r in REVIEWERS:
            wrong = rng.random() < ERROR_RATE[r]
            expected[r][g] = rng.choice([x for x in LABELS if x != truth[g]]) if wrong else truth[g]
    for i, g in enumerate(rest):
        expected[REVIEWERS[i % len(REVIEWERS)]][g] = truth[g]
    return expected, overlap


def make_desk(tmp: Path) -> Desk:
    base = tmp / "base.sqlite"
    with Project.create(base, desk_corpus(), "nobody") as project:
        ids = [r.group_id for r in project.queue()]
    assert len(ids) == N_GROUPS
    expected, overlap = plan_desk(ids)
    return Desk(base, expected, overlap)


def label_copy(desk: Desk, reviewer: str, path: Path) -> Path:
    """``reviewer``'s labels in a copy of the base project of their own."""
    shutil.copyfile(desk.base, path)
    label_in(path, reviewer, desk.expected[reviewer])
    return path


def label_in(path: Path, reviewer: str, labels: dict[str, str]) -> None:
    with Project.open(path, reviewer) as project:
        project.decide_many([(g, "label", lab) for g, lab in sorted(labels.items())])

"""Overlap: which claim groups each reviewer of a desk sees.

A desk measures agreement without double work: a seeded PCT% sample of the groups
(the overlap) goes to every reviewer, and each other group to one of them. Both
choices are made per group from a hash of (seed, group id), not from the group's
place in a list, so group surgery (a merge or split makes or removes a few groups)
moves only those groups, never reshuffles everyone's share:

- the overlap is the ``round(PCT% * n)`` groups with the smallest hash;
- any other group goes to reviewer ``hash2 % len(reviewers)`` (an even split on
  average).

The same seed, reviewers and groups give the same shares on every machine.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class OverlapSetting:
    reviewers: tuple[str, ...]  # the desk, in the order given
    percent: float  # share of groups every reviewer sees, 0..100
    seed: int

    def __post_init__(self) -> None:
        if not 0 <= self.percent <= 100:
            raise ValueError(f"overlap must be a percentage from 0 to 100, not {self.percent}")
        if len(set(self.reviewers)) < 2 or len(set(self.reviewers)) != len(self.reviewers):
            raise ValueError("overlap needs two or more distinct reviewers")


def _hash(seed: int, group_id: str, salt: str) -> int:
    digest = hashlib.blake2b(f"{seed}\0{salt}\0{group_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def overlap_groups(group_ids: Iterable[str], setting: OverlapSetting) -> set[str]:
    """The seeded sample every reviewer sees."""
    ids = sorted(set(group_ids))
    k = round(len(ids) * setting.percent / 100)
    ranked = sorted(ids, key=lambda g: (_hash(setting.seed, g, "overlap"), g))
    return set(ranked[:k])


def shares(group_ids: Sequence[str], setting: OverlapSetting) -> dict[str, set[str]]:
    """Each reviewer's groups: the overlap, plus the others assigned to them."""
    common = overlap_groups(group_ids, setting)
    out = {name: set(common) for name in setting.reviewers}
    n = len(setting.reviewers)
    for g in group_ids:
        if g not in common:
            out[setting.reviewers[_hash(setting.seed, g, "reviewer") % n]].add(g)
    return out

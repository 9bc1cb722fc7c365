"""Overlap: a seeded PCT% sample every reviewer sees, the rest split one reviewer each."""

from __future__ import annotations

import pytest

from claimcheck.overlap import OverlapSetting, overlap_groups, shares

IDS = [f"g{i:05d}" for i in range(1000)]
DESK = OverlapSetting(("ana", "ben", "cy"), 20.0, 7)


def test_the_overlap_is_the_seeded_share_and_everyone_sees_it() -> None:
    common = overlap_groups(IDS, DESK)
    assert len(common) == 200
    mine = shares(IDS, DESK)
    assert all(common <= s for s in mine.values())
    for g in IDS:  # every other group to exactly one reviewer
        holders = [name for name, s in mine.items() if g in s]
        assert len(holders) == (3 if g in common else 1)
    rest = [len(s) - 200 for s in mine.values()]
    assert sum(rest) == 800 and min(rest) > 800 / 3 * 0.8  # split about evenly


def test_the_same_seed_gives_the_same_shares_another_seed_others() -> None:
    assert shares(IDS, DESK) == shares(list(reversed(IDS)), DESK)  # order does not matter
    other = OverlapSetting(DESK.reviewers, DESK.percent, 8)
    assert overlap_groups(IDS, other) != overlap_groups(IDS, DESK)


def test_surgery_moves_only_the_groups_it_touches() -> None:
    before = shares(IDS, DESK)
    after = shares([*IDS[1:], "g-split-off"], DESK)  # one group gone, one new
    moved = sum(len(before[n] ^ after[n]) for n in DESK.reviewers)
    assert moved <= 12  # the two groups themselves, and at most one at the sample's edge


@pytest.mark.parametrize(("reviewers", "percent"), [(("ana",), 20), (("ana", "ana"), 20),
                                                    (("ana", "ben"), 120)])  # fmt: skip
def test_a_bad_setting_is_refused(reviewers: tuple[str, ...], percent: float) -> None:
    with pytest.raises(ValueError):
        OverlapSetting(reviewers, percent, 0)


def test_all_overlap_or_none() -> None:
    assert all(s == set(IDS) for s in shares(IDS, OverlapSetting(("a", "b"), 100, 1)).values())
    none = shares(IDS, OverlapSetting(("a", "b"), 0, 1))
    assert none["a"].isdisjoint(none["b"]) and none["a"] | none["b"] == set(IDS)

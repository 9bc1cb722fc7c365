"""The fact guard blocks conflicts, not omissions."""

from __future__ import annotations

import pytest

from claimcheck.facts import conflict, facts_of


@pytest.mark.parametrize(
    ("a", "b", "clash"),
    [
        ("The 18th meeting was held.", "The 17th meeting was held.", True),
        ("The agency was founded in 1921.", "The agency was founded in 1950.", True),
        ("They met on Wednesday.", "They met on Friday.", True),
        ("Laos has recorded gains.", "Laos has never recorded gains.", True),
        ("14,000 cases and 511 deaths.", "14,000 cases and 600 deaths.", True),
        # omissions: a fact on one side only
        ("They met on Wednesday.", "They met.", False),
        ("14,000 cases and 511 deaths.", "511 deaths.", False),
        ("Twelve ministers met twice.", "12 ministers met twice.", False),
        ("It rose 2.50 percent.", "It rose 2.5 percent.", False),
        ("No facts here.", "None at all here.", False),
        # rounded and approximate figures are one figure; beyond the tolerance, two
        ("A nearly $3 billion bailout.", "A $2.9 billion bailout.", False),
        ("1,456 deaths were recorded.", "About 1,500 deaths were recorded.", False),
        ("SDR 2.286 billion (about US$3 billion).", "USD 3 billion.", False),
        ("14,000 cases were recorded.", "15,000 cases were recorded.", True),
        ("It had 17 members.", "It had 18 members.", True),
        # a copy cut short has unknown polarity: the negation may be in the lost part
        ("The board approved the plan ...", "The board approved the plan but did not sign.", False),
        ("The board approved the plan.", "The board did not approve the plan.", True),
    ],
)
def test_conflict(a: str, b: str, clash: bool) -> None:
    assert conflict(facts_of(a), facts_of(b)) is clash
    assert conflict(facts_of(b), facts_of(a)) is clash


def test_kinds() -> None:
    f = facts_of("On Monday, 3 of the 12th brigade's units left in January 2024.")
    assert f.kinds() == {
        "weekday": {"monday"},
        "number": {"3"},
        "ordinal": {"12"},
        "month": {"january"},
        "year": {"2024"},
    }

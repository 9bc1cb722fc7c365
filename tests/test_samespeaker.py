from __future__ import annotations

import numpy as np

from claimcheck.group import GroupOptions, group_units
from claimcheck.models import Unit
from claimcheck.samespeaker import apart, statement

DUFFY_PATTERNS = (
    "Transportation Secretary Sean Duffy said both aircraft had been on standard flight"
    " patterns on a clear night and that the collision was preventable."
)
DUFFY_RESTRICTIONS = (
    "Transportation Secretary Sean Duffy said the restrictions would stay in place while the"
    " investigation continued."
)
DUFFY_REWORDED = (
    "Transportation Secretary Sean Duffy said the collision was preventable, with both"
    " aircraft on standard flight patterns on a clear night."
)


def test_a_statement_is_its_speaker_and_what_follows_the_verb() -> None:
    who, words = statement(DUFFY_RESTRICTIONS) or ("", frozenset())
    assert who == "transportation secretary sean duffy"
    assert "restr" in words and "duffy" not in words
    assert statement("The restrictions would stay in place, Duffy said.") is None
    assert statement("The ministry said that prices rose.") is not None  # "that" kept in a core


def test_one_speaker_saying_two_things_is_apart_saying_one_thing_is_not() -> None:
    cores = [DUFFY_PATTERNS, DUFFY_RESTRICTIONS, DUFFY_REWORDED,
             "Fire Chief John Donnelly said the restrictions would stay in place."]  # fmt: skip
    got = apart(cores, np.array([0, 0, 1, 3]), np.array([1, 2, 3, 1]))
    # different statements; one statement reworded; different speakers (the matcher's job)
    assert got.tolist() == [True, False, False, False]


def _units(texts: list[str]) -> list[Unit]:
    return [Unit(f"d{i}", 0, 0, len(t), t, "sentence") for i, t in enumerate(texts)]


def test_grouping_keeps_two_statements_of_one_speaker_apart_unless_turned_off() -> None:
    units = _units([DUFFY_PATTERNS, DUFFY_RESTRICTIONS] * 2)  # each copied by a second page
    groups = group_units(units, GroupOptions(threshold=30))
    assert sorted(len(g.members) for g in groups) == [2, 2]
    joined = group_units(units, GroupOptions(threshold=30, same_speaker=False))
    assert [len(g.members) for g in joined] == [4]

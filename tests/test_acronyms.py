"""Acronyms a page defines, read before any lexicon lookup."""

from __future__ import annotations

from claimcheck.acronyms import defined_acronyms, long_form_before
from claimcheck.models import DATED_NEWS, SENTENCE, Corpus, Document, Group, Unit
from claimcheck.suggest import suggest_groups


def test_long_form_then_acronym_and_the_reverse() -> None:
    found = defined_acronyms(
        [
            "The Ruritanian Health Office (RHO) said so.",
            "Members of the Coastal Defence League (CDL) met.",
            "NATO (North Atlantic Treaty Organization) troops",
        ]
    )
    assert found == {
        "RHO": "ruritanian health office",
        "CDL": "coastal defence league",
        "NATO": "north atlantic treaty organization",
    }


def test_parentheses_that_define_nothing() -> None:
    assert defined_acronyms(["the clade (1b) spread", "a vote (AP) was held"]) == {}
    assert long_form_before("big dog (XY)", 8, "XY") is None


def _corpus(sentences: list[str]) -> Corpus:
    doc = Document("d", "d.txt", "", title="Army statute")
    units = [Unit("d", i, 0, len(s), s, SENTENCE) for i, s in enumerate(sentences)]
    groups = [Group(f"g{i}", [i], 1) for i in range(len(units))]
    return Corpus(documents=[doc], units=units, groups=groups)


def test_defined_initials_equal_to_an_agency_are_no_agency_credit() -> None:
    # "AP" is a wire service in the lexicon; here the page defines it as its army.
    sentences = [
        "The Armée Populaire (AP) is the land force of Ruritania.",
        "Officers of the (AP) serve for five years.",
    ]
    corpus = _corpus(sentences)
    suggest_groups(corpus)
    assert corpus.groups[1].suggestion.label != DATED_NEWS
    assert "agency" not in corpus.groups[1].suggestion.explanation


def test_undefined_agency_credit_still_counts() -> None:
    from claimcheck.suggest import unit_signals

    names = {s.name for s in unit_signals("Officers serve for five years (AP) in the north.")}
    assert "agency" in names

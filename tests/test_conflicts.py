"""Conflicting claims: the planted corpus, fact parsing, and the distractors it must pass."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimcheck.conflicts import (
    DATE,
    NAME,
    NUMBER,
    ORDINAL,
    YEAR,
    conflict_id,
    find_conflicts,
    mask,
)
from claimcheck.models import SENTENCE, Corpus, Document, Unit
from claimcheck.pipeline import build_corpus

PLANTED = Path(__file__).parent / "data" / "conflicts"


def corpus_of(*docs: list[str]) -> Corpus:
    """One document per list of sentences."""
    corpus = Corpus(root="mem")
    for n, sentences in enumerate(docs):
        doc_id = f"d{n}"
        text = " ".join(sentences)
        corpus.documents.append(Document(doc_id, f"{doc_id}.txt", text))
        pos = 0
        for i, sentence in enumerate(sentences):
            start = text.index(sentence, pos)
            corpus.units.append(Unit(doc_id, i, start, start + len(sentence), sentence, SENTENCE))
            pos = start + len(sentence)
    return corpus


def facts(text: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for fact in mask(text)[1]:
        out.setdefault(fact.kind, set()).add(fact.value)
    return out


def test_every_planted_conflict_is_found_with_precision_above_08() -> None:
    planted = json.loads((PLANTED / "PLANTED.json").read_text())["conflicts"]
    corpus = build_corpus([str(PLANTED / "corpus")])
    conflicts = find_conflicts(corpus)
    found, correct = set(), 0
    for c in conflicts:
        for name, (xs, ys) in planted.items():
            a_x, a_y = (any(s in c.a.text for s in side) for side in (xs, ys))
            b_x, b_y = (any(s in c.b.text for s in side) for side in (xs, ys))
            if (a_x and b_y) or (a_y and b_x):
                found.add(name)
                correct += 1
                break
    assert found == set(planted), f"missed: {set(planted) - found}"
    assert correct / len(conflicts) >= 0.8, [(c.a.text, c.b.text) for c in conflicts]


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("The agency counted 14,000 cases in the region this spring.", NUMBER, "14000"),
        ("The agency counted 14000 cases in the region this spring.", NUMBER, "14000"),
        ("The agency counted 16, 000 cases in the region this spring.", NUMBER, "16000"),
        ("The board approved a budget of 4.2 million euros for the works.", NUMBER, "4200000"),
        ("The board approved a $3-billion loan for the port works.", NUMBER, "3000000000"),
        ("Unemployment in the province reached 7.5 per cent by the end.", NUMBER, "7.5%"),
        ("The old stone bridge over the river was opened in 1912.", YEAR, "1912"),
        ("The summit will open on 14 June in the capital city.", DATE, "june 14"),
        ("The summit will open on June 14 in the capital city.", DATE, "june 14"),
        ("The summit opened on Wednesday in the capital city.", DATE, "wednesday"),
        ("The festival, now in its 31st year, drew large crowds.", ORDINAL, "31"),
        ("It was the third meeting of the joint border committee.", ORDINAL, "3"),
        ("Finance Minister Ana Lopes presented the plan to parliament.", NAME, "ana lopes"),
    ],
)
def test_facts_are_read_and_normalised(text: str, kind: str, value: str) -> None:
    assert value in facts(text).get(kind, set())


def test_a_body_is_not_the_holder_of_a_role() -> None:
    assert NAME not in facts("The WHO chief said the spread beyond the region is worrying.")
    assert NAME not in facts("The Finance Ministry's chief economist presented the plan.")


def test_same_value_written_differently_is_no_conflict() -> None:
    corpus = corpus_of(
        ["The harbour museum received 40,000 visitors last summer, its best season."],
        ["The harbour museum received 40000 visitors last summer, its best season."],
    )
    assert find_conflicts(corpus) == []


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # two periods: a different year and a different figure
        (
            "Fish catches in the northern bay fell by 12 percent in 2023 from the year before.",
            "Fish catches in the northern bay fell by 9 percent in 2024 from the year before.",
        ),
        # two subjects with the same sentence shape
        (
            "The ferry to Skerry Island takes 45 minutes in calm weather.",
            "The ferry to Holm Island takes 30 minutes in calm weather.",
        ),
        # one side says more: not a contradiction
        (
            "The ministry said 500 people were evacuated from the flooded valley.",
            "The ministry said 500 people and 40 cattle were evacuated from the flooded valley.",
        ),
        # a weekday cannot contradict a calendar date
        (
            "The committee approved the new harbour plan on Tuesday after a long debate.",
            "The committee approved the new harbour plan on 3 March after a long debate.",
        ),
    ],
)
def test_distractors_are_not_conflicts(a: str, b: str) -> None:
    assert find_conflicts(corpus_of([a], [b])) == []


def test_a_conflict_names_both_values_and_its_id_is_order_free() -> None:
    a = "The old lighthouse on the northern cape was built in 1874 by the harbour board."
    b = "The old lighthouse on the northern cape was built in 1878 by the harbour board."
    (conflict,) = find_conflicts(corpus_of([a], [b]))
    assert conflict.kinds == (YEAR,)
    assert {conflict.differing[0][0], conflict.differing[0][1]} == {"1874", "1878"}
    (again,) = find_conflicts(corpus_of([b], [a]))
    assert again.conflict_id == conflict.conflict_id == conflict_id(conflict.a, conflict.b)


def test_copies_are_one_side_and_ranking_puts_closer_texts_first() -> None:
    close = "The council approved a budget of 4.2 million euros for the dredging works."
    close_b = "The council approved a budget of 5.1 million euros for the dredging works."
    loose = "A budget of 6 million euros was set aside by the council for dredging works."
    corpus = corpus_of([close], [close], [close_b], [loose])
    conflicts = find_conflicts(corpus)
    assert conflicts[0].score >= conflicts[-1].score
    best = conflicts[0]
    assert {best.a.text, best.b.text} == {close, close_b}
    side = best.a if best.a.text == close else best.b
    assert len(side.units) == 2  # both copies behind one side


def test_figures_of_two_days_are_no_conflict() -> None:
    a = "The harbour fish index rose by 2 percent on Monday in early trading."
    b = "The harbour fish index rose by 3 percent on Tuesday in early trading."
    assert find_conflicts(corpus_of([a], [b])) == []

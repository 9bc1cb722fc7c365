"""A page's genre label: in a title, alone at the head, or in a columnist's byline."""

from __future__ import annotations

import pytest

from claimcheck.genre import (
    EXPLAINER,
    LISTICLE,
    OPINION,
    head_label,
    is_columnist_bio,
    title_label,
)


@pytest.mark.parametrize(
    ("title", "genre"),
    [
        ("Opinion: fees will not save the harbour", OPINION),
        ("OP-ED | The council got it wrong", OPINION),
        ("Commentary — a port for whom?", OPINION),
        ("Letters to the editor: on the harbour fees", OPINION),
        ("Explainer: why the port is betting on a bigger harbour", EXPLAINER),
        ("Q&A: what the new fees mean", EXPLAINER),
        ("Analysis: what the harbour squeeze taught shippers", OPINION),  # argues, as a column
        ("ANALYSIS-Port fees bite as traffic slows", OPINION),
        ("Analysis of port traffic shows a fall in May", None),  # a word, not a label
        ("Port Vell council approves new harbour fees", None),
        ("Opinion polls show support for the fees", None),  # a word, not a label
        ("Opinion | Sport | World", None),  # a navigation line
        ("Guidelines for harbour pilots changed in May", None),
        ("7 Things Nobody Tells You About the Harbour Fees", LISTICLE),
        ("# 9 Shocking Facts About the Port (Number 6 Will Surprise You)", LISTICLE),
        ("The 10 best reasons to visit Port Vell", LISTICLE),
        ("Top 5 ways to beat the harbour queue", LISTICLE),
        ("12 ships turned away as harbour fees bite", None),  # a count in a report
        ("3 killed as storm hits Port Vell", None),
    ],
)
def test_title_label(title: str, genre: str | None) -> None:
    assert title_label(title) == genre


def test_head_label_alone_or_a_columnists_byline() -> None:
    assert head_label("COMMENTARY") == (OPINION, len("COMMENTARY"))
    assert head_label("By Ana Ruiz, columnist") is not None
    assert head_label("By Jorge Álvarez, contributing columnist") is not None
    assert head_label("By Ana Ruiz, staff reporter") is None
    assert head_label("Guide") is None  # alone, a menu item as often as a label
    assert head_label("Analysis") is None  # so is "Analysis"
    genre, end = head_label("Explainer: the fees in five questions")
    assert genre == EXPLAINER and "Explainer: the fees"[:end] == "Explainer: t"


@pytest.mark.parametrize(
    ("line", "bio"),
    [
        ("Ana Ruiz writes about harbours and their money every Thursday.", True),
        ("Ivo Bell is a contributing columnist.", True),
        ("Ivo Bell is a former harbour pilot and columnist.", True),
        ("Ivo Bell is a former harbour pilot who writes about shipping.", True),
        ("Ivo Bell is a harbour pilot who wrote to the council.", False),
        ("Mayor Ode writes to every household each spring.", False),  # a report
        ("The council writes off 2 million euros of debt.", False),  # not a name
        ("Ivo Bell is a harbour pilot.", False),
    ],
)
def test_a_columnists_bio(line: str, bio: bool) -> None:
    assert is_columnist_bio(line) is bio

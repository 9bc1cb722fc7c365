"""Carrying the reviewer's dated news to close rewordings (carry.py)."""

from __future__ import annotations

from claimcheck.carry import MIN_SCORE, adds_figures, fit, neighbours, precision, source
from claimcheck.models import DATED_NEWS, GENERIC, UNSUPPORTED

HIGH = MIN_SCORE + 0.1
LOW = MIN_SCORE - 0.1


def test_neighbours_are_both_ways_and_keep_the_better_score() -> None:
    near = neighbours([("a", "b", 0.4), ("b", "a", 0.6), ("a", "c", 0.5), ("a", "a", 0.9)])
    assert near == {"a": {"b": 0.6, "c": 0.5}, "b": {"a": 0.6}, "c": {"a": 0.5}}


def test_a_group_takes_dated_news_only_from_its_closest_related_group() -> None:
    near = neighbours([("x", "news", HIGH), ("x", "other", LOW)])
    assert source("x", near, {"news": DATED_NEWS}) == ("news", HIGH)
    # a closer group, even unlabelled, is the one that counts
    closer = neighbours([("x", "news", HIGH), ("x", "other", HIGH + 0.1)])
    assert source("x", closer, {"news": DATED_NEWS}) is None
    # too far, or labelled otherwise: nothing to take
    far = neighbours([("x", "news", LOW)])
    assert source("x", far, {"news": DATED_NEWS}) is None
    assert source("x", near, {"news": UNSUPPORTED}) is None


def _corpus(n_right: int, n_wrong: int) -> tuple[dict, dict, dict]:
    """Pairs of a labelled dated report and a rewording the rules call unsupported; the
    reviewer labels ``n_right`` rewordings dated news and ``n_wrong`` of them unsupported
    (the rules right there), and leaves one pair's rewording unlabelled."""
    rows, rules, labels = [], {}, {}
    for i in range(n_right + n_wrong + 1):
        rows.append((f"report{i}", f"reword{i}", HIGH))
        rules[f"report{i}"], rules[f"reword{i}"] = DATED_NEWS, UNSUPPORTED
        labels[f"report{i}"] = DATED_NEWS
        if i < n_right:
            labels[f"reword{i}"] = DATED_NEWS
        elif i < n_right + n_wrong:
            labels[f"reword{i}"] = UNSUPPORTED
    return neighbours(rows), rules, labels


def test_it_carries_when_the_reviewers_labels_back_it() -> None:
    near, rules, labels = _corpus(n_right=3, n_wrong=1)
    carry = fit(near, rules, labels)
    assert carry.use, carry.reason
    assert (carry.right, carry.wrong, carry.tried) == (3, 1, 4)
    assert carry.to == {"reword4": ("report4", HIGH)}  # the unlabelled one only
    assert precision(carry) == 0.75
    assert "mends 3 and spoils 1" in carry.reason


def test_it_stays_shut_on_too_little_or_bad_evidence() -> None:
    for right, wrong in ((1, 0), (2, 2), (0, 3)):
        carry = fit(*_corpus(n_right=right, n_wrong=wrong))
        assert not carry.use and not carry.to, (right, wrong)
        assert carry.reason.startswith("dated news not carried")


def test_it_never_overrules_dated_news_nor_carries_another_label() -> None:
    near, rules, labels = _corpus(n_right=3, n_wrong=0)
    rules["reword3"] = DATED_NEWS  # the rules already say so: nothing to carry
    assert fit(near, rules, labels).to == {}
    near, rules, labels = _corpus(n_right=3, n_wrong=0)
    labels["report3"] = GENERIC  # the closest labelled group is not dated news
    assert fit(near, rules, labels).to == {}


def test_a_line_stating_a_figure_its_report_does_not_takes_nothing() -> None:
    near, rules, labels = _corpus(n_right=3, n_wrong=1)
    texts = {f"report{i}": f"The quake measured magnitude 8.8 on day {i}." for i in range(5)}
    texts |= {f"reword{i}": f"A magnitude 8.8 quake struck on day {i}." for i in range(5)}
    assert fit(near, rules, labels, texts).to == {"reword4": ("report4", HIGH)}
    texts["reword4"] = "The quake measured a staggering magnitude 9.1 on day 4."
    assert fit(near, rules, labels, texts).to == {}  # 9.1: more than (or not) the report
    assert adds_figures("It killed 1,200 people.", "At least 1200 people died.") is False
    assert adds_figures("It struck in 2011.", "It struck last year.") is True

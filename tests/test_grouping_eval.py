"""benchmarks/grouping_eval.py's related-claims coverage: gold sentences placed on the
tool's units as the shared scorer places them, then the share of claims that find a
partner in their group or its top-5 related groups."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from claimcheck.models import Group
from claimcheck.pipeline import RunOptions, build_corpus

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import grouping_eval  # noqa: E402

# A page whose markup comes before its text: offsets in the extracted text (what units
# point into) are far from those in the raw file (what gold spans point into).
HTML = """<!DOCTYPE html>
<html><head><title>Canal levels</title>
<style>body { font-family: serif; margin: 2em; } p { line-height: 1.4; }</style>
<meta name="description" content="A page whose head is long enough to shift offsets.">
</head><body><article>
<p>The canal authority cut daily transits to 24 ships because of the drought.</p>
<p>Water levels in Gatun Lake fell to their lowest point since records began.</p>
<p>Shipping lines were told to expect waits of up to three weeks at both ends.</p>
</article></body></html>
"""
TXT = """The canal authority cut daily transits to 24 ships because of the drought.
Water levels in Gatun Lake fell to their lowest point since records began.
Shipping lines were told to expect waits of up to three weeks at both ends.
"""
SENTENCES = [  # (text, gold group): each sentence is in both files
    ("The canal authority cut daily transits to 24 ships because of the drought.", "cuts"),
    ("Water levels in Gatun Lake fell to their lowest point since records began.", "lake"),
    ("Shipping lines were told to expect waits of up to three weeks at both ends.", "waits"),
]


def _gold() -> dict:
    sentences = [
        {"id": f"{doc[0]}{k}", "doc": doc, "text": text, "claim": True, "group": group,
         "tier": "near_duplicate", "label": "generic"}
        for doc in ("a.html", "b.txt")
        for k, (text, group) in enumerate(SENTENCES)
    ]  # fmt: skip
    docs = {"a.html": {"kind": "news"}, "b.txt": {"kind": "news"}}
    return {"docs": docs, "sentences": sentences}


def _corpus(tmp_path: Path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.html").write_text(HTML, encoding="utf-8")
    (folder / "b.txt").write_text(TXT, encoding="utf-8")
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps(_gold()), encoding="utf-8")
    return gold, folder, build_corpus([str(folder)], RunOptions(suggest=False, workers=1))


def _unit(corpus, doc: str, text: str) -> int:
    paths = {d.doc_id: d.path for d in corpus.documents}
    [i] = [i for i, u in enumerate(corpus.units) if paths[u.doc_id] == doc and u.text == text]
    return i


def test_gold_claims_on_an_html_page_land_on_their_own_units(tmp_path: Path) -> None:
    scorer = grouping_eval.load_scorer()
    if scorer is None:
        pytest.skip("needs ../shared/benchmarks/claims/score.py, whose matching it reuses")
    gold_path, folder, corpus = _corpus(tmp_path)
    html = next(d for d in corpus.documents if d.path == "a.html")
    assert HTML.find(SENTENCES[0][0]) > html.text.find(SENTENCES[0][0]) + 100  # offsets differ
    gold = _gold()
    match = grouping_eval.gold_units(scorer, gold, folder, corpus)
    assert match == [_unit(corpus, s["doc"], s["text"]) for s in gold["sentences"]]
    # the tool joins the two copies of "cuts", relates the two copies of "lake", and
    # keeps the two copies of "waits" apart with nothing between them: 4 of 6 claims
    cut = [_unit(corpus, d, SENTENCES[0][0]) for d in ("a.html", "b.txt")]
    lake = [_unit(corpus, d, SENTENCES[1][0]) for d in ("a.html", "b.txt")]
    wait = [_unit(corpus, d, SENTENCES[2][0]) for d in ("a.html", "b.txt")]
    corpus.groups = [
        Group("g-cut", cut, 2),
        Group("g-lake1", lake[:1], 1, related=[("g-lake2", 0.4)]),
        Group("g-lake2", lake[1:], 1, related=[("g-lake1", 0.4)]),
        Group("g-wait1", wait[:1], 1),
        Group("g-wait2", wait[1:], 1),
    ]
    assert grouping_eval.related_coverage(scorer, gold_path, folder, corpus) == round(4 / 6, 3)


def test_coverage_counts_claims_with_a_partner_and_misses_the_ungrouped() -> None:
    sentences = [
        {"claim": True, "group": "x"},  # 0: grouped with 1
        {"claim": True, "group": "x"},  # 1
        {"claim": True, "group": "y"},  # 2: its partner 3 is on a unit in no group
        {"claim": True, "group": "y"},  # 3
        {"claim": True, "group": "z"},  # 4: no partner, not counted
        {"claim": False, "group": ""},  # 5: not a claim, not counted
        {"claim": True, "group": "w"},  # 6: its partner 7 was not placed: not counted
        {"claim": True, "group": "w"},  # 7
        {"claim": True, "group": "v"},  # 8: partner 9 is the 6th related group: too far
        {"claim": True, "group": "v"},  # 9
    ]
    match = [0, 1, 2, 3, 4, 5, 6, None, 8, 9]
    far = [(f"r{k}", 0.5) for k in range(5)]
    groups = [
        Group("g01", [0, 1], 2),
        Group("g2", [2], 1),
        Group("g4", [4], 1),
        Group("g6", [6], 1),
        Group("g8", [8], 1, related=[*far, ("g9", 0.3)]),
        Group("g9", [9], 1, related=[("g8", 0.3)]),
    ]
    # counted: 0, 1, 2, 3, 8, 9; hits: 0, 1 (same group), 9 (8 is in its top 5)
    assert grouping_eval.coverage(sentences, match, groups) == 0.5
    assert grouping_eval.coverage(sentences[4:6], match[4:6], groups) is None

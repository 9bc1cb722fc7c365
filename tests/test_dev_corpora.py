"""The dev corpora we wrote (benchmarks/corpora/): gold files well-formed, spans in the text.

The shared score script (../shared) locates each gold unit by searching its file from the
end of the previous unit; these tests check the same thing without it, plus the format
rules of the shared claims README (ids, labels, groups, tiers, near-duplicate pairs) and
that gold.json is exactly what build_gold.py makes from the hand annotations.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import re
from pathlib import Path
from types import ModuleType

import pytest

CORPORA = Path(__file__).resolve().parents[1] / "benchmarks" / "corpora"


def _script(path: Path) -> ModuleType:
    """A benchmark script loaded as a module (benchmarks/ is no package)."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Our corpora as dev_scores.py registers them (the one list every benchmark reads)
TOPICS = tuple(
    name
    for name, (_, folder) in _script(CORPORA.parent / "dev_scores.py").CORPORA.items()
    if folder.is_relative_to(CORPORA)
)
LABELS = {"dated_news", "generic", "unsupported"}


def _gold(topic: str) -> dict:
    return json.loads((CORPORA / topic / "gold.json").read_text(encoding="utf-8"))


def _builder() -> ModuleType:
    return _script(CORPORA / "build_gold.py")


@pytest.mark.parametrize("topic", TOPICS)
def test_docs_are_the_corpus_files(topic: str) -> None:
    gold = _gold(topic)
    files = {p.name for p in (CORPORA / topic / "corpus").iterdir()}
    assert set(gold["docs"]) == files
    for meta in gold["docs"].values():
        assert meta["kind"] in ("news", "content-farm")
        assert meta["date"] is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta["date"])
    assert {s["doc"] for s in gold["sentences"]} == files  # every page has units


@pytest.mark.parametrize("topic", TOPICS)
def test_units_are_found_in_order_in_their_files(topic: str) -> None:
    gold = _gold(topic)
    pos: dict[str, int] = {}
    count: dict[str, int] = {}
    for s in gold["sentences"]:
        doc = s["doc"]
        text = (CORPORA / topic / "corpus" / doc).read_text(encoding="utf-8")
        count[doc] = count.get(doc, 0) + 1
        assert s["id"] == f"{Path(doc).stem}:{count[doc]}"
        assert s["text"] and s["text"] == s["text"].strip()
        i = text.find(s["text"], pos.get(doc, 0))
        assert i >= 0, (s["id"], s["text"][:60])
        pos[doc] = i + len(s["text"])


@pytest.mark.parametrize("topic", TOPICS)
def test_claims_labels_and_groups_agree(topic: str) -> None:
    gold = _gold(topic)
    by_id = {s["id"]: s for s in gold["sentences"]}
    for s in gold["sentences"]:
        has = (s["label"] is not None, s["group"] is not None)
        assert has == (s["claim"], s["claim"]), s["id"]
        assert s["label"] is None or s["label"] in LABELS
    members = {s["id"] for s in gold["sentences"] if s["claim"]}
    grouped = [m for g in gold["groups"].values() for m in g["members"]]
    assert sorted(grouped) == sorted(members)  # each claim in exactly one group
    for gid, g in gold["groups"].items():
        sents = [by_id[m] for m in g["members"]]
        assert {s["group"] for s in sents} == {gid}
        assert {s["label"] for s in sents} == {g["label"]}  # the label is a group value
        assert {s["tier"] for s in sents} == {g["tier"]}
        assert g["docs"] == list(dict.fromkeys(s["doc"] for s in sents))
        assert g["cross_document"] == (len(g["docs"]) > 1)
        nd = {frozenset(p) for p in g["near_duplicate_pairs"]}
        assert all(p <= set(g["members"]) and len(p) == 2 for p in nd)
        pairs = {frozenset(p) for p in itertools.combinations(g["members"], 2)}
        if len(sents) == 1:
            assert g["tier"] is None
        else:
            assert g["tier"] == ("near_duplicate" if nd == pairs else "same_claim")


@pytest.mark.parametrize("topic", TOPICS)
def test_gold_is_built_from_the_annotations(topic: str) -> None:
    assert _builder().build(topic) == _gold(topic)


def test_splitter_keeps_abbreviations_and_drops_markers(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# Title\n- Gov. Moore said it hit at 1:30 a.m. Tuesday. Two died.\n",
                    encoding="utf-8")
    units = [text for _, text in _builder().split_file(page)]
    assert units == ["Title", "Gov. Moore said it hit at 1:30 a.m. Tuesday.", "Two died."]


def test_splitter_keeps_a_middle_initial(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("Robert F. Kennedy Jr. spoke. He left at noon. It was Plan B. Then rain.\n",
                    encoding="utf-8")
    units = [text for _, text in _builder().split_file(page)]
    assert units == ["Robert F. Kennedy Jr. spoke.", "He left at noon.",
                     "It was Plan B. Then rain."]


def test_a_draft_reads_back_with_its_straight_quotes(tmp_path: Path, monkeypatch) -> None:
    builder = _builder()
    (tmp_path / "t" / "corpus").mkdir(parents=True)
    (tmp_path / "t" / "corpus" / "01_page.txt").write_text(
        'He said "no" to the plan. It failed.\n', encoding="utf-8")
    monkeypatch.setattr(builder, "HERE", tmp_path)
    builder.draft("t", force=False)
    rows = builder._read_tsv(tmp_path / "t" / "annotations.tsv")
    assert [r["text"] for r in rows] == ['He said "no" to the plan.', "It failed."]

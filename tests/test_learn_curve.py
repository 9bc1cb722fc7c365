"""The simulated reviewer of benchmarks/learn_curve.py: it follows the app's own queue."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from sklearn.metrics import f1_score

from claimcheck.models import LABELS, Corpus
from claimcheck.pipeline import RunOptions, build_corpus
from claimcheck.store import Project

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import learn_curve  # noqa: E402


def _macro_f1(pairs: list[tuple[str, str | None]]) -> dict[str, float]:
    gold, pred = zip(*pairs, strict=True)
    return {"macro_f1": f1_score(gold, [p or "" for p in pred], labels=list(LABELS),
                                 average="macro", zero_division=0)}  # fmt: skip


SCORE = SimpleNamespace(macro_f1=_macro_f1)  # score.py's formula, without ../shared


@pytest.fixture(scope="module")
def sample() -> Corpus:
    return build_corpus([str(ROOT / "corpus")], RunOptions(workers=1))


def test_the_reviewer_labels_the_top_of_the_apps_queue_and_is_scored_on_the_rest(
    sample: Corpus, tmp_path: Path
) -> None:
    # Gold: every third group left out (no gold claim: the reviewer skips it), the rest
    # the rules' own label (so the rules are perfect and the gate keeps them).
    gold = {g.group_id: g.suggestion.label for i, g in enumerate(sample.groups)
            if i % 3 and g.suggestion is not None}  # fmt: skip
    result = learn_curve.curve("sample", sample, gold, [10, 20], SCORE, "size", tmp_path)
    assert [row["k"] for row in result["curve"]] == [10, 20]
    assert all(row["rest"] == len(gold) - row["k"] for row in result["curve"])
    assert all(row["rules"] == row["learned"] == pytest.approx(1.0) for row in result["curve"])
    with Project.open(tmp_path / "sample-size.sqlite", "simulated") as project:
        labelled = project.labels()
        expected = [r.group_id for r in project.queue(sort="size") if r.group_id in gold][:20]
    assert set(labelled) == set(expected)  # the first 20 with gold, in the app's order
    assert all(labelled[g] == gold[g] for g in expected)

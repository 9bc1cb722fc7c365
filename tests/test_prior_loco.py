"""The round-11 pooled-prior benchmark (benchmarks/prior_*.py, train_prior.py)."""

from __future__ import annotations

import contextlib
import io
import json
import sys
from pathlib import Path

import numpy as np
import pytest

from claimcheck.export import write_units
from claimcheck.models import LABELS, Corpus
from claimcheck.pipeline import RunOptions, build_corpus

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import prior_cache  # noqa: E402
import prior_loco  # noqa: E402
import prior_model  # noqa: E402
import train_prior  # noqa: E402


@pytest.fixture(scope="module")
def sample() -> Corpus:
    return build_corpus([str(ROOT / "corpus")], RunOptions(workers=1))


def _rows(sample: Corpus, flip_every: int = 0) -> train_prior.Rows:
    """Every grouped claim unit as scored, gold = the rules' label (every ``flip_every``-th
    another label)."""
    units = []
    for g in sample.groups:
        for k, m in enumerate(g.members):
            label = g.suggestion.label
            if flip_every and k % flip_every == 1:
                label = LABELS[(LABELS.index(label) + 1) % len(LABELS)]
            units.append((m, label))
    return train_prior.rows_of("sample", sample, units)


@pytest.mark.parametrize("interactions", [True, False])
def test_features_have_their_named_columns_and_the_interactions_are_products(
    sample: Corpus, interactions: bool
) -> None:
    x = prior_model.features(sample, interactions)
    names = prior_model.feature_names(interactions)
    assert x.shape == (len(sample.groups), len(names))
    assert np.isfinite(x).all()
    if interactions:
        col = {n: i for i, n in enumerate(names)}
        for lab in LABELS:
            for f in prior_model.INTERACTIONS:
                got = x[:, col[f"rule_{lab}_x_{f}"]]
                assert np.array_equal(got, x[:, col[f"rule_{lab}"]] * x[:, col[f]])


def test_a_fit_is_deterministic_and_its_json_gives_the_same_probabilities(
    sample: Corpus,
) -> None:
    rows = _rows(sample, flip_every=4)
    a, b = train_prior.fit([rows]), train_prior.fit([rows])
    assert json.dumps(a.to_json()) == json.dumps(b.to_json())
    again = prior_model.Prior.from_json(json.loads(json.dumps(a.to_json())))
    pa, pb = a.proba(rows.x), again.proba(rows.x)
    assert np.allclose(pa.sum(axis=1), 1.0)
    assert np.abs(pa - pb).max() < 1e-4  # JSON rounds to 6 decimals


def test_the_prior_learns_the_rules_when_gold_is_the_rules_and_a_huge_margin_keeps_them(
    sample: Corpus,
) -> None:
    rows = _rows(sample)
    prior = train_prior.fit([rows])
    assert prior_loco.predict(prior, rows, None) == rows.rules
    kept = _rows(sample, flip_every=2)
    assert prior_loco.predict(train_prior.fit([kept]), kept, 1.01) == kept.rules


def test_scored_units_score_as_score_py_scores_the_tools_jsonl(
    sample: Corpus, tmp_path: Path
) -> None:
    score = prior_cache.load_scorer()
    if score is None:
        pytest.skip("../shared score.py not here")
    gold_path, folder = prior_cache.CORPORA["sample"]
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    units = prior_cache.scored_units(sample, gold, folder, score)
    rows = train_prior.rows_of("sample", sample, units)
    pred = tmp_path / "sample.jsonl"
    write_units(sample, str(pred), "jsonl")
    with contextlib.redirect_stdout(io.StringIO()):
        res = score.main(["score.py", str(gold_path), str(folder), str(pred), "--json"])
    mine = score.macro_f1(list(zip(rows.gold, rows.rules, strict=True)))
    assert mine == {k: v for k, v in res["labels"].items() if k != "column"}

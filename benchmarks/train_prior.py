"""Fit the pooled prior (``prior_model``) on our own corpora's gold.

Usage: python benchmarks/train_prior.py [--cache DIR] [--out PATH] [--no-interactions]

Training data: ``benchmarks/corpora/*`` except the held-out fedcut, as cached by
``benchmarks/prior_cache.py`` (built from repo files only). One row per gold claim unit
score.py scores labels on, with the features of the tool group its unit is in; target:
the unit's gold label. Multinomial logistic regression, L2 (C = 1), classes balanced,
over standardized features; the coefficients are written as JSON (rounded: the same
file on every re-run). Not shipped: it lost to the rules leave-one-corpus-out
(``prior_loco.py``; docs/learn.md, "Round 11"), so the default output is in the cache.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from prior_cache import DEFAULT_CACHE  # noqa: E402
from prior_model import Prior, feature_names, features  # noqa: E402

# benchmarks/corpora/* but fedcut, held out
TRAINING = (
    "bridge", "aiact", "notoquake", "moonland", "superleague", "canal", "outage", "horizon",
    "doorplug", "plastics", "chipcap", "yencarry", "fourday", "starliner", "titan", "sweetener",
)  # fmt: skip
DEFAULT_OUT = DEFAULT_CACHE / "prior.json"
C = 1.0


@dataclass
class Rows:
    """One corpus's scored units: features of their group, gold and rules' labels."""

    name: str
    x: np.ndarray
    gold: list[str]
    rules: list[str | None]
    grouped: list[bool]  # the unit is in a tool group (else it has no suggestion)


def rows_of(name: str, corpus, units: list[tuple[int, str]], interactions: bool = True) -> Rows:
    """``units``: (tool unit index, gold label), as ``prior_cache.scored_units``."""
    x = features(corpus, interactions)
    group_of = {m: gi for gi, g in enumerate(corpus.groups) for m in g.members}
    idx, gold, rules, grouped = [], [], [], []
    for ui, label in units:
        gi = group_of.get(ui)
        g = corpus.groups[gi] if gi is not None else None
        idx.append(gi if gi is not None else 0)
        gold.append(label)
        rules.append(g.suggestion.label if g is not None and g.suggestion else None)
        grouped.append(gi is not None)
    xs = x[idx] if len(x) else np.zeros((len(idx), 0))
    return Rows(name, xs, gold, rules, grouped)


def load_rows(cache: Path, name: str, interactions: bool = True) -> Rows:
    with (cache / f"{name}.pkl").open("rb") as fh:  # our own cache (prior_cache.py)
        data = pickle.load(fh)
    return rows_of(name, data["corpus"], data["units"], interactions)


def fit(corpora: list[Rows]) -> Prior:
    """The prior fitted on the grouped units of ``corpora``."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression

    x = np.vstack([r.x[np.array(r.grouped, dtype=bool)] for r in corpora])
    y = np.array([g for r in corpora for g, k in zip(r.gold, r.grouped, strict=True) if k])
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=C, class_weight="balanced", max_iter=5000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit((x - mean) / scale, y)
    names = feature_names(x.shape[1] == len(feature_names(True)))
    return Prior(tuple(str(c) for c in model.classes_), mean, scale, model.coef_,
                 model.intercept_, tuple(r.name for r in corpora), tuple(names))  # fmt: skip


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--no-interactions", action="store_true", help="the first feature set")
    args = ap.parse_args(argv)
    prior = fit([load_rows(args.cache, n, not args.no_interactions) for n in TRAINING])
    args.out.write_text(json.dumps(prior.to_json(), indent=1) + "\n", encoding="utf-8")
    print(f"train_prior: {args.out} ({len(TRAINING)} corpora)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

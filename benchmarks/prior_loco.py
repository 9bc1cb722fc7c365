"""Leave-one-corpus-out: does a pooled prior beat the rules on corpora it never saw?

Usage: python benchmarks/prior_loco.py [--cache DIR] [--no-interactions] [--final] [--json OUT]

Reads the corpora ``benchmarks/prior_cache.py`` cached (run it first). Training
corpora: ours (``benchmarks/corpora``) except the held-out fedcut. For each, a prior
(``prior_model``; ``train_prior.fit``) is fitted on the other 15 and predicts it;
label macro-F1 is score.py's own (``macro_f1`` over the gold claim units it scores, each
with the label of the tool group its unit is in) for the rules and for the variants of
the decision rule (docs/learn.md, "Round 11"): P, the prior everywhere; B2/B4, the prior
only where p(its label) - p(the rules' label) >= 0.2/0.4. Then one fit on all 16
predicts sample, health and economy (never trained on); ``--final`` adds fedcut.
``--no-interactions``: the first feature set (without revision 1's columns).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from dev_scores import load_scorer  # noqa: E402
from prior_cache import DEFAULT_CACHE  # noqa: E402
from prior_model import Prior  # noqa: E402
from train_prior import TRAINING, Rows, fit, load_rows  # noqa: E402

EVALUATION = ("sample", "health", "economy")
HELDOUT = "fedcut"
VARIANTS = {"P": None, "B2": 0.2, "B4": 0.4}  # margin over the rules' label's probability


def predict(prior: Prior, rows: Rows, margin: float | None) -> list[str | None]:
    """The label of each scored unit: the prior's, or the rules' where ``margin`` keeps them."""
    proba = prior.proba(rows.x)
    best = proba.argmax(axis=1)
    index = {c: i for i, c in enumerate(prior.classes)}
    out: list[str | None] = []
    for k, rule in enumerate(rows.rules):
        if not rows.grouped[k]:
            out.append(rule)  # in no group: no suggestion either way
            continue
        mine = prior.classes[best[k]]
        if margin is not None:
            p_rule = proba[k, index[rule]] if rule in index else 0.0
            if proba[k, best[k]] - p_rule < margin:
                mine = rule
        out.append(mine)
    return out


def scores(score, prior: Prior, rows: Rows) -> dict[str, float]:
    out = {"rules": score.macro_f1(list(zip(rows.gold, rows.rules, strict=True)))["macro_f1"]}
    for name, margin in VARIANTS.items():
        pred = predict(prior, rows, margin)
        out[name] = score.macro_f1(list(zip(rows.gold, pred, strict=True)))["macro_f1"]
        out[f"{name}_changed"] = sum(p != r for p, r in zip(pred, rows.rules, strict=True))
    out["n"] = len(rows.gold)
    return out


def _line(name: str, s: dict[str, float]) -> str:
    cells = [f"{s['rules']:.3f}"] + [
        f"{s[v]:.3f} ({s[v] - s['rules']:+.3f}, {s[f'{v}_changed']:>3} ch)" for v in VARIANTS
    ]
    return f"{name:<12} {s['n']:>4}  " + "  ".join(cells)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    ap.add_argument("--final", action="store_true", help="also fedcut (held out), once")
    ap.add_argument("--no-interactions", action="store_true", help="the first feature set")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    score = load_scorer()
    inter = not args.no_interactions
    data = {name: load_rows(args.cache, name, inter) for name in TRAINING}
    head = "corpus          n  rules  " + "  ".join(f"{v:<20}" for v in VARIANTS)
    print("leave one corpus out\n" + head)
    loco = {}
    for name in TRAINING:
        prior = fit([data[n] for n in TRAINING if n != name])
        loco[name] = scores(score, prior, data[name])
        print(_line(name, loco[name]), flush=True)
    for v in VARIANTS:
        deltas = np.array([loco[n][v] - loco[n]["rules"] for n in TRAINING])
        print(f"{v}: mean delta {deltas.mean():+.4f}, min {deltas.min():+.3f} "
              f"({TRAINING[int(deltas.argmin())]}), corpora below -0.03: "
              f"{int((deltas < -0.03).sum())}, above 0: {int((deltas > 0).sum())}")  # fmt: skip
    prior = fit([data[n] for n in TRAINING])
    print("\nfit on all 16\n" + head)
    final = {}
    for name in EVALUATION + ((HELDOUT,) if args.final else ()):
        final[name] = scores(score, prior, load_rows(args.cache, name, inter))
        print(_line(name, final[name]))
    if args.json:
        args.json.write_text(json.dumps({"loco": loco, "final": final}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

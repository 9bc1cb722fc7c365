"""Grouping's pair decision on the hand-labelled pairs (tests/data/pairs.csv).

Usage: python benchmarks/pairs_eval.py [--pairs PATH] [--json OUT]

Scores every pair as grouping does (``group.score_text_pairs``: claim cores and full
texts, tf-idf + containment, the conflict-only fact guard), prints precision/recall
by threshold and by kind of pair (copies, paraphrases, same-topic hard negatives,
changed facts). The pairs come from the sample corpus (content-farm paraphrase): a
second view beside ``grouping_eval.py``'s gold corpora.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

import numpy as np

from claimcheck.group import GroupOptions, score_text_pairs

ROOT = Path(__file__).resolve().parents[1]
THRESHOLDS = list(range(30, 95, 5))


def load_pairs(path: Path) -> tuple[list[str], list[str], np.ndarray, list[str]]:
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    same = np.array([r["same"] == "1" for r in rows])
    return [r["a"] for r in rows], [r["b"] for r in rows], same, [r["note"] for r in rows]


def prf(pred: np.ndarray, same: np.ndarray) -> tuple[float, float, float]:
    tp = int((pred & same).sum())
    p = tp / max(int(pred.sum()), 1)
    r = tp / max(int(same.sum()), 1)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def kind_of(note: str) -> str:
    note = note.lower()
    for kind in ("copy", "paraphrase", "fact", "negative", "topic"):
        if kind in note:
            return {"topic": "negative"}.get(kind, kind)
    return "other"


def decisions(path: Path, options: GroupOptions | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(merged?, gold same?) per pair at the options' threshold."""
    opts = options or GroupOptions()
    a, b, same, _ = load_pairs(path)
    score, clash = score_text_pairs(a, b, opts)
    return (score * 100 >= opts.threshold) & ~clash, same


def default_figures(path: Path, options: GroupOptions | None = None) -> tuple[float, float, float]:
    pred, same = decisions(path, options)
    return prf(pred, same)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pairs", type=Path, default=ROOT / "tests" / "data" / "pairs.csv")
    ap.add_argument("--json")
    args = ap.parse_args()
    a, b, same, notes = load_pairs(args.pairs)
    score, clash = score_text_pairs(a, b, GroupOptions())
    table = {}
    for t in THRESHOLDS:
        pred = (score * 100 >= t) & ~clash
        table[t] = prf(pred, same)
        print(f"t={t:3}  P {table[t][0]:.3f} R {table[t][1]:.3f} F1 {table[t][2]:.3f}")
    pred, _ = decisions(args.pairs)
    kinds: dict[str, list[int]] = {}
    for k, note in enumerate(notes):
        kinds.setdefault(kind_of(note), []).append(k)
    for kind, ks in sorted(kinds.items()):
        print(f"{kind:12} merged {int(pred[ks].sum())}/{len(ks)} (gold same {int(same[ks].sum())})")
    if args.json:
        Path(args.json).write_text(json.dumps({str(t): v for t, v in table.items()}, indent=1))


if __name__ == "__main__":
    main()

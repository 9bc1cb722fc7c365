"""Precision/recall of pair scorers on the hand-labelled pairs (tests/data/pairs.csv).

Usage: python benchmarks/pairs_eval.py [--pairs PATH] [--json OUT] [--all]

For every scorer x text form (raw, normalised, stemmed without stop words) x
threshold it counts a pair as "same" when score >= threshold, and prints the
best threshold per combination plus the figures of the library default.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

import numpy as np
from rapidfuzz import process

from claimcheck.group import SCORERS, GroupOptions, fact_compatible, normalize, stem_key

ROOT = Path(__file__).resolve().parents[1]
THRESHOLDS = list(range(50, 100, 2))
MAX_HARD_FP = 1  # a false merge hides a claim from review; a miss costs one more look
FORMS = {"raw": lambda t: t, "norm": normalize, "stem": lambda t: stem_key(normalize(t))}


def load_pairs(path: Path) -> tuple[list[str], list[str], np.ndarray, list[str]]:
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    a = [r["a"] for r in rows]
    b = [r["b"] for r in rows]
    same = np.array([r["same"] == "1" for r in rows])
    return a, b, same, [r["note"] for r in rows]


def prf(pred: np.ndarray, same: np.ndarray) -> tuple[float, float, float]:
    tp = int((pred & same).sum())
    p = tp / max(int(pred.sum()), 1)
    r = tp / max(int(same.sum()), 1)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def scores(a: list[str], b: list[str], method: str, form: str) -> np.ndarray:
    fa = [FORMS[form](t) for t in a]
    fb = [FORMS[form](t) for t in b]
    return process.cpdist(fa, fb, scorer=SCORERS[method], workers=-1)


def guard(a: list[str], b: list[str], form: str) -> np.ndarray:
    """The fact guard (same number/date tokens, same polarity) on the pairs."""
    return fact_compatible([FORMS[form](t) for t in a], [FORMS[form](t) for t in b])


def evaluate(path: Path) -> dict[str, dict[str, list[float]]]:
    """{method/form: {threshold: [P, R, F1]}} over the pair set."""
    a, b, same, _ = load_pairs(path)
    table: dict[str, dict[str, list[float]]] = {}
    for method in SCORERS:
        for form in FORMS:
            s = scores(a, b, method, form)
            table[f"{method}/{form}"] = {
                str(t): [round(x, 3) for x in prf(s >= t, same)] for t in THRESHOLDS
            }
    return table


def kind_of(note: str) -> str:
    """Pair family from the note: copy, paraphrase, hard negative, changed fact, unrelated."""
    if "hard negative of" in note:
        return "changed fact"
    for k in ("copy", "paraphrase", "hard negative", "unrelated"):
        if k in note:
            return k
    return "other"


def by_kind(
    path: Path, method: str, form: str, threshold: float, fact_guard: bool = True
) -> dict[str, str]:
    """Share of each pair family scored as "same" (recall for positives, FP rate else)."""
    a, b, same, notes = load_pairs(path)
    pred = scores(a, b, method, form) >= threshold
    if fact_guard:
        pred &= guard(a, b, form)
    kinds = np.array([kind_of(n) for n in notes])
    return {
        str(k): f"{int(pred[kinds == k].sum())}/{int((kinds == k).sum())}"
        for k in sorted(set(kinds))
    }


def choose(
    path: Path, forms: tuple[str, ...] = ("stem",)
) -> tuple[str, float, tuple[float, float, float]]:
    """The rule behind the default: best F1 among length-bounded scorers (ratio,
    token_sort_ratio: they admit the length filter and track word overlap, which the
    MinHash candidate stage needs) that merge at most MAX_HARD_FP of the natural
    same-topic hard negatives. Merging two different claims hides one from review, so
    that is the costly error; "changed fact" negatives score like copies under every
    string scorer and so cannot steer the choice. The key is the stemmed, stop-word-free
    text by default: shorter strings to verify, and the MinHash word sets are exactly
    the scored words."""
    a, b, same, notes = load_pairs(path)
    hard = np.array([kind_of(n) == "hard negative" for n in notes])
    best: tuple[str, float, tuple[float, float, float]] = ("", 0.0, (0.0, 0.0, 0.0))
    for method in ("ratio", "token_sort_ratio"):
        for form in forms:
            s = scores(a, b, method, form)
            ok = guard(a, b, form)
            for t in THRESHOLDS:
                pred = (s >= t) & ok
                if int((pred & hard).sum()) <= MAX_HARD_FP and prf(pred, same)[2] > best[2][2]:
                    best = (f"{method}/{form}", float(t), prf(pred, same))
    return best


def default_figures(path: Path, options: GroupOptions | None = None) -> tuple[float, float, float]:
    """P/R/F1 of the library default (scorer, key and threshold) on the pair set."""
    opts = options or GroupOptions()
    a, b, same, _ = load_pairs(path)
    pred = scores(a, b, opts.method, opts.key) >= opts.threshold
    if opts.fact_guard:
        pred &= guard(a, b, opts.key)
    return prf(pred, same)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=Path, default=ROOT / "tests/data/pairs.csv")
    ap.add_argument("--json", type=Path, help="write the full table here")
    ap.add_argument("--all", action="store_true", help="print every threshold, not the best")
    args = ap.parse_args()
    _, _, same, notes = load_pairs(args.pairs)
    print(f"{len(same)} pairs: {int(same.sum())} same, {int((~same).sum())} different")
    table = evaluate(args.pairs)
    print(f"{'scorer/text':28} {'thr':>4} {'P':>6} {'R':>6} {'F1':>6}")
    for name, by_t in table.items():
        rows = by_t.items() if args.all else [max(by_t.items(), key=lambda kv: kv[1][2])]
        for t, (p, r, f1) in rows:
            print(f"{name:28} {t:>4} {p:6.3f} {r:6.3f} {f1:6.3f}")
    for forms in (("stem",), ("norm", "stem")):
        name, t, (p, r, f1) = choose(args.pairs, forms)
        print(
            f"rule (best F1, <= {MAX_HARD_FP} hard negative merged, keys {'+'.join(forms)}): "
            f"{name} @ {t:g}: P={p:.3f} R={r:.3f} F1={f1:.3f}"
        )
    opts = GroupOptions()
    for fg in (False, True):
        o = GroupOptions(fact_guard=fg)
        p, r, f1 = default_figures(args.pairs, o)
        print(
            f"default, fact guard {'on ' if fg else 'off'}: P={p:.3f} R={r:.3f} F1={f1:.3f}",
            by_kind(args.pairs, o.method, o.key, o.threshold, fg),
        )
    p, r, f1 = default_figures(args.pairs, opts)
    print(
        f"default: {opts.method} on {opts.key} text, threshold {opts.threshold:g}: "
        f"P={p:.3f} R={r:.3f} F1={f1:.3f}"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(table, indent=1))


if __name__ == "__main__":
    main()

"""Score the label suggester per claim unit against the hand-labelled dev set.

    python benchmarks/suggest_eval.py [--corpus corpus] [--labels tests/data/dev_labels.csv]
                                      [--json OUT]

Each claim unit gets its group's suggestion. Dev rows are matched to units by
(doc path, whitespace-normalised text), so segmentation changes only cost the
rows whose text changed; those are reported as unmatched. Rows labelled
not_claim are left out of the scores (the suggester only ever proposes the
three claim labels) but counted.

Baseline: a *news page* is a document with date or source metadata; every
claim unit of a news page is dated news, every other one generic.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

from claimcheck.models import DATED_NEWS, GENERIC, LABELS, Corpus
from claimcheck.pipeline import build_corpus

NOT_CLAIM = "not_claim"
ROOT = Path(__file__).resolve().parent.parent


_BULLET = re.compile(r"^(?:[-•*–]|\d+[.)])\s+")


def _norm(text: str) -> str:
    """Whitespace-normalised, without a leading bullet marker (bullet units no longer
    include it; the dev rows were written when they did)."""
    return _BULLET.sub("", " ".join(text.split()))


def load_labels(path: Path) -> dict[tuple[str, str], str]:
    with path.open(encoding="utf-8", newline="") as f:
        return {(r["doc"], _norm(r["text"])): r["label"] for r in csv.DictReader(f)}


def predictions(corpus: Corpus) -> dict[tuple[str, str], tuple[str, str]]:
    """(doc, text) -> (suggested label, baseline label) for every claim unit."""
    docs = {d.doc_id: d for d in corpus.documents}
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for group in corpus.groups:
        label = group.suggestion.label if group.suggestion else GENERIC
        for m in group.members:
            unit = corpus.units[m]
            doc = docs[unit.doc_id]
            base = DATED_NEWS if (doc.date or doc.source) else GENERIC
            out[(doc.path, _norm(unit.text))] = (label, base)
    return out


def score(pairs: list[tuple[str, str]]) -> dict:
    """Macro-F1 over the three labels, per-label P/R/F1 and the confusion matrix."""
    per: dict[str, dict[str, float]] = {}
    for lab in LABELS:
        tp = sum(1 for g, p in pairs if g == lab and p == lab)
        fp = sum(1 for g, p in pairs if g != lab and p == lab)
        fn = sum(1 for g, p in pairs if g == lab and p != lab)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[lab] = {"precision": prec, "recall": rec, "f1": f1, "support": tp + fn}
    confusion = Counter(pairs)
    matrix = {g: {p: confusion[(g, p)] for p in LABELS} for g in LABELS}
    macro = sum(v["f1"] for v in per.values()) / len(LABELS)
    return {"macro_f1": macro, "per_label": per, "confusion": matrix, "n": len(pairs)}


def evaluate(corpus_dir: Path, labels_path: Path) -> dict:
    gold = load_labels(labels_path)
    pred = predictions(build_corpus([str(corpus_dir)]))
    matched = [k for k in gold if k in pred]
    unmatched_rows = [k for k in gold if k not in pred]
    unlabelled_units = [k for k in pred if k not in gold]
    scored = [k for k in matched if gold[k] != NOT_CLAIM]
    return {
        "suggester": score([(gold[k], pred[k][0]) for k in scored]),
        "baseline": score([(gold[k], pred[k][1]) for k in scored]),
        "rows": len(gold),
        "matched": len(matched),
        "not_claim": sum(1 for k in matched if gold[k] == NOT_CLAIM),
        "unmatched_rows": [f"{d}: {t[:70]}" for d, t in unmatched_rows],
        "unlabelled_units": [f"{d}: {t[:70]}" for d, t in unlabelled_units],
    }


def _table(name: str, s: dict) -> list[str]:
    lines = [f"{name}: macro-F1 {s['macro_f1']:.3f} over {s['n']} units"]
    lines.append(f"  {'label':<12} {'P':>6} {'R':>6} {'F1':>6} {'n':>5}")
    for lab, v in s["per_label"].items():
        lines.append(
            f"  {lab:<12} {v['precision']:6.3f} {v['recall']:6.3f} {v['f1']:6.3f} {v['support']:5d}"
        )
    lines.append("  confusion (rows gold, columns predicted):")
    lines.append("  " + " " * 12 + "".join(f"{p:>12}" for p in LABELS))
    for g, row in s["confusion"].items():
        lines.append(f"  {g:<12}" + "".join(f"{row[p]:12d}" for p in LABELS))
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--labels", type=Path, default=ROOT / "tests" / "data" / "dev_labels.csv")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args(argv)
    res = evaluate(args.corpus, args.labels)
    out = [
        f"dev rows {res['rows']}, matched {res['matched']} "
        f"(not_claim {res['not_claim']}, left out of scores), "
        f"unmatched rows {len(res['unmatched_rows'])}, "
        f"unlabelled claim units {len(res['unlabelled_units'])}",
        *_table("suggester", res["suggester"]),
        *_table("baseline (news page = date or source metadata)", res["baseline"]),
    ]
    for title, items in (
        ("unmatched dev rows", res["unmatched_rows"]),
        ("claim units with no dev row", res["unlabelled_units"]),
    ):
        if items:
            out.append(f"{title}:")
            out.extend(f"  {i}" for i in items)
    print("\n".join(out))
    if args.json:
        args.json.write_text(json.dumps(res, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

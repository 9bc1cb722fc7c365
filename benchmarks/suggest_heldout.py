"""Score ``claimcheck.suggest.suggest_groups`` on the blind held-out label set.

Usage: python benchmarks/suggest_heldout.py [--shared PATH] [--labels CSV] [--json OUT]

The labels (``tests/data/heldout_labels.csv``, described in
``tests/data/heldout_labels.md``) were made without looking at the suggester.
Each labelled document is rebuilt from the shared UD English file: the
paragraphs that appear in the CSV, joined with a blank line, with no
title/source/date metadata (the file has none). Each gold sentence becomes one
``sentence`` unit and its own group of one, so a suggestion is scored per
sentence. ``not_claim`` rows are excluded from scoring and only counted.

Two baselines run on the same rows: everything ``generic``, and "every
sentence of a news-genre document (GUM_news, GUM_interview) is ``dated_news``,
every other one ``generic``".
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from claimcheck.models import (  # noqa: E402
    LABELS,
    SENTENCE,
    Corpus,
    Document,
    Group,
    Unit,
)
from claimcheck.suggest import suggest_groups  # noqa: E402

DEFAULT_SHARED = Path("/work/shared/benchmarks/sbd/ud_en_docs.json")
DEFAULT_LABELS = REPO / "tests" / "data" / "heldout_labels.csv"
NOT_CLAIM = "not_claim"
NEWS_PREFIXES = ("GUM_news_", "GUM_interview_")

# The fixed selection (doc id, sentence cap) the labels were made from; see the .md.
SELECTION = [
    ("GUM_news_nasa", 50),
    ("GUM_news_homeopathic", 23),
    ("GUM_news_iodine", 20),
    ("GUM_interview_cyclone", 14),
    ("GUM_interview_libertarian", 15),
    ("GUM_bio_dvorak", 14),
    ("GUM_bio_byron", 12),
    ("GUM_voyage_oakland", 10),
    ("GUM_voyage_vavau", 6),
    ("GUM_academic_exposure", 8),
    ("GUM_essay_fear", 12),
    ("GUM_whow_cactus", 8),
    ("weblog-juancole.com_juancole_20041018060600_ENG_20041018_060600", 21),
    ("weblog-blogspot.com_marketview_20060625150800_ENG_20060625_150800", 14),
    ("newsgroup-groups.google.com_IndiaNewsWindow_8945cbef01f41435_ENG_20051113_092500", 5),
    ("newsgroup-groups.google.com_CognitiveScienceNews_05a0175fc6ece48b_ENG_20050828_091900", 6),
]


Paragraphs = dict[str, list[tuple[str, list[str]]]]


def load_paragraphs(shared: Path) -> Paragraphs:
    """doc id -> its paragraphs in order, each (paragraph text, gold sentences)."""
    docs: Paragraphs = {}
    for item in json.loads(shared.read_text(encoding="utf-8")):
        docs.setdefault(item["doc_id"].split("#")[0], []).append(
            (item["text"], list(item["expected"]))
        )
    return docs


def selected_rows(paras: Paragraphs) -> list[tuple[str, int, int, str]]:
    """Re-derive the selection: whole paragraphs until the cap is reached."""
    rows = []
    for doc, cap in SELECTION:
        n = 0
        for pi, (_, sents) in enumerate(paras[doc]):
            if n >= cap:
                break
            rows.extend((doc, pi, si, s) for si, s in enumerate(sents))
            n += len(sents)
    return rows


def load_labels(path: Path, paras: Paragraphs) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    expected = selected_rows(paras)
    if [(r["doc_id"], int(r["para_index"]), int(r["sent_index"])) for r in rows] != [
        e[:3] for e in expected
    ]:
        sys.exit(f"{path}: rows do not match the fixed selection")
    for r, (doc, pi, si, text) in zip(rows, expected, strict=True):
        if r["text"] != text:
            sys.exit(f"{path}: text mismatch at {doc} {pi}.{si}: {r['text']!r} != {text!r}")
        if r["label"] not in (*LABELS, NOT_CLAIM):
            sys.exit(f"{path}: unknown label {r['label']!r} at {doc} {pi}.{si}")
    return rows


def build_corpus(rows: list[dict], paras: Paragraphs) -> Corpus:
    """One Document per doc id, one sentence unit and one group per CSV row."""
    corpus = Corpus(root="ud_en_docs.json")
    by_doc: dict[str, list[dict]] = {}
    for r in rows:
        by_doc.setdefault(r["doc_id"], []).append(r)
    for doc_id, doc_rows in by_doc.items():
        para_ids = sorted({int(r["para_index"]) for r in doc_rows})
        text = "\n\n".join(paras[doc_id][pi][0] for pi in para_ids)
        corpus.documents.append(Document(doc_id=doc_id, path=doc_id, text=text))
        pos = 0
        for i, r in enumerate(doc_rows):
            start = text.find(r["text"], pos)
            if start < 0:
                sys.exit(f"sentence not found in rebuilt text: {doc_id} {r['text'][:60]!r}")
            end = start + len(r["text"])
            pos = end
            idx = len(corpus.units)
            corpus.units.append(Unit(doc_id, i, start, end, r["text"], SENTENCE))
            corpus.groups.append(Group(f"g{idx:05d}", [idx], 1))
    return corpus


def score(gold: list[str], pred: list[str]) -> dict:
    confusion = {g: {p: 0 for p in LABELS} for g in LABELS}
    for g, p in zip(gold, pred, strict=True):
        confusion[g][p] += 1
    per = {}
    for lab in LABELS:
        tp = confusion[lab][lab]
        fp = sum(confusion[g][lab] for g in LABELS if g != lab)
        fn = sum(confusion[lab][p] for p in LABELS if p != lab)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[lab] = {"precision": prec, "recall": rec, "f1": f1, "support": tp + fn}
    acc = sum(confusion[lab][lab] for lab in LABELS) / len(gold) if gold else 0.0
    return {
        "macro_f1": sum(v["f1"] for v in per.values()) / len(LABELS),
        "accuracy": acc,
        "per_label": per,
        "confusion": confusion,
    }


def print_result(name: str, res: dict) -> None:
    print(f"\n== {name}: macro-F1 {res['macro_f1']:.3f}  accuracy {res['accuracy']:.3f}")
    print(f"  {'label':<12} {'P':>6} {'R':>6} {'F1':>6} {'n':>5}")
    for lab, v in res["per_label"].items():
        print(
            f"  {lab:<12} {v['precision']:6.3f} {v['recall']:6.3f} {v['f1']:6.3f} {v['support']:5d}"
        )
    print("  confusion (rows gold, columns suggested):")
    print("  " + " " * 12 + "".join(f"{p:>13}" for p in LABELS))
    for g in LABELS:
        print(f"  {g:<12}" + "".join(f"{res['confusion'][g][p]:13d}" for p in LABELS))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--labels", type=Path, default=DEFAULT_LABELS)
    ap.add_argument("--json", type=Path, help="write the scores and per-row suggestions here")
    args = ap.parse_args(argv)

    paras = load_paragraphs(args.shared)
    rows = load_labels(args.labels, paras)
    corpus = build_corpus(rows, paras)
    t0 = time.perf_counter()
    suggest_groups(corpus)
    elapsed = time.perf_counter() - t0

    suggested = []
    for g in corpus.groups:
        s = g.suggestion
        suggested.append(s.label if s is not None else None)
    scored = [i for i, r in enumerate(rows) if r["label"] != NOT_CLAIM]
    gold = [rows[i]["label"] for i in scored]
    missing = sum(1 for i in scored if suggested[i] is None)
    # A claim the suggester left without a suggestion counts as "generic" (it asserted nothing).
    pred = [suggested[i] or "generic" for i in scored]
    n_claim = Counter(r["label"] for r in rows)
    nc_suggested = Counter(str(suggested[i]) for i, r in enumerate(rows) if r["label"] == NOT_CLAIM)

    results = {
        "suggester": score(gold, pred),
        "all_generic": score(gold, ["generic"] * len(gold)),
        "news_genre": score(
            gold,
            [
                "dated_news" if rows[i]["doc_id"].startswith(NEWS_PREFIXES) else "generic"
                for i in scored
            ],
        ),
    }
    print(
        f"held-out: {len(rows)} sentences in {len(corpus.documents)} documents; "
        f"gold {dict(n_claim)}"
    )
    print(
        f"scored: {len(scored)} (not_claim excluded: {n_claim[NOT_CLAIM]}; suggester on them: "
        f"{dict(nc_suggested)}); suggest_groups {elapsed * 1000:.0f} ms"
    )
    if missing:
        print(f"claim rows with no suggestion (scored as generic): {missing}")
    names = {
        "suggester": "suggester (claimcheck.suggest)",
        "all_generic": "baseline: everything generic",
        "news_genre": "baseline: news/interview docs dated_news, rest generic",
    }
    for key, res in results.items():
        print_result(names[key], res)

    if args.json:
        out = {
            "labels": str(args.labels),
            "n_rows": len(rows),
            "n_scored": len(scored),
            "gold_counts": dict(n_claim),
            "not_claim_suggested": dict(nc_suggested),
            "results": results,
            "rows": [
                {
                    "doc_id": r["doc_id"],
                    "para_index": int(r["para_index"]),
                    "sent_index": int(r["sent_index"]),
                    "gold": r["label"],
                    "suggested": suggested[i],
                    "explanation": g.suggestion.explanation if g.suggestion else None,
                }
                for i, (r, g) in enumerate(zip(rows, corpus.groups, strict=True))
            ],
        }
        args.json.write_text(json.dumps(out, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Score ``claimcheck.segment.split_sentences`` on the shared SBD gold sets.

Usage: python benchmarks/sbd.py [--shared PATH] [--json OUT] [--repeat N]

Scoring follows SOURCES.md in the shared folder:
- Golden Rules: exact match of the stripped, non-empty output with ``expected``.
- UD English: precision/recall/F1 of internal boundaries (the end of the text
  excluded), offsets counted in non-whitespace characters.
Throughput is measured on the UD texts (UTF-8 MB/s), and plain untrained
Punkt runs in the same process as a baseline.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from nltk.tokenize.punkt import PunktSentenceTokenizer

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from claimcheck.segment import split_sentences  # noqa: E402

Splitter = Callable[[str], list[str]]


def _nonws_len(s: str) -> int:
    return sum(1 for c in s if not c.isspace())


def boundaries(sentences: Iterable[str]) -> set[int]:
    """Internal boundaries as cumulative non-whitespace offsets."""
    out: list[int] = []
    pos = 0
    for s in sentences:
        n = _nonws_len(s)
        if n:
            pos += n
            out.append(pos)
    return set(out[:-1])


def score_golden(split: Splitter, cases: list[dict]) -> tuple[float, list[str]]:
    failed = []
    for case in cases:
        got = [s.strip() for s in split(case["text"]) if s.strip()]
        if got != case["expected"]:
            failed.append(case["id"])
    return 1 - len(failed) / len(cases), failed


def score_ud(split: Splitter, items: list[dict]) -> dict[str, float]:
    tp = fp = fn = 0
    for item in items:
        gold = boundaries(item["expected"])
        pred = boundaries(split(item["text"]))
        tp += len(gold & pred)
        fp += len(pred - gold)
        fn += len(gold - pred)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "fp": fp, "fn": fn}


def throughput(split: Splitter, texts: list[str], repeat: int) -> float:
    """Best-of-``repeat`` MB/s (UTF-8 bytes) over all texts."""
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for t in texts:
            split(t)
        best = min(best, time.perf_counter() - t0)
    return size / best


def evaluate(name: str, split: Splitter, golden: list[dict], ud: list[dict], repeat: int) -> dict:
    gr, failed = score_golden(split, golden)
    res = {"name": name, "golden_exact": gr, "golden_failed": failed, **score_ud(split, ud)}
    res["mb_s"] = throughput(split, [i["text"] for i in ud], repeat)
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared/benchmarks/sbd")
    ap.add_argument("--json", type=Path, help="write the results here as JSON")
    ap.add_argument("--repeat", type=int, default=5, help="timing runs (best is kept)")
    ap.add_argument("--failures", action="store_true", help="list failing Golden Rules ids")
    args = ap.parse_args(argv)

    golden = json.loads((args.shared / "golden_rules_en.json").read_text(encoding="utf-8"))
    ud = json.loads((args.shared / "ud_en_docs.json").read_text(encoding="utf-8"))
    punkt = PunktSentenceTokenizer()
    rows = [
        evaluate("claimcheck", split_sentences, golden, ud, args.repeat),
        evaluate("punkt (untrained)", punkt.tokenize, golden, ud, args.repeat),
    ]
    rows[0]["speed_vs_punkt"] = rows[0]["mb_s"] / rows[1]["mb_s"]
    rows[1]["speed_vs_punkt"] = 1.0

    print(
        f"{'splitter':<18} {'GR exact':>8} {'UD P':>6} {'UD R':>6} {'UD F1':>6} "
        f"{'MB/s':>6} {'x punkt':>7}"
    )
    for r in rows:
        print(
            f"{r['name']:<18} {r['golden_exact']:>8.3f} {r['precision']:>6.3f} "
            f"{r['recall']:>6.3f} {r['f1']:>6.3f} {r['mb_s']:>6.2f} {r['speed_vs_punkt']:>7.2f}"
        )
    print(f"({len(golden)} Golden Rules cases, {len(ud)} UD paragraphs)")
    if args.failures:
        print("claimcheck GR failures:", " ".join(rows[0]["golden_failed"]) or "none")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

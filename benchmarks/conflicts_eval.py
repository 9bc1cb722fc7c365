"""Precision of claimcheck.conflicts on the dev corpora and on the planted-conflict corpus.

Usage: python benchmarks/conflicts_eval.py [--write-unjudged]

Planted corpus (tests/data/conflicts, sentences written for the test): every planted
conflict must be found; precision = listed pairs that pair two sides of a planted
conflict / all listed pairs.

Dev corpora (../shared/benchmarks/claims/{health,economy}): every listed conflict was
judged by hand against the corpus's SOURCES.md "Conflicts in the corpus" section;
the judgements are in benchmarks/results/conflicts_judged.json, keyed by conflict id
(no page text is stored). A listed conflict without a judgement is reported as such.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimcheck.conflicts import find_conflicts  # noqa: E402
from claimcheck.pipeline import build_corpus  # noqa: E402

SHARED = ROOT.parent / "shared" / "benchmarks" / "claims"
PLANTED = ROOT / "tests" / "data" / "conflicts"
JUDGED = ROOT / "benchmarks" / "results" / "conflicts_judged.json"


def planted_hits(conflicts, corpus, planted: dict) -> tuple[set[str], int]:
    """Planted conflicts found, and how many listed pairs match a planted one."""
    found, correct = set(), 0
    for c in conflicts:
        a, b = c.a.text, c.b.text
        for name, (side_x, side_y) in planted.items():
            in_x = lambda t, xs=side_x: any(s in t for s in xs)  # noqa: E731
            in_y = lambda t, ys=side_y: any(s in t for s in ys)  # noqa: E731
            if (in_x(a) and in_y(b)) or (in_y(a) and in_x(b)):
                found.add(name)
                correct += 1
                break
    return found, correct


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write-unjudged", action="store_true")
    args = parser.parse_args()
    results = {}
    started = time.perf_counter()
    corpus = build_corpus([str(PLANTED / "corpus")])
    conflicts = find_conflicts(corpus)
    planted = json.loads((PLANTED / "PLANTED.json").read_text())["conflicts"]
    found, correct = planted_hits(conflicts, corpus, planted)
    results["planted"] = {
        "listed": len(conflicts), "correct": correct,
        "precision": round(correct / len(conflicts), 3) if conflicts else None,
        "planted": len(planted), "found": len(found), "missed": sorted(set(planted) - found),
    }  # fmt: skip
    judged = json.loads(JUDGED.read_text()) if JUDGED.exists() else {}
    for name in ("health", "economy"):
        folder = SHARED / name / "corpus"
        if not folder.is_dir():
            print(f"skip {name}: {folder} not found", file=sys.stderr)
            continue
        corpus = build_corpus([str(folder)])
        conflicts = find_conflicts(corpus)
        verdicts = judged.get(name, {})
        listed = [c.conflict_id for c in conflicts]
        true = sum(1 for cid in listed if verdicts.get(cid, {}).get("conflict") is True)
        unjudged = [cid for cid in listed if cid not in verdicts]
        results[name] = {
            "listed": len(listed), "correct": true,
            "precision": round(true / len(listed), 3) if listed else None,
            "unjudged": len(unjudged),
        }  # fmt: skip
        if args.write_unjudged:
            for c in conflicts:
                if c.conflict_id in unjudged:
                    paths = {d.doc_id: d.path for d in corpus.documents}
                    ua, ub = corpus.units[c.a.units[0]], corpus.units[c.b.units[0]]
                    where = f"{paths[ua.doc_id]}#{ua.index} {paths[ub.doc_id]}#{ub.index}"
                    print(f"{name} {c.conflict_id} {c.kinds} {c.differing} {where}")
    results["seconds"] = round(time.perf_counter() - started, 2)
    print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""List the gold near-duplicate pairs the tool puts in different groups.

Each corpus is run as ``benchmarks/dev_scores.py`` runs it (``claimcheck group DIR -o
OUT.jsonl --format jsonl -q``); gold sentences are mapped to the tool's units the way the
shared ``score.py`` maps them (largest overlap, at least half the gold span), and every
gold near-duplicate pair whose two units got different group ids is printed with both
texts and their rapidfuzz ``ratio``. To see what the near-copy rules still miss.
``--wrong`` lists the other side: gold claims of different gold groups that the tool put
in one group (score.py's pairwise false positives), to see what costs precision.

    python benchmarks/missed_pairs.py                    # every dev corpus but fedcut
    python benchmarks/missed_pairs.py horizon doorplug
    python benchmarks/missed_pairs.py --tool-args=--lexical
    python benchmarks/missed_pairs.py --wrong stormboris     # the pairs joined wrongly

fedcut is held out: its pairs are never listed (the script refuses it).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from itertools import combinations
from pathlib import Path
from types import ModuleType

from rapidfuzz import fuzz

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dev_scores import CORPORA, load_scorer, run_tool  # noqa: E402

HELD_OUT = frozenset({"fedcut"})


def gold_near_pairs(gold: dict) -> list[tuple[int, int]]:
    """Index pairs (into gold["sentences"]) of the gold near-duplicate tier, as score.py
    reads them: the groups' pairs, or (a gold file without groups) every two claims of
    one group whose tier is near_duplicate."""
    sentences = gold["sentences"]
    if "groups" not in gold:
        near = [i for i, s in enumerate(sentences) if s["claim"] and s["tier"] == "near_duplicate"]
        return [
            (i, j)
            for i, j in combinations(near, 2)
            if sentences[i]["group"] == sentences[j]["group"]
        ]
    ids = {s["id"]: i for i, s in enumerate(sentences)}
    pairs = []
    for group in gold["groups"].values():
        for x, y in group.get("near_duplicate_pairs", []):
            pairs.append((ids[x], ids[y]))
    return pairs


def unit_of_gold(scorer: ModuleType, gold: dict, corpus: Path, pred: Path) -> list[dict | None]:
    """The predicted row each gold sentence maps to (as score.py maps them), or None."""
    texts, gspans = scorer.gold_spans(gold, str(corpus))
    pspans, _ = scorer.pred_spans(scorer.load_pred(str(pred)), texts)
    by_doc: dict[str, list[tuple[int, int, dict]]] = {}
    for d, a, b, row in pspans:
        by_doc.setdefault(d, []).append((a, b, row))
    out: list[dict | None] = []
    for d, a, b in gspans:
        best, overlap = None, 0
        for pa, pb, row in by_doc.get(d, ()):
            o = min(b, pb) - max(a, pa)
            if o > overlap:
                best, overlap = row, o
        out.append(best if best is not None and overlap >= 0.5 * (b - a) else None)
    return out


def missed(scorer: ModuleType, gold_path: Path, corpus: Path, pred: Path) -> list[dict]:
    """The gold near-duplicate pairs whose predicted units are in different groups."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    rows = unit_of_gold(scorer, gold, corpus, pred)
    out = []
    for i, j in gold_near_pairs(gold):
        ri, rj = rows[i], rows[j]
        gi = str(ri.get("group_id")) if ri else ""
        gj = str(rj.get("group_id")) if rj else ""
        if gi and gi not in ("", "None") and gi == gj:
            continue
        ti, tj = gold["sentences"][i]["text"], gold["sentences"][j]["text"]
        out.append(
            {
                "a": gold["sentences"][i]["id"],
                "b": gold["sentences"][j]["id"],
                "ratio": round(fuzz.ratio(ti, tj), 1),
                "text_a": ti,
                "text_b": tj,
                "group_a": gi,
                "group_b": gj,
            }
        )
    return out


def wrong(scorer: ModuleType, gold_path: Path, corpus: Path, pred: Path) -> list[dict]:
    """Gold claims of different gold groups whose predicted units share a group."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    rows = unit_of_gold(scorer, gold, corpus, pred)
    sentences = gold["sentences"]
    by_group: dict[str, list[int]] = {}
    for i, (s, row) in enumerate(zip(sentences, rows, strict=True)):
        gid = str(row.get("group_id")) if s["claim"] and row else ""
        if gid not in ("", "None"):
            by_group.setdefault(gid, []).append(i)
    out = []
    for gid, members in by_group.items():
        for i, j in combinations(members, 2):
            if sentences[i]["group"] != sentences[j]["group"]:
                ti, tj = sentences[i]["text"], sentences[j]["text"]
                out.append({"a": sentences[i]["id"], "b": sentences[j]["id"],
                            "ratio": round(fuzz.ratio(ti, tj), 1), "text_a": ti,
                            "text_b": tj, "group_a": gid, "group_b": gid})  # fmt: skip
    return out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpora", nargs="*", help="dev corpora (default: all but the held-out)")
    ap.add_argument("--tool-args", default="", help="more arguments for claimcheck group")
    ap.add_argument("--wrong", action="store_true",
                    help="list the pairs joined against the gold instead of those split")
    args = ap.parse_args(argv)
    names = args.corpora or [c for c in CORPORA if c not in HELD_OUT]
    if bad := [c for c in names if c not in CORPORA or c in HELD_OUT]:
        ap.error(f"{bad[0]!r}: not a dev corpus (or held out)")
    scorer = load_scorer()
    if scorer is None:
        print("missed_pairs: ../shared/benchmarks/claims/score.py not found; nothing scored")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            gold, corpus = CORPORA[name]
            if not gold.is_file():
                continue
            pred = Path(tmp) / f"{name}.jsonl"
            run_tool(corpus, pred, args.tool_args.split())
            if args.wrong:
                rows = wrong(scorer, gold, corpus, pred)
                print(f"== {name}: {len(rows)} pairs of different gold groups joined")
            else:
                rows = missed(scorer, gold, corpus, pred)
                print(f"== {name}: {len(rows)} near-duplicate pairs split")
            for r in rows:
                print(
                    f"  ratio {r['ratio']}  {r['a']} [{r['group_a'] or '-'}] / "
                    f"{r['b']} [{r['group_b'] or '-'}]"
                )
                print(f"    A: {r['text_a']}")
                print(f"    B: {r['text_b']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

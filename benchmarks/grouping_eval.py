"""Grouping quality on the gold corpora (shared ones and ours, --corpora).

Reads and segments each corpus once, then groups it with each option set and scores
it with ``../shared/benchmarks/claims/score.py`` (pairwise, cross-document,
near-duplicate and same-claim recall), plus the related-claims coverage: the share of
gold claims with a gold partner that have one in their own group or in one of their
group's top-5 related groups. Gold sentences are placed on the tool's units as
score.py places prediction rows (its ``pred_spans``: unit offsets point into the
extracted text of an HTML or markdown page, gold spans into the raw file).

    python benchmarks/grouping_eval.py                      # the tool's defaults, all three corpora
    python benchmarks/grouping_eval.py --grid               # a threshold x linkage grid
    python benchmarks/grouping_eval.py --matcher lexical    # words only (also: semantic)
    python benchmarks/grouping_eval.py --json out.json
    python benchmarks/grouping_eval.py --corpora canal,horizon --related-conflict 0
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from dev_scores import CORPORA, load_scorer  # noqa: E402
from dev_scores import SHARED as GOLD  # noqa: E402

from claimcheck.group import GroupOptions, group_units  # noqa: E402
from claimcheck.pipeline import RunOptions, build_corpus  # noqa: E402


def _rows(corpus) -> list[dict]:
    gid = {m: g.group_id for g in corpus.groups for m in g.members}
    paths = {d.doc_id: d.path for d in corpus.documents}
    return [
        {
            "doc": paths[u.doc_id],
            "text": u.text,
            "start": u.start,
            "end": u.end,
            "is_claim": u.is_claim,
            "group_id": gid.get(i, ""),
        }
        for i, u in enumerate(corpus.units)
    ]


def score(scorer, gold_path: Path, corpus_dir: Path, corpus) -> dict:
    rows = _rows(corpus)
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        f.write("\n".join(json.dumps(r) for r in rows))
        path = f.name
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        scorer.main(["score.py", str(gold_path), str(corpus_dir), path, "--json"])
    Path(path).unlink()
    res = json.loads(out.getvalue())["grouping"]
    res["related_coverage"] = related_coverage(scorer, gold_path, corpus_dir, corpus)
    return res


def gold_units(scorer, gold: dict, corpus_dir: Path, corpus) -> list[int | None]:
    """For each gold sentence, the index of the unit the scorer matches it to, or None.

    Unit offsets point into ``Document.text`` (the extracted text of an HTML or markdown
    page), gold spans into the raw file: the two are only comparable once the scorer's
    own ``pred_spans`` has placed each unit in the raw file (by its offsets where they
    fit, else by finding its text). Then the scorer's rule: the unit with the largest
    overlap, kept when it covers at least half of the gold sentence."""
    texts, spans = scorer.gold_spans(gold, str(corpus_dir))
    rows = [{**r, "unit": i} for i, r in enumerate(_rows(corpus))]
    placed, _ = scorer.pred_spans(rows, texts)
    by_doc: dict[str, list[tuple[int, int, int]]] = {}
    for d, a, b, r in placed:
        by_doc.setdefault(d, []).append((a, b, r["unit"]))
    out: list[int | None] = []
    for d, a, b in spans:
        best, overlap = None, 0
        for pa, pb, i in by_doc.get(d, ()):
            o = min(b, pb) - max(a, pa)
            if o > overlap:
                best, overlap = i, o
        out.append(best if best is not None and overlap >= 0.5 * (b - a) else None)
    return out


def related_coverage(scorer, gold_path: Path, corpus_dir: Path, corpus) -> float | None:
    """``coverage`` of the corpus's groups, with gold sentences placed as the scorer does."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    return coverage(gold["sentences"], gold_units(scorer, gold, corpus_dir, corpus), corpus.groups)


def coverage(sentences: list[dict], match: list[int | None], groups: list) -> float | None:
    """Share of gold claims with a partner whose partner is in the claim's own group or
    in one of its group's top-5 related groups. ``match``: each sentence's unit index.

    Over the gold claims the scorer matches to a unit, as its pairwise figures are; a
    claim matched to a unit the tool does not take as a claim (no group) is a miss."""
    group_of = {m: g.group_id for g in groups for m in g.members}
    pred: dict[int, str] = {}
    members: dict[str, list[int]] = {}
    for k, (s, i) in enumerate(zip(sentences, match, strict=True)):
        if s["claim"] and i is not None:
            pred[k] = group_of.get(i, "")
            members.setdefault(s["group"], []).append(k)
    related = {g.group_id: {gid for gid, _ in g.related[:5]} for g in groups}
    have = hit = 0
    for ks in members.values():
        if len(ks) < 2:
            continue
        for k in ks:
            have += 1
            mine = pred[k]
            if not mine:
                continue
            near = {mine} | related.get(mine, set())
            hit += any(pred[j] in near for j in ks if j != k)
    return round(hit / have, 3) if have else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--grid", action="store_true")
    ap.add_argument("--matcher", choices=("default", "lexical", "semantic"), default="default",
                    help="default: what `claimcheck group` picks for the corpus's size")
    ap.add_argument("--json")
    ap.add_argument("--corpora", default="sample,health,economy")
    ap.add_argument("--related-conflict", type=float, default=GroupOptions.related_conflict,
                    help="GroupOptions.related_conflict (0: guard-blocked pairs relate nothing)")
    args = ap.parse_args()
    scorer = load_scorer()
    if scorer is None:
        raise SystemExit(f"no gold sets at {GOLD}")
    from claimcheck.match.lexical import LexicalMatcher
    from claimcheck.match.semantic import SemanticMatcher
    from claimcheck.pipeline import default_matcher
    base = GroupOptions(related_conflict=args.related_conflict)
    grid = [base]
    if args.grid:
        grid = [
            replace(base, threshold=t, linkage=m, related_floor=min(base.related_floor, t))
            for m in ("average", "complete")
            for t in (35, 40, 45, 50, 55, 60, 70)
        ]
    results = []
    for name in args.corpora.split(","):
        gold_path, corpus_dir = CORPORA[name]
        corpus = build_corpus([str(corpus_dir)], RunOptions(suggest=False, workers=1))
        matcher = {
            "lexical": LexicalMatcher(),
            "semantic": SemanticMatcher(),
            "default": default_matcher(sum(u.is_claim for u in corpus.units)),
        }[args.matcher]
        for opts in grid:
            t0 = time.perf_counter()
            corpus.groups = group_units(corpus.units, opts, matcher=matcher)
            secs = time.perf_counter() - t0
            r = score(scorer, gold_path, corpus_dir, corpus)
            pw, xd = r["pairwise"], r["cross_document"]
            print(
                f"{name:8} {opts.linkage:8} t={opts.threshold:<5} pairwise P {pw['precision']:.3f} "
                f"R {pw['recall']:.3f} F1 {pw['f1']:.3f} | cross-doc F1 {xd['f1']:.3f} "
                f"P {xd['precision']:.3f} | near-dup R {r['near_duplicate_recall']} "
                f"same-claim R {r['same_claim_recall']} | related {r['related_coverage']} "
                f"| {secs:.2f} s",
                flush=True,
            )
            results.append({"corpus": name, "threshold": opts.threshold,
                            "linkage": opts.linkage, "seconds": round(secs, 3), **r})
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()

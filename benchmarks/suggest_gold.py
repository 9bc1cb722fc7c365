"""Score the suggester on the shared claim gold sets, apart from grouping.

    python benchmarks/suggest_gold.py [sample health economy] [--errors] [--shared DIR]

Per corpus it prints four figures:

* ``unit``: each gold claim's own label against the suggester's per-unit verdict
  (no grouping at all);
* ``gold-groups``: the verdicts combined over the GOLD groups by the suggester's
  own group rule (so grouping errors do not count);
* ``score.py``: the shared scorer on a real ``claimcheck group`` output (the
  tool's own groups), with its claim-detection P/R;
* ``doc kind``: page kind accuracy against ``docs[*].kind`` (news vs content-farm).

``--errors`` lists per-unit mistakes, for development corpora only: ``economy``
is held out (never tuned on), so its errors are not printed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from claimcheck import suggest  # noqa: E402
from claimcheck.export import write_units  # noqa: E402
from claimcheck.models import LABELS, Corpus, Group  # noqa: E402
from claimcheck.pipeline import build_corpus  # noqa: E402

DEFAULT_SHARED = Path("/work/shared/benchmarks/claims")
HELD_OUT = frozenset({"economy"})


def paths(shared: Path, name: str) -> tuple[Path, Path]:
    if name == "sample":
        return shared / "sample_gold.json", REPO / "corpus"
    return shared / name / "gold.json", shared / name / "corpus"


def macro_f1(pairs: list[tuple[str, str | None]]) -> float:
    f1s = []
    for lab in LABELS:
        tp = sum(g == lab and p == lab for g, p in pairs)
        fp = sum(g != lab and p == lab for g, p in pairs)
        fn = sum(g == lab and p != lab for g, p in pairs)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / len(f1s)


def match_units(gold: dict, corpus: Corpus, root: Path) -> list[int | None]:
    """For each gold sentence, the unit index covering most of it (>= half), or None."""
    by_name: dict[str, list[int]] = {}
    for i, u in enumerate(corpus.units):
        by_name.setdefault(u.doc_id, []).append(i)
    doc_of_name = {os.path.basename(d.path): d.doc_id for d in corpus.documents}
    pos: Counter[str] = Counter()
    out: list[int | None] = []
    for s in gold["sentences"]:
        text = (root / s["doc"]).read_text(encoding="utf-8")
        a = text.find(s["text"], pos[s["doc"]])
        b = a + len(s["text"])
        pos[s["doc"]] = b
        best, overlap = None, 0
        for i in by_name.get(doc_of_name.get(s["doc"], ""), ()):
            u = corpus.units[i]
            o = min(b, u.end) - max(a, u.start)
            if o > overlap:
                best, overlap = i, o
        out.append(best if overlap >= 0.5 * (b - a) else None)
    return out


def score_py(gold_path: Path, root: Path, corpus: Corpus, shared: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.jsonl")
        write_units(corpus, out, "jsonl")
        run = subprocess.run(
            [sys.executable, str(shared / "score.py"), str(gold_path), str(root), out, "--json"],
            check=True,
            capture_output=True,
            text=True,
        )
    return json.loads(run.stdout)


def doc_kind_accuracy(gold: dict, corpus: Corpus) -> tuple[float, list[str]]:
    kinds = suggest.document_kinds(corpus)
    wrong, n = [], 0
    for d in corpus.documents:
        name = os.path.basename(d.path)
        if name not in gold["docs"]:
            continue
        n += 1
        got = "news" if kinds[d.doc_id].is_news else "content-farm"
        if got != gold["docs"][name]["kind"]:
            wrong.append(f"{name}: gold {gold['docs'][name]['kind']}, got {kinds[d.doc_id].kind}")
    return (1 - len(wrong) / n if n else 0.0), wrong


def evaluate(name: str, shared: Path, errors: bool) -> dict:
    gold_path, root = paths(shared, name)
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    corpus = build_corpus([str(root)])
    verdicts = suggest.unit_verdicts(corpus)
    match = match_units(gold, corpus, root)
    unit_pairs, mistakes = [], []
    members: dict[str, list[int]] = {}
    for s, m in zip(gold["sentences"], match, strict=True):
        if not s["claim"]:
            continue
        v = verdicts.get(m) if m is not None else None
        unit_pairs.append((s["label"], v.label if v else None))
        if m is not None and v is not None:
            members.setdefault(s["group"], []).append(m)
        if v is None or v.label != s["label"]:
            why = suggest.explain_verdict(v, corpus.units[m].text) if v and m is not None else "-"
            mistakes.append(
                f"{s['id']} gold {s['label']} got {v.label if v else None}: "
                f"{s['text'][:110]!r}\n      {why}"
            )
    group_pairs = []
    gold_group_label = {s["group"]: s["label"] for s in gold["sentences"] if s["claim"]}
    for gid, ms in members.items():
        g = Group(gid, ms, 1)
        sug = suggest.combine(g, verdicts, corpus.units)
        group_pairs.extend((gold_group_label[gid], sug.label) for _ in ms)
    scored = score_py(gold_path, root, corpus, shared)
    acc, wrong_kinds = doc_kind_accuracy(gold, corpus)
    res = {
        "unit": round(macro_f1(unit_pairs), 3),
        "gold_groups": round(macro_f1(group_pairs), 3),
        "score_py": scored["labels"]["macro_f1"],
        "baseline": scored["labels_doc_type_baseline"]["macro_f1"],
        "claims_p": scored["claim_detection"]["precision"],
        "claims_r": scored["claim_detection"]["recall"],
        "doc_kind_acc": round(acc, 3),
    }
    print(f"{name:8s} " + "  ".join(f"{k} {v}" for k, v in res.items()))
    if errors and name not in HELD_OUT:
        for w in wrong_kinds:
            print("   kind:", w)
        for m in mistakes:
            print("   ", m)
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpora", nargs="*", default=["sample", "health", "economy"])
    ap.add_argument("--errors", action="store_true", help="list per-unit mistakes (dev only)")
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    args = ap.parse_args(argv)
    if not args.shared.exists():
        print(f"{args.shared}: shared gold sets not found", file=sys.stderr)
        return 2
    for name in args.corpora:
        evaluate(name, args.shared, args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())

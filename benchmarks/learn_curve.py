"""The learning curve: a simulated reviewer labels groups in queue order.

Usage: python benchmarks/learn_curve.py [--shared DIR] [--k 20,50,100] [--order position|confidence]
                                       [--json OUT]

For each gold corpus in ``../shared/benchmarks/claims`` (the sample, health,
economy): build the corpus with the rules' suggestions (``claimcheck group``'s
pipeline), give each tool group the gold label of its representative sentence,
then let a simulated reviewer label the first k groups of the queue (position
order, the app's default) that have a gold label; groups whose representative
is no gold claim are skipped, as a reviewer would (``--order confidence``: the
"least sure first" order instead, by the rules' confidence). Scored: macro-F1 (three
labels, as ``score.py``) of the suggestions on the REST, the gold-labelled
groups not yet labelled, for the rules alone and with learning
(``claimcheck.learn.fit``, the same gate as the review app and ``--labels``).

A representative is matched to gold as ``score.py`` matches units: the unit's
text is located in its file (searching on from the previous unit), and the gold
unit it overlaps by at least half of the gold unit's length gives the label.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from claimcheck.learn import corpus_records, fit, updates  # noqa: E402
from claimcheck.models import Corpus  # noqa: E402
from claimcheck.pipeline import RunOptions, build_corpus  # noqa: E402

DEFAULT_SHARED = REPO.parent / "shared" / "benchmarks" / "claims"
CORPORA = {  # name -> (gold file, corpus dir), relative to --shared (sample: the repo's corpus/)
    "sample": ("sample_gold.json", None),
    "health": ("health/gold.json", "health/corpus"),
    "economy": ("economy/gold.json", "economy/corpus"),
    # ours (benchmarks/corpora/), absolute: ``shared / absolute`` is the absolute path
    "bridge": (str(REPO / "benchmarks/corpora/bridge/gold.json"),
               str(REPO / "benchmarks/corpora/bridge/corpus")),
    "aiact": (str(REPO / "benchmarks/corpora/aiact/gold.json"),
              str(REPO / "benchmarks/corpora/aiact/corpus")),
}  # fmt: skip
FLOOR_GAIN_AT_50 = 0.05  # news-copy corpora (health, economy)


def load_score(shared: Path):
    spec = importlib.util.spec_from_file_location("score", shared / "score.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def gold_labels(corpus: Corpus, gold: dict, corpus_dir: Path, score) -> dict[str, str]:
    """group_id -> the gold label of its representative (claims only)."""
    texts, spans = score.gold_spans(gold, str(corpus_dir))
    by_doc: dict[str, list[tuple[int, int, str | None]]] = defaultdict(list)
    for (doc, a, b), s in zip(spans, gold["sentences"], strict=True):
        by_doc[doc].append((a, b, s["label"] if s["claim"] else None))
    docs = {d.doc_id: os.path.basename(d.path) for d in corpus.documents}
    located: dict[int, tuple[str, int, int]] = {}
    pos: dict[str, int] = defaultdict(int)
    for i, unit in enumerate(corpus.units):
        name = docs.get(unit.doc_id, "")
        if name not in texts:
            continue
        text = unit.text.strip()
        at = texts[name].find(text, pos[name])
        if at < 0:
            at = texts[name].find(text)
        if at < 0:
            continue
        located[i] = (name, at, at + len(text))
        pos[name] = at + len(text)
    out = {}
    for g in corpus.groups:
        where = located.get(g.representative)
        if where is None:
            continue
        name, a, b = where
        best = max(
            ((min(b, gb) - max(a, ga), ga, gb, lab) for ga, gb, lab in by_doc[name]),
            default=None,
        )
        if best and best[3] and best[0] >= 0.5 * (best[2] - best[1]):
            out[g.group_id] = best[3]
    return out


def curve(
    name: str, corpus: Corpus, gold: dict[str, str], ks: list[int], score, order: str = "position"
) -> dict:
    records = corpus_records(corpus)
    if order == "confidence":  # the app's "least sure first", by the rules' confidence
        records = sorted(records, key=lambda r: r.rule_confidence if r.rule_label else -1.0)
    queue = [r.group_id for r in records if r.group_id in gold]  # queue order
    rules = {r.group_id: r.rule_label for r in records}
    rows = []
    for k in ks:
        if k >= len(queue):
            break
        labelled = {g: gold[g] for g in queue[:k]}
        rest = queue[k:]
        t0 = time.perf_counter()
        learned = fit(records, labelled)
        fit_s = time.perf_counter() - t0
        learnt = {u.group_id: u.label for u in updates(records, learned, labelled)}
        f_rules = score.macro_f1([(gold[g], rules[g]) for g in rest])["macro_f1"]
        f_learn = score.macro_f1([(gold[g], learnt[g]) for g in rest])["macro_f1"]
        rows.append({
            "k": k, "rest": len(rest), "rules": f_rules, "learned": f_learn,
            "gain": round(f_learn - f_rules, 3), "model_used": learned.use_model,
            "reason": learned.reason, "fit_s": round(fit_s, 2),
        })  # fmt: skip
    return {"corpus": name, "gold_groups": len(queue), "groups": len(records), "curve": rows}


def transfer(shared: Path, k: int, score) -> list[dict]:
    """``claimcheck group Y --labels P``: P holds the first k gold labels of corpus X (queue
    order); Y's output is scored by score.py (units), without and with ``--labels``."""
    import contextlib
    import io
    import tempfile

    from claimcheck.cli import main as cli
    from claimcheck.store import Project

    out = []
    pairs = [("health", "economy"), ("economy", "health"), ("health", "sample")]
    with tempfile.TemporaryDirectory() as tmp:
        for source, target in pairs:
            gold_file, corpus_dir = CORPORA[source]
            folder = shared / corpus_dir  # type: ignore[operator]
            corpus = build_corpus([str(folder)], RunOptions(workers=1))
            gold = json.loads((shared / gold_file).read_text(encoding="utf-8"))
            labels = gold_labels(corpus, gold, folder, score)
            project = Path(tmp) / f"{source}-{target}.sqlite"
            with Project.create(project, corpus, "simulated") as opened:
                for gid in [g.group_id for g in corpus.groups if g.group_id in labels][:k]:
                    opened.set_label(gid, labels[gid])
            t_gold, t_dir = CORPORA[target]
            t_folder = REPO / "corpus" if t_dir is None else shared / t_dir
            t_gold_data = json.loads((shared / t_gold).read_text(encoding="utf-8"))
            scores = {}
            for name, extra in (("rules", []), ("labels", ["--labels", str(project)])):
                pred = Path(tmp) / f"{source}-{target}-{name}.jsonl"
                err = io.StringIO()
                with contextlib.redirect_stderr(err):
                    cli(["group", str(t_folder), "-o", str(pred), "-q", *extra])
                with contextlib.redirect_stdout(io.StringIO()):
                    res = score.main(["score.py", str(shared / t_gold), str(t_folder), str(pred),
                                      "--json"])  # fmt: skip
                scores[name] = res["labels"]["macro_f1"]
            del t_gold_data
            out.append({"from": source, "to": target, "k": k, **scores})
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--k", default="20,50,100")
    parser.add_argument(
        "--order", choices=("position", "confidence"), default="position",
        help="queue order the reviewer follows (default: position, the app's default)",
    )  # fmt: skip
    parser.add_argument(
        "--transfer", type=int, metavar="K",
        help="also: learn from K labels of one corpus, suggest for another (group --labels)",
    )  # fmt: skip
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if not (args.shared / "score.py").exists():
        print(f"learn_curve: {args.shared}: no gold sets there (score.py missing)", file=sys.stderr)
        return 1
    score = load_score(args.shared)
    ks = [int(k) for k in args.k.split(",")]
    results, ok = [], True
    for name, (gold_file, corpus_dir) in CORPORA.items():
        folder = REPO / "corpus" if corpus_dir is None else args.shared / corpus_dir
        gold = json.loads((args.shared / gold_file).read_text(encoding="utf-8"))
        corpus = build_corpus([str(folder)], RunOptions(workers=1))
        labels = gold_labels(corpus, gold, folder, score)
        result = curve(name, corpus, labels, ks, score, args.order)
        results.append(result)
        print(f"{name}: {result['groups']} groups, {result['gold_groups']} with a gold label")
        for row in result["curve"]:
            below = row["learned"] < row["rules"]
            floor = name != "sample" and row["k"] == 50 and row["gain"] < FLOOR_GAIN_AT_50
            ok &= not below
            mark = " BELOW RULES" if below else (" (under +0.05 floor)" if floor else "")
            print(
                f"  k={row['k']:>3} rest {row['rest']:>3}: rules {row['rules']:.3f} "
                f"learned {row['learned']:.3f} ({row['gain']:+.3f}){mark}  [{row['reason']}]"
            )
    if args.transfer:
        for row in transfer(args.shared, args.transfer, score):
            print(
                f"group {row['to']} --labels ({row['k']} labels of {row['from']}): unit macro-F1 "
                f"rules {row['rules']:.3f}, with --labels {row['labels']:.3f}"
            )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")
    print("OK: never below the rules" if ok else "FAILED: below the rules somewhere")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

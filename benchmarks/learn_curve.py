"""The learning curve: a simulated reviewer labels groups in the app's queue order.

Usage: python benchmarks/learn_curve.py [--shared DIR] [--k 20,50,100]
                                       [--order position|size|docs|confidence|suggested|all]
                                       [--heldout] [--transfer K] [--json OUT]

For each gold corpus (the sample, health and economy in ``../shared/benchmarks/claims``;
bridge and aiact in ``benchmarks/corpora``; ``--heldout``: fedcut only, for the final
figure): build the corpus with the rules' suggestions (``claimcheck group``'s pipeline),
give each tool group the gold label of its representative sentence, and write a review
project of it. A simulated reviewer then labels, one at a time, the first pending group
of the project's queue (``Project.queue`` in the sort the app shows: position, the
app's default; confidence, "least sure first"; ``all``: every sort) that has a gold
label; groups whose representative is no gold claim are skipped, as a reviewer would.
Every ``REFIT_EVERY`` labels the model is refitted and its suggestions stored, as the
app does, so "least sure first" follows the current model. Scored at each k: macro-F1
(three labels, as ``score.py``) of the suggestions on the REST, the gold-labelled
groups not labelled yet, for the rules alone and with learning (``claimcheck.learn.fit``,
the same gate as the review app and ``--labels``).

A representative is matched to gold as ``score.py`` matches units: the unit's
text is located in its file (searching on from the previous unit), and the gold
unit it overlaps by at least half of the gold unit's length gives the label.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from dev_scores import CORPORA as _SCORED  # noqa: E402
from dev_scores import OURS  # noqa: E402

from claimcheck.learn import Learner, fit, project_records, suggestion_rows, updates  # noqa: E402
from claimcheck.models import Corpus  # noqa: E402
from claimcheck.pipeline import RunOptions, build_corpus  # noqa: E402
from claimcheck.store import SORTS, Project  # noqa: E402

DEFAULT_SHARED = REPO.parent / "shared" / "benchmarks" / "claims"
# The corpora are dev_scores.py's (one list, as the other benchmarks read it); the shared
# ones relative to --shared (sample: the repo's corpus/), ours absolute (``shared /
# absolute`` is the absolute path).
_SHARED_GOLD = {
    "sample": ("sample_gold.json", None),
    "health": ("health/gold.json", "health/corpus"),
    "economy": ("economy/gold.json", "economy/corpus"),
}
HELDOUT_NAMES = ("fedcut",)  # never tuned on; run with --heldout for the final figure only
_OURS = {
    name: (str(gold), str(folder))
    for name, (gold, folder) in _SCORED.items()
    if folder.is_relative_to(OURS)
}
CORPORA = {**_SHARED_GOLD, **{n: v for n, v in _OURS.items() if n not in HELDOUT_NAMES}}
HELDOUT = {n: _OURS[n] for n in HELDOUT_NAMES}
FLOOR_GAIN_AT_50 = 0.05  # news-copy corpora (health, economy)
SHUFFLED = "shuffled-"  # an order prefix: random orders, for --shuffles
REFIT_EVERY = 5  # labels between the simulated app's refits (the app refits after each)


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


def _next_to_label(project: Project, sort: str, gold: dict[str, str], done: dict) -> str | None:
    """The group the reviewer labels next: the first pending one of the app's queue in
    ``sort`` that has a gold label (a reviewer skips the rest, as non-claims).
    ``shuffled-SEED``: no app sort, a stress test of the gate: gold groups in a random
    order, fixed by the seed."""
    if sort.startswith(SHUFFLED):
        ids = sorted(gold)
        random.Random(int(sort[len(SHUFFLED) :])).shuffle(ids)
        return next((g for g in ids if g not in done), None)
    for row in project.queue(sort=sort):
        if row.group_id in gold and row.group_id not in done:
            return row.group_id
    return None


def curve(
    name: str, corpus: Corpus, gold: dict[str, str], ks: list[int], score, order: str,
    workdir: Path,
) -> dict:  # fmt: skip
    """The reviewer labels groups one by one from the top of the app's queue (``order``:
    one of the store's sorts); every ``REFIT_EVERY`` labels the model is refitted and its
    suggestions stored, as the review app does, so "least sure first" follows the current
    model. At each k, the gate on the k labels is scored on the REST."""
    path = workdir / f"{name}-{order}.sqlite"
    with Project.create(path, corpus, "simulated") as project:
        records = project_records(project.learning_rows())  # what the app learns from
        learner = Learner(records)
        rules = {r.group_id: r.rule_label for r in records}
        labelled: dict[str, str] = {}
        rows = []
        for k in ks:
            while len(labelled) < k:
                gid = _next_to_label(project, order, gold, labelled)
                if gid is None:
                    break
                labelled[gid] = gold[gid]
                project.set_label(gid, gold[gid])
                if len(labelled) % REFIT_EVERY == 0:
                    project.set_suggestions(suggestion_rows(learner.refit(labelled)[1]))
            rest = [g for g in gold if g not in labelled and g in rules]
            if len(labelled) < k or not rest:
                break
            t0 = time.perf_counter()
            learned = fit(records, labelled)
            fit_s = time.perf_counter() - t0
            learnt = {u.group_id: u.label for u in updates(records, learned, labelled)}
            f_rules = score.macro_f1([(gold[g], rules[g]) for g in rest])["macro_f1"]
            f_learn = score.macro_f1([(gold[g], learnt[g]) for g in rest])["macro_f1"]
            rows.append({
                "k": k, "rest": len(rest), "rules": f_rules, "learned": f_learn,
                "gain": round(f_learn - f_rules, 3), "model_used": learned.use_model,
                "carried": len(learned.carry.to), "reason": learned.reason,
                "carry_reason": learned.carry.reason, "fit_s": round(fit_s, 2),
            })  # fmt: skip
    return {"corpus": name, "order": order, "gold_groups": len(gold), "groups": len(records),
            "curve": rows}  # fmt: skip


def transfer(shared: Path, k: int, score) -> list[dict]:
    """``claimcheck group Y --labels P``: P holds the first k gold labels of corpus X (queue
    order); Y's output is scored by score.py (units), without and with ``--labels``."""
    import contextlib
    import io
    import tempfile

    from claimcheck.cli import main as cli

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


def _print_curve(result: dict) -> bool:
    """One line per k; False when learning scored below the rules anywhere."""
    ok = True
    name = result["corpus"]
    print(f"{name} [{result['order']}]: {result['groups']} groups, "
          f"{result['gold_groups']} with a gold label")  # fmt: skip
    for row in result["curve"]:
        below = row["learned"] < row["rules"]
        floor = name != "sample" and row["k"] == 50 and row["gain"] < FLOOR_GAIN_AT_50
        ok &= not below
        mark = " BELOW RULES" if below else (" (under +0.05 floor)" if floor else "")
        print(
            f"  k={row['k']:>3} rest {row['rest']:>3}: rules {row['rules']:.3f} "
            f"learned {row['learned']:.3f} ({row['gain']:+.3f}){mark}  [{row['reason']}; "
            f"{row['carry_reason']}]"
        )
    return ok


def _print_shuffled(name: str, results: list[dict]) -> bool:
    """One line for the reviewers in random orders; False when any went below the rules."""
    rows = [row for r in results for row in r["curve"]]
    below = [(r["order"], row["k"], row["gain"]) for r in results for row in r["curve"]
             if row["learned"] < row["rules"]]  # fmt: skip
    used = sum(row["model_used"] for row in rows)
    gains = [row["gain"] for row in rows if row["gain"] > 0]
    print(f"{name} [{len(results)} shuffled orders]: model used in {used} of {len(rows)} "
          f"(corpus, k); gains {gains or 'none'}; below the rules: {below or 'never'}")  # fmt: skip
    return not below


def _print_summary(results: list[dict]) -> None:
    """Per queue order and k: the corpora scored, the mean gain, how many went up, down."""
    by: dict[tuple[str, int], list[float]] = defaultdict(list)
    for r in results:
        order = SHUFFLED if r["order"].startswith(SHUFFLED) else r["order"]
        for row in r["curve"]:
            by[(order, row["k"])].append(row["gain"])
    for (order, k), gains in sorted(by.items()):
        up, down = sum(g > 0 for g in gains), sum(g < 0 for g in gains)
        print(f"summary [{order}] k={k}: {len(gains)} corpora, mean gain "
              f"{sum(gains) / len(gains):+.3f}, {up} up, {down} down")  # fmt: skip


def main() -> int:
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--k", default="20,50,100")
    parser.add_argument(
        "--order", choices=(*SORTS, "all"), default="position",
        help="the app's queue sort the reviewer follows (default: position, the app's "
        "default; confidence: least sure first; all: every sort the app offers)",
    )  # fmt: skip
    parser.add_argument(
        "--shuffles", type=int, default=0, metavar="N",
        help="also N reviewers labelling in random orders (no app sort: a stress test of "
        "the gate's 'never below the rules'); one summary line",
    )  # fmt: skip
    parser.add_argument(
        "--heldout", action="store_true",
        help="the held-out corpus only (fedcut): the final figure, never for tuning",
    )  # fmt: skip
    parser.add_argument(
        "--transfer", type=int, metavar="K",
        help="also: learn from K labels of one corpus, suggest for another (group --labels)",
    )  # fmt: skip
    parser.add_argument("--corpora", help="comma-separated names (default: every dev corpus)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if not (args.shared / "score.py").exists():
        print(f"learn_curve: {args.shared}: no gold sets there (score.py missing)", file=sys.stderr)
        return 1
    score = load_score(args.shared)
    ks = [int(k) for k in args.k.split(",")]
    orders = list(SORTS) if args.order == "all" else [args.order]
    shuffled = [f"{SHUFFLED}{seed}" for seed in range(args.shuffles)]
    results, ok = [], True
    with tempfile.TemporaryDirectory() as tmp:
        chosen = HELDOUT if args.heldout else CORPORA
        if args.corpora:
            names = args.corpora.split(",")
            unknown = [n for n in names if n not in chosen]
            if unknown:
                parser.error(f"--corpora: unknown {', '.join(unknown)}; one of {', '.join(chosen)}")
            chosen = {n: chosen[n] for n in names}
        for name, (gold_file, corpus_dir) in chosen.items():
            folder = REPO / "corpus" if corpus_dir is None else args.shared / corpus_dir
            gold = json.loads((args.shared / gold_file).read_text(encoding="utf-8"))
            corpus = build_corpus([str(folder)], RunOptions(workers=1))
            labels = gold_labels(corpus, gold, folder, score)
            for order in orders:
                result = curve(name, corpus, labels, ks, score, order, Path(tmp))
                results.append(result)
                ok &= _print_curve(result)
            stress = [curve(name, corpus, labels, ks, score, o, Path(tmp)) for o in shuffled]
            if stress:
                results.extend(stress)
                ok &= _print_shuffled(name, stress)
    if args.transfer:
        for row in transfer(args.shared, args.transfer, score):
            print(
                f"group {row['to']} --labels ({row['k']} labels of {row['from']}): unit macro-F1 "
                f"rules {row['rules']:.3f}, with --labels {row['labels']:.3f}"
            )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")
    _print_summary(results)
    print("OK: never below the rules" if ok else "FAILED: below the rules somewhere")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

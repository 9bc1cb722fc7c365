"""One table of grouping and label scores on every dev corpus that has a gold file.

The corpora: the sample (``corpus/``) and the two shared real corpora (health, economy),
whose gold lives in ``../shared/benchmarks/claims/``, and our own written corpora (bridge,
aiact, the held-out fedcut, notoquake, moonland, superleague, canal, outage, horizon,
doorplug, plastics and chipcap) in ``benchmarks/corpora/``.
Each is run through the command a user runs,
``python -m claimcheck group DIR -o OUT.jsonl --format jsonl -q``, and scored with the shared
``score.py`` (imported from ``../shared`` when present; without it nothing can be scored and
the script says so and exits 0).

    python benchmarks/dev_scores.py                  # every corpus
    python benchmarks/dev_scores.py bridge aiact     # some of them
    python benchmarks/dev_scores.py --perfect        # score the gold itself: every figure 1.0
    python benchmarks/dev_scores.py --tool-args=--lexical   # with other group options
    python benchmarks/dev_scores.py --json out.json  # also write the raw score dicts

``--perfect`` converts each gold file to the prediction rows a perfect tool would write
(``gold_predictions``) and scores those: it checks that a gold file and its corpus are in
the format ``score.py`` reads, before any tool output is looked at.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "benchmarks" / "claims"
OURS = ROOT / "benchmarks" / "corpora"
# Ours, in the order they were written; fedcut is held out (never tuned on).
OUR_NAMES = (
    "bridge", "aiact", "fedcut", "notoquake", "moonland", "superleague", "canal", "outage",
    "horizon", "doorplug", "plastics", "chipcap", "yencarry", "fourday", "starliner", "titan",
    "sweetener", "otis", "fastwindow", "railsabotage", "nobelai", "warmyear", "muancrash",
    "fiftyfifty", "skorea", "cowflu", "tiktokban", "eclipse", "notredame", "labmeat",
    "ukelection", "brainrot", "popefrancis", "voyager", "lahaina", "fasting", "rto", "btcetf",
    "melatonin", "redsea", "valencia", "boeingstrike", "bluezones",
    "iberianblackout", "deepseek", "seedoils", "creatine", "heatpumps", "lafires", "japanrice",
    "myanmarquake", "coldplunge", "louvreheist", "airindia", "texasfloods", "stepcount",
    "mouthtaping", "glp1", "kamchatka", "potomac", "bluelight", "dst", "vitamind", "helene",
    "assadfall", "standingdesk", "pagers", "alcoholcancer", "reddye", "hualien", "fico",
    "butler", "fluoride", "solarstorm", "crocus", "dubaifloods", "upf", "tampons",
    "blackplastic", "stormboris", "chido", "balticcable", "nanoplastics", "under16ban", "cinnamon",
    "nicpouches", "nepalprotests", "milton", "myopia",
    "eastpalestine", "gasstoves", "lecanemab", "tonga",
)
CORPORA: dict[str, tuple[Path, Path]] = {  # name: (gold file, corpus folder)
    "sample": (SHARED / "sample_gold.json", ROOT / "corpus"),
    "health": (SHARED / "health" / "gold.json", SHARED / "health" / "corpus"),
    "economy": (SHARED / "economy" / "gold.json", SHARED / "economy" / "corpus"),
    **{name: (OURS / name / "gold.json", OURS / name / "corpus") for name in OUR_NAMES},
}
COLUMNS = ("corpus", "P", "R", "F1", "xdoc F1", "near-dup R", "same-claim R", "labels F1",
           "baseline F1")


def load_scorer() -> ModuleType | None:
    """The shared score.py as a module, or None when ../shared is not there."""
    path = SHARED / "score.py"
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location("claims_score", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def gold_predictions(gold: dict) -> list[dict]:
    """The rows a perfect tool would output: gold units, claims, groups and labels."""
    return [{"doc": s["doc"], "text": s["text"], "is_claim": s["claim"],
             "group_id": s["group"] if s["claim"] else "", "suggested_label": s["label"] or ""}
            for s in gold["sentences"]]


def run_tool(corpus: Path, out: Path, extra: list[str] | None = None) -> None:
    cmd = [sys.executable, "-m", "claimcheck", "group", str(corpus), "-o", str(out),
           "--format", "jsonl", "-q", *(extra or [])]
    subprocess.run(cmd, check=True, cwd=ROOT)


def score(scorer: ModuleType, gold: Path, corpus: Path, pred: Path) -> dict:
    with contextlib.redirect_stdout(io.StringIO()):  # score.py prints its JSON too
        return scorer.main(["score.py", str(gold), str(corpus), str(pred), "--json"])


def row(name: str, res: dict) -> list[str]:
    g = res["grouping"]
    labels = res["labels"]["macro_f1"] if res["labels"] else None
    cells = [g["pairwise"]["precision"], g["pairwise"]["recall"], g["pairwise"]["f1"],
             g["cross_document"]["f1"], g["near_duplicate_recall"], g["same_claim_recall"],
             labels, res["labels_doc_type_baseline"]["macro_f1"]]
    return [name] + ["-" if c is None else f"{c:.3f}" for c in cells]


def table(rows: list[list[str]]) -> str:
    everything = [list(COLUMNS), *rows]
    widths = [max(len(r[i]) for r in everything) for i in range(len(COLUMNS))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True))
                     for r in everything)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpora", nargs="*", help=f"some of {', '.join(CORPORA)} (default: all)")
    ap.add_argument("--perfect", action="store_true", help="score the gold's own predictions")
    ap.add_argument("--json", type=Path, help="write the score dicts to this file")
    ap.add_argument("--tool-args", default="",
                    help="more arguments for claimcheck group, e.g. --tool-args=--lexical")
    args = ap.parse_args(argv)
    if unknown := [c for c in args.corpora if c not in CORPORA]:
        ap.error(f"unknown corpus {unknown[0]!r}; choose from {', '.join(CORPORA)}")
    scorer = load_scorer()
    if scorer is None:
        print(f"dev_scores: {SHARED / 'score.py'} not found; nothing scored")
        return 0
    rows, results = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.corpora or list(CORPORA):
            gold, corpus = CORPORA[name]
            if not gold.is_file():
                print(f"dev_scores: {name}: {gold} not found; skipped")
                continue
            pred = Path(tmp) / f"{name}.jsonl"
            if args.perfect:
                rows_ = gold_predictions(json.loads(gold.read_text(encoding="utf-8")))
                pred.write_text("".join(json.dumps(r) + "\n" for r in rows_), encoding="utf-8")
            else:
                run_tool(corpus, pred, args.tool_args.split())
            results[name] = score(scorer, gold, corpus, pred)
            rows.append(row(name, results[name]))
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

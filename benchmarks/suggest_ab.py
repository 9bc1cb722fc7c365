"""The suggester's halves, this checkout against a baseline checkout, in one process.

    python benchmarks/suggest_ab.py --ref DIR [--corpus DIR] [--units 20000] [--rounds 6]

DIR is a baseline checkout (``git archive 8c49e32 | tar -x -C /tmp/sugbase``); its
``claimcheck`` package is loaded beside this one under another name, so both run on the
same units in the same process, interleaved (a shared machine's load hits both alike).
CPU seconds (``time.process_time``) of each half, caches emptied before each run:

* signals: ``unit_signals`` of every claim unit (the regex half, in the workers);
* verdicts: ``document_verdicts`` of every document (signals, page, verdicts);
* transfer: the verdicts pickled and unpickled as a worker sends them to the main
  process (baseline: the verdict lists; now: ``pack_verdicts`` / ``unpack_verdicts``);
* groups: ``suggest_groups`` given the verdicts (the main process's half).

Each line gives the medians and the new/old ratio per round (median and range), and
the script fails unless both give the same verdicts and suggestions.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import pickle
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from claimcheck import suggest
from claimcheck.match.lexical import LexicalMatcher
from claimcheck.pipeline import RunOptions, build_corpus

ROOT = Path(__file__).resolve().parents[1]


def load_ref(checkout: Path) -> ModuleType:
    """The baseline's ``claimcheck`` package, imported as ``claimcheck_ref``."""
    alias = Path("/tmp") / f"claimcheck_ref_{checkout.resolve().name}"
    alias.mkdir(exist_ok=True)
    link = alias / "claimcheck_ref"
    if not link.exists():
        link.symlink_to(checkout.resolve() / "claimcheck")
    sys.path.insert(0, str(alias))
    return importlib.import_module("claimcheck_ref.suggest")


def cold(mod: ModuleType) -> None:
    """Empty the per-process caches a run fills (a fresh ``claimcheck group`` has none)."""
    mod._signal_cache.clear()
    mod._entity_class.cache_clear()


def documents(corpus) -> list[tuple]:
    """(document, its units) in order."""
    out, start, units = [], 0, corpus.units
    for doc in corpus.documents:
        end = start
        while end < len(units) and units[end].doc_id == doc.doc_id:
            end += 1
        out.append((doc, units[start:end], start))
        start = end
    return out


def verdicts_of(mod: ModuleType, docs: list[tuple]) -> list:
    cold(mod)
    return [mod.shift_verdicts(mod.document_verdicts(d, us), first) for d, us, first in docs]


def transfer(mod: ModuleType, parts: list) -> list:
    """The verdicts' trip from a worker: pickled there, unpickled here."""
    if hasattr(mod, "pack_verdicts"):
        data = pickle.dumps([mod.pack_verdicts(p) for p in parts], 5)
        return [mod.unpack_verdicts(p) for p in pickle.loads(data)]
    return pickle.loads(pickle.dumps(parts, 5))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ref", type=Path, required=True)
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/claimcheck-scale/c100000/docs"))
    ap.add_argument("--units", type=int, default=20000, help="read documents up to this many")
    ap.add_argument("--rounds", type=int, default=6)
    args = ap.parse_args()
    gc.disable()  # as in the pipeline (gc_pause.py): a collection's timing is noise here
    ref = load_ref(args.ref)
    files = sorted(args.corpus.iterdir())
    options = RunOptions(suggest=False, workers=1, matcher=LexicalMatcher())  # as at 1M
    corpus = build_corpus([str(f) for f in files[: max(1, args.units // 30)]], options)
    docs = documents(corpus)
    texts = [u.text for u in corpus.units if u.is_claim]
    print(f"{len(docs)} documents, {len(corpus.units)} units, {len(texts)} claims, "
          f"{len(corpus.groups)} groups")  # fmt: skip
    same = True
    parts = {name: verdicts_of(mod, docs) for name, mod in (("old", ref), ("new", suggest))}
    same &= repr(parts["old"]) == repr(parts["new"])  # the packages' classes differ: by value
    flat = [v for p in parts["new"] for v in p]

    def groups(mod: ModuleType) -> list:
        cold(mod)
        corpus.kinds.clear()
        mod.suggest_groups(corpus, verdicts=flat)
        return [g.suggestion for g in corpus.groups]

    halves: dict[str, Callable[[ModuleType], object]] = {
        "signals": lambda mod: (cold(mod), [mod.unit_signals(t) for t in texts])[1],
        "verdicts": lambda mod: verdicts_of(mod, docs),
        "transfer": lambda mod: transfer(mod, parts["new"]),
        "groups": groups,
    }
    for what, run in halves.items():
        times: dict[str, list[float]] = {"old": [], "new": []}
        results = {}
        for r in range(args.rounds):
            order = [("old", ref), ("new", suggest)]
            for name, mod in order if r % 2 == 0 else order[::-1]:
                gc.collect()
                t = time.process_time()
                results[name] = run(mod)
                times[name].append(time.process_time() - t)
        same &= repr(results["old"]) == repr(results["new"])
        ratios = [n / o for o, n in zip(times["old"], times["new"], strict=True)]
        old, new = statistics.median(times["old"]), statistics.median(times["new"])
        print(f"{what:9s} old {old:6.3f} s  new {new:6.3f} s  ratio {statistics.median(ratios):.2f}"
              f" ({min(ratios):.2f}-{max(ratios):.2f})")  # fmt: skip
    print("same verdicts and suggestions:", same)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())

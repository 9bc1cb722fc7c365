"""Reading and segmenting, this checkout against a baseline checkout, in one process.

    python benchmarks/segment_ab.py --ref DIR [--corpus DIR] [--files 1500] [--rounds 4]

What a worker does for each file of a big corpus before grouping
(``pipeline.read_and_segment``: read, clean, detect the language, segment), for the
first ``--files`` files, by the baseline's package (loaded beside this one, as in
``suggest_ab.py``) and by this one, interleaved, so a shared machine's load hits both
alike. Prints the CPU seconds (``time.process_time``) of each round, the new/old
ratio (median and range), and fails unless both give the same documents and spans.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import statistics
import sys
import time
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent))
from suggest_ab import load_ref  # noqa: E402

from claimcheck import pipeline  # noqa: E402
from claimcheck.read import discover  # noqa: E402


def segmented(mod: ModuleType, sources: list) -> list:
    """(document id, spans) of every document of ``sources``, as ``mod`` gives them."""
    out = []
    for source in sources:
        docs, _ = mod.read_and_segment(source)
        out.extend((doc.doc_id, [tuple(s) for s in spans]) for doc, spans, _ in docs)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ref", type=Path, required=True)
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/claimcheck-scale/c100000/docs"))
    ap.add_argument("--files", type=int, default=1500)
    ap.add_argument("--rounds", type=int, default=4)
    args = ap.parse_args()
    gc.disable()  # as in the pipeline (gc_pause.py)
    load_ref(args.ref)
    ref = importlib.import_module("claimcheck_ref.pipeline")
    sources, _, _ = discover([str(args.corpus)])
    sources = sources[: args.files]
    times: dict[str, list[float]] = {"old": [], "new": []}
    results = {}
    for r in range(args.rounds):
        order = [("old", ref), ("new", pipeline)]
        for name, mod in order if r % 2 == 0 else order[::-1]:
            gc.collect()
            t = time.process_time()
            results[name] = segmented(mod, sources)
            times[name].append(time.process_time() - t)
        print(f"round {r}: old {times['old'][-1]:.3f} s  new {times['new'][-1]:.3f} s")
    ratios = [n / o for o, n in zip(times["old"], times["new"], strict=True)]
    old, new = statistics.median(times["old"]), statistics.median(times["new"])
    spread = f"{min(ratios):.2f}-{max(ratios):.2f}"
    print(f"read_and_segment ({len(results['new'])} documents): old {old:.3f} s  "
          f"new {new:.3f} s  ratio {statistics.median(ratios):.2f} ({spread})")  # fmt: skip
    same = results["old"] == results["new"]
    print("same documents and spans:", same)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())

"""What the spun-copy check costs: ``nearcopy.copies`` against ``near_copies`` alone.

Generates N sentences (``benchmarks/gen_corpus.py``, as ``benchmarks/scale.py`` does),
finds and scores their pairs as grouping does (the default matcher for that size, the
LSH and rare-pair candidates, the fact guard), then times, on those same pairs and in
the same process, the near-copy ratios alone (the step before spun copies) and the
step with spun copies (ratios down to ``SPUN_MIN_RATIO``, then the word alignment of
the pairs in between), alternating, ``--repeat`` times each. CPU seconds of the process
(rapidfuzz's threads included), median and range; and how many pairs were aligned and
how many spun copies found.

    python benchmarks/spun_cost.py --sizes 100000 --repeat 5
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_corpus import generate  # noqa: E402

from claimcheck.executor import LocalExecutor  # noqa: E402
from claimcheck.group import GroupOptions, fit_texts, guarded, scored_pairs  # noqa: E402
from claimcheck.nearcopy import (  # noqa: E402
    NEAR_COPY_RATIO,
    SPUN_MIN_RATIO,
    char_ratios,
    copies,
    near_copies,
)
from claimcheck.pipeline import default_matcher  # noqa: E402


def cpu(fn, *args, **kwargs) -> tuple[float, object]:
    """(process CPU seconds, result) of one call."""
    t0 = time.process_time()
    out = fn(*args, **kwargs)
    return time.process_time() - t0, out


def bench(n: int, repeat: int) -> dict:
    texts = gen_texts(n)
    opts = GroupOptions()
    t0 = time.process_time()
    fitted = fit_texts(texts, (), opts, default_matcher(len(texts)))
    a, b, s, _ = scored_pairs(fitted.model, fitted.tokens, opts, LocalExecutor())
    s = guarded(fitted.cores, a, b, s)
    grouping_cpu = time.process_time() - t0  # keys, matcher, pairs, guard: for scale
    norms, cores = fitted.norms, fitted.cores
    near_s, spun_s = [], []
    for _ in range(repeat):
        t, near = cpu(near_copies, norms, a, b)
        near_s.append(t)
        t, both = cpu(copies, norms, a, b, NEAR_COPY_RATIO, cores)
        spun_s.append(t)
    band = char_ratios(norms, a, b, SPUN_MIN_RATIO)
    in_band = int(np.count_nonzero((band > 0) & (band < NEAR_COPY_RATIO)))
    return {
        "sentences": n,
        "unique": len(norms),
        "pairs": len(a),
        "ratio_band_pairs": in_band,  # the pairs the word check looks at
        "near_copies": int(np.count_nonzero(near)),
        "spun_copies": int(np.count_nonzero(both & ~near)),
        "spun_linked": int(np.count_nonzero(both & ~near & (s > 0))),
        "grouping_cpu_s_before_links": round(grouping_cpu, 2),
        "near_only_cpu_s": summary(near_s),
        "with_spun_cpu_s": summary(spun_s),
        "added_cpu_s": round(statistics.median(spun_s) - statistics.median(near_s), 3),
    }


def gen_texts(n: int) -> list[str]:
    return generate(n, seed=0)[0]


def summary(xs: list[float]) -> dict:
    return {
        "median": round(statistics.median(xs), 3),
        "min": round(min(xs), 3),
        "max": round(max(xs), 3),
    }


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100000", help="comma-separated sentence counts")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", type=Path, help="also write the rows here")
    args = ap.parse_args(argv)
    rows = [bench(int(n), args.repeat) for n in args.sizes.split(",")]
    for row in rows:
        print(json.dumps(row))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Cost of the plain-words explanation (claimcheck.evidence) against the suggester's
own per-unit work, in the same run.

Usage: python benchmarks/evidence_speed.py [CORPUS] [--rounds N]

For every claim unit of CORPUS (default: the sample corpus): the time to find its
signals (``suggest.unit_signals``, the baseline: what the suggester spends on every
unit anyway) and the time to turn those signals into the explanation sentence
(``suggest._explain``, once per group in a real run). Best and median of N rounds,
microseconds per unit, and the explanation's cost as a share of the signals'.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from claimcheck import suggest  # noqa: E402
from claimcheck.models import GENERIC  # noqa: E402
from claimcheck.pipeline import RunOptions, build_corpus  # noqa: E402


def per_unit(fn, items: list, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        for item in items:
            fn(item)
        times.append((time.perf_counter() - started) / len(items) * 1e6)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(REPO / "corpus"))
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    corpus = build_corpus([args.corpus], RunOptions(workers=1, suggest=False))
    texts = [u.text for u in corpus.units if u.is_claim]
    verdicts = [(suggest.Verdict(GENERIC, 0.5, tuple(suggest.unit_signals(t))), t) for t in texts]
    signals = per_unit(suggest.unit_signals, texts, args.rounds)
    explain = per_unit(lambda vt: suggest._explain(vt[0], vt[1], 1, False), verdicts, args.rounds)
    print(f"{len(texts):,} claim units, {args.rounds} rounds; microseconds per unit")
    for name, values in (("signals (baseline)", signals), ("explanation", explain)):
        print(f"  {name:<20} best {min(values):7.1f}  median {statistics.median(values):7.1f}")
    share = statistics.median(explain) / statistics.median(signals)
    print(f"  explanation / signals: {share:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

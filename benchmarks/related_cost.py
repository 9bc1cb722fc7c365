"""What listing guard-blocked pairs as related costs: ``group_units`` with
``related_conflict`` 0 against the default, on the same generated sentences.

Generates N sentences (``benchmarks/gen_corpus.py``, as ``benchmarks/scale.py`` does),
then groups them in this process with each setting, alternating which goes first,
``--repeat`` times each: CPU seconds of the process (its threads included), median and
range, and how many related entries each gives. Checks that the groups are the same.

    python benchmarks/related_cost.py --size 100000 --repeat 3
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_corpus import generate  # noqa: E402

from claimcheck.group import GroupOptions, group_units  # noqa: E402
from claimcheck.models import Group, Unit  # noqa: E402


def _timed(units: list[Unit], fraction: float) -> tuple[float, list[Group]]:
    gc.collect()
    t0 = time.process_time()
    groups = group_units(units, GroupOptions(related_conflict=fraction))
    return time.process_time() - t0, groups


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    texts, _, _ = generate(args.size, seed=0)
    units = [Unit(f"d{i // 50}", i, 0, len(t), t, "sentence") for i, t in enumerate(texts)]
    default = GroupOptions().related_conflict
    cpu: dict[float, list[float]] = {0.0: [], default: []}
    last: dict[float, list[Group]] = {}
    for rep in range(args.repeat):
        for fraction in (0.0, default) if rep % 2 == 0 else (default, 0.0):
            secs, last[fraction] = _timed(units, fraction)
            cpu[fraction].append(secs)
    off, on = last[0.0], last[default]
    same = [(g.group_id, g.members) for g in off] == [(g.group_id, g.members) for g in on]
    for fraction, secs in cpu.items():
        entries = sum(len(g.related) for g in last[fraction])
        print(
            f"related_conflict {fraction}: CPU {statistics.median(secs):.2f} s "
            f"({min(secs):.2f}-{max(secs):.2f}), related entries {entries}"
        )
    print(f"groups {len(on)}, identical: {same}; lists changed: "
          f"{sum(a.related != b.related for a, b in zip(off, on, strict=True))}")


if __name__ == "__main__":
    main()

"""A label key's store work alone: ``set_label`` + ``row`` (the write and the read the
review app does), then the next group's members and related groups, on a 100,000-group
project, for the claimcheck checkout at REPO (default: this one).

Usage: python benchmarks/store_key_bench.py [REPO] [--groups N] [--keys K] [--team]
``--team``: three reviewers (ana, ben, cy) have each labelled every group first, and
ana goes on labelling (a team's blind review, issue 13; needs a checkout that has it).
``--place``: before each label, the app's place is noted (``Project.note_place``), so
each label's transaction also writes it, as the review app's does (needs a checkout
that has it).
Compare two checkouts by running it on each in turn (alternate, repeat: the spread of
a shared machine is larger than the difference).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", nargs="?", default=str(Path(__file__).resolve().parent.parent))
    parser.add_argument("--groups", type=int, default=100_000)
    parser.add_argument("--keys", type=int, default=300)
    parser.add_argument("--team", action="store_true", help="three reviewers' labels first")
    parser.add_argument("--place", action="store_true", help="the app's place noted per key")
    args = parser.parse_args()
    sys.path[:0] = [args.repo, f"{args.repo}/benchmarks"]
    from store_bench import synthetic_corpus

    from claimcheck.store import Project

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "k.sqlite"
        Project.create(path, synthetic_corpus(args.groups), "bench").close()
        reviewer = "bench"
        if args.team:
            reviewer = "ana"
            for i, name in enumerate(("ana", "ben", "cy")):
                with Project.open(path, name) as project:
                    ids = [r.group_id for r in project.queue()]
                    labels = ("dated_news", "generic", "unsupported")
                    project.decide_many([(g, "label", labels[(j + i) % 3])
                                         for j, g in enumerate(ids)])  # fmt: skip
        with Project.open(path, reviewer) as project:
            rows = project.queue()
            writes, reads = [], []
            for i in range(args.keys):
                gid, following = rows[i].group_id, rows[i + 1].group_id
                t0 = time.perf_counter()
                if args.place:  # what the app notes: the group it will show next, the view
                    project.note_place(
                        f'{{"group": "{following}", "filter": "all", "search": "",'
                        ' "sort": "position"}'
                    )
                project.set_label(gid, "generic")
                project.row(gid)
                t1 = time.perf_counter()
                project.members(following, limit=200)
                project.related(following)
                reads.append((time.perf_counter() - t1) * 1000)
                writes.append((t1 - t0) * 1000)
    p95 = int(args.keys * 0.95) - 1
    print(
        f"{args.repo}: label+row median {statistics.median(writes):.2f} ms,"
        f" p95 {sorted(writes)[p95]:.2f} ms; next group's reads median"
        f" {statistics.median(reads):.2f} ms, p95 {sorted(reads)[p95]:.2f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

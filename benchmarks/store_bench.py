"""Time the review store on a synthetic project of many groups.

Usage: python benchmarks/store_bench.py [--groups N] [--dir DIR] [--json OUT]

Builds a corpus of N groups (every other group spans two documents, all with a
suggestion and one evidence span), then times: creating the project file, opening
it, ``queue()`` (plain, filtered, searched, sorted), one label write (median of
many, each committed with synchronous=FULL), ``members()`` and a label export.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from claimcheck.export import export_labels  # noqa: E402
from claimcheck.models import (  # noqa: E402
    LABELS,
    SENTENCE,
    Corpus,
    Document,
    Evidence,
    Group,
    Suggestion,
    Unit,
)
from claimcheck.store import Project  # noqa: E402

UNITS_PER_DOC = 10


def synthetic_corpus(n_groups: int) -> Corpus:
    """Groups alternate between one member and two members in different documents."""
    n_units = n_groups + n_groups // 2
    n_docs = (n_units + UNITS_PER_DOC - 1) // UNITS_PER_DOC
    corpus = Corpus(root="bench")
    texts = [f"Claim number {i} says the minister met {i % 97} envoys." for i in range(n_groups)]
    slots: list[int] = []  # group index of each unit, in document order
    for g in range(n_groups):
        slots.append(g)
    slots.extend(g for g in range(0, n_groups, 2))
    members: list[list[int]] = [[] for _ in range(n_groups)]
    for d in range(n_docs):
        chunk = slots[d * UNITS_PER_DOC : (d + 1) * UNITS_PER_DOC]
        doc_id = f"d{d:07d}"
        offset, pieces = 0, []
        for i, g in enumerate(chunk):
            text = texts[g]
            corpus.units.append(Unit(doc_id, i, offset, offset + len(text), text, SENTENCE))
            members[g].append(len(corpus.units) - 1)
            pieces.append(text)
            offset += len(text) + 1
        corpus.documents.append(Document(doc_id, f"doc{d}.txt", " ".join(pieces), f"Doc {d}"))
    for g, m in enumerate(members):
        ev = (Evidence(m[0], 0, 5, "speaker", LABELS[g % 3]),)
        sug = Suggestion(LABELS[g % 3], (g % 100) / 100, "because", ev)
        n_docs = len({corpus.units[i].doc_id for i in m})
        corpus.groups.append(Group(f"g{g:012x}", m, n_docs, sug))
    return corpus


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return (time.perf_counter() - started) * 1000, result


def run(n_groups: int, directory: Path) -> dict[str, float]:
    corpus = synthetic_corpus(n_groups)
    path = directory / "bench.sqlite"
    path.unlink(missing_ok=True)
    ms: dict[str, float] = {}
    ms["build"], project = timed(lambda: Project.create(path, corpus, "bench"))
    project.close()
    ms["open"], project = timed(lambda: Project.open(path, "bench"))
    ms["queue"], rows = timed(project.queue)
    ms["queue_pending"], _ = timed(lambda: project.queue("pending"))
    ms["queue_search"], _ = timed(lambda: project.queue(search="met 42 envoys"))
    ms["queue_confidence"], _ = timed(lambda: project.queue(sort="confidence"))
    writes = [timed(lambda r=r: project.set_label(r.group_id, "generic"))[0] for r in rows[:200]]
    ms["label_write_median"] = statistics.median(writes)
    ms["label_write_max"] = max(writes)
    ms["undo"], _ = timed(project.undo)
    ms["members"], _ = timed(lambda: project.members(rows[0].group_id))
    ms["stats"], _ = timed(project.stats)
    ms["export_csv"], _ = timed(lambda: export_labels(project, str(directory / "labels.csv")))
    ms["file_mb"] = path.stat().st_size / 1e6
    project.close()
    return ms


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=100_000)
    parser.add_argument("--dir", help="where to build the project (default: a temp dir)")
    parser.add_argument("--json", help="write the figures here as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        figures = run(args.groups, Path(args.dir or tmp))
    for name, value in figures.items():
        unit = "" if name == "file_mb" else " ms"
        print(f"{name:20} {value:10.1f}{unit}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

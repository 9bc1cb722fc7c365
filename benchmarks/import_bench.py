"""Time ``claimcheck import`` of N rows into an N-group project (floor: 100,000 in <= 10 s).

Usage: python benchmarks/import_bench.py [--groups N] [--dir DIR] [--tui KEYS] [--json OUT]

Builds store_bench's synthetic project of N groups, exports its labels (CSV), edits
every row (a note on each, a new label on two thirds: ~1.67N decisions) and times,
each in-process:
- export: the label export of the same project, the baseline the import is a ratio of;
- dry run of the edited file (read, parse, match, plan; nothing written);
- import of the edited file (the same, plus the one transaction of 2N decisions);
- re-import of the same file (idempotent: nothing to write);
- import by text (--match text) of a minimal ``text,label`` file of N rows: every row
  matched by its exact text through the text index.
With --tui KEYS, the review app's label-key latency (tui_bench's method) is measured
before the import and after it, on the same project.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from store_bench import synthetic_corpus  # noqa: E402

from claimcheck.export import export_labels  # noqa: E402
from claimcheck.importer import import_labels  # noqa: E402
from claimcheck.models import LABELS  # noqa: E402
from claimcheck.store import Project  # noqa: E402

FLOOR_S = 10.0


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def edit(src: Path, out: Path) -> None:
    """Every row gets a note and the first two thirds another label, saved as a German
    spreadsheet would (BOM, semicolons). The last third stays pending: the review app
    advances to the next pending group, so the key latency after the import is
    measured there (with nothing pending it would have nowhere to go)."""
    with open(src, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for i, row in enumerate(rows):
        row["note"] = f"checked {i}"
        if i < len(rows) * 2 // 3:
            row["label"] = LABELS[(i + 1) % 3].replace("_", " ")
    with open(out, "w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)


def minimal(src: Path, out: Path) -> None:
    with open(src, newline="", encoding="utf-8") as handle:
        rows = [(r["representative_text"], "generic") for r in csv.DictReader(handle)]
    with open(out, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([("text", "label"), *rows])


def tui_latency(path: Path, keys: int) -> dict[str, float]:
    from tui_bench import measure

    return asyncio.run(measure(path, keys))


def run(n: int, directory: Path, tui_keys: int) -> dict[str, float]:
    path = directory / "bench.sqlite"
    path.unlink(missing_ok=True)
    Project.create(path, synthetic_corpus(n), "bench").close()
    figures: dict[str, float] = {}
    if tui_keys:
        before = tui_latency(path, tui_keys)
        figures["tui_key_median_ms_before"] = before["key_median_ms"]
        figures["tui_open_s_before"] = before["open_s"]
    exported, edited, texts = directory / "l.csv", directory / "e.csv", directory / "t.csv"
    figures["export_s"], _ = timed(lambda: export_labels(path, str(exported)))
    edit(exported, edited)
    minimal(exported, texts)
    with Project.open(path, "ana") as project:
        figures["dry_run_s"], _ = timed(lambda: import_labels(project, edited, dry_run=True))
        figures["import_s"], report = timed(lambda: import_labels(project, edited))
        figures["decisions"] = len(report.decisions)
        figures["reimport_s"], again = timed(lambda: import_labels(project, edited))
        figures["reimport_decisions"] = len(again.decisions)
    figures["import_vs_export"] = figures["import_s"] / figures["export_s"]
    if tui_keys:  # before the text import, which labels every group (nothing left pending)
        after = tui_latency(path, tui_keys)
        figures["tui_key_median_ms_after"] = after["key_median_ms"]
        figures["tui_open_s_after"] = after["open_s"]
    with Project.open(path, "ana") as project:
        figures["text_import_s"], by_text = timed(
            lambda: import_labels(project, texts, match="text")
        )
        figures["text_exact_matches"] = by_text.methods()["exact"]
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=100_000)
    parser.add_argument("--dir", type=Path, help="where to build the project (default: temp)")
    parser.add_argument("--tui", type=int, default=0, metavar="KEYS", help="also time the app")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        figures = run(args.groups, Path(tmp), args.tui)
    for name, value in figures.items():
        print(f"{name:28} {value:12.3f}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    ok = figures["import_s"] <= FLOOR_S * args.groups / 100_000
    print("OK" if ok else f"FAILED: import over {FLOOR_S} s per 100,000 rows")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

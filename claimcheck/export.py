"""Writing results as CSV or JSONL: atomically, UTF-8, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .models import Corpus

if TYPE_CHECKING:
    from .store import Project

STDOUT = "-"
FORMATS = ("csv", "jsonl")

UNIT_COLUMNS = (
    "doc", "doc_id", "unit_id", "start", "end", "kind", "is_claim", "text",
    "group_id", "group_size", "group_docs", "representative",
    "suggested_label", "confidence", "evidence",
    "title", "source", "date",
)  # fmt: skip

# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Neutralise text a spreadsheet would execute, by a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def format_for(path: str, requested: str | None = None) -> str:
    if requested:
        return requested
    return "jsonl" if path.lower().endswith((".jsonl", ".ndjson")) else "csv"


def unit_rows(corpus: Corpus) -> Iterator[dict[str, Any]]:
    """One row per unit, in document order, with its group and suggestion."""
    docs = {d.doc_id: d for d in corpus.documents}
    group_of: dict[int, int] = {}
    for gi, group in enumerate(corpus.groups):
        for member in group.members:
            group_of[member] = gi
    for ui, unit in enumerate(corpus.units):
        doc = docs[unit.doc_id]
        row: dict[str, Any] = {
            "doc": doc.path, "doc_id": unit.doc_id, "unit_id": unit.unit_id,
            "start": unit.start, "end": unit.end, "kind": unit.kind,
            "is_claim": unit.is_claim, "text": unit.text,
            "group_id": "", "group_size": "", "group_docs": "", "representative": False,
            "suggested_label": "", "confidence": "", "evidence": "",
            "title": doc.title, "source": doc.source, "date": doc.date,
        }  # fmt: skip
        gi = group_of.get(ui)
        if gi is not None:
            group = corpus.groups[gi]
            row.update(
                group_id=group.group_id,
                group_size=group.size,
                group_docs=group.n_docs,
                representative=group.representative == ui,
            )
            if group.suggestion is not None:
                row.update(
                    suggested_label=group.suggestion.label,
                    confidence=round(group.suggestion.confidence, 3),
                    evidence=group.suggestion.explanation,
                )
        yield row


@contextmanager
def open_output(path: str) -> Iterator[IO[str]]:
    """Stdout for ``-``; otherwise a temp file renamed over ``path`` only on success.

    A crash or a full disk mid-write leaves any earlier file at ``path`` intact.
    """
    if path == STDOUT:
        yield sys.stdout
        sys.stdout.flush()
        return
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _FILE_MODE)  # mkstemp makes 0600; an export is an ordinary file
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _default_mode() -> int:
    umask = os.umask(0)  # the only way to read it; done once, at import, before any thread
    os.umask(umask)
    return 0o666 & ~umask


_FILE_MODE = _default_mode()


def write_rows(
    rows: Iterable[Mapping[str, Any]], columns: Sequence[str], path: str, fmt: str = "csv"
) -> int:
    """Write rows to ``path`` (or stdout) as CSV or JSONL; return how many."""
    count = 0
    with open_output(path) as handle:
        if fmt == "jsonl":
            for row in rows:
                handle.write(json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False))
                handle.write("\n")
                count += 1
        else:
            writer = csv.writer(handle)
            writer.writerow(columns)
            for row in rows:
                writer.writerow([safe_cell(row.get(c, "")) for c in columns])
                count += 1
    return count


def write_units(corpus: Corpus, path: str, fmt: str = "csv") -> int:
    return write_rows(unit_rows(corpus), UNIT_COLUMNS, path, fmt)


# --------------------------------------------------------------------------- review labels
# Exports of a review project (claimcheck.store), reusing open_output/write_rows above.


def export_labels(
    project: Project | str | os.PathLike[str],
    out: str,
    fmt: str = "csv",
    per_sentence: bool = False,
    orphaned: bool = False,
) -> int:
    """Write a project's decisions to ``out``; return the number of rows.

    One row per group by default; ``per_sentence``: one per member unit with its
    offsets; ``orphaned``: the decisions a re-grouping could not carry over. Reads
    through a snapshot of its own, so the TUI may call it from a worker thread while
    decisions go on being saved.
    """
    from .store import GROUP_COLUMNS, ORPHAN_COLUMNS, UNIT_COLUMNS, Project

    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    owned = not isinstance(project, Project)
    opened = Project.open(project, reviewer="export") if owned else project
    try:
        if orphaned:
            return write_rows(opened.orphan_rows(), ORPHAN_COLUMNS, out, fmt)
        if per_sentence:
            return write_rows(opened.unit_rows(), UNIT_COLUMNS, out, fmt)
        return write_rows(opened.group_rows(), GROUP_COLUMNS, out, fmt)
    finally:
        if owned:
            opened.close()

"""Merging copies of a project: reviewers who labelled on their own laptops bring their
decision logs together in one file.

The projects must be over the same corpus (the same document ids) and have the same
groups. The output starts as a copy of the first project; the entries of each other
project that it lacks (by ``entry_id``, unique across files) are appended in that
project's order, their ``undoes`` renumbered, and the derived ``labels`` table brought
up to date entry by entry as the review app would have. So the same entry from two
copies is kept once, the result depends only on the inputs and their order
(deterministic), and merging it again with any of them adds nothing (idempotent).

Copies whose groups differ (repaired or re-grouped in one copy only), or whose logs
hold surgery or re-grouping entries the first lacks, are refused with the file named:
combining two copies' group tables is not supported yet. The output is built in a
temporary file next to it and renamed into place once complete: an interrupted merge
leaves no output.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .connection import (
    ProjectError,
    built_atomically,
    check_header,
    connect,
    connect_read_only,
)
from .log import SURGERY, UNDECIDED, with_field
from .schema import SCHEMA_VERSION, file_version

_STRUCTURE = (*SURGERY, "carry", "orphan", "reattach")  # entries that reshape groups
_ENTRY = "seq, group_id, action, value, previous, reviewer, at, session, undoes, entry_id, detail"


@dataclass
class MergeReport:
    out: Path
    added: dict[str, int] = field(default_factory=dict)  # input -> entries it brought
    entries: int = 0  # entries in the output's log


def merge_projects(
    inputs: Sequence[str | os.PathLike[str]], out: str | os.PathLike[str]
) -> MergeReport:
    """Merge ``inputs`` (two or more project files) into a new file ``out``."""
    paths, target = [Path(p) for p in inputs], Path(out)
    if len(paths) < 2:
        raise ProjectError("merge needs two project files or more")
    if target.exists():
        raise ProjectError(f"{target}: already exists; merge into a new file")
    sources = [_open_source(p) for p in paths]
    try:
        first = sources[0]
        docs, groups = _doc_ids(first), _group_shape(first)
        for path, db in zip(paths[1:], sources[1:], strict=True):
            _check_same(path, paths[0], db, docs, groups)
        return _build(paths, sources, target)
    finally:
        for db in sources:
            db.close()


def _open_source(path: Path) -> sqlite3.Connection:
    check_header(path)
    try:
        db = connect_read_only(path)
        version = file_version(db, path)
    except sqlite3.DatabaseError as err:
        raise ProjectError(f"{path}: not a claimcheck project or damaged: {err}") from err
    if version < SCHEMA_VERSION:
        db.close()
        raise ProjectError(
            f"{path}: project schema {version}: open it once with this claimcheck"
            " (claimcheck review) to upgrade it, then merge"
        )
    return db


def _doc_ids(db: sqlite3.Connection) -> set[str]:
    return {d for (d,) in db.execute("SELECT doc_id FROM documents")}


def _group_shape(db: sqlite3.Connection) -> int:
    """A digest of the groups and their members (positions, ids, sizes, members)."""
    groups = db.execute(
        "SELECT position, group_id, size, rep_uid FROM groups ORDER BY position"
    ).fetchall()
    members = db.execute("SELECT position, rank, uid FROM members ORDER BY position, rank")
    return hash((tuple(groups), tuple(members)))


def _check_same(
    path: Path, first: Path, db: sqlite3.Connection, docs: set[str], groups: int
) -> None:
    theirs = _doc_ids(db)
    if theirs != docs:
        differ = sorted(theirs ^ docs)
        raise ProjectError(
            f"{path}: not the same corpus as {first} ({len(differ):,} document ids differ,"
            f" e.g. {differ[0]}): only copies of one project can be merged"
        )
    if _group_shape(db) != groups:
        raise ProjectError(
            f"{path}: its groups differ from {first}'s (repaired or re-grouped in one copy"
            " only): merging those is not supported yet; repair in one copy and share it first"
        )


def _build(paths: list[Path], sources: list[sqlite3.Connection], target: Path) -> MergeReport:
    with built_atomically(target, "write the merged project") as tmp:
        db = connect(tmp)
        try:
            sources[0].backup(db)
            report = _append(db, paths, sources, target)
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            db.close()
    return report


def _append(
    db: sqlite3.Connection, paths: list[Path], sources: list[sqlite3.Connection], target: Path
) -> MergeReport:
    """The other sources' new entries into ``db`` (a copy of the first), one transaction."""
    db.execute("PRAGMA synchronous = FULL")
    report = MergeReport(target)
    db.execute("BEGIN IMMEDIATE")
    try:
        known = dict(db.execute("SELECT entry_id, seq FROM log"))
        actions = dict(db.execute("SELECT seq, action FROM log"))
        report.added[str(paths[0])] = 0
        for path, source in zip(paths[1:], sources[1:], strict=True):
            report.added[str(path)] = _append_one(db, path, source, known, actions)
        for key, value in sources_meta(sources[1:]):
            db.execute("INSERT OR IGNORE INTO meta VALUES (?, ?)", (key, value))
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    report.entries = len(known)
    return report


def sources_meta(sources: list[sqlite3.Connection]) -> list[tuple[str, str]]:
    """Each reviewer's place in the review app (the first project's win)."""
    return [
        r
        for s in sources
        for r in s.execute("SELECT key, value FROM meta WHERE key LIKE 'place:%'")
    ]


def _append_one(
    db: sqlite3.Connection, path: Path, source: sqlite3.Connection,
    known: dict[str, int], actions: dict[int, str],
) -> int:  # fmt: skip
    entries = source.execute(f"SELECT {_ENTRY} FROM log ORDER BY seq").fetchall()
    their_ids = {e[0]: e[9] for e in entries}
    added = 0
    for seq, gid, action, value, previous, reviewer, at, session, undoes, eid, detail in entries:
        if eid in known:
            continue
        original = actions.get(known.get(their_ids.get(undoes, ""), -1)) if undoes else None
        if action in _STRUCTURE or original in _STRUCTURE:
            raise ProjectError(
                f"{path}: has group repairs or a re-grouping the first project lacks"
                f" (log entry {seq}, {action}): merging those is not supported yet"
            )
        mapped = known.get(their_ids.get(undoes, "")) if undoes else None
        cur = db.execute(
            "INSERT INTO log (group_id, action, value, previous, reviewer, at, session, undoes,"
            " entry_id, detail) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (gid, action, value, previous, reviewer, at, session, mapped, eid, detail),
        )
        known[eid] = cur.lastrowid or 0
        actions[known[eid]] = action
        field_action = original if action in ("undo", "redo") else action
        if field_action in ("label", "skip", "flag", "note"):
            _set_field(db, gid, field_action, value, reviewer, at)
        added += 1
    return added


def _set_field(
    db: sqlite3.Connection, gid: str, action: str, value: str | None, reviewer: str, at: str
) -> None:
    """The labels table after one decision, as ``DecisionsMixin._apply`` writes it."""
    row = db.execute(
        "SELECT label, skipped, flagged, note FROM labels WHERE group_id = ?", (gid,)
    ).fetchone()
    new = with_field(tuple(row) if row else UNDECIDED, action, value)
    decides = action in ("label", "skip")
    db.execute(
        "INSERT INTO labels (group_id, label, skipped, flagged, note, reviewer, labelled_at)"
        " VALUES (?,?,?,?,?,?,?) ON CONFLICT (group_id) DO UPDATE SET label = excluded.label,"
        " skipped = excluded.skipped, flagged = excluded.flagged, note = excluded.note"
        + (", reviewer = excluded.reviewer, labelled_at = excluded.labelled_at"
           if decides else ""),
        (gid, *new, reviewer if decides else "", at if decides else ""),
    )  # fmt: skip

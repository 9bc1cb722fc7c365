"""Merging copies of a project: reviewers who labelled on their own laptops bring their
decision logs together in one file.

The projects must be over the same corpus (the same document ids) and have the same
groups. The output starts as a copy of the first project; the entries of each other
project that it lacks (by ``entry_id``, unique across files) are appended in that
project's order, their ``undoes`` renumbered, and the derived ``labels`` table brought
up to date entry by entry as the review app would have. So the same entry from two
copies is kept once, the result depends only on the inputs and their order
(deterministic), and merging it again with any of them adds nothing (idempotent).

Copies that repaired their groups differently (group surgery: merge, split, move, and
their undo and redo) merge too: each later copy's repairs are replayed on the merged
groups by member and group id, the later input's repair in effect where two conflict,
both entries kept in the log (rebase.py says how and why). Each conflict is one line
of ``MergeReport.conflicts``; the lines are kept in the merged file (meta
``merge_conflicts``, with those of the inputs) for ``claimcheck agreement`` to show
later (``recorded_conflicts``). Copies must share the groups they started from (their
groups with every repair reversed); a copy re-grouped on its own (a re-grouping's
carry/orphan/reattach entries the first lacks) is refused with the file named. The
output is built in a temporary file next to it and renamed into place once complete,
in one transaction: an interrupted merge leaves no output.
"""

from __future__ import annotations

import json
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
    read_project,
)
from .log import _LOG_FIELDS, SURGERY, UNDECIDED, Decision, unreplay_members, with_field
from .rebase import Made, Rebaser
from .schema import SCHEMA_VERSION, file_version

_REGROUPING = ("carry", "orphan", "reattach")  # a re-grouping's entries
_ENTRY = "seq, group_id, action, value, previous, reviewer, at, session, undoes, entry_id, detail"
CONFLICTS_KEY = "merge_conflicts"  # meta: the merge reports' conflict lines (JSON list)


@dataclass
class MergeReport:
    out: Path
    added: dict[str, int] = field(default_factory=dict)  # input -> entries it brought
    entries: int = 0  # entries in the output's log
    conflicts: list[str] = field(default_factory=list)  # this merge's, one line each


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
        docs, groups = _doc_ids(first), _base_groups(first)
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


def _base_groups(db: sqlite3.Connection) -> int:
    """A digest of the groups a copy started from: its memberships with every repair
    since the last re-grouping reversed, and those groups' ids."""
    entries = [Decision(*r) for r in db.execute(f"SELECT {_LOG_FIELDS} FROM log ORDER BY seq")]
    last = max((i for i, d in enumerate(entries) if d.action in _REGROUPING), default=-1)
    members = db.execute("SELECT position, rank, uid FROM members").fetchall()
    base = unreplay_members(members, entries[last + 1 :])
    positions = {p for p, _, _ in base}
    ids = [r for r in db.execute("SELECT position, group_id FROM groups") if r[0] in positions]
    return hash((tuple(sorted(base)), tuple(sorted(ids))))


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
    if _base_groups(db) != groups:
        raise ProjectError(
            f"{path}: its groups were not built as {first}'s (re-grouped, or grouped with"
            " other settings): only copies of one project can be merged; re-group both alike"
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
        had: dict[str, set[str]] = dict.fromkeys(known, set(known))  # entry -> its input's
        rebaser = Rebaser(db)
        rebaser.learn(paths[0].name)
        report.added[str(paths[0])] = 0
        for path, source in zip(paths[1:], sources[1:], strict=True):
            report.added[str(path)] = _append_one(db, path, source, known, actions, rebaser, had)
        rebaser.linked_apart(had)
        report.conflicts = [c.line() for c in rebaser.conflicts.values()]
        for key, value in sources_meta(sources[1:]):
            db.execute("INSERT OR IGNORE INTO meta VALUES (?, ?)", (key, value))
        _record_conflicts(db, sources[1:], report.conflicts)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    report.entries = len(known)
    return report


def _record_conflicts(
    db: sqlite3.Connection, sources: list[sqlite3.Connection], new: list[str]
) -> None:
    """The first input's conflict lines, then the other inputs', then this merge's, once each."""
    lines = [*_conflicts_in(db), *(c for s in sources for c in _conflicts_in(s)), *new]
    if lines:
        db.execute(
            "INSERT OR REPLACE INTO meta VALUES (?, ?)",
            (CONFLICTS_KEY, json.dumps(list(dict.fromkeys(lines)))),
        )


def _conflicts_in(db: sqlite3.Connection) -> list[str]:
    row = db.execute("SELECT value FROM meta WHERE key = ?", (CONFLICTS_KEY,)).fetchone()
    return json.loads(row[0]) if row else []


def recorded_conflicts(path: str | os.PathLike[str]) -> list[str]:
    """The conflict lines of the merges that made the project at ``path`` (read only)."""
    return read_project(path, lambda db, _target: _conflicts_in(db))


def sources_meta(sources: list[sqlite3.Connection]) -> list[tuple[str, str]]:
    """Each reviewer's place in the review app (the first project's win)."""
    return [
        r
        for s in sources
        for r in s.execute("SELECT key, value FROM meta WHERE key LIKE 'place:%'")
    ]


def _append_one(
    db: sqlite3.Connection, path: Path, source: sqlite3.Connection,
    known: dict[str, int], actions: dict[int, str], rebaser: Rebaser,
    had: dict[str, set[str]],
) -> int:  # fmt: skip
    entries = source.execute(f"SELECT {_ENTRY} FROM log ORDER BY seq").fetchall()
    their_ids = {e[0]: e[9] for e in entries}
    here = set(their_ids.values())
    their = {e[0]: (e[2], e[10]) for e in entries}  # seq -> (action, detail)
    their_groups = dict(source.execute("SELECT position, group_id FROM groups"))
    added = 0
    for entry in entries:
        seq, gid, action, value, previous, reviewer, at, session, undoes, eid, detail = entry
        if eid in known:
            continue
        original = actions.get(known.get(their_ids.get(undoes, ""), -1)) if undoes else None
        if action in _REGROUPING or original in _REGROUPING:
            raise ProjectError(
                f"{path}: re-grouped in this copy only (log entry {seq}, {action}): merge"
                " copies re-grouped alike (re-group the first the same way first)"
            )
        mapped = known.get(their_ids.get(undoes, "")) if undoes else None
        if action in SURGERY or original in SURGERY:
            new = rebaser.replay(entry, path.name, their, their_groups, here, mapped)
        else:
            new = db.execute(
                "INSERT INTO log (group_id, action, value, previous, reviewer, at, session,"
                " undoes, entry_id, detail) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (gid, action, value, previous, reviewer, at, session, mapped, eid, detail),
            ).lastrowid or 0  # fmt: skip
        known[eid], actions[new], had[eid] = new, action, here
        field_action = original if action in ("undo", "redo") else action
        if field_action in ("label", "skip", "flag", "note"):
            _set_field(db, gid, field_action, value, reviewer, at)
            rebaser.decided(gid, Made(eid, field_action, gid, value, reviewer, path.name), here)
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

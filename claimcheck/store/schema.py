"""The project file's tables, its schema version and the migrations between versions.

Schema 2 (this release) over schema 1: every log entry has an ``entry_id`` that
survives copying the log into another file (issue 13 merges project copies) and a
``detail`` (JSON) for group surgery; ``constraints`` keeps the reviewer's merges and
splits as must-link / cannot-link pairs of texts; documents keep their language;
orphaned labels name their documents. A schema-1 file is upgraded in place at its
first writable open, after a backup copy next to it (``migrate``).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .connection import ProjectError, connect, create_indexes, utc_now

SCHEMA_VERSION = 2
APPLICATION_ID = 0x436C4368  # "ClCh" in the SQLite header: tells our files from others

# One statement each (the bodies hold semicolons: no naive split of a script).
_LOG_TRIGGERS = tuple(
    f"CREATE TRIGGER log_no_{what.lower()} BEFORE {what} ON log"
    " BEGIN SELECT RAISE(ABORT, 'the decision log is append-only'); END"
    for what in ("UPDATE", "DELETE")
)
# Tables added after schema 1 shipped as "created if missing"; schema 2 has them all.
ADDITIVE = """
CREATE TABLE IF NOT EXISTS related (
    position INTEGER NOT NULL, rank INTEGER NOT NULL, other TEXT NOT NULL,
    score REAL NOT NULL, PRIMARY KEY (position, rank)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS captures (doc_id TEXT PRIMARY KEY, captured TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS doc_kinds (
    doc_id TEXT PRIMARY KEY, kind TEXT NOT NULL, confidence REAL NOT NULL,
    page_date TEXT NOT NULL, reason TEXT NOT NULL);
-- The reviewer's repairs as pairs of normalised texts (group.normalize), one row per
-- pair, tagged with the surgery entry that made them: derived from the log (an undo
-- removes its entry's rows, a redo puts them back) and applied after every re-grouping.
CREATE TABLE IF NOT EXISTS constraints (
    seq INTEGER NOT NULL, kind TEXT NOT NULL, a TEXT NOT NULL, b TEXT NOT NULL,
    a_text TEXT NOT NULL, b_text TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS constraints_seq ON constraints (seq);
-- Labelled groups that a re-grouping gave members the reviewer had not seen: how many,
-- and when. "Changed since labelled" while the label is older than ``at`` (carry.py).
CREATE TABLE IF NOT EXISTS grown (
    group_id TEXT PRIMARY KEY, added INTEGER NOT NULL, at TEXT NOT NULL);
"""
SCHEMA = f"""
CREATE TABLE schema_version (version INTEGER NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents (
    doc_id TEXT PRIMARY KEY, path TEXT NOT NULL, title TEXT NOT NULL, source TEXT NOT NULL,
    date TEXT NOT NULL, url TEXT NOT NULL, text TEXT NOT NULL,
    lang TEXT NOT NULL DEFAULT '');
CREATE TABLE units (
    uid INTEGER PRIMARY KEY, unit_id TEXT NOT NULL, doc_id TEXT NOT NULL, idx INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL);
-- size 0: a group merged into another (kept, so that an undo brings it back as it was).
CREATE TABLE groups (
    position INTEGER PRIMARY KEY, group_id TEXT NOT NULL UNIQUE, size INTEGER NOT NULL,
    n_docs INTEGER NOT NULL, rep_uid INTEGER NOT NULL, text TEXT NOT NULL,
    suggested_label TEXT, confidence REAL, explanation TEXT NOT NULL);
-- Wide per-group text apart, so that scanning ``groups`` for the queue stays cheap.
CREATE TABLE group_text (
    position INTEGER PRIMARY KEY,
    documents TEXT NOT NULL,  -- member doc paths joined by "; ", for export
    search TEXT NOT NULL);    -- member texts as search.py stores them
CREATE TABLE members (
    position INTEGER NOT NULL, rank INTEGER NOT NULL, uid INTEGER NOT NULL,
    PRIMARY KEY (position, rank)) WITHOUT ROWID;
CREATE TABLE evidence (
    uid INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    signal TEXT NOT NULL, label TEXT NOT NULL);
-- The current decision of each group: derived from the log, kept up to date in the
-- same transaction as each entry (keyed by group_id so that it outlives re-grouping).
CREATE TABLE labels (
    group_id TEXT PRIMARY KEY, label TEXT, skipped INTEGER NOT NULL DEFAULT 0,
    flagged INTEGER NOT NULL DEFAULT 0, note TEXT NOT NULL DEFAULT '',
    reviewer TEXT NOT NULL DEFAULT '', labelled_at TEXT NOT NULL DEFAULT '');
CREATE TABLE orphaned_labels (
    group_id TEXT NOT NULL, label TEXT, skipped INTEGER NOT NULL, flagged INTEGER NOT NULL,
    note TEXT NOT NULL, reviewer TEXT NOT NULL, labelled_at TEXT NOT NULL,
    text TEXT NOT NULL, member_texts TEXT NOT NULL, orphaned_at TEXT NOT NULL,
    documents TEXT NOT NULL DEFAULT '');
-- The source of truth: every decision, append-only. entry_id stays the same in a copy.
CREATE TABLE log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, group_id TEXT NOT NULL, action TEXT NOT NULL,
    value TEXT, previous TEXT, reviewer TEXT NOT NULL, at TEXT NOT NULL,
    session TEXT NOT NULL, undoes INTEGER, entry_id TEXT, detail TEXT NOT NULL DEFAULT '');
{";".join(_LOG_TRIGGERS)};
CREATE INDEX labels_label ON labels (label);
CREATE INDEX log_group ON log (group_id);
CREATE UNIQUE INDEX log_entry ON log (entry_id);
{ADDITIVE}
"""
# Built after the bulk load: cheaper than maintaining them row by row.
INDEXES = """
CREATE INDEX IF NOT EXISTS units_doc ON units (doc_id, idx);
CREATE INDEX IF NOT EXISTS evidence_uid ON evidence (uid);
CREATE INDEX IF NOT EXISTS groups_docs ON groups (n_docs, size);
CREATE INDEX IF NOT EXISTS groups_size ON groups (size);
CREATE INDEX IF NOT EXISTS groups_suggested ON groups (suggested_label, confidence);
CREATE INDEX IF NOT EXISTS groups_confidence ON groups (confidence);
CREATE INDEX IF NOT EXISTS members_uid ON members (uid);
"""
CORPUS_TABLES = (
    "documents", "units", "groups", "group_text", "members", "evidence", "related",
    "doc_kinds", "captures",
)  # fmt: skip


def file_version(db: sqlite3.Connection, path: Path) -> int:
    """The file's schema version; a ProjectError if it is not a claimcheck project."""
    app_id = db.execute("PRAGMA application_id").fetchone()[0]
    if app_id != APPLICATION_ID:
        raise ProjectError(f"{path}: not a claimcheck project (an SQLite file of another kind)")
    row = db.execute("SELECT max(version) FROM schema_version").fetchone()
    version = row[0] if row else None
    if not isinstance(version, int) or version < 1:
        # Our application id but no version: the file was ours and is damaged.
        raise ProjectError(
            f"{path}: damaged project file (its schema version is unreadable);"
            " restore it from a backup"
        )
    if version > SCHEMA_VERSION:
        raise ProjectError(
            f"{path}: written by a newer claimcheck (project schema version {version};"
            f" this one reads up to {SCHEMA_VERSION}): upgrade claimcheck to open it"
        )
    return version


def backup_path(path: Path, version: int) -> Path:
    """``<name>.schema<version>.bak`` next to the file (numbered if one exists)."""
    candidate = path.with_name(f"{path.name}.schema{version}.bak")
    n = 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}.schema{version}.{n}.bak")
    return candidate


def migrate(db: sqlite3.Connection, path: Path, version: int) -> Path:
    """Upgrade the open file from ``version`` to SCHEMA_VERSION, in place, after a
    whole copy of it (WAL included: SQLite's backup API) next to it. Returns the copy.
    The upgrade is one transaction: interrupted, the file stays at ``version``."""
    backup = backup_path(path, version)
    copy = connect(backup)
    try:
        db.backup(copy)
    finally:
        copy.close()
    db.execute("BEGIN IMMEDIATE")
    try:
        if file_version(db, path) == version:  # another app may have upgraded it meanwhile
            for step in range(version, SCHEMA_VERSION):
                _STEPS[step](db)
            db.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))
            db.execute(
                "INSERT OR REPLACE INTO meta VALUES (?, ?)",
                (f"migrated_from_{version}", f"{utc_now()} backup {backup.name}"),
            )
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return backup


def _from_1(db: sqlite3.Connection) -> None:
    """Schema 1 -> 2: new columns with neutral defaults, every old row kept as it is.
    Old log entries get the entry_id ``<session>/<seq>``: unique and stable."""
    db.execute("ALTER TABLE documents ADD COLUMN lang TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE orphaned_labels ADD COLUMN documents TEXT NOT NULL DEFAULT ''")
    db.execute("DROP TRIGGER IF EXISTS log_no_update")
    db.execute("DROP TRIGGER IF EXISTS log_no_delete")
    db.execute("ALTER TABLE log ADD COLUMN entry_id TEXT")
    db.execute("ALTER TABLE log ADD COLUMN detail TEXT NOT NULL DEFAULT ''")
    db.execute("UPDATE log SET entry_id = session || '/' || seq")
    db.execute("CREATE UNIQUE INDEX log_entry ON log (entry_id)")
    for trigger in _LOG_TRIGGERS:
        db.execute(trigger)
    create_indexes(db, ADDITIVE)
    create_indexes(db, INDEXES)


_STEPS = {1: _from_1}

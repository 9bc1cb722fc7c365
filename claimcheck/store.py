"""The review project: one SQLite file holding a corpus, its groups and every decision.

Durability. The file is in WAL mode with ``synchronous=FULL`` and every decision is
its own short transaction, committed before the call returns. ``kill -9`` at any
moment therefore loses nothing a caller has been told is saved (a process kill never
loses a committed WAL transaction even with NORMAL); FULL also fsyncs the WAL on every
commit, so a power cut or OS crash does not lose the last decisions either. That costs
one fsync per decision (a few ms), nothing at human review pace.

Concurrency policy: "both work safely". Two apps (or an app and ``claimcheck
export``) may open the same project at once. WAL lets readers run beside a writer;
each decision is a ``BEGIN IMMEDIATE`` transaction of a few statements, and
``busy_timeout`` makes a second writer wait for the first instead of failing. The
last decision on a group wins, and every decision from both apps is in the log.
An app learns that another one wrote through :meth:`Project.changed` and refreshes.
:class:`ProjectLocked` is raised only if a writer waited longer than the timeout.

Nothing is dropped: every unit (claims or not) and every document's full text are
stored; the log is append-only (triggers refuse UPDATE and DELETE on it); labels that
a re-grouped corpus cannot carry over move to ``orphaned_labels``.
"""

from __future__ import annotations

import gc
import os
import re
import sqlite3
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, fields, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .gc_pause import paused_gc
from .models import LABELS, Corpus, Document, Group, Suggestion, Unit

DEFAULT_DB = "claimcheck.sqlite"  # in the current directory unless --db says otherwise
SCHEMA_VERSION = 1
APPLICATION_ID = 0x436C4368  # "ClCh" in the SQLite header: tells our files from others
BUSY_TIMEOUT_MS = 5000
SQLITE_MAGIC = b"SQLite format 3\x00"

FILTERS = ("all", "pending", *LABELS, "skipped", "flagged", "cross")
SORTS = ("position", "size", "docs", "confidence", "suggested")
SKIPPED = "skipped"
PENDING = "pending"
ACTIONS = ("label", "skip", "flag", "note", "undo", "redo")
# Conflict decisions (claimcheck.conflicts) go in the same append-only log, keyed by the
# conflict id in the group_id column: no schema change, and the audit trail stays one.
CONFLICT_ACTION = "conflict"
CONFLICT_VERDICTS = ("confirmed", "dismissed")


class ProjectError(Exception):
    """A project file problem, as one line naming the file."""


class ProjectLocked(ProjectError):
    """Another app held the project for longer than the busy timeout."""


@dataclass(frozen=True, slots=True)
class QueueRow:
    group_id: str
    position: int
    size: int
    n_docs: int
    text: str  # the representative's text
    label: str | None
    skipped: bool
    flagged: bool
    note: str
    suggested_label: str | None
    confidence: float | None
    explanation: str

    @property
    def state(self) -> str:
        return self.label or (SKIPPED if self.skipped else PENDING)


@dataclass(frozen=True, slots=True)
class MemberView:
    unit_id: str
    doc_path: str
    title: str
    source: str
    date: str
    text: str
    start: int  # offsets of ``text`` in the document's text
    end: int
    before: list[str]  # up to ``context`` neighbouring unit texts, nearest last
    after: list[str]  # nearest first
    evidence: list[tuple[int, int, str, str]]  # (start, end, signal, label) within text
    doc_kind: str = ""  # the page's kind as shown: "news report (0.98), dated 2024-08-13"
    url: str = ""  # the page's address, when the input gave one
    captured: str = ""  # when a web archive captured it (WARC input)


@dataclass(frozen=True, slots=True)
class RelatedView:
    """A group close to another one, below the grouping threshold."""

    group_id: str
    score: float  # 0..1, the best member-pair score between the two groups
    size: int
    n_docs: int
    text: str  # its representative's text


@dataclass(frozen=True, slots=True)
class Decision:
    seq: int
    group_id: str
    action: str  # label | skip | flag | note | undo | redo
    # label/skip: the group's state after and before (a label, "skipped" or None for
    # pending); flag: "1"/"0"; note: the text. undo/redo: the value restored and the
    # value it replaced.
    value: str | None
    previous: str | None
    reviewer: str
    at: str  # ISO 8601 UTC


@dataclass(frozen=True, slots=True)
class Stats:
    total: int
    labelled: int
    per_label: dict[str, int]
    skipped: int
    flagged: int
    rate_per_min: float | None  # label/skip decisions per minute in this session
    eta_seconds: float | None  # pending groups at that rate


@dataclass(slots=True)
class _Tally:
    """Groups per decision state, for ``Project.stats``."""

    total: int
    states: dict[str, int] = field(default_factory=lambda: dict.fromkeys((*LABELS, SKIPPED), 0))
    flagged: int = 0

    def apply(self, action: str, value: str | None, previous: str | None) -> None:
        if action == "flag":
            self.flagged += (value == "1") - (previous == "1")
        elif action in ("label", "skip"):
            if previous in self.states:
                self.states[previous] -= 1
            if value in self.states:
                self.states[value] += 1


@dataclass(frozen=True, slots=True)
class LearningRows:
    """What ``claimcheck.learn`` reads of a project: the rules' view of every group."""

    # (group_id, representative text, size, n_docs, rules' label, confidence, explanation)
    groups: list[tuple[str, str, int, int, str | None, float | None, str]]
    members: list[tuple[str, int, str]]  # (group_id, uid, doc_id) of every member
    evidence: list[tuple[int, str, str]]  # (uid, signal, doc_id) of the suggestions' evidence
    labels: dict[str, str]  # group_id -> the reviewer's label (labelled groups only)


# A suggestion as ``Project.set_suggestions`` writes it: (group_id, label, confidence,
# explanation).
SuggestionRow = tuple[str, "str | None", "float | None", str]
# The rules' own suggestions, kept aside once a learned one replaces any (created then).
RULE_TABLE = "rule_suggestions"
RULES_KEPT = "rule_suggestions_complete"  # meta key: the copy aside is whole
SUGGESTION_CHUNK = 200  # suggestions written per transaction (see set_suggestions)


@dataclass(frozen=True, slots=True)
class SyncReport:
    carried: int  # groups whose decisions were kept (same id, or matched by content)
    lost: list[tuple[str, str, str]]  # (old group_id, label, representative text)
    reattached: int = 0  # orphaned decisions whose text came back, on their group again


# Each group's closest other groups below the grouping threshold, best first. Added
# after schema 1 shipped: older files get it at their first re-group (additive).
_RELATED_TABLE = """CREATE TABLE IF NOT EXISTS related (
    position INTEGER NOT NULL, rank INTEGER NOT NULL, other TEXT NOT NULL,
    score REAL NOT NULL, PRIMARY KEY (position, rank)) WITHOUT ROWID"""

_SCHEMA = f"""
{_RELATED_TABLE};
CREATE TABLE schema_version (version INTEGER NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents (
    doc_id TEXT PRIMARY KEY, path TEXT NOT NULL, title TEXT NOT NULL, source TEXT NOT NULL,
    date TEXT NOT NULL, url TEXT NOT NULL, text TEXT NOT NULL);
CREATE TABLE units (
    uid INTEGER PRIMARY KEY, unit_id TEXT NOT NULL, doc_id TEXT NOT NULL, idx INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL);
CREATE TABLE groups (
    position INTEGER PRIMARY KEY, group_id TEXT NOT NULL UNIQUE, size INTEGER NOT NULL,
    n_docs INTEGER NOT NULL, rep_uid INTEGER NOT NULL, text TEXT NOT NULL,
    suggested_label TEXT, confidence REAL, explanation TEXT NOT NULL);
-- Wide per-group text apart, so that scanning ``groups`` for the queue stays cheap.
CREATE TABLE group_text (
    position INTEGER PRIMARY KEY,
    documents TEXT NOT NULL,  -- member doc paths joined by "; ", for export
    search TEXT NOT NULL);    -- casefolded member texts, for substring search
CREATE TABLE members (
    position INTEGER NOT NULL, rank INTEGER NOT NULL, uid INTEGER NOT NULL,
    PRIMARY KEY (position, rank)) WITHOUT ROWID;
CREATE TABLE evidence (
    uid INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    signal TEXT NOT NULL, label TEXT NOT NULL);
-- Decisions, keyed by group_id so that they outlive a re-grouping.
CREATE TABLE labels (
    group_id TEXT PRIMARY KEY, label TEXT, skipped INTEGER NOT NULL DEFAULT 0,
    flagged INTEGER NOT NULL DEFAULT 0, note TEXT NOT NULL DEFAULT '',
    reviewer TEXT NOT NULL DEFAULT '', labelled_at TEXT NOT NULL DEFAULT '');
CREATE TABLE orphaned_labels (
    group_id TEXT NOT NULL, label TEXT, skipped INTEGER NOT NULL, flagged INTEGER NOT NULL,
    note TEXT NOT NULL, reviewer TEXT NOT NULL, labelled_at TEXT NOT NULL,
    text TEXT NOT NULL, member_texts TEXT NOT NULL, orphaned_at TEXT NOT NULL);
CREATE TABLE log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, group_id TEXT NOT NULL, action TEXT NOT NULL,
    value TEXT, previous TEXT, reviewer TEXT NOT NULL, at TEXT NOT NULL,
    session TEXT NOT NULL, undoes INTEGER);
CREATE TRIGGER log_no_update BEFORE UPDATE ON log
    BEGIN SELECT RAISE(ABORT, 'the decision log is append-only'); END;
CREATE TRIGGER log_no_delete BEFORE DELETE ON log
    BEGIN SELECT RAISE(ABORT, 'the decision log is append-only'); END;
CREATE INDEX labels_label ON labels (label);
CREATE INDEX log_group ON log (group_id);
"""

# Built after the bulk load: cheaper than maintaining them row by row.
_INDEXES = """
CREATE INDEX IF NOT EXISTS units_doc ON units (doc_id, idx);
CREATE INDEX IF NOT EXISTS evidence_uid ON evidence (uid);
CREATE INDEX IF NOT EXISTS groups_docs ON groups (n_docs, size);
CREATE INDEX IF NOT EXISTS groups_size ON groups (size);
CREATE INDEX IF NOT EXISTS groups_suggested ON groups (suggested_label, confidence);
CREATE INDEX IF NOT EXISTS groups_confidence ON groups (confidence);
"""
_CORPUS_TABLES = (
    "documents", "units", "groups", "group_text", "members", "evidence", "related",
)  # fmt: skip
# Page kinds (issue 10): a table of its own, created if missing, so that projects
# made before it still open (the schema version is unchanged; their kinds are blank).
# When a web archive captured each page (WARC inputs only); created if missing, like
# doc_kinds, so older projects open unchanged.
_CAPTURES = """CREATE TABLE IF NOT EXISTS captures (
    doc_id TEXT PRIMARY KEY, captured TEXT NOT NULL)"""
_DOC_KINDS = """CREATE TABLE IF NOT EXISTS doc_kinds (
    doc_id TEXT PRIMARY KEY, kind TEXT NOT NULL, confidence REAL NOT NULL,
    page_date TEXT NOT NULL, reason TEXT NOT NULL)"""

_QUEUE_SELECT = """
SELECT g.group_id, g.position, g.size, g.n_docs, g.text, l.label,
       coalesce(l.skipped, 0), coalesce(l.flagged, 0), coalesce(l.note, ''),
       g.suggested_label, g.confidence, g.explanation
FROM groups g LEFT JOIN labels l ON l.group_id = g.group_id
"""
_FILTERS: dict[str, Callable[[QueueRow], bool]] = {
    "all": lambda r: True,
    "pending": lambda r: r.label is None and not r.skipped,
    "skipped": lambda r: r.label is None and r.skipped,
    "flagged": lambda r: r.flagged,
    "cross": lambda r: r.n_docs > 1,
    **{label: (lambda r, x=label: r.label == x) for label in LABELS},
}
# Python sorts are stable: ties keep queue (position) order. Groups without a
# suggestion count as the least sure: nothing vouches for them.
_SORTS: dict[str, Callable[[QueueRow], Any] | None] = {
    "position": None,
    "size": lambda r: -r.size,
    "docs": lambda r: (-r.n_docs, -r.size),
    "confidence": lambda r: -1.0 if r.confidence is None else r.confidence,
    "suggested": lambda r: (
        r.suggested_label is None, r.suggested_label or "", -(r.confidence or 0.0)
    ),
}  # fmt: skip


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def normalise(text: str) -> str:
    """Case, accents-compatibility and punctuation folded: how claims are matched on sync."""
    return " ".join(re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold()))


# --------------------------------------------------------------------------- loading


def _dedupe_ids(groups: Sequence[Group]) -> list[str]:
    """Group ids as given, suffixed only if two groups share one (keeps UNIQUE valid)."""
    seen: dict[str, int] = {}
    ids = []
    for group in groups:
        n = seen.get(group.group_id, 0)
        seen[group.group_id] = n + 1
        ids.append(group.group_id if n == 0 else f"{group.group_id}-{n + 1}")
    return ids


def _group_row(corpus: Corpus, position: int, gid: str, group: Group):
    sug = group.suggestion
    return (
        position, gid, group.size, group.n_docs, group.representative,
        corpus.units[group.representative].text, sug.label if sug else None,
        sug.confidence if sug else None, sug.explanation if sug else "",
    )  # fmt: skip


def _group_text_row(corpus: Corpus, position: int, group: Group, paths: dict[str, str]):
    units = corpus.units
    docs = "; ".join(dict.fromkeys(paths[units[m].doc_id] for m in group.members))
    search = "\n".join(dict.fromkeys(units[m].text.casefold() for m in group.members))
    return position, docs, search


def _load_corpus(db: sqlite3.Connection, corpus: Corpus) -> None:
    """Insert documents, units, groups, members and evidence (tables assumed empty)."""
    db.executemany(
        "INSERT INTO documents VALUES (?,?,?,?,?,?,?)",
        ((d.doc_id, d.path, d.title, d.source, d.date, d.url, d.text) for d in corpus.documents),
    )
    db.executemany(
        "INSERT INTO units VALUES (?,?,?,?,?,?,?,?)",
        (
            (i, u.unit_id, u.doc_id, u.index, u.start, u.end, u.kind, u.text)
            for i, u in enumerate(corpus.units)
        ),
    )
    paths = {d.doc_id: d.path for d in corpus.documents}
    ids = _dedupe_ids(corpus.groups)
    db.executemany(
        "INSERT INTO groups VALUES (?,?,?,?,?,?,?,?,?)",
        (_group_row(corpus, p, ids[p], g) for p, g in enumerate(corpus.groups)),
    )
    db.executemany(
        "INSERT INTO group_text VALUES (?,?,?)",
        (_group_text_row(corpus, p, g, paths) for p, g in enumerate(corpus.groups)),
    )
    db.executemany(
        "INSERT INTO members VALUES (?,?,?)",
        ((p, r, m) for p, g in enumerate(corpus.groups) for r, m in enumerate(g.members)),
    )
    db.executemany(
        "INSERT INTO related VALUES (?,?,?,?)",
        (
            (p, r, other, score)
            for p, g in enumerate(corpus.groups)
            for r, (other, score) in enumerate(g.related)
        ),
    )
    db.executemany(
        "INSERT INTO evidence VALUES (?,?,?,?,?)",
        (
            (e.unit_index, e.start, e.end, e.signal, e.label)
            for g in corpus.groups
            if g.suggestion is not None
            for e in g.suggestion.evidence
        ),
    )
    db.execute(_DOC_KINDS)
    db.executemany(
        "INSERT OR REPLACE INTO doc_kinds VALUES (?,?,?,?,?)",
        (
            (doc_id, k.kind, k.confidence, k.date.iso, k.reason)
            for doc_id, k in corpus.kinds.items()
        ),
    )
    db.execute(_CAPTURES)
    db.execute("DELETE FROM captures")
    db.executemany(
        "INSERT OR REPLACE INTO captures VALUES (?,?)",
        ((d.doc_id, d.captured) for d in corpus.documents if d.captured),
    )
    _create_indexes(db)


_BY_REVIEWER = "(set by the reviewer)"


def _resuggest(
    db: sqlite3.Connection, positions: Sequence[int], forced: dict[str, str]
) -> list[str]:
    """Recompute the suggestions of the groups at ``positions``: their members'
    documents are judged again (``forced``: doc_id -> kind set by the reviewer; other
    documents keep a kind the reviewer set before, else their inferred one)."""
    from .models import Document, Unit
    from .pagekind import with_kind
    from .suggest import (
        Verdict,
        combine,
        document_verdicts,
        page_kind,
        shift_verdicts,
        unit_signals,
    )

    members = {
        p: [r[0] for r in db.execute(
            "SELECT uid FROM members WHERE position = ? ORDER BY rank", (p,))]
        for p in positions
    }  # fmt: skip
    uids = sorted({u for ms in members.values() for u in ms})
    doc_ids = sorted({r[0] for r in db.execute(
        f"SELECT DISTINCT doc_id FROM units WHERE uid IN ({','.join('?' * len(uids))})", uids
    )}) if uids else []  # fmt: skip
    units: list[Unit] = []
    index: dict[int, int] = {}  # uid -> position in ``units``
    verdicts: dict[int, Verdict] = {}
    for doc_id in doc_ids:
        path, title, source, date, url, text = db.execute(
            "SELECT path, title, source, date, url, text FROM documents WHERE doc_id = ?",
            (doc_id,),
        ).fetchone()
        doc = Document(doc_id, path, text, title, source, date, url)
        rows = db.execute(
            'SELECT uid, idx, start, "end", kind, text FROM units WHERE doc_id = ? ORDER BY idx',
            (doc_id,),
        ).fetchall()
        local = [Unit(doc_id, idx, a, b, t, k) for _, idx, a, b, k, t in rows]
        kind_name = forced.get(doc_id) or _reviewer_kind(db, doc_id)
        kind = None
        if kind_name:
            signals = {i: unit_signals(u.text) for i, u in enumerate(local) if u.is_claim}
            kind = with_kind(page_kind(doc, local, signals), kind_name)
        judged = shift_verdicts(document_verdicts(doc, local, kind), len(units))
        for (uid, *_), unit, v in zip(rows, local, judged, strict=True):
            index[uid] = len(units)
            units.append(unit)
            if v is not None:
                verdicts[index[uid]] = v
        if doc_id in forced and kind is not None:
            db.execute(
                "INSERT OR REPLACE INTO doc_kinds VALUES (?,?,?,?,?)",
                (doc_id, kind.kind, 1.0, kind.date.iso, kind.reason),
            )
    uid_of = {i: u for u, i in index.items()}
    changed = []
    for p, ms in members.items():
        if not all(index[u] in verdicts for u in ms):
            continue
        sug = combine(Group("", [index[u] for u in ms], 1), verdicts, units)
        db.execute(
            "UPDATE groups SET suggested_label = ?, confidence = ?, explanation = ?"
            " WHERE position = ?",
            (sug.label, sug.confidence, sug.explanation, p),
        )
        gid = db.execute("SELECT group_id FROM groups WHERE position = ?", (p,)).fetchone()[0]
        db.execute(f"DELETE FROM evidence WHERE uid IN ({','.join('?' * len(ms))})", ms)
        own = set(ms)  # page evidence on a non-member unit (a date line) is not shown
        db.executemany(
            "INSERT INTO evidence VALUES (?,?,?,?,?)",
            (
                (uid_of[e.unit_index], e.start, e.end, e.signal, e.label)
                for e in sug.evidence
                if uid_of[e.unit_index] in own
            ),
        )
        changed.append(gid)
    return changed


def _reviewer_kind(db: sqlite3.Connection, doc_id: str) -> str:
    row = db.execute("SELECT kind, reason FROM doc_kinds WHERE doc_id = ?", (doc_id,)).fetchone()
    return row[0] if row and row[1].endswith(_BY_REVIEWER) else ""


def _create_indexes(db: sqlite3.Connection) -> None:
    # executescript would COMMIT an open transaction; run the statements one by one.
    for statement in _INDEXES.strip().split(";"):
        if statement.strip():
            db.execute(statement)


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return db


def _fsync_dir(directory: Path) -> None:
    with suppress(OSError):  # not every platform or filesystem allows it
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _build_file(tmp: Path, corpus: Corpus) -> None:
    db = _connect(tmp)
    try:
        # A file nobody else can see yet: no journal and no fsync until it is whole.
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.executescript(_SCHEMA)
        db.execute("BEGIN")
        db.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))
        db.executemany(
            "INSERT INTO meta VALUES (?, ?)", [("created_at", utc_now()), ("root", corpus.root)]
        )
        _load_corpus(db, corpus)
        db.execute("COMMIT")
        db.execute("PRAGMA journal_mode = WAL")  # persistent: recorded in the file header
    finally:
        db.close()
    with open(tmp, "rb+") as handle:
        os.fsync(handle.fileno())


def _check_header(path: Path) -> None:
    if not path.exists():
        raise ProjectError(f"{path}: no such project file")
    if path.is_dir():
        raise ProjectError(f"{path}: is a directory, not a project file")
    try:
        with open(path, "rb") as handle:
            magic = handle.read(len(SQLITE_MAGIC))
    except OSError as err:
        raise ProjectError(f"{path}: cannot read: {err.strerror or err}") from err
    if magic != SQLITE_MAGIC:
        raise ProjectError(f"{path}: not a claimcheck project (not an SQLite file)")


def _check_schema(db: sqlite3.Connection, path: Path) -> None:
    app_id = db.execute("PRAGMA application_id").fetchone()[0]
    if app_id != APPLICATION_ID:
        raise ProjectError(f"{path}: not a claimcheck project (an SQLite file of another kind)")
    row = db.execute("SELECT max(version) FROM schema_version").fetchone()
    version = row[0] if row else None
    if version != SCHEMA_VERSION:
        raise ProjectError(
            f"{path}: project schema version {version}, this claimcheck reads {SCHEMA_VERSION}"
        )


def kept_documents(
    path: str | os.PathLike[str], names: Sequence[str]
) -> list[tuple[Document, list[tuple[int, int, str]]]]:
    """The documents an existing project holds under ``names``, with their units'
    spans: what a re-read keeps for inputs it could not read this time (a file
    locked, unmounted or half-written for one run must not detach its labels).
    Nothing if there is no readable project at ``path``."""
    target = Path(path)
    if not names or not target.is_file():
        return []
    try:
        db = _connect_read_only(target)
    except sqlite3.Error:
        return []
    try:
        marks = ",".join("?" * len(names))
        docs = db.execute(
            "SELECT doc_id, path, text, title, source, date, url FROM documents"
            f" WHERE path IN ({marks}) ORDER BY rowid",
            list(names),
        ).fetchall()
        out = []
        for doc_id, doc_path, text, title, source, date, url in docs:
            spans = db.execute(
                'SELECT start, "end", kind FROM units WHERE doc_id = ? ORDER BY idx', (doc_id,)
            ).fetchall()
            document = Document(doc_id, doc_path, text, title, source, date, url)
            out.append((document, [tuple(s) for s in spans]))
        return out
    except sqlite3.Error:
        return []  # a damaged project: opening it will say so
    finally:
        db.close()


def _writable(path: Path) -> bool:
    """Whether SQLite can write ``path``: the file, and its folder for the WAL files."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that never writes. Reading a WAL project needs its -shm file,
    which a read-only folder may not let SQLite create: then the file is opened as
    immutable (no locks, no WAL), safe when no other app is writing it, which in a
    folder nobody can write to it cannot be."""
    base = path.resolve().as_uri()
    for mode in ("mode=ro", "immutable=1"):
        db = None
        try:
            db = sqlite3.connect(f"{base}?{mode}", uri=True, isolation_level=None,
                                 check_same_thread=False)  # fmt: skip
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return db
        except sqlite3.OperationalError:
            if db is not None:
                db.close()
            if mode == "immutable=1" or os.access(path.parent, os.W_OK):
                raise
    raise AssertionError("unreachable")


# --------------------------------------------------------------------------- the project


class Project:
    """An open review project; every method is safe to call from any one thread at a time.

    Calls are serialised by a lock, so a worker thread may use the same object as the
    UI thread. ``group_rows``/``unit_rows`` read through their own connection (a WAL
    snapshot) and never block decisions.
    """

    def __init__(self, path: Path, db: sqlite3.Connection, reviewer: str) -> None:
        self.path = path
        self.reviewer = reviewer
        self._db = db
        self._lock = threading.RLock()
        self._session = f"{utc_now()}/{os.getpid()}"
        self._undo: list[Decision] = []
        self._redo: list[Decision] = []
        self._decided_at: list[float] = []  # monotonic times of this session's label/skip
        self._data_version = self._version()  # for changed(): others' commits only
        self._rows: list[QueueRow] | None = None  # the queue cache, in position order
        self._index: dict[str, int] = {}
        self._rows_version = -1
        self._tally: _Tally | None = None  # stats() counts, kept up to date per decision
        self._tally_version = -1
        self._has_related = self._table_exists("related")
        self._has_captures = self._table_exists("captures")
        self._doc_kinds_seen = False  # see _has_doc_kinds
        self.read_only = False  # set by open(): see there

    def _table_exists(self, name: str) -> bool:
        with self._lock:
            found = self._db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
            ).fetchone()
        return found is not None

    # ---- opening

    @classmethod
    def create(cls, path: str | os.PathLike[str], corpus: Corpus, reviewer: str) -> Project:
        """Write a new project for ``corpus``: built in a temp file, then renamed into place."""
        target = Path(path)
        if target.exists():
            raise ProjectError(f"{target}: already exists; open it instead")
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
        tmp = Path(name)
        try:
            _build_file(tmp, corpus)
            os.replace(tmp, target)
        except sqlite3.Error as err:
            raise ProjectError(f"{target}: cannot create the project: {err}") from err
        except OSError as err:
            raise ProjectError(
                f"{target}: cannot create the project: {err.strerror or err}"
            ) from err
        finally:
            for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm"), Path(f"{tmp}-journal")):
                leftover.unlink(missing_ok=True)
        _fsync_dir(target.parent)
        return cls.open(target, reviewer)

    @classmethod
    def open(cls, path: str | os.PathLike[str], reviewer: str) -> Project:
        """Open an existing project; a missing, foreign or corrupt file is a ProjectError.

        A project this process cannot write (a read-only file, or a read-only folder,
        where SQLite cannot keep its WAL files) opens read-only: browsing and export
        work, a decision raises ProjectError at once (``read_only`` says so up front).
        """
        target = Path(path)
        _check_header(target)
        read_only = not _writable(target)
        db = None
        try:
            db = _connect_read_only(target) if read_only else _connect(target)
            _check_schema(db, target)
            if not read_only:
                db.execute("PRAGMA journal_mode = WAL")
                db.execute("PRAGMA synchronous = FULL")
            db.execute("PRAGMA foreign_keys = OFF")
            project = cls(target, db, reviewer)
            project.read_only = read_only
            return project
        except sqlite3.OperationalError as err:
            if db is not None:
                db.close()
            if "locked" in str(err) or "busy" in str(err):
                raise ProjectLocked(f"{target}: busy in another app: {err}") from err
            raise ProjectError(f"{target}: cannot open the project: {err}") from err
        except sqlite3.DatabaseError as err:
            if db is not None:
                db.close()
            raise ProjectError(f"{target}: not a claimcheck project or damaged: {err}") from err
        except ProjectError:
            if db is not None:
                db.close()
            raise

    def verify(self) -> None:
        """Refuse a damaged file before anyone works on it (SQLite's quick_check: every
        page and index read once; ~0.1 s per 10 MB). Export meets the damage anyway; the
        review app would show an empty queue and lose its way."""
        try:
            rows = self._read("PRAGMA quick_check(1)")
        except ProjectError as err:
            raise ProjectError(f"{self.path}: damaged project file: {err}") from err
        if rows and rows[0][0] != "ok":
            raise ProjectError(
                f"{self.path}: damaged project file ({rows[0][0]}); restore it from a backup"
            )

    @classmethod
    def open_or_create(
        cls, path: str | os.PathLike[str], corpus: Corpus, reviewer: str
    ) -> tuple[Project, SyncReport | None]:
        """Create the project, or open it and ``sync`` it to ``corpus`` if it exists."""
        if not Path(path).exists():
            return cls.create(path, corpus, reviewer), None
        project = cls.open(path, reviewer)
        try:
            return project, project.sync(corpus)
        except BaseException:
            project.close()
            raise

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- transactions

    @contextmanager
    def _write(self, what: str) -> Iterator[sqlite3.Connection]:
        """One short IMMEDIATE transaction; any failure rolls back and is a ProjectError."""
        if self.read_only:
            raise ProjectError(f"{self.path}: read-only project: cannot {what}")
        with self._lock:
            db = self._db
            try:
                db.execute("BEGIN IMMEDIATE")
                yield db
                db.execute("COMMIT")
            except sqlite3.Error as err:
                if db.in_transaction:
                    with suppress(sqlite3.Error):
                        db.execute("ROLLBACK")
                raise self._error(what, err) from err
            except BaseException:
                if db.in_transaction:
                    with suppress(sqlite3.Error):
                        db.execute("ROLLBACK")
                raise

    def _error(self, what: str, err: sqlite3.Error) -> ProjectError:
        text = str(err)
        if "locked" in text or "busy" in text:
            return ProjectLocked(f"{self.path}: cannot {what}: busy in another app ({text})")
        return ProjectError(f"{self.path}: cannot {what}, nothing was changed: {text}")

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        with self._lock:
            try:
                return self._db.execute(sql, params).fetchall()
            except sqlite3.Error as err:
                raise self._error("read the project", err) from err

    def _version(self) -> int:
        return self._db.execute("PRAGMA data_version").fetchone()[0]

    def changed(self) -> bool:
        """True once after another connection (another app) committed a change."""
        with self._lock:
            version = self._version()
            changed, self._data_version = version != self._data_version, version
            return changed

    # ---- the queue

    def queue(
        self, filter: str = "all", search: str = "", sort: str = "position"
    ) -> list[QueueRow]:
        """Groups to review. ``filter``: one of FILTERS or ``suggested:<label>``;
        ``search``: case-insensitive substring of any member text; ``sort``: one of SORTS
        (``confidence`` puts the least sure first).

        Filters and sorts run over an in-memory copy of the queue (built once, patched
        on each decision, rebuilt when another app commits): at 100,000 groups that is
        tens of ms, where a SQL query building 100,000 frozen rows costs ~0.4 s.
        """
        keep = self._filter(filter)
        if sort not in _SORTS:
            raise ValueError(f"unknown sort {sort!r}; one of {', '.join(SORTS)}")
        with self._lock:
            rows = self._all_rows()
            if search:
                rows = [rows[p] for p in self._search(search)]
            chosen = rows if filter == "all" else [r for r in rows if keep(r)]
        key = _SORTS[sort]
        return sorted(chosen, key=key) if key else list(chosen)

    @staticmethod
    def _filter(filter: str) -> Callable[[QueueRow], bool]:
        if filter.startswith("suggested:"):
            wanted = filter.partition(":")[2]
            return lambda r: r.suggested_label == wanted
        if filter not in _FILTERS:
            raise ValueError(f"unknown filter {filter!r}; one of {', '.join(FILTERS)}")
        return _FILTERS[filter]

    def _search(self, text: str) -> list[int]:
        rows = self._read(
            "SELECT position FROM group_text WHERE instr(search, ?) > 0 ORDER BY position",
            (text.casefold(),),
        )
        return [p for (p,) in rows]

    def _all_rows(self) -> list[QueueRow]:
        """The cached queue, rebuilt if another connection committed since it was built."""
        version = self._version()
        if self._rows is None or version != self._rows_version:
            labels = {
                r[0]: r[1:]
                for r in self._read("SELECT group_id, label, skipped, flagged, note FROM labels")
            }
            static = self._read(
                "SELECT group_id, position, size, n_docs, text, suggested_label, confidence,"
                " explanation FROM groups ORDER BY position"
            )
            gc_was = gc.isenabled()
            gc.disable()  # 100,000 new objects would trigger many useless collections
            try:
                self._rows = [_cached_row(r, labels.get(r[0])) for r in static]
            finally:
                if gc_was:
                    gc.enable()
            self._index = {r.group_id: i for i, r in enumerate(self._rows)}
            self._rows_version = version
        return self._rows

    def _patch(self, group_id: str) -> None:
        """Refresh one cached row after this connection changed its decision."""
        with self._lock:
            i = self._index.get(group_id) if self._rows is not None else None
            if i is None or self._rows is None:
                return
            try:
                self._rows[i] = self._fetch_row(group_id)
            except (ProjectError, KeyError):
                self._rows = None  # the decision is saved; rebuild the queue on next use

    def _fetch_row(self, group_id: str) -> QueueRow:
        rows = self._read(f"{_QUEUE_SELECT} WHERE g.group_id = ?", (group_id,))
        if not rows:
            raise KeyError(group_id)
        return _queue_row(rows[0])

    def row(self, group_id: str) -> QueueRow:
        """One group's row, read afresh from the file."""
        return self._fetch_row(group_id)

    def members(
        self, group_id: str, context: int = 2, limit: int | None = None
    ) -> list[MemberView]:
        """The group's units, representative first, each with neighbours and evidence."""
        rows = self._read(
            """SELECT u.uid, u.unit_id, d.path, d.title, d.source, d.date, u.text, u.start,
                      u."end", u.doc_id, u.idx, d.url
               FROM groups g JOIN members m ON m.position = g.position
               JOIN units u ON u.uid = m.uid JOIN documents d ON d.doc_id = u.doc_id
               WHERE g.group_id = ? ORDER BY m.rank LIMIT ?""",
            (group_id, -1 if limit is None else limit),
        )
        if not rows:
            self.row(group_id)  # KeyError for an unknown group
        return [self._member(r, context) for r in rows]

    def related(self, group_id: str) -> list[RelatedView]:
        """The group's related groups, best first (none in projects made before them)."""
        if not self._has_related:
            return []
        rows = self._read(
            """SELECT o.group_id, r.score, o.size, o.n_docs, o.text
               FROM groups g JOIN related r ON r.position = g.position
               JOIN groups o ON o.group_id = r.other
               WHERE g.group_id = ? ORDER BY r.rank""",
            (group_id,),
        )
        return [RelatedView(*r) for r in rows]

    def _member(self, r: tuple, context: int) -> MemberView:
        uid, unit_id, path, title, source, date, text, start, end, doc_id, idx, url = r
        near = self._read(
            "SELECT idx, text FROM units WHERE doc_id = ? AND idx BETWEEN ? AND ? ORDER BY idx",
            (doc_id, idx - context, idx + context),
        )
        evidence = self._read(
            'SELECT start, "end", signal, label FROM evidence WHERE uid = ? ORDER BY start',
            (uid,),
        )
        return MemberView(
            unit_id, path, title, source, date, text, start, end,
            before=[t for i, t in near if i < idx], after=[t for i, t in near if i > idx],
            evidence=[tuple(e) for e in evidence], doc_kind=self._doc_kind(doc_id),
            url=url, captured=self._captured(doc_id),
        )  # fmt: skip

    def _captured(self, doc_id: str) -> str:
        if not self._has_captures:
            return ""
        rows = self._read("SELECT captured FROM captures WHERE doc_id = ?", (doc_id,))
        return rows[0][0] if rows else ""

    # ---- page kinds (issue 10)

    def set_doc_kind(self, doc_id: str, kind: str) -> list[str]:
        """The reviewer's kind for a document: its units are judged again on that page
        and the suggestions of every group with a member there follow. Returns the ids
        of the groups whose suggestion was recomputed. Decisions are not touched."""
        from .pagekind import KINDS

        if kind not in KINDS:
            raise ValueError(f"unknown page kind {kind!r}; one of {', '.join(KINDS)}")
        with self._write("set the page kind") as db:
            db.execute(_DOC_KINDS)
            positions = [
                r[0]
                for r in db.execute(
                    """SELECT DISTINCT m.position FROM members m JOIN units u ON u.uid = m.uid
                       WHERE u.doc_id = ?""",
                    (doc_id,),
                )
            ]
            changed = _resuggest(db, positions, {doc_id: kind})
            self._rows = None
        return changed

    def doc_kind_of(self, doc_id: str) -> tuple[str, bool]:
        """(kind, set by the reviewer) of a document; ("", False) if none is stored."""
        if not self._has_doc_kinds():
            return "", False
        rows = self._read("SELECT kind, reason FROM doc_kinds WHERE doc_id = ?", (doc_id,))
        if not rows:
            return "", False
        return rows[0][0], rows[0][1].endswith(_BY_REVIEWER)

    def _has_doc_kinds(self) -> bool:
        """Whether the file has page kinds. Only a yes is remembered (the table, once
        made, stays; another app may make it later): one query per open, not one per
        member shown."""
        if not self._doc_kinds_seen:
            self._doc_kinds_seen = self._table_exists("doc_kinds")
        return self._doc_kinds_seen

    def _doc_kind(self, doc_id: str) -> str:
        """ "news report (0.98), dated 2024-08-13", or "" (none stored, or an older project)."""
        if not self._has_doc_kinds():
            return ""
        rows = self._read(
            "SELECT kind, confidence, page_date FROM doc_kinds WHERE doc_id = ?", (doc_id,)
        )
        if not rows:
            return ""
        kind, confidence, page_date = rows[0]
        shown = f"{kind.replace('_', ' ')} ({confidence:.2f})"
        return shown + (f", dated {page_date}" if page_date else "")

    # ---- decisions

    def set_label(self, group_id: str, label: str | None) -> Decision:
        """Label a group (None: back to pending)."""
        if label is not None and label not in LABELS:
            raise ValueError(f"unknown label {label!r}; one of {', '.join(LABELS)}")
        return self._decide(group_id, "label", label)

    def skip(self, group_id: str) -> Decision:
        """Mark a group skipped (replaces its label: skipping is a decision about it too)."""
        return self._decide(group_id, "skip", SKIPPED)

    def toggle_flag(self, group_id: str) -> Decision:
        return self._decide(group_id, "flag", None)

    def set_note(self, group_id: str, note: str) -> Decision:
        return self._decide(group_id, "note", note)

    def _decide(self, group_id: str, action: str, value: str | None) -> Decision:
        with self._write(f"save the {action} for {group_id}") as db:
            if not db.execute("SELECT 1 FROM groups WHERE group_id = ?", (group_id,)).fetchone():
                raise KeyError(group_id)
            previous = self._get(db, group_id, action)
            if action == "flag":
                value = "0" if previous == "1" else "1"
            decision = self._apply(db, group_id, action, value, previous)
        self._patch(group_id)  # only once committed: the queue never shows an unsaved state
        self._counted(action, decision.value, decision.previous)
        self._undo.append(decision)
        self._redo.clear()
        if action in ("label", "skip") and value is not None:
            self._decided_at.append(time.monotonic())
        return decision

    def decide_many(self, changes: Sequence[tuple[str, str, str | None]]) -> list[Decision]:
        """Apply many (group_id, action, value) decisions in ONE transaction: all or none.

        ``action``: "label" (a label or None for pending), "skip", "flag" ("1"/"0", set,
        not toggled) or "note". A value equal to the group's current one is passed over,
        so applying the same changes twice logs nothing the second time. Each applied
        change is an ordinary logged decision by this project's reviewer (as ``_apply``
        writes it, but in bulk: 100,000 one by one cost seconds), undoable one by one
        in this session. KeyError (nothing applied) for an unknown group.
        """
        with paused_gc(), self._write(f"save {len(changes):,} decisions") as db:
            at = utc_now()  # one transaction, one moment
            current = {r[0]: r[1:] for r in db.execute(f"SELECT {_LABEL_FIELDS} FROM labels")}
            known = {gid for (gid,) in db.execute("SELECT group_id FROM groups")}
            log: list[tuple] = []
            for group_id, action, value in changes:
                if group_id not in known:
                    raise KeyError(group_id)
                state = current.get(group_id, _UNDECIDED_ROW)
                previous = _field(state[:4], action)
                if value == previous:
                    continue
                who = (self.reviewer, at) if action in ("label", "skip") else state[4:]
                current[group_id] = _with_field(state[:4], action, value) + who
                log.append((group_id, action, value, previous, self.reviewer, at, self._session))
            done = self._write_many(db, log, {g: current[g] for g, *_ in log})
        self._rows = None  # rebuilt on next use: cheaper than patching thousands of rows
        for decision in done:
            self._counted(decision.action, decision.value, decision.previous)
        self._undo.extend(done)
        if done:
            self._redo.clear()
        return done

    @staticmethod
    def _write_many(
        db: sqlite3.Connection, log: list[tuple], states: dict[str, tuple]
    ) -> list[Decision]:
        """Store the groups' final ``states`` and append ``log``; the logged Decisions."""
        db.executemany(
            f"INSERT INTO labels ({_LABEL_FIELDS}) VALUES (?,?,?,?,?,?,?) ON CONFLICT (group_id)"
            " DO UPDATE SET label = excluded.label, skipped = excluded.skipped,"
            " flagged = excluded.flagged, note = excluded.note, reviewer = excluded.reviewer,"
            " labelled_at = excluded.labelled_at",
            ((gid, *states[gid]) for gid in sorted(states)),  # in key order: B-tree friendly
        )
        (last,) = db.execute("SELECT coalesce(max(seq), 0) FROM log").fetchone()
        db.executemany(
            "INSERT INTO log (group_id, action, value, previous, reviewer, at, session)"
            " VALUES (?,?,?,?,?,?,?)",
            log,
        )
        seqs = [s for (s,) in db.execute("SELECT seq FROM log WHERE seq > ? ORDER BY seq", (last,))]
        return [_decision(seq, *entry[:6]) for seq, entry in zip(seqs, log, strict=True)]

    def decisions(self) -> dict[str, tuple[str | None, bool, str]]:
        """group_id -> (state: a label, "skipped" or None, flagged, note) of decided groups."""
        rows = self._read("SELECT group_id, label, skipped, flagged, note FROM labels")
        return {
            gid: (label or (SKIPPED if skipped else None), bool(flagged), note)
            for gid, label, skipped, flagged, note in rows
        }

    @staticmethod
    def _get(db: sqlite3.Connection, group_id: str, action: str) -> str | None:
        row = db.execute(
            "SELECT label, skipped, flagged, note FROM labels WHERE group_id = ?", (group_id,)
        ).fetchone()
        return _field(row or _UNDECIDED, action)

    def _apply(
        self,
        db: sqlite3.Connection,
        group_id: str,
        action: str,
        value: str | None,
        previous: str | None,
        logged_as: str | None = None,
        undoes: int | None = None,
    ) -> Decision:
        """Set one field of a group's decision and append the log entry, in ``db``'s
        open transaction."""
        at = utc_now()
        db.execute("INSERT OR IGNORE INTO labels (group_id) VALUES (?)", (group_id,))
        if action == "flag":
            db.execute("UPDATE labels SET flagged = ? WHERE group_id = ?", (value == "1", group_id))
        elif action == "note":
            db.execute("UPDATE labels SET note = ? WHERE group_id = ?", (value or "", group_id))
        else:
            label = value if value in LABELS else None
            db.execute(
                "UPDATE labels SET label = ?, skipped = ?, reviewer = ?, labelled_at = ?"
                " WHERE group_id = ?",
                (label, value == SKIPPED, self.reviewer, at, group_id),
            )
        cur = db.execute(
            "INSERT INTO log (group_id, action, value, previous, reviewer, at, session, undoes)"
            " VALUES (?,?,?,?,?,?,?,?)",
            (group_id, logged_as or action, value, previous, self.reviewer, at, self._session,
             undoes),
        )  # fmt: skip
        return Decision(
            cur.lastrowid or 0, group_id, logged_as or action, value, previous, self.reviewer, at
        )

    @property
    def can_undo(self) -> bool:
        """True while this session has a decision that ``undo`` would reverse."""
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        """True while ``redo`` would re-apply an undone decision of this session."""
        return bool(self._redo)

    def undo(self) -> Decision | None:
        """Undo this session's last decision (as a new ``undo`` entry in the log)."""
        return self._replay(self._undo, self._redo, "undo")

    def redo(self) -> Decision | None:
        return self._replay(self._redo, self._undo, "redo")

    def _replay(self, source: list[Decision], target: list[Decision], kind: str) -> Decision | None:
        if not source:
            return None
        original = source[-1]
        value = original.previous if kind == "undo" else original.value
        with self._write(f"{kind} on {original.group_id}") as db:
            current = self._get(db, original.group_id, original.action)
            done = self._apply(
                db, original.group_id, original.action, value, current, kind, original.seq
            )
        self._patch(original.group_id)
        self._counted(original.action, done.value, done.previous)
        target.append(source.pop())
        return done

    def log(self, group_id: str | None = None) -> list[Decision]:
        """Every decision ever logged (optionally for one group), oldest first."""
        sql = "SELECT seq, group_id, action, value, previous, reviewer, at FROM log"
        rows = self._read(
            sql + " WHERE group_id = ? ORDER BY seq" if group_id else sql,
            ((group_id,) if group_id else ()),
        )
        return [Decision(*r) for r in rows]

    # ---- conflicts

    def decide_conflict(self, conflict_id: str, verdict: str | None) -> Decision:
        """Confirm or dismiss a conflict (None: undecided again), as one logged decision."""
        if verdict is not None and verdict not in CONFLICT_VERDICTS:
            raise ValueError(f"unknown verdict {verdict!r}; one of {', '.join(CONFLICT_VERDICTS)}")
        with self._write(f"save the verdict on conflict {conflict_id}") as db:
            previous = self._conflict_verdicts(db).get(conflict_id)
            at = utc_now()
            cur = db.execute(
                "INSERT INTO log (group_id, action, value, previous, reviewer, at, session)"
                " VALUES (?,?,?,?,?,?,?)",
                (conflict_id, CONFLICT_ACTION, verdict, previous, self.reviewer, at,
                 self._session),
            )  # fmt: skip
        return Decision(
            cur.lastrowid or 0, conflict_id, CONFLICT_ACTION, verdict, previous, self.reviewer, at
        )

    def conflict_verdicts(self) -> dict[str, str]:
        """conflict id -> its latest verdict ("confirmed" or "dismissed")."""
        with self._lock:
            return self._conflict_verdicts(self._db)

    @staticmethod
    def _conflict_verdicts(db: sqlite3.Connection) -> dict[str, str]:
        rows = db.execute(
            "SELECT group_id, value FROM log WHERE action = ? ORDER BY seq", (CONFLICT_ACTION,)
        ).fetchall()
        latest: dict[str, str | None] = {}
        for cid, value in rows:
            latest[cid] = value
        return {cid: v for cid, v in latest.items() if v is not None}

    # ---- the whole corpus, for reports

    def load_corpus(self) -> tuple[Corpus, dict[str, str]]:
        """The stored corpus (groups with their suggestions, no evidence) and the reviewed
        label of every labelled group (group_id -> label)."""
        with self._reader() as db:
            corpus = Corpus(root=_meta(db, "root"))
            corpus.documents = [
                Document(doc_id, path, text, title, source, date, url)
                for doc_id, path, title, source, date, url, text in db.execute(
                    "SELECT doc_id, path, title, source, date, url, text FROM documents"
                    " ORDER BY rowid"
                )
            ]
            corpus.units = [
                Unit(doc_id, idx, start, end, text, kind)
                for doc_id, idx, start, end, kind, text in db.execute(
                    'SELECT doc_id, idx, start, "end", kind, text FROM units ORDER BY uid'
                )
            ]
            members: dict[int, list[int]] = {}
            for position, uid in db.execute("SELECT position, uid FROM members ORDER BY 1, rank"):
                members.setdefault(position, []).append(uid)
            for position, gid, n_docs, sug, conf, expl in db.execute(
                "SELECT position, group_id, n_docs, suggested_label, confidence, explanation"
                " FROM groups ORDER BY position"
            ):
                suggestion = Suggestion(sug, conf or 0.0, expl) if sug else None
                corpus.groups.append(Group(gid, members.get(position, []), n_docs, suggestion))
            labels = dict(
                db.execute("SELECT group_id, label FROM labels WHERE label IS NOT NULL").fetchall()
            )
        return corpus, labels

    # ---- progress

    def stats(self) -> Stats:
        tally = self._current_tally()
        total, skipped, flagged = tally.total, tally.states[SKIPPED], tally.flagged
        per_label = {label: tally.states[label] for label in LABELS}
        labelled = sum(per_label.values())
        rate = self._rate()
        pending = total - labelled - skipped
        eta = pending / rate * 60 if rate else None
        return Stats(total, labelled, per_label, skipped, flagged, rate, eta)

    def _current_tally(self) -> _Tally:
        """The counts, recounted only when another connection committed: the review app
        asks after every key, and the recount is ~0.1 s once 100,000 groups are decided
        (an import makes that many at once)."""
        with self._lock:
            version = self._version()
            if self._tally is None or version != self._tally_version:
                self._tally = self._count()
                self._tally_version = version
            return self._tally

    def _count(self) -> _Tally:
        (total,) = self._read("SELECT count(*) FROM groups")[0]
        counts = self._read(
            """SELECT l.label, sum(l.label IS NULL AND l.skipped), sum(l.flagged), count(*)
               FROM labels l JOIN groups g ON g.group_id = l.group_id GROUP BY l.label"""
        )
        tally = _Tally(total)
        for label, n_skipped, n_flagged, n in counts:
            if label is not None:
                tally.states[label] = n
            tally.states[SKIPPED] += n_skipped or 0
            tally.flagged += n_flagged or 0
        return tally

    def _counted(self, action: str, value: str | None, previous: str | None) -> None:
        """Bring the counts up to date with a committed decision of this connection."""
        if self._tally is not None:
            self._tally.apply(action, value, previous)

    def _rate(self) -> float | None:
        """Label/skip decisions per minute, from this session's first to its last."""
        times = self._decided_at
        if len(times) < 2 or times[-1] <= times[0]:
            return None
        return (len(times) - 1) / (times[-1] - times[0]) * 60

    # ---- re-grouping

    def sync(self, corpus: Corpus) -> SyncReport:
        """Replace the corpus by a re-read, re-grouped one and carry decisions over.

        A decision stays with its group id when the new corpus has it; otherwise it moves
        to the new group holding the old representative's text, or else most of the old
        members' texts. What cannot move goes to ``orphaned_labels`` and SyncReport.lost.
        """
        with self._write("re-group the project") as db:
            old = self._old_decisions(db)
            db.execute(_RELATED_TABLE)
            for table in _CORPUS_TABLES:
                db.execute(f"DELETE FROM {table}")
            db.execute(_DOC_KINDS)
            db.execute("DELETE FROM doc_kinds")
            db.execute(f"DROP TABLE IF EXISTS {RULE_TABLE}")  # the new groups hold the rules'
            db.execute("DELETE FROM meta WHERE key = ?", (RULES_KEPT,))
            _load_corpus(db, corpus)
            report = self._carry(db, old)
            self._rows = None
            self._tally = None
        self._has_related = self._has_captures = True  # committed: _load_corpus made both
        return report

    @staticmethod
    def _old_decisions(db: sqlite3.Connection) -> dict[str, tuple[str, list[str]]]:
        """group_id -> (representative text, member texts) for every decided group."""
        rows = db.execute(
            """SELECT g.group_id, u.text FROM labels l JOIN groups g ON g.group_id = l.group_id
               JOIN members m ON m.position = g.position JOIN units u ON u.uid = m.uid
               ORDER BY g.position, m.rank"""
        ).fetchall()
        old: dict[str, tuple[str, list[str]]] = {}
        for gid, text in rows:
            old.setdefault(gid, (text, []))[1].append(text)
        return old

    def _carry(self, db: sqlite3.Connection, old: dict[str, tuple[str, list[str]]]) -> SyncReport:
        new_ids = {gid for (gid,) in db.execute("SELECT group_id FROM groups")}
        decided = {gid for (gid,) in db.execute("SELECT group_id FROM labels")}
        carried = len(decided & new_ids)
        unmatched = sorted(decided - new_ids)
        lost: list[tuple[str, str, str]] = []
        if not unmatched and not db.execute("SELECT 1 FROM orphaned_labels LIMIT 1").fetchone():
            return SyncReport(carried, lost)  # the common case: skip the text index
        by_text = self._groups_by_member_text(db)
        taken = decided & new_ids
        for gid in unmatched:
            rep, texts = old.get(gid, ("", []))
            target = _match(rep, texts, by_text)
            if target is not None and target not in taken:
                db.execute("UPDATE labels SET group_id = ? WHERE group_id = ?", (target, gid))
                self._log_sync(db, target, "carry", target, gid)
                taken.add(target)
                carried += 1
            else:
                lost.append(self._orphan(db, gid, rep, texts))
        reattached = self._reattach(db, by_text, taken, {gid for gid, _, _ in lost})
        return SyncReport(carried, lost, reattached)

    def _reattach(
        self, db: sqlite3.Connection, by_text: dict[str, str], taken: set[str], just: set[str]
    ) -> int:
        """Orphaned decisions whose text is back (a file restored, a document readable
        again) return to the group holding it, if that group has no decision of its
        own; the newest orphan of a group wins. Orphans of this very sync stay put."""
        rows = db.execute(
            "SELECT rowid, group_id, label, skipped, flagged, note, reviewer, labelled_at,"
            " text, member_texts FROM orphaned_labels ORDER BY rowid DESC"
        ).fetchall()
        count = 0
        for rowid, gid, label, skipped, flagged, note, reviewer, at, rep, members in rows:
            if gid in just:
                continue
            target = _match(rep, members.split("\n") if members else [], by_text)
            if target is None or target in taken:
                continue
            db.execute(
                "INSERT INTO labels VALUES (?,?,?,?,?,?,?)",
                (target, label, skipped, flagged, note, reviewer, at),
            )
            db.execute("DELETE FROM orphaned_labels WHERE rowid = ?", (rowid,))
            self._log_sync(db, target, "reattach", label, gid)
            taken.add(target)
            count += 1
        return count

    @staticmethod
    def _groups_by_member_text(db: sqlite3.Connection) -> dict[str, str]:
        rows = db.execute(
            """SELECT u.text, g.group_id FROM members m JOIN units u ON u.uid = m.uid
               JOIN groups g ON g.position = m.position"""
        )
        return {normalise(text): gid for text, gid in rows}

    def _orphan(
        self, db: sqlite3.Connection, gid: str, rep: str, texts: list[str]
    ) -> tuple[str, str, str]:
        label, skipped, flagged, note, reviewer, at = db.execute(
            "SELECT label, skipped, flagged, note, reviewer, labelled_at FROM labels"
            " WHERE group_id = ?",
            (gid,),
        ).fetchone()
        db.execute(
            "INSERT INTO orphaned_labels VALUES (?,?,?,?,?,?,?,?,?,?)",
            (gid, label, skipped, flagged, note, reviewer, at, rep, "\n".join(texts), utc_now()),
        )
        db.execute("DELETE FROM labels WHERE group_id = ?", (gid,))
        self._log_sync(db, gid, "orphan", None, label)
        return gid, label or (SKIPPED if skipped else ""), rep

    def _log_sync(
        self, db: sqlite3.Connection, gid: str, action: str, value: str | None, prev: str | None
    ) -> None:
        # Not reviewer decisions, but the log is the audit trail of where labels went.
        db.execute(
            "INSERT INTO log (group_id, action, value, previous, reviewer, at, session)"
            " VALUES (?,?,?,?,?,?,?)",
            (gid, action, value, prev, self.reviewer, utc_now(), self._session),
        )

    # ---- learned suggestions

    def learning_rows(self) -> LearningRows:
        """The rules' suggestions (not learned ones), members, evidence and labels."""
        with self._reader() as db:
            has_rules = db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (RULE_TABLE,)
            ).fetchone()
            source = (
                f"""SELECT g.group_id, g.text, g.size, g.n_docs,
                           CASE WHEN r.group_id IS NULL THEN g.suggested_label ELSE r.label END,
                           CASE WHEN r.group_id IS NULL THEN g.confidence ELSE r.confidence END,
                           CASE WHEN r.group_id IS NULL THEN g.explanation ELSE r.explanation END
                    FROM groups g LEFT JOIN {RULE_TABLE} r ON r.group_id = g.group_id"""
                if has_rules
                else "SELECT group_id, text, size, n_docs, suggested_label, confidence,"
                " explanation FROM groups g"
            )
            groups = db.execute(source + " ORDER BY g.position").fetchall()
            members = db.execute(
                """SELECT g.group_id, m.uid, u.doc_id FROM members m
                   JOIN groups g ON g.position = m.position JOIN units u ON u.uid = m.uid
                   ORDER BY m.position, m.rank"""
            ).fetchall()
            evidence = db.execute(
                "SELECT e.uid, e.signal, u.doc_id FROM evidence e JOIN units u ON u.uid = e.uid"
            ).fetchall()
            labels = dict(
                db.execute("SELECT group_id, label FROM labels WHERE label IS NOT NULL").fetchall()
            )
        return LearningRows(groups, members, evidence, labels)

    def set_suggestions(self, rows: Sequence[SuggestionRow]) -> int:
        """Replace some groups' suggestions (e.g. learned ones); the rules' are kept aside
        in ``rule_suggestions`` the first time, so ``learning_rows`` still reads them.

        Written in short transactions of ``SUGGESTION_CHUNK`` rows, so that a decision
        (a key press in the app) waits for one chunk at most, never for 100,000 rows;
        the queue cache is patched the same way. Rows whose suggestion is unchanged are
        skipped. Returns the rows changed.
        """
        rows = [r for r in rows if self._suggestion_changed(r)]
        if not rows:
            return 0
        self._keep_rule_suggestions()
        for at in range(0, len(rows), SUGGESTION_CHUNK):
            chunk = rows[at : at + SUGGESTION_CHUNK]
            with self._write("save the learned suggestions") as db:
                db.executemany(
                    "UPDATE groups SET suggested_label = ?, confidence = ?, explanation = ?"
                    " WHERE group_id = ?",
                    ((label, conf, expl, gid) for gid, label, conf, expl in chunk),
                )
            self._patch_suggestions(chunk)
        return len(rows)

    def _suggestion_changed(self, row: SuggestionRow) -> bool:
        old = self.cached_row(row[0])
        return old is None or (old.suggested_label, old.confidence, old.explanation) != row[1:]

    def _keep_rule_suggestions(self) -> None:
        """Copy the rules' suggestions aside, once, before any is replaced."""
        if self._read("SELECT 1 FROM meta WHERE key = ?", (RULES_KEPT,)):
            return
        (last,) = self._read("SELECT coalesce(max(position), -1) FROM groups")[0]
        with self._write("keep the rules' suggestions") as db:
            db.execute(
                f"CREATE TABLE IF NOT EXISTS {RULE_TABLE} (group_id TEXT PRIMARY KEY,"
                " label TEXT, confidence REAL, explanation TEXT NOT NULL)"
            )
        for at in range(0, last + 1, SUGGESTION_CHUNK * 10):  # plain copies: cheaper rows
            with self._write("keep the rules' suggestions") as db:
                db.execute(
                    f"INSERT OR IGNORE INTO {RULE_TABLE} SELECT group_id, suggested_label,"
                    " confidence, explanation FROM groups WHERE position BETWEEN ? AND ?",
                    (at, at + SUGGESTION_CHUNK * 10 - 1),
                )
        with self._write("keep the rules' suggestions") as db:  # only once all are copied
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, '1')", (RULES_KEPT,))

    def _patch_suggestions(self, rows: Sequence[SuggestionRow]) -> None:
        cached, index = self._rows, self._index
        if cached is None:
            return
        fresh = []
        for gid, label, conf, expl in rows:
            i = index.get(gid)
            if i is not None and i < len(cached):
                old = cached[i]
                new = replace(old, suggested_label=label, confidence=conf, explanation=expl)
                fresh.append((i, old, new))
        with self._lock:
            if self._rows is not cached:
                return  # rebuilt meanwhile, from the file: already has them
            for i, old, new in fresh:
                if cached[i] is old:  # else a decision re-read it from the file since
                    cached[i] = new

    def has_replaced_suggestions(self) -> bool:
        """Whether ``set_suggestions`` ever replaced a rules' suggestion here."""
        return bool(self._read("SELECT 1 FROM meta WHERE key = ?", (RULES_KEPT,)))

    def labels(self) -> dict[str, str]:
        """group_id -> label of every labelled group (one small query)."""
        return dict(self._read("SELECT group_id, label FROM labels WHERE label IS NOT NULL"))

    def cached_row(self, group_id: str) -> QueueRow | None:
        """The queue cache's row of a group (no file read); None if not cached."""
        with self._lock:
            i = self._index.get(group_id) if self._rows is not None else None
            return self._rows[i] if self._rows is not None and i is not None else None

    # ---- export

    def group_rows(self) -> Iterator[dict[str, Any]]:
        """One row per group, in queue order, with its decision (for export)."""
        with self._reader() as db:
            rows = db.execute(
                """SELECT g.group_id, l.label, coalesce(l.note, ''), coalesce(l.flagged, 0),
                          coalesce(l.skipped, 0), coalesce(l.reviewer, ''),
                          coalesce(l.labelled_at, ''), g.suggested_label, g.confidence,
                          g.explanation, g.size, g.n_docs, g.text, t.documents
                   FROM groups g JOIN group_text t ON t.position = g.position
                   LEFT JOIN labels l ON l.group_id = g.group_id
                   ORDER BY g.position"""
            )
            for r in rows:
                row = dict(zip(GROUP_COLUMNS, r, strict=True))
                row["flagged"], row["skipped"] = bool(row["flagged"]), bool(row["skipped"])
                yield row

    def unit_rows(self) -> Iterator[dict[str, Any]]:
        """One row per member unit of every group, with offsets and the group's label."""
        # provenance: the page's address and, for web-archive inputs, its capture time
        captured = "c.captured" if self._has_captures else "''"
        capture_join = (
            "LEFT JOIN captures c ON c.doc_id = u.doc_id" if self._has_captures else ""
        )
        with self._reader() as db:
            rows = db.execute(
                f"""SELECT g.group_id, l.label, d.path, u.doc_id, u.unit_id, u.start, u."end",
                          u.text, m.rank = 0, g.suggested_label, d.url,
                          COALESCE({captured}, '')
                   FROM groups g JOIN members m ON m.position = g.position
                   JOIN units u ON u.uid = m.uid JOIN documents d ON d.doc_id = u.doc_id
                   LEFT JOIN labels l ON l.group_id = g.group_id {capture_join}
                   ORDER BY g.position, m.rank"""
            )
            for r in rows:
                row = dict(zip(UNIT_COLUMNS, r, strict=True))
                row["representative"] = bool(row["representative"])
                yield row

    def group_ids(self) -> set[str]:
        return {gid for (gid,) in self._read("SELECT group_id FROM groups")}

    def member_texts(self) -> list[tuple[str, str]]:
        """(group_id, text) of every member unit, representatives first in each group."""
        return self._read(
            """SELECT g.group_id, u.text FROM groups g JOIN members m ON m.position = g.position
               JOIN units u ON u.uid = m.uid ORDER BY m.rank = 0 DESC, g.position, m.rank"""
        )

    def orphan_rows(self) -> Iterator[dict[str, Any]]:
        """Decisions a re-grouping could not carry over."""
        with self._reader() as db:
            rows = db.execute(
                "SELECT group_id, label, note, flagged, skipped, reviewer, labelled_at, text,"
                " member_texts, orphaned_at FROM orphaned_labels ORDER BY rowid"
            )
            for r in rows:
                yield dict(zip(ORPHAN_COLUMNS, r, strict=True))

    @contextmanager
    def _reader(self) -> Iterator[sqlite3.Connection]:
        """A connection of its own: a consistent snapshot, usable from a worker thread."""
        db = _connect_read_only(self.path) if self.read_only else _connect(self.path)
        try:
            db.execute("BEGIN")  # one snapshot for the whole export
            yield db
        except sqlite3.Error as err:
            raise self._error("read the project", err) from err
        finally:
            db.close()


def _meta(db: sqlite3.Connection, key: str) -> str:
    row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else ""


GROUP_COLUMNS = (
    "group_id", "label", "note", "flagged", "skipped", "reviewer", "labelled_at",
    "suggested_label", "confidence", "evidence", "group_size", "group_docs",
    "representative_text", "documents",
)  # fmt: skip
UNIT_COLUMNS = (
    "group_id", "label", "doc", "doc_id", "unit_id", "start", "end", "text",
    "representative", "suggested_label", "url", "captured",
)  # fmt: skip
ORPHAN_COLUMNS = (
    "group_id", "label", "note", "flagged", "skipped", "reviewer", "labelled_at",
    "representative_text", "member_texts", "orphaned_at",
)  # fmt: skip


_UNDECIDED = (None, 0, 0, "")
_UNDECIDED_ROW = (*_UNDECIDED, "", "")  # with reviewer and labelled_at
_LABEL_FIELDS = "group_id, label, skipped, flagged, note, reviewer, labelled_at"


def _field(state: tuple, action: str) -> str | None:
    """The value ``action`` sets, from a (label, skipped, flagged, note) row."""
    label, skipped, flagged, note = state
    if action == "flag":
        return "1" if flagged else "0"
    if action == "note":
        return note
    return label or (SKIPPED if skipped else None)


def _with_field(state: tuple, action: str, value: str | None) -> tuple:
    """``state`` after ``action`` set ``value`` (as ``Project._apply`` writes it)."""
    label, skipped, flagged, note = state
    if action == "flag":
        return label, skipped, value == "1", note
    if action == "note":
        return label, skipped, flagged, value or ""
    return (value if value in LABELS else None), value == SKIPPED, flagged, note


_SLOT_SETTERS = tuple(getattr(QueueRow, f.name).__set__ for f in fields(QueueRow))
_new = object.__new__


_DECISION_SETTERS = tuple(getattr(Decision, f.name).__set__ for f in fields(Decision))


def _decision(
    seq: int, gid: str, action: str, value: str | None, previous: str | None, reviewer: str,
    at: str, new=_new, cls=Decision, s=_DECISION_SETTERS,
) -> Decision:  # fmt: skip
    """A Decision built through its slots, as ``_cached_row`` builds QueueRows: the frozen
    dataclass __init__ made building 200,000 of them for one import cost a second."""
    d = new(cls)
    s[0](d, seq), s[1](d, gid), s[2](d, action), s[3](d, value), s[4](d, previous)
    s[5](d, reviewer), s[6](d, at)
    return d


def _cached_row(
    static: tuple, decision: tuple | None, new=_new, cls=QueueRow, s=_SLOT_SETTERS
) -> QueueRow:
    """A QueueRow built through its slots: 3x faster than the frozen dataclass __init__
    (which goes through object.__setattr__ per field), and 100,000 of them are built
    for the first queue() of a big project. Fields are set in declaration order."""
    gid, pos, size, n_docs, text, sug, conf, expl = static
    label, skipped, flagged, note = decision or _UNDECIDED
    row = new(cls)
    s[0](row, gid), s[1](row, pos), s[2](row, size), s[3](row, n_docs), s[4](row, text)
    s[5](row, label), s[6](row, bool(skipped)), s[7](row, bool(flagged)), s[8](row, note)
    s[9](row, sug), s[10](row, conf), s[11](row, expl)
    return row


def _queue_row(r: tuple) -> QueueRow:
    gid, pos, size, n_docs, text, label, skipped, flagged, note, sug, conf, expl = r
    return QueueRow(
        gid, pos, size, n_docs, text, label, bool(skipped), bool(flagged), note, sug, conf, expl
    )


def _match(rep: str, texts: list[str], by_text: dict[str, str]) -> str | None:
    """The new group holding the old representative, else a majority of the old members."""
    hit = by_text.get(normalise(rep)) if rep else None
    if hit is not None:
        return hit
    votes: dict[str, int] = {}
    for text in dict.fromkeys(normalise(t) for t in texts):
        gid = by_text.get(text)
        if gid is not None:
            votes[gid] = votes.get(gid, 0) + 1
    if not votes:
        return None
    best, n = max(votes.items(), key=lambda kv: kv[1])
    return best if n * 2 > len(set(map(normalise, texts))) else None

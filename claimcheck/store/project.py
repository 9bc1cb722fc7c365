"""``Project``: an open review project. Opening, transactions and the shared state;
each kind of work is a mixin in a module of its own (queue, log, surgery, members,
carry, rows, suggestions, page kinds).

Concurrency policy: "both work safely". Two apps (or an app and ``claimcheck export``)
may open the same project at once. WAL lets readers run beside a writer; each decision
is a ``BEGIN IMMEDIATE`` transaction of a few statements, and ``busy_timeout`` makes a
second writer wait for the first instead of failing. The last decision on a group
wins, and every decision from both apps is in the log. An app learns that another one
wrote through :meth:`Project.changed` and refreshes. :class:`ProjectLocked` is raised
only if a writer waited longer than the timeout.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from ..models import Corpus
from .adjudication import AdjudicationMixin
from .carry import SyncMixin, SyncReport
from .connection import (
    ProjectError,
    ProjectLocked,
    built_atomically,
    check_header,
    connect,
    connect_read_only,
    utc_now,
    writable,
)
from .load import build_file
from .log import Decision, DecisionsMixin, new_session_id
from .members import MembersMixin
from .pagekinds import PageKindsMixin
from .queue import QueueMixin, QueueRow, Tally
from .reviewers import ReviewersMixin
from .rows import RowsMixin
from .schema import SCHEMA_VERSION, file_version, migrate
from .share import ShareMixin
from .suggestions import SuggestionsMixin
from .surgery import SurgeryMixin


class Project(
    QueueMixin, DecisionsMixin, SurgeryMixin, MembersMixin, SyncMixin, RowsMixin,
    SuggestionsMixin, PageKindsMixin, ReviewersMixin, AdjudicationMixin, ShareMixin,
):  # fmt: skip
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
        self._session_id = new_session_id()  # entry ids: <session id>:<n>
        self._entries = 0
        self._undo: list[Decision] = []
        self._redo: list[Decision] = []
        self._decided_at: list[float] = []  # monotonic times of this session's label/skip
        self._data_version = self._version()  # for changed(): others' commits only
        self._rows: list[QueueRow] | None = None  # the queue cache, in position order
        self._index: dict[str, int] = {}
        self._hidden = 0  # merged-away rows kept in the queue cache (see _patch_many)
        self._rows_version = -1
        self._tally: Tally | None = None  # stats() counts, kept up to date per decision
        self._tally_version = -1
        # A team (reviewers.py): this reviewer's own decisions, else None (alone).
        self._own: dict[str, tuple] | None = None
        self._team_known = False  # whether _own reflects the log (see _detect_team)
        self._team_version = -1  # the file's data_version when _own was built
        # In a team, show this reviewer's own decisions only (False: the desk's latest).
        self.blind = True
        # Adjudicating (adjudication.py): the disputed groups only, label keys settle them.
        self.adjudicating = False
        self.adjudicate_all = False  # adjudicating every overlap group, agreed ones too
        self._queue_only: set[str] | None = None
        self._shared = False  # the queue is this reviewer's overlap share (share.py)
        self._reviews: dict[str, dict[str, tuple]] | None = None  # reviewer -> their states
        self.read_only = False  # set by open(): see there
        # The reviewer's place not yet in the file (see note_place), and when this
        # connection last committed (a place is flushed on its own only when idle).
        self._place_due: str | None = None
        self._place_saved = ""
        self._last_commit = 0.0
        self.backup: Path | None = None  # set by open() when it upgraded the file

    # ---- opening

    @classmethod
    def create(cls, path: str | os.PathLike[str], corpus: Corpus, reviewer: str) -> Project:
        """Write a new project for ``corpus``: built in a temp file, then renamed into place."""
        target = Path(path)
        if target.exists():
            raise ProjectError(f"{target}: already exists; open it instead")
        with built_atomically(target, "create the project") as tmp:
            build_file(tmp, corpus)
        return cls.open(target, reviewer)

    @classmethod
    def open(cls, path: str | os.PathLike[str], reviewer: str) -> Project:
        """Open an existing project; a missing, foreign or corrupt file is a ProjectError.

        A file of an older schema is upgraded in place after a backup copy next to it
        (``backup`` names it); one of a newer schema is refused with one line. A project
        this process cannot write (a read-only file, or a read-only folder, where SQLite
        cannot keep its WAL files) opens read-only: browsing and export work, a decision
        raises ProjectError at once (``read_only`` says so up front).
        """
        target = Path(path)
        check_header(target)
        read_only = not writable(target)
        db = None
        try:
            db = connect_read_only(target) if read_only else connect(target)
            version = file_version(db, target)
            backup = None
            if version < SCHEMA_VERSION and read_only:
                raise ProjectError(
                    f"{target}: project schema {version} needs an upgrade to {SCHEMA_VERSION},"
                    " and the file cannot be written here"
                )
            if not read_only:
                db.execute("PRAGMA journal_mode = WAL")
                db.execute("PRAGMA synchronous = FULL")
            if version < SCHEMA_VERSION:
                backup = migrate(db, target, version)
            db.execute("PRAGMA foreign_keys = OFF")
            project = cls(target, db, reviewer)
            project.read_only = read_only
            project.backup = backup
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
        except (ProjectError, OSError) as err:
            if db is not None:
                db.close()
            if isinstance(err, OSError):
                raise ProjectError(f"{target}: cannot upgrade: {err.strerror or err}") from err
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
                place = self._place_due
                if place is not None:  # rides along: no commit (fsync) of its own
                    _write_place(db, self.reviewer, place)
                db.execute("COMMIT")
                self._last_commit = time.monotonic()
                if place is not None:
                    self._place_saved = place
                    if self._place_due is place:  # else a newer one was noted meanwhile
                        self._place_due = None
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

    def _read(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[tuple]:
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

    @contextmanager
    def _reader(self) -> Iterator[sqlite3.Connection]:
        """A connection of its own: a consistent snapshot, usable from a worker thread."""
        db = connect_read_only(self.path) if self.read_only else connect(self.path)
        try:
            db.execute("BEGIN")  # one snapshot for the whole export
            yield db
        except sqlite3.Error as err:
            raise self._error("read the project", err) from err
        finally:
            db.close()

    # ---- the reviewer's place: the review app reopens where they left off

    def place(self) -> str:
        """What ``save_place`` last stored for this reviewer; "" if nothing."""
        rows = self._read("SELECT value FROM meta WHERE key = ?", (_place_key(self.reviewer),))
        return rows[0][0] if rows else ""

    def save_place(self, place: str) -> None:
        """Store an opaque place (the app's JSON) for this reviewer now; a read-only
        project keeps none. One short write (the app's quit, a view change)."""
        if self.read_only:
            return
        self._place_due = place
        with self._write("save the reviewer's place"):
            pass  # _write adds the place to the transaction

    def note_place(self, place: str) -> None:
        """Where the reviewer is now, kept in memory (cheap: call it on every move): it
        is written with this connection's next decision, in that decision's transaction,
        or by ``flush_place`` once idle. After a ``kill -9`` the app resumes there, at
        most a decision or an idle moment behind."""
        if not self.read_only:
            self._place_due = None if place == self._place_saved else place

    def flush_place(self, idle: float) -> bool:
        """Write a noted place if nothing was committed for ``idle`` seconds (a place
        written with each decision needs no write of its own); True if written."""
        if self._place_due is None or time.monotonic() - self._last_commit < idle:
            return False
        self.save_place(self._place_due)
        return True


def _place_key(reviewer: str) -> str:
    return f"place:{reviewer}"


def _write_place(db: sqlite3.Connection, reviewer: str, place: str) -> None:
    db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (_place_key(reviewer), place))


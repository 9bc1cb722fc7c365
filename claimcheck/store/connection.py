"""Connections to a project file: how it is opened, read-only or not, and its errors.

Durability. The file is in WAL mode with ``synchronous=FULL`` (set at every open) and
every decision is its own short ``BEGIN IMMEDIATE`` transaction, committed before the
call returns: ``kill -9`` at any moment loses nothing a caller was told is saved, and
FULL fsyncs the WAL on every commit, so a power cut does not either. ``busy_timeout``
makes a second app's writer wait for the first instead of failing.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime, timezone
from pathlib import Path
from typing import TypeVar

BUSY_TIMEOUT_MS = 5000
SQLITE_MAGIC = b"SQLite format 3\x00"


class ProjectError(Exception):
    """A project file problem, as one line naming the file."""


class ProjectLocked(ProjectError):
    """Another app held the project for longer than the busy timeout."""


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return db


def connect_read_only(path: Path) -> sqlite3.Connection:
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


def writable(path: Path) -> bool:
    """Whether SQLite can write ``path``: the file, and its folder for the WAL files."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def fsync_dir(directory: Path) -> None:
    with suppress(OSError):  # not every platform or filesystem allows it
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextmanager
def built_atomically(target: Path, what: str) -> Iterator[Path]:
    """A temp path beside ``target`` to build a SQLite file in, renamed onto ``target``
    when the block ends without error: an interrupted build leaves no file. SQLite and
    OS errors become one line, "TARGET: cannot WHAT: ..."; the temp file and its WAL,
    SHM and journal files are removed either way."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.replace(tmp, target)
    except sqlite3.Error as err:
        raise ProjectError(f"{target}: cannot {what}: {err}") from err
    except OSError as err:
        raise ProjectError(f"{target}: cannot {what}: {err.strerror or err}") from err
    finally:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm"), Path(f"{tmp}-journal")):
            leftover.unlink(missing_ok=True)
    fsync_dir(target.parent)


T = TypeVar("T")


def read_project(
    path: str | os.PathLike[str], read: Callable[[sqlite3.Connection, Path], T]
) -> T:
    """``read(db, path)`` on the project file at ``path`` opened read-only (nothing is
    written to it); ProjectError, one line naming the file, for anything but a project."""
    target = Path(path)
    check_header(target)
    try:
        db = connect_read_only(target)
    except sqlite3.Error as err:
        raise ProjectError(f"{target}: cannot open the project: {err}") from err
    try:
        return read(db, target)
    except sqlite3.DatabaseError as err:
        raise ProjectError(f"{target}: not a claimcheck project or damaged: {err}") from err
    finally:
        db.close()


def check_header(path: Path) -> None:
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


def create_indexes(db: sqlite3.Connection, script: str) -> None:
    # executescript would COMMIT an open transaction; run the statements one by one.
    for statement in script.strip().split(";"):
        if statement.strip():
            db.execute(statement)

"""Opening an output path without destroying what is there.

A regular file (or a new name) is written atomically: a temp file beside it,
renamed over it only once whole, so a crash, a full disk or a signal leaves any
earlier file intact. Anything else is never replaced:

- a character device, FIFO or socket (``/dev/null``, ``/dev/full``, a named pipe,
  ``/dev/stdout``) is written through, as a shell redirection would;
- a symlink to a regular file: the target is written (atomically, beside the
  target), and the link stays a link;
- a directory, or a symlink to one, is refused with ``IsADirectoryError``.
- a path in a directory that does not exist fails (``FileNotFoundError``): a typo in
  a path must not leave a tree of new folders behind.

Temp files are named ``.NAME.claimcheck-PID.tmp``; one left by a killed run
(SIGKILL, a power cut) is removed by the next run writing the same output, once
its process is gone. SIGINT (KeyboardInterrupt) and, while a temp file exists,
SIGTERM (``Terminated``) reach the writer as exceptions, so the temp file is
removed on the way out. SIGTERM keeps its default (end at once) the rest of the
time: a Python handler only runs between bytecodes, and a long C call (grouping)
would otherwise hold off ``kill`` for minutes.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import stat
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

STDOUT = "-"
_TEMP_TAG = ".claimcheck-"


def temp_name(target: Path, pid: int | None = None) -> Path:
    return target.with_name(f".{target.name}{_TEMP_TAG}{pid or os.getpid()}.tmp")


def _default_mode() -> int:
    umask = os.umask(0)  # the only way to read it; done once, at import, before any thread
    os.umask(umask)
    return 0o666 & ~umask


FILE_MODE = _default_mode()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, but someone else's (EPERM)
        return True
    return True


def remove_stale_temps(target: Path) -> list[Path]:
    """Delete temp files of our naming for ``target`` whose process is gone."""
    pattern = re.compile(re.escape(f".{target.name}{_TEMP_TAG}") + r"(\d+)\.tmp")
    removed = []
    try:
        names = os.listdir(target.parent)
    except OSError:
        return removed
    for name in names:
        m = pattern.fullmatch(name)
        if m and int(m.group(1)) != os.getpid() and not _pid_alive(int(m.group(1))):
            with contextlib.suppress(OSError):
                (target.parent / name).unlink()
                removed.append(target.parent / name)
    return removed


def _kind(path: Path) -> str:
    """'new', 'file', 'dir' or 'special' (device, FIFO, socket), following symlinks."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "new"
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "dir"
    return "special"


def _writable_kind(path: str) -> tuple[Path, str]:
    """``path`` and its ``_kind``; a folder is refused (IsADirectoryError)."""
    target = Path(path)
    kind = _kind(target)
    if kind == "dir":
        raise IsADirectoryError(21, "Is a directory", path)
    return target, kind


def check_writable(path: str, in_place: bool = False) -> None:
    """Raise the ``OSError`` that writing ``path`` would meet, now rather than at the
    end of a long run (a read-only folder, ``/proc``, ``/sys``, a path under a file).

    The probe does what the writer will: create (and remove at once) the temp file
    beside the target, so only an existing regular file's folder matters, as for the
    rename. ``in_place``: the writer opens ``path`` itself (a WARC appended to), so
    an existing file is opened for appending (nothing written) and a new name is
    created and removed. A device or FIFO is only checked for permission: opening a
    FIFO would wait for its reader.
    """
    if path == STDOUT:
        return
    target, kind = _writable_kind(path)
    if kind == "special":
        if not os.access(target, os.W_OK):
            raise PermissionError(13, "Permission denied", path)
        return
    if in_place:
        _probe_in_place(target, exists=kind == "file")
        return
    if target.is_symlink():  # as open_output: the temp file goes beside the link's target
        target = Path(os.path.realpath(target))
    tmp = temp_name(target)
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    os.unlink(tmp)


def _probe_in_place(target: Path, exists: bool) -> None:
    if exists:
        os.close(os.open(target, os.O_WRONLY | os.O_APPEND))
        return
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    os.unlink(target)


@contextmanager
def open_output(path: str) -> Iterator[IO[str]]:
    """A text handle for ``path`` (``-``: stdout); see the module docstring."""
    if path == STDOUT:
        yield sys.stdout
        sys.stdout.flush()
        return
    target, kind = _writable_kind(path)
    if kind == "special":
        with open(target, "w", encoding="utf-8", newline="") as handle:
            yield handle
        return
    if target.is_symlink():  # to a regular file, or dangling: write where it points
        target = Path(os.path.realpath(target))
    with _atomic(target) as handle:
        yield handle


class Terminated(BaseException):
    """SIGTERM while an output was being written (its temp file is removed)."""


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated


@contextmanager
def _sigterm_raises() -> Iterator[None]:
    """SIGTERM as ``Terminated`` inside; only the main thread may set handlers."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def _atomic(target: Path) -> Iterator[IO[str]]:
    remove_stale_temps(target)  # a missing directory fails below: outputs never create one
    tmp = temp_name(target)
    with _sigterm_raises():
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with _removed_on_failure(tmp):
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                yield handle
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, FILE_MODE)  # an export is an ordinary file, not a private one
            os.replace(tmp, target)


@contextmanager
def _removed_on_failure(tmp: Path) -> Iterator[None]:
    try:
        yield
    except BaseException:  # SIGTERM/SIGINT arrive as exceptions: clean up for them too
        tmp.unlink(missing_ok=True)
        raise

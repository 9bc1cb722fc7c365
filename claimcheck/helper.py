"""A second process for a share of a big pure-Python step.

Grouping's per-text steps (claim cores, stem keys, facts) are regular expressions and
dictionary passes in Python: one core whatever the threads. At a million sentences
they were ~30 s of one core while the other idled (``--no-suggest``: the reading
workers are gone by then). A ``Helper`` is one spawned process that runs one call
given to it (its arguments and its result pickled through a pipe) while the caller
works on the rest.

The process starts when the ``Helper`` is made, so its imports (numpy, scipy: ~1 s)
overlap whatever the caller does next. If it dies or its call fails, ``result``
raises ``HelperFailed`` and the caller does that share itself: a helper can make a
run faster, never make it fail.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any


class HelperFailed(Exception):
    """The helper process died or its call raised."""


def _serve(conn: Connection) -> None:
    """The helper's main: one call, then exit."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    try:
        fn, args = conn.recv()
    except EOFError:  # the parent closed without a call
        return
    try:
        result: tuple[bool, Any] = (True, fn(*args))
    except Exception as err:  # sent back: the caller redoes the share itself
        result = (False, repr(err))
    del args  # the inputs' memory is free before the result is pickled beside it
    conn.send(result)
    conn.close()


class Helper:
    """One spawned process that runs one call (``submit``) and hands back its result
    (``result``); ``close`` ends it in any state."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")  # fork with threads is unsafe
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child,), daemon=True)
        self._process.start()
        child.close()  # so a dead helper reads as EOF here

    def submit(self, fn: Callable[..., Any], *args: Any) -> None:
        """Send ``fn(*args)`` (``fn`` at a module's top level, so it pickles by name)."""
        try:
            self._conn.send((fn, args))
        except (OSError, ValueError) as err:  # already dead
            raise HelperFailed(str(err)) from err

    def result(self) -> Any:
        """What the call returned; ``HelperFailed`` if it raised or the process died."""
        try:
            ok, value = self._conn.recv()
        except (EOFError, OSError) as err:
            raise HelperFailed("the helper process ended without a result") from err
        if not ok:
            raise HelperFailed(value)
        return value

    def close(self) -> None:
        """End the process (at once: its result, if any, is not waited for); closing
        twice is harmless."""
        self._conn.close()
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()

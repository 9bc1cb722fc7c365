"""Ending the program without tearing down a big heap it no longer needs.

After a 1M-sentence ``claimcheck group`` has written its output, freeing the corpus
(a million units, their texts, groups) object by object and then the interpreter's
own teardown took ~3-4 s of one core, with nothing left to do. The entry point
(``__main__.run``) ``arm``s this module; the command then ``hold``s its corpus, so it
is not freed when the command returns, and the entry point ends the process with
``os._exit`` once the standard streams are flushed. A command that held nothing, or
a caller of ``cli.main`` that did not arm (the tests), returns as usual. A command
holds only once its output files are closed and its worker processes ended.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import os
import sys
from typing import NoReturn

_armed: list[bool] = []
_held: list[object] = []


def arm() -> None:
    """Let ``hold`` keep objects to the process's end (the program's entry point)."""
    _armed[:] = [True]


def hold(obj: object) -> None:
    """Keep ``obj`` alive until the process ends, if armed (else nothing). The
    collector's generations are frozen too: its next pass would otherwise walk every
    object of ``obj`` once before the exit (~0.5 s for a million units)."""
    if _armed:
        _held[:] = [obj]
        gc.freeze()


def holding() -> bool:
    """Whether a command left its heap to the process's end."""
    return bool(_held)


def exit_now(code: int) -> NoReturn:
    """Flush stdout and stderr, then end the process with ``code`` at once: no
    atexit handlers, no freeing of objects."""
    _flush()
    os._exit(code)


def exit_interrupted(code: int) -> NoReturn:
    """End an interrupted run with ``code`` (130), whatever the interpreter thinks.

    CPython 3.11 can remember a KeyboardInterrupt that passed through a library's
    import (scipy's, while ``group`` loads) as unhandled although ``cli.main`` caught
    it, and then ends the process by SIGINT (status -2), not with our 130. The atexit
    handlers still run (multiprocessing's unlink the semaphores of stopped pools);
    only the interpreter's teardown, where that check sits, is skipped."""
    _flush()
    atexit._run_exitfuncs()
    _flush()
    os._exit(code)


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing to say
            stream.flush()

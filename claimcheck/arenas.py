"""Fewer malloc arenas for a process whose threads allocate big, short-lived blocks.

glibc gives each thread that allocates under contention an arena of its own (up to 8
per core), and memory freed in an arena stays mapped to it: the grouping step's
threads (candidate scoring, the fact guard beside it) each kept the pages of their
last slices, which added up in the peak RSS at a million claims. ``limit_arenas``
caps the arenas at two (one per core of the machine the floors are measured on)
through ``mallopt(M_ARENA_MAX)``; blocks over the mmap threshold are unaffected.
Elsewhere than glibc (musl, macOS, Windows) it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import platform

M_ARENA_MAX = -8  # glibc's malloc.h
ARENAS = 2


def limit_arenas(arenas: int = ARENAS) -> bool:
    """Cap glibc's malloc arenas at ``arenas`` for this process; whether it was set.
    Call it before the threads start: arenas already made stay."""
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return mallopt(M_ARENA_MAX, arenas) == 1

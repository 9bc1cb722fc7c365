"""The malloc arena cap (arenas.py): set on glibc, a no-op elsewhere."""

from __future__ import annotations

import platform
import subprocess
import sys

from claimcheck import arenas


def test_limit_arenas_sets_the_cap_on_glibc_only() -> None:
    on_glibc = platform.system() == "Linux" and platform.libc_ver()[0] == "glibc"
    # in a child process: the cap is process-wide and this one's arenas are made
    code = "from claimcheck.arenas import limit_arenas; print(limit_arenas())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == str(on_glibc)


def test_no_glibc_no_call(monkeypatch) -> None:
    monkeypatch.setattr(platform, "libc_ver", lambda: ("musl", "1.2"))
    called = []
    monkeypatch.setattr(arenas.ctypes, "CDLL", lambda *a: called.append(a))
    assert arenas.limit_arenas() is False
    assert called == []


def test_a_libc_that_will_not_load_is_no_error(monkeypatch) -> None:
    monkeypatch.setattr(platform, "system", lambda: "Linux")
    monkeypatch.setattr(platform, "libc_ver", lambda: ("glibc", "2.36"))

    def fail(*args: object) -> None:
        raise OSError("no libc here")

    monkeypatch.setattr(arenas.ctypes, "CDLL", fail)
    assert arenas.limit_arenas() is False

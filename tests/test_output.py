"""output.check_writable: an unwritable target is found before the work, and the
probe leaves nothing behind."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from claimcheck.output import check_writable

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _unwritable_system_dirs() -> list[str]:
    """Folders nobody may create files in, root included (Linux pseudo filesystems)."""
    return [d for d in ("/proc", "/sys") if os.path.isdir(d)]


@pytest.mark.parametrize("in_place", [False, True])
def test_the_probe_leaves_the_folder_and_an_existing_file_as_they_were(
    tmp_path: Path, in_place: bool
) -> None:
    existing = tmp_path / "old.csv"
    existing.write_text("kept", encoding="utf-8")
    before = existing.stat()
    check_writable(str(existing), in_place)
    check_writable(str(tmp_path / "new.csv"), in_place)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.csv"]
    after = existing.stat()
    assert existing.read_text(encoding="utf-8") == "kept"
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


@pytest.mark.parametrize("folder", _unwritable_system_dirs())
@pytest.mark.parametrize("in_place", [False, True])
def test_a_folder_no_file_can_be_made_in_raises_now(folder: str, in_place: bool) -> None:
    with pytest.raises(OSError) as raised:
        check_writable(f"{folder}/claimcheck-out.csv", in_place)
    assert raised.value.errno in (errno.ENOENT, errno.EACCES, errno.EROFS, errno.EPERM)


def test_a_path_under_a_file_and_a_directory_raise(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(NotADirectoryError):
        check_writable(str(blocker / "out.csv"))
    with pytest.raises(IsADirectoryError):
        check_writable(str(tmp_path))


@pytest.mark.skipif(IS_ROOT, reason="root writes into a read-only folder")
def test_a_read_only_folder_raises(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        with pytest.raises(PermissionError):
            check_writable(str(locked / "out.csv"))
    finally:
        locked.chmod(0o755)


def test_stdout_and_a_writable_device_pass() -> None:
    check_writable("-")
    check_writable(os.devnull)

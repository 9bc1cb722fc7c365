"""The entry point ends a `group` run without freeing its corpus (quick_exit)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from claimcheck import quick_exit
from claimcheck.cli import main

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
FAST = ["--lexical", "--no-suggest"]  # no model to load: the exit is what is tested


def _entry_point(args: list[str]) -> subprocess.CompletedProcess[str]:
    """``claimcheck ARGS`` through ``__main__.run``, with an atexit handler that says
    whether the interpreter's normal teardown ran."""
    script = textwrap.dedent(f"""
        import atexit, sys
        atexit.register(lambda: print("teardown ran", file=sys.stderr))
        sys.argv = ["claimcheck", *{args!r}]
        from claimcheck.__main__ import run
        sys.exit(run())
    """)
    return subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )


def test_group_from_the_entry_point_skips_teardown_and_writes_the_same_bytes(
    tmp_path: Path,
) -> None:
    quick = tmp_path / "quick.csv"
    result = _entry_point(["group", str(CORPUS), "-o", str(quick), "-q", *FAST])
    assert result.returncode == 0, result.stderr
    assert "teardown ran" not in result.stderr
    slow = tmp_path / "slow.csv"
    assert main(["group", str(CORPUS), "-o", str(slow), "-q", *FAST]) == 0
    assert quick.read_bytes() == slow.read_bytes()


def test_stdout_is_flushed_and_the_exit_code_kept(tmp_path: Path) -> None:
    result = _entry_point(["group", str(CORPUS), "-o", "-", "--format", "jsonl", *FAST])
    assert result.returncode == 0 and "teardown ran" not in result.stderr
    assert result.stdout.count("\n") > 20 and result.stdout.endswith("}\n")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")  # an issue: --strict fails
    (tmp_path / "ok.txt").write_text("The dam opened in 2020.", encoding="utf-8")
    out = str(tmp_path / "o.csv")
    strict = _entry_point(["group", str(tmp_path), "-o", out, "--strict", *FAST])
    assert strict.returncode != 0 and "teardown ran" not in strict.stderr


def test_other_commands_exit_as_usual() -> None:
    result = _entry_point(["group", "--help"])
    assert result.returncode == 0 and "teardown ran" in result.stderr


def test_hold_keeps_nothing_unless_armed() -> None:
    """A caller of cli.main (these tests) never arms: its corpus is freed on return."""
    assert not quick_exit.holding()
    quick_exit.hold(object())
    assert not quick_exit.holding()

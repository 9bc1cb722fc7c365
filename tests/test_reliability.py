"""Hostile inputs, outputs and signals, as a tester meets them (issue 11).

Each case checks the message, the exit code, and that the other inputs came through.
docs/reliability.md maps every case to its test here.
"""

from __future__ import annotations

import io
import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from claimcheck.cli import main
from claimcheck.output import remove_stale_temps, temp_name

GOOD = "The dam opened in 2020. The minister said it cost 3 million dollars.\n"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def run_cli(*args: str, stdin: str | bytes | None = None) -> subprocess.CompletedProcess[str]:
    """``claimcheck ARGS`` in this process (a subprocess costs ~1.5 s of imports):
    the exit code, stdout and stderr as a user would get them. Signal handlers that
    ``main`` installs are put back afterwards."""
    data = stdin.encode("utf-8") if isinstance(stdin, str) else (stdin or b"")
    streams = [io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="") for _ in range(2)]
    saved = sys.stdin, sys.stdout, sys.stderr, signal.getsignal(signal.SIGTERM)
    sys.stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    sys.stdout, sys.stderr = streams
    try:
        code = main(list(args))
    except SystemExit as exit_:  # argparse's usage errors
        code = exit_.code if isinstance(exit_.code, int) else 1
    finally:
        sys.stdin, sys.stdout, sys.stderr, handler = saved
        signal.signal(signal.SIGTERM, handler)
    out, err = (_text_of(s) for s in streams)
    return subprocess.CompletedProcess(list(args), code, out, err)


def _text_of(stream: io.TextIOWrapper) -> str:
    stream.flush()
    return stream.buffer.getvalue().decode("utf-8", "replace")  # type: ignore[attr-defined]


def run_subprocess(
    *args: str, stdin: str | bytes | None = None
) -> subprocess.CompletedProcess[str]:
    """``claimcheck ARGS`` as its own process, for what only a process shows."""
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    result = subprocess.run(
        [sys.executable, "-m", "claimcheck", *args],
        capture_output=True,
        input=data,
        timeout=120,
    )
    return subprocess.CompletedProcess(
        result.args,
        result.returncode,
        result.stdout.decode("utf-8", "replace"),
        result.stderr.decode("utf-8", "replace"),
    )


def lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line]


def docs_in(csv_text: str) -> set[str]:
    return {line.split(",", 1)[0] for line in csv_text.splitlines()[1:] if line}


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- output paths


def test_output_to_a_full_device_is_written_through_not_replaced(good: Path) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this platform")
    result = run_cli("group", str(good), "-o", "/dev/full", "-q")
    assert result.returncode == 1
    assert lines(result.stderr) == [
        "claimcheck: error: cannot write /dev/full: No space left on device"
    ]
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_output_to_dev_null_keeps_the_device(good: Path) -> None:
    result = run_cli("group", str(good), "-o", "/dev/null")
    assert result.returncode == 0, result.stderr
    assert "-> /dev/null" in result.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_output_to_a_fifo_is_written_through(tmp_path: Path, good: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    result = run_cli("group", str(good), "-o", str(fifo), "-q")
    reader.join(timeout=60)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)  # still a FIFO
    assert docs_in(got[0]) == {"good.txt"}


def test_output_to_dev_stdout_goes_to_stdout(good: Path) -> None:
    result = run_subprocess("group", str(good), "-o", "/dev/stdout", "-q")
    assert result.returncode == 0, result.stderr
    assert docs_in(result.stdout) == {"good.txt"}
    assert os.path.islink("/dev/stdout") or not os.path.exists("/dev/stdout")


def test_output_to_a_symlink_writes_its_target_and_keeps_the_link(
    tmp_path: Path, good: Path
) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to("real.csv")
    result = run_cli("group", str(good), "-o", str(link), "-q")
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == "real.csv"
    assert docs_in(real.read_text(encoding="utf-8")) == {"good.txt"}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_output_to_a_directory_is_refused_in_one_line(tmp_path: Path, good: Path) -> None:
    result = run_cli("group", str(good), "-o", str(tmp_path), "-q")
    assert result.returncode == 1
    assert lines(result.stderr) == [f"claimcheck: error: cannot write {tmp_path}: Is a directory"]


def test_stale_temp_files_of_a_killed_run_are_removed(tmp_path: Path, good: Path) -> None:
    out = tmp_path / "out.csv"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    stale = temp_name(out, int(dead.stdout))
    stale.write_text("half an output", encoding="utf-8")
    alive = temp_name(out, os.getppid())  # a run still going: never touched
    alive.write_text("in progress", encoding="utf-8")
    other = tmp_path / ".out.csv.something-else.tmp"  # not our naming: never touched
    other.write_text("x", encoding="utf-8")
    result = run_cli("group", str(good), "-o", str(out), "-q")
    assert result.returncode == 0, result.stderr
    assert not stale.exists() and alive.exists() and other.exists()
    assert docs_in(out.read_text(encoding="utf-8")) == {"good.txt"}
    assert remove_stale_temps(out) == []


_KILL_MID_WRITE = """
import os, signal, sys
import claimcheck.export as export
from claimcheck.cli import main

real = export._write_lines
def slow(handle, columns, lines):
    handle.write("partial,row\\n" * 1000)
    handle.flush()
    os.kill(os.getpid(), signal.{sig})
    return real(handle, columns, lines)
export._write_lines = slow
sys.exit(main(["group", sys.argv[1], "-o", sys.argv[2], "-q"]))
"""


@pytest.mark.parametrize(("sig", "code", "word"), [("SIGTERM", 143, "terminated"),
                                                   ("SIGINT", 130, "interrupted")])  # fmt: skip
def test_signal_while_writing_leaves_no_temp_file_and_the_old_output(
    tmp_path: Path, good: Path, sig: str, code: int, word: str
) -> None:
    out = tmp_path / "out.csv"
    out.write_text("earlier output\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", _KILL_MID_WRITE.format(sig=sig), str(good), str(out)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == code
    assert lines(result.stderr) == [f"claimcheck: {word}"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.txt", "out.csv"]
    assert out.read_text(encoding="utf-8") == "earlier output\n"


def test_ctrl_c_with_worker_processes_is_one_line_exit_130(tmp_path: Path) -> None:
    corpus = tmp_path / "big"
    corpus.mkdir()
    sentence = "The minister said on 3 May 2021 that the new dam had cost 40 million dollars. "
    for i in range(20):  # enough files and bytes for worker processes
        (corpus / f"d{i}.txt").write_text((sentence * 12 + "\n") * 400, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "claimcheck", "group", str(corpus), "-o", str(tmp_path / "o.csv"),
         "-q", "--workers", "2"],
        stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    time.sleep(2.0)  # imports done, workers starting or working
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole process group
    _, stderr = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the run finished before the interrupt (a very fast machine)")
    assert proc.returncode == 130
    assert lines(stderr) == ["claimcheck: interrupted"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_ctrl_c_inside_a_library_s_exec_still_exits_130(tmp_path: Path) -> None:
    """CPython 3.11 under ``python -m`` marks a KeyboardInterrupt that left code run by
    exec() (dataclasses', namedtuple's: scipy's import, while ``group`` loads) as
    unhandled, even when cli.main caught it, and ended the process by SIGINT (-2)."""
    package = tmp_path / "interrupted_run"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "__main__.py").write_text(textwrap.dedent("""\
        import sys
        import claimcheck.cli as cli
        CTRL_C = "import os, signal\\nos.kill(os.getpid(), signal.SIGINT)\\nwhile True: pass"
        def parse(argv):
            exec(CTRL_C)
        cli.parse = parse
        from claimcheck.__main__ import run
        sys.exit(run())
    """))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path])}
    result = subprocess.run([sys.executable, "-m", "interrupted_run"], capture_output=True,
                            text=True, timeout=60, env=env)  # fmt: skip
    assert result.returncode == 130, result.stderr[-500:]
    assert lines(result.stderr) == ["claimcheck: interrupted"]


def test_ctrl_c_during_imports_is_one_line(tmp_path: Path) -> None:
    script = textwrap.dedent("""
        import os, signal, sys, threading, time
        sys.argv = ["claimcheck", "--help"]
        threading.Timer(0.05, lambda: os.kill(os.getpid(), signal.SIGINT)).start()
        time.sleep(0)
        import builtins
        real_import = builtins.__import__
        def slow_import(*a, **k):
            time.sleep(0.001)
            return real_import(*a, **k)
        builtins.__import__ = slow_import
        from claimcheck.__main__ import run
        sys.exit(run())
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=60)  # fmt: skip
    assert result.returncode == 130, result.stderr[-500:]
    assert lines(result.stderr) == ["claimcheck: interrupted"]


# --------------------------------------------------------------------------- nothing forged

FORGED = "\x1b[2J\x1b[31mred\nclaimcheck: 0 problems\x9b31m"


def test_printable_escapes_c0_c1_and_line_breakers_but_not_scripts() -> None:
    from claimcheck.terminal import printable

    assert printable(FORGED) == "\\x1b[2J\\x1b[31mred\\x0aclaimcheck: 0 problems\\x9b31m"
    assert printable("a\u2028b\u202ec") == "a\\u2028b\\u202ec"
    assert printable("部长 déclaré ؟ नमस्ते") == "部长 déclaré ؟ नमस्ते"


def test_jsonl_ids_with_terminal_escapes_are_escaped_in_warnings_and_outputs(
    tmp_path: Path,
) -> None:
    records = tmp_path / "r.jsonl"
    rows = [
        {"id": FORGED, "text": "The dam opened in 2020."},
        {"id": FORGED + "2"},  # no text: a warning naming the id's line
        {"id": "ok", "text": "The bridge\x9b31m closed in 2019.\x1b[0m", "title": "T\x85itle"},
    ]
    records.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    result = run_cli("group", str(records), "-o", "-", "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    warnings = lines(result.stderr)
    assert warnings[0] == "claimcheck: warning: r.jsonl:2: line has no 'text', skipped"
    assert len(warnings) == 2  # the warning and the summary: nothing forged
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert {row["doc"] for row in out} == {f"r.jsonl#{printable_(FORGED)}", "r.jsonl#ok"}
    texts = [row["text"] for row in out]
    assert "The bridge31m closed in 2019." in texts  # C1 and ESC removed from the text
    assert not any(c in result.stdout for c in "\x1b\x9b\x85")
    assert {row["title"] for row in out if row["doc"] == "r.jsonl#ok"} == {"Title"}


def printable_(text: str) -> str:
    from claimcheck.terminal import printable

    return printable(text)


def test_file_names_with_escapes_are_one_escaped_line_each(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "bad\x1b[2J\nclaimcheck: fine.txt").write_bytes(b"")
    (corpus / "name\x9b1m.txt").write_text("Another claim was made in 2001.\n", encoding="utf-8")
    result = run_cli("group", str(corpus), "-o", "-", "--strict")
    assert result.returncode == 1  # the empty file counts under --strict
    warnings = lines(result.stderr)
    assert warnings[0] == (
        "claimcheck: warning: bad\\x1b[2J\\x0aclaimcheck: fine.txt: empty file, skipped"
    )
    assert len(warnings) == 2 and "\x1b" not in result.stderr
    assert docs_in(result.stdout) == {"good.txt", "name\\x9b1m.txt"}


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file names must be UTF-8")
def test_file_names_that_are_not_utf8_are_escaped_everywhere(tmp_path: Path) -> None:
    """A name byte that is not UTF-8 (0x9b, an 8-bit CSI in Latin-1) reaches Python as
    a lone surrogate: the CSV export crashed encoding it, stdout could carry it raw."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    (corpus / os.fsdecode(b"caf\xe9\x9b.txt")).write_text(
        "Prices rose in 2001.\n", encoding="utf-8"
    )
    out = tmp_path / "out.csv"
    result = run_cli("group", str(corpus), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert docs_in(out.read_text(encoding="utf-8")) == {"good.txt", "caf\\xe9\\x9b.txt"}
    listed = run_cli("group", str(corpus), "-o", "-", "--format", "jsonl", "-q")
    assert {json.loads(line)["doc"] for line in listed.stdout.splitlines()} == {
        "good.txt", "caf\\xe9\\x9b.txt"
    }  # fmt: skip


def test_lone_surrogates_in_json_records_are_replaced_not_fatal(tmp_path: Path) -> None:
    """JSON may spell a lone surrogate (\\ud800); no output can encode one. The whole
    file was skipped ("cannot parse as .jsonl"); now the character becomes U+FFFD."""
    records = tmp_path / "r.jsonl"
    records.write_text(
        '{"id": "a\\ud800", "title": "T\\udc9b", "text": "The dam \\ud83d opened in 2020."}\n'
        '{"id": "b", "text": "Exports doubled in 2021."}\n',
        encoding="utf-8",
    )
    for fmt in ("csv", "jsonl"):
        result = run_cli("group", str(records), "-o", "-", "--format", fmt, "-q")
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
        assert "The dam \ufffd opened in 2020." in result.stdout
        assert "Exports doubled in 2021." in result.stdout
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["doc"], r["title"]) for r in rows] == [
        ("r.jsonl#a\\ud800", "T\ufffd"),
        ("r.jsonl#b", ""),
    ]


# --------------------------------------------------------------------------- usage errors


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--threshold", "500"), "argument --threshold: must be between 0 and 100, not 500"),
        (("--threshold", "-5"), "argument --threshold: must be between 0 and 100, not -5"),
        (("--threshold", "nan"), "argument --threshold: must be between 0 and 100, not nan"),
        (("--threshold", "ten"), "argument --threshold: not a number: 'ten'"),
        (("--workers", "-3"), "argument --workers: must be 0 (one per core) or more, not -3"),
        (("--workers", "1.5"), "argument --workers: not a whole number: '1.5'"),
    ],
)
def test_bad_option_values_are_one_line_exit_2(
    good: Path, args: tuple[str, ...], message: str
) -> None:
    result = run_cli("group", str(good), "-o", "-", *args)
    assert result.returncode == 2
    assert lines(result.stderr) == [f"claimcheck: error: {message} (see claimcheck group --help)"]
    assert result.stdout == ""


def test_threshold_bounds_are_accepted(good: Path) -> None:
    for value in ("0", "100", "87.5"):
        result = run_cli("group", str(good), "-o", "-", "-q", "--threshold", value)
        assert result.returncode == 0, result.stderr
        assert docs_in(result.stdout) == {"good.txt"}


def test_a_huge_worker_count_is_capped_by_files_and_cores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--workers 100000`` was taken at its word: 100,000 processes of ~60 MB."""
    from claimcheck import pipeline

    monkeypatch.setattr(pipeline.os, "cpu_count", lambda: 2)
    assert pipeline._workers(100_000, 1_000) == 2 * pipeline.WORKERS_PER_CORE
    assert pipeline._workers(100_000, 3) == 3  # never more than the files
    assert pipeline._workers(0, 1_000) == 2  # 0: one per core
    assert pipeline._workers(5, 0) == 1
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(f"Claim number {i} was made in 200{i}.\n", "utf-8")
    result = run_cli("group", str(tmp_path), "-o", "-", "--workers", "100000", "-q")
    assert result.returncode == 0 and result.stderr == ""
    assert docs_in(result.stdout) == {"0.txt", "1.txt", "2.txt"}


# --------------------------------------------------------------------------- folder walk


def _hostile_folder(base: Path) -> Path:
    """A folder with one good file and one of everything else a walk can meet."""
    import socket

    corpus = base / "w"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "a.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "sub" / "b.txt").write_text("The bridge closed in 2019.\n", encoding="utf-8")
    (corpus / "sub" / "up").symlink_to("..")  # a loop through a folder above
    (corpus / "self").symlink_to("self")  # a loop on itself
    (corpus / "broken.txt").symlink_to("nowhere.txt")
    (corpus / "dev.txt").symlink_to(os.devnull)
    os.mkfifo(corpus / "fifo.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(corpus / "sock"))
    sock.close()
    return corpus


def test_folder_walk_warns_for_every_odd_entry_and_reads_the_rest() -> None:
    import tempfile

    with tempfile.TemporaryDirectory(dir="/tmp") as short:  # AF_UNIX paths are short
        corpus = _hostile_folder(Path(short))
        result = run_cli("group", str(corpus), "-o", "-", "--strict")
    assert result.returncode == 1  # each counts under --strict
    assert lines(result.stderr)[:6] == [
        "claimcheck: warning: broken.txt: broken symlink, skipped",
        "claimcheck: warning: dev.txt: a character device, not a regular file, skipped",
        "claimcheck: warning: fifo.txt: a FIFO (named pipe), not a regular file, skipped",
        "claimcheck: warning: self: symlink loop, skipped",
        "claimcheck: warning: sock: a socket, not a regular file, skipped",
        "claimcheck: warning: sub/up: symlink loop (leads back to a folder above), skipped",
    ]
    assert len(lines(result.stderr)) == 7  # and the summary
    assert docs_in(result.stdout) == {"a.txt", "sub/b.txt"}


def test_unlistable_folder_is_a_warning_not_an_abort(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimcheck import read

    corpus = tmp_path / "c"
    (corpus / "locked").mkdir(parents=True)
    (corpus / "a.txt").write_text(GOOD, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path: os.PathLike[str] | str):  # as for a folder without read permission
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(read.os, "scandir", scandir)
    sources, issues, _ = read.discover([str(corpus)])
    assert [s.name for s in sources] == ["a.txt"]
    assert [str(i) for i in issues] == ["locked: cannot list folder: Permission denied, skipped"]


@pytest.mark.skipif(IS_ROOT, reason="root reads any folder; the monkeypatched test covers it")
def test_unreadable_folder_for_real(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    (corpus / "locked").mkdir(parents=True)
    (corpus / "a.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "locked").chmod(0)
    try:
        result = run_cli("group", str(corpus), "-o", "-", "--strict")
    finally:
        (corpus / "locked").chmod(0o755)
    assert result.returncode == 1
    assert lines(result.stderr)[0] == (
        "claimcheck: warning: locked: cannot list folder: Permission denied, skipped"
    )
    assert docs_in(result.stdout) == {"a.txt"}


def test_special_files_named_on_the_command_line_warn_too(tmp_path: Path, good: Path) -> None:
    fifo = tmp_path / "p.txt"
    os.mkfifo(fifo)
    broken = tmp_path / "gone.txt"
    broken.symlink_to("missing.txt")
    result = run_cli("group", str(fifo), str(broken), str(good), "-o", "-", "--strict", "-q")
    assert result.returncode == 1
    assert lines(result.stderr) == [
        f"claimcheck: warning: {fifo}: a FIFO (named pipe), not a regular file, skipped",
        f"claimcheck: warning: {broken}: broken symlink, skipped",
    ]
    assert docs_in(result.stdout) == {"good.txt"}


# --------------------------------------------------------------------------- input judged right

MIXED = "The dam opened in 2020. Le barrage a été ouvert.\n部长宣布大坝于2020年开放。\n"


@pytest.mark.parametrize(
    ("encoding", "note"),
    [
        ("utf-16", None), ("utf-32", None),  # with a BOM: nothing to say
        ("utf-16-le", "no BOM; decoded as utf-16-le"),
        ("utf-16-be", "no BOM; decoded as utf-16-be"),
        ("utf-32-le", "no BOM; decoded as utf-32-le"),
        ("utf-32-be", "no BOM; decoded as utf-32-be"),
    ],
)  # fmt: skip
def test_utf16_and_utf32_with_or_without_bom(
    tmp_path: Path, good: Path, encoding: str, note: str | None
) -> None:
    wide = tmp_path / "wide.txt"
    wide.write_bytes(MIXED.encode(encoding))
    result = run_cli("group", str(wide), str(good), "-o", "-", "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    expected = [] if note is None else [f"claimcheck: warning: wide.txt: {note}"]
    assert lines(result.stderr)[:-1] == expected  # then the summary
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["doc"] for r in rows} == {"wide.txt", "good.txt"}
    assert "Le barrage a été ouvert." in {r["text"] for r in rows}


@pytest.mark.parametrize("where", [0, 5, 9000])
def test_nul_bytes_anywhere_are_removed_and_reported(
    tmp_path: Path, good: Path, where: int
) -> None:
    body = b"The dam opened in 2020. " + b"It was built by the ministry. " * 400
    nul = tmp_path / "nul.txt"
    nul.write_bytes(body[:where] + b"\x00" + body[where:])
    result = run_cli("group", str(nul), str(good), "-o", "-", "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    assert lines(result.stderr)[:-1] == ["claimcheck: warning: nul.txt: 1 NUL bytes removed"]
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["doc"] for r in rows} == {"nul.txt", "good.txt"}
    assert not any("\x00" in r["text"] for r in rows)


def test_a_few_nuls_in_a_short_text_file_do_not_make_it_binary(tmp_path: Path, good: Path) -> None:
    """4 NULs in 58 bytes were 7% "control bytes": the file was skipped as binary."""
    nul = tmp_path / "nul.txt"
    nul.write_bytes(b"\x00The bridge closed in 2018 after the flood.\n\x00\x00\x00")
    (tmp_path / "zeros.txt").write_bytes(b"\x00" * 100)  # nothing but NULs: binary
    result = run_cli("group", str(tmp_path), "-o", "-", "--format", "jsonl", "--strict")
    assert result.returncode == 1  # zeros.txt
    assert lines(result.stderr)[:-1] == [
        "claimcheck: warning: nul.txt: 4 NUL bytes removed",
        "claimcheck: warning: zeros.txt: binary file (100% control bytes), skipped",
    ]
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["doc"], r["text"]) for r in rows][0] == (
        "good.txt", "The dam opened in 2020."
    )  # fmt: skip
    assert ("nul.txt", "The bridge closed in 2018 after the flood.") in {
        (r["doc"], r["text"]) for r in rows
    }


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize(
    "text",
    ["部长宣布大坝于2020年开放。出口在2021年翻了一番。", "Министр объявил, что плотина открыта."],
    ids=["zh", "ru"],
)
def test_utf16_without_bom_or_zero_bytes_is_decoded(
    tmp_path: Path, good: Path, encoding: str, text: str
) -> None:
    """Chinese or Cyrillic in UTF-16 has no zero byte to place: it looked binary."""
    wide = tmp_path / "wide.txt"
    wide.write_bytes(text.encode(encoding))
    result = run_cli("group", str(wide), str(good), "-o", "-", "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    assert lines(result.stderr)[:-1] == [
        f"claimcheck: warning: wide.txt: no BOM; decoded as {encoding}"
    ]
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["doc"] for r in rows} == {"wide.txt", "good.txt"}
    assert "".join(r["text"] for r in rows if r["doc"] == "wide.txt").replace(" ", "") == (
        text.replace(" ", "")
    )


def test_binary_is_detected_by_content_not_only_nuls(tmp_path: Path, good: Path) -> None:
    import random

    rng = random.Random(11)
    noise = bytes(rng.randrange(1, 256) for _ in range(20_000))  # no NUL
    (tmp_path / "noise.txt").write_bytes(noise)
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + noise)
    result = run_cli("group", str(tmp_path), "-o", "-", "--strict", "-q")
    assert result.returncode == 1
    warnings = lines(result.stderr)
    assert len(warnings) == 2
    assert warnings[0].startswith("claimcheck: warning: image.txt: binary file (")
    assert warnings[1].startswith("claimcheck: warning: noise.txt: binary file (")
    assert all(w.endswith("% control bytes), skipped") for w in warnings)
    assert docs_in(result.stdout) == {"good.txt"}


def test_latin1_text_is_not_binary(tmp_path: Path) -> None:
    from claimcheck.read import looks_binary

    assert not looks_binary("Café au lait coûte cher. Señor Müller.\n".encode("latin-1") * 50)
    assert not looks_binary(b"\x1b[31mred log line\x1b[0m\n" * 100)  # ANSI colours
    assert looks_binary(b"\x00" * 100)


@pytest.mark.parametrize("depth", [100, 300, 3000, 30_000])
def test_deeply_nested_html_is_read(tmp_path: Path, good: Path, depth: int) -> None:
    page = tmp_path / "deep.html"
    page.write_text(
        "<html><body><script>var hidden = 1;</script><p>A shallow claim was made in 1999.</p>"
        + "<div>" * depth + "<p>The dam opened in 2020 after long works.</p>" + "</div>" * depth
        + "<p>Closing words came last.</p></body></html>",
        encoding="utf-8",
    )  # fmt: skip
    result = run_cli("group", str(page), str(good), "-o", "-", "--format", "jsonl", "-q")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    texts = {r["text"] for r in rows if r["doc"] == "deep.html"}
    assert {
        "A shallow claim was made in 1999.",
        "The dam opened in 2020 after long works.",
    } <= texts
    assert not any("hidden" in t for t in texts)
    assert {r["doc"] for r in rows} == {"deep.html", "good.txt"}


STDIN_CSV = 'id,text\n1,"The dam opened in 2020."\n2,The bridge closed in 2019.\n'
STDIN_JSONL = '{"id": "1", "text": "The dam opened in 2020."}\n'


@pytest.mark.parametrize(
    ("data", "fmt", "docs"),
    [
        (STDIN_CSV, None, {"<stdin>#1", "<stdin>#2"}),  # detected
        (STDIN_CSV, "csv", {"<stdin>#1", "<stdin>#2"}),
        (STDIN_JSONL, None, {"<stdin>#1"}),
        (STDIN_JSONL, "jsonl", {"<stdin>#1"}),
        ("id,text\n", "txt", {"<stdin>"}),  # told: read as it is
        ("Prices, wages and text rose in 2020.\n", None, {"<stdin>"}),  # prose with commas
    ],
)
def test_records_on_stdin_by_option_or_detection(
    good: Path, data: str, fmt: str | None, docs: set[str]
) -> None:
    option = ["--stdin-format", fmt] if fmt else []
    result = run_cli("group", "-", str(good), "-o", "-", "-q", *option, stdin=data)
    assert result.returncode == 0, result.stderr
    assert docs_in(result.stdout) == docs | {"good.txt"}


def test_stdin_format_mismatch_is_one_line(good: Path) -> None:
    result = run_cli("group", "-", str(good), "-o", "-", "-q", "--stdin-format", "csv",
                     stdin="Just prose.\n")  # fmt: skip
    assert result.returncode == 0
    assert lines(result.stderr) == [
        "claimcheck: warning: <stdin>: no 'text' column (columns: just prose.), skipped"
    ]
    assert docs_in(result.stdout) == {"good.txt"}


# ---------------------------------------------------------------- offsets into the source

SAMPLE = Path(__file__).resolve().parent.parent / "corpus"


def test_offsets_index_the_source_files_for_every_unit_of_the_sample_corpus() -> None:
    result = run_cli("group", str(SAMPLE), "-o", "-", "--format", "jsonl", "-q", "--no-suggest")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    sources = {p.name: p.read_text(encoding="utf-8") for p in SAMPLE.glob("*.txt")}
    checked = 0
    for row in rows:
        if row["doc"] in sources:
            assert sources[row["doc"]][row["start"] : row["end"]] == row["text"], row
            checked += 1
    assert checked > 400
    bullets = [r["text"] for r in rows if r["kind"] == "bullet"]
    assert bullets and not any(t.startswith(("- ", "• ", "* ")) for t in bullets)
    assert any("\u00a0" in r["text"] for r in rows)  # NBSPs kept as the source has them


def test_offsets_hold_with_crlf_nbsp_zero_width_tabs_and_bullets(tmp_path: Path) -> None:
    raw = (
        "\ufeffTitle line\r\n\r\n- The dam\u00a0opened in 2020.\r\n"
        "• Zero\u200bwidth stays in 2021.\r\n1. Tab\tinside the item, 2022.\r"
        "Old Mac line ending here, said the minister.\n\u200b\n"
    )
    path = tmp_path / "odd.txt"
    path.write_bytes(raw.encode("utf-8"))
    result = run_cli("group", str(path), "-o", "-", "--format", "jsonl", "-q")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    with open(path, encoding="utf-8-sig") as handle:  # universal newlines, as documented
        source = handle.read()
    assert [r["text"] for r in rows] == [
        "Title line",
        "The dam\u00a0opened in 2020.",
        "Zero\u200bwidth stays in 2021.",
        "Tab\tinside the item, 2022.",
        "Old Mac line ending here, said the minister.",
    ]
    assert all(source[r["start"] : r["end"]] == r["text"] for r in rows)


def test_invisible_characters_stay_in_the_text_but_not_in_matching(tmp_path: Path) -> None:
    """A zero-width space or soft hyphen inside a word stays in the unit (offsets into
    the source) but does not split the word for grouping: the copies meet."""
    (tmp_path / "a.txt").write_text("The da\u200bm was ope\u00adned in May 2020.\n", "utf-8")
    (tmp_path / "b.txt").write_text("The dam was opened in May 2020.\n", "utf-8")
    result = run_cli("group", str(tmp_path), "-o", "-", "--format", "jsonl", "-q")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["text"] for r in rows] == [
        "The da\u200bm was ope\u00adned in May 2020.",
        "The dam was opened in May 2020.",
    ]
    assert rows[0]["group_id"] == rows[1]["group_id"] and rows[0]["group_size"] == 2


def test_csv_formula_guard_no_longer_hits_bullet_items(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_text("- The dam opened in 2020.\n", encoding="utf-8")
    result = run_cli("group", str(path), "-o", "-", "-q")
    assert ",The dam opened in 2020.," in result.stdout
    assert "'- The dam" not in result.stdout


# --------------------------------------------------------------------------- any language

FRENCH = (
    "Le ministre a déclaré que le barrage était ouvert en 2020.\n"
    "La réforme a été adoptée à l’unanimité par le parlement en mars 2021.\n"
)


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("部长宣布大坝于2020年开放。改革获得一致通过！这是真的吗？",
         ["部长宣布大坝于2020年开放。", "改革获得一致通过！", "这是真的吗？"]),
        ("他说：「大坝开放了。」然后离开。", ["他说：「大坝开放了。」", "然后离开。"]),
        ("यह एक वाक्य है। यह दूसरा है।", ["यह एक वाक्य है।", "यह दूसरा है।"]),
        ("هل هذا صحيح؟ نعم هذا صحيح.", ["هل هذا صحيح؟", "نعم هذا صحيح."]),
        (FRENCH.replace("\n", " "), [s for s in FRENCH.splitlines()]),
    ],
)  # fmt: skip
def test_sentence_ends_of_other_scripts(text: str, sentences: list[str]) -> None:
    from claimcheck.models import FRAGMENT, SENTENCE
    from claimcheck.segment import segment

    spans = segment(text)
    assert [text[s.start : s.end] for s in spans] == sentences
    # claims, not fragments; a question in any script asks and is no claim
    kinds = [FRAGMENT if t[-1] in "?？؟" else SENTENCE for t in sentences]
    assert [s.kind for s in spans] == kinds


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (GOOD, "en"),
        (FRENCH, "fr"),
        ("部长宣布大坝于2020年开放。改革获得一致通过。", "zh"),
        ("大臣は2020年にダムが開通したと発表した。", "ja"),
        ("장관은 2020년에 댐이 개통되었다고 발표했다.", "ko"),
        ("Der Minister sagte, der Damm sei 2020 eröffnet worden.", "de"),
        ("यह एक वाक्य है। मंत्री ने कहा कि बांध 2020 में खोला गया।", "hi"),
        ("2020 — 42 %", ""),  # nothing to tell by
        # a Greek page with an English menu line: English words among its few Latin ones
        ("Home | The Team | Contact us\nΗ κυβέρνηση ανακοίνωσε νέα μέτρα στήριξης της"
         " οικονομίας. Ο υπουργός είπε ότι τα μέτρα θα ισχύσουν από τον Μάρτιο.", "el"),
    ],
)
def test_document_language(text: str, lang: str) -> None:
    from claimcheck.lang import detect

    assert detect(text) == lang


def test_lang_is_recorded_and_suggestions_withheld_outside_english(
    tmp_path: Path, good: Path
) -> None:
    (tmp_path / "fr.txt").write_text(FRENCH, encoding="utf-8")
    (tmp_path / "zh.txt").write_text(
        "部长宣布大坝于2020年开放。改革获得一致通过！\n", encoding="utf-8"
    )
    result = run_cli("group", str(tmp_path), "-o", "-", "--format", "jsonl", "-q")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    by_doc: dict[str, list[dict]] = {}
    for row in rows:
        by_doc.setdefault(row["doc"], []).append(row)
    assert {d: {r["lang"] for r in rs} for d, rs in by_doc.items()} == {
        "good.txt": {"en"}, "fr.txt": {"fr"}, "zh.txt": {"zh"}
    }  # fmt: skip
    assert all(r["suggested_label"] for r in by_doc["good.txt"] if r["is_claim"])
    for doc in ("fr.txt", "zh.txt"):
        claims = [r for r in by_doc[doc] if r["is_claim"]]
        assert len(claims) == 2
        assert all(r["suggested_label"] == "" for r in claims)  # no suggestion, honestly
        # and a reason where the blank would read as a bug
        lang = "fr" if doc == "fr.txt" else "zh"
        assert all(r["evidence"].startswith(f"No suggestion: its page is in another language"
                                            f" ({lang})") for r in claims)  # fmt: skip


def test_english_corpus_does_not_load_the_language_model() -> None:
    code = textwrap.dedent("""
        import sys
        from pathlib import Path
        from claimcheck import lang
        from claimcheck.read import discover, read_source
        sources, _, _ = discover([sys.argv[1]])
        docs = [d for s in sources for d in read_source(s)[0]]
        assert {d.lang for d in docs} == {"en"}, {d.path: d.lang for d in docs}
        print(lang._model.cache_info().misses)
    """)
    result = subprocess.run([sys.executable, "-c", code, str(SAMPLE)], capture_output=True,
                            text=True, timeout=60)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0"


# --------------------------------------------------------------------------- fuzz: any Unicode

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

ANY_CHAR = st.characters(exclude_categories=("Cs",))  # no lone surrogates: not encodable
NON_ASCII = st.characters(min_codepoint=0x80, exclude_categories=("Cs",))
# Words and sentence ends mixed in, so that the random texts also make claims and groups.
PIECES = st.sampled_from(["The dam opened in 2020. ", "部长宣布。", "\n", " ", "- ", "、"])
FUZZ = settings(
    max_examples=100, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow],
)  # fmt: skip


def _fuzz_text(chars: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(st.text(chars, max_size=20), PIECES), max_size=12).map("".join)


def _check_corpus(folder: Path, texts: list[str]) -> None:
    from claimcheck.pipeline import RunOptions, build_corpus

    for i, text in enumerate(texts):
        (folder / f"{i}.txt").write_bytes(text.encode("utf-8"))
    corpus = build_corpus([str(folder)], RunOptions(workers=1))
    docs = {d.doc_id: d for d in corpus.documents}
    for unit in corpus.units:
        assert docs[unit.doc_id].text[unit.start : unit.end] == unit.text
        assert unit.text.strip()
    members = [m for g in corpus.groups for m in g.members]
    assert len(members) == len(set(members)) == sum(u.is_claim for u in corpus.units)
    _check_outputs(folder, corpus)


def _check_outputs(folder: Path, corpus) -> None:  # corpus: claimcheck.models.Corpus
    """Both exports write every unit; JSONL carries each unit's exact text."""
    from claimcheck.export import write_units

    assert write_units(corpus, str(folder / "out.csv")) == len(corpus.units)
    assert write_units(corpus, str(folder / "out.jsonl"), "jsonl") == len(corpus.units)
    rows = (folder / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(r)["text"] for r in rows] == [u.text for u in corpus.units]


@FUZZ
@given(st.lists(_fuzz_text(ANY_CHAR), min_size=1, max_size=5))
def test_fuzz_any_unicode_never_crashes(texts: list[str]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        _check_corpus(Path(folder), texts)


@FUZZ
@given(st.lists(st.text(NON_ASCII, min_size=1, max_size=60), min_size=1, max_size=5))
def test_fuzz_all_non_ascii_corpus_never_crashes(texts: list[str]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        _check_corpus(Path(folder), texts)


@FUZZ
@given(st.lists(_fuzz_text(ANY_CHAR), max_size=12), st.integers(1, 4))
def test_fuzz_normalisation_is_the_same_at_any_chunk_boundary(texts: list[str], chunk: int) -> None:
    from claimcheck.group import _normalize_many, normalize

    assert _normalize_many(texts, chunk=chunk) == [normalize(t) for t in texts]


# JSON can spell lone surrogates ("\\ud800"); records get them from any character.
WITH_SURROGATES = st.one_of(ANY_CHAR, st.integers(0xD800, 0xDFFF).map(chr))


@FUZZ
@given(st.text(WITH_SURROGATES, max_size=80), _fuzz_text(WITH_SURROGATES))
def test_fuzz_records_with_any_ids_and_texts(record_id: str, text: str) -> None:
    import tempfile

    from claimcheck.pipeline import RunOptions, build_corpus

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = folder / "r.jsonl"
        path.write_text(json.dumps({"id": record_id, "text": text}) + "\n", encoding="utf-8")
        corpus = build_corpus([str(path)], RunOptions(workers=1))
        for doc in corpus.documents:
            assert not any(0x80 <= ord(c) <= 0x9F or ord(c) < 0x20 for c in doc.path)
            doc.path.encode("utf-8")  # no lone surrogate: every output can encode it
            doc.text.encode("utf-8")
        assert len(corpus.documents) + sum(i.fatal for i in corpus.issues) == 1
        _check_outputs(folder, corpus)


# --------------------------------------------------------------------------- labels and projects

PAGES = {
    "a.txt": "The dam opened in May 2020. The river rose by two metres in 2019.\n",
    "b.txt": "The bridge closed in 2018. The dam opened in May 2020.\n",
    "c.txt": "Exports of coffee doubled in 2021. The port handled 3 million tonnes.\n",
}


def _project_from(folder: Path, db: Path):  # -> (Project, SyncReport | None, Corpus)
    from functools import partial

    from claimcheck.pipeline import RunOptions, build_corpus
    from claimcheck.store import Project, kept_documents

    corpus = build_corpus([str(folder)], RunOptions(workers=1), keep=partial(kept_documents, db))
    project, report = Project.open_or_create(db, corpus, "tester")
    return project, report, corpus


def _labels(project) -> dict[str, str]:
    return {r.group_id: r.label for r in project.queue() if r.label}


def test_an_unreadable_document_keeps_its_units_groups_and_labels(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    for name, text in PAGES.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = tmp_path / "p.sqlite"
    project, _, _ = _project_from(folder, db)
    for row in project.queue():
        project.set_label(row.group_id, "generic")
    before = _labels(project)
    units_before = project.stats().total
    project.close()
    (folder / "b.txt").write_bytes(b"\x00\x01\x02\x03" * 1000)  # half-written, unreadable
    project, report, corpus = _project_from(folder, db)
    assert report is not None and report.lost == []
    assert _labels(project) == before and project.stats().total == units_before
    problems = [str(i) for i in corpus.issues]
    assert len(problems) == 2
    assert problems[0].startswith("b.txt: binary file (")  # reported as unreadable
    assert problems[1] == "b.txt: kept as last read, with its 2 units and their labels"
    project.close()


def test_orphaned_labels_reattach_when_their_text_comes_back(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    for name, text in PAGES.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = tmp_path / "p.sqlite"
    project, _, _ = _project_from(folder, db)
    for row in project.queue():
        project.set_label(row.group_id, "dated_news")
    before = _labels(project)
    project.close()
    (folder / "c.txt").unlink()  # deleted for a run: its groups are gone, labels orphaned
    project, report, _ = _project_from(folder, db)
    assert report is not None and len(report.lost) == 2
    assert len(list(project.orphan_rows())) == 2
    project.close()
    (folder / "c.txt").write_text(PAGES["c.txt"], encoding="utf-8")  # restored
    project, report, _ = _project_from(folder, db)
    assert report is not None and report.reattached == 2 and report.lost == []
    assert _labels(project) == before
    assert list(project.orphan_rows()) == []
    assert [d.action for d in project.log() if d.action == "reattach"] == ["reattach"] * 2
    project.close()


def _sample_project(tmp_path: Path) -> Path:
    from claimcheck.pipeline import RunOptions, build_corpus
    from claimcheck.store import Project

    db = tmp_path / "p.sqlite"
    corpus = build_corpus([str(SAMPLE)], RunOptions(workers=1))
    with Project.create(db, corpus, "tester") as project:
        project.set_label(project.queue()[0].group_id, "generic")
    return db


def test_a_project_damaged_mid_file_is_refused_up_front(tmp_path: Path) -> None:
    db = _sample_project(tmp_path)
    size = db.stat().st_size
    assert size > 20 * 4096
    with open(db, "r+b") as handle:  # the header survives, pages in the middle do not
        handle.seek(size // 2 // 4096 * 4096)
        handle.write(b"\xff" * 4096 * 3)
    review = run_cli("review", str(db))
    assert review.returncode == 1
    [line] = lines(review.stderr)
    assert line.startswith(f"claimcheck: error: {db}: damaged project file")
    export = run_cli("export", str(db), "-o", str(tmp_path / "out.csv"))
    assert export.returncode == 1 and len(lines(export.stderr)) == 1
    assert not (tmp_path / "out.csv").exists()


def test_a_read_only_project_opens_read_only_exports_and_refuses_labels(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from claimcheck import cli, store

    db = _sample_project(tmp_path)
    import claimcheck.store.project as opening

    monkeypatch.setattr(opening, "writable", lambda path: False)  # root writes anything
    assert cli._check_project(str(db), "tester") is None
    assert capsys.readouterr().err == (
        f"claimcheck: notice: {db} is read-only: browse and export; labels cannot be saved\n"
    )
    with store.Project.open(db, "tester") as project:
        assert project.read_only
        first = project.queue()[0]
        assert first.label == "generic"  # browsing works
        with pytest.raises(store.ProjectError, match="read-only project: cannot save the label"):
            project.set_label(first.group_id, "unsupported")
        assert project.queue()[0].label == "generic"
    out = tmp_path / "labels.csv"
    result = run_cli("export", str(db), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert ",generic," in out.read_text(encoding="utf-8")


@pytest.mark.skipif(IS_ROOT, reason="root writes any folder; the monkeypatched test covers it")
def test_a_project_in_a_read_only_folder_exports(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    db = _sample_project(folder)
    folder.chmod(0o555)
    try:
        result = run_cli("export", str(db), "-o", str(tmp_path / "labels.csv"))
    finally:
        folder.chmod(0o755)
    assert result.returncode == 0, result.stderr
    assert ",generic," in (tmp_path / "labels.csv").read_text(encoding="utf-8")


def test_read_only_connection_falls_back_to_immutable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a folder SQLite cannot write, mode=ro fails for want of a -shm file; the
    connection then opens the file as immutable. Simulated: mode=ro refused."""
    import sqlite3

    from claimcheck import store

    db = _sample_project(tmp_path)
    real_connect = sqlite3.connect
    opened: list[str] = []

    def connect(database: str, *args: object, **kwargs: object) -> sqlite3.Connection:
        opened.append(database.rsplit("?", 1)[-1])
        if database.endswith("mode=ro"):  # as without a -shm file
            raise sqlite3.OperationalError("unable to open database file")
        return real_connect(database, *args, **kwargs)

    monkeypatch.setattr(store.sqlite3, "connect", connect)
    monkeypatch.setattr(store.os, "access", lambda path, mode: False)
    conn = store._connect_read_only(db)
    assert conn.execute("SELECT count(*) FROM groups").fetchone()[0] > 0
    conn.close()
    assert opened == ["mode=ro", "immutable=1"]


def test_a_run_on_line_without_sentence_ends_is_a_fragment_not_a_claim(tmp_path: Path) -> None:
    """A 50 MB line once took minutes: grouping compared it with itself (O(n^2))."""
    from claimcheck.segment import MAX_CLAIM_CHARS

    run_on = " ".join(f"word{i % 97}" for i in range(MAX_CLAIM_CHARS // 4))
    path = tmp_path / "runon.txt"
    path.write_text(run_on + "\nThe dam opened in 2020.\n", encoding="utf-8")
    result = run_cli("group", str(path), "-o", "-", "--format", "jsonl", "-q")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["kind"], r["is_claim"], r["group_id"]) for r in rows][0] == ("fragment", False, "")
    assert rows[0]["text"] == run_on
    assert rows[1]["text"] == "The dam opened in 2020." and rows[1]["is_claim"]

"""`claimcheck group`: outputs, exit codes and messages, as a user meets them."""

from __future__ import annotations

import csv
import gc
import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from claimcheck.cli import main
from claimcheck.read import clean_text

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
COLUMNS = {
    "doc", "doc_id", "unit_id", "start", "end", "text", "is_claim",
    "group_id", "group_size", "group_docs", "representative",
}  # fmt: skip


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "claimcheck", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
    )


def test_group_writes_csv_with_the_documented_columns(tmp_path: Path) -> None:
    out = tmp_path / "groups.csv"
    assert main(["group", str(CORPUS), "-o", str(out), "--quiet"]) == 0
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert set(rows[0]) >= COLUMNS
    # Offsets point into the document text as read (newlines and odd spaces cleaned).
    docs = {p.name: clean_text(p.read_text(encoding="utf-8")) for p in CORPUS.glob("*.txt")}
    for row in rows:
        if row["text"].startswith("'") and row["text"][1:2] in "=+-@":
            continue  # neutralised for spreadsheets; JSONL keeps the exact text
        assert docs[row["doc"]][int(row["start"]) : int(row["end"])] == row["text"]
    reps = [r for r in rows if r["representative"] == "true"]
    assert len(reps) == len({r["group_id"] for r in rows if r["group_id"]})
    assert any(r["is_claim"] == "false" for r in rows)  # non-claims kept in the data
    # One spelling of booleans; counts are integers in every row (0: in no group), so
    # a spreadsheet or pandas reads the columns as integers, not floats with blanks.
    for column in ("is_claim", "representative"):
        assert {r[column] for r in rows} == {"true", "false"}
    for row in rows:
        assert row["group_size"].isdigit() and row["group_docs"].isdigit()
        assert (row["group_size"] == "0") == (row["group_id"] == "")


def test_group_jsonl_has_the_same_types_as_the_csv(tmp_path: Path) -> None:
    out = tmp_path / "g.jsonl"
    assert main(["group", str(CORPUS), "-o", str(out), "-q"]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert all(type(r["group_size"]) is int and type(r["group_docs"]) is int for r in rows)
    assert all(type(r["representative"]) is bool for r in rows)
    assert any(r["group_size"] == 0 and not r["is_claim"] for r in rows)


def test_group_jsonl_to_stdout_and_summary_on_stderr() -> None:
    result = run_cli("group", str(CORPUS), "-o", "-", "--format", "jsonl")
    assert result.returncode == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and set(rows[0]) >= COLUMNS
    assert isinstance(rows[0]["start"], int) and isinstance(rows[0]["is_claim"], bool)
    assert "5 documents" in result.stderr and "groups" in result.stderr
    assert result.stderr.count("\n") == 1  # not a terminal: no bar, one summary line


def test_quiet_prints_nothing(tmp_path: Path) -> None:
    result = run_cli("group", str(CORPUS), "-o", str(tmp_path / "g.jsonl"), "-q")
    assert result.returncode == 0 and result.stderr == "" and result.stdout == ""
    assert (tmp_path / "g.jsonl").read_text(encoding="utf-8").startswith("{")


def test_quiet_hides_notes_on_inputs_read_but_names_skipped_ones_as_its_help_says(
    tmp_path: Path,
) -> None:
    """The trial: -q dropped "latin1.txt: ... decoded as ..." while its help said only
    "no progress bar and no summary"."""
    (tmp_path / "latin1.txt").write_bytes("Le conseil a approuvé la ligne.".encode("latin-1"))
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run_cli("group", str(tmp_path), "-o", str(tmp_path / "g.csv"), "-q")
    assert result.returncode == 0
    assert "empty.txt: empty file, skipped" in result.stderr and "latin1" not in result.stderr
    help_text = " ".join(run_cli("group", "--help").stdout.split())
    assert "no notes on inputs read with a fix" in help_text
    assert "skipped inputs are still named" in help_text


def test_bad_files_warn_by_name_and_strict_fails(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("The council approved the plan.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "out.csv"
    lenient = run_cli("group", str(tmp_path), "-o", str(out))
    assert lenient.returncode == 0
    assert "claimcheck: warning: empty.txt: empty file, skipped" in lenient.stderr
    assert "The council approved the plan." in out.read_text(encoding="utf-8")
    strict = run_cli("group", str(tmp_path), "-o", str(out), "--strict")
    assert strict.returncode == 1 and "empty.txt" in strict.stderr


def test_nothing_readable_exits_1(tmp_path: Path) -> None:
    result = run_cli("group", str(tmp_path / "missing"), "-o", "-")
    assert result.returncode == 1 and result.stdout == ""
    missing = tmp_path / "missing"
    assert result.stderr == f"claimcheck: error: {missing}: no such file or directory\n"


@pytest.mark.parametrize("command", ["group", "report"])
def test_the_only_input_missing_or_unreadable_is_one_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """Not a warning and then "no readable documents in" it: one line saying why."""
    out = str(tmp_path / ("out.csv" if command == "group" else "out.html"))
    assert main([command, "nope/", "-o", out]) == 1
    assert capsys.readouterr().err == "claimcheck: error: nope/: no such file or directory\n"
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    assert main([command, str(empty), "-o", out]) == 1
    assert capsys.readouterr().err == f"claimcheck: error: {empty.name}: empty file\n"
    assert not os.path.exists(out)


def test_a_missing_input_beside_readable_ones_stays_a_warning(
    one_doc: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "g.csv"
    assert main(["group", "nope/", str(one_doc), "-o", str(out), "-q"]) == 0
    assert capsys.readouterr().err == "claimcheck: warning: nope/: no such file or directory\n"
    assert main(["group", "nope/", "gone.txt", "-o", str(out), "-q"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "claimcheck: warning: nope/: no such file or directory",
        "claimcheck: warning: gone.txt: no such file or directory",
        "claimcheck: error: no readable documents in nope/, gone.txt",
    ]


def test_usage_errors_exit_2() -> None:
    assert run_cli("group").returncode == 2
    assert run_cli("group", str(CORPUS), "--format", "xml").returncode == 2
    assert run_cli("frobnicate").returncode == 2
    bad_engine = run_cli("group", str(CORPUS), "--engine", "nonsense", "-o", "-")
    assert bad_engine.returncode == 2 and "invalid choice: 'nonsense'" in bad_engine.stderr
    for bad in ("500", "-5", "nan"):
        result = run_cli("group", str(CORPUS), "--threshold", bad, "-o", "-")
        assert result.returncode == 2, bad
        assert "--threshold" in result.stderr.strip().splitlines()[-1]


def test_stdin_input() -> None:
    result = run_cli("group", "-", "-o", "-", "-q", stdin="One claim here. Two claims here.\n")
    assert result.returncode == 0
    assert "<stdin>" in result.stdout


def test_unwritable_output_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = run_cli("group", str(CORPUS), "-o", str(blocker / "out.csv"), "-q")
    assert result.returncode == 1
    assert result.stderr.startswith(f"claimcheck: error: cannot write {blocker / 'out.csv'}")


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_output_is_deterministic(tmp_path: Path, fmt: str) -> None:
    first, second = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
    assert main(["group", str(CORPUS), "-o", str(first), "-q"]) == 0
    assert main(["group", str(CORPUS), "-o", str(second), "-q"]) == 0
    assert first.read_bytes() == second.read_bytes()


def test_output_file_gets_ordinary_permissions(tmp_path: Path) -> None:
    out = tmp_path / "g.csv"
    assert main(["group", str(CORPUS), "-o", str(out), "-q"]) == 0
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask
    assert not list(tmp_path.glob(".g.csv.*"))  # no temp file left behind


# --- group --labels: learn from a reviewed project ------------------------------------

ROTATE = {"dated_news": "generic", "generic": "unsupported", "unsupported": "dated_news"}


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project of the sample corpus whose reviewer reads each rules' label as another:
    a pattern the model learns and the rules never match."""
    from claimcheck.pipeline import RunOptions, build_corpus
    from claimcheck.store import Project

    path = tmp_path_factory.mktemp("reviewed") / "reviewed.sqlite"
    corpus = build_corpus([str(CORPUS)], RunOptions(workers=1))
    with Project.create(path, corpus, "tester") as project:
        for row in project.queue():
            if row.suggested_label:
                project.set_label(row.group_id, ROTATE[row.suggested_label])
    return path


def test_labels_learns_from_a_reviewed_project(
    reviewed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["group", str(CORPUS), "--labels", str(reviewed), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "learned: cross-validated macro-F1" in err and "suggestions from the model" in err
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    learned = [r for r in rows if "learned from" in (r.get("evidence") or "")]
    assert learned
    # the model learned the reviewer's reading: mostly the rotation of the rules' label
    names = {"dated news": "dated_news", "generic": "generic", "unsupported": "unsupported"}
    rotated = 0
    for r in learned:
        rules_said = r["evidence"].split("; rules: ", 1)[1]
        rule_label = next(v for k, v in names.items() if rules_said.startswith(k))
        rotated += r["suggested_label"] == ROTATE[rule_label]
    assert rotated / len(learned) > 0.9


def _unreviewed(tmp_path: Path) -> Path:
    from claimcheck.pipeline import RunOptions, build_corpus
    from claimcheck.store import Project

    path = tmp_path / "fresh.sqlite"
    Project.create(path, build_corpus([str(CORPUS)], RunOptions(workers=1)), "t").close()
    return path


@pytest.mark.parametrize(
    "make, problem",
    [
        (lambda tmp: tmp / "missing.sqlite", "no such project file"),
        (lambda tmp: _write(tmp / "bad.sqlite", b"not a database at all"), "not an SQLite file"),
        (
            lambda tmp: _write(tmp / "torn.sqlite", b"SQLite format 3\x00" + b"\x07" * 900),
            "claimcheck project",
        ),
        (_unreviewed, "no labelled groups to learn from"),
    ],
)
def test_labels_with_a_bad_project_is_one_line_and_exit_1(
    make, problem: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make(tmp_path)
    out = tmp_path / "out.csv"
    assert main(["group", str(CORPUS), "--labels", str(project), "-o", str(out), "-q"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and problem in err[0] and str(project) in err[0], err
    assert not out.exists()


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_labels_without_suggestions_is_a_usage_error(
    reviewed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["group", str(CORPUS), "--labels", str(reviewed), "--no-suggest", "-o", "-"]
    assert main(args) == 2
    assert "--labels needs suggestions" in capsys.readouterr().err


def test_model_with_lexical_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["group", str(CORPUS), "--model", "minilm", "--lexical", "-o", "-"]
    assert main(args) == 2
    assert "--model" in capsys.readouterr().err


def test_model_chooses_the_sentence_model(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The council approved the new budget on Monday.\n", "utf-8")
    (tmp_path / "b.txt").write_text("On Monday the council passed the new budget.\n", "utf-8")
    for name in ("wordllama", "minilm"):
        out = tmp_path / f"{name}.jsonl"
        assert main(["group", str(tmp_path), "--model", name, "-o", str(out), "-q"]) == 0
        rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
        assert len({r["group_id"] for r in rows if r["is_claim"]}) == 1, name


# --- manners: version, usage, help, output names, plurals -----------------------------

COMMANDS = ("group", "review", "export", "report", "fetch", "import")


@pytest.fixture
def one_doc(tmp_path: Path) -> Path:
    folder = tmp_path / "one"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "The minister said on 3 May 2021 that the dam cost 40 million dollars.\n", "utf-8"
    )
    return folder


def test_version_is_the_installed_packages() -> None:
    from importlib.metadata import version

    result = run_cli("--version")
    assert (result.returncode, result.stdout) == (0, f"claimcheck {version('claimcheck')}\n")


@pytest.mark.parametrize("command", COMMANDS)
def test_a_wrong_command_line_shows_that_commands_usage(command: str) -> None:
    result = run_cli(command, "--bogus", "x")
    first, *usage = result.stderr.splitlines()
    assert result.returncode == 2 and result.stdout == ""
    assert first.startswith("claimcheck: error: ")
    assert first.endswith(f"(see claimcheck {command} --help)")
    assert usage[0].startswith(f"usage: claimcheck {command} ")


def test_an_unknown_option_is_named_with_the_commands_usage() -> None:
    result = run_cli("group", "--bogus", str(CORPUS))
    assert result.returncode == 2
    assert result.stderr.splitlines()[:2] == [
        "claimcheck: error: unrecognized arguments: --bogus (see claimcheck group --help)",
        "usage: claimcheck group [-h] [-o OUTPUT] [--format {csv,jsonl}]",
    ]
    missing = run_cli("group")
    assert "the following arguments are required: INPUT" in missing.stderr
    assert "usage: claimcheck group " in missing.stderr


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_every_help_has_examples(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main([command, "--help"] if command else ["--help"])
    out = capsys.readouterr().out
    assert done.value.code == 0
    examples = out.split("examples:", 1)[1] if "examples:" in out else out.split("session", 1)[1]
    assert f"claimcheck {command or 'group'} " in examples


def _records(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("name", ["g.jsonl", "g.ndjson", "G.JSONL"])
def test_a_jsonl_name_writes_json_lines(one_doc: Path, tmp_path: Path, name: str) -> None:
    out = tmp_path / name
    assert main(["group", str(one_doc), "-o", str(out), "-q"]) == 0
    assert _records(out)[0]["doc"] == "a.txt"


def test_a_json_name_is_refused_unless_the_format_is_given(
    one_doc: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "g.json"
    assert main(["group", str(one_doc), "-o", str(out), "-q"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and str(out) in err[0] and ".jsonl" in err[0]
    assert not out.exists()
    assert main(["group", str(one_doc), "-o", str(out), "-q", "--format", "jsonl"]) == 0
    assert _records(out)[0]["doc"] == "a.txt"


def test_the_format_option_beats_the_name(one_doc: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.csv"
    assert main(["group", str(one_doc), "-o", str(out), "-q", "--format", "jsonl"]) == 0
    assert _records(out)[0]["doc"] == "a.txt"


@pytest.mark.parametrize(
    ("command", "name", "fix"),
    [("group", "g.xlsx", "csv"), ("group", "g.txt", "csv"), ("report", "r.pdf", "html")],
)
def test_another_formats_name_is_refused_unless_the_format_is_given(
    one_doc: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str,
    name: str, fix: str,
) -> None:
    # A spreadsheet program opening "g.xlsx" full of CSV, or a PDF viewer given HTML,
    # says the file is broken; the name is refused before any work.
    out = tmp_path / name
    assert main([command, str(one_doc), "-o", str(out), "-q"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and str(out) in err[0] and f"--format {fix}" in err[0]
    assert not out.exists()
    assert main([command, str(one_doc), "-o", str(out), "-q", "--format", fix]) == 0
    assert out.stat().st_size > 0


@pytest.mark.parametrize("port", ["99999", "0", "-1", "http"])
def test_a_port_out_of_range_is_a_usage_error(
    one_doc: Path, capsys: pytest.CaptureFixture[str], port: str
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["review", str(one_doc), "--serve", "--port", port])
    assert exited.value.code == 2 and "--port" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["group", "export", "report"])
def test_help_says_which_file_is_written_without_o(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "(default: " in help_text and "replaced if it exists)" in help_text


@pytest.mark.parametrize(
    "args",
    [
        ["group", "{doc}", "-o", "{out}/g.csv"],
        ["report", "{doc}", "-o", "{out}/r.html"],
        ["export", "{doc}/p.sqlite", "-o", "{out}/l.csv"],
        ["fetch", "{doc}/a.txt", "-o", "{out}/f.warc.gz"],
        ["import", "{doc}/p.sqlite", "{doc}/a.txt", "--report", "{out}/r.csv"],
    ],
)
def test_a_missing_output_directory_is_one_line_and_creates_nothing(
    one_doc: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    missing = tmp_path / "no" / "such"
    argv = [a.format(doc=one_doc, out=missing) for a in args]
    assert main([*argv, "-q"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [f"claimcheck: error: cannot write {argv[-1]}: no such directory: {missing}"]
    assert not (tmp_path / "no").exists()


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs Linux's /proc")
@pytest.mark.parametrize(
    "args",
    [
        ["group", "{doc}", "-o", "/proc/x.csv"],
        ["report", "{doc}", "-o", "/proc/x.html"],
        ["export", "{doc}/p.sqlite", "-o", "/proc/x.csv"],
        ["fetch", "{doc}/a.txt", "-o", "/proc/x.warc.gz"],
        ["import", "{doc}/p.sqlite", "{doc}/a.txt", "--unmatched", "/proc/x.csv"],
        ["review", "{doc}", "--db", "/proc/x.sqlite"],
    ],
)
def test_an_unwritable_output_fails_before_any_work(
    one_doc: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    args: list[str],
) -> None:  # fmt: skip
    """/proc exists but takes no new file: found at once, not after the whole run."""
    from claimcheck import pipeline

    def batch_ran(*_: Any, **__: Any) -> None:
        raise AssertionError("the batch ran before the output was checked")

    monkeypatch.setattr(pipeline, "build_corpus", batch_ran)
    argv = [a.format(doc=one_doc) for a in args]
    assert main(argv) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [f"claimcheck: error: cannot write {argv[-1]}: No such file or directory"]


def test_counts_of_one_are_singular(one_doc: Path, tmp_path: Path, capsys) -> None:
    assert main(["group", str(one_doc), "-o", str(tmp_path / "g.csv")]) == 0
    summary = capsys.readouterr().err
    assert summary.startswith("claimcheck: 1 document, 1 unit, 1 claim, 1 group (0 cross-document)")


def test_group_pauses_the_cycle_collector_until_its_corpus_is_freed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The collector stays off from the batch to the written output (resumed with a
    million units alive, it rescanned them all for no cycle) and is on again once the
    command is done."""
    from claimcheck import export, pipeline

    (tmp_path / "a.txt").write_text("The dam opened in 2020, officials said.\n", encoding="utf-8")
    states: list[tuple[str, bool]] = []
    build, write = pipeline.build_corpus, export.write_units

    def built(*args: Any) -> Any:
        corpus = build(*args)
        states.append(("built", gc.isenabled()))
        return corpus

    def written(*args: Any) -> Any:
        states.append(("write", gc.isenabled()))
        return write(*args)

    monkeypatch.setattr(pipeline, "build_corpus", built)
    monkeypatch.setattr(export, "write_units", written)
    assert gc.isenabled()
    assert main(["group", str(tmp_path), "-o", str(tmp_path / "out.csv"), "-q"]) == 0
    assert states == [("built", False), ("write", False)] and gc.isenabled()
    assert (tmp_path / "out.csv").read_text(encoding="utf-8").count("\n") == 2


def test_every_option_of_every_command_has_help_text() -> None:
    """`agreement --format` had none: `--help` listed it bare."""
    from claimcheck.cli import build_parser

    bare = [
        f"{name} {action.option_strings[0]}"
        for name, parser in build_parser().commands.items()
        for action in parser._actions
        if action.option_strings and not action.help
    ]
    assert bare == []


def test_import_help_names_the_side_file_import_writes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The help said FILE.unmatched.csv; for other.csv the file is other.unmatched.csv."""
    from claimcheck.importer import side_file_for

    with pytest.raises(SystemExit):
        main(["import", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "FILE.unmatched.csv" not in text
    examples = re.findall(r"([\w-]+\.(?:csv|jsonl)) -> ([\w-]+\.unmatched\.csv)", text)
    assert examples and all(str(side_file_for(Path(a))) == b for a, b in examples)

"""`claimcheck review` and `claimcheck export`: arguments, hand-over to the app, errors."""

from __future__ import annotations

import csv
import getpass
import io
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from claimcheck import terminal
from claimcheck.cli import main
from claimcheck.defaults import DEFAULT_DB
from claimcheck.models import GENERIC
from claimcheck.pipeline import RunOptions
from claimcheck.store import Project

from ._store_corpus import CORPUS_DIR, make_corpus


@pytest.fixture
def fake_tui(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """Stand in for claimcheck.tui.app so no terminal app starts; record the call."""
    calls: list[tuple[Any, ...]] = []

    def run_review(project_path, inputs, reviewer, run_options, adjudicate=False,
                   show_others=False, adjudicate_all=False) -> int:  # fmt: skip
        calls.append((project_path, inputs, reviewer, run_options))
        return 0

    module = types.ModuleType("claimcheck.tui.app")
    module.run_review = run_review  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "claimcheck.tui.app", module)
    monkeypatch.setattr(terminal, "has_terminal", lambda: True)  # pytest holds stdin/stdout
    return calls


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    path = tmp_path / "p.sqlite"
    with Project.create(path, make_corpus(), "ana") as project:
        project.set_label("g-on-3-may-202", GENERIC)
    return path


def test_review_an_existing_project(fake_tui, project_file: Path) -> None:
    assert main(["review", str(project_file), "--reviewer", "ben"]) == 0
    ((path, inputs, reviewer, options),) = fake_tui
    assert (path, inputs, reviewer) == (str(project_file), None, "ben")
    assert isinstance(options, RunOptions)


def test_review_goes_on_as_the_projects_only_reviewer(
    fake_tui, project_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bare resume after "--reviewer ana" is ana's, not a new login-name reviewer
    with nothing labelled (a new user read that as their work lost)."""
    assert main(["review", str(project_file)]) == 0
    assert fake_tui[0][2] == "ana"
    assert "as ana, the only reviewer" in capsys.readouterr().err


def test_review_of_a_team_project_defaults_to_the_login_name(
    fake_tui, project_file: Path
) -> None:
    with Project.open(project_file, "ben") as project:
        project.set_label("g-on-3-may-202", GENERIC)
    assert main(["review", str(project_file)]) == 0
    assert fake_tui[0][2] == getpass.getuser()


def test_review_inputs_go_to_the_app_with_the_default_db(fake_tui) -> None:
    assert main(["review", str(CORPUS_DIR), "--threshold", "90"]) == 0
    ((path, inputs, reviewer, options),) = fake_tui
    assert (path, inputs) == (DEFAULT_DB, [str(CORPUS_DIR)])
    assert reviewer == getpass.getuser()
    assert options.group.threshold == 90


def test_review_inputs_with_db(fake_tui, tmp_path: Path) -> None:
    db = str(tmp_path / "mine.sqlite")
    assert main(["review", str(CORPUS_DIR), "--db", db]) == 0
    assert fake_tui[0][:2] == (db, [str(CORPUS_DIR)])


@pytest.mark.parametrize("content", [None, b"hello, not a database"])
def test_review_a_missing_or_foreign_project(fake_tui, tmp_path, capsys, content) -> None:
    path = tmp_path / "p.sqlite"
    if content is not None:
        path.write_bytes(content)
    assert main(["review", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(path) in err
    assert fake_tui == []  # the app never started


def test_export_writes_labels(project_file: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "labels.csv"
    assert main(["export", str(project_file), "-o", str(out)]) == 0
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["label"] == GENERIC and len(rows) == 5
    assert "5 rows" in capsys.readouterr().err


def test_export_per_sentence_jsonl(project_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "units.jsonl"
    assert main(["export", str(project_file), "-o", str(out), "--per-sentence", "-q"]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 8


@pytest.mark.parametrize("content", [None, b"SQLite format 3\x00" + b"\x00" * 100])
def test_export_missing_or_foreign_file(tmp_path: Path, capsys, content) -> None:
    path = tmp_path / "p.sqlite"
    if content is not None:
        path.write_bytes(content)
    assert main(["export", str(path), "-o", str(tmp_path / "out.csv")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(path) in err
    assert not (tmp_path / "out.csv").exists()


def test_review_of_a_missing_input_is_one_line_before_the_app(fake_tui, tmp_path, capsys) -> None:
    missing = tmp_path / "nonexistent"
    assert main(["review", str(missing)]) == 1
    assert capsys.readouterr().err == f"claimcheck: error: {missing}: no such file or directory\n"
    assert fake_tui == []


def test_review_into_a_missing_directory_creates_nothing(fake_tui, tmp_path, capsys) -> None:
    db = tmp_path / "no" / "p.sqlite"
    assert main(["review", str(CORPUS_DIR), "--db", str(db)]) == 1
    assert capsys.readouterr().err == (
        f"claimcheck: error: cannot write {db}: no such directory: {db.parent}\n"
    )
    assert fake_tui == [] and not db.parent.exists()


def test_export_to_a_json_name_is_refused(project_file: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "labels.json"
    assert main(["export", str(project_file), "-o", str(out)]) == 2
    assert len(capsys.readouterr().err.splitlines()) == 1 and not out.exists()
    assert main(["export", str(project_file), "-o", str(out), "--format", "jsonl", "-q"]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 5


NEEDS_A_TERMINAL = (
    "claimcheck: error: review needs a terminal (stdin and stdout); use --serve to review"
    " in a browser\n"
)


def test_review_without_a_terminal_is_one_line_and_no_app(project_file: Path) -> None:
    """`review desk.sqlite </dev/null >out` started the full-screen app with no keys
    to read: it hung, and wrote escape codes into the file."""
    run = subprocess.run(
        [sys.executable, "-m", "claimcheck", "review", str(project_file)],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert (run.returncode, run.stdout, run.stderr) == (1, "", NEEDS_A_TERMINAL)


@pytest.mark.parametrize("tty", [(False, True), (True, False)])
def test_review_needs_both_ends_a_terminal(
    project_file: Path, monkeypatch: pytest.MonkeyPatch, capsys, tty
) -> None:
    """The real has_terminal, on stand-ins for stdin and stdout; an app module
    without run_review, so reaching it would be another error."""
    monkeypatch.setitem(sys.modules, "claimcheck.tui.app", types.ModuleType("unused"))
    monkeypatch.setattr(sys, "stdin", _Stream(tty[0]))
    monkeypatch.setattr(sys, "stdout", _Stream(tty[1]))
    assert main(["review", str(project_file)]) == 1
    assert capsys.readouterr().err == NEEDS_A_TERMINAL


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_review_under_another_textual_driver_needs_no_terminal(
    fake_tui, project_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--serve's server runs `claimcheck review` per browser tab on pipes, with
    TEXTUAL_DRIVER naming Textual's web driver: that app must start."""
    monkeypatch.setattr(terminal, "has_terminal", lambda: False)
    assert main(["review", str(project_file)]) == 1  # the stand-in app is never reached
    assert fake_tui == []
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")
    assert main(["review", str(project_file)]) == 0
    assert [call[0] for call in fake_tui] == [str(project_file)]


def test_review_serve_needs_no_terminal(
    project_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    module = types.ModuleType("claimcheck.tui.serve")
    module.AppOptions = lambda *options: options  # type: ignore[attr-defined]
    module.serve_review = lambda path, *rest: calls.append(path) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "claimcheck.tui.serve", module)
    monkeypatch.setattr(terminal, "has_terminal", lambda: False)
    assert main(["review", str(project_file), "--serve"]) == 0
    assert calls == [str(project_file)]

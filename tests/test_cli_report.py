"""`claimcheck report`: from a corpus or a project, HTML or JSON, and its errors."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from claimcheck.cli import main
from claimcheck.pipeline import build_corpus
from claimcheck.store import Project

ROOT = Path(__file__).resolve().parent.parent
PLANTED = ROOT / "tests" / "data" / "conflicts" / "corpus"
SCHEMA = json.loads((ROOT / "docs" / "report.schema.json").read_text())


def test_report_of_a_corpus_as_json_matches_the_schema(tmp_path: Path, capsys) -> None:
    out = tmp_path / "r.json"
    assert main(["report", str(PLANTED), "-o", str(out)]) == 0  # format from the suffix
    report = json.loads(out.read_text())
    jsonschema.validate(report, SCHEMA)
    assert report["totals"]["documents"] == 4
    assert len(report["conflicts"]) >= 7
    assert "conflicts ->" in capsys.readouterr().err


def test_report_of_a_project_as_html(tmp_path: Path) -> None:
    db = tmp_path / "desk.sqlite"
    Project.create(db, build_corpus([str(PLANTED)]), "ann").close()
    out = tmp_path / "report.html"
    assert main(["report", str(db), "-o", str(out), "-q"]) == 0
    page = out.read_text()
    assert page.startswith("<!DOCTYPE html>") and "Coast Times" in page


def test_json_to_stdout(tmp_path: Path, capsys) -> None:
    args = ["report", str(PLANTED), "--format", "json", "-o", "-", "-q", "--no-conflicts"]
    assert main(args) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["conflicts"] == []


def test_bad_project_is_one_line_and_exit_1(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_text("not a database")
    assert main(["report", str(bad), "-o", str(tmp_path / "r.html")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(bad) in err[0]
    assert not (tmp_path / "r.html").exists()


def test_help_has_examples(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["report", "--help"])
    text = capsys.readouterr().out
    assert "claimcheck report desk.sqlite -o report.html" in text
    assert "--format" in text


@pytest.mark.parametrize(("command", "hint"), [
    ("report", "give it alone: claimcheck report"),
    ("group", "add --project"),
    ("review", "give it alone: claimcheck review"),
])  # fmt: skip
def test_a_project_among_pages_is_a_usage_error_saying_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, hint: str
) -> None:
    # Read as a page it was "a binary file, skipped" and the run went on, exit 0.
    db = tmp_path / "desk"  # no .sqlite suffix: known by its bytes
    Project.create(db, build_corpus([str(PLANTED)]), "ann").close()
    out = tmp_path / ("r.html" if command == "report" else "g.csv")
    output = [] if command == "review" else ["-o", str(out)]
    assert main([command, str(db), str(PLANTED), *output]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and f"{db} is a project file" in err[0] and hint in err[0]
    assert not out.exists()


def test_grouping_options_on_a_project_are_named_not_silently_ignored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "desk.sqlite"
    Project.create(db, build_corpus([str(PLANTED)]), "ann").close()
    out = tmp_path / "r.html"
    assert main(["report", str(db), "-o", str(out), "--threshold", "30", "--lexical"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (f"claimcheck: note: --threshold, --lexical apply when pages are read and"
                      f" grouped; {db} is shown with the groups it holds")  # fmt: skip
    assert main(["report", str(db), "-o", str(out)]) == 0
    assert "note:" not in capsys.readouterr().err

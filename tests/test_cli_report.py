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

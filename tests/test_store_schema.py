"""Schema versions and migrations: a schema-1 project (tests/data/schema1, made by the
release before the decision-log rework) is upgraded in place, after a backup copy next
to it, and loses nothing."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from claimcheck.store import SCHEMA_VERSION, Project, ProjectError, replay

FIXTURE = Path(__file__).resolve().parent / "data" / "schema1" / "project.sqlite"
# What schema 1 stored, read straight from the file (columns that schema 1 had).
_TABLES = {
    "labels": "SELECT * FROM labels ORDER BY group_id",
    "orphaned_labels": "SELECT group_id, label, skipped, flagged, note, reviewer, labelled_at,"
    " text, member_texts, orphaned_at FROM orphaned_labels ORDER BY rowid",
    "log": "SELECT seq, group_id, action, value, previous, reviewer, at, session, undoes"
    " FROM log ORDER BY seq",
    "documents": "SELECT doc_id, path, title, source, date, url, text FROM documents",
    "units": "SELECT * FROM units ORDER BY uid",
    "groups": "SELECT * FROM groups ORDER BY position",
    "members": "SELECT * FROM members ORDER BY position, rank",
    "evidence": "SELECT * FROM evidence ORDER BY rowid",
    "meta": "SELECT * FROM meta WHERE key IN ('created_at', 'root') ORDER BY key",
}


def _contents(path: Path) -> dict[str, list[tuple]]:
    db = sqlite3.connect(path)
    try:
        return {name: db.execute(sql).fetchall() for name, sql in _TABLES.items()}
    finally:
        db.close()


@pytest.fixture
def old(tmp_path: Path) -> Path:
    path = tmp_path / "desk.sqlite"
    shutil.copyfile(FIXTURE, path)
    return path


def test_the_fixture_is_schema_1_with_every_kind_of_state() -> None:
    before = _contents(FIXTURE)
    db = sqlite3.connect(FIXTURE)
    assert db.execute("SELECT max(version) FROM schema_version").fetchone() == (1,)
    db.close()
    actions = {row[2] for row in before["log"]}
    assert {"label", "skip", "flag", "note", "undo", "redo", "conflict", "orphan"} <= actions
    assert before["orphaned_labels"] and len(before["labels"]) == 4


def test_schema_1_upgraded_in_place_after_a_backup_and_nothing_lost(old: Path) -> None:
    before = _contents(old)
    with Project.open(old, "ana") as project:
        assert project.backup == old.with_name("desk.sqlite.schema1.bak")
        assert _contents(project.backup) == before  # the copy is the old file, whole
        stored = project.states()
        assert replay(project.log()) == stored  # the old log replays to the old labels
        assert project.conflict_verdicts() == {"c-0001": "confirmed"}
        assert [d.action for d in project.log()][:3] == ["label", "label", "note"]
    after = _contents(old)
    assert after == before  # every label, note, flag, orphan and log entry kept
    db = sqlite3.connect(old)
    assert db.execute("SELECT max(version) FROM schema_version").fetchone() == (SCHEMA_VERSION,)
    ids = [r[0] for r in db.execute("SELECT entry_id FROM log")]
    assert len(set(ids)) == len(before["log"]) and None not in ids
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM log")  # the triggers came back
    db.close()
    assert sqlite3.connect(project.backup).execute(
        "SELECT max(version) FROM schema_version"
    ).fetchone() == (1,)


def test_an_upgraded_file_works_and_is_not_upgraded_twice(old: Path) -> None:
    Project.open(old, "ana").close()
    with Project.open(old, "ben") as project:
        assert project.backup is None
        gid = project.queue()[0].group_id
        project.set_label(gid, "generic")
        assert project.log()[-1].reviewer == "ben"
        assert replay(project.log()) == project.states()
    assert sorted(p.name for p in old.parent.iterdir() if p.suffix == ".bak") == [
        "desk.sqlite.schema1.bak"
    ]


def test_a_read_only_schema_1_file_is_refused_in_one_line(
    old: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import claimcheck.store.connection as connection

    monkeypatch.setattr(connection.os, "access", lambda path, mode: False)  # root ignores modes
    with pytest.raises(ProjectError, match="needs an upgrade") as err:
        Project.open(old, "ana")
    assert "\n" not in str(err.value) and str(old) in str(err.value)


def test_a_newer_file_is_refused_in_one_clear_line(old: Path) -> None:
    db = sqlite3.connect(old)
    db.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION + 1,))
    db.commit()
    db.close()
    with pytest.raises(ProjectError, match="newer claimcheck") as err:
        Project.open(old, "ana")
    assert "\n" not in str(err.value)
    assert not list(old.parent.glob("*.bak"))  # refused before anything is copied


def test_a_project_with_its_version_lost_is_called_damaged_not_foreign(old: Path) -> None:
    """A damaged page that held the version row said "not a claimcheck project" of a
    file with claimcheck's own application id: the reviewer's own desk file."""
    db = sqlite3.connect(old)
    db.execute("DELETE FROM schema_version")
    db.commit()
    db.close()
    with pytest.raises(ProjectError, match="damaged project file") as err:
        Project.open(old, "ana")
    assert "not a claimcheck project" not in str(err.value) and "backup" in str(err.value)

"""Merging project copies: each entry once, deterministic, idempotent, atomic."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from claimcheck.cli import main
from claimcheck.models import DATED_NEWS, GENERIC
from claimcheck.store import Project, ProjectError, replay
from claimcheck.store import merge as merge_module
from claimcheck.store.merge import merge_projects
from claimcheck.store.reviewers import labels_by_reviewer

from ._desk import REVIEWERS, label_copy, make_desk
from ._store_corpus import DOCS, make_corpus

BUDGET = "g-on-3-may-202"


def log_of(path) -> list[tuple]:
    db = sqlite3.connect(path)
    try:
        return db.execute(
            "SELECT entry_id, group_id, action, value, previous, reviewer, at, undoes"
            " FROM log ORDER BY seq"
        ).fetchall()
    finally:
        db.close()


def by_entry(path) -> list[tuple]:
    """The log with ``undoes`` as the entry id it names (seq numbers are per file)."""
    db = sqlite3.connect(path)
    seqs = dict(db.execute("SELECT seq, entry_id FROM log"))
    db.close()
    return [(*e[:7], seqs.get(e[7]) if e[7] else None) for e in log_of(path)]


@pytest.fixture(scope="module")
def copies(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("copies")
    desk = make_desk(tmp)
    paths = [label_copy(desk, r, tmp / f"{r}.sqlite") for r in REVIEWERS]
    return desk, paths, tmp


def test_merging_the_desks_copies_keeps_every_reviewers_labels(copies):
    desk, paths, tmp = copies
    out = tmp / "desk.sqlite"
    report = merge_projects(paths, out)
    assert report.added == {str(paths[0]): 0, str(paths[1]): len(desk.expected["ben"]),
                            str(paths[2]): len(desk.expected["cy"])}  # fmt: skip
    with Project.open(out, "editor") as project:
        entries = project.log()
        assert labels_by_reviewer(entries) == desk.expected
        assert project.states() == replay(entries)  # the derived table follows the log
    assert not list(tmp.glob(".desk.sqlite.*"))  # no temporary file left


def test_merge_is_deterministic_and_idempotent(copies):
    _, paths, tmp = copies
    one, two = tmp / "one.sqlite", tmp / "two.sqlite"
    merge_projects(paths, one)
    merge_projects(paths, two)
    assert by_entry(one) == by_entry(two)  # deterministic
    again = tmp / "again.sqlite"
    report = merge_projects([one, paths[0]], again)  # with A again: nothing changes
    assert sum(report.added.values()) == 0 and by_entry(again) == by_entry(one)
    twice = tmp / "twice.sqlite"
    merge_projects([one, *paths], twice)
    assert by_entry(twice) == by_entry(one)


def test_the_same_decision_in_two_copies_is_kept_once_with_undo_renumbered(tmp_path):
    a = tmp_path / "a.sqlite"
    with Project.create(a, make_corpus(), "ana") as project:
        project.set_label(BUDGET, DATED_NEWS)  # in both copies: one entry
    b = tmp_path / "b.sqlite"
    shutil.copyfile(a, b)
    with Project.open(b, "ben") as project:
        project.set_label(BUDGET, GENERIC)
        project.set_label(BUDGET, DATED_NEWS)
        project.undo()  # ben's label back to generic
    with Project.open(a, "ana") as project:
        project.set_note(BUDGET, "from the wire")  # a's log grows: seqs differ from b's
    out = tmp_path / "out.sqlite"
    merge_projects([a, b], out)
    with Project.open(out, "ben") as project:
        entries = project.log()
        assert [e.action for e in entries] == ["label", "note", "label", "label", "undo"]
        assert entries[4].undoes == entries[3].seq  # renumbered to the merged file's seq
        assert project.row(BUDGET).label == GENERIC  # ben's own
        assert project.states() == replay(entries)
    assert len({e[0] for e in log_of(out)}) == 5


def test_another_corpus_is_refused_in_one_line(tmp_path, capsys):
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    Project.create(a, make_corpus(), "ana").close()
    Project.create(b, make_corpus(DOCS[:2]), "ben").close()
    out = tmp_path / "out.sqlite"
    assert main(["merge", str(a), str(b), "-o", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "not the same corpus" in err[0] and str(b) in err[0]
    assert not out.exists()


def test_surgery_in_a_later_copy_only_is_refused(tmp_path):
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    Project.create(a, make_corpus(), "ana").close()
    shutil.copyfile(a, b)
    with Project.open(b, "ben") as project:
        project.merge(BUDGET, "g-defence-is-v")
    for order in ([a, b], [b, a]):
        with pytest.raises(ProjectError, match="groups differ"):
            merge_projects(order, tmp_path / "out.sqlite")
    assert not (tmp_path / "out.sqlite").exists()
    c = tmp_path / "c.sqlite"
    shutil.copyfile(b, c)  # a copy made after the repair: merges with b
    with Project.open(c, "cy") as project:
        project.set_label(BUDGET, GENERIC)
    merge_projects([b, c], tmp_path / "out.sqlite")
    assert [e[2] for e in log_of(tmp_path / "out.sqlite")] == ["merge", "label"]


def test_an_interrupted_merge_leaves_no_output(copies, monkeypatch):
    _, paths, tmp = copies
    out = tmp / "interrupted.sqlite"
    calls = []

    def set_field_then_die(*args):
        calls.append(args)
        if len(calls) == 100:  # halfway through the second copy's entries
            raise KeyboardInterrupt
        return original(*args)

    original = merge_module._set_field
    monkeypatch.setattr(merge_module, "_set_field", set_field_then_die)
    with pytest.raises(KeyboardInterrupt):
        merge_projects(paths, out)
    assert not out.exists() and not list(tmp.glob(".interrupted.sqlite*"))


def test_merge_command(copies, capsys):
    _, paths, tmp = copies
    out = tmp / "cli.sqlite"
    assert main(["merge", *map(str, paths), "-o", str(out)]) == 0
    assert "decisions added" in capsys.readouterr().err
    assert main(["merge", *map(str, paths), "-o", str(out)]) == 1  # exists: refused
    assert "already exists" in capsys.readouterr().err


KILL_SCRIPT = """
import sys, time
from claimcheck.store import merge
original = merge._set_field
def slow(*args):
    print("appending", flush=True)
    time.sleep(0.01)
    return original(*args)
merge._set_field = slow
merge.merge_projects(sys.argv[2:], sys.argv[1])
"""


def test_kill_9_halfway_through_a_merge_leaves_no_output(copies):
    import signal
    import subprocess
    import sys

    _, paths, tmp = copies
    out = tmp / "killed.sqlite"
    proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(out), *map(str, paths)],
                            stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert proc.stdout is not None
    for n, _ in enumerate(proc.stdout):
        if n == 50:  # well into the second copy's entries
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    assert not out.exists()
    merge_projects(paths, out)  # and a merge afterwards works
    assert out.exists()

"""Merging project copies: each entry once, deterministic, idempotent, atomic."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

from claimcheck.cli import main
from claimcheck.models import DATED_NEWS, GENERIC, UNSUPPORTED
from claimcheck.store import Project, ProjectError, replay
from claimcheck.store import merge as merge_module
from claimcheck.store.constraints import apply_constraints, read_constraints
from claimcheck.store.log import replay_members, unreplay_members
from claimcheck.store.merge import merge_projects, recorded_conflicts
from claimcheck.store.reviewers import adjudications, labels_by_reviewer

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


def two_copies(tmp_path):
    """A new project of the store corpus (ana's) and a copy of it, before either is used."""
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    Project.create(a, make_corpus(), "ana").close()
    shutil.copyfile(a, b)
    return a, b


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


DEFENCE, EXPERTS, ZANZIBAR = "g-defence-is-v", "g-experts-say-", "g-a-rare-claim"


def members_of(path) -> set[tuple[int, int, int]]:
    db = sqlite3.connect(path)
    try:
        return set(db.execute("SELECT position, rank, uid FROM members"))
    finally:
        db.close()


def shape(path) -> dict[str, list[str]]:
    """group_id -> sorted member unit ids, of every visible group."""
    with Project.open(path, "check") as project:
        return {r.group_id: sorted(m.unit_id for m in project.members(r.group_id))
                for r in project.queue()}  # fmt: skip


def regrouped(path) -> set[frozenset[str]]:
    """The groups (as sets of unit ids) that re-grouping the file's corpus gives: its
    constraints applied, in order, to the groups the copies started from."""
    corpus = make_corpus()
    db = sqlite3.connect(path)
    try:
        apply_constraints(corpus, read_constraints(db))
    finally:
        db.close()
    return {frozenset(corpus.units[m].unit_id for m in g.members) for g in corpus.groups}


def follows_its_log(path, start) -> None:
    """The merged file's groups and decisions are what its log says, from ``start``'s
    groups (a copy's, every repair reversed): replay and replay_members agree."""
    with Project.open(path, "check") as project:
        entries = project.log()
        assert project.states() == replay(entries)
    with Project.open(start, "check") as copy:
        base = unreplay_members(members_of(start), copy.log())
    assert replay_members(base, entries) == members_of(path)
    assert {frozenset(m) for m in shape(path).values()} == regrouped(path)


@pytest.fixture
def apart(tmp_path):
    """Two copies of one project that repaired the same member differently: ana merged
    the Zanzibar group into the defence group, ben merged it into the budget group."""
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    with Project.create(a, make_corpus(), "ana") as project:
        project.set_label(BUDGET, DATED_NEWS)
    shutil.copyfile(a, b)
    with Project.open(a, "ana") as project:
        project.merge(DEFENCE, ZANZIBAR)
    with Project.open(b, "ben") as project:
        project.merge(BUDGET, ZANZIBAR)
        project.set_label(EXPERTS, GENERIC)
    return a, b, tmp_path


def test_conflicting_repairs_merge_with_the_later_input_in_effect(apart, capsys):
    a, b, tmp = apart
    out = tmp / "ab.sqlite"
    report = merge_projects([a, b], out)
    assert len(report.conflicts) == 1
    (line,) = report.conflicts
    assert all(word in line for word in ("ana", "ben", DEFENCE, BUDGET, "a.sqlite", "b.sqlite"))
    assert "ben's, is in effect" in line
    with Project.open(out, "check") as project:
        assert [e.action for e in project.log()] == ["label", "merge", "merge", "label"]
    got = shape(out)
    assert ZANZIBAR not in got and len(got[BUDGET]) == 4 and len(got[DEFENCE]) == 2  # ben's
    follows_its_log(out, a)
    follows_its_log(out, b)
    ba = tmp / "ba.sqlite"  # the other order: ana's repair is the later one
    assert len(merge_projects([b, a], ba).conflicts) == 1
    assert len(shape(ba)[DEFENCE]) == 3 and len(shape(ba)[BUDGET]) == 3
    follows_its_log(ba, a)
    assert main(["agreement", str(out)]) == 0  # the report is kept in the merged file
    assert line in capsys.readouterr().out
    assert recorded_conflicts(out) == [line]
    assert main(["merge", str(a), str(b), "-o", str(tmp / "cli.sqlite")]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"claimcheck: {line}"
    assert "1 conflicting repair, the later input's in effect" in err[1]
    assert main(["agreement", str(out), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["merge_conflicts"] == [line]


def test_a_merge_with_conflicts_is_deterministic_and_idempotent(apart):
    a, b, tmp = apart
    one, two = tmp / "one.sqlite", tmp / "two.sqlite"
    merge_projects([a, b], one)
    merge_projects([a, b], two)
    assert by_entry(one) == by_entry(two) and members_of(one) == members_of(two)
    for other in (a, b):  # merging the result again with either copy changes nothing
        again = tmp / f"again-{other.name}"
        report = merge_projects([one, other], again)
        assert sum(report.added.values()) == 0 and report.conflicts == []
        assert by_entry(again) == by_entry(one) and members_of(again) == members_of(one)
        assert shape(again) == shape(one)
        assert recorded_conflicts(again) == recorded_conflicts(one)


def test_a_must_link_against_a_cannot_link_is_reported(tmp_path):
    """ana joined the experts' claim to the defence group; ben did the same, then split
    it out again: his cannot-link and her must-link name the same two texts."""
    a, b = two_copies(tmp_path)
    with Project.open(a, "ana") as project:
        project.merge(DEFENCE, EXPERTS)
    with Project.open(b, "ben") as project:
        project.merge(DEFENCE, EXPERTS)
        uid = next(m.uid for m in project.members(DEFENCE) if m.text.startswith("Experts"))
        project.split(DEFENCE, uid)
    out = tmp_path / "out.sqlite"
    report = merge_projects([a, b], out)
    (line,) = report.conflicts
    assert "ana merged" in line and "ben split" in line and "Experts say" in line
    assert shape(out) == shape(b)  # ben's split is in effect: the experts' claim alone
    follows_its_log(out, a)
    with Project.open(out, "check") as project:  # both links kept, the later last
        (merged,) = [e.seq for e in project.log() if e.action == "merge" and e.reviewer == "ana"]
        (split,) = [e.seq for e in project.log() if e.action == "split"]
        db = sqlite3.connect(out)
        kinds = db.execute("SELECT seq, kind FROM constraints ORDER BY seq").fetchall()
        db.close()
        assert (merged, "must") in kinds and (split, "cannot") in kinds and merged < split


def test_an_undone_repair_in_a_later_copy_is_replayed_by_member(tmp_path):
    a, b = two_copies(tmp_path)
    with Project.open(a, "ana") as project:
        project.merge(DEFENCE, EXPERTS)  # positions in a now differ from b's
    with Project.open(b, "ben") as project:
        project.merge(BUDGET, ZANZIBAR)
        project.undo()
        project.redo()
        project.undo()
    out = tmp_path / "out.sqlite"
    report = merge_projects([a, b], out)
    assert report.conflicts == []  # different groups: nothing conflicts
    assert shape(out) == shape(a)  # ana's repair; ben's merge undone in the end
    follows_its_log(out, b)
    with Project.open(out, "ben") as project:
        assert [e.action for e in project.log()] == ["merge", "merge", "undo", "redo", "undo"]
    c = tmp_path / "c.sqlite"  # a third copy, repaired otherwise, takes the merged file in
    Project.create(c, make_corpus(), "cy").close()
    with Project.open(c, "cy") as project:
        project.merge(ZANZIBAR, EXPERTS)
    again = tmp_path / "again.sqlite"
    merge_projects([c, out], again)  # out's replayed entries are replayed once more
    follows_its_log(again, c)
    got = shape(again)
    assert EXPERTS not in got and len(got[DEFENCE]) == 3 and len(got[BUDGET]) == 3


def test_a_later_decision_on_a_group_merged_away_is_reported(tmp_path):
    a, b = two_copies(tmp_path)
    with Project.open(a, "ana") as project:
        project.merge(DEFENCE, EXPERTS)
    with Project.open(b, "ben") as project:
        project.set_label(EXPERTS, UNSUPPORTED)
    (line,) = merge_projects([a, b], tmp_path / "out.sqlite").conflicts
    assert EXPERTS in line and "ben's label" in line and "ana merged" in line


def test_a_copy_regrouped_apart_is_refused(tmp_path):
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    Project.create(a, make_corpus(), "ana").close()
    Project.create(b, make_corpus([*DOCS[:2], ("c.txt", [("sentence", "Another claim.")])]),
                   "ben").close()  # the same document ids, other sentences: other groups
    with pytest.raises(ProjectError, match="not built as"):
        merge_projects([a, b], tmp_path / "out.sqlite")
    assert not (tmp_path / "out.sqlite").exists()


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


KILL_REBASE_SCRIPT = """
import sys, time
from claimcheck.store import rebase, merge
original = rebase.Rebaser.replay
def slow(self, *args):
    print("replaying", flush=True)
    time.sleep(0.02)
    return original(self, *args)
rebase.Rebaser.replay = slow
merge.merge_projects(sys.argv[2:], sys.argv[1])
"""


def test_kill_9_amid_conflicting_repairs_leaves_no_output(copies):
    import signal
    import subprocess
    import sys

    desk, _, tmp = copies
    a, b = tmp / "repair-a.sqlite", tmp / "repair-b.sqlite"
    shutil.copyfile(desk.base, a)
    shutil.copyfile(desk.base, b)
    with Project.open(a, "ana") as project:
        ids = [r.group_id for r in project.queue()]
        for i in range(0, 30, 2):
            project.merge(ids[i], ids[i + 1])
    with Project.open(b, "ben") as project:  # the same groups, repaired otherwise
        for i in range(1, 31, 2):
            project.merge(ids[i], ids[i + 1])
    out = tmp / "killed-repairs.sqlite"
    proc = subprocess.Popen([sys.executable, "-c", KILL_REBASE_SCRIPT, str(out), str(a), str(b)],
                            stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert proc.stdout is not None
    for n, _ in enumerate(proc.stdout):
        if n == 5:  # a third of ben's repairs replayed
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    assert not out.exists()  # (its hidden temp file stays: kill -9 runs no clean-up)
    report = merge_projects([a, b], out)  # and the merge afterwards is complete
    assert len(report.conflicts) == 15 and sum(report.added.values()) == 15


def test_a_repair_made_and_undone_after_a_shared_one_leaves_it_as_shared(tmp_path):
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    with Project.create(a, make_corpus(), "ana") as project:
        project.merge(DEFENCE, EXPERTS)  # made before the copy: both have it
    shutil.copyfile(a, b)
    with Project.open(a, "ana") as project:
        project.merge(BUDGET, ZANZIBAR)
    with Project.open(b, "ben") as project:
        project.split(DEFENCE, next(m.uid for m in project.members(DEFENCE)
                                    if m.text.startswith("Experts")))  # fmt: skip
        project.undo()
    out = tmp_path / "out.sqlite"
    report = merge_projects([a, b], out)
    assert report.conflicts == []
    assert shape(out) == shape(a)
    follows_its_log(out, a)


def test_merging_step_by_step_equals_merging_at_once(apart):
    a, b, tmp = apart
    c = tmp / "c.sqlite"
    shutil.copyfile(a, c)  # cy's copy has ana's repair, and moves the member on again
    with Project.open(c, "cy") as project:
        project.merge(EXPERTS, DEFENCE)
    at_once, ab, stepwise = tmp / "abc.sqlite", tmp / "ab-first.sqlite", tmp / "ab-c.sqlite"
    together = merge_projects([a, b, c], at_once).conflicts
    merge_projects([a, b], ab)
    later = merge_projects([ab, c], stepwise).conflicts  # ben's entry now comes from ab
    assert [x.replace("ab-first.sqlite", "b.sqlite") for x in later] == together[1:]
    assert by_entry(at_once) == by_entry(stepwise) and members_of(at_once) == members_of(stepwise)
    assert recorded_conflicts(stepwise) == [together[0], *later]
    follows_its_log(at_once, a)
    got = shape(at_once)  # cy took the defence group, with ana's Zanzibar member, in
    assert len(got[EXPERTS]) == 4 and len(got[BUDGET]) == 3 and DEFENCE not in got


def test_adjudications_and_their_undo_merge_as_made(copies):
    desk, paths, tmp = copies
    settled = tmp / "settled.sqlite"
    merge_projects(paths, settled)
    editor_copy = tmp / "editor.sqlite"
    shutil.copyfile(settled, editor_copy)
    with Project.open(editor_copy, "editor") as editor:
        editor.adjudicating = True
        first, second = [r.group_id for r in editor.queue()[:2]]
        editor.set_label(first, GENERIC)
        editor.set_label(second, DATED_NEWS)
        editor.undo()  # the second final label withdrawn
        wanted = adjudications(editor.log())
    assert wanted == {first: (GENERIC, "editor")}
    out = tmp / "with-editor.sqlite"
    assert merge_projects([paths[0], editor_copy], out).conflicts == []
    with Project.open(out, "check") as project:
        entries = project.log()
    assert adjudications(entries) == wanted and labels_by_reviewer(entries) == desk.expected

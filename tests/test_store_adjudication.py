"""Adjudication under kill -9: an editor settling disputes (and undoing some) in a
process killed at a random moment; every final label it was told is saved is in the
file, the reviewers' own labels are untouched, and a reopened adjudication shows the
final labels logged."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from claimcheck.models import LABELS
from claimcheck.store import Project, replay
from claimcheck.store.reviewers import ADJUDICATE, adjudications, labels_by_reviewer

from ._store_corpus import make_corpus

REPO = Path(__file__).resolve().parents[1]
SAVED_BEFORE_KILL = 60

_WORKER = """
import random, sys
from claimcheck.models import LABELS
from claimcheck.store import Project, replay
rng = random.Random(int(sys.argv[2]))
with Project.open(sys.argv[1], "editor") as p:
    p.adjudicating = True
    rows = p.queue()
    while True:
        if p.can_undo and rng.random() < 0.2:  # z: back to the final label before
            d = p.undo()
        else:
            label = rng.choice([*LABELS, None])  # None withdraws the final label
            d = p.set_label(rng.choice(rows).group_id, label)
        print("SAVED", d.seq, d.group_id, d.value or "-", flush=True)
"""


def _desk(path: Path) -> dict[str, dict[str, str]]:
    """Two reviewers on 30 groups, disagreeing on every other one."""
    docs = [(f"d{n}.txt", [("sentence", f"Claim {n} says figure {n} rose.")]) for n in range(30)]
    Project.create(path, make_corpus(docs), "ana").close()
    with Project.open(path, "ana") as project:
        ids = [r.group_id for r in project.queue()]
    given = {
        "ana": {g: LABELS[0] for g in ids},
        "ben": {g: LABELS[i % 2] for i, g in enumerate(ids)},
    }
    for reviewer, labels in given.items():
        with Project.open(path, reviewer) as project:
            project.decide_many([(g, "label", lab) for g, lab in labels.items()])
    return given


def test_kill_9_amid_adjudication_loses_no_saved_final_label(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite"
    given = _desk(path)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-c", _WORKER, str(path), "11"], stdout=subprocess.PIPE, text=True, env=env
    )
    assert proc.stdout is not None
    saved: list[tuple[int, str, str | None]] = []
    while len(saved) < SAVED_BEFORE_KILL:
        line = proc.stdout.readline()
        assert line, "the worker stopped before it was killed"
        _, seq, group, label = line.split()
        saved.append((int(seq), group, None if label == "-" else label))
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with Project.open(path, "check") as after:
        log = after.log()
    logged = {d.seq: d for d in log if d.action in (ADJUDICATE, "undo")}
    assert any(d.action == "undo" for d in logged.values())
    for seq, group, label in saved:  # everything shown as saved is there, as shown
        assert logged[seq].group_id == group and logged[seq].value == label
        assert logged[seq].reviewer == "editor"
    assert len([s for s in logged if s > saved[-1][0]]) <= 1  # at most the one in flight
    last_shown = {group: label for _, group, label in saved}
    final = adjudications(log)
    unsaid = {d.group_id for s, d in logged.items() if s > saved[-1][0]}
    for group, label in last_shown.items():
        if group not in unsaid:
            assert final.get(group, (None, ""))[0] == label
    assert labels_by_reviewer(log) == given  # the reviewers' labels untouched
    with Project.open(path, "editor") as again:  # the editor resumes where it stopped
        again.adjudicating = True
        shown = {r.group_id: r.label for r in again.queue()}
    assert {g: lab for g, lab in shown.items() if lab} == {g: v[0] for g, v in final.items()}


def test_adjudicate_all_queues_every_overlap_group_agreed_ones_too(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite"
    given = _desk(path)
    a, b = given["ana"], given["ben"]
    alone = next(g for g in a if a[g] == b[g])
    with Project.open(path, "ben") as ben:  # ana's label only: no overlap there
        ben.set_label(alone, None)
    del b[alone]
    with Project.open(path, "editor") as editor:
        editor.adjudicating = True
        disputed = sorted(r.group_id for r in editor.queue())
    assert disputed == sorted(g for g in b if a[g] != b[g])
    with Project.open(path, "editor") as editor:
        editor.adjudicating = editor.adjudicate_all = True
        queue = editor.queue()
        assert sorted(r.group_id for r in queue) == sorted(b) and len(queue) > len(disputed)
        agreed = next(g for g in b if a[g] == b[g])
        assert editor.reviews_of(agreed) == [("ana", a[agreed], ""), ("ben", b[agreed], "")]
        editor.set_label(agreed, a[agreed])  # confirming an agreed label is an adjudication
        assert adjudications(editor.log()) == {agreed: (a[agreed], "editor")}


def test_an_adjudication_is_undone_and_redone_like_any_decision(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite"
    given = _desk(path)
    with Project.open(path, "editor") as editor:
        editor.adjudicating = True
        first = editor.queue()[0].group_id
        editor.set_label(first, LABELS[0])
        editor.set_label(first, LABELS[1])  # changed its mind
        assert editor.can_undo
        undone = editor.undo()
        assert undone is not None and (undone.action, undone.value) == ("undo", LABELS[0])
        assert editor.cached_row(first).label == LABELS[0]
        assert adjudications(editor.log()) == {first: (LABELS[0], "editor")}
        editor.undo()  # back to no final label at all
        assert editor.cached_row(first).label is None and not editor.can_undo
        assert adjudications(editor.log()) == {}
        redone = editor.redo()
        assert redone is not None and (redone.action, redone.value) == ("redo", LABELS[0])
        assert adjudications(editor.log()) == {first: (LABELS[0], "editor")}
        assert editor.stats().labelled == 1
        log = editor.log()
        assert editor.states() == replay(log)  # an undone adjudication is no label
    assert labels_by_reviewer(log) == given
    with Project.open(path, "editor") as again:  # reopened: the redone final label shows
        again.adjudicating = True
        assert again.row(first).label == LABELS[0]

"""Per-reviewer state: each reviewer's labels, notes, flags and skips are their own."""

from __future__ import annotations

import shutil

import pytest

from claimcheck.models import DATED_NEWS, GENERIC, UNSUPPORTED
from claimcheck.store import Project, ProjectError, replay
from claimcheck.store.reviewers import adjudications, labels_by_reviewer

from ._desk import REVIEWERS, label_in, make_desk
from ._store_corpus import make_corpus

BUDGET = "g-on-3-may-202"
DEFENCE = "g-defence-is-v"


def test_alone_the_project_behaves_as_before(tmp_path):
    with Project.create(tmp_path / "p.sqlite", make_corpus(), "ana") as project:
        project.set_label(BUDGET, DATED_NEWS)
        assert not project.team and project.reviewers() == ["ana"]
        assert project.row(BUDGET).label == DATED_NEWS
        assert project.undo().group_id == BUDGET and project.row(BUDGET).label is None


def test_each_reviewer_sees_only_their_own_decisions(tmp_path):
    path = tmp_path / "p.sqlite"
    Project.create(path, make_corpus(), "ana").close()
    with Project.open(path, "ana") as ana:
        ana.set_label(BUDGET, DATED_NEWS)
        ana.set_note(BUDGET, "the wire")
        ana.toggle_flag(DEFENCE)
    with Project.open(path, "ben") as ben:
        assert ben.team
        assert [r.state for r in ben.queue()] == ["pending"] * len(ben.queue())  # blind
        assert ben.stats().labelled == 0 and ben.stats().flagged == 0
        ben.set_label(BUDGET, GENERIC)
        ben.set_label(BUDGET, UNSUPPORTED)
        assert ben.row(BUDGET).label == UNSUPPORTED and ben.row(BUDGET).note == ""
        assert ben.undo().value == GENERIC  # undo restores ben's own previous label
        assert ben.row(BUDGET).label == GENERIC
        ben.skip(DEFENCE)
        assert ben.stats().per_label[GENERIC] == 1 and ben.stats().skipped == 1
        assert ben.decisions()[BUDGET] == (GENERIC, False, "")
        entries = ben.log()
    with Project.open(path, "ana") as ana:  # ana's own state untouched by ben's
        row = ana.row(BUDGET)
        assert (row.label, row.note, ana.row(DEFENCE).flagged) == (DATED_NEWS, "the wire", True)
        assert not ana.row(DEFENCE).skipped
        assert ana.states() == replay(entries)  # the desk's latest: the log, all reviewers
    assert labels_by_reviewer(entries) == {"ana": {BUDGET: DATED_NEWS}, "ben": {BUDGET: GENERIC}}


def test_the_model_learns_from_the_reviewers_own_labels_only(tmp_path):
    """Suggestions learned from others' labels would leak them into a blind review."""
    path = tmp_path / "p.sqlite"
    Project.create(path, make_corpus(), "ana").close()
    with Project.open(path, "ana") as ana:
        ana.set_label(BUDGET, DATED_NEWS)
    with Project.open(path, "ben") as ben:
        ben.set_label(DEFENCE, GENERIC)
        assert ben.labels() == {DEFENCE: GENERIC}
        assert ben.learning_rows().labels == {DEFENCE: GENERIC}


def test_blind_off_shows_the_desks_latest(tmp_path):
    path = tmp_path / "p.sqlite"
    Project.create(path, make_corpus(), "ana").close()
    with Project.open(path, "ana") as ana:
        ana.set_label(BUDGET, DATED_NEWS)
    with Project.open(path, "ben") as ben:
        ben.blind = False
        assert not ben.team and ben.row(BUDGET).label == DATED_NEWS


def test_importing_the_same_label_as_another_reviewer_is_still_logged(tmp_path):
    path = tmp_path / "p.sqlite"
    Project.create(path, make_corpus(), "ana").close()
    with Project.open(path, "ana") as ana:
        ana.set_label(BUDGET, DATED_NEWS)
    with Project.open(path, "ben") as ben:  # agrees with ana: his label is his own
        assert len(ben.decide_many([(BUDGET, "label", DATED_NEWS)])) == 1
        assert ben.decide_many([(BUDGET, "label", DATED_NEWS)]) == []  # his own again: nothing
        assert ben.queue()[0].label == DATED_NEWS


def test_a_desk_in_one_file_keeps_every_reviewers_labels(tmp_path):
    desk = make_desk(tmp_path)
    path = tmp_path / "desk.sqlite"
    shutil.copyfile(desk.base, path)
    for reviewer in REVIEWERS:
        label_in(path, reviewer, desk.expected[reviewer])
    with Project.open(path, "cy") as project:
        assert labels_by_reviewer(project.log()) == desk.expected
        assert project.reviewers() == list(REVIEWERS)
        own = {r.group_id: r.label for r in project.queue() if r.label}
        assert own == desk.expected["cy"]


def test_adjudication_is_logged_with_the_adjudicator(tmp_path):
    path = tmp_path / "p.sqlite"
    Project.create(path, make_corpus(), "ana").close()
    with Project.open(path, "editor") as editor:
        editor.adjudicate(BUDGET, GENERIC)
        entry = editor.adjudicate(BUDGET, DATED_NEWS)
        assert entry.previous == GENERIC and entry.reviewer == "editor"
        assert adjudications(editor.log()) == {BUDGET: (DATED_NEWS, "editor")}
        assert editor.reviewers() == []  # adjudicating is not reviewing


def test_adjudicating_queues_exactly_the_disagreements(tmp_path):
    desk = make_desk(tmp_path)
    path = tmp_path / "desk.sqlite"
    shutil.copyfile(desk.base, path)
    for reviewer in REVIEWERS:
        label_in(path, reviewer, desk.expected[reviewer])
    differ = sorted(g for g in desk.overlap
                    if len({desk.expected[r][g] for r in REVIEWERS}) > 1)  # fmt: skip
    with Project.open(path, "editor") as editor:
        editor.adjudicating = True
        queue = editor.queue()
        assert sorted(r.group_id for r in queue) == differ
        assert all(r.state == "pending" for r in queue)
        first = queue[0].group_id
        assert editor.reviews_of(first) == [(r, desk.expected[r][first], "") for r in REVIEWERS]
        editor.set_label(first, desk.expected["ana"][first])  # the label key: the final label
        assert editor.cached_row(first).label == desk.expected["ana"][first]
        assert editor.stats().labelled == 1
        with pytest.raises(ProjectError, match="adjudicating"):
            editor.skip(first)
        entries = editor.log()
    assert adjudications(entries) == {first: (desk.expected["ana"][first], "editor")}
    assert labels_by_reviewer(entries) == desk.expected  # the reviewers' labels untouched
    with Project.open(path, "editor") as again:  # reopened: the settled one shows settled
        again.adjudicating = True
        assert again.row(first).label == desk.expected["ana"][first]
        assert len(again.queue()) == len(differ)


def test_an_adjudication_follows_its_group_to_a_new_id_at_a_re_grouping(tmp_path):
    """The reviewers' labels were carried to the group's new id and the final label was
    not: the group read as disputed again, the editor's decision lost from export,
    report and the adjudication queue."""
    path = tmp_path / "p.sqlite"
    with Project.create(path, make_corpus(), "ana") as ana:
        ana.set_label(BUDGET, GENERIC)
    with Project.open(path, "ben") as ben:
        ben.set_label(BUDGET, DATED_NEWS)
    with Project.open(path, "editor") as editor:
        editor.adjudicate(BUDGET, DATED_NEWS)
    regrouped = make_corpus()
    next(g for g in regrouped.groups if g.group_id == BUDGET).group_id = "g-budget-new"
    with Project.open(path, "ana") as ana:
        assert ana.sync(regrouped).carried == 1
    with Project.open(path, "editor") as editor:
        log = editor.log()
        assert labels_by_reviewer(log)["ben"] == {"g-budget-new": DATED_NEWS}
        assert adjudications(log) == {"g-budget-new": (DATED_NEWS, "editor")}
        again = editor.adjudicate("g-budget-new", UNSUPPORTED)
        assert again.previous == DATED_NEWS  # the carried final label is the one replaced
        assert adjudications(editor.log()) == {"g-budget-new": (UNSUPPORTED, "editor")}

"""The review app adjudicating: the disagreements only, each reviewer's label shown,
a label key settles the group."""

from __future__ import annotations

import shutil
from pathlib import Path

from claimcheck.store import Project
from claimcheck.store.reviewers import adjudications, labels_by_reviewer
from claimcheck.tui.app import ReviewApp
from claimcheck.tui.widgets.group_detail import GroupDetail
from claimcheck.tui.widgets.queue_list import QueueList

from .._desk import REVIEWERS, label_in, make_desk
from .conftest import SIZE
from .test_review import detail_on_screen


async def test_adjudicating_settles_a_disagreement_with_one_key(tmp_path: Path) -> None:
    desk = make_desk(tmp_path)
    path = tmp_path / "desk.sqlite"
    shutil.copyfile(desk.base, path)
    for reviewer in REVIEWERS:
        label_in(path, reviewer, desk.expected[reviewer])
    differ = sorted(g for g in desk.overlap
                    if len({desk.expected[r][g] for r in REVIEWERS}) > 1)  # fmt: skip
    app = ReviewApp(path, "editor", adjudicate=True)
    async with app.run_test(size=SIZE) as pilot:
        queue = app.screen.query_one(QueueList)
        assert sorted(r.group_id for r in queue.rows) == differ
        first = queue.current.group_id  # type: ignore[union-attr]
        detail = app.screen.query_one(GroupDetail)
        assert [name for name, _, _ in detail.reviews] == list(REVIEWERS)
        shown = " ".join(detail_on_screen(app))
        assert "Reviewers:" in shown and all(name in shown for name in REVIEWERS)
        await pilot.press("d")  # dated news: the final label
        await pilot.pause()
    with Project.open(path, "editor") as project:
        entries = project.log()
    assert adjudications(entries) == {first: ("dated_news", "editor")}
    assert labels_by_reviewer(entries) == desk.expected


async def test_the_help_screen_says_what_the_keys_do_when_adjudicating(tmp_path: Path) -> None:
    from claimcheck.tui.screens.help import HelpScreen

    desk = make_desk(tmp_path)
    app = ReviewApp(desk.base, "editor", adjudicate=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "Adjudicating" in app.screen.keymap_note
        note = app.screen.keymap_note
        assert "label key picks the final label" in note
        for named in ("d dated news", "g generic assertion", "u unsupported", "z undoes",
                      "ctrl+y redoes"):  # fmt: skip
            assert named in note


def _small_desk(path: Path) -> dict[str, dict[str, str]]:
    """Two reviewers on 12 groups: they agree on the even ones, not on the odd ones."""
    from claimcheck.models import LABELS

    from .._store_corpus import make_corpus

    docs = [(f"d{n}.txt", [("sentence", f"Claim {n} says figure {n} rose.")]) for n in range(12)]
    Project.create(path, make_corpus(docs), "ana").close()
    with Project.open(path, "ana") as project:
        ids = [r.group_id for r in project.queue()]
    given = {"ana": {g: LABELS[0] for g in ids},
             "ben": {g: LABELS[i % 2] for i, g in enumerate(ids)}}  # fmt: skip
    for reviewer, labels in given.items():
        label_in(path, reviewer, labels)
    return given


async def test_z_undoes_an_adjudication_and_redo_puts_it_back(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite"
    _small_desk(path)
    app = ReviewApp(path, "editor", adjudicate=True)
    async with app.run_test(size=SIZE) as pilot:
        queue = app.screen.query_one(QueueList)
        first = queue.current.group_id  # type: ignore[union-attr]
        await pilot.press("d")  # the final label: dated news; the cursor moves on
        await pilot.pause()
        assert queue.current.group_id != first  # type: ignore[union-attr]
        await pilot.press("z")
        await pilot.pause()
        assert queue.current.group_id == first  # type: ignore[union-attr]
        assert queue.current.label is None  # type: ignore[union-attr]
        with Project.open(path, "check") as project:
            assert adjudications(project.log()) == {}
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert queue.current.label == "dated_news"  # type: ignore[union-attr]
    with Project.open(path, "check") as project:
        entries = project.log()
    assert [e.action for e in entries[-3:]] == ["adjudicate", "undo", "redo"]
    assert adjudications(entries) == {first: ("dated_news", "editor")}


async def test_adjudicate_all_queues_the_agreed_groups_too(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite"
    given = _small_desk(path)
    app = ReviewApp(path, "editor", adjudicate_all=True)
    async with app.run_test(size=SIZE) as pilot:
        queue = app.screen.query_one(QueueList)
        assert sorted(r.group_id for r in queue.rows) == sorted(given["ana"])
        await pilot.press("question_mark")
        assert "--adjudicate-all" in app.screen.keymap_note  # type: ignore[attr-defined]


def test_the_adjudication_help_names_remapped_keys() -> None:
    from claimcheck.tui.app import adjudication_help

    note = adjudication_help({"label.dated_news": "1", "undo": "backspace"})
    assert "1 dated news" in note and "g generic assertion" in note
    assert "backspace undoes" in note and "d dated news" not in note

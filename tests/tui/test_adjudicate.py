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
        assert "label key picks the final label" in app.screen.keymap_note

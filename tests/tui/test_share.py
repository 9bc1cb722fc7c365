"""The review app under a desk's overlap setting: the queue is the reviewer's share,
and the help screen says so."""

from __future__ import annotations

from pathlib import Path

from claimcheck.overlap import OverlapSetting, shares
from claimcheck.store import Project
from claimcheck.tui.app import ReviewApp
from claimcheck.tui.screens.help import HelpScreen
from claimcheck.tui.widgets.queue_list import QueueList

from .conftest import SIZE
from .handmade import handmade_corpus


async def test_a_named_reviewer_reviews_their_share(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite"
    setting = OverlapSetting(("ana", "ben"), 40, 2)
    with Project.create(path, handmade_corpus(), "ana") as project:
        every = [r.group_id for r in project.queue()]
        project.set_overlap(setting)
    app = ReviewApp(path, "ben")
    async with app.run_test(size=SIZE) as pilot:
        queue = app.screen.query_one(QueueList)
        mine = shares(every, setting)["ben"]
        assert {r.group_id for r in queue.rows} == mine and len(mine) < len(every)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "Your share: the queue holds 40% of the groups" in app.screen.keymap_note


async def test_the_view_line_says_the_queue_is_the_reviewers_share(tmp_path: Path) -> None:
    """The trial: with --overlap the view line said "all groups" of ana's share."""
    from claimcheck.tui.widgets.view_bar import ViewBar

    path = tmp_path / "desk.sqlite"
    with Project.create(path, handmade_corpus(), "ana") as project:
        project.set_overlap(OverlapSetting(("ana", "ben"), 40, 2))
    for reviewer, said in (("ana", "ana's share"), ("editor", "all groups")):
        app = ReviewApp(path, reviewer)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            line = str(app.screen.query_one(ViewBar).render())
            assert line.startswith(said), line
            assert "all groups" not in line or reviewer == "editor"

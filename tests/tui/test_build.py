"""run_review's build path: the corpus is built in a worker, then created or synced."""

from __future__ import annotations

import shutil
from pathlib import Path

from claimcheck.pipeline import RunOptions
from claimcheck.store import Project
from claimcheck.tui.app import ReviewApp
from claimcheck.tui.screens.lost import LostLabelsScreen
from claimcheck.tui.screens.review import ReviewScreen
from claimcheck.tui.widgets.queue_list import QueueList

from .conftest import CORPUS_DIR, REVIEWER, SIZE

EXTRA = "Zanzibar ferries were all repainted purple by the harbour authority in secret."
OPTIONS = RunOptions(workers=1)


async def build_in_app(path: Path, inputs: list[str]) -> ReviewApp:
    app = ReviewApp(path, REVIEWER, inputs=inputs, run_options=OPTIONS)
    async with app.run_test(size=SIZE) as pilot:
        # The build runs in a thread (MiniLM embeds the sample's claims: ~10 s of CPU,
        # more on a busy machine); wait for the review screen.
        for _ in range(1800):
            await pilot.pause(0.05)
            if any(isinstance(s, ReviewScreen) for s in app.screen_stack):
                break
        await pilot.pause()
        app.seen_screens = [type(s) for s in app.screen_stack]  # type: ignore[attr-defined]
        review = next(s for s in app.screen_stack if isinstance(s, ReviewScreen))
        app.seen_rows = len(review.query_one(QueueList).rows)  # type: ignore[attr-defined]
        lost = app.screen.report.lost if isinstance(app.screen, LostLabelsScreen) else []
        app.seen_lost = [text for _gid, _label, text in lost]  # type: ignore[attr-defined]
    return app


async def test_build_creates_the_project(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    app = await build_in_app(path, [str(CORPUS_DIR)])
    assert ReviewScreen in app.seen_screens  # type: ignore[attr-defined]
    with Project.open(path, REVIEWER) as project:
        assert app.seen_rows == len(project.queue()) > 0  # type: ignore[attr-defined]


async def test_sync_lists_the_labels_it_could_not_carry(tmp_path: Path) -> None:
    before = tmp_path / "before"
    shutil.copytree(CORPUS_DIR, before)
    (before / "extra.txt").write_text(EXTRA + "\n", encoding="utf-8")
    path = tmp_path / "p.sqlite"
    await build_in_app(path, [str(before)])
    with Project.open(path, REVIEWER) as project:
        (row,) = project.queue(search="Zanzibar")
        project.set_label(row.group_id, "unsupported")
    app = await build_in_app(path, [str(CORPUS_DIR)])
    assert app.seen_screens[-1] is LostLabelsScreen  # type: ignore[attr-defined]
    assert app.seen_lost == [EXTRA]  # type: ignore[attr-defined]

"""run_review's build path: the corpus is built in a worker, then created or synced."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

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


async def test_the_inputs_that_had_problems_are_named_on_opening(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    shutil.copytree(CORPUS_DIR, folder)
    (folder / "blank.txt").write_text("", encoding="utf-8")
    app = await build_in_app(tmp_path / "p.sqlite", [str(folder)])
    said = [str(n.message) for n in app._notifications]
    assert any("1 input had problems:\nblank.txt: empty file" in m for m in said), said


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


async def test_resync_keeps_page_kinds_and_marks_groups_that_gained_members(
    tmp_path: Path,
) -> None:
    """The trial, through ``review CORPUS --db`` (the build path): a page kind set with
    ``p`` survives the re-sync, and a labelled group that a changed corpus gave a new
    member is counted in the summary, marked + in the queue and in the detail pane,
    until it is labelled again."""
    from claimcheck.tui.widgets.group_detail import GroupDetail

    from ..test_store_constraints import COUNCIL, FERRY, FILES, MAYOR, SPOKES, write

    folder = tmp_path / "corpus"
    folder.mkdir()
    write(folder, FILES)
    path = tmp_path / "desk.sqlite"
    await build_in_app(path, [str(folder)])
    app = ReviewApp(path, REVIEWER)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        project = screen.project
        spokes = project.queue(search=SPOKES)[0].group_id
        doc_id = project.members(spokes)[0].unit_id.rsplit(":", 1)[0]
        screen.queue.move_to(screen.queue.index_of(spokes))
        screen.show_current()
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        overridden = project.doc_kind_of(doc_id)
        assert overridden[1]
        council = project.queue(search=COUNCIL)[0].group_id
        project.set_label(council, "dated_news")
    write(folder, {"e.txt": [COUNCIL, MAYOR, FERRY]})
    app = ReviewApp(path, REVIEWER, inputs=[str(folder)], run_options=OPTIONS)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(1800):
            await pilot.pause(0.05)
            if isinstance(app.screen, ReviewScreen):
                break
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert any("1 labelled group gained members" in m for m in said), said
        screen = app.screen
        assert screen.project.doc_kind_of(doc_id) == overridden
        queue = screen.queue
        index = queue.index_of(council)
        assert queue._row_text(index, 100).plain.startswith("dated+")
        queue.move_to(index)
        screen.show_current()
        await pilot.pause()
        detail = "\n".join(s.text for s in screen.query_one(GroupDetail).lines)
        assert "Changed since you labelled it: 1 member joined" in detail
        await pilot.press("d")  # looked at again: labelled again
        assert not queue._row_text(queue.index_of(council), 100).plain.startswith("dated+")
        assert screen.project.grown() == {}


async def test_quit_during_the_build_stops_it_and_saves_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The trial: q while grouping left a blank screen until the whole build was done
    (the interpreter joins a Textual thread worker at exit), then saved the project the
    reviewer had walked away from, and exited 0 without a word."""
    from claimcheck.exit_codes import EXIT_INTERRUPTED
    from claimcheck.tui.app import _quit_while_building

    path = tmp_path / "new.sqlite"
    app = ReviewApp(path, REVIEWER, inputs=[str(CORPUS_DIR)], run_options=OPTIONS)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("q")
    build = app.build_screen
    assert build is not None and app.review_screen is None
    assert _quit_while_building(build, str(path), REVIEWER) == EXIT_INTERRUPTED
    assert "quit before the project was built; nothing saved" in capsys.readouterr().err
    assert build.finished.wait(300)  # stopped at its next progress call
    assert not build.saved and not path.exists()

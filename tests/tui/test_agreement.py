"""The agreement screen (A): the same table as ``claimcheck agreement``; in the help
screen and the command palette; snapshots of it and of the adjudication view."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from claimcheck.agreement import agreement, as_table
from claimcheck.models import DATED_NEWS, GENERIC, UNSUPPORTED
from claimcheck.store import Project
from claimcheck.store.reviewers import labels_by_reviewer
from claimcheck.tui.app import ReviewApp
from claimcheck.tui.screens.agreement import AgreementScreen
from claimcheck.tui.screens.help import HelpScreen

from .conftest import SIZE
from .handmade import handmade_corpus

TERMINAL = (120, 36)


@pytest.fixture
def desk_path(tmp_path: Path) -> Path:
    """Three reviewers on the hand-made corpus: ana and ben agree on all but one group,
    cy differs more, and ben leaves a note on the group they dispute."""
    path = tmp_path / "desk.sqlite"
    Project.create(path, handmade_corpus(), "ana").close()
    with Project.open(path, "ana") as project:
        ids = [r.group_id for r in project.queue()]
    cycle = (DATED_NEWS, GENERIC, UNSUPPORTED)
    plan = {
        "ana": [cycle[i % 3] for i in range(len(ids))],
        "ben": [cycle[i % 3] if i != 0 else GENERIC for i in range(len(ids))],
        "cy": [cycle[(i // 2) % 3] for i in range(len(ids))],
    }
    for reviewer, labels in plan.items():
        with Project.open(path, reviewer) as project:
            project.decide_many(list(zip(ids, ["label"] * len(ids), labels, strict=True)))
            if reviewer == "ben":
                project.set_note(ids[0], "the date is the report's, not the event's")
    return path


async def _wait(pilot) -> None:  # noqa: ANN001
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_the_agreement_screen_shows_the_agreement_commands_table(desk_path: Path) -> None:
    with Project.open(desk_path, "x") as project:
        expected = as_table(agreement(labels_by_reviewer(project.log())))
    app = ReviewApp(desk_path, "ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("A")
        await _wait(pilot)
        assert isinstance(app.screen, AgreementScreen)
        shown = str(app.screen.query_one("#agreement-table", Static).render())
        assert shown.strip() == expected.strip()
        assert "ana vs ben" in shown and "Krippendorff" in shown
        await pilot.press("escape")
        assert not isinstance(app.screen, AgreementScreen)


async def test_the_agreement_screen_is_in_the_help_and_the_palette(desk_path: Path) -> None:
    app = ReviewApp(desk_path, "ana")
    async with app.run_test(size=SIZE) as pilot:
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert any(c.startswith("Agreement between reviewers") for c in commands)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = {row[0]: row for row in app.screen.rows}
        assert rows["screen.agreement"][1] == "A"


def test_snapshot_agreement_screen(snap_compare, desk_path: Path) -> None:
    async def wait(pilot) -> None:  # noqa: ANN001
        await pilot.press("A")
        await _wait(pilot)
        pilot.app.clear_notifications()  # the learner's toast would come and go with timing
        await pilot.pause()

    app = ReviewApp(desk_path, "ana")
    assert snap_compare(app, run_before=wait, terminal_size=TERMINAL)


def test_snapshot_adjudication_view(snap_compare, desk_path: Path) -> None:
    """The first disputed group: each reviewer's label, and ben's note."""
    app = ReviewApp(desk_path, "editor", adjudicate=True)
    assert snap_compare(app, terminal_size=TERMINAL)

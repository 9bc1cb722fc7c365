"""Pilot tests of the Sources and Conflicts screens, checked against the store."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from claimcheck.pipeline import RunOptions, build_corpus
from claimcheck.store import Project
from claimcheck.tui.screens.conflicts import ConflictsScreen
from claimcheck.tui.screens.sources import SourcesScreen

from .conftest import REVIEWER, SIZE, make_app
from .screen import clipped_words, screen_lines

PLANTED = Path(__file__).resolve().parents[1] / "data" / "conflicts" / "corpus"


@pytest.fixture
def planted_project(tmp_path: Path) -> Path:
    path = tmp_path / "planted.sqlite"
    Project.create(path, build_corpus([str(PLANTED)], RunOptions(workers=1)), REVIEWER).close()
    return path


async def wait_rows(pilot, table: DataTable, n: int = 1) -> None:
    for _ in range(100):
        if table.row_count >= n:
            return
        await pilot.pause(0.05)
    raise AssertionError("the table never filled")


async def test_sources_screen_lists_every_document(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        assert isinstance(app.screen, SourcesScreen)
        table = app.screen.query_one(DataTable)
        await wait_rows(pilot, table, 5)
        assert table.row_count == 5
        claims = [table.get_row_at(i)[3] for i in range(5)]
        assert "unknown" not in {str(table.get_row_at(i)[2]) for i in range(5)}  # page kinds
        await pilot.press("right", "right", "right", "s")  # sort by Claims, largest first
        assert [table.get_row_at(i)[3] for i in range(5)] == sorted(claims, reverse=True)
        await pilot.press("escape")
        assert not isinstance(app.screen, SourcesScreen)


async def test_sources_table_fits_120_columns(project_path: Path) -> None:
    """The trial: the table was 211 columns wide, "unsupported" cut to "uns" at 120."""
    app = make_app(project_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("t")
        table = app.screen.query_one(DataTable)
        await wait_rows(pilot, table, 5)
        await pilot.pause()
        assert table.virtual_size.width <= 120
        shown = "\n".join(screen_lines(app))
        assert "D dated news · G generic assertion · U unsupported" in shown
        header = next(line for line in screen_lines(app) if line.split()[:1] == ["Source"])
        assert header.split() == ["Source", "Date", "Kind", "Claims", "D", "G", "U", "Specific",
                                  "Backed", "Only", "here", "Shares", "most", "with"]  # fmt: skip
        cut = [w for w in clipped_words(screen_lines(app)) if w != "esc"]  # the footer's key
        assert not cut


async def test_conflicts_screen_confirm_and_dismiss_are_logged(planted_project: Path) -> None:
    app = make_app(planted_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        screen = app.screen
        assert isinstance(screen, ConflictsScreen)
        table = screen.query_one(DataTable)
        await wait_rows(pilot, table, 7)
        first, second = (c["conflict_id"] for c in screen.conflicts[:2])
        await pilot.press("y")  # confirm the first, the cursor moves on
        await pilot.press("x")  # dismiss the second
        assert "confirmed" in str(table.get_row(first)[0])
    with Project.open(planted_project, REVIEWER) as project:
        assert project.conflict_verdicts() == {first: "confirmed", second: "dismissed"}
        assert [d.action for d in project.log(first)] == ["conflict"]


async def test_conflict_detail_breaks_lines_and_shows_no_literal_backslash_n(
    planted_project: Path,
) -> None:
    app = make_app(planted_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await wait_rows(pilot, app.screen.query_one(DataTable), 7)
        await pilot.pause()
        shown = app.screen.query_one("#conflict-detail", Static)
        text = shown.render().plain
        first, second = app.screen.conflicts[0]["sides"]
        assert "\\n" not in text and "\\n" not in "".join(screen_lines(app))
        lines = text.splitlines()
        assert len(lines) == 4  # each side: its values and text, then its documents
        assert lines[0].startswith(f"{first['values']}: ") and lines[1].startswith("  ")
        assert lines[2].startswith(f"{second['values']}: ") and lines[3].endswith(second["date"])

"""Group surgery in the review app: merge (with a related group or one found by
search), split the selected member out, move it; undo and redo; snapshots of the
merge confirmation and of the detail pane after a split."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from claimcheck.store import Project
from claimcheck.tui.literal import one_line
from claimcheck.tui.screens.surgery import GroupPicker, KeepLabelDialog, PickList

from .conftest import REVIEWER, make_app, settled
from .handmade import handmade_corpus

TERMINAL = (120, 36)


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    corpus = handmade_corpus()
    corpus.groups[0].related = [("g1", 0.62), ("g2", 0.41)]  # as the grouper lists them
    path = tmp_path / "review.sqlite"
    Project.create(path, corpus, REVIEWER).close()
    return path


def shown(app) -> tuple[str, int]:  # noqa: ANN001
    """The group in the detail pane and its members shown; checks the queue's index."""
    queue = app.screen.queue
    assert all(queue.index_of(r.group_id) == i for i, r in enumerate(queue.rows))
    detail = app.screen.detail
    return detail.row.group_id, len(detail.members)


async def test_merge_with_a_related_group_then_undo_and_redo(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=TERMINAL) as pilot:
        total = app.screen.project.stats().total
        await pilot.press("m")
        assert isinstance(app.screen, GroupPicker)
        await pilot.press("down", "enter")  # into the list, the best related group: g1
        await pilot.pause()
        assert shown(app) == ("g0", 5)
        assert "g1" not in {r.group_id for r in app.screen.queue.rows}
        assert app.screen.project.stats().total == total - 1
        await pilot.press("z")
        assert app.screen.queue.index_of("g4") == 4  # right before the re-index, too
        await pilot.pause()
        assert shown(app) == ("g0", 2) and app.screen.queue.index_of("g1") is not None
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert shown(app) == ("g0", 5)


async def test_merge_with_a_group_found_by_search(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=TERMINAL) as pilot:
        await pilot.press("m", *"Thailand", "enter", "enter")
        await pilot.pause()
        assert shown(app) == ("g0", 3)
        assert "g4" not in {r.group_id for r in app.screen.queue.rows}


async def test_differently_labelled_groups_ask_which_label_stays(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=TERMINAL) as pilot:
        await pilot.press("d", "g", "k", "k", "m", "down", "enter")  # g0 dated, g1 generic
        await pilot.pause()
        assert isinstance(app.screen, KeepLabelDialog)
        await pilot.press("escape")  # no merge
        await pilot.pause()
        assert shown(app) == ("g0", 2)
        await pilot.press("m", "down", "enter", "2")  # keep the other's label
        await pilot.pause()
        row = app.screen.project.row("g0")
        assert (row.label, row.size) == ("generic", 5)
        assert app.screen.project.log()[-1].previous == "dated_news"  # the dropped one


async def test_split_and_move_the_selected_member(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=TERMINAL) as pilot:
        await pilot.press("j", "right_square_bracket", "x")  # g1's second member out
        await pilot.pause()
        assert shown(app) == ("g1", 2)
        assert len(app.screen.queue.rows) == 6  # the new group, last in the queue
        await pilot.press("M", *"pivotal", "enter", "enter")
        await pilot.pause()
        assert shown(app) == ("g1", 1)
        assert app.screen.project.row("g3").size == 2
        await pilot.press("x")  # a group of one cannot be split: said, nothing changes
        await pilot.pause()
        assert shown(app) == ("g1", 1)


async def test_splitting_a_labelled_group_says_the_new_group_is_pending(
    project_path: Path,
) -> None:
    app = make_app(project_path)
    async with app.run_test(size=TERMINAL) as pilot:
        await pilot.press("j", "d", "k", "right_square_bracket", "x")  # g1 dated, split
        await pilot.pause()
        said = [str(n.message) for n in app._notifications]
        assert any("pending, not dated news" in s for s in said), said
        project = app.screen.project
        assert project.row("g1").label == "dated_news"
        split_off = app.screen.queue.rows[-1]  # the new group, last in the queue
        assert split_off.group_id != "g1" and split_off.label is None


async def test_move_dialog_shows_the_selected_member_and_undo_puts_it_back(
    project_path: Path,
) -> None:
    app = make_app(project_path)
    async with app.run_test(size=TERMINAL) as pilot:
        await pilot.press("j", "right_square_bracket")  # g1, its second member
        members = app.screen.detail.members
        selected = members[app.screen.detail.selected]
        assert selected.text != members[0].text  # not the group's main member
        await pilot.press("M")
        assert isinstance(app.screen, GroupPicker)
        subject = str(app.screen.query_one("#surgery-subject", Static).render())
        assert subject == one_line(selected.text)
        await pilot.press(*"pivotal", "enter", "enter")  # found: g3
        await pilot.pause()
        assert app.screen.project.row("g3").size == 2 and shown(app) == ("g1", 2)
        moved = app.screen.project.members("g3")
        assert selected.text in {m.text for m in moved}
        await pilot.press("z")
        await pilot.pause()
        assert app.screen.project.row("g3").size == 1 and shown(app) == ("g1", 3)


async def test_picker_opens_in_the_search_box_and_picks_only_from_the_list(
    project_path: Path,
) -> None:
    app = make_app(project_path)
    async with app.run_test(size=TERMINAL) as pilot:
        project = app.screen.project
        total = project.stats().total
        await pilot.press("m")
        picker = app.screen
        assert isinstance(app.focused, Input)
        assert marked_rows(app) == []  # nothing marked: enter cannot pick yet
        await pilot.press("enter")  # an empty search picks nothing
        await pilot.pause()
        assert app.screen is picker and project.stats().total == total
        await pilot.press(*"pillar laos")  # narrows the related groups (g1, g2) to g1
        listed = app.screen.query_one(PickList)
        assert [listed.get_option_at_index(i).id for i in range(listed.option_count)] == ["g1"]
        await pilot.press("backspace", *"s")  # typing goes into the box
        assert app.screen.query_one(Input).value == "pillar laos"
        await pilot.press("tab")
        assert app.focused is listed and listed.highlighted == 0
        assert len(marked_rows(app)) == 1 and "a pillar of national" in marked_rows(app)[0]
        await pilot.press("enter")
        await pilot.pause()
        assert shown(app) == ("g0", 5)


def marked_rows(app) -> list[str]:  # noqa: ANN001
    """The picker's list lines that begin with its ``›`` mark (the highlighted row)."""
    listed = app.screen.query_one(PickList)
    lines = [listed.render_line(y).text for y in range(listed.size.height)]
    return [line for line in lines if line.startswith(PickList.MARK)]


def test_snapshot_merge_confirmation(snap_compare, project_path: Path) -> None:
    with Project.open(project_path, REVIEWER) as project:  # labelled before: no rate shown
        project.set_label("g0", "dated_news")
        project.set_label("g1", "generic")
    app = make_app(project_path)
    keys = ["home", "m", "down", "enter"]
    assert snap_compare(app, press=keys, terminal_size=TERMINAL, run_before=settled)


def test_snapshot_detail_after_a_split(snap_compare, project_path: Path) -> None:
    app = make_app(project_path)
    assert snap_compare(app, press=["j", "x"], terminal_size=TERMINAL, run_before=settled)


def test_repairs_that_cannot_apply_are_listed_with_the_lost_labels() -> None:
    from claimcheck.store import Constraint, SyncReport
    from claimcheck.tui.screens.lost import LostLabelsScreen

    gone = Constraint("must", "a", "b", "Ferry fares rise.", "Schools close.", reason="gone")
    screen = LostLabelsScreen(SyncReport(3, [("g9", "generic", "A lost claim.")], 0, [gone]))
    assert "1 repairs (merge, split, move) cannot apply" in screen._summary().plain
    assert screen._table().row_count == 2


async def test_another_apps_merge_reshapes_this_view(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=TERMINAL) as pilot:
        assert app.screen.queue.index_of("g4") is not None
        with Project.open(project_path, "ben") as other:
            other.merge("g0", "g4")
        app.screen.poll_changes()
        await pilot.pause()
        assert app.screen.queue.index_of("g4") is None
        assert app.screen.project.cached_row("g0").size == 3


async def test_surgery_in_a_sorted_view_reads_the_view_anew(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=TERMINAL) as pilot:
        app.screen._set_view(sort="size")  # biggest first: g1 (3 members) on top
        await pilot.press("home")
        assert shown(app) == ("g1", 3)
        await pilot.press("x")
        await pilot.pause()
        rows = app.screen.queue.rows
        assert shown(app) == ("g1", 2) and len(rows) == 6
        assert [r.size for r in rows] == sorted((r.size for r in rows), reverse=True)


async def test_search_count_is_in_the_right_number(project_path: Path) -> None:
    """One group found read "1 groups found"."""
    app = make_app(project_path)
    async with app.run_test(size=TERMINAL) as pilot:
        await pilot.press("m", *"pivotal", "enter")
        await pilot.pause()
        listed = app.screen.query_one("#surgery-listed", Static).render()
        assert str(listed) == "1 group found"

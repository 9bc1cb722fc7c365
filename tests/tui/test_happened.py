"""Say what happened: undo/redo named, view changes counted, member n/m, the reviewer's
place kept, and what quitting saved."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import OptionList

from claimcheck.models import ReadIssue
from claimcheck.store import Project
from claimcheck.store.reviewers import login_name
from claimcheck.tui.screens.choose import FilterPicker
from claimcheck.tui.screens.review import PLACE_IDLE_SECONDS
from claimcheck.tui.widgets.group_detail import GroupDetail
from claimcheck.tui.wording import SHOWN_ISSUES, quit_line, read_problems

from .conftest import REVIEWER, SIZE, make_app


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


def detail_text(app) -> str:
    detail = app.screen.query_one(GroupDetail)
    return " ".join("".join(seg.text for seg in strip) for strip in detail.lines)


async def test_undo_and_redo_say_what_they_changed(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d", "z")
        assert any(m.startswith("Undone: dated news → pending on “") for m in messages(app))
        await pilot.press("ctrl+y")
        assert any(m.startswith("Redone: pending → dated news") for m in messages(app))
        await pilot.press("n", *"check", "enter", "z")
        assert any(m.startswith("Undone: note removed") for m in messages(app))
        await pilot.press("f", "z")
        assert any(m.startswith("Undone: flag removed") for m in messages(app))
        assert app.decisions == 7  # label, undo, redo, note, undo, flag, undo


async def test_filter_dialog_counts_and_the_view_line(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d", "g", "v")
        assert isinstance(app.screen, FilterPicker)
        with Project.open(project_path, REVIEWER) as project:
            total, labelled = len(project.queue("all")), len(project.queue("dated_news"))
        prompts = {o.id: str(o.prompt) for o in app.screen.query_one(OptionList).options}
        assert prompts["all"].split()[-1] == f"{total:,}"
        assert prompts["dated_news"].split()[-1] == "1" == str(labelled)
        await pilot.press("down", "enter")  # "pending"
        await pilot.pause()
        assert f"Showing pending: {total - 2:,} of {total:,} groups" in messages(app)
        bar = str(app.screen.query_one("#view-bar").render())
        assert bar.startswith(f"pending ({total - 2:,} of {total:,})")
        await pilot.press("o")
        assert "group size" in str(app.screen.query_one("#view-bar").render())


async def test_member_position_is_shown(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        detail = app.screen.query_one(GroupDetail)
        while len(detail.members) < 2:  # to a group with two members or more
            await pilot.press("j")
        n = len(detail.members)
        assert f"member 1/{n}" in detail_text(app)
        await pilot.press("right_square_bracket")
        assert f"member 2/{n}" in detail_text(app)
        await pilot.press("left_square_bracket", "left_square_bracket")  # wraps round
        assert f"member {n}/{n}" in detail_text(app)


async def test_the_reviewers_place_is_kept(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o", "j", "j", "j")
        group = app.screen.queue.current.group_id
        await pilot.press("q")
    assert app.decisions == 0
    again = make_app(project_path)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.screen.view.sort == "size"
        assert again.screen.queue.current.group_id == group
    with Project.open(project_path, "someone-else") as project:  # each reviewer's own place
        assert project.place() == ""


async def test_a_killed_app_resumes_where_the_reviewer_was(project_path: Path) -> None:
    """The trial: after ``kill -9`` the app resumed at the last clean quit's place. The
    file must hold the view and the group as they change (no quit here: what the file
    holds while the app runs is what a kill leaves)."""

    def saved() -> dict[str, str]:
        with Project.open(project_path, REVIEWER) as other:
            return json.loads(other.place() or "{}")

    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")  # a new view is kept at once
        assert saved()["sort"] == "size"
        await pilot.press("j", "j", "d")  # a label: the place rides along with it
        assert saved()["group"] == app.screen.queue.current.group_id  # the group after it
        await pilot.press("j", "j")  # moves alone write nothing until the app is idle
        here = app.screen.queue.current.group_id
        assert saved()["group"] != here
        await pilot.pause(PLACE_IDLE_SECONDS + 0.1)
        app.screen.poll_changes()  # as its timer does every POLL_SECONDS
        assert saved()["group"] == here
    again = make_app(project_path)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.screen.view.sort == "size"
        assert again.screen.queue.current.group_id == here


def test_quit_line() -> None:
    assert quit_line(1, "a b.sqlite") == (
        "1 decision saved to a b.sqlite; resume with: claimcheck review 'a b.sqlite'"
    )
    assert quit_line(0, "p.sqlite").startswith("0 decisions saved to p.sqlite;")
    assert quit_line(1200, "p.sqlite").startswith("1,200 decisions")
    # a named reviewer resumes as themself; the login name needs no flag
    named = quit_line(2, "p.sqlite", "ana b")
    assert named.endswith("claimcheck review p.sqlite --reviewer 'ana b'")
    assert quit_line(2, "p.sqlite", login_name()).endswith("claimcheck review p.sqlite")


def test_read_problems_name_the_first_inputs_and_count_the_rest() -> None:
    issues = [ReadIssue(f"p{i}.html", "binary file, skipped") for i in range(SHOWN_ISSUES + 2)]
    lines = read_problems(issues).splitlines()
    assert lines[0] == f"{SHOWN_ISSUES + 2} inputs had problems:"
    assert lines[1] == "p0.html: binary file, skipped" and len(lines) == SHOWN_ISSUES + 2
    assert lines[-1].startswith("and 2 more")
    assert read_problems(issues[:1]) == "1 input had problems:\np0.html: binary file, skipped"

"""The guide inside the app: help with labels, legend and keys; the palette; "means:"."""

from __future__ import annotations

from pathlib import Path

from claimcheck.labels import BY_ID, RECORDS
from claimcheck.store import Project
from claimcheck.tui.screens.help import LEGENDS, HelpScreen
from claimcheck.tui.screens.review import ReviewScreen
from claimcheck.tui.widgets.group_detail import GroupDetail

from .conftest import REVIEWER, SIZE, make_app


async def test_help_has_labels_legend_keys_and_the_guide(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = app.screen.query_one("#help-body")
        shown.scroll_end(animate=False)
        await pilot.pause()
        text = "\n".join(
            "".join(seg.text for seg in strip)
            for static in app.screen.query("Static")
            for strip in static.render_lines(static.region.reset_offset)
        )
        flat = " ".join(text.split())
        for r in RECORDS:
            assert r.name in flat and " ".join(r.definition.split()) in flat
        for _title, legend in LEGENDS:
            for mark, _meaning in legend:
                assert " ".join(mark.split()) in flat, mark
        assert "swap test" in flat  # LABELS.md itself, with its examples
        # every key, with what it does in plain words; no column of ids a keymap needs
        for binding in app.all_bindings():
            if binding.id:
                assert " ".join((binding.tooltip or binding.description).split()) in flat
        assert "Binding id" not in flat and "surgery.move" not in flat
        assert "The tool should" not in flat and "suggester should" not in flat
        assert "are not claims: they are kept out of the queue" in flat


async def test_the_guide_says_what_each_less_seen_key_does(project_path: Path) -> None:
    """The footer has no room for these: the guide's key table has a row for each."""
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        table = app.screen._table()
        keys = [cell.plain for cell in table.columns[0].cells]
        does = [cell.plain for cell in table.columns[1].cells]
        for key, words in {
            "m": "Merge another group", "x": "Split the selected member", "M": "Move the selected",
            "r": "related to this one", "p": "page to a dated report", "t": "Sources",
            "c": "Conflicts", "e": "Export the labels",
        }.items():  # fmt: skip
            row = next(i for i, k in enumerate(keys) if key in k.split())
            assert words in does[row], (key, does[row])


async def test_detail_defines_the_suggested_label(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        detail = app.screen.query_one(GroupDetail)
        row = detail.row
        assert row is not None and row.suggested_label in BY_ID
        lines = ["".join(seg.text for seg in strip) for strip in detail.lines]
        assert f"means: {BY_ID[row.suggested_label].definition}" in " ".join(
            " ".join(lines).split()
        )


async def test_every_key_is_in_the_command_palette(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        titles = {command.title for command in app.get_system_commands(screen)}
        for binding in screen.BINDINGS:
            if binding.id and binding.action.split("(")[0] not in ("undo", "redo"):
                assert (binding.tooltip or binding.description) in titles, binding.id
        first = screen.queue.current
        assert first is not None
        await pilot.press("ctrl+p")
        await pilot.press(*"Label the group generic", "enter")
        await pilot.pause()
        with Project.open(project_path, REVIEWER) as project:
            assert project.row(first.group_id).label == "generic"

"""The review screen: queue on the left, the selected group on the right.

A thin shell over the store: every key is one store call, and what is shown
is re-read from the store afterwards, so the screen never shows a decision
the store did not save.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Input

from claimcheck.models import LABELS
from claimcheck.store import Decision, Project, ProjectError, QueueRow
from claimcheck.tui.messages import GroupHighlighted
from claimcheck.tui.screens.choose import FilterPicker
from claimcheck.tui.screens.note import NoteDialog
from claimcheck.tui.widgets.group_detail import MAX_MEMBERS, GroupDetail, label_name
from claimcheck.tui.widgets.queue_list import QueueList
from claimcheck.tui.widgets.stats_bar import StatsBar
from claimcheck.tui.widgets.view_bar import SORT_NAMES, View, ViewBar

T = TypeVar("T")
SORTS = tuple(SORT_NAMES)
# sqlite3 errors should arrive wrapped as ProjectError; catch raw ones too, never crash.
STORE_ERRORS = (ProjectError, sqlite3.Error, OSError)


def default_export_path(project_path: Path) -> Path:
    """``<project>.labels.csv`` next to the project file."""
    return project_path.with_name(f"{project_path.stem}.labels.csv")


class ReviewScreen(Screen[None]):
    BINDINGS = [
        Binding("d", "label('dated_news')", "Dated", id="label.dated_news"),
        Binding("g", "label('generic')", "Generic", id="label.generic"),
        Binding("u", "label('unsupported')", "Unsupp.", id="label.unsupported"),
        Binding("enter", "accept", "Accept", id="accept"),
        Binding("space,s", "skip", "Skip", key_display="␣/s", id="skip"),
        Binding("f", "flag", "Flag", id="flag"),
        Binding("n", "note", "Note", id="note"),
        Binding("z,ctrl+z,backspace", "undo", "Undo", id="undo"),
        Binding("ctrl+y,ctrl+shift+z", "redo", "Redo", id="redo"),
        Binding("j,down", "move(1)", "Next group", show=False, id="cursor.down"),
        Binding("k,up", "move(-1)", "Previous group", show=False, id="cursor.up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="cursor.page_down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="cursor.page_up"),
        Binding("home", "jump(0)", "First group", show=False, id="cursor.first"),
        Binding("end", "jump(-1)", "Last group", show=False, id="cursor.last"),
        Binding("right_square_bracket", "member(1)", "Next member", show=False, id="member.next"),
        Binding(
            "left_square_bracket", "member(-1)", "Previous member", show=False, id="member.prev"
        ),
        Binding("slash", "search", "Search", id="search"),
        Binding("v", "filter", "Filter", id="filter"),
        Binding("o", "sort", "Sort", id="sort"),
        Binding("escape", "clear_view", "Show all", show=False, id="view.clear"),
        Binding("e", "export", "Export", id="export"),
    ]

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project
        self.view = View()
        # Mirrors the store's session undo/redo stacks, only to show the keys that apply.
        self._undoable = 0
        self._redoable = 0
        self._binding_state: tuple[bool, ...] = ()

    def _sync_bindings(self) -> None:
        """Refresh the footer only when what applies changes: a refresh rebuilds it (~3 ms)."""
        row = self.queue.current
        state = (row is None, row is not None and row.suggested_label is None,
                 self._undoable > 0, self._redoable > 0)  # fmt: skip
        if state != self._binding_state:
            self._binding_state = state
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Footer shows only what applies now: no label keys on an empty view, etc."""
        row = self.queue.current if self.is_mounted else None
        if action in ("label", "skip", "flag", "note", "accept") and row is None:
            return False
        if action == "accept":
            return None if row is not None and row.suggested_label is None else True
        if action == "undo":
            return self._undoable > 0
        if action == "redo":
            return self._redoable > 0
        return True

    def compose(self) -> ComposeResult:
        yield Header(icon="✓")
        yield StatsBar(id="stats")
        with Horizontal(id="panes"):
            with Vertical(id="queue-pane"):
                yield ViewBar(id="view-bar")
                yield Input(
                    placeholder="search member text (enter applies, escape cancels)",
                    id="search",
                    classes="hidden",
                )
                yield QueueList(id="queue")
            yield GroupDetail(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "claimcheck review"
        self.sub_title = f"{self.project.path.name} · {self.project.reviewer}"
        self.reload(resume=True)
        self.query_one(QueueList).focus()

    # -- store access -----------------------------------------------------

    def _store(self, call: Callable[[], T], what: str) -> T | None:
        """Run one store call; on failure say so and return None (nothing is shown as saved)."""
        try:
            return call()
        except STORE_ERRORS as err:
            self.notify(
                f"Not saved: {what} failed.\n{err}",
                title="Store error",
                severity="error",
                timeout=10,
                markup=False,
            )
            return None

    @property
    def queue(self) -> QueueList:
        return self.query_one(QueueList)

    @property
    def detail(self) -> GroupDetail:
        return self.query_one(GroupDetail)

    def reload(self, *, resume: bool = False, keep: str | None = None) -> None:
        """Re-read the queue for the current view; the cursor stays on ``keep`` if shown."""
        view = self.view
        rows = self._store(
            lambda: self.project.queue(view.filter, view.search, view.sort), "reading the queue"
        )
        if rows is None:
            return
        queue = self.queue
        queue.set_rows([])  # drop the old index before the new rows arrive
        cursor = 0
        if keep is not None:
            cursor = next((i for i, r in enumerate(rows) if r.group_id == keep), 0)
        queue.set_rows(rows, cursor)
        if resume and rows and rows[queue.cursor].state != "pending":
            first = queue.next_pending(-1)
            if first is not None:
                queue.move_to(first)
        self.refresh_stats()

    def refresh_stats(self) -> None:
        stats = self._store(self.project.stats, "reading progress")
        if stats is not None:
            self.query_one(StatsBar).show_stats(stats)

    def _show_view_bar(self) -> None:
        queue = self.queue
        self.query_one(ViewBar).show_view(self.view, len(queue.rows), queue.cursor)

    @on(GroupHighlighted)
    def show_group(self, event: GroupHighlighted) -> None:
        self._show_view_bar()
        self._sync_bindings()
        if event.row is None:
            self.detail.show(None, [])
            return
        row = event.row
        members = self._store(
            lambda: self.project.members(row.group_id, limit=MAX_MEMBERS), "reading members"
        )
        self.detail.show(row, members or [])

    # -- decisions --------------------------------------------------------

    def _decide(self, call: Callable[[str], Decision], what: str, advance: bool) -> None:
        row = self.queue.current
        if row is None:
            self.notify("No group selected.", severity="warning")
            return
        decision = self._store(lambda: call(row.group_id), what)
        if decision is None:
            return
        self._undoable, self._redoable = self._undoable + 1, 0
        self._refresh_group(row.group_id)
        if advance:
            self._advance()
        self.refresh_stats()
        self._sync_bindings()

    def _refresh_group(self, group_id: str) -> QueueRow | None:
        """Re-read one group's row from the store and show it."""
        row = self._store(lambda: self.project.row(group_id), "reading the group")
        if row is None:
            return None
        self.queue.update_row(row)
        if self.detail.row is not None and self.detail.row.group_id == group_id:
            self.detail.refresh_row(row)
        return row

    def _advance(self) -> None:
        queue = self.queue
        following = queue.next_pending(queue.cursor)
        if following is None:
            self.notify("Every group in this view has a decision.", title="Done")
            return
        queue.move_to(following)

    def action_label(self, label: str) -> None:
        self._decide(
            lambda gid: self.project.set_label(gid, label),
            f"labelling {label_name(label)}",
            advance=True,
        )

    def action_accept(self) -> None:
        row = self.queue.current
        if row is not None and row.suggested_label in LABELS:
            self.action_label(row.suggested_label)
        elif row is not None:
            self.notify("This group has no suggestion to accept.", severity="warning")

    def action_skip(self) -> None:
        self._decide(self.project.skip, "skipping", advance=True)

    def action_flag(self) -> None:
        self._decide(self.project.toggle_flag, "flagging", advance=False)

    def action_note(self) -> None:
        row = self.queue.current
        if row is None:
            return

        def save(note: str | None) -> None:
            if note is not None:
                self._decide(
                    lambda gid: self.project.set_note(gid, note), "saving the note", advance=False
                )

        self.app.push_screen(NoteDialog(row.text, row.note), save)

    def action_undo(self) -> None:
        if self._replay(self.project.undo, "undo"):
            self._undoable, self._redoable = self._undoable - 1, self._redoable + 1

    def action_redo(self) -> None:
        if self._replay(self.project.redo, "redo"):
            self._undoable, self._redoable = self._undoable + 1, self._redoable - 1

    def _replay(self, call: Callable[[], Decision | None], what: str) -> bool:
        try:
            decision = call()
        except STORE_ERRORS as err:
            self.notify(
                f"{what.capitalize()} failed; nothing changed.\n{err}",
                title="Store error",
                severity="error",
                timeout=10,
                markup=False,
            )
            return False
        if decision is None:
            self.notify(f"Nothing to {what} in this session.", severity="warning", timeout=2)
            return False
        self._refresh_group(decision.group_id)
        index = self.queue.index_of(decision.group_id)
        if index is not None:
            self.queue.move_to(index)
        self.refresh_stats()
        self._sync_bindings()
        return True

    # -- moving -----------------------------------------------------------

    def action_move(self, delta: int) -> None:
        self.queue.move(delta)

    def action_page(self, direction: int) -> None:
        self.queue.page(direction)

    def action_jump(self, index: int) -> None:
        self.queue.move_to(index if index >= 0 else len(self.queue.rows) - 1)

    def action_member(self, delta: int) -> None:
        self.detail.select_member(delta)

    # -- the view ---------------------------------------------------------

    def _set_view(self, **changes: str) -> None:
        current = self.queue.current
        self.view = View(**{**self.view.__dict__, **changes})
        self.reload(keep=current.group_id if current else None)

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.value = self.view.search
        search.remove_class("hidden")
        search.focus()

    @on(Input.Submitted, "#search")
    def apply_search(self, event: Input.Submitted) -> None:
        event.stop()
        self._close_search()
        self._set_view(search=event.value.strip())

    def _close_search(self) -> None:
        self.query_one("#search", Input).add_class("hidden")
        self.queue.focus()

    def action_clear_view(self) -> None:
        if self.focused is self.query_one("#search", Input):
            self._close_search()
        elif self.view != View(sort=self.view.sort):
            self._set_view(filter="all", search="")

    def action_filter(self) -> None:
        def chosen(name: str | None) -> None:
            if name is not None:
                self._set_view(filter=name)

        self.app.push_screen(FilterPicker(self.view.filter), chosen)

    def action_sort(self) -> None:
        following = SORTS[(SORTS.index(self.view.sort) + 1) % len(SORTS)]
        self._set_view(sort=following)
        self.notify(f"Sorted by {SORT_NAMES[following]}", timeout=2)

    # -- export -----------------------------------------------------------

    def action_export(self) -> None:
        self.export(default_export_path(self.project.path))

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def export(self, out: Path) -> None:
        from claimcheck.export import export_labels

        try:
            count = export_labels(self.project, str(out))
        except (*STORE_ERRORS, ValueError) as err:
            self.app.call_from_thread(
                self.notify,
                f"Export failed: {err}",
                title="Export",
                severity="error",
                timeout=10,
                markup=False,
            )
            return
        self.app.call_from_thread(
            self.notify,
            f"{count:,} rows written to {out}",
            title="Exported",
            timeout=8,
            markup=False,
        )

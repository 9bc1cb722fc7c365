"""Dialogs of group surgery: pick the other group (a related one, or one found by
searching), and, when merging two differently labelled groups, which label stays."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from claimcheck.plural import plural
from claimcheck.store import ProjectError, QueueRow, RelatedView
from claimcheck.store.search import without_accents
from claimcheck.tui.literal import one_line
from claimcheck.tui.widgets.group_detail import label_name
from claimcheck.tui.widgets.view_bar import View

# as the review screen's: sqlite3 errors should arrive wrapped, catch raw ones too
STORE_ERRORS = (ProjectError, sqlite3.Error, OSError)
MAX_FOUND = 50  # search results listed; a narrower search finds the rest

_DIALOG_CSS = """
{name} {{ align: center middle; background: $background 60%; }}
{name} > Vertical {{
    width: 90; max-width: 95%; height: auto; max-height: 90%;
    border: round $accent; padding: 0 1; background: $surface;
}}
{name} .surgery-title {{ text-style: bold; }}
{name} .surgery-dim {{ color: $text-muted; }}
{name} OptionList {{ height: auto; max-height: 14; }}
"""


def _line(score: float | None, size: int, n_docs: int, text: str) -> Text:
    shown = Text(f"{score:.2f}  " if score is not None else "", style="dim")
    shown.append(f"{size}×{n_docs}  ", style="dim")
    shown.append(one_line(text))
    return shown


def _matches(typed: str, text: str) -> bool:
    """Every typed word is in the text (case and accents aside): the related list's filter."""
    folded = without_accents(text.casefold())
    return all(word in folded for word in without_accents(typed.casefold()).split())


class PickList(OptionList):
    """An option list whose highlighted row has a ``›`` in front of it, so the row
    enter would pick is plain without colour (a monochrome terminal, a screen reader)."""

    MARK = "› "

    def _get_left_gutter_width(self) -> int:
        return len(self.MARK)

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        try:  # the option on this line, and which of its lines this is
            index, offset = self._lines[self.scroll_offset.y + y]
        except IndexError:
            return line  # below the options: a blank of the full width
        mark = self.MARK if index == self.highlighted and offset == 0 else " " * len(self.MARK)
        style = next(iter(line)).style if line.cell_length else None
        return Strip([Segment(mark, style), *line])


class GroupPicker(ModalScreen["str | None"]):
    """Dismisses with a group id, or None on escape. Opens in the search box: typing
    narrows the related groups listed, enter searches every group; down or tab goes
    into the list, where enter picks the highlighted row (marked ``›``). Nothing is
    picked until the reviewer is in the list."""

    DEFAULT_CSS = _DIALOG_CSS.format(name="GroupPicker")
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="surgery.cancel"),
        Binding("down", "into_list", "To the list", show=False, id="surgery.into_list"),
    ]

    def __init__(
        self,
        title: str,
        current: QueueRow,
        related: Sequence[RelatedView],
        search: Callable[[str], list[QueueRow]],
        subject: str | None = None,
    ) -> None:
        """``subject``: the text the dialog is about (the member being moved); the
        group's own text when None (a merge takes the whole group)."""
        super().__init__()
        self.title_text = title
        self.current = current
        self.subject = current.text if subject is None else subject
        self.related = list(related)
        self.search = search

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, classes="surgery-title", markup=False)
            yield Static(Text(one_line(self.subject), style="italic"), id="surgery-subject")
            yield Input(placeholder="type to narrow the list, enter searches every group",
                        id="surgery-search")  # fmt: skip
            yield Static("", classes="surgery-dim", id="surgery-listed")
            yield PickList(id="surgery-options")
            yield Static("↓/tab to the list · enter picks the › row · escape cancels",
                         classes="surgery-dim", markup=False)  # fmt: skip

    def on_mount(self) -> None:
        self._list_related("")
        self.query_one(Input).focus()

    def _list_related(self, typed: str) -> None:
        shown = [r for r in self.related if _matches(typed, r.text)]
        self._fill([(Option(_line(r.score, r.size, r.n_docs, r.text), id=r.group_id))
                    for r in shown])  # fmt: skip
        if not self.related:
            listed = "No related groups: type words, then enter to search"
        elif typed:
            listed = f"Related groups with “{typed}”: {len(shown)} (enter searches every group)"
        else:
            listed = "Related groups"
        self.query_one("#surgery-listed", Static).update(Text(listed))

    def _fill(self, options: list[Option]) -> None:
        listed = self.query_one(PickList)
        listed.clear_options()
        listed.add_options(options)
        listed.highlighted = 0 if options and listed.has_focus else None

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._list_related(event.value.strip())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        typed = event.value.strip()
        if not typed:
            self.notify("Type words to search, or ↓ to pick from the list.", timeout=3)
            return
        found = [r for r in self.search(typed) if r.group_id != self.current.group_id]
        self._fill([Option(_line(None, r.size, r.n_docs, r.text), id=r.group_id)
                    for r in found[:MAX_FOUND]])  # fmt: skip
        listed = f"{plural(len(found), 'group')} found"
        listed += f", first {MAX_FOUND}" if len(found) > MAX_FOUND else ""
        self.query_one("#surgery-listed", Static).update(listed)
        if found:
            self.action_into_list()

    def action_into_list(self) -> None:
        self.query_one(PickList).focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        listed = self.query_one(PickList)
        if event.widget is listed and listed.highlighted is None and listed.option_count:
            listed.highlighted = 0  # in the list: a row is marked, and enter picks it

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class KeepLabelDialog(ModalScreen["str | None"]):
    """Merging two groups labelled differently: 1 keeps this group's label, 2 the
    other's (the one not kept is in the log); escape merges nothing."""

    DEFAULT_CSS = _DIALOG_CSS.format(name="KeepLabelDialog")
    BINDINGS = [
        Binding("1", "keep('target')", "Keep this group's", id="surgery.keep_target"),
        Binding("2", "keep('source')", "Keep the other's", id="surgery.keep_source"),
        Binding("escape", "keep('')", "Cancel", id="surgery.keep_cancel"),
    ]

    def __init__(self, target: QueueRow, source: QueueRow) -> None:
        super().__init__()
        self.target = target
        self.source = source

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Merge two differently labelled groups: which label stays?",
                         classes="surgery-title", markup=False)  # fmt: skip
            for key, which, row in (("1", "this group", self.target),
                                    ("2", "the other", self.source)):  # fmt: skip
                line = Text(f"{key}  keep {label_name(row.state)} ", style="bold")
                line.append(f"({which}: {one_line(row.text)})", style="dim")
                yield Static(line)
            yield Static("The label not kept stays in the log. escape: no merge",
                         classes="surgery-dim", markup=False)  # fmt: skip

    def action_keep(self, which: str) -> None:
        self.dismiss(which or None)


SURGERY_BINDINGS = [
    Binding("m", "merge", "Merge", show=False, id="surgery.merge",
            tooltip="Merge another group into this one (a related group, or search)"),
    Binding("x", "split", "Split member out", show=False, id="surgery.split",
            tooltip="Split the selected member out into a new group (last in the queue)"),
    Binding("M", "move_member", "Move member", show=False, id="surgery.move",
            tooltip="Move the selected member to another group (a related one, or search)"),
]


class SurgeryActions:
    """The review screen's surgery keys (mixed into ReviewScreen): merge the shown group
    with another, split the selected member out, move it to another group. Each is one
    store call; the queue, counts and detail pane are then re-read at once."""

    _shape_mark: int | None = None  # the project's shape_mark this view was read at

    def action_merge(self) -> None:
        row = self.queue.current
        if row is None:
            return

        def chosen(other: str | None) -> None:
            if other is not None:
                self._merge(row, other, None)

        self.app.push_screen(
            GroupPicker("Merge another group into this one", row, self.detail.related,
                        self._find), chosen,
        )  # fmt: skip

    def _merge(self, row: QueueRow, other: str, keep: str | None) -> None:
        from claimcheck.store import LabelChoiceNeeded

        try:
            self.project.merge(row.group_id, other, keep)
        except LabelChoiceNeeded:
            source = self.project.row(other)

            def kept(which: str | None) -> None:
                if which is not None:
                    self._merge(row, other, which)

            self.app.push_screen(KeepLabelDialog(row, source), kept)
            return
        except (*STORE_ERRORS, KeyError, ValueError) as err:
            self._surgery_failed("Merge", err)
            return
        merged = self.project.cached_row(row.group_id)
        said = f"Merged: {merged.size} members" if merged is not None else ""
        self.after_surgery(row.group_id, said, [row.group_id, other])

    def action_split(self) -> None:
        row, member = self.queue.current, self._selected_member()
        if row is None or member is None:
            return
        try:
            decision = self.project.split(row.group_id, member.uid)
        except (*STORE_ERRORS, KeyError, ValueError) as err:
            self._surgery_failed("Split", err)
            return
        said = f"Split out into group {decision.value} (last in queue)"
        if row.label:  # the label stays with the group: say the new one has none yet
            said += f"; it is pending, not {label_name(row.label)}: label it on its own"
        self.after_surgery(row.group_id, said, [row.group_id, decision.value or ""])

    def action_move_member(self) -> None:
        row, member = self.queue.current, self._selected_member()
        if row is None or member is None:
            return

        def chosen(other: str | None) -> None:
            if other is None:
                return
            try:
                self.project.move(member.uid, row.group_id, other)
            except (*STORE_ERRORS, KeyError, ValueError) as err:
                self._surgery_failed("Move", err)
                return
            said = f"Member moved to group {other}"
            self.after_surgery(row.group_id, said, [row.group_id, other])

        self.app.push_screen(
            GroupPicker("Move this member to another group", row, self.detail.related,
                        self._find, subject=member.text), chosen,
        )  # fmt: skip

    def after_surgery(self, keep: str, said: str = "", touched: Sequence[str] = ()) -> None:
        """Queue, counts and the detail pane re-read after surgery (or its undo/redo):
        in the plain view (every group in document order) only the ``touched`` groups'
        rows, else the whole view."""
        self._shape_mark = self.project.shape_mark()  # ours: no second reload at the poll
        if not touched or self.view != View():
            self.reload(keep=keep)
        else:
            self._reshape(touched, keep)
        self._sync_bindings()
        if said:  # after the frame showing the change: a toast costs a layout pass
            self.call_after_refresh(self.notify, said, timeout=3, markup=False)

    def _reshape(self, touched: Sequence[str], keep: str) -> None:
        queue = self.queue
        rows = [self.project.cached_row(g) for g in touched]
        gone = [g for g, r in zip(touched, rows, strict=True) if r is None or r.size == 0]
        new, changed = [], []
        for row in rows:
            if row is not None and row.size > 0:
                (changed if queue.index_of(row.group_id) is not None else new).append(row)
        queue.reshape(gone, new)
        for row in changed:
            queue.update_row(row)
        index = queue.index_of(keep)
        queue.move_to(index if index is not None else queue.cursor)
        self._shown = None  # the same group, other members: show it anew
        self.show_current()
        self.refresh_stats()

    def _selected_member(self):  # noqa: ANN202 - MemberView | None
        members = self.detail.members
        return members[self.detail.selected] if members else None

    def _find(self, text: str) -> list[QueueRow]:
        return self.project.queue(search=text) if text else []

    def _surgery_failed(self, what: str, err: Exception) -> None:
        self.notify(f"{what} not done: {err}", title="Group surgery", severity="error",
                    timeout=8, markup=False)  # fmt: skip

    def _reshaped_elsewhere(self) -> bool:
        """Another app merged, split or moved: rows may have come or gone, so the view
        is read anew (the cursor stays on its group). True if it was."""
        try:
            mark = self.project.shape_mark()
        except STORE_ERRORS:
            return False
        seen, self._shape_mark = self._shape_mark, mark
        if seen == mark:
            return False
        current = self.queue.current
        self.reload(keep=current.group_id if current else None)
        return True

"""The review screen: queue on the left, the selected group on the right.

A thin shell over the store: every key is one store call, and what is shown
is re-read from the store afterwards, so the screen never shows a decision
the store did not save.

Hot path (a label key): one store write, one row read, then the screen moves
the cursor and shows the next group itself, in the same turn of the event
loop, so the very next frame has the new queue lines and the new detail (no
message round-trip, which used to cost a frame). Widgets are looked up once
at mount, never with ``query`` per key. Another app's decisions on the same
project are picked up by a cheap poll of ``Project.changed``.
"""

from __future__ import annotations

import gc
import json
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Header, Input

from claimcheck.labels import LABELS, RECORDS, label_name
from claimcheck.pagekind import DATED_KINDS, NEWS_REPORT, OTHER
from claimcheck.pipeline import paused_gc
from claimcheck.store import SORTS, Decision, Project, ProjectError, QueueRow
from claimcheck.tui.fit import fit_words
from claimcheck.tui.literal import one_line
from claimcheck.tui.messages import GroupHighlighted
from claimcheck.tui.screens.choose import FilterPicker
from claimcheck.tui.screens.note import NoteDialog
from claimcheck.tui.screens.surgery import SURGERY_BINDINGS, SurgeryActions
from claimcheck.tui.widgets.footer import ReviewFooter
from claimcheck.tui.widgets.group_detail import MAX_MEMBERS, GroupDetail
from claimcheck.tui.widgets.queue_list import QueueList
from claimcheck.tui.widgets.stats_bar import StatsBar
from claimcheck.tui.widgets.view_bar import FILTER_NAMES, SORT_NAMES, View, ViewBar
from claimcheck.tui.wording import change, plural

if TYPE_CHECKING:  # scikit-learn takes ~1 s to import: the refit worker imports it
    from claimcheck.learn import Learned, Learner

T = TypeVar("T")
# sqlite3 errors should arrive wrapped as ProjectError; catch raw ones too, never crash.
STORE_ERRORS = (ProjectError, sqlite3.Error, OSError)
# How often to ask the store whether another app committed (one PRAGMA, microseconds).
POLL_SECONDS = 2.0
# A place noted since the last decision is written once nothing was saved this long
# (checked at each poll): a kill -9 then resumes at most ~3 s of browsing behind.
PLACE_IDLE_SECONDS = 1.0
# Refit the learned model after this many labels (a fit is ~0.1-1 s in a worker thread).
REFIT_EVERY = 5
# Above this many groups a refit does not re-sort a "least sure first" view under the
# reviewer (a re-sort of 100,000 rows is a visible pause); the next sort or filter does.
RESORT_MAX = 20_000
# Narrower than this, the queue and the detail are stacked (each gets the full width).
SIDE_BY_SIDE_MIN = 140
# The footer's keys, most used first (the rest follow in BINDINGS order): at 80 columns
# what fits is d g u ⏎ ␣ z / (then ? and q), the others are in ? and ctrl+p.
FOOTER_FIRST = (*(r.binding_id for r in RECORDS), "accept", "skip", "undo", "search", "filter",
                "flag", "note")  # fmt: skip
COMPACT_KEYS = {"skip": "␣"}  # narrow: one key shown where a binding has two
GIL_TURN_S = 0.0005  # the interpreter's switch interval while a refit runs (default 5 ms)


@contextmanager
def _short_gil_turns() -> Iterator[None]:
    """Hand the GIL over every 0.5 ms instead of 5 ms while a worker computes: each time
    the UI thread waits for a database call or the terminal it must win the GIL back,
    and at 5 ms a turn a key's dozen such waits added up to ~100 ms."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(GIL_TURN_S)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


def _suggestion(row: QueueRow) -> tuple[str | None, float | None, str]:
    return row.suggested_label, row.confidence, row.explanation


def _kind_name(kind: str) -> str:
    """An inferred page kind as the detail pane shows it ("content farm")."""
    return f"{kind.replace('_', ' ')} (as inferred)" if kind else "the inferred kind"


def default_export_path(project_path: Path) -> Path:
    """``<project>.labels.csv`` next to the project file."""
    return project_path.with_name(f"{project_path.stem}.labels.csv")

# The header's and the view line's marks (the help screen's legend).
LEGEND = (
    ("✓", "top left: click it (or press ctrl+p) for every action by name"),
    ("pending (120 of 387)", "the line above the queue: the filter, with how many groups it shows"),
    ("document order", "the sort (o: the next one)"),
    ("/text", "the search, when there is one (escape clears it and the filter)"),
    ("3/120", "where the cursor is in the view"),
)


class ReviewScreen(SurgeryActions, Screen[None]):
    BINDINGS = [
        *(
            Binding(
                r.key, f"label('{r.id}')", r.short.capitalize(), id=r.binding_id,
                tooltip=f"Label the group {r.name}: {r.definition}",
            )  # fmt: skip
            for r in RECORDS
        ),
        Binding("enter", "accept", "Accept", id="accept",
                tooltip="Accept the suggested label, then go to the next pending group"),
        Binding("space,s", "skip", "Skip", key_display="␣/s", id="skip",
                tooltip="Skip the group for now (the skipped filter lists it), then go on"),
        Binding("f", "flag", "Flag", id="flag",
                tooltip="Flag the group for a second look (again: unflag it)"),
        Binding("n", "note", "Note", id="note", tooltip="Write a note on the group"),
        Binding("z,ctrl+z,backspace", "undo", "Undo", id="undo",
                tooltip="Undo your last change: a label, skip, flag, note, merge, split or "
                "move (not a page kind: p again takes that back)"),
        Binding("ctrl+y,ctrl+shift+z", "redo", "Redo", id="redo",
                tooltip="Redo what you undid"),
        Binding("j,down", "move(1)", "Next group", show=False, id="cursor.down"),
        Binding("k,up", "move(-1)", "Previous group", show=False, id="cursor.up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="cursor.page_down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="cursor.page_up"),
        Binding("home", "jump(0)", "First group", show=False, id="cursor.first"),
        Binding("end", "jump(-1)", "Last group", show=False, id="cursor.last"),
        Binding("right_square_bracket", "member(1)", "Next member", show=False, id="member.next",
                tooltip="Select the group's next member (its context is shown; w, x, M act "
                "on it)"),
        Binding("left_square_bracket", "member(-1)", "Previous member", show=False,
                id="member.prev", tooltip="Select the group's previous member"),
        Binding("r", "related", "Related", show=False, id="related",
                tooltip="Go to the groups related to this one in turn, then back here"),
        Binding("b", "related_back", "Back", show=False, id="related.back",
                tooltip="Back to the group you left with r (after labelling a related one, "
                "say)"),
        Binding("w", "copy_url", "Copy URL", show=False, id="copy_url",
                tooltip="Copy the selected member's web address (and capture time)"),
        Binding("slash", "search", "Search", id="search", tooltip="Search the member texts"),
        Binding("v", "filter", "Filter", id="filter",
                tooltip="Filter the queue: pending, a label, skipped, flagged, cross-document, "
                "a suggested label"),
        Binding("o", "sort", "Sort", id="sort",
                tooltip="Sort the queue the next way: document order, group size, documents "
                "spanned, least sure first, suggested label"),
        Binding("escape", "clear_view", "Show all", show=False, id="view.clear",
                tooltip="Show all groups: clear the search and the filter"),
        Binding("e", "export", "Export", id="export",
                tooltip="Export the labels to <project>.labels.csv, next to the project"),
        Binding("t", "sources", "Sources", show=False, id="screen.sources",
                tooltip="Sources: per source, its claims by label and how many a dated "
                "report backs"),
        Binding("c", "conflicts", "Conflicts", show=False, id="screen.conflicts",
                tooltip="Conflicts: claims whose sources disagree, to confirm or dismiss"),
        Binding("p", "page_kind", "Page kind", show=False, id="page_kind",
                tooltip="Set this group's page to a dated report (or to not one); p again "
                "puts back the kind the tool inferred"),
        Binding(
            "A", "agreement", "Agreement", show=False, id="screen.agreement",
            tooltip="Agreement between reviewers (kappa, alpha, confusion)",
        ),
        *SURGERY_BINDINGS,
    ]

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project
        self.view = View()
        self._binding_state: tuple[bool, ...] = ()
        # What the detail pane and the view bar show: (row object, cursor index).
        self._shown: tuple[QueueRow | None, int] | None = None
        # Another app changed the project this session: rows scrolled into view since
        # may be stale, so each poll re-reads the visible ones (see ``poll_changes``).
        self._others_changed = False
        self._fresh_range: tuple[int, int] | None = None
        # The ``r`` tour: (group it started from, stop reached) and its stops.
        self._related_tour: tuple[str, int] | None = None
        self._related_stops: list[str] = []
        self._learner: Learner | None = None  # built by the first refit, in its worker
        self._labels_since_fit = 0
        self._learned: Learned | None = None  # the last refit's gate outcome
        self._refitting = False  # a refit worker is running (one at a time)
        self._refit_again = False  # labels came in meanwhile: refit once it is done
        self._total = 0  # groups in the project (the view bar's "N of TOTAL")
        self.decisions = 0  # saved this session, undo and redo included (said on quit)

    def _sync_bindings(self) -> None:
        """Refresh the footer only when what applies changes. ReviewFooter restyles its
        keys in place when only which are enabled changed; a new key shown or hidden
        still recomposes it (a layout pass, in the frame after the key)."""
        row = self.queue.current
        state = (row is None, row is not None and row.suggested_label is None,
                 self.project.can_undo, self.project.can_redo)  # fmt: skip
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
            return self.project.can_undo
        if action == "redo":
            return self.project.can_redo
        return True

    def compose(self) -> ComposeResult:
        # Kept as attributes: ``query_one`` walks the DOM, and these are used on every key.
        self._stats = StatsBar(id="stats")
        self._view_bar = ViewBar(id="view-bar")
        self._search_input = Input(
            placeholder="search member text (enter applies, escape cancels)",
            id="search",
            classes="hidden",
        )
        self._queue = QueueList(id="queue")
        self._detail = GroupDetail(id="detail")
        self._detail.grown = self._queue.grown  # one dict: both show the same marks
        yield Header(icon="✓")
        yield self._stats
        with Horizontal(id="panes"):
            with Vertical(id="queue-pane"):
                yield self._view_bar
                yield self._search_input
                yield self._queue
            yield self._detail
        ids = [b.id for b in self.BINDINGS if isinstance(b, Binding) and b.id]
        yield ReviewFooter(rank=[*FOOTER_FIRST, *(i for i in ids if i not in FOOTER_FIRST)],
                           compact_keys=COMPACT_KEYS)  # fmt: skip

    def on_resize(self, event: events.Resize) -> None:
        """Narrow or short: the queue above the detail, both full width."""
        self.set_class(event.size.width < SIDE_BY_SIDE_MIN, "-stacked")

    def on_mount(self) -> None:
        self.set_class(self.app.size.width < SIDE_BY_SIDE_MIN, "-stacked")
        self.title = "claimcheck review"
        self.sub_title = f"{self.project.path.name} · {self.project.reviewer}"
        self._shape_mark = self._store(self.project.shape_mark, "reading the project")
        self.reload(resume=True)
        # The queue's rows (100,000 at a large project) live as long as the screen: move
        # them out of the collector's generations, or every full collection walks them
        # all (~130 ms, landing on a random key press).
        gc.freeze()
        self._queue.focus()
        self.set_interval(POLL_SECONDS, self.poll_changes, name="poll-changes")
        self.start_refit()  # a project reviewed before: its labels count from the start

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
        return self._queue

    @property
    def detail(self) -> GroupDetail:
        return self._detail

    def reload(self, *, resume: bool = False, keep: str | None = None) -> None:
        """Re-read the queue for the current view; the cursor stays on ``keep`` if shown."""
        saved = self._saved_place() if resume else None
        if saved is not None:
            self.view, keep = saved
        view = self.view
        rows = self._store(
            lambda: self.project.queue(view.filter, view.search, view.sort), "reading the queue"
        )
        if rows is None:
            return
        queue = self.queue
        grown = self._store(self.project.grown, "reading the changed groups")
        queue.grown.clear()
        queue.grown.update(grown or {})
        queue.set_rows([])  # drop the old index before the new rows arrive
        found = None if keep is None else next(
            (i for i, r in enumerate(rows) if r.group_id == keep), None
        )
        queue.set_rows(rows, found or 0)
        if found is None:
            saved = None  # the saved group is gone (re-grouped): the first pending then
        if resume and saved is None and rows and rows[queue.cursor].state != "pending":
            first = queue.next_pending(-1)
            if first is not None:
                queue.move_to(first)
        self._shown = None  # a new view: show its current group even if it is the same row
        self._fresh_range = None
        shared = self._store(self.project.in_share, "reading the project")
        self._view_bar.share = self.project.reviewer if shared else ""
        self.refresh_stats()  # first: the view bar shows the project's total
        self.show_current()

    def refresh_stats(self) -> None:
        stats = self._store(self.project.stats, "reading progress")
        if stats is not None:
            self._stats.show_stats(stats)
            self._total = stats.total

    def show_current(self) -> None:
        """Show the group under the queue cursor in the detail pane and the view bar.

        Called directly by every action that moves the cursor, so the next frame
        already has the new group; the queue's GroupHighlighted (mouse clicks, and
        the echo of those moves) lands here too and is then a no-op.
        """
        queue = self.queue
        row, index = queue.current, queue.cursor
        if row is not None:
            row = self._with_stored_suggestion(row)  # a refit may have changed it
        if self._shown is not None and self._shown[0] is row and self._shown[1] == index:
            return
        self._shown = (row, index)
        self.project.note_place(self.place())  # in memory; written with the next decision
        self._view_bar.show_view(self.view, len(queue.rows), index, self._total)
        self._sync_bindings()
        if row is None:
            self.detail.show(None, [])
            return
        if self.detail.row is row:  # same group, same state: keep its rendering
            return
        self.detail.reviews = self.project.reviews_of(row.group_id)  # adjudicating only
        members = self._store(
            lambda: self.project.members(row.group_id, limit=MAX_MEMBERS), "reading members"
        )
        related = self._store(lambda: self.project.related(row.group_id), "reading related")
        self.detail.show(row, members or [], related or [])

    @on(GroupHighlighted)
    def show_group(self, event: GroupHighlighted) -> None:
        self.show_current()  # the event may be stale: show what the cursor is on now

    # -- other apps -------------------------------------------------------

    def poll_changes(self) -> None:
        """Pick up decisions another app saved: re-read the visible rows, the shown group
        and the progress. Cheap: a PRAGMA per poll, ~50 row reads on a change.

        Rows stay where they are (as after one's own decisions), and rows scrolled into
        view later are re-read on the next poll.
        """
        with suppress(*STORE_ERRORS):  # a place is not a decision: no alarm, next poll
            self.project.flush_place(PLACE_IDLE_SECONDS)  # idle: where the cursor is
        if not self.is_current:
            return  # a dialog is open; poll again once it closes
        try:
            changed = self.project.changed()
        except STORE_ERRORS:
            return  # unreadable just now (busy, unplugged): no alarm every 2 s; next poll
        if changed:
            self._others_changed = True
            self._fresh_range = None
            if self._reshaped_elsewhere():
                return
        if not self._others_changed:
            return
        queue = self.queue
        top = int(queue.scroll_y)
        visible = (top, min(len(queue.rows), top + queue.scrollable_content_region.height))
        if visible == self._fresh_range:
            return
        self._fresh_range = visible
        for index in range(*visible):
            old = queue.rows[index]
            try:
                row = self.project.row(old.group_id)
            except (KeyError, *STORE_ERRORS):
                continue  # gone (re-grouped elsewhere) or unreadable now: keep what is shown
            if row != old:
                self._refresh_shown_row(row)
        if changed:
            self.refresh_stats()
            self._sync_bindings()

    # -- decisions --------------------------------------------------------

    def _decide(self, call: Callable[[str], Decision], what: str, advance: bool) -> None:
        row = self.queue.current
        if row is None:
            self.notify("No group selected.", severity="warning")
            return
        queue = self.queue
        following = queue.next_pending(queue.cursor) if advance else None
        if following is not None:  # saved with the decision: where the reviewer will be
            self.project.note_place(self.place(queue.rows[following]))
        decision = self._store(lambda: call(row.group_id), what)
        if decision is None:
            return
        self.decisions += 1
        if advance:  # a label or skip: the reviewer has seen the group as it is now
            self.queue.grown.pop(row.group_id, None)
        # The detail pane is about to show the next group: don't redraw this one first.
        self._refresh_group(row.group_id, detail=not advance)
        if advance:
            self._advance(following)
        self.refresh_stats()
        self._sync_bindings()

    def _refresh_group(self, group_id: str, detail: bool = True) -> QueueRow | None:
        """Show one group's row as the store has it after a decision (its cache was
        re-read from the file by that decision: no second read)."""
        row = self.project.cached_row(group_id) or self._store(
            lambda: self.project.row(group_id), "reading the group"
        )
        if row is None:
            return None
        self._refresh_shown_row(row, detail)
        return row

    def _refresh_shown_row(self, row: QueueRow, detail: bool = True) -> None:
        """A group's new state: its queue line, and the detail header if it is shown."""
        self.queue.update_row(row)
        if detail and self.detail.row is not None and self.detail.row.group_id == row.group_id:
            self.detail.refresh_row(row)
            if self._shown is not None and self.queue.current is row:
                self._shown = (row, self._shown[1])

    def _advance(self, following: int | None) -> None:
        """To the group ``following`` (the next pending one, found before the decision:
        the row after the cursor is the same either way); stay if there is none."""
        queue = self.queue
        if following is None or following == queue.cursor:
            current = queue.current  # stays on this group: show its new state
            if current is not None:
                self._refresh_shown_row(current)
            self.notify("Every group in this view has a decision.", title="Done")
            return
        queue.move_to(following)
        self.show_current()

    def action_label(self, label: str) -> None:
        self._decide(
            lambda gid: self.project.set_label(gid, label),
            f"labelling {label_name(label)}",
            advance=True,
        )
        self._labels_since_fit += 1
        if self._labels_since_fit >= REFIT_EVERY:
            self._labels_since_fit = 0
            self.start_refit()

    def action_accept(self) -> None:
        row = self.queue.current
        if row is not None and row.suggested_label in LABELS:
            self.action_label(row.suggested_label)
        elif row is not None:
            self._say_no_suggestion()

    def _say_no_suggestion(self) -> None:
        self.notify("This group has no suggestion to accept: label it yourself.",
                    severity="warning", timeout=3)  # fmt: skip

    def on_key(self, event: events.Key) -> None:
        """The accept key on a group without a suggestion: its binding is off (the
        footer greys it), so the key reaches here instead of doing nothing unsaid."""
        row = self.queue.current
        if row is None or row.suggested_label is not None:
            return  # every key passes here: the common case costs one attribute read
        active = self.active_bindings.get(event.key)  # walks every binding: not per key
        if active is not None and active.binding.action == "accept" and not active.enabled:
            event.stop()
            self._say_no_suggestion()

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
        self._replay(self.project.undo, "undo")

    def action_redo(self) -> None:
        self._replay(self.project.redo, "redo")

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
        self.decisions += 1
        touched = self.project.reshaped(decision)
        if touched:  # surgery undone or redone: groups changed
            self.after_surgery(decision.group_id, f"{what.capitalize()}: group surgery", touched)
            return True
        row = self._refresh_group(decision.group_id)
        about = f" on “{fit_words(one_line(row.text), 50)}”" if row is not None else ""
        done = "Undone" if what == "undo" else "Redone"
        self.notify(f"{done}: {change(decision)}{about}", timeout=4, markup=False)
        index = self.queue.index_of(decision.group_id)
        if index is not None:
            self.queue.move_to(index)
            self.show_current()
        self.refresh_stats()
        self._sync_bindings()
        return True

    # -- moving -----------------------------------------------------------

    def action_move(self, delta: int) -> None:
        self.queue.move(delta)
        self.show_current()

    def action_page(self, direction: int) -> None:
        self.queue.page(direction)
        self.show_current()

    def action_jump(self, index: int) -> None:
        self.queue.move_to(index if index >= 0 else len(self.queue.rows) - 1)
        self.show_current()

    def action_member(self, delta: int) -> None:
        self.detail.select_member(delta)

    def action_copy_url(self) -> None:
        """Copy the selected member's address (and capture time) to the clipboard, so a
        labelled claim can be cited with the exact capture it came from."""
        members = self.detail.members
        if not members:
            return
        member = members[self.detail.selected]
        if not member.url:
            self.notify("This member's page has no URL.", timeout=2)
            return
        cite = f"{member.url} (captured {member.captured})" if member.captured else member.url
        self.app.copy_to_clipboard(cite)
        self.notify(f"Copied: {cite}", timeout=3, markup=False)

    def action_related(self) -> None:
        """Go to the shown group's related groups in turn (best first); pressing again on
        one of them goes to the next, then back to where the tour started."""
        current = self.queue.current
        if current is None:
            return
        origin, turn = self._related_tour or ("", -1)
        stops = self._related_stops if origin else []
        if current.group_id not in {origin, *stops}:  # a new tour from here
            origin, turn = current.group_id, -1
            stops = [r.group_id for r in self.detail.related]
        if not stops:
            self.notify("No related groups for this one.", timeout=2)
            return
        turn = (turn + 1) % (len(stops) + 1)
        target = origin if turn == len(stops) else stops[turn]
        self._related_tour, self._related_stops = (origin, turn), stops
        index = self.queue.index_of(target)
        if index is None:
            self.notify(
                "That related group is not in this view (escape shows all).", timeout=3
            )
            return
        self.queue.move_to(index)
        self.show_current()
        if target != origin:
            self.notify(f"Related group {turn + 1} of {len(stops)}: r next, b back to where "
                        "you were", timeout=3)  # fmt: skip

    def action_related_back(self) -> None:
        """Back to the group the ``r`` tour started from: labelling a related group moves
        on to the group after it, far from where the reviewer was."""
        origin = self._related_tour[0] if self._related_tour else None
        current = self.queue.current
        if origin is None or (current is not None and current.group_id == origin):
            self.notify("No group to go back to: b follows an r.", timeout=2)
            return
        index = self.queue.index_of(origin)
        if index is None:
            self.notify("The group you came from is not in this view (escape shows all).",
                        timeout=3)  # fmt: skip
            return
        self._related_tour, self._related_stops = None, []
        self.queue.move_to(index)
        self.show_current()

    # -- the view ---------------------------------------------------------

    def _set_view(self, **changes: str) -> None:
        current = self.queue.current
        self.view = View(**{**self.view.__dict__, **changes})
        self.reload(keep=current.group_id if current else None)
        self.save_place()  # a new view: kept at once (a kill -9 resumes in it)

    def action_search(self) -> None:
        search = self._search_input
        search.value = self.view.search
        search.remove_class("hidden")
        search.focus()

    @on(Input.Submitted, "#search")
    def apply_search(self, event: Input.Submitted) -> None:
        event.stop()
        self._close_search()
        self._set_view(search=event.value.strip())

    def _close_search(self) -> None:
        self._search_input.add_class("hidden")
        self.queue.focus()

    def action_clear_view(self) -> None:
        if self.focused is self._search_input:
            self._close_search()
        elif self.view != View(sort=self.view.sort):
            self._set_view(filter="all", search="")

    def action_filter(self) -> None:
        counts = self._store(self._filter_counts, "counting groups")

        def chosen(name: str | None) -> None:
            if name is not None:
                self._set_view(filter=name)
                shown = len(self.queue.rows)
                self.notify(
                    f"Showing {FILTER_NAMES.get(name, name)}: "
                    f"{shown:,} of {plural(self._total, 'group')}", timeout=3,
                )  # fmt: skip

        self.app.push_screen(FilterPicker(self.view.filter, counts or {}), chosen)

    def _filter_counts(self) -> dict[str, int]:
        """Groups each filter would show (with the current search)."""
        search = self.view.search
        return {name: len(self.project.queue(name, search)) for name in FILTER_NAMES}

    def action_sort(self) -> None:
        following = SORTS[(SORTS.index(self.view.sort) + 1) % len(SORTS)]
        self._set_view(sort=following)
        self.notify(f"Sorted by {SORT_NAMES[following]} (o: next sort)", timeout=2)

    # -- the reviewer's place ---------------------------------------------

    def place(self, row: QueueRow | None = None) -> str:
        """Where the reviewer is (or will be, on ``row``), as the store keeps it: the
        group and the view."""
        row = row or self.queue.current
        return json.dumps({"group": row.group_id if row else "", **asdict(self.view)})

    def save_place(self) -> None:
        self._store(lambda: self.project.save_place(self.place()), "saving your place")

    def _saved_place(self) -> tuple[View, str] | None:
        """The view and group saved when the app last closed; None if none or unusable."""
        try:
            saved = json.loads(self.project.place() or "null")
            view = View(saved["filter"], saved["search"], saved["sort"])
            group = saved["group"]
        except (*STORE_ERRORS, ValueError, TypeError, KeyError):
            return None
        if view.filter not in FILTER_NAMES or view.sort not in SORTS or not isinstance(group, str):
            return None
        return view, group

    # -- page kind ----------------------------------------------------------

    def action_page_kind(self) -> None:
        """The shown group's page (its representative's document): a page the reviewer
        has not set is set to a dated report, or to not one if it was inferred dated; a
        page the reviewer set goes back to its inferred kind. The suggestions of that
        page's groups are recomputed in a worker, so the key returns at once."""
        row = self.queue.current
        if row is None:
            return
        members = self._store(lambda: self.project.members(row.group_id, 0, 1), "reading")
        if not members:
            return
        doc_id = members[0].unit_id.rsplit(":", 1)[0]
        found = self._store(lambda: self.project.doc_kind_of(doc_id), "reading the page kind")
        if found is not None:
            self.set_page_kind(doc_id, row.group_id, *found)

    @work(thread=True, exclusive=True, group="page_kind", exit_on_error=False)
    def set_page_kind(self, doc_id: str, group_id: str, kind: str, by_reviewer: bool) -> None:
        try:
            if by_reviewer:
                changed = self.project.clear_doc_kind(doc_id)
                back = self.project.doc_kind_of(doc_id)[0].replace("_", " ")
                said = f"Page kind back to {back} (inferred); "
                said += f"{plural(len(changed), 'suggestion')} recomputed"
            else:
                dated = kind in DATED_KINDS
                changed = self.project.set_doc_kind(doc_id, OTHER if dated else NEWS_REPORT)
                said = (
                    f"Page set to {'not ' if dated else ''}a dated report; "
                    f"{plural(len(changed), 'suggestion')} recomputed. "
                    f"p again goes back to {_kind_name(kind)}; z does not undo it"
                )
        except (*STORE_ERRORS, ValueError) as err:
            self.app.call_from_thread(
                self.notify, f"Page kind not set: {err}", severity="error", markup=False
            )
            return
        self.app.call_from_thread(self._page_kind_set, group_id, said)

    def _page_kind_set(self, group_id: str, said: str) -> None:
        self.reload(keep=group_id)
        self._shown = None
        self.show_current()
        self.notify(said, timeout=8, markup=False)

    # -- learning from the reviewer ---------------------------------------

    def start_refit(self) -> None:
        """Refit now, or as soon as the running refit ends: one worker at a time, since
        two would only share the CPU (and the GIL) with the UI thread."""
        if self._refitting:
            self._refit_again = True
            return
        self._refitting, self._refit_again = True, False
        self.refit()

    @work(thread=True, group="learn", exit_on_error=False)
    def refit(self) -> None:
        """Fit the gated model on the labels so far and store every pending group's
        suggestion (learned, or the rules' back). Off the UI thread: features of a big
        project take seconds; the store writes in short chunks (``set_suggestions``).
        The queue's rows take their new suggestion as they are shown
        (``_with_stored_suggestion``): going over 100,000 of them here would cost the
        UI thread seconds."""
        from claimcheck.carry import may_open
        from claimcheck.learn import Learner, project_records, suggestion_rows, too_few

        learned = None
        # No cyclic collection meanwhile: the refit makes ~10 objects a group, and a full
        # collection of them (in whichever thread allocates) landed on key presses.
        with paused_gc(), _short_gil_turns():
            try:
                labels = self.project.labels()
                learned = None
                if self._learner is None and not self.project.has_replaced_suggestions():
                    learned = too_few(labels.values())  # no features until they could help
                    if learned is not None and may_open(labels.values()):
                        learned = None  # dated news may be carried (carry.py)
                if learned is None:  # build the features once, fit, store what changed
                    if self._learner is None:
                        self._learner = Learner(project_records(self.project.learning_rows()))
                    learned, updates = self._learner.refit(labels)
                    self.project.set_suggestions(suggestion_rows(updates))
            except (*STORE_ERRORS, ValueError) as err:
                self.app.call_from_thread(
                    self.notify, f"Learning from your labels failed: {err}", title="Learning",
                    severity="warning", timeout=8, markup=False,
                )  # fmt: skip
            finally:
                self.app.call_from_thread(self._refitted, learned)

    def _refitted(self, learned: Learned | None) -> None:
        """Say when the gate's outcome changed; show the current group's new suggestion."""
        self._refitting = False
        if self._refit_again:
            self.start_refit()
        if learned is None:
            return
        before, self._learned = self._learned, learned
        if learned.n_labels:  # whose suggestions these are, or why the rules' stay
            self._stats.show_learning(learned.headline)
        shown = (learned.use_model, learned.carry.use)
        if learned.n_labels and (before is None or (before.use_model, before.carry.use) != shown):
            said = [learned.reason] + ([learned.carry.reason] if learned.carry.use else [])
            self.notify("; ".join(said), title="Learning", timeout=6, markup=False)
        current = self.queue.current
        if current is not None:
            fresh = self._with_stored_suggestion(current)
            if fresh is not current:
                self._refresh_shown_row(fresh)
        if self.view.sort == "confidence" and len(self.queue.rows) <= RESORT_MAX:
            self.reload(keep=current.group_id if current else None)  # least sure first, anew

    def _with_stored_suggestion(self, row: QueueRow) -> QueueRow:
        """``row`` with the suggestion the store holds now (a refit may have replaced it),
        put in its place in the queue; ``row`` itself when unchanged. Only the suggestion
        comes from the store's cache: the row's decision is what the view last read."""
        cached = self.project.cached_row(row.group_id)
        if cached is None or _suggestion(cached) == _suggestion(row):
            return row
        fresh = replace(
            row, suggested_label=cached.suggested_label, confidence=cached.confidence,
            explanation=cached.explanation,
        )  # fmt: skip
        self.queue.update_row(fresh)
        return fresh

    # -- export -----------------------------------------------------------

    def action_sources(self) -> None:
        from claimcheck.tui.screens.sources import SourcesScreen

        self.app.push_screen(SourcesScreen(self.project))

    def action_conflicts(self) -> None:
        from claimcheck.tui.screens.conflicts import ConflictsScreen

        self.app.push_screen(ConflictsScreen(self.project))

    def action_agreement(self) -> None:
        from claimcheck.tui.screens.agreement import AgreementScreen

        self.app.push_screen(AgreementScreen(self.project))

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

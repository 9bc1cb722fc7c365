"""The queue of claim groups: a Line API list that renders only visible rows.

A ScrollView draws each visible line on demand, so 100,000 groups cost no
more to show or scroll than 100; the rows are the store's QueueRow objects.
"""

from __future__ import annotations

import bisect
from operator import attrgetter

from rich.style import Style
from rich.text import Text
from textual import events
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from claimcheck.labels import BY_ID, RECORDS
from claimcheck.store import QueueRow
from claimcheck.tui.fit import distinct_text
from claimcheck.tui.literal import one_line
from claimcheck.tui.messages import GroupHighlighted

_POSITION = attrgetter("position")
# Short state tags keep the text column wide.
STATE_TAG = {**{r.id: r.short for r in RECORDS}, "skipped": "skipped", "pending": "·"}
# The suggested label as a letter before its confidence: readable without colour.
SUGGESTED_TAG = {r.id: r.short[0].upper() for r in RECORDS}
assert len(set(SUGGESTED_TAG.values())) == len(RECORDS), "two labels share a letter"


# After the state: a labelled group that gained members since (store.Project.grown).
CHANGED_MARK = "+"
# What each mark on a queue row means (the help screen's legend).
LEGEND = (
    ("·", "pending: no decision yet"),
    (" / ".join(r.short for r in RECORDS), "your label (the state column)"),
    ("skipped", "passed over for now (the skipped filter lists them)"),
    ("⚑", "flagged for a second look"),
    (CHANGED_MARK, "changed since you labelled it: a re-grouping gave it members your label"
     " was not given for (v: the changed filter); label it again to clear"),
    (
        "G 0.74",
        "the suggested label ("
        + ", ".join(f"{SUGGESTED_TAG[r.id]} {r.short}" for r in RECORDS)
        + ") and how sure it is (0-1), in its label's colour; — none",
    ),
    ("3×2", "3 member sentences in 2 documents"),
    ("…", "words left out: at the end, or an opening shared with the rows around it"),
)


def _tag(state: str) -> str:
    return STATE_TAG.get(state, state)


class QueueList(ScrollView, can_focus=True, inherit_bindings=False):
    """Claim groups, one per line: state, flag, the suggested label and its confidence, size ×
    documents, representative text (the help screen's legend explains each)."""

    COMPONENT_CLASSES = {
        "queue-list--cursor",
        "queue-list--pending",
        *(f"queue-list--{r.id}" for r in RECORDS),
        "queue-list--skipped",
        "queue-list--flag",
        "queue-list--changed",
        "queue-list--dim",
    }

    DEFAULT_CSS = "\n".join(
        f"QueueList > .queue-list--{r.id} {{ color: {r.colour}; text-style: bold; }}"
        for r in RECORDS
    )

    # No repaint of the whole list on a move: watch_cursor refreshes the two lines that change.
    cursor: reactive[int] = reactive(0, always_update=True, init=False, repaint=False)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.rows: list[QueueRow] = []
        self._index: dict[str, int] = {}
        # After ``reshape``, index entries from here on may be stale until _reindex runs
        # (after the next frame); len(rows) when the index is whole.
        self._stale_from = 0
        # Scrolling one line redraws every visible line; rows are immutable, so cache them.
        self._strips: LRUCache[tuple[QueueRow, int, bool, bool, int, bool], Strip] = LRUCache(
            1024
        )
        # Labelled groups that gained members at a re-grouping: group_id -> how many
        # (store.Project.grown; the screen fills it and drops a group once relabelled).
        self.grown: dict[str, int] = {}
        # The state column is as wide as the widest state in the view: "·" until a
        # label is given, so the text keeps the room.
        self._tag_width = 1
        # Styles, until the CSS changes: DOMNode.rich_style walks every ancestor, and
        # each refresh() clears Textual's own component-style cache.
        self._base_style: Style | None = None
        self._styles: dict[tuple[str, bool], Style] = {}

    # -- data -------------------------------------------------------------

    @property
    def current(self) -> QueueRow | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def set_rows(self, rows: list[QueueRow], cursor: int = 0) -> None:
        """Replace the whole view; ``cursor`` is clamped to the new rows."""
        self.rows = rows
        self._strips.clear()  # a row's line depends on its neighbours (distinct_text)
        self._tag_width = max((len(_tag(s)) for s in {r.state for r in rows}), default=1)
        self._index = {row.group_id: i for i, row in enumerate(rows)}
        self._stale_from = len(rows)
        self.virtual_size = Size(0, len(rows))
        self.cursor = max(0, min(cursor, len(rows) - 1))
        self.refresh()

    def index_of(self, group_id: str) -> int | None:
        index = self._index.get(group_id)
        if index is None or index < self._stale_from:
            return index
        for i in range(self._stale_from, len(self.rows)):  # until the re-index: look
            if self.rows[i].group_id == group_id:
                return i
        return None

    def update_row(self, row: QueueRow) -> None:
        """Show a group's new state in place; the view does not reshuffle under the cursor."""
        index = self.index_of(row.group_id)
        if index is not None:
            self.rows[index] = row
            if len(_tag(row.state)) > self._tag_width:  # a wider state column for all
                self._tag_width = len(_tag(row.state))
                self.refresh()
            self._refresh_row(index)

    def reshape(self, gone: list[str], new: list[QueueRow]) -> None:
        """Rows gone (merged away) and rows new (split out, or back by an undo), in a view
        in position order: only the rows after a change are re-indexed, where set_rows
        builds an index of every row (tens of ms at 100,000)."""
        rows = self.rows
        for group_id in gone:
            i = self.index_of(group_id)
            if i is not None:
                del rows[i]
                self._index.pop(group_id)
                self._stale_from = min(self._stale_from, i)
        for row in new:
            at = bisect.bisect_left(rows, row.position, key=_POSITION)
            rows.insert(at, row)
            self._index[row.group_id] = at
            self._stale_from = min(self._stale_from, at)
        self.virtual_size = Size(0, len(rows))
        self.refresh()
        # The rows after the change shift by one: their index entries are fixed after
        # the frame that shows the change (up to 100,000 of them: tens of ms).
        self.call_after_refresh(self._reindex)

    def _reindex(self) -> None:
        rows, index = self.rows, self._index
        for i in range(self._stale_from, len(rows)):
            index[rows[i].group_id] = i
        self._stale_from = len(rows)

    def next_pending(self, after: int) -> int | None:
        """The first pending row after ``after``, wrapping round; None if there is none."""
        count = len(self.rows)
        for step in range(1, count + 1):
            index = (after + step) % count
            if self.rows[index].state == "pending":
                return index
        return None

    # -- cursor -----------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self._refresh_row(old)
        self._refresh_row(new)
        self._keep_visible(new)
        self.post_message(GroupHighlighted(self.current, new))

    def _keep_visible(self, index: int) -> None:
        """Off screen, put the cursor mid-view: then most moves redraw two lines, not all."""
        top, height = int(self.scroll_y), self.scrollable_content_region.height
        if height <= 0 or top <= index < top + height:
            return
        self.scroll_to(y=max(0, index - height // 2), animate=False, force=True, immediate=True)

    def move(self, delta: int) -> None:
        if self.rows:
            self.cursor = max(0, min(self.cursor + delta, len(self.rows) - 1))

    def move_to(self, index: int) -> None:
        if self.rows:
            self.cursor = max(0, min(index, len(self.rows) - 1))

    def page(self, direction: int) -> None:
        self.move(direction * max(1, self.scrollable_content_region.height - 1))

    def _refresh_row(self, index: int) -> None:
        y = index - int(self.scroll_y)
        if 0 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    async def _on_click(self, event: events.Click) -> None:
        index = int(self.scroll_y) + event.y
        if 0 <= index < len(self.rows):
            self.cursor = index

    # -- rendering --------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width  # not under the scrollbar
        base = self._base_style
        if base is None:
            base = self._base_style = self.rich_style
        if index >= len(self.rows):
            return Strip.blank(width, base)
        row, is_cursor = self.rows[index], index == self.cursor
        changed = row.group_id in self.grown
        key = (row, width, is_cursor, self.has_focus, self._tag_width, changed)
        strip = self._strips.get(key)
        if strip is None:
            text = self._row_text(index, width)
            if is_cursor:
                text.stylize(self._style("cursor", partial=False))
            strip = Strip(text.render(self.app.console), text.cell_len)
            strip = strip.crop_extend(0, width, base).apply_style(base)
            self._strips[key] = strip
        return strip

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()
        self._base_style = None
        self._styles.clear()

    def _style(self, name: str, partial: bool = True) -> Style:
        # Keyed by focus too: a focus change restyles the cursor (``QueueList:focus``)
        # without always calling notify_style_update.
        key = (name, self.has_focus)
        style = self._styles.get(key)
        if style is None:
            style = self.get_component_rich_style(f"queue-list--{name}", partial=partial)
            self._styles[key] = style
        return style

    def _row_text(self, index: int, width: int) -> Text:
        """State, flag, confidence, size×documents, then the text: the words that tell
        the row apart from its neighbours, cut at a word (see ``fit.distinct_text``)."""
        row = self.rows[index]
        state = row.state
        text = Text(no_wrap=True, end="")
        text.append(f"{_tag(state):<{self._tag_width}}", self._style(state))
        changed = row.label is not None and row.group_id in self.grown
        text.append(CHANGED_MARK if changed else " ", self._style("changed"))
        text.append("⚑" if row.flagged else " ", self._style("flag"))
        if row.confidence is not None and row.suggested_label in BY_ID:
            tag = SUGGESTED_TAG[row.suggested_label]
            text.append(f"{tag} {row.confidence:.2f} ", self._style(row.suggested_label))
        else:
            text.append("   —   ", self._style("dim"))
        text.append(f"{row.size:>4}×{row.n_docs:<3}", self._style("dim"))
        room = max(1, width - text.cell_len)
        text.append(distinct_text(one_line(row.text), self._neighbours(index), room))
        return text

    def _neighbours(self, index: int) -> list[str]:
        rows = self.rows
        return [one_line(rows[i].text) for i in (index - 1, index + 1) if 0 <= i < len(rows)]

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return viewport.width

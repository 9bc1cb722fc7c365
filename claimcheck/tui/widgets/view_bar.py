"""The line above the queue: which filter, sort and search the view shows."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.widgets import Static

from claimcheck.labels import RECORDS
from claimcheck.tui.fit import first_fit
from claimcheck.tui.literal import one_line

# The store's filters (``store.FILTERS`` and ``suggested:<label>``) as the app names them.
FILTER_NAMES = {
    "all": "all groups",
    "pending": "pending",
    **{r.id: r.name for r in RECORDS},
    "skipped": "skipped",
    "flagged": "flagged",
    "cross": "cross-document",
    "changed": "changed since labelled",
    **{f"suggested:{r.id}": f"suggested {r.name}" for r in RECORDS},
}
# The store's sorts (``store.SORTS``, whose order ``o`` cycles through) as the app names them.
SORT_NAMES = {
    "position": "document order",
    "size": "group size",
    "docs": "documents spanned",
    "confidence": "least sure first",
    "suggested": "suggested label",
}


@dataclass(frozen=True)
class View:
    """What the queue shows: the store's filter, search and sort arguments."""

    filter: str = "all"
    search: str = ""
    sort: str = "position"


class ViewBar(Static):
    """Filter, sort, search and where the cursor is, with how many groups the filter
    leaves of all of them; fewer words, never fewer numbers, when narrow."""

    _last: tuple[View, int, int, int] | None = None
    # Under a desk's overlap setting: whose share the queue is ("ana"); "" for all groups.
    share = ""

    def show_view(self, view: View, count: int, cursor: int, total: int) -> None:
        """``count`` groups in the view, ``total`` in the project (or in the reviewer's
        share), the cursor at ``cursor``."""
        self._last = (view, count, cursor, total)
        width = self.content_region.width or self.app.size.width
        self.update(first_fit(self._lines(view, count, cursor, total), width), layout=False)

    def on_resize(self, event: events.Resize) -> None:
        if self._last is not None:
            self.show_view(*self._last)

    def _lines(self, view: View, count: int, cursor: int, total: int) -> Iterator[Text]:
        position = f"{cursor + 1:,}/{count:,}" if count else "0 groups"
        name = FILTER_NAMES.get(view.filter, view.filter)
        if view.filter == "all" and self.share:  # not all groups: the reviewer's share
            name = f"{one_line(self.share)}'s share"
        shown = f"{name} ({count:,} of {total:,})" if view.filter != "all" else name
        for sort in (SORT_NAMES.get(view.sort, view.sort), view.sort):
            text = Text(no_wrap=True, end="")
            text.append(shown, "bold")
            text.append(f" · {sort}")
            if view.search:
                text.append(" · /")
                text.append(one_line(view.search), "italic")
            text.append(f" · {position}")
            yield text

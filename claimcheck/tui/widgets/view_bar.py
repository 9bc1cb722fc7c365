"""The line above the queue: which filter, sort and search the view shows."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.widgets import Static

from claimcheck.labels import RECORDS
from claimcheck.tui.literal import one_line

# The store's filters (``store.FILTERS`` and ``suggested:<label>``) as the app names them.
FILTER_NAMES = {
    "all": "all groups",
    "pending": "pending",
    **{r.id: r.name for r in RECORDS},
    "skipped": "skipped",
    "flagged": "flagged",
    "cross": "cross-document",
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
    def show_view(self, view: View, count: int, cursor: int) -> None:
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        text.append(FILTER_NAMES.get(view.filter, view.filter), "bold")
        text.append(f" · {SORT_NAMES.get(view.sort, view.sort)}")
        if view.search:
            text.append(" · /")
            text.append(one_line(view.search), "italic")
        position = f"{cursor + 1:,}/{count:,}" if count else "0 groups"
        text.append(f" · {position}")
        self.update(text, layout=False)  # always one line

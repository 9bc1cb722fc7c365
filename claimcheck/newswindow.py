"""The weeks a corpus's dated reports cover, and whether a date falls inside them.

LABELS puts a specific claim under dated news when "a dated report in the corpus
backs" it. An explainer that says "Nvidia's market value passed $3 trillion in
June 2024" or a timeline's "4 January: The deployment rises again" names a time
inside the days the corpus's own news pages report on: the event those reports
cover, not history the page tells from memory (the corpus's news pages say
"April 2021" only as background). The window is the days within ``MARGIN_DAYS``
of a dated news page's date.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import NamedTuple

from .pagekind import PageKind

MARGIN_DAYS = 14  # a report names days shortly before it; a follow-up comes days after


class NewsWindow(NamedTuple):
    """Days within ``MARGIN_DAYS`` of a dated news page's date: merged, sorted spans."""

    spans: tuple[tuple[date, date], ...]

    def contains(self, year: int, month: int, day: int = 0) -> bool:
        """The day (``day`` 0: any day of the month) falls inside."""
        if day == 0:
            return any(
                (a.year, a.month) <= (year, month) <= (b.year, b.month) for a, b in self.spans)
        try:
            when = date(year, month, day)
        except ValueError:  # 29 February in a year without one
            return False
        return any(a <= when <= b for a, b in self.spans)


def news_window(kinds: Iterable[PageKind], margin_days: int = MARGIN_DAYS) -> NewsWindow | None:
    """The window of the dated news pages among ``kinds`` (None when none has a full date).
    Each page's date counts on its own: a corpus of reports from 2019 and 2024 covers
    two stretches of weeks, not the years between."""
    days = sorted({date.fromisoformat(k.date.iso) for k in kinds if k.is_news and k.date.year})
    if not days:
        return None
    margin = timedelta(days=margin_days)
    spans: list[tuple[date, date]] = []
    for day in days:
        lo, hi = day - margin, day + margin
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], hi)
        else:
            spans.append((lo, hi))
    return NewsWindow(tuple(spans))

"""The review queue: one row per visible group, cached in memory, filtered and sorted.

Filters and sorts run over an in-memory copy of the queue (built once, patched on each
decision or surgery, rebuilt when another app commits): at 100,000 groups that is tens
of ms, where a SQL query building 100,000 frozen rows costs ~0.4 s.
"""

from __future__ import annotations

import bisect
import gc
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, replace
from itertools import count
from operator import attrgetter
from typing import Any

from ..models import LABELS
from .connection import ProjectError
from .search import search_terms

SKIPPED = "skipped"
PENDING = "pending"
CHANGED = "changed"  # labelled groups that gained members at a re-grouping (carry.py)
FILTERS = ("all", "pending", *LABELS, "skipped", "flagged", "cross", CHANGED)


@dataclass(frozen=True, slots=True)
class QueueRow:
    group_id: str
    position: int
    size: int
    n_docs: int
    text: str  # the representative's text
    label: str | None
    skipped: bool
    flagged: bool
    note: str
    suggested_label: str | None
    confidence: float | None
    explanation: str

    @property
    def state(self) -> str:
        return self.label or (SKIPPED if self.skipped else PENDING)


@dataclass(frozen=True, slots=True)
class Stats:
    total: int
    labelled: int
    per_label: dict[str, int]
    skipped: int
    flagged: int
    rate_per_min: float | None  # label/skip decisions per minute in this session
    eta_seconds: float | None  # pending groups at that rate


@dataclass(slots=True)
class Tally:
    """Groups per decision state, for ``Project.stats``."""

    total: int
    states: dict[str, int] = field(default_factory=lambda: dict.fromkeys((*LABELS, SKIPPED), 0))
    flagged: int = 0

    def apply(self, action: str, value: str | None, previous: str | None) -> None:
        if action == "flag":
            self.flagged += (value == "1") - (previous == "1")
        elif action in ("label", "skip"):
            if previous in self.states:
                self.states[previous] -= 1
            if value in self.states:
                self.states[value] += 1

    def replace(self, old: QueueRow | None, new: QueueRow | None) -> None:
        """A group's row changed (surgery: it may appear or vanish, its state move)."""
        for row, sign in ((old, -1), (new, 1)):
            if row is None:
                continue
            self.total += sign
            self.flagged += sign * row.flagged
            if row.state in self.states:
                self.states[row.state] += sign


QUEUE_SELECT = """
SELECT g.group_id, g.position, g.size, g.n_docs, g.text, l.label,
       coalesce(l.skipped, 0), coalesce(l.flagged, 0), coalesce(l.note, ''),
       g.suggested_label, g.confidence, g.explanation
FROM groups g LEFT JOIN labels l ON l.group_id = g.group_id
"""
_FILTERS: dict[str, Callable[[QueueRow], bool]] = {
    "all": lambda r: True,
    "pending": lambda r: r.label is None and not r.skipped,
    "skipped": lambda r: r.label is None and r.skipped,
    "flagged": lambda r: r.flagged,
    "cross": lambda r: r.n_docs > 1,
    **{label: (lambda r, x=label: r.label == x) for label in LABELS},
}
# Python sorts are stable: ties keep queue (position) order. Groups without a
# suggestion count as the least sure: nothing vouches for them.
_SORTS: dict[str, Callable[[QueueRow], Any] | None] = {
    "position": None,
    "size": lambda r: -r.size,
    "docs": lambda r: (-r.n_docs, -r.size),
    "confidence": lambda r: -1.0 if r.confidence is None else r.confidence,
    "suggested": lambda r: (
        r.suggested_label is None, r.suggested_label or "", -(r.confidence or 0.0)
    ),
}  # fmt: skip
SORTS = tuple(_SORTS)  # in the order the review app cycles through them
_UNDECIDED = (None, 0, 0, "")


class QueueMixin:
    """The queue part of ``Project`` (see project.py for the shared state)."""

    def queue(
        self, filter: str = "all", search: str = "", sort: str = "position"
    ) -> list[QueueRow]:
        """Groups to review. ``filter``: one of FILTERS or ``suggested:<label>``;
        ``search``: substring of any member text, case and accents aside (search.py);
        ``sort``: one of SORTS (``confidence`` puts the least sure first). Merged-away
        groups are not shown."""
        keep = self._changed_filter() if filter == CHANGED else _filter(filter)
        if sort not in _SORTS:
            raise ValueError(f"unknown sort {sort!r}; one of {', '.join(SORTS)}")
        with self._lock:
            rows = self._all_rows()
            if search:
                found = (self._index.get(g) for g in self._search(search))
                rows = [rows[i] for i in found if i is not None]
            if self._hidden:
                rows = [r for r in rows if r.size]
            chosen = rows if filter == "all" else [r for r in rows if keep(r)]
        key = _SORTS[sort]
        return sorted(chosen, key=key) if key else list(chosen)

    def _changed_filter(self) -> Callable[[QueueRow], bool]:
        grown = self.grown()
        return lambda r: r.group_id in grown and r.label is not None

    def _search(self, text: str) -> list[str]:
        terms = search_terms(text)
        rows = self._read(
            "SELECT g.group_id FROM group_text t JOIN groups g ON g.position = t.position"
            " WHERE " + " OR ".join(["instr(t.search, ?) > 0"] * len(terms))
            + " ORDER BY t.position",
            terms,
        )
        return [g for (g,) in rows]

    def _all_rows(self) -> list[QueueRow]:
        """The cached queue, rebuilt if another connection committed since it was built."""
        version = self._version()
        if self._rows is None or version != self._rows_version:
            self._detect_team()
            labels = self._own if self._own is not None else {
                r[0]: r[1:]
                for r in self._read("SELECT group_id, label, skipped, flagged, note FROM labels")
            }  # fmt: skip
            static = self._read(
                "SELECT group_id, position, size, n_docs, text, suggested_label, confidence,"
                " explanation FROM groups WHERE size > 0 ORDER BY position"
            )
            if self._queue_only is not None:  # adjudicating: the disputed groups only
                static = [r for r in static if r[0] in self._queue_only]
            else:  # a desk with an overlap setting: this reviewer's share (share.py)
                mine = self._my_share([r[0] for r in static])
                self._shared = mine is not None
                if mine is not None:
                    static = [r for r in static if r[0] in mine]
            gc_was = gc.isenabled()
            gc.disable()  # 100,000 new objects would trigger many useless collections
            try:
                self._rows = [cached_row(r, labels.get(r[0])) for r in static]
            finally:
                if gc_was:
                    gc.enable()
            self._reindex()
            self._hidden = 0  # rows of merged-away groups in the cache
            self._rows_version = version
        return self._rows

    def _patch(self, group_id: str) -> QueueRow | None:
        """Refresh one cached row after this connection changed its decision; the row."""
        with self._lock:
            try:
                row = self._fetch_row(group_id)
            except (ProjectError, KeyError):
                self._rows = None  # the decision is saved; rebuild the queue on next use
                return None
            i = self._index.get(group_id) if self._rows is not None else None
            if i is not None and self._rows is not None:
                self._rows[i] = row
            return row

    def _patch_many(self, group_ids: Iterable[str]) -> None:
        """Refresh the cached rows of groups that surgery changed: one read; rows may
        appear (a split-out group) or vanish (a merged one); counts follow."""
        wanted = sorted(set(group_ids))
        marks = ",".join("?" * len(wanted))
        fresh = {r[0]: queue_row(r) for r in self._read(
            f"{QUEUE_SELECT} WHERE g.group_id IN ({marks})", wanted)}  # fmt: skip
        with self._lock:
            rows = self._rows
            if self._own is not None:  # a team: own decisions moved too; replay them anew
                self._rows, self._tally, self._team_known = None, None, False
                return
            if rows is None:
                self._tally = None  # nothing cached to compare with: recount on next use
                return
            for gid in wanted:
                old, new = self.cached_row(gid), fresh.get(gid)
                if self._tally is not None:
                    self._tally.replace(_shown(old), _shown(new))
                i = self._index.get(gid)
                if i is not None and new is not None:
                    # A merged-away group stays in place with size 0 (hidden by queue()):
                    # removing it would shift, and re-index, every row after it.
                    self._hidden += (new.size == 0) - (rows[i].size == 0)
                    rows[i] = new
                elif new is None or new.size == 0:
                    continue
                elif not rows or rows[-1].position < new.position:
                    self._index[gid] = len(rows)  # a split-out group: last, nothing shifts
                    rows.append(new)
                elif new is not None:
                    at = bisect.bisect_left(rows, new.position, key=_position)
                    rows.insert(at, new)
                    self._reindex()

    def _reindex(self) -> None:
        """Rows moved: the index anew (built in C, no Python loop per row)."""
        if self._rows is not None:
            self._index = dict(zip(map(_group_id, self._rows), count(), strict=False))

    def _fetch_row(self, group_id: str) -> QueueRow:
        rows = self._read(f"{QUEUE_SELECT} WHERE g.group_id = ?", (group_id,))
        if not rows:
            raise KeyError(group_id)
        row = queue_row(rows[0])
        if self._own is not None:  # a team: this reviewer's decision, not the desk's latest
            label, skipped, flagged, note = self._own_state(group_id)
            row = replace(row, label=label, skipped=skipped, flagged=flagged, note=note)
        return row

    def row(self, group_id: str) -> QueueRow:
        """One group's row, read afresh from the file (after another app's commit, as
        a team's member sees it: see reviewers.py)."""
        with self._lock:
            if self._team_version != self._version():
                self._detect_team()
            return self._fetch_row(group_id)

    def cached_row(self, group_id: str) -> QueueRow | None:
        """The queue cache's row of a group (no file read); None if not cached."""
        with self._lock:
            i = self._index.get(group_id) if self._rows is not None else None
            return self._rows[i] if self._rows is not None and i is not None else None

    # ---- progress

    def stats(self) -> Stats:
        tally = self._current_tally()
        total, skipped, flagged = tally.total, tally.states[SKIPPED], tally.flagged
        per_label = {label: tally.states[label] for label in LABELS}
        labelled = sum(per_label.values())
        rate = self._rate()
        pending = total - labelled - skipped
        eta = pending / rate * 60 if rate else None
        return Stats(total, labelled, per_label, skipped, flagged, rate, eta)

    def _current_tally(self) -> Tally:
        """The counts, recounted only when another connection committed: the review app
        asks after every key, and the recount is ~0.1 s once 100,000 groups are decided
        (an import makes that many at once)."""
        with self._lock:
            version = self._version()
            if self._tally is None or version != self._tally_version:
                self._tally = self._count()
                self._tally_version = version
            return self._tally

    def _count(self) -> Tally:
        if self._own is not None or self._shared:  # a team, or a share: counted in memory
            return _tally_of(r for r in self._all_rows() if r.size)
        (total,) = self._read("SELECT count(*) FROM groups WHERE size > 0")[0]
        counts = self._read(
            """SELECT l.label, sum(l.label IS NULL AND l.skipped), sum(l.flagged), count(*)
               FROM labels l JOIN groups g ON g.group_id = l.group_id
               WHERE g.size > 0 GROUP BY l.label"""
        )
        tally = Tally(total)
        for label, n_skipped, n_flagged, n in counts:
            if label is not None:
                tally.states[label] = n
            tally.states[SKIPPED] += n_skipped or 0
            tally.flagged += n_flagged or 0
        return tally

    def _counted(self, action: str, value: str | None, previous: str | None) -> None:
        """Bring the counts up to date with a committed decision of this connection."""
        if self._tally is not None:
            self._tally.apply(action, value, previous)

    def _rate(self) -> float | None:
        """Label/skip decisions per minute, from this session's first to its last."""
        times = self._decided_at
        if len(times) < 2 or times[-1] <= times[0]:
            return None
        return (len(times) - 1) / (times[-1] - times[0]) * 60


def _tally_of(rows: Iterable[QueueRow]) -> Tally:
    tally = Tally(0)
    for row in rows:
        tally.replace(None, row)
    return tally


def _filter(filter: str) -> Callable[[QueueRow], bool]:
    if filter.startswith("suggested:"):
        wanted = filter.partition(":")[2]
        return lambda r: r.suggested_label == wanted
    if filter not in _FILTERS:
        raise ValueError(f"unknown filter {filter!r}; one of {', '.join(FILTERS)}")
    return _FILTERS[filter]


def _shown(row: QueueRow | None) -> QueueRow | None:
    return row if row is not None and row.size > 0 else None


_group_id = attrgetter("group_id")
_position = attrgetter("position")
_SLOT_SETTERS = tuple(getattr(QueueRow, f.name).__set__ for f in fields(QueueRow))
_new = object.__new__


def cached_row(
    static: tuple, decision: tuple | None, new=_new, cls=QueueRow, s=_SLOT_SETTERS
) -> QueueRow:
    """A QueueRow built through its slots: 3x faster than the frozen dataclass __init__
    (which goes through object.__setattr__ per field), and 100,000 of them are built
    for the first queue() of a big project. Fields are set in declaration order."""
    gid, pos, size, n_docs, text, sug, conf, expl = static
    label, skipped, flagged, note = decision or _UNDECIDED
    row = new(cls)
    s[0](row, gid), s[1](row, pos), s[2](row, size), s[3](row, n_docs), s[4](row, text)
    s[5](row, label), s[6](row, bool(skipped)), s[7](row, bool(flagged)), s[8](row, note)
    s[9](row, sug), s[10](row, conf), s[11](row, expl)
    return row


def queue_row(r: tuple) -> QueueRow:
    gid, pos, size, n_docs, text, label, skipped, flagged, note, sug, conf, expl = r
    return QueueRow(
        gid, pos, size, n_docs, text, label, bool(skipped), bool(flagged), note, sug, conf, expl
    )

"""Reviewers: each reviewer's labels, notes, flags and skips are their own.

The decision log carries every entry's reviewer, so one reviewer's decisions are the
replay of their entries (``log.replay(entries, reviewer=name)``). The ``labels``
table stays the desk's latest decision on each group, field by field, whoever made
it (what a project with one reviewer shows and exports, unchanged).

A project is reviewed *as a team* once the log holds decisions by someone other than
the reviewer who opened it. Then the queue, the counts and the detail pane show the
opening reviewer's own decisions only (blind review: others' labels stay hidden until
adjudication), held in memory: built by one replay when the queue is built, and kept
up to date by this reviewer's own decisions, so a label key costs no more round
trips than alone. Group surgery is structure, not judgement: every reviewer sees it.

Adjudication (``adjudicate``) is a log entry too: the final label of a group the
reviewers disagreed on, by the adjudicator.
"""

from __future__ import annotations

import getpass
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from ..models import LABELS
from .log import Decision, State, _plain, replay


def login_name() -> str:
    """Who reviews when no one is named: the login name; getuser() fails where no user
    database or variable names one."""
    try:
        return getpass.getuser()
    except (KeyError, OSError, ImportError):
        return "reviewer"


# Entries that are a reviewer's judgement on a group (the rest is structure, re-grouping
# bookkeeping, conflict verdicts or adjudication).
JUDGEMENTS = ("label", "skip", "flag", "note")
ADJUDICATE = "adjudicate"
_REGROUPING = ("carry", "orphan", "reattach")  # nobody's judgement: every reviewer's replay
_LOG_FIELDS = "seq, group_id, action, value, previous, reviewer, at, undoes, detail"


def reviewers_of(entries: Iterable[Decision]) -> list[str]:
    """The reviewers who made at least one judgement (label, skip, flag, note), sorted."""
    return sorted({d.reviewer for d in entries if d.action in JUDGEMENTS})


def labels_by_reviewer(entries: Iterable[Decision]) -> dict[str, dict[str, str]]:
    """reviewer -> {group_id: label} of the groups they labelled (skips, flags and
    notes alone are not labels), each reviewer's entries replayed on their own."""
    return {
        name: {g: s[0] for g, s in states.items() if s[0] is not None}
        for name, states in states_by_reviewer(entries).items()
    }


def states_by_reviewer(entries: Iterable[Decision]) -> dict[str, dict[str, State]]:
    """reviewer -> their decided groups' (label, skipped, flagged, note): each reviewer's
    entries (and the re-grouping's, which count for all) replayed on their own, the log
    read once rather than once per reviewer (an undo or redo is of the undoer's own
    entry: a session's)."""
    entries = list(entries)
    own: dict[str, list[Decision]] = {name: [] for name in reviewers_of(entries)}
    for d in entries:
        if d.action in _REGROUPING:
            for mine in own.values():
                mine.append(d)
        elif d.reviewer in own:
            own[d.reviewer].append(d)
    return {name: replay(mine, reviewer=name) for name, mine in own.items()}


def adjudications(entries: Iterable[Decision]) -> dict[str, tuple[str, str]]:
    """group_id -> (final label, adjudicator): the latest adjudication of each group
    (an adjudication with no value withdraws the earlier ones; an undo or redo of one
    restores the value it names, by whoever undid or redid it). A re-grouping that
    carries a group to another id (``carry``, ``reattach``) takes its final label
    along, as it takes the reviewers' labels (``replay``)."""
    final: dict[str, tuple[str, str] | None] = {}
    group_of: dict[int, str] = {}  # adjudication entry -> its group's id now
    seqs: dict[str, list[int]] = {}  # and back: group id -> its adjudication entries
    for d in entries:
        if d.action in _MOVES and d.previous is not None and d.previous in final:
            final[d.group_id] = final.pop(d.previous)
            moved = seqs.pop(d.previous, [])
            seqs.setdefault(d.group_id, []).extend(moved)
            group_of.update(dict.fromkeys(moved, d.group_id))
            continue
        if d.action == ADJUDICATE:
            group_of[d.seq] = gid = d.group_id
            seqs.setdefault(gid, []).append(d.seq)
        elif d.action in ("undo", "redo") and d.undoes in group_of:
            gid = group_of[d.undoes]
        else:
            continue
        final[gid] = (d.value, d.reviewer) if d.value in LABELS else None
    return {g: v for g, v in final.items() if v is not None}


_MOVES = ("carry", "reattach")  # a decision taken from one group id to another


def final_label(db: sqlite3.Connection, group_id: str) -> str | None:
    """The group's final label so far (adjudications, their undos and redos, and the
    re-groupings that carried it from other ids), read in ``db``'s open transaction."""
    ids, todo = {group_id}, [group_id]
    while todo:  # the ids this group was carried from, and theirs
        query = "SELECT previous FROM log WHERE group_id = ? AND action IN (?, ?)"
        for (old,) in db.execute(query, (todo.pop(), *_MOVES)):
            if old is not None and old not in ids:
                ids.add(old)
                todo.append(old)
    marks = ",".join("?" * len(ids))
    rows = db.execute(
        f"SELECT {_LOG_FIELDS} FROM log WHERE group_id IN ({marks})"
        " AND action IN (?, 'undo', 'redo', ?, ?) ORDER BY seq",
        (*ids, ADJUDICATE, *_MOVES),
    )
    return adjudications(Decision(*r) for r in rows).get(group_id, (None, ""))[0]


@dataclass(frozen=True, slots=True)
class Verdict:
    """A group's final label in a team: adjudicated, else the one label its reviewers
    gave, else none (disputed, or nobody labelled it)."""

    label: str | None
    agreement: str  # "" (no label), "single" (one reviewer), "agreed", "disputed"
    adjudicator: str = ""  # who adjudicated ("" if nobody did)


def verdict(given: Iterable[str | None], adjudication: tuple[str, str] | None) -> Verdict:
    """The final label of a group from its reviewers' labels and its adjudication."""
    labels = [g for g in given if g is not None]
    found = set(labels)
    agreement = (
        "" if not found else "disputed" if len(found) > 1
        else "agreed" if len(labels) > 1 else "single"
    )  # fmt: skip
    if adjudication is not None:
        return Verdict(adjudication[0], agreement, adjudication[1])
    return Verdict(next(iter(found)) if len(found) == 1 else None, agreement)


class ReviewersMixin:
    """The per-reviewer part of ``Project`` (see project.py for the shared state)."""

    def reviewers(self) -> list[str]:
        """Everyone who made a judgement in this project, sorted."""
        rows = self._read(
            "SELECT DISTINCT reviewer FROM log WHERE action IN (?,?,?,?) ORDER BY reviewer",
            JUDGEMENTS,
        )
        return [r for (r,) in rows]

    def reviewer_states(self, reviewer: str) -> dict[str, State]:
        """group_id -> (label, skipped, flagged, note) of one reviewer's decided groups."""
        return replay(self.log(), reviewer=reviewer)

    @property
    def team(self) -> bool:
        """True once someone else's judgements are in the log (checked when the queue is
        built, i.e. at opening and after another app's commit)."""
        self._all_rows()
        return self._own is not None

    def _detect_team(self) -> None:
        """Whether this is a team, and if so this reviewer's decisions (a replay): once
        per queue build, and at the first decision of a session that built none."""
        self._team_version = self._version()
        if self.adjudicating:
            self._detect_disputes()
        else:
            self._own = self._own_states() if self.blind and self._is_team() else None
        self._team_known = True

    def _is_team(self) -> bool:
        return bool(self._read(
            "SELECT 1 FROM log WHERE reviewer != ? AND action IN (?,?,?,?) LIMIT 1",
            (self.reviewer, *JUDGEMENTS),
        ))  # fmt: skip

    def _own_states(self) -> dict[str, State]:
        """This reviewer's decisions, from their log entries (and the re-grouping's)."""
        rows = self._read(
            f"SELECT {_LOG_FIELDS} FROM log WHERE reviewer = ?"
            " OR action IN ('carry', 'orphan', 'reattach') ORDER BY seq",
            (self.reviewer,),
        )
        return replay((Decision(*r) for r in rows), reviewer=self.reviewer)

    def _own_state(self, group_id: str) -> State:
        own = self._own or {}
        return own.get(group_id, (None, False, False, ""))

    def _own_set(self, group_id: str, state: State) -> None:
        if self._own is not None:
            plain = _plain(state)
            if plain == (None, False, False, ""):
                self._own.pop(group_id, None)
            else:
                self._own[group_id] = plain

    def adjudicate(self, group_id: str, label: str | None) -> Decision:
        """Log the final label of a group (None withdraws it), by this reviewer as the
        adjudicator; the reviewers' own labels stay as they were."""
        if label is not None and label not in LABELS:
            raise ValueError(f"unknown label {label!r}; one of {', '.join(LABELS)}")
        with self._write(f"save the final label for {group_id}") as db:
            if db.execute("SELECT 1 FROM groups WHERE group_id = ? AND size > 0",
                          (group_id,)).fetchone() is None:  # fmt: skip
                raise KeyError(group_id)
            return self.log_entry(db, group_id, ADJUDICATE, label, final_label(db, group_id))

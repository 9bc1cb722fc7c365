"""The decision log: every decision is an append-only entry carrying its reviewer.

Actions: ``label``, ``skip``, ``flag``, ``note`` (a group's decision), ``merge``,
``split``, ``move`` (group surgery, see surgery.py), ``undo`` and ``redo`` (entries too:
``undoes`` names the entry they reverse or re-apply), ``conflict`` (a verdict on a
conflict, keyed by its id), and ``carry``, ``orphan``, ``reattach`` (where a
re-grouping took a decision). Nothing in the log is ever updated or deleted (triggers
refuse it). The ``labels`` table is the state derived from it, updated in the same
transaction as each entry; ``replay`` derives it from the entries alone, which is how
the tests check the two agree. Each entry's ``entry_id`` is unique across files, so
copies of a project can later be merged entry by entry (issue 13), and each carries
its reviewer, so one reviewer's state is the replay of their entries.
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields

from ..gc_pause import paused_gc
from ..models import LABELS
from .connection import utc_now
from .queue import SKIPPED

# Conflict decisions (claimcheck.conflicts) go in the same append-only log, keyed by the
# conflict id in the group_id column: the audit trail stays one.
CONFLICT_ACTION = "conflict"
CONFLICT_VERDICTS = ("confirmed", "dismissed")
SURGERY = ("merge", "split", "move")
State = tuple  # (label, skipped, flagged, note): a group's decision
UNDECIDED: State = (None, 0, 0, "")
_UNDECIDED_ROW = (*UNDECIDED, "", "")  # with reviewer and labelled_at
LABEL_FIELDS = "group_id, label, skipped, flagged, note, reviewer, labelled_at"
_LOG_FIELDS = "seq, group_id, action, value, previous, reviewer, at, undoes, detail"


@dataclass(frozen=True, slots=True)
class Decision:
    seq: int
    group_id: str
    action: str  # label | skip | flag | note | merge | split | move | undo | redo | ...
    # label/skip: the group's state after and before (a label, "skipped" or None for
    # pending); flag: "1"/"0"; note: the text. undo/redo: the value restored and the
    # value it replaced. merge: the group merged in / the label dropped; split, move:
    # the group made or joined.
    value: str | None
    previous: str | None
    reviewer: str
    at: str  # ISO 8601 UTC
    undoes: int | None = None  # undo/redo: the entry reversed or re-applied
    detail: str = ""  # surgery: what moved and the states before/after (JSON)


def field_of(state: State, action: str) -> str | None:
    """The value ``action`` sets, from a (label, skipped, flagged, note) row."""
    label, skipped, flagged, note = state
    if action == "flag":
        return "1" if flagged else "0"
    if action == "note":
        return note
    return label or (SKIPPED if skipped else None)


def with_field(state: State, action: str, value: str | None) -> State:
    """``state`` after ``action`` set ``value``."""
    label, skipped, flagged, note = state
    if action == "flag":
        return label, skipped, value == "1", note
    if action == "note":
        return label, skipped, flagged, value or ""
    return (value if value in LABELS else None), value == SKIPPED, flagged, note


def replay(entries: Iterable[Decision], reviewer: str | None = None) -> dict[str, State]:
    """The decisions the log's entries amount to: group_id -> (label, skipped, flagged,
    note), undecided groups left out. ``reviewer``: that reviewer's entries only (the
    re-grouping entries, which are nobody's judgement, always count)."""
    state: dict[str, State] = {}
    orphans: dict[str, list[State]] = {}
    by_seq: dict[int, Decision] = {}
    for d in entries:
        by_seq[d.seq] = d
        if reviewer is not None and d.reviewer != reviewer and d.action not in _SYNC:
            continue
        original = by_seq.get(d.undoes) if d.undoes is not None else None
        if d.action in ("undo", "redo") and original is not None:
            if original.action in SURGERY and _own_moves(d):  # replayed by a merge
                _surgery_states(state, d.detail, forward=True)
            elif original.action in SURGERY:
                _surgery_states(state, original.detail, forward=d.action == "redo")
            elif original.action in ("label", "skip", "flag", "note"):  # not adjudications
                state[original.group_id] = with_field(
                    state.get(original.group_id, UNDECIDED), original.action, d.value
                )
        elif d.action in ("label", "skip", "flag", "note"):
            state[d.group_id] = with_field(state.get(d.group_id, UNDECIDED), d.action, d.value)
        elif d.action in SURGERY:
            _surgery_states(state, d.detail, forward=True)
        elif d.action == "carry" and d.previous is not None and d.previous in state:
            state[d.group_id] = state.pop(d.previous)
        elif d.action == "orphan":
            orphans.setdefault(d.group_id, []).append(state.pop(d.group_id, UNDECIDED))
        elif d.action == "reattach" and orphans.get(d.previous or ""):
            state[d.group_id] = orphans[d.previous or ""].pop()
    return {g: _plain(s) for g, s in state.items() if _plain(s) != _plain(UNDECIDED)}


_SYNC = ("carry", "orphan", "reattach")


def replay_members(
    base: Iterable[tuple[int, int, int]], entries: Iterable[Decision]
) -> set[tuple[int, int, int]]:
    """The (position, rank, uid) memberships that ``base`` (as loaded by the last
    re-grouping) becomes through the surgery entries after it, undo and redo included."""
    members = set(base)
    for uid, fp, fr, tp, tr in member_moves(entries):
        members.discard((fp, fr, uid))
        members.add((tp, tr, uid))
    return members


def unreplay_members(
    members: Iterable[tuple[int, int, int]], entries: Iterable[Decision]
) -> set[tuple[int, int, int]]:
    """The memberships before ``entries``' surgery: ``replay_members`` backwards (what
    two copies of one project must share, see merge.py)."""
    base = set(members)
    for uid, fp, fr, tp, tr in reversed(list(member_moves(entries))):
        base.discard((tp, tr, uid))
        base.add((fp, fr, uid))
    return base


def member_moves(entries: Iterable[Decision]) -> Iterator[tuple[int, int, int, int, int]]:
    """Each member move of the surgery entries (undo and redo included) as it was made:
    (uid, from position, from rank, to position, to rank), in log order."""
    by_seq: dict[int, Decision] = {}
    for d in entries:
        by_seq[d.seq] = d
        original = by_seq.get(d.undoes) if d.undoes is not None else None
        if d.action in SURGERY or (original is not None and original.action in SURGERY
                                   and _own_moves(d)):  # fmt: skip
            moves, forward = json.loads(d.detail)["moves"], True
        elif original is not None and original.action in SURGERY:
            moves, forward = json.loads(original.detail)["moves"], d.action == "redo"
        else:
            continue
        for uid, fp, fr, tp, tr in moves:
            yield (uid, fp, fr, tp, tr) if forward else (uid, tp, tr, fp, fr)


def _own_moves(d: Decision) -> bool:
    """An undo or redo of a repair that holds its own moves: one a merge of project
    copies replayed member by member (rebase.py), not the original's moves reversed."""
    return '"moves"' in d.detail


def _plain(state: State) -> State:
    label, skipped, flagged, note = state
    return label, bool(skipped), bool(flagged), note or ""


def _surgery_states(state: dict[str, State], detail: str, forward: bool) -> None:
    for gid, (before, after) in json.loads(detail)["states"].items():
        chosen = after if forward else before
        if chosen is None:
            state.pop(gid, None)
        else:
            state[gid] = tuple(chosen)


class DecisionsMixin:
    """The decisions part of ``Project`` (see project.py for the shared state)."""

    def _entry_id(self) -> str:
        self._entries += 1
        return f"{self._session_id}:{self._entries}"

    def set_label(self, group_id: str, label: str | None) -> Decision:
        """Label a group (None: back to pending)."""
        if label is not None and label not in LABELS:
            raise ValueError(f"unknown label {label!r}; one of {', '.join(LABELS)}")
        if self.adjudicating:
            return self._adjudicate_key(group_id, label)
        return self._decide(group_id, "label", label)

    def skip(self, group_id: str) -> Decision:
        """Mark a group skipped (replaces its label: skipping is a decision about it too)."""
        return self._decide(group_id, "skip", SKIPPED)

    def toggle_flag(self, group_id: str) -> Decision:
        return self._decide(group_id, "flag", None)

    def set_note(self, group_id: str, note: str) -> Decision:
        return self._decide(group_id, "note", note)

    def _decide(self, group_id: str, action: str, value: str | None) -> Decision:
        """One transaction of three statements (the group's state, its new state, the
        log entry), then one read of the group's row for the queue."""
        self._refuse_while_adjudicating(action)
        with self._write(f"save the {action} for {group_id}") as db:
            found = db.execute(
                "SELECT l.label, coalesce(l.skipped, 0), coalesce(l.flagged, 0),"
                " coalesce(l.note, '') FROM groups g LEFT JOIN labels l"
                " ON l.group_id = g.group_id WHERE g.group_id = ? AND g.size > 0",
                (group_id,),
            ).fetchone()
            if found is None:
                raise KeyError(group_id)
            if not self._team_known:
                self._detect_team()
            # In a team, the field's previous value is this reviewer's own (so undo and a
            # replay per reviewer restore it); the labels table keeps the desk's latest.
            mine = self._own_state(group_id) if self._own is not None else found
            previous = field_of(mine, action)
            if action == "flag":
                value = "0" if previous == "1" else "1"
            decision = self._apply(db, group_id, action, value, previous, found)
        self._own_set(group_id, with_field(mine, action, value))
        self._patch(group_id)  # only once committed: the queue never shows an unsaved state
        self._counted(action, decision.value, decision.previous)
        self._undo.append(decision)
        self._redo.clear()
        if action in ("label", "skip") and value is not None:
            self._decided_at.append(time.monotonic())
        return decision

    def _apply(
        self,
        db: sqlite3.Connection,
        group_id: str,
        action: str,
        value: str | None,
        previous: str | None,
        state: State,
        logged_as: str | None = None,
        undoes: int | None = None,
    ) -> Decision:
        """Set one field of a group's decision (its current ``state``) and append the
        log entry, in ``db``'s open transaction."""
        at = utc_now()
        new = with_field(state, action, value)
        decides = action in ("label", "skip")
        db.execute(
            f"INSERT INTO labels ({LABEL_FIELDS}) VALUES (?,?,?,?,?,?,?) ON CONFLICT (group_id)"
            " DO UPDATE SET label = excluded.label, skipped = excluded.skipped,"
            " flagged = excluded.flagged, note = excluded.note"
            + (", reviewer = excluded.reviewer, labelled_at = excluded.labelled_at"
               if decides else ""),
            (group_id, *new, self.reviewer if decides else "", at if decides else ""),
        )  # fmt: skip
        name = logged_as or action
        cur = db.execute(
            "INSERT INTO log (group_id, action, value, previous, reviewer, at, session, undoes,"
            " entry_id) VALUES (?,?,?,?,?,?,?,?,?)",
            (group_id, name, value, previous, self.reviewer, at, self._session, undoes,
             self._entry_id()),
        )  # fmt: skip
        return Decision(cur.lastrowid or 0, group_id, name, value, previous, self.reviewer, at,
                        undoes)  # fmt: skip

    def decide_many(self, changes: Sequence[tuple[str, str, str | None]]) -> list[Decision]:
        """Apply many (group_id, action, value) decisions in ONE transaction: all or none.

        ``action``: "label" (a label or None for pending), "skip", "flag" ("1"/"0", set,
        not toggled) or "note". A value equal to the group's current one is passed over,
        so applying the same changes twice logs nothing the second time. Each applied
        change is an ordinary logged decision by this project's reviewer (as ``_apply``
        writes it, but in bulk: 100,000 one by one cost seconds), undoable one by one
        in this session. KeyError (nothing applied) for an unknown group.
        """
        if not self._team_known:
            self._detect_team()
        # In a team, "current" is this reviewer's own decision (see _decide).
        mine = dict(self._own) if self._own is not None else None
        with paused_gc(), self._write(f"save {len(changes):,} decisions") as db:
            at = utc_now()  # one transaction, one moment
            current = {r[0]: r[1:] for r in db.execute(f"SELECT {LABEL_FIELDS} FROM labels")}
            known = {gid for (gid,) in db.execute("SELECT group_id FROM groups WHERE size > 0")}
            log: list[tuple] = []
            for group_id, action, value in changes:
                if group_id not in known:
                    raise KeyError(group_id)
                state = current.get(group_id, _UNDECIDED_ROW)
                own = state[:4] if mine is None else mine.get(group_id, UNDECIDED)
                previous = field_of(own, action)
                if value == previous:
                    continue
                if mine is not None:
                    mine[group_id] = with_field(own, action, value)
                who = (self.reviewer, at) if action in ("label", "skip") else state[4:]
                current[group_id] = with_field(state[:4], action, value) + who
                log.append((group_id, action, value, previous, self.reviewer, at, self._session,
                            self._entry_id()))  # fmt: skip
            done = _write_many(db, log, {g: current[g] for g, *_ in log})
        self._rows = None  # rebuilt on next use: cheaper than patching thousands of rows
        self._team_known = False  # a team's own decisions: replayed anew with it
        for decision in done:
            self._counted(decision.action, decision.value, decision.previous)
        self._undo.extend(done)
        if done:
            self._redo.clear()
        return done

    def decisions(self) -> dict[str, tuple[str | None, bool, str]]:
        """group_id -> (state: a label, "skipped" or None, flagged, note) of decided groups
        (in a team, this reviewer's own)."""
        if not self._team_known:
            self._detect_team()
        rows: Iterable[tuple] = (
            self._read("SELECT group_id, label, skipped, flagged, note FROM labels")
            if self._own is None else [(g, *s) for g, s in self._own.items()]
        )  # fmt: skip
        return {
            gid: (label or (SKIPPED if skipped else None), bool(flagged), note)
            for gid, label, skipped, flagged, note in rows
        }

    def states(self) -> dict[str, State]:
        """group_id -> (label, skipped, flagged, note) as stored (derived) for every group
        with a decision: what ``replay(self.log())`` must equal."""
        rows = self._read("SELECT group_id, label, skipped, flagged, note FROM labels")
        out = {g: _plain(tuple(s)) for g, *s in rows}
        return {g: s for g, s in out.items() if s != _plain(UNDECIDED)}

    @property
    def can_undo(self) -> bool:
        """True while this session has a decision that ``undo`` would reverse."""
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        """True while ``redo`` would re-apply an undone decision of this session."""
        return bool(self._redo)

    def undo(self) -> Decision | None:
        """Undo this session's last decision or surgery (as a new ``undo`` entry)."""
        return self._replay(self._undo, self._redo, "undo")

    def redo(self) -> Decision | None:
        return self._replay(self._redo, self._undo, "redo")

    def _replay(self, source: list[Decision], target: list[Decision], kind: str) -> Decision | None:
        if not source:
            return None
        original = source[-1]
        if original.action in SURGERY:
            done = self._replay_surgery(original, kind)
        elif original.action == "adjudicate":
            done = self._replay_adjudication(original, kind)
        else:
            done = self._replay_decision(original, kind)
        target.append(source.pop())
        return done

    def _replay_decision(self, original: Decision, kind: str) -> Decision:
        value = original.previous if kind == "undo" else original.value
        with self._write(f"{kind} on {original.group_id}") as db:
            row = db.execute(
                "SELECT label, skipped, flagged, note FROM labels WHERE group_id = ?",
                (original.group_id,),
            ).fetchone()
            state = tuple(row) if row else UNDECIDED
            mine = self._own_state(original.group_id) if self._own is not None else state
            current = field_of(mine, original.action)
            done = self._apply(db, original.group_id, original.action, value, current, state,
                               kind, original.seq)  # fmt: skip
        self._own_set(original.group_id, with_field(mine, original.action, value))
        self._patch(original.group_id)
        self._counted(original.action, done.value, done.previous)
        return done

    def log(self, group_id: str | None = None) -> list[Decision]:
        """Every entry ever logged (optionally for one group), oldest first."""
        sql = f"SELECT {_LOG_FIELDS} FROM log"
        rows = self._read(
            sql + " WHERE group_id = ? ORDER BY seq" if group_id else sql + " ORDER BY seq",
            ((group_id,) if group_id else ()),
        )
        return [_entry(*r) for r in rows]

    # ---- conflicts

    def decide_conflict(self, conflict_id: str, verdict: str | None) -> Decision:
        """Confirm or dismiss a conflict (None: undecided again), as one logged decision."""
        if verdict is not None and verdict not in CONFLICT_VERDICTS:
            raise ValueError(f"unknown verdict {verdict!r}; one of {', '.join(CONFLICT_VERDICTS)}")
        with self._write(f"save the verdict on conflict {conflict_id}") as db:
            previous = _conflict_verdicts(db).get(conflict_id)
            at = utc_now()
            cur = db.execute(
                "INSERT INTO log (group_id, action, value, previous, reviewer, at, session,"
                " entry_id) VALUES (?,?,?,?,?,?,?,?)",
                (conflict_id, CONFLICT_ACTION, verdict, previous, self.reviewer, at,
                 self._session, self._entry_id()),
            )  # fmt: skip
        return Decision(
            cur.lastrowid or 0, conflict_id, CONFLICT_ACTION, verdict, previous, self.reviewer, at
        )

    def conflict_verdicts(self) -> dict[str, str]:
        """conflict id -> its latest verdict ("confirmed" or "dismissed")."""
        with self._lock:
            return _conflict_verdicts(self._db)

    def log_entry(
        self, db: sqlite3.Connection, gid: str, action: str, value: str | None,
        previous: str | None, detail: str = "", undoes: int | None = None,
    ) -> Decision:  # fmt: skip
        """Append one entry in ``db``'s open transaction (surgery, re-grouping)."""
        at = utc_now()
        cur = db.execute(
            "INSERT INTO log (group_id, action, value, previous, reviewer, at, session, undoes,"
            " entry_id, detail) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (gid, action, value, previous, self.reviewer, at, self._session, undoes,
             self._entry_id(), detail),
        )  # fmt: skip
        return Decision(cur.lastrowid or 0, gid, action, value, previous, self.reviewer, at,
                        undoes, detail)  # fmt: skip


def new_session_id() -> str:
    return uuid.uuid4().hex


def _conflict_verdicts(db: sqlite3.Connection) -> dict[str, str]:
    rows = db.execute(
        "SELECT group_id, value FROM log WHERE action = ? ORDER BY seq", (CONFLICT_ACTION,)
    ).fetchall()
    latest: dict[str, str | None] = {}
    for cid, value in rows:
        latest[cid] = value
    return {cid: v for cid, v in latest.items() if v is not None}


def _write_many(
    db: sqlite3.Connection, log: list[tuple], states: dict[str, tuple]
) -> list[Decision]:
    """Store the groups' final ``states`` and append ``log``; the logged Decisions."""
    db.executemany(
        f"INSERT INTO labels ({LABEL_FIELDS}) VALUES (?,?,?,?,?,?,?) ON CONFLICT (group_id)"
        " DO UPDATE SET label = excluded.label, skipped = excluded.skipped,"
        " flagged = excluded.flagged, note = excluded.note, reviewer = excluded.reviewer,"
        " labelled_at = excluded.labelled_at",
        ((gid, *states[gid]) for gid in sorted(states)),  # in key order: B-tree friendly
    )
    (last,) = db.execute("SELECT coalesce(max(seq), 0) FROM log").fetchone()
    db.executemany(
        "INSERT INTO log (group_id, action, value, previous, reviewer, at, session, entry_id)"
        " VALUES (?,?,?,?,?,?,?,?)",
        log,
    )
    seqs = [s for (s,) in db.execute("SELECT seq FROM log WHERE seq > ? ORDER BY seq", (last,))]
    return [_decision(seq, *entry[:6]) for seq, entry in zip(seqs, log, strict=True)]


_new_entry = object.__new__
_DECISION_SETTERS = tuple(getattr(Decision, f.name).__set__ for f in fields(Decision))


def _entry(
    seq: int, gid: str, action: str, value: str | None, previous: str | None, reviewer: str,
    at: str, undoes: int | None, detail: str, new=_new_entry, cls=Decision,
    s=_DECISION_SETTERS,
) -> Decision:  # fmt: skip
    """A Decision from a whole log row, built through its slots (see ``_decision``):
    the team's queue reads the whole log when it is built."""
    d = new(cls)
    s[0](d, seq), s[1](d, gid), s[2](d, action), s[3](d, value), s[4](d, previous)
    s[5](d, reviewer), s[6](d, at), s[7](d, undoes), s[8](d, detail)
    return d
_new = object.__new__


def _decision(
    seq: int, gid: str, action: str, value: str | None, previous: str | None, reviewer: str,
    at: str, new=_new, cls=Decision, s=_DECISION_SETTERS,
) -> Decision:  # fmt: skip
    """A Decision built through its slots, as ``queue.cached_row`` builds QueueRows: the
    frozen dataclass __init__ made building 200,000 of them for one import cost a second."""
    d = new(cls)
    s[0](d, seq), s[1](d, gid), s[2](d, action), s[3](d, value), s[4](d, previous)
    s[5](d, reviewer), s[6](d, at), s[7](d, None), s[8](d, "")
    return d

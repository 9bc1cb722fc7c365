"""Another copy's group repairs replayed on the merged project's groups (``claimcheck
merge``), and the conflicts between copies that repaired the same groups differently.

A surgery entry records its moves as positions and ranks in its own file. Two copies
that repaired their groups apart (ana merged g3 and g7 on her laptop, ben split a
member out of g7 on his) no longer share positions, so a later copy's entry is
replayed *by member and group id*: each member goes to the group (by id) the entry
sent it to, from wherever it is in the merged file by then. A group the entry names
that another copy merged away is followed to where its representative went; a group
the entry made (a split) that the merged file lacks is made, with the same id.

The resolution, deterministic: entries are replayed in the merged log's order (the
first project's, then each next project's new entries, in input order), so where two
copies repaired the same members differently **the later input's repair is in
effect**. It is the rule re-grouping follows too: ``constraints.apply_constraints``
replays the must-links and cannot-links in log order, a later cannot-link parting
what an earlier must-link joined and vice versa. To keep the two in step, a member a
later repair takes from where another copy had put it gets cannot-links with the
members it leaves, ahead of the repair's own links (else two merges of one group
into two others would join all three at the next re-grouping): the merged groups are
the groups a re-grouping of the merged file gives (tests/test_store_merge.py checks
it). A fixed "cannot-link beats must-link" was the other candidate: order-free, but
it would disagree with re-grouping, and it would silently overrule a later reviewer's
deliberate merge of groups that another copy had split. Both entries stay in the log.

The replayed entry is logged as it was made (its entry id, reviewer, time, action,
group and value) with a ``detail`` that holds the moves, representatives and states
as they happened in the merged file, so ``log.replay`` and ``log.replay_members``
follow the merged file exactly. An undo or redo of a repair carries its own moves the
same way (``{"of": ..., "moves": ...}``).

A conflict is two repairs made apart (the later copy did not have the earlier entry)
that touch the same members: the later one found a member where the earlier one had
put it, found its target group merged away by it, or one made a must-link and the
other a cannot-link between the same two texts. Each is one line of the merge report
(``Conflict.line``), naming the groups, the reviewers and whose repair is in effect.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .constraints import CANNOT, MUST, pairs
from .log import SURGERY
from .surgery import _restat

SPLIT_NOTE = "split out by the reviewer: no suggestion until re-grouped"


@dataclass(frozen=True, slots=True)
class Made:
    """Who made a log entry, and in which input it first appears (for the report)."""

    entry_id: str
    action: str
    group_id: str
    value: str | None
    reviewer: str
    source: str  # the input file
    of: str = ""  # undo/redo: the action undone or redone

    def said(self) -> str:
        """The entry in words: "ana merged g7 into g3 (a.sqlite)"."""
        what = {
            "merge": f"merged {self.value} into {self.group_id}",
            "split": f"split {self.value} out of {self.group_id}",
            "move": f"moved a member of {self.group_id} to {self.value}",
            "undo": f"undid a {self.of} of {self.group_id}",
            "redo": f"redid a {self.of} of {self.group_id}",
        }.get(self.action, f"{self.action} {self.group_id}")
        return f"{self.reviewer} {what} ({self.source})"


@dataclass(frozen=True, slots=True)
class Conflict:
    earlier: Made
    later: Made
    groups: tuple[str, ...]
    texts: tuple[str, ...] = ()  # a must-link / cannot-link pair

    def line(self) -> str:
        about = ", ".join(self.groups)
        if self.later.action not in (*SURGERY, "undo", "redo"):  # a decision, not a repair
            return (
                f"conflict: {about}: {self.earlier.said()}; {self.later.reviewer}'s"
                f" {self.later.action} of it ({self.later.source}) is in the log, on a group"
                " the merged file no longer shows"
            )
        if self.texts:
            about += " (" + " / ".join(f"“{t[:40]}”" for t in self.texts) + ")"
        return (
            f"conflict: {about}: {self.earlier.said()}; {self.later.said()}: the later"
            f" input's repair, {self.later.reviewer}'s, is in effect; both are in the log"
        )


@dataclass
class Rebaser:
    """Replays one input's structure entries on ``db`` (the merged file, in its open
    transaction), keeping who last moved each member, and collects the conflicts."""

    db: sqlite3.Connection
    made: dict[str, Made] = field(default_factory=dict)  # entry id -> who made it
    mover: dict[int, str] = field(default_factory=dict)  # uid -> entry id that last moved it
    conflicts: dict[tuple[str, str], Conflict] = field(default_factory=dict)

    def learn(self, source: str) -> None:
        """Who made each structure entry already in the merged file, and who last moved
        each member (the first input's entries)."""
        for eid, action, gid, value, reviewer, moves, of in _structure_entries(self.db):
            self.made[eid] = Made(eid, action, gid, value, reviewer, source, of)
            for uid, *_ in moves:
                self.mover[uid] = eid

    def replay(
        self, entry: tuple, source: str, their: dict[int, tuple[str, str]],
        their_groups: dict[int, str], known_here: set[str], original: int | None,
    ) -> int:  # fmt: skip
        """Append ``entry`` (a structure entry of input ``source``, log columns as in
        merge._ENTRY, ``undoes`` already mapped to ``original``) by member and group id.
        ``their``: that input's seq -> (action, detail); ``their_groups``: its position
        -> group id; ``known_here``: the entry ids that input has. Returns its new seq."""
        seq, gid, action, value, previous, reviewer, at, session, undoes, eid, detail = entry
        made = Made(eid, action, gid, value, reviewer, source)
        if action in SURGERY:
            own = json.loads(detail)
            moves, forward, constraints = own["moves"], True, own["constraints"]
        else:  # an undo or redo of a repair: the original's moves, one way or the other
            of_action, of_detail = their[undoes]
            own, forward = json.loads(of_detail), action == "redo"
            if '"moves"' in detail:  # replayed by an earlier merge: its own moves, as made
                own, forward = json.loads(detail), True
            moves, constraints = own["moves"], (own["constraints"] if forward else [])
            made = Made(eid, action, gid, value, reviewer, source, of_action)
        self.made[eid] = made
        intents = [
            (uid, their_groups[fp], their_groups[tp]) if forward
            else (uid, their_groups[tp], their_groups[fp])
            for uid, fp, _, tp, _ in moves
        ]  # fmt: skip
        done, reps, parted = self._move(intents, made, known_here)
        if action in SURGERY:  # taken from where another copy put it: said as a cannot-link
            constraints = parted + constraints
        states = self._states(own["states"], forward, reviewer, at)
        rebased: dict[str, Any] = {} if action in SURGERY else {"of": made.of}
        rebased.update(moves=done, reps=reps, states=states, constraints=constraints)
        text = json.dumps(rebased)
        cur = self.db.execute(
            "INSERT INTO log (group_id, action, value, previous, reviewer, at, session, undoes,"
            " entry_id, detail) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (gid, action, value, previous, reviewer, at, session, original, eid, text),
        )  # fmt: skip
        new_seq = cur.lastrowid or 0
        # A repair's constraints are keyed by its entry; an undo's or redo's by the original.
        self._constraints(new_seq if action in SURGERY else original, constraints)
        return new_seq

    def _move(
        self, intents: list[tuple[int, str, str]], made: Made, known_here: set[str]
    ) -> tuple[list[list[int]], dict[str, list[int]], list]:
        """Each member to its group; the moves made, the touched groups' reps, and
        cannot-links between each member taken from where another copy had put it and
        the members it leaves (so that re-grouping, which replays the constraints in
        order, parts it from them before the entry's own links apply)."""
        db = self.db
        done: list[list[int]] = []
        parted: list = []
        reps: dict[int, int] = {}
        filling: set[int] = set()  # groups this entry made or revived
        for uid, from_gid, to_gid in intents:
            cur_pos, cur_rank = db.execute(
                "SELECT position, rank FROM members WHERE uid = ?", (uid,)
            ).fetchone()
            to_pos = self._target(to_gid, uid, made, known_here, filling)
            if to_pos == cur_pos:
                continue  # already there: the same repair, made in both copies
            if _position(db, from_gid) != cur_pos:
                found = (from_gid, _group_id(db, cur_pos), to_gid)
                if self._clash(self.mover.get(uid), made, known_here, found):
                    parted += _parting(db, uid, cur_pos)
            for pos in (cur_pos, to_pos):
                reps.setdefault(pos, _rep(db, pos))
            (rank,) = db.execute(
                "SELECT coalesce(max(rank), -1) + 1 FROM members WHERE position = ?", (to_pos,)
            ).fetchone()
            db.execute("DELETE FROM members WHERE position = ? AND rank = ?", (cur_pos, cur_rank))
            db.execute("INSERT INTO members VALUES (?,?,?)", (to_pos, rank, uid))
            done.append([uid, cur_pos, cur_rank, to_pos, rank])
            self.mover[uid] = made.entry_id
        for pos, rep in reps.items():
            _restat(db, pos, rep)
        return done, {str(p): [r, _rep(db, p)] for p, r in reps.items()}, parted

    def _target(
        self, gid: str, uid: int, made: Made, known_here: set[str], filling: set[int]
    ) -> int:
        """The merged file's position for group ``gid``: made if missing (a split's new
        group), followed to where its representative went if another copy merged it
        away, revived if the entry's own copy emptied it (an undone merge)."""
        db = self.db
        row = db.execute(
            "SELECT position, size, rep_uid FROM groups WHERE group_id = ?", (gid,)
        ).fetchone()
        if row is None:
            pos = _new_group(db, gid, uid)
            filling.add(pos)
            return pos
        pos, size, rep = row
        if size > 0 or pos in filling:
            return pos
        emptied_by = self.mover.get(rep)
        if emptied_by is None or emptied_by in known_here:
            filling.add(pos)  # emptied in the entry's own copy too: bring it back
            return pos
        (now,) = db.execute("SELECT position FROM members WHERE uid = ?", (rep,)).fetchone()
        self._clash(emptied_by, made, known_here, (gid, _group_id(db, now)))
        return now

    def _clash(
        self, earlier: str | None, later: Made, known_here: set[str], groups: tuple[str, ...]
    ) -> bool:
        """Record a conflict with ``earlier`` unless the later copy had it; whether it is one."""
        if earlier is None or earlier in known_here or earlier not in self.made:
            return False  # the later copy had the earlier entry: a deliberate change
        key = (earlier, later.entry_id)
        if key not in self.conflicts:
            found = tuple(dict.fromkeys(g for g in groups if g))
            self.conflicts[key] = Conflict(self.made[earlier], later, found)
        return True

    def decided(self, gid: str, made: Made, known_here: set[str]) -> None:
        """A decision of a later copy on a group another copy merged away: in the log,
        on no group shown. One conflict line per group, reviewer and repair."""
        row = self.db.execute(
            "SELECT size, rep_uid FROM groups WHERE group_id = ?", (gid,)
        ).fetchone()
        if row is None or row[0] > 0:
            return
        emptied_by = self.mover.get(row[1])
        if emptied_by is None or emptied_by in known_here or emptied_by not in self.made:
            return
        key = (emptied_by, f"{gid}/{made.reviewer}")
        self.conflicts.setdefault(key, Conflict(self.made[emptied_by], made, (gid,)))

    def _states(
        self, states: dict[str, list], forward: bool, reviewer: str, at: str
    ) -> dict[str, list]:
        """The groups' decisions as the entry set them; [before here, after] each."""
        out = {}
        for gid, (before, after) in states.items():
            chosen = after if forward else before
            row = self.db.execute(
                "SELECT label, skipped, flagged, note FROM labels WHERE group_id = ?", (gid,)
            ).fetchone()
            out[gid] = [[row[0], bool(row[1]), bool(row[2]), row[3]] if row else None, chosen]
            if chosen is None:
                self.db.execute("DELETE FROM labels WHERE group_id = ?", (gid,))
            else:
                self.db.execute(
                    "INSERT OR REPLACE INTO labels VALUES (?,?,?,?,?,?,?)",
                    (gid, *chosen, reviewer, at),
                )
        return out

    def _constraints(self, seq: int | None, rows: list) -> None:
        self.db.execute("DELETE FROM constraints WHERE seq = ?", (seq,))
        self.db.executemany(
            "INSERT INTO constraints VALUES (?,?,?,?,?,?)", ((seq, *c) for c in rows)
        )

    def linked_apart(self, known: dict[str, set[str]]) -> None:
        """Conflicts between a must-link and a cannot-link of the same two texts, made
        apart (``known``: entry id -> the entry ids its input had)."""
        rows = self.db.execute(
            "SELECT c.kind, c.a, c.b, c.a_text, c.b_text, l.entry_id FROM constraints c"
            " JOIN log l ON l.seq = c.seq ORDER BY c.seq, c.rowid"
        ).fetchall()
        seen: dict[tuple[str, str], dict[str, tuple[str, tuple[str, str]]]] = {}
        for kind, a, b, a_text, b_text, eid in rows:
            pair = (min(a, b), max(a, b))
            by_kind = seen.setdefault(pair, {})
            other = by_kind.get(CANNOT if kind == MUST else MUST)
            if other is not None and other[0] not in known.get(eid, set()):
                earlier, later = self.made.get(other[0]), self.made.get(eid)
                if earlier is not None and later is not None:
                    key = (earlier.entry_id, later.entry_id)
                    groups = (earlier.group_id, later.group_id)
                    self.conflicts.setdefault(
                        key, Conflict(earlier, later, tuple(dict.fromkeys(groups)),
                                      (a_text, b_text))  # fmt: skip
                    )
            by_kind.setdefault(kind, (eid, (a_text, b_text)))


def _structure_entries(db: sqlite3.Connection) -> Iterator[tuple]:
    """(entry id, action, group, value, reviewer, moves as made, undone action) of each
    repair, undo or redo of one in the file, in log order."""
    by_seq: dict[int, tuple[str, str]] = {}
    rows = db.execute(
        "SELECT seq, entry_id, action, group_id, value, reviewer, undoes, detail FROM log"
        " WHERE action IN ('merge', 'split', 'move', 'undo', 'redo') ORDER BY seq"
    )
    for seq, eid, action, gid, value, reviewer, undoes, detail in rows:
        if action in SURGERY:
            by_seq[seq] = (action, detail)
            yield eid, action, gid, value, reviewer, json.loads(detail)["moves"], ""
            continue
        original = by_seq.get(undoes)
        if original is None:
            continue  # an undo of a decision, not of a repair
        own = json.loads(detail) if detail else {}
        moves = own.get("moves", json.loads(original[1])["moves"])
        yield eid, action, gid, value, reviewer, moves, original[0]


def _parting(db: sqlite3.Connection, uid: int, pos: int) -> list[tuple[str, ...]]:
    """Cannot-link rows between member ``uid``'s text and the other members' of ``pos``."""
    texts = dict(db.execute(
        "SELECT u.uid, u.text FROM members m JOIN units u ON u.uid = m.uid WHERE m.position = ?",
        (pos,),
    ).fetchall())  # fmt: skip
    mine = texts.pop(uid)
    return pairs(CANNOT, [mine], list(texts.values()))


def _position(db: sqlite3.Connection, gid: str) -> int | None:
    row = db.execute("SELECT position FROM groups WHERE group_id = ?", (gid,)).fetchone()
    return row[0] if row else None


def _group_id(db: sqlite3.Connection, pos: int) -> str:
    return db.execute("SELECT group_id FROM groups WHERE position = ?", (pos,)).fetchone()[0]


def _rep(db: sqlite3.Connection, pos: int) -> int:
    return db.execute("SELECT rep_uid FROM groups WHERE position = ?", (pos,)).fetchone()[0]


def _new_group(db: sqlite3.Connection, gid: str, uid: int) -> int:
    """An empty group ``gid`` at the end of the queue (filled by the moves), as
    surgery's split makes one."""
    (text,) = db.execute("SELECT text FROM units WHERE uid = ?", (uid,)).fetchone()
    (pos,) = db.execute("SELECT coalesce(max(position), -1) + 1 FROM groups").fetchone()
    db.execute(
        "INSERT INTO groups VALUES (?,?,0,0,?,?,NULL,NULL,?)", (pos, gid, uid, text, SPLIT_NOTE)
    )
    db.execute("INSERT INTO group_text VALUES (?, '', '')", (pos,))
    return pos

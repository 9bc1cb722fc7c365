"""Group surgery: the reviewer repairs the grouping (merge two groups, split a member
out into a group of its own, move a member to another group).

Each operation is one transaction and one ``merge`` / ``split`` / ``move`` log entry
whose ``detail`` (JSON) holds everything needed to apply it again or reverse it: the
member moves ``[uid, from position, from rank, to position, to rank]``, each touched
group's representative and decision before and after, and the constraints it adds (so
the repair survives re-grouping, see constraints.py). Undo and redo replay the same
detail backwards or forwards, as ``undo``/``redo`` entries. A group merged away keeps
its row with size 0 (hidden everywhere), so an undo brings it back as it was.

Nothing is dropped silently: merging two groups with different decisions needs
``keep`` (which one stays); the other is the entry's ``previous`` and in its detail.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from .connection import utc_now
from .constraints import CANNOT, MUST, normalize, pairs
from .load import group_text
from .log import LABEL_FIELDS, SURGERY, Decision, field_of

KEEP = ("target", "source")


class LabelChoiceNeeded(ValueError):
    """Merging two groups with different decisions: say which one to keep."""


class SurgeryMixin:
    """Group surgery in ``Project`` (see project.py for the shared state)."""

    def merge(self, target: str, source: str, keep: str | None = None) -> Decision:
        """Merge group ``source`` into ``target`` (which keeps its id and place). If
        both have decisions and they differ, ``keep`` ("target" or "source") says which
        stays, else LabelChoiceNeeded. Flags are or-ed, notes joined."""
        if target == source:
            raise ValueError("a group cannot be merged with itself")
        if keep is not None and keep not in KEEP:
            raise ValueError(f"keep must be one of {', '.join(KEEP)}")
        with self._write(f"merge {source} into {target}") as db:
            t_pos, _, t_rep, t_text = _group(db, target)
            s_pos, _, s_rep, _ = _group(db, source)
            t_state, s_state = _state(db, target), _state(db, source)
            after, dropped = _merged_state(t_state, s_state, keep)
            off = _next_rank(db, t_pos)
            moved = _members(db, s_pos)
            detail = {
                "moves": [[u, s_pos, rank, t_pos, off + i] for i, (rank, u) in enumerate(moved)],
                "reps": {str(t_pos): [t_rep, t_rep], str(s_pos): [s_rep, s_rep]},
                "states": {target: [t_state, after], source: [s_state, None]},
                "constraints": pairs(MUST, _texts(db, s_pos).values(), [t_text]),
            }
            done = self._surgery(db, "merge", target, source, dropped, detail)
        return self._surgery_done(done, [target, source])

    def split(self, group_id: str, uid: int) -> Decision:
        """Take member ``uid`` out of ``group_id`` into a new group (pending, placed last
        in the queue); the group keeps its decision. The new group's id is the value.
        The new group gets its suggestion at once (its member's page judged again, as
        ``p`` does) if the group it left had one."""
        from .pagekinds import resuggest_groups

        with self._write(f"split a member out of {group_id}") as db:
            pos, size, rep, _ = _group(db, group_id)
            suggested = _has_suggestion(db, pos)
            if size < 2:
                raise ValueError("a group of one member cannot be split")
            rank = _rank_of(db, pos, uid, group_id)
            others = [u for _, u in _members(db, pos) if u != uid]
            texts = _texts(db, pos)
            new_gid, new_pos = _new_group(db, uid)
            detail = {
                "moves": [[uid, pos, rank, new_pos, 0]],
                "reps": {str(pos): [rep, others[0] if rep == uid else rep],
                         str(new_pos): [uid, uid]},
                "states": {},
                "constraints": pairs(CANNOT, [texts[uid]], [texts[u] for u in others]),
            }  # fmt: skip
            done = self._surgery(db, "split", group_id, new_gid, None, detail)
            if suggested:  # one page judged: milliseconds, in the same transaction
                resuggest_groups(db, [new_pos], {})
        return self._surgery_done(done, [group_id, new_gid])

    def move(self, uid: int, source: str, target: str) -> Decision:
        """Move member ``uid`` from group ``source`` to group ``target`` (last there)."""
        if source == target:
            raise ValueError("the member is already in that group")
        with self._write(f"move a member from {source} to {target}") as db:
            s_pos, size, s_rep, _ = _group(db, source)
            t_pos, _, t_rep, t_text = _group(db, target)
            if size < 2:
                raise ValueError("the group's only member: merge the groups instead")
            rank = _rank_of(db, s_pos, uid, source)
            others = [u for _, u in _members(db, s_pos) if u != uid]
            texts = _texts(db, s_pos)
            text = texts[uid]
            detail = {
                "moves": [[uid, s_pos, rank, t_pos, _next_rank(db, t_pos)]],
                "reps": {str(s_pos): [s_rep, others[0] if s_rep == uid else s_rep],
                         str(t_pos): [t_rep, t_rep]},
                "states": {},
                "constraints": pairs(CANNOT, [text], [texts[u] for u in others])
                + pairs(MUST, [text], [t_text]),
            }  # fmt: skip
            done = self._surgery(db, "move", source, target, None, detail)
        return self._surgery_done(done, [source, target])

    def _surgery(
        self, db: sqlite3.Connection, action: str, gid: str, value: str | None,
        previous: str | None, detail: dict[str, Any],
    ) -> Decision:  # fmt: skip
        entry = self.log_entry(db, gid, action, value, previous, json.dumps(detail))
        _execute(db, detail, entry.seq, forward=True, reviewer=self.reviewer)
        return entry

    def _surgery_done(self, done: Decision, touched: list[str]) -> Decision:
        self._patch_many(touched)
        self._undo.append(done)
        self._redo.clear()
        return done

    def _replay_surgery(self, original: Decision, kind: str) -> Decision:
        detail = json.loads(original.detail)
        with self._write(f"{kind} the {original.action} of {original.group_id}") as db:
            done = self.log_entry(db, original.group_id, kind, original.value, original.previous,
                                  json.dumps({"of": original.action}), original.seq)  # fmt: skip
            _execute(db, detail, original.seq, forward=kind == "redo", reviewer=self.reviewer)
        touched = [original.group_id, *([original.value] if original.value else [])]
        self._patch_many([*touched, *detail["states"]])
        return done

    def shape_mark(self) -> int:
        """How many times surgery (or its undo/redo) changed the groups, by any app:
        a change tells a view that rows may have appeared or gone."""
        rows = self._read("SELECT value FROM meta WHERE key = 'reshaped'")
        return int(rows[0][0]) if rows else 0

    @staticmethod
    def reshaped(decision: Decision) -> list[str]:
        """The groups whose members a surgery entry (or its undo or redo) changed, the
        one acted on first; [] for any other entry."""
        surgery = decision.action in SURGERY or (
            decision.action in ("undo", "redo") and decision.detail.startswith('{"of"')
        )
        if not surgery:
            return []
        return [decision.group_id, *([decision.value] if decision.value else [])]


def _group(db: sqlite3.Connection, gid: str) -> tuple[int, int, int, str]:
    row = db.execute(
        "SELECT position, size, rep_uid, text FROM groups WHERE group_id = ? AND size > 0",
        (gid,),
    ).fetchone()
    if row is None:
        raise KeyError(gid)
    return row


def _has_suggestion(db: sqlite3.Connection, pos: int) -> bool:
    """Whether the group at ``pos`` has a suggestion (none: outside the suggester's
    languages, or built with --no-suggest; a group split out of it gets none either)."""
    row = db.execute("SELECT suggested_label FROM groups WHERE position = ?", (pos,)).fetchone()
    return row is not None and row[0] is not None


def _state(db: sqlite3.Connection, gid: str) -> list | None:
    row = db.execute(
        "SELECT label, skipped, flagged, note FROM labels WHERE group_id = ?", (gid,)
    ).fetchone()
    return [row[0], bool(row[1]), bool(row[2]), row[3]] if row else None


def _merged_state(
    t: list | None, s: list | None, keep: str | None
) -> tuple[list | None, str | None]:
    """The merged group's decision, and the decision dropped (None if none was)."""
    if t is None or s is None:
        return (t or s), None
    t_dec, s_dec = field_of(tuple(t), "label"), field_of(tuple(s), "label")
    if t_dec and s_dec and t_dec != s_dec and keep is None:
        raise LabelChoiceNeeded(f"the groups are labelled {t_dec} and {s_dec}: choose one")
    use_source = (keep == "source" and s_dec) or not t_dec
    chosen, other = (s, t_dec) if use_source else (t, s_dec)
    dropped = other if other and other != field_of(tuple(chosen), "label") else None
    notes = " / ".join(dict.fromkeys(n for n in (t[3], s[3]) if n))
    return [chosen[0], chosen[1], bool(t[2] or s[2]), notes], dropped


def _members(db: sqlite3.Connection, pos: int) -> list[tuple[int, int]]:
    return db.execute(
        "SELECT m.rank, m.uid FROM members m JOIN groups g ON g.position = m.position"
        " WHERE m.position = ? ORDER BY m.uid != g.rep_uid, m.rank",
        (pos,),
    ).fetchall()


def _next_rank(db: sqlite3.Connection, pos: int) -> int:
    return db.execute(
        "SELECT coalesce(max(rank), -1) + 1 FROM members WHERE position = ?", (pos,)
    ).fetchone()[0]


def _rank_of(db: sqlite3.Connection, pos: int, uid: int, gid: str) -> int:
    row = db.execute(
        "SELECT rank FROM members WHERE position = ? AND uid = ?", (pos, uid)
    ).fetchone()
    if row is None:
        raise KeyError(f"{gid} has no member {uid}")
    return row[0]


def _text(db: sqlite3.Connection, uid: int) -> str:
    return db.execute("SELECT text FROM units WHERE uid = ?", (uid,)).fetchone()[0]


def _texts(db: sqlite3.Connection, pos: int) -> dict[int, str]:
    """uid -> text of a group's members, in one query."""
    return dict(db.execute(
        "SELECT u.uid, u.text FROM members m JOIN units u ON u.uid = m.uid WHERE m.position = ?",
        (pos,),
    ).fetchall())  # fmt: skip


def _new_group(db: sqlite3.Connection, uid: int) -> tuple[str, int]:
    """An empty group (size 0, filled by the moves) at the end of the queue, its id
    made as the grouper makes one from its text, suffixed if taken."""
    from ..group import group_id

    text = _text(db, uid)
    base = group_id(normalize(text))
    gid, n = base, 1
    while db.execute("SELECT 1 FROM groups WHERE group_id = ?", (gid,)).fetchone():
        n += 1
        gid = f"{base}-{n}"
    (pos,) = db.execute("SELECT coalesce(max(position), -1) + 1 FROM groups").fetchone()
    db.execute(
        "INSERT INTO groups VALUES (?,?,0,0,?,?,NULL,NULL,?)",
        (pos, gid, uid, text, "split out by the reviewer: no suggestion"),
    )
    db.execute("INSERT INTO group_text VALUES (?, '', '')", (pos,))
    return gid, pos


def _execute(
    db: sqlite3.Connection, detail: dict[str, Any], seq: int, forward: bool, reviewer: str
) -> None:
    """Apply a surgery's ``detail`` forwards (do, redo) or backwards (undo)."""
    moves = detail["moves"]
    if forward:
        gone = [(fp, fr) for _, fp, fr, _, _ in moves]
        placed = [(tp, tr, uid) for uid, _, _, tp, tr in moves]
    else:
        gone = [(tp, tr) for _, _, _, tp, tr in moves]
        placed = [(fp, fr, uid) for uid, fp, fr, _, _ in moves]
    db.executemany("DELETE FROM members WHERE position = ? AND rank = ?", gone)
    db.executemany("INSERT INTO members VALUES (?,?,?)", placed)
    for pos, (before, after) in detail["reps"].items():
        _restat(db, int(pos), after if forward else before)
    at = utc_now()
    for gid, (before, after) in detail["states"].items():
        state = after if forward else before
        if state is None:
            db.execute("DELETE FROM labels WHERE group_id = ?", (gid,))
        else:
            db.execute(
                f"INSERT OR REPLACE INTO labels ({LABEL_FIELDS}) VALUES (?,?,?,?,?,?,?)",
                (gid, *state, reviewer, at),
            )
    # Another app learns that groups changed shape (not just decisions) from this count.
    db.execute(
        "INSERT INTO meta VALUES ('reshaped', '1') ON CONFLICT (key)"
        " DO UPDATE SET value = CAST(value AS INTEGER) + 1"
    )
    db.execute("DELETE FROM constraints WHERE seq = ?", (seq,))
    if forward:
        db.executemany(
            "INSERT INTO constraints VALUES (?,?,?,?,?,?)",
            ((seq, *c) for c in detail["constraints"]),
        )


def _restat(db: sqlite3.Connection, pos: int, rep: int) -> None:
    """A group's size, documents, representative and search text from its members."""
    rows = db.execute(
        """SELECT u.uid, u.text, d.path, u.doc_id FROM members m JOIN units u ON u.uid = m.uid
           JOIN documents d ON d.doc_id = u.doc_id WHERE m.position = ?
           ORDER BY m.uid != ?, m.rank""",
        (pos, rep),
    ).fetchall()
    if not rows:
        db.execute("UPDATE groups SET size = 0, n_docs = 0 WHERE position = ?", (pos,))
        db.execute("UPDATE group_text SET documents = '', search = '' WHERE position = ?", (pos,))
        return
    documents, search = group_text([r[2] for r in rows], [r[1] for r in rows])
    db.execute(
        "UPDATE groups SET size = ?, n_docs = ?, rep_uid = ?, text = ? WHERE position = ?",
        (len(rows), len({r[3] for r in rows}), rows[0][0], rows[0][1], pos),
    )
    db.execute(
        "UPDATE group_text SET documents = ?, search = ? WHERE position = ?",
        (documents, search, pos),
    )

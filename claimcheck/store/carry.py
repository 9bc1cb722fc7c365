"""Re-grouping an open project: the new corpus replaces the old one, the reviewer's
repairs are applied to its groups (constraints.py), and decisions carry over.

A decision stays with its group id when the new corpus has it; otherwise it moves to
the new group holding the old representative's text, or else most of the old members'
texts. What cannot move goes to ``orphaned_labels`` (with the documents it was on)
and SyncReport.lost; orphans whose text comes back re-attach. Every move is a log entry
(``carry``, ``orphan``, ``reattach``).
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass, field

from ..models import Corpus
from ..resuggest import set_page_kinds
from .connection import ProjectError, create_indexes, utc_now
from .constraints import Constraint, apply_constraints, read_constraints
from .load import load_corpus
from .pagekinds import reviewer_kinds
from .queue import SKIPPED
from .schema import ADDITIVE, CORPUS_TABLES
from .suggestions import RULE_TABLE, RULES_KEPT


@dataclass(frozen=True, slots=True)
class SyncReport:
    carried: int  # groups whose decisions were kept (same id, or matched by content)
    lost: list[tuple[str, str, str]]  # (old group_id, label, representative text)
    reattached: int = 0  # orphaned decisions whose text came back, on their group again
    unapplied: list[Constraint] = field(default_factory=list)  # repairs whose text is gone
    grown: int = 0  # labelled groups that gained members the reviewer has not seen


def normalise(text: str) -> str:
    """Case, accents-compatibility and punctuation folded: how claims are matched on sync."""
    return " ".join(re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold()))


# (representative text, member texts, documents) of a decided group before re-grouping
_Old = tuple[str, list[str], list[str]]


class SyncMixin:
    """Re-grouping in ``Project`` (see project.py for the shared state)."""

    def sync(self, corpus: Corpus) -> SyncReport:
        """Replace the corpus by a re-read, re-grouped one, apply the reviewer's repairs
        to it and carry decisions over (see the module's docstring)."""
        with self._write("re-group the project") as db:
            unapplied = apply_constraints(corpus, read_constraints(db))
            # the reviewer's page kinds outlive the re-read, with their suggestions
            set_page_kinds(corpus, reviewer_kinds(db))
            old = _old_decisions(db)
            for table in CORPUS_TABLES:
                db.execute(f"DELETE FROM {table}")
            db.execute(f"DROP TABLE IF EXISTS {RULE_TABLE}")  # the new groups hold the rules'
            db.execute("DELETE FROM meta WHERE key = ?", (RULES_KEPT,))
            load_corpus(db, corpus)
            moved: dict[str, str] = {}
            report = self._carry(db, old, moved)
            grown = _mark_grown(db, old, moved)
            self._rows = None
            self._tally = None
        self._undo.clear()  # their groups are gone: undo reaches back no further
        self._redo.clear()
        return SyncReport(report.carried, report.lost, report.reattached, unapplied, grown)

    def grown(self) -> dict[str, int]:
        """group_id -> members it gained at a re-grouping since it was last labelled (the
        label may not hold for them); a label or skip decided since clears it. Empty for
        a file that no re-grouping has marked (or made before this table)."""
        try:
            rows = self._read(
                "SELECT w.group_id, w.added FROM grown w JOIN labels l"
                " ON l.group_id = w.group_id WHERE l.label IS NOT NULL AND l.labelled_at < w.at"
            )
        except ProjectError as err:
            if "no such table" in str(err):
                return {}
            raise
        return dict(rows)

    def unapplied_constraints(self) -> list[Constraint]:
        """The reviewer's repairs that the current groups do not follow because a text
        is gone (checked against the stored units, as at the last re-grouping)."""
        from .constraints import normalize

        with self._lock:
            constraints = read_constraints(self._db)
        if not constraints:
            return []
        texts = {normalize(t) for (t,) in self._read(
            "SELECT u.text FROM members m JOIN units u ON u.uid = m.uid")}  # fmt: skip
        return [
            Constraint(c.kind, c.a, c.b, c.a_text, c.b_text, c.seq, c.reviewer, c.at,
                       f"text gone: {(c.a_text if c.a not in texts else c.b_text)[:80]}")
            for c in constraints
            if c.a not in texts or c.b not in texts
        ]  # fmt: skip

    def _carry(
        self, db: sqlite3.Connection, old: dict[str, _Old], moved: dict[str, str]
    ) -> SyncReport:
        """Decisions onto the new groups; ``moved`` gets new group_id -> old group_id of
        each decision carried to another id."""
        new_ids = {gid for (gid,) in db.execute("SELECT group_id FROM groups")}
        decided = {gid for (gid,) in db.execute("SELECT group_id FROM labels")}
        carried = len(decided & new_ids)
        unmatched = sorted(decided - new_ids)
        lost: list[tuple[str, str, str]] = []
        if not unmatched and not db.execute("SELECT 1 FROM orphaned_labels LIMIT 1").fetchone():
            return SyncReport(carried, lost)  # the common case: skip the text index
        by_text = _groups_by_member_text(db)
        taken = decided & new_ids
        for gid in unmatched:
            rep, texts, docs = old.get(gid, ("", [], []))
            target = _match(rep, texts, by_text)
            if target is not None and target not in taken:
                db.execute("UPDATE labels SET group_id = ? WHERE group_id = ?", (target, gid))
                self.log_entry(db, target, "carry", target, gid)
                moved[target] = gid
                taken.add(target)
                carried += 1
            else:
                lost.append(self._orphan(db, gid, rep, texts, docs))
        reattached = self._reattach(db, by_text, taken, {gid for gid, _, _ in lost})
        return SyncReport(carried, lost, reattached)

    def _reattach(
        self, db: sqlite3.Connection, by_text: dict[str, str], taken: set[str], just: set[str]
    ) -> int:
        """Orphaned decisions whose text is back (a file restored, a document readable
        again) return to the group holding it, if that group has no decision of its
        own; the newest orphan of a group wins. Orphans of this very sync stay put."""
        rows = db.execute(
            "SELECT rowid, group_id, label, skipped, flagged, note, reviewer, labelled_at,"
            " text, member_texts FROM orphaned_labels ORDER BY rowid DESC"
        ).fetchall()
        count = 0
        for rowid, gid, label, skipped, flagged, note, reviewer, at, rep, members in rows:
            if gid in just:
                continue
            target = _match(rep, members.split("\n") if members else [], by_text)
            if target is None or target in taken:
                continue
            db.execute(
                "INSERT INTO labels VALUES (?,?,?,?,?,?,?)",
                (target, label, skipped, flagged, note, reviewer, at),
            )
            db.execute("DELETE FROM orphaned_labels WHERE rowid = ?", (rowid,))
            self.log_entry(db, target, "reattach", label, gid)
            taken.add(target)
            count += 1
        return count

    def _orphan(
        self, db: sqlite3.Connection, gid: str, rep: str, texts: list[str], docs: list[str]
    ) -> tuple[str, str, str]:
        label, skipped, flagged, note, reviewer, at = db.execute(
            "SELECT label, skipped, flagged, note, reviewer, labelled_at FROM labels"
            " WHERE group_id = ?",
            (gid,),
        ).fetchone()
        db.execute(
            "INSERT INTO orphaned_labels VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (gid, label, skipped, flagged, note, reviewer, at, rep, "\n".join(texts), utc_now(),
             "; ".join(dict.fromkeys(docs))),
        )  # fmt: skip
        db.execute("DELETE FROM labels WHERE group_id = ?", (gid,))
        self.log_entry(db, gid, "orphan", None, label)
        return gid, label or (SKIPPED if skipped else ""), rep


def _old_decisions(db: sqlite3.Connection) -> dict[str, _Old]:
    """group_id -> (representative text, member texts, doc paths) of every decided group."""
    rows = db.execute(
        """SELECT g.group_id, u.text, d.path FROM labels l JOIN groups g ON g.group_id = l.group_id
           JOIN members m ON m.position = g.position JOIN units u ON u.uid = m.uid
           JOIN documents d ON d.doc_id = u.doc_id
           ORDER BY g.position, m.uid != g.rep_uid, m.rank"""
    ).fetchall()
    old: dict[str, _Old] = {}
    for gid, text, path in rows:
        entry = old.setdefault(gid, (text, [], []))
        entry[1].append(text)
        entry[2].append(path)
    return old


def _mark_grown(db: sqlite3.Connection, old: dict[str, _Old], moved: dict[str, str]) -> int:
    """Record the labelled groups whose members now include a sentence (a text in a
    document) they did not hold before the re-grouping: their label was given without
    it. A group still marked from an earlier re-grouping adds to its count. Returns
    how many groups gained members this time."""
    create_indexes(db, ADDITIVE)  # a schema-2 file made before ``grown``: created here
    labelled = {g for (g,) in db.execute("SELECT group_id FROM labels WHERE label IS NOT NULL")}
    marked = dict(db.execute(
        "SELECT w.group_id, w.added FROM grown w JOIN labels l ON l.group_id = w.group_id"
        " WHERE l.labelled_at < w.at"
    ).fetchall())  # fmt: skip
    at, count = utc_now(), 0
    for gid, (_rep, texts, docs) in _old_decisions(db).items():
        before = old.get(moved.get(gid, gid))
        if gid not in labelled or before is None:
            continue
        seen = set(zip(before[2], map(normalise, before[1]), strict=True))
        added = len(set(zip(docs, map(normalise, texts), strict=True)) - seen)
        if added:
            db.execute(
                "INSERT OR REPLACE INTO grown VALUES (?,?,?)", (gid, added + marked.get(gid, 0), at)
            )
            count += 1
    return count


def _groups_by_member_text(db: sqlite3.Connection) -> dict[str, str]:
    rows = db.execute(
        """SELECT u.text, g.group_id FROM members m JOIN units u ON u.uid = m.uid
           JOIN groups g ON g.position = m.position"""
    )
    return {normalise(text): gid for text, gid in rows}


def _match(rep: str, texts: list[str], by_text: dict[str, str]) -> str | None:
    """The new group holding the old representative, else a majority of the old members."""
    hit = by_text.get(normalise(rep)) if rep else None
    if hit is not None:
        return hit
    votes: dict[str, int] = {}
    for text in dict.fromkeys(normalise(t) for t in texts):
        gid = by_text.get(text)
        if gid is not None:
            votes[gid] = votes.get(gid, 0) + 1
    if not votes:
        return None
    best, n = max(votes.items(), key=lambda kv: kv[1])
    return best if n * 2 > len(set(map(normalise, texts))) else None

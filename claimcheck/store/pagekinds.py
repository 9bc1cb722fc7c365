"""Page kinds set by the reviewer (issue 10): a document judged again on the kind the
reviewer says it is, and the suggestions of its groups recomputed."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from ..models import Group
from ..pagekind import PageKind
from ..resuggest import PageKindOverride

_BY_REVIEWER = "(set by the reviewer)"


def resuggest_groups(
    db: sqlite3.Connection, positions: Sequence[int], forced: dict[str, str]
) -> list[str]:
    """Recompute the suggestions of the groups at ``positions``: their members'
    documents are judged again (``forced``: doc_id -> kind set by the reviewer, "" for
    its inferred kind again; other documents keep a kind the reviewer set before, else
    their inferred one)."""
    from ..models import Document, Unit
    from ..pagekind import with_kind
    from ..suggest import (
        Verdict,
        combine,
        corpus_year,
        document_kind,
        document_verdicts,
        page_year,
        shift_verdicts,
    )

    members = {
        p: [r[0] for r in db.execute(
            "SELECT uid FROM members WHERE position = ? ORDER BY rank", (p,))]
        for p in positions
    }  # fmt: skip
    uids = sorted({u for ms in members.values() for u in ms})
    doc_ids = sorted({r[0] for r in db.execute(
        f"SELECT DISTINCT doc_id FROM units WHERE uid IN ({','.join('?' * len(uids))})", uids
    )}) if uids else []  # fmt: skip
    year = corpus_year(stored_kinds(db).values())
    units: list[Unit] = []
    index: dict[int, int] = {}  # uid -> position in ``units``
    verdicts: dict[int, Verdict] = {}
    for doc_id in doc_ids:
        path, title, source, date, url, text = db.execute(
            "SELECT path, title, source, date, url, text FROM documents WHERE doc_id = ?",
            (doc_id,),
        ).fetchone()
        doc = Document(doc_id, path, text, title, source, date, url)
        rows = db.execute(
            'SELECT uid, idx, start, "end", kind, text FROM units WHERE doc_id = ? ORDER BY idx',
            (doc_id,),
        ).fetchall()
        local = [Unit(doc_id, idx, a, b, t, k) for _, idx, a, b, k, t in rows]
        # forced "": the reviewer's kind taken back, the inferred one stored again
        kind_name = forced[doc_id] if doc_id in forced else _reviewer_kind(db, doc_id)
        inferred = document_kind(doc, local)
        kind = with_kind(inferred, kind_name) if kind_name else inferred
        # as the batch judged it: an undated report naming an earlier year is read in
        # the corpus's year (suggest._redate_undated)
        judged = document_verdicts(doc, local, kind, page_year(kind, local, year))
        judged = shift_verdicts(judged, len(units))
        for (uid, *_), unit, v in zip(rows, local, judged, strict=True):
            index[uid] = len(units)
            units.append(unit)
            if v is not None:
                verdicts[index[uid]] = v
        if doc_id in forced and kind is not None:
            db.execute(
                "INSERT OR REPLACE INTO doc_kinds VALUES (?,?,?,?,?)",
                (doc_id, kind.kind, kind.confidence, kind.date.iso, kind.reason),
            )
    uid_of = {i: u for u, i in index.items()}
    changed = []
    for p, ms in members.items():
        if not all(index[u] in verdicts for u in ms):
            continue
        sug = combine(Group("", [index[u] for u in ms], 1), verdicts, units)
        db.execute(
            "UPDATE groups SET suggested_label = ?, confidence = ?, explanation = ?"
            " WHERE position = ?",
            (sug.label, sug.confidence, sug.explanation, p),
        )
        gid = db.execute("SELECT group_id FROM groups WHERE position = ?", (p,)).fetchone()[0]
        db.execute(f"DELETE FROM evidence WHERE uid IN ({','.join('?' * len(ms))})", ms)
        own = set(ms)  # page evidence on a non-member unit (a date line) is not shown
        db.executemany(
            "INSERT INTO evidence VALUES (?,?,?,?,?)",
            (
                (uid_of[e.unit_index], e.start, e.end, e.signal, e.label)
                for e in sug.evidence
                if uid_of[e.unit_index] in own
            ),
        )
        changed.append(gid)
    return changed


def stored_kinds(db: sqlite3.Connection) -> dict[str, PageKind]:
    """doc_id -> the page kind as stored: inferred, or set by the reviewer (confidence 1).
    The store keeps the page date but not where it was found, nor the evidence."""
    from ..pagedate import PageDate

    return {
        doc_id: PageKind(kind, confidence, PageDate(date, ""), (), reason.endswith(_BY_REVIEWER))
        for doc_id, kind, confidence, date, reason in db.execute(
            "SELECT doc_id, kind, confidence, page_date, reason FROM doc_kinds"
        )
    }


def reviewer_kinds(db: sqlite3.Connection) -> list[PageKindOverride]:
    """Every page kind the reviewer set: (doc_id, document path, kind). Kept across
    re-grouping: ``sync`` and ``claimcheck group --project`` apply them to the re-read
    corpus (claimcheck.resuggest.set_page_kinds)."""
    rows = db.execute(
        "SELECT k.doc_id, coalesce(d.path, ''), k.kind, k.reason FROM doc_kinds k"
        " LEFT JOIN documents d ON d.doc_id = k.doc_id"
    ).fetchall()
    return [(doc_id, path, kind) for doc_id, path, kind, why in rows if why.endswith(_BY_REVIEWER)]


def project_page_kinds(path: str | os.PathLike[str]) -> list[PageKindOverride]:
    """The reviewer's page kinds of the project file at ``path``, read without writing
    it; ProjectError, one line, for anything but a project."""
    from .connection import read_project

    def read(db: sqlite3.Connection, target: Path) -> list[PageKindOverride]:
        has = db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'doc_kinds'"
        ).fetchone()
        return reviewer_kinds(db) if has else []

    return read_project(path, read)


def _reviewer_kind(db: sqlite3.Connection, doc_id: str) -> str:
    row = db.execute("SELECT kind, reason FROM doc_kinds WHERE doc_id = ?", (doc_id,)).fetchone()
    return row[0] if row and row[1].endswith(_BY_REVIEWER) else ""


class PageKindsMixin:
    """Page kinds in ``Project`` (see project.py for the shared state)."""

    def set_doc_kind(self, doc_id: str, kind: str) -> list[str]:
        """The reviewer's kind for a document: its units are judged again on that page
        and the suggestions of every group with a member there follow. Returns the ids
        of the groups whose suggestion was recomputed. Decisions are not touched."""
        from ..pagekind import KINDS

        if kind not in KINDS:
            raise ValueError(f"unknown page kind {kind!r}; one of {', '.join(KINDS)}")
        return self._rejudge(doc_id, kind, "set the page kind")

    def clear_doc_kind(self, doc_id: str) -> list[str]:
        """The reviewer's kind for a document taken back: the page is judged on its
        inferred kind again (stored as before the override) and its groups'
        suggestions follow. Returns the ids of the groups recomputed."""
        return self._rejudge(doc_id, "", "clear the page kind")

    def _rejudge(self, doc_id: str, kind: str, what: str) -> list[str]:
        with self._write(what) as db:
            positions = [
                r[0]
                for r in db.execute(
                    """SELECT DISTINCT m.position FROM members m JOIN units u ON u.uid = m.uid
                       WHERE u.doc_id = ?""",
                    (doc_id,),
                )
            ]
            changed = resuggest_groups(db, positions, {doc_id: kind})
            self._rows = None
        return changed

    def doc_kind_of(self, doc_id: str) -> tuple[str, bool]:
        """(kind, set by the reviewer) of a document; ("", False) if none is stored."""
        rows = self._read("SELECT kind, reason FROM doc_kinds WHERE doc_id = ?", (doc_id,))
        if not rows:
            return "", False
        return rows[0][0], rows[0][1].endswith(_BY_REVIEWER)

"""Whole-project reads for export and reports, each through a snapshot of its own.

Rows come as dicts named by their SQL aliases; which columns an export writes, and in
what order, is export.py's business (its ``*_COLUMNS`` lists).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

from ..models import Corpus, Document, Group, Suggestion, Unit
from .pagekinds import stored_kinds


def _dicts(cursor: sqlite3.Cursor) -> Iterator[dict[str, Any]]:
    names = [c[0] for c in cursor.description]
    for r in cursor:
        yield dict(zip(names, r, strict=True))


class RowsMixin:
    """Export and report reads of ``Project`` (see project.py for the shared state)."""

    def group_rows(self) -> Iterator[dict[str, Any]]:
        """One row per group, in queue order, with its decision (for export)."""
        with self._reader() as db:
            rows = db.execute(
                """SELECT g.group_id AS group_id, l.label AS label,
                          coalesce(l.note, '') AS note, coalesce(l.flagged, 0) AS flagged,
                          coalesce(l.skipped, 0) AS skipped,
                          coalesce(l.reviewer, '') AS reviewer,
                          coalesce(l.labelled_at, '') AS labelled_at,
                          g.suggested_label AS suggested_label, g.confidence AS confidence,
                          g.explanation AS evidence, g.size AS group_size,
                          g.n_docs AS group_docs, g.text AS representative_text,
                          t.documents AS documents
                   FROM groups g JOIN group_text t ON t.position = g.position
                   LEFT JOIN labels l ON l.group_id = g.group_id
                   WHERE g.size > 0 ORDER BY g.position"""
            )
            for row in _dicts(rows):
                row["flagged"], row["skipped"] = bool(row["flagged"]), bool(row["skipped"])
                yield row

    def unit_rows(self) -> Iterator[dict[str, Any]]:
        """One row per member unit of every group, with offsets and the group's label;
        provenance: the page's address and, for web-archive inputs, its capture time."""
        with self._reader() as db:
            rows = db.execute(
                """SELECT g.group_id AS group_id, l.label AS label, d.path AS doc,
                          u.doc_id AS doc_id, u.unit_id AS unit_id, u.start AS start,
                          u."end" AS "end", u.text AS text,
                          m.uid = g.rep_uid AS representative,
                          g.suggested_label AS suggested_label, d.url AS url,
                          coalesce(c.captured, '') AS captured, d.lang AS lang
                   FROM groups g JOIN members m ON m.position = g.position
                   JOIN units u ON u.uid = m.uid JOIN documents d ON d.doc_id = u.doc_id
                   LEFT JOIN labels l ON l.group_id = g.group_id
                   LEFT JOIN captures c ON c.doc_id = u.doc_id
                   ORDER BY g.position, m.uid != g.rep_uid, m.rank"""
            )
            for row in _dicts(rows):
                row["representative"] = bool(row["representative"])
                yield row

    def orphan_rows(self) -> Iterator[dict[str, Any]]:
        """What a re-grouping could not carry over: orphaned decisions (kind "label")
        with the documents their members were in, then the reviewer's repairs whose
        texts are gone (kind "must_link" / "cannot_link", see constraints.py)."""
        unapplied = self.unapplied_constraints()
        with self._reader() as db:
            rows = db.execute(
                "SELECT 'label' AS kind, group_id, label, note, flagged, skipped, reviewer,"
                " labelled_at, text AS representative_text, member_texts, documents,"
                " orphaned_at FROM orphaned_labels ORDER BY rowid"
            )
            yield from _dicts(rows)
        for c in unapplied:
            yield {
                "kind": f"{c.kind}_link", "group_id": "", "label": None, "note": c.reason,
                "flagged": False, "skipped": False, "reviewer": c.reviewer,
                "labelled_at": c.at, "representative_text": c.a_text,
                "member_texts": c.b_text, "documents": "", "orphaned_at": "",
            }  # fmt: skip

    def group_ids(self) -> set[str]:
        return {gid for (gid,) in self._read("SELECT group_id FROM groups WHERE size > 0")}

    def member_texts(self) -> list[tuple[str, str]]:
        """(group_id, text) of every member unit, representatives first in each group."""
        return self._read(
            """SELECT g.group_id, u.text FROM groups g JOIN members m ON m.position = g.position
               JOIN units u ON u.uid = m.uid ORDER BY m.uid = g.rep_uid DESC, g.position, m.rank"""
        )

    def load_corpus(self) -> tuple[Corpus, dict[str, str]]:
        """The stored corpus (groups with their suggestions, no evidence) and the reviewed
        label of every labelled group (group_id -> label)."""
        with self._reader() as db:
            root = db.execute("SELECT value FROM meta WHERE key = 'root'").fetchone()
            corpus = Corpus(root=root[0] if root else "")
            corpus.documents = [
                Document(doc_id, path, text, title, source, date, url, lang=lang)
                for doc_id, path, title, source, date, url, text, lang in db.execute(
                    "SELECT doc_id, path, title, source, date, url, text, lang FROM documents"
                    " ORDER BY rowid"
                )
            ]
            corpus.units = [
                Unit(doc_id, idx, start, end, text, kind)
                for doc_id, idx, start, end, kind, text in db.execute(
                    'SELECT doc_id, idx, start, "end", kind, text FROM units ORDER BY uid'
                )
            ]
            members: dict[int, list[int]] = {}
            for position, uid in db.execute(
                "SELECT m.position, m.uid FROM members m JOIN groups g ON g.position ="
                " m.position ORDER BY 1, m.uid != g.rep_uid, m.rank"
            ):
                members.setdefault(position, []).append(uid)
            for position, gid, n_docs, sug, conf, expl in db.execute(
                "SELECT position, group_id, n_docs, suggested_label, confidence, explanation"
                " FROM groups WHERE size > 0 ORDER BY position"
            ):
                suggestion = Suggestion(sug, conf or 0.0, expl) if sug else None
                corpus.groups.append(Group(gid, members.get(position, []), n_docs, suggestion))
            labels = dict(
                db.execute("SELECT group_id, label FROM labels WHERE label IS NOT NULL").fetchall()
            )
            corpus.kinds = stored_kinds(db)
        return corpus, labels

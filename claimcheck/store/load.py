"""Writing a corpus into a project file: a new file built aside, or the corpus tables
of an open one replaced (re-grouping); and what a re-read keeps of the old documents."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

from ..lang import unsuggested_why
from ..models import Corpus, Document, Group
from .connection import connect, connect_read_only, create_indexes, utc_now
from .schema import APPLICATION_ID, INDEXES, SCHEMA, SCHEMA_VERSION
from .search import search_text


def dedupe_ids(groups: Sequence[Group]) -> list[str]:
    """Group ids as given, suffixed only if two groups share one (keeps UNIQUE valid)."""
    seen: dict[str, int] = {}
    ids = []
    for group in groups:
        n = seen.get(group.group_id, 0)
        seen[group.group_id] = n + 1
        ids.append(group.group_id if n == 0 else f"{group.group_id}-{n + 1}")
    return ids


def _group_row(
    corpus: Corpus, position: int, gid: str, group: Group, why_none: Callable[[Group], str]
) -> tuple:
    sug = group.suggestion
    return (
        position, gid, group.size, group.n_docs, group.representative,
        corpus.units[group.representative].text, sug.label if sug else None,
        sug.confidence if sug else None, sug.explanation if sug else why_none(group),
    )  # fmt: skip


def group_text(paths: Sequence[str], texts: Sequence[str]) -> tuple[str, str]:
    """(documents, search) of a group from its members' doc paths and texts, in order."""
    return "; ".join(dict.fromkeys(paths)), "\n".join(dict.fromkeys(map(search_text, texts)))


def _group_text_row(corpus: Corpus, position: int, group: Group, paths: dict[str, str]):
    units = corpus.units
    members = [units[m] for m in group.members]
    return (position, *group_text([paths[u.doc_id] for u in members], [u.text for u in members]))


def load_corpus(db: sqlite3.Connection, corpus: Corpus) -> None:
    """Insert documents, units, groups, members and evidence (tables assumed empty)."""
    db.executemany(
        "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?)",
        (
            (d.doc_id, d.path, d.title, d.source, d.date, d.url, d.text, d.lang)
            for d in corpus.documents
        ),
    )
    db.executemany(
        "INSERT INTO units VALUES (?,?,?,?,?,?,?,?)",
        (
            (i, u.unit_id, u.doc_id, u.index, u.start, u.end, u.kind, u.text)
            for i, u in enumerate(corpus.units)
        ),
    )
    paths = {d.doc_id: d.path for d in corpus.documents}
    ids = dedupe_ids(corpus.groups)
    why_none = unsuggested_why(corpus)
    db.executemany(
        "INSERT INTO groups VALUES (?,?,?,?,?,?,?,?,?)",
        (_group_row(corpus, p, ids[p], g, why_none) for p, g in enumerate(corpus.groups)),
    )
    db.executemany(
        "INSERT INTO group_text VALUES (?,?,?)",
        (_group_text_row(corpus, p, g, paths) for p, g in enumerate(corpus.groups)),
    )
    db.executemany(
        "INSERT INTO members VALUES (?,?,?)",
        ((p, r, m) for p, g in enumerate(corpus.groups) for r, m in enumerate(g.members)),
    )
    db.executemany(
        "INSERT INTO related VALUES (?,?,?,?)",
        (
            (p, r, other, score)
            for p, g in enumerate(corpus.groups)
            for r, (other, score) in enumerate(g.related)
        ),
    )
    db.executemany(
        "INSERT INTO evidence VALUES (?,?,?,?,?)",
        (
            (e.unit_index, e.start, e.end, e.signal, e.label)
            for g in corpus.groups
            if g.suggestion is not None
            for e in g.suggestion.evidence
        ),
    )
    db.executemany(
        "INSERT OR REPLACE INTO doc_kinds VALUES (?,?,?,?,?)",
        (
            (doc_id, k.kind, k.confidence, k.date.iso, k.reason)
            for doc_id, k in corpus.kinds.items()
        ),
    )
    db.executemany(
        "INSERT OR REPLACE INTO captures VALUES (?,?)",
        ((d.doc_id, d.captured) for d in corpus.documents if d.captured),
    )
    create_indexes(db, INDEXES)


def build_file(tmp: Path, corpus: Corpus) -> None:
    db = connect(tmp)
    try:
        # A file nobody else can see yet: no journal and no fsync until it is whole.
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.executescript(SCHEMA)
        db.execute("BEGIN")
        db.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))
        db.executemany(
            "INSERT INTO meta VALUES (?, ?)", [("created_at", utc_now()), ("root", corpus.root)]
        )
        load_corpus(db, corpus)
        db.execute("COMMIT")
        db.execute("PRAGMA journal_mode = WAL")  # persistent: recorded in the file header
    finally:
        db.close()
    with open(tmp, "rb+") as handle:
        os.fsync(handle.fileno())


def kept_documents(
    path: str | os.PathLike[str], names: Sequence[str]
) -> list[tuple[Document, list[tuple[int, int, str]]]]:
    """The documents an existing project holds under ``names``, with their units'
    spans: what a re-read keeps for inputs it could not read this time (a file
    locked, unmounted or half-written for one run must not detach its labels).
    Nothing if there is no readable project at ``path``."""
    target = Path(path)
    if not names or not target.is_file():
        return []
    try:
        db = connect_read_only(target)
    except sqlite3.Error:
        return []
    try:
        marks = ",".join("?" * len(names))
        docs = db.execute(
            "SELECT doc_id, path, text, title, source, date, url FROM documents"
            f" WHERE path IN ({marks}) ORDER BY rowid",
            list(names),
        ).fetchall()
        out = []
        for doc_id, doc_path, text, title, source, date, url in docs:
            spans = db.execute(
                'SELECT start, "end", kind FROM units WHERE doc_id = ? ORDER BY idx', (doc_id,)
            ).fetchall()
            document = Document(doc_id, doc_path, text, title, source, date, url)
            out.append((document, [tuple(s) for s in spans]))
        return out
    except sqlite3.Error:
        return []  # a damaged project: opening it will say so
    finally:
        db.close()

"""The reviewer's repairs as constraints that outlive re-grouping.

A merge says "these texts go together" (must-link: each text of the group merged in,
with the representative of the group it joined); a split says "this text is not with
those" (cannot-link: the text split out, with each other text of its old group); a
move says both. Texts are compared as the grouper normalises them
(``claimcheck.group.normalize``), so a re-read of the same sentence in another file,
or with other spacing or case, still matches.

After any clustering (a re-grouped corpus on re-open, or ``claimcheck group --project``)
``apply_constraints`` replays them in the order they were made: a must-link joins the
groups holding its two texts, a cannot-link takes the first text's units out of a group
that holds both into a group of their own. A constraint whose text is gone cannot
apply: it is returned, kept (it applies again once the text is back) and listed with
the orphaned labels.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..models import Corpus, Group

MUST, CANNOT = "must", "cannot"


@dataclass(frozen=True, slots=True)
class Constraint:
    kind: str  # MUST or CANNOT
    a: str  # normalised texts
    b: str
    a_text: str  # as the reviewer saw them
    b_text: str
    seq: int = 0  # the surgery log entry that made it
    reviewer: str = ""
    at: str = ""
    reason: str = ""  # why it could not apply (unapplied ones only)


def normalize(text: str) -> str:
    from ..group import normalize as grouping_normalize  # numpy: only when needed

    return grouping_normalize(text)


def _normalize_all(texts: list[str]) -> list[str]:
    """``normalize`` of every text, through the grouper's own bulk path (ASCII texts
    in one bytes.translate pass): every member of a big corpus is normalised here."""
    from ..group import _normalize_many

    return _normalize_many(texts)


def pairs(kind: str, texts: Iterable[str], other: Sequence[str]) -> list[tuple[str, ...]]:
    """Constraint rows (kind, a, b, a_text, b_text) between each of ``texts`` and each
    of ``other``; pairs of one normalised text are left out (they cannot be told apart)."""
    rows: dict[tuple[str, str], tuple[str, ...]] = {}
    norms_b = {normalize(t): t for t in other}
    for text in texts:
        a = normalize(text)
        for b, b_text in norms_b.items():
            if a and b and a != b:
                rows.setdefault((a, b), (kind, a, b, text, b_text))
    return list(rows.values())


def read_constraints(db: sqlite3.Connection) -> list[Constraint]:
    """The project's constraints in the order they were made."""
    rows = db.execute(
        "SELECT c.kind, c.a, c.b, c.a_text, c.b_text, c.seq, coalesce(l.reviewer, ''),"
        " coalesce(l.at, '') FROM constraints c LEFT JOIN log l ON l.seq = c.seq"
        " ORDER BY c.seq, c.rowid"
    ).fetchall()
    return [Constraint(*r) for r in rows]


def apply_constraints(corpus: Corpus, constraints: Sequence[Constraint]) -> list[Constraint]:
    """Apply ``constraints`` to ``corpus.groups`` in place; the ones that cannot apply."""
    if not constraints:
        return []
    units = corpus.units
    groups: list[list[int] | None] = [list(g.members) for g in corpus.groups]
    meta: list[Group | None] = list(corpus.groups)
    where: dict[int, int] = {m: gi for gi, ms in enumerate(groups) if ms for m in ms}
    by_text: dict[str, list[int]] = {}
    member_units = list(where)
    for m, norm in zip(member_units, _normalize_all([units[m].text for m in member_units]),
                       strict=True):  # fmt: skip
        by_text.setdefault(norm, []).append(m)
    unapplied = []
    born_of: dict[int, int] = {}  # a group split out -> the group it left
    for c in constraints:
        a_units, b_units = by_text.get(c.a, []), by_text.get(c.b, [])
        if not a_units or not b_units:
            gone = c.a_text if not a_units else c.b_text
            unapplied.append(_unapplied(c, f"text gone: {gone[:80]}"))
        elif c.kind == MUST:
            _join(groups, where, [where[m] for m in b_units][0], a_units + b_units)
        else:
            _part(groups, meta, where, a_units, set(b_units), born_of)
    corpus.groups, reshaped = _rebuild(corpus, groups, meta, born_of)
    if reshaped:
        from ..resuggest import resuggest

        # a group the repairs made or reshaped is suggested for as a fresh run would
        by_id = {id(g): i for i, g in enumerate(corpus.groups)}
        resuggest(corpus, [by_id[id(g)] for g in reshaped])
    return unapplied


def _unapplied(c: Constraint, reason: str) -> Constraint:
    return Constraint(c.kind, c.a, c.b, c.a_text, c.b_text, c.seq, c.reviewer, c.at, reason)


def _join(groups: list, where: dict[int, int], target: int, units: list[int]) -> None:
    """Every group holding one of ``units`` joins group ``target``."""
    for gi in dict.fromkeys(where[m] for m in units):
        if gi == target or groups[gi] is None:
            continue
        for m in groups[gi]:
            where[m] = target
        groups[target].extend(groups[gi])
        groups[gi] = None


def _part(
    groups: list, meta: list, where: dict[int, int], a_units: list[int], b: set[int],
    born_of: dict[int, int],
) -> None:  # fmt: skip
    """``a_units`` leave any group that also holds one of ``b``, for a new group."""
    for gi in dict.fromkeys(where[m] for m in a_units):
        members = groups[gi]
        if members is None or not b.intersection(members):
            continue
        leaving = [m for m in members if m in set(a_units)]
        groups[gi] = [m for m in members if m not in set(leaving)]
        groups.append(leaving)
        meta.append(None)
        born_of[len(groups) - 1] = gi
        for m in leaving:
            where[m] = len(groups) - 1


def _rebuild(
    corpus: Corpus, groups: list, meta: list, born_of: dict[int, int]
) -> tuple[list[Group], list[Group]]:
    """The groups in corpus order, and those of them reshaped whose suggestion must be
    computed anew (a group split out of, or reshaped from, a group that had one)."""
    from ..group import group_id

    units = corpus.units
    core = {m: c for g in meta if g is not None for m, c in zip(g.members, g.cores, strict=False)}
    out, reshaped = [], []
    taken = {g.group_id for g in meta if g is not None}
    for gi, (members, old) in enumerate(zip(groups, meta, strict=True)):
        if not members:
            continue
        if old is not None and members == old.members:
            out.append(old)  # untouched
            continue
        n_docs = len({units[m].doc_id for m in members})
        if old is None:  # a new group (split out): suggested below, as its origin was
            rep, suggestion, related = members[0], None, []
            gid = _free_id(group_id(normalize(units[rep].text)), taken)
        else:
            rep = old.members[0] if old.members[0] in members else members[0]
            gid, suggestion, related = old.group_id, old.suggestion, old.related
        ordered = [rep] + [m for m in members if m != rep]
        cores = [core[m] for m in ordered] if all(m in core for m in ordered) else []
        out.append(Group(gid, ordered, n_docs, suggestion, cores, related))
        if _origin(meta, born_of, gi).suggestion is not None:
            reshaped.append(out[-1])
    return sorted(out, key=lambda g: min(g.members)), reshaped


def _free_id(base: str, taken: set[str]) -> str:
    """``base``, suffixed as the app's split suffixes it if taken: the text split out
    was often its group's representative, the one the group's id was made from."""
    gid, n = base, 1
    while gid in taken:
        n += 1
        gid = f"{base}-{n}"
    taken.add(gid)
    return gid


def _origin(meta: list, born_of: dict[int, int], gi: int) -> Group:
    """The grouper's group that group ``gi`` is, or was split out of (in turn)."""
    while meta[gi] is None:
        gi = born_of[gi]
    return meta[gi]


def project_constraints(path: str | os.PathLike[str]) -> list[Constraint]:
    """The constraints of the project file at ``path``, read without writing it (a file
    of an older schema has none); ProjectError, one line, for anything but a project."""
    from .connection import read_project
    from .schema import file_version

    def read(db: sqlite3.Connection, target: Path) -> list[Constraint]:
        return read_constraints(db) if file_version(db, target) >= 2 else []

    return read_project(path, read)

"""Learned suggestions (claimcheck.learn): what the learner reads of a project, and
its suggestions written back in short transactions, the rules' own kept aside."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace


@dataclass(frozen=True, slots=True)
class LearningRows:
    """What ``claimcheck.learn`` reads of a project: the rules' view of every group."""

    # (group_id, representative text, size, n_docs, rules' label, confidence, explanation)
    groups: list[tuple[str, str, int, int, str | None, float | None, str]]
    members: list[tuple[str, int, str]]  # (group_id, uid, doc_id) of every member
    evidence: list[tuple[int, str, str]]  # (uid, signal, doc_id) of the suggestions' evidence
    labels: dict[str, str]  # group_id -> the reviewer's label (labelled groups only)
    # (group_id, related group_id, score) of every group's related list (merged-away
    # groups left out)
    related: list[tuple[str, str, float]] = field(default_factory=list)


# A suggestion as ``Project.set_suggestions`` writes it: (group_id, label, confidence,
# explanation).
SuggestionRow = tuple[str, "str | None", "float | None", str]
# The rules' own suggestions, kept aside once a learned one replaces any (created then).
RULE_TABLE = "rule_suggestions"
RULES_KEPT = "rule_suggestions_complete"  # meta key: the copy aside is whole
SUGGESTION_CHUNK = 200  # suggestions written per transaction (see set_suggestions)


class SuggestionsMixin:
    """Learned suggestions in ``Project`` (see project.py for the shared state)."""

    def learning_rows(self) -> LearningRows:
        """The rules' suggestions (not learned ones), members, evidence and labels."""
        with self._reader() as db:
            has_rules = db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (RULE_TABLE,)
            ).fetchone()
            source = (
                f"""SELECT g.group_id, g.text, g.size, g.n_docs,
                           CASE WHEN r.group_id IS NULL THEN g.suggested_label ELSE r.label END,
                           CASE WHEN r.group_id IS NULL THEN g.confidence ELSE r.confidence END,
                           CASE WHEN r.group_id IS NULL THEN g.explanation ELSE r.explanation END
                    FROM groups g LEFT JOIN {RULE_TABLE} r ON r.group_id = g.group_id"""
                if has_rules
                else "SELECT group_id, text, size, n_docs, suggested_label, confidence,"
                " explanation FROM groups g"
            )
            groups = db.execute(source + " WHERE g.size > 0 ORDER BY g.position").fetchall()
            members = db.execute(
                """SELECT g.group_id, m.uid, u.doc_id FROM members m
                   JOIN groups g ON g.position = m.position JOIN units u ON u.uid = m.uid
                   ORDER BY m.position, m.uid != g.rep_uid, m.rank"""
            ).fetchall()
            evidence = db.execute(
                "SELECT e.uid, e.signal, u.doc_id FROM evidence e JOIN units u ON u.uid = e.uid"
            ).fetchall()
            labels = dict(
                db.execute("SELECT group_id, label FROM labels WHERE label IS NOT NULL").fetchall()
            )
            related = db.execute(
                """SELECT g.group_id, o.group_id, r.score FROM groups g
                   JOIN related r ON r.position = g.position
                   JOIN groups o ON o.group_id = r.other
                   WHERE g.size > 0 AND o.size > 0 AND o.group_id != g.group_id
                   ORDER BY g.position, r.rank"""
            ).fetchall()
        if self._own is not None:  # a team: this reviewer's own, as labels() says
            labels = self.labels()
        return LearningRows(groups, members, evidence, labels, related)

    def set_suggestions(self, rows: Sequence[SuggestionRow]) -> int:
        """Replace some groups' suggestions (e.g. learned ones); the rules' are kept aside
        in ``rule_suggestions`` the first time, so ``learning_rows`` still reads them.

        Written in short transactions of ``SUGGESTION_CHUNK`` rows, so that a decision
        (a key press in the app) waits for one chunk at most, never for 100,000 rows;
        the queue cache is patched the same way. Rows whose suggestion is unchanged are
        skipped. Returns the rows changed.
        """
        rows = [r for r in rows if self._suggestion_changed(r)]
        if not rows:
            return 0
        self._keep_rule_suggestions()
        for at in range(0, len(rows), SUGGESTION_CHUNK):
            chunk = rows[at : at + SUGGESTION_CHUNK]
            with self._write("save the learned suggestions") as db:
                db.executemany(
                    "UPDATE groups SET suggested_label = ?, confidence = ?, explanation = ?"
                    " WHERE group_id = ?",
                    ((label, conf, expl, gid) for gid, label, conf, expl in chunk),
                )
            self._patch_suggestions(chunk)
        return len(rows)

    def _suggestion_changed(self, row: SuggestionRow) -> bool:
        old = self.cached_row(row[0])
        return old is None or (old.suggested_label, old.confidence, old.explanation) != row[1:]

    def _keep_rule_suggestions(self) -> None:
        """Copy the rules' suggestions aside, once, before any is replaced."""
        if self._read("SELECT 1 FROM meta WHERE key = ?", (RULES_KEPT,)):
            return
        (last,) = self._read("SELECT coalesce(max(position), -1) FROM groups")[0]
        with self._write("keep the rules' suggestions") as db:
            db.execute(
                f"CREATE TABLE IF NOT EXISTS {RULE_TABLE} (group_id TEXT PRIMARY KEY,"
                " label TEXT, confidence REAL, explanation TEXT NOT NULL)"
            )
        for at in range(0, last + 1, SUGGESTION_CHUNK * 10):  # plain copies: cheaper rows
            with self._write("keep the rules' suggestions") as db:
                db.execute(
                    f"INSERT OR IGNORE INTO {RULE_TABLE} SELECT group_id, suggested_label,"
                    " confidence, explanation FROM groups WHERE position BETWEEN ? AND ?",
                    (at, at + SUGGESTION_CHUNK * 10 - 1),
                )
        with self._write("keep the rules' suggestions") as db:  # only once all are copied
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, '1')", (RULES_KEPT,))

    def _patch_suggestions(self, rows: Sequence[SuggestionRow]) -> None:
        cached, index = self._rows, self._index
        if cached is None:
            return
        fresh = []
        for gid, label, conf, expl in rows:
            i = index.get(gid)
            if i is not None and i < len(cached):
                old = cached[i]
                new = replace(old, suggested_label=label, confidence=conf, explanation=expl)
                fresh.append((i, old, new))
        with self._lock:
            if self._rows is not cached:
                return  # rebuilt meanwhile, from the file: already has them
            for i, old, new in fresh:
                if cached[i] is old:  # else a decision re-read it from the file since
                    cached[i] = new

    def has_replaced_suggestions(self) -> bool:
        """Whether ``set_suggestions`` ever replaced a rules' suggestion here."""
        return bool(self._read("SELECT 1 FROM meta WHERE key = ?", (RULES_KEPT,)))

    def labels(self) -> dict[str, str]:
        """group_id -> label of every labelled group (one small query). In a team, this
        reviewer's own labels: what the model learns from must not leak the others'
        judgements into a blind review's suggestions (reviewers.py)."""
        if self._own is not None:
            return {g: s[0] for g, s in self._own.items() if s[0] is not None}
        return dict(self._read("SELECT group_id, label FROM labels WHERE label IS NOT NULL"))

"""Adjudication: an editor settles the groups the reviewers labelled differently.

With ``Project.adjudicating`` set (``claimcheck review desk.sqlite --adjudicate``),
the queue holds exactly the disputed groups (``agreement.disputed``; with
``adjudicate_all``, every group two reviewers or more labelled, ``agreement.overlap``,
so an editor can confirm the agreed ones too), each row's
decision is its final label so far, and a label key logs the final label as an
``adjudicate`` entry by the adjudicator (``ReviewersMixin.adjudicate``): the
reviewers' own labels stay as they are, and the adjudicator does not become a
reviewer. Skips, flags and notes would be the adjudicator's judgements: refused.
``reviews_of`` gives each reviewer's label and note, for the detail pane. An
adjudication is undone and redone like any decision of the session (``undo`` and
``redo`` entries naming it; ``reviewers.adjudications`` follows them).
"""

from __future__ import annotations

from ..agreement import disputed, overlap
from .connection import ProjectError
from .log import Decision
from .reviewers import JUDGEMENTS, adjudications, final_label, states_by_reviewer

Review = tuple[str, str | None, str]  # reviewer, their label (None: none), their note


class AdjudicationMixin:
    """The adjudication part of ``Project`` (see project.py for the shared state)."""

    def reviews_of(self, group_id: str) -> list[Review]:
        """Each reviewer's label and note on a group (adjudicating; [] otherwise)."""
        if self._reviews is None or group_id not in (self._queue_only or ()):
            return []
        return [(name, states[group_id][0] if group_id in states else None,
                 states[group_id][3] if group_id in states else "")
                for name, states in self._reviews.items()]  # fmt: skip

    def _detect_disputes(self) -> None:
        """The disputed groups (the queue), their final labels so far, and each
        reviewer's decisions (for ``reviews_of``): one read and one replay of the log."""
        entries = self.log()
        states = states_by_reviewer(entries)
        by_reviewer = {
            name: {g: s[0] for g, s in mine.items() if s[0] is not None}
            for name, mine in states.items()
        }
        final = adjudications(entries)
        queue = overlap(by_reviewer) if self.adjudicate_all else disputed(by_reviewer)
        self._queue_only = set(queue)
        self._own = {g: (final[g][0] if g in final else None, False, False, "") for g in queue}
        self._reviews = states

    def _adjudicate_key(self, group_id: str, label: str | None) -> Decision:
        """A label key while adjudicating: the final label, logged; the row patched."""
        previous = self._own_state(group_id)[0]
        decision = self.adjudicate(group_id, label)
        self._own_set(group_id, (label, False, False, ""))
        self._patch(group_id)
        self._counted("label", label, previous)
        self._undo.append(decision)
        self._redo.clear()
        return decision

    def _replay_adjudication(self, original: Decision, kind: str) -> Decision:
        """Undo (the final label before ``original``) or redo (``original``'s) an
        adjudication, as an ``undo``/``redo`` entry naming it."""
        value = original.previous if kind == "undo" else original.value
        gid = original.group_id
        with self._write(f"{kind} the final label for {gid}") as db:
            current = final_label(db, gid)
            done = self.log_entry(db, gid, kind, value, current, undoes=original.seq)
        if self._own is not None:  # adjudicating: the row shows the final label
            self._own_set(gid, (value, False, False, ""))
            self._patch(gid)
            self._counted("label", value, current)
        return done

    def _refuse_while_adjudicating(self, action: str) -> None:
        if self.adjudicating and action in JUDGEMENTS[1:]:
            raise ProjectError(
                f"{self.path}: adjudicating: a label key picks the final label; {action} is"
                " a reviewer's decision (review without --adjudicate)"
            )

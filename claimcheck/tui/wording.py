"""How the review app words what just happened: an undo or redo, a quit.

An undo that says nothing (it once removed a note silently) leaves the reviewer
guessing; these name the change in the words the screen uses.
"""

from __future__ import annotations

import shlex

from claimcheck.labels import LABELS, label_name
from claimcheck.models import ReadIssue
from claimcheck.store import SKIPPED, Decision
from claimcheck.store.reviewers import login_name

FLAG_VALUES = frozenset({"0", "1"})
STATE_VALUES = frozenset({*LABELS, SKIPPED, None})


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _state(value: str | None) -> str:
    return "pending" if value is None else ("skipped" if value == SKIPPED else label_name(value))


def change(decision: Decision) -> str:
    """What an undo or redo entry changed, e.g. "dated news → pending".

    The entry records the value it restored and the one it replaced, not which
    field: a flag is "0"/"1", a label or skip is a label id, "skipped" or None
    (pending), anything else is a note.
    """
    now, before = decision.value, decision.previous
    if now in FLAG_VALUES and before in FLAG_VALUES:
        return "flag set" if now == "1" else "flag removed"
    if now in STATE_VALUES and before in STATE_VALUES:
        return f"{_state(before)} → {_state(now)}"
    return f"note back to {now!r}" if now else "note removed"


def quit_line(decisions: int, path: str, reviewer: str = "") -> str:
    """The line printed when the app closes: what was saved and how to go on (as this
    reviewer: named unless it is the login name, which a bare resume takes only when
    the project has no other reviewer)."""
    named = f" --reviewer {shlex.quote(reviewer)}" if reviewer and reviewer != login_name() else ""
    return (
        f"{plural(decisions, 'decision')} saved to {path}; "
        f"resume with: claimcheck review {shlex.quote(path)}{named}"
    )


def re_read(carried: int, grown: int) -> str:
    """The sync summary: decisions carried over, and the labelled groups that gained
    members (their labels were given without those: the reviewer should look again)."""
    said = f"Corpus re-read: {plural(carried, 'decision')} carried over."
    if grown:
        said += (
            f" {plural(grown, 'labelled group')} gained members since labelled: marked +"
            " in the queue (v: changed since labelled)."
        )
    return said


SHOWN_ISSUES = 3  # a toast is a few lines; `claimcheck group` lists every one


def read_problems(issues: list[ReadIssue]) -> str:
    """The inputs that could not be read as they were, by name: "3 inputs had problems"
    alone left the reviewer to find which by running another command."""
    lines = [f"{plural(len(issues), 'input')} had problems:"]
    lines += [f"{issue.path}: {issue.problem}" for issue in issues[:SHOWN_ISSUES]]
    if len(issues) > SHOWN_ISSUES:
        lines.append(f"and {len(issues) - SHOWN_ISSUES:,} more (claimcheck group lists them all)")
    return "\n".join(lines)

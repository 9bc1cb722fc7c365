"""The review project: one SQLite file holding a corpus, its groups and every decision.

A package, one concept per module: ``connection`` (opening a file, durability),
``schema`` (tables, version, migrations), ``load`` (a corpus into the file), ``log``
(decisions as append-only entries, undo/redo, replay), ``surgery`` (merge, split,
move), ``constraints`` (repairs that survive re-grouping), ``carry`` (re-grouping and
decisions carried over), ``queue`` (the cached queue, filters, sorts, counts),
``members`` (what the detail pane reads), ``rows`` (export reads), ``suggestions``
(learned suggestions), ``pagekinds``, and ``project`` (the ``Project`` that joins them).
See docs/store.md.
"""

from __future__ import annotations

import os  # noqa: F401 - tests patch store.os / store.sqlite3 to simulate read-only folders
import sqlite3  # noqa: F401

from ..defaults import DEFAULT_DB  # noqa: E402 - one definition, shared with the CLI
from .carry import SyncReport, normalise
from .connection import SQLITE_MAGIC, ProjectError, ProjectLocked, utc_now
from .connection import connect_read_only as _connect_read_only
from .constraints import Constraint, apply_constraints
from .load import kept_documents
from .log import CONFLICT_ACTION, CONFLICT_VERDICTS, Decision, replay
from .members import MemberView, RelatedView
from .project import Project
from .queue import FILTERS, PENDING, SKIPPED, SORTS, QueueRow, Stats
from .schema import APPLICATION_ID, SCHEMA_VERSION
from .suggestions import LearningRows, SuggestionRow
from .surgery import LabelChoiceNeeded

__all__ = [
    "APPLICATION_ID", "CONFLICT_ACTION", "CONFLICT_VERDICTS", "DEFAULT_DB", "FILTERS",
    "PENDING", "SCHEMA_VERSION", "SKIPPED", "SORTS", "SQLITE_MAGIC", "Constraint", "Decision",
    "LabelChoiceNeeded", "LearningRows", "MemberView", "Project", "ProjectError",
    "ProjectLocked", "QueueRow", "RelatedView", "Stats", "SuggestionRow", "SyncReport",
    "_connect_read_only", "apply_constraints", "kept_documents", "normalise", "replay",
    "utc_now",
]  # fmt: skip

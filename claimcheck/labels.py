"""The review labels, one record each: everything that names a label reads it here.

A label's ``id`` is its one spelling in files (project, exports, imports, JSON);
``name`` is its one display name (the app, the report, messages); ``short`` is the
tag where a column is narrow (the queue, the progress line); ``key`` the default
key in the review app (a keymap file may move it: binding id ``label.<id>``);
``colour`` a Textual theme variable its CSS classes are built from; ``definition``
one line of ``LABELS.md`` (shipped in the package, see :func:`guide_text`).

No UI here: the review app builds its bindings, footer, help, filters and CSS from
these records, and the domain modules (suggest, store, export, report) use the ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class Label:
    id: str
    name: str
    short: str
    key: str
    colour: str
    definition: str

    @property
    def binding_id(self) -> str:
        """The id a keymap file names this label's key by."""
        return f"label.{self.id}"


DATED_NEWS = "dated_news"
GENERIC = "generic"
UNSUPPORTED = "unsupported"

RECORDS: tuple[Label, ...] = (
    Label(
        DATED_NEWS, "dated news", "dated", "d", "$accent",
        "a datable event or statement, attributed to a named person, office or outlet",
    ),
    Label(
        GENERIC, "generic assertion", "generic", "g", "$secondary",
        "evaluative or boilerplate wording that asserts nothing checkable",
    ),
    Label(
        UNSUPPORTED, "unsupported", "unsupported", "u", "$warning",
        "a specific, checkable claim stated without date, attribution or evidence",
    ),
)  # fmt: skip
LABELS: tuple[str, ...] = tuple(label.id for label in RECORDS)
BY_ID: dict[str, Label] = {label.id: label for label in RECORDS}


def label_name(label_id: str | None) -> str:
    """The display name of a label id; an unknown id as itself, no label as "none"."""
    if not label_id:
        return "none"
    record = BY_ID.get(label_id)
    return record.name if record else label_id


def short_name(label_id: str) -> str:
    record = BY_ID.get(label_id)
    return record.short if record else label_id


@cache
def guide_text() -> str:
    """``LABELS.md``, the definitions with their examples, as shipped in the package."""
    return resources.files("claimcheck").joinpath("data/LABELS.md").read_text(encoding="utf-8")

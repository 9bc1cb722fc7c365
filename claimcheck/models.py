"""The domain's plain data: documents, units (sentences and lines), groups.

No I/O and no UI here; every other module speaks in these types.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # plain data too, kept in its own module with its rules
    from .pagekind import PageKind

# Unit kinds. Only sentences and bullet items can be claims; the rest are kept
# in the data (nothing is silently dropped) but stay out of the review queue.
SENTENCE = "sentence"
BULLET = "bullet"
HEADING = "heading"
NOISE = "noise"  # scraping boilerplate: "See also ...", "Top", agency credits
FRAGMENT = "fragment"  # too short or not a sentence (e.g. a lone date line)
CLAIM_KINDS = frozenset({SENTENCE, BULLET})
KINDS = (SENTENCE, BULLET, HEADING, NOISE, FRAGMENT)  # every unit kind

# Review labels: defined once, with their names and keys, in claimcheck.labels.
from .labels import DATED_NEWS as DATED_NEWS  # noqa: E402
from .labels import GENERIC as GENERIC  # noqa: E402
from .labels import LABELS as LABELS  # noqa: E402
from .labels import UNSUPPORTED as UNSUPPORTED  # noqa: E402


@dataclass(frozen=True, slots=True)
class Document:
    """One document as read. ``text`` is what unit offsets point into."""

    doc_id: str  # derived from content: same text, same id
    path: str  # relative to the corpus root; "file.jsonl:3" for a record
    text: str
    title: str = ""
    source: str = ""
    date: str = ""  # ISO 8601 where known
    url: str = ""
    captured: str = ""  # when a web archive captured the page (WARC-Date), ISO 8601
    lang: str = ""  # ISO 639-1 ("en", "fr", "zh"); "" when unsure (claimcheck.lang)


class Span(NamedTuple):
    """A segment of a document's text as found by the segmenter. A named tuple: the
    segmenter makes one per line and sentence (1M for a file of 1M lines), and a
    frozen dataclass costs ~5 times as much to build."""

    start: int
    end: int
    kind: str


class Unit(NamedTuple):
    """A sentence or line of a document, with offsets into ``Document.text``.

    A named tuple, as ``Span``: a run makes one per line and sentence (1M for a file
    of 1M lines), and a frozen dataclass's ``__init__`` cost ~1 us each (~0.7 s of
    that run); ``tuple.__new__(Unit, fields)`` (``pipeline``) builds one in ~0.2 us.
    Immutable and hashable as before; unlike a dataclass it also unpacks and compares
    as a tuple."""

    doc_id: str
    index: int  # position within the document
    start: int
    end: int
    text: str
    kind: str

    @property
    def unit_id(self) -> str:
        return f"{self.doc_id}:{self.index:05d}"

    @property
    def is_claim(self) -> bool:
        return self.kind in CLAIM_KINDS


@dataclass(frozen=True, slots=True)
class Evidence:
    """One signal found in a unit, tied to the span of text that triggered it."""

    unit_index: int  # index into the run's unit list
    start: int  # offsets within the unit's text
    end: int
    signal: str  # e.g. "date", "speaker", "evaluative"
    label: str  # which label the signal speaks for


@dataclass(slots=True)
class Suggestion:
    label: str
    confidence: float  # 0..1
    explanation: str  # one line naming the evidence
    evidence: tuple[Evidence, ...] = ()


@dataclass(slots=True)
class Group:
    """A set of near-duplicate claim units; ``members[0]`` is the representative."""

    group_id: str
    members: list[int]  # indices into the run's unit list
    n_docs: int
    suggestion: Suggestion | None = None
    # Claim cores of the members (index-aligned), what the matcher compared.
    cores: list[str] = field(default_factory=list)
    # The closest other groups below the grouping threshold: (group id, score 0..1).
    related: list[tuple[str, float]] = field(default_factory=list)

    @property
    def representative(self) -> int:
        return self.members[0]

    @property
    def size(self) -> int:
        return len(self.members)


@dataclass(frozen=True, slots=True)
class ReadIssue:
    """A problem with one input; reported on one line, never fatal to the run."""

    path: str
    problem: str
    fatal: bool = True  # True: the input yielded nothing; False: read with a caveat

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


@dataclass(slots=True)
class Corpus:
    """Everything one run produced, in document order."""

    documents: list[Document] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    issues: list[ReadIssue] = field(default_factory=list)
    root: str = ""
    kinds: dict[str, PageKind] = field(default_factory=dict)  # doc_id -> its page kind


ProgressFn = Callable[[str, int, "int | None"], None]


def no_progress(stage: str, done: int, total: int | None) -> None:
    """A Progress that shows nothing."""

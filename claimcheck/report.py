"""The source report's figures: per source, per claim group, conflicts and a timeline.

Built from a review project (reviewed labels where there are some, else the suggestion,
marked as such) or from a corpus just read (suggestions only). The result is plain
JSON-able data (schema in docs/report.md); ``report_html`` renders it as one page.

Terms:
- a *claim*: a sentence or bullet unit; its label is its group's.
- a *specific* claim: labelled dated_news or unsupported (generic ones assert nothing
  checkable, LABELS.md).
- a *page kind*: what ``pagekind`` inferred for the document (``Corpus.kinds``), or
  the kind a reviewer set in the project.
- a source's *date*: the document's metadata date, else the date its page states at the
  top ("Published 15 October 2026", a dateline; ``pagedate``) when that has a year.
- a *dated report*: a document with a date whose page kind is not a content farm.
- *backed*: a specific claim whose group also appears in a dated report elsewhere;
  *only here*: its group appears in no other document.
- *corroborated*: an unsupported group that a dated report carries (named).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from .conflicts import Conflict, Variant, find_conflicts
from .models import DATED_NEWS, LABELS, UNSUPPORTED, Corpus, Document, ProgressFn, no_progress
from .pagekind import CONTENT_FARM, PageKind

if TYPE_CHECKING:
    from .store.log import Decision

SCHEMA = "claimcheck-report/1"
UNLABELLED = "unlabelled"
REVIEWED, SUGGESTED, NONE = "reviewed", "suggested", "none"
SPECIFIC = frozenset({DATED_NEWS, UNSUPPORTED})
UNKNOWN_KIND = "unknown"  # a document the suggester did not judge (``--no-suggest``)
KIND_INFERRED, KIND_REVIEWER = "inferred", "reviewer"  # where a source's kind comes from
FROM_METADATA, FROM_PAGE = "metadata", "page"  # where a source's date comes from
# A group in more documents than this is boilerplate, not copying: it stays out of the
# pairwise copy counts (which are quadratic in it).
MAX_COPY_DOCS = 50
MAX_SHARES = 10  # other sources listed per source
MAX_CONFLICTS = 1000


@dataclass(frozen=True, slots=True)
class ReportOptions:
    conflicts: bool = True
    max_conflicts: int = MAX_CONFLICTS


def _day(date: str) -> str:
    return date[:10]


class _Index:
    """Lookups shared by the report's parts."""

    def __init__(self, corpus: Corpus, labels: dict[str, str]) -> None:
        self.corpus = corpus
        self.docs = {d.doc_id: d for d in corpus.documents}
        self.order = {d.doc_id: i for i, d in enumerate(corpus.documents)}
        self.dates = {
            d.doc_id: source_date(d, corpus.kinds.get(d.doc_id)) for d in corpus.documents
        }
        self.group_label: list[str] = []
        self.group_source: list[str] = []
        self.group_docs: list[list[str]] = []
        self.unit_group: dict[int, int] = {}
        self.claims_by_doc: dict[str, list[int]] = defaultdict(list)
        for i, unit in enumerate(corpus.units):
            if unit.is_claim:
                self.claims_by_doc[unit.doc_id].append(i)
        for gi, group in enumerate(corpus.groups):
            label, source = _label(group.group_id, group.suggestion, labels)
            self.group_label.append(label)
            self.group_source.append(source)
            docs = list(dict.fromkeys(corpus.units[m].doc_id for m in group.members))
            docs.sort(key=self.doc_sort_key)
            self.group_docs.append(docs)
            for m in group.members:
                self.unit_group[m] = gi

    def date(self, doc_id: str) -> str:
        return self.dates[doc_id][0]

    def kind(self, doc_id: str) -> str:
        page = self.corpus.kinds.get(doc_id)
        return page.kind if page is not None else UNKNOWN_KIND

    def is_dated_report(self, doc_id: str) -> bool:
        return bool(self.date(doc_id)) and self.kind(doc_id) != CONTENT_FARM

    def doc_sort_key(self, doc_id: str) -> tuple[int, str, int]:
        """Earliest dated first, undated last, then corpus order."""
        date = self.date(doc_id)
        return (0 if date else 1, _day(date), self.order[doc_id])

    def reports_elsewhere(self, gi: int, doc_id: str) -> list[str]:
        return [d for d in self.group_docs[gi] if d != doc_id and self.is_dated_report(d)]


def source_date(doc: Document, page: PageKind | None) -> tuple[str, str]:
    """(date, where it comes from): the metadata date, else the page's own date when it
    has a year (a year-less "--10-15" cannot be ordered against other sources), else
    ("", "")."""
    if doc.date:
        return doc.date, FROM_METADATA
    if page is not None and page.date.year:
        return page.date.iso, FROM_PAGE
    return "", ""


def _label(gid: str, suggestion: Any, labels: dict[str, str]) -> tuple[str, str]:
    if gid in labels:
        return labels[gid], REVIEWED
    if suggestion is not None and suggestion.label:
        return suggestion.label, SUGGESTED
    return UNLABELLED, NONE


def build_report(
    corpus: Corpus,
    labels: dict[str, str] | None = None,
    verdicts: dict[str, str] | None = None,
    *,
    input_name: str = "",
    options: ReportOptions | None = None,
    progress: ProgressFn = no_progress,
) -> dict[str, Any]:
    """The report as JSON-able data (see docs/report.md for the schema)."""
    options = options or ReportOptions()
    index = _Index(corpus, labels or {})
    progress("report", 0, 4)
    pair_claims = _pair_claims(index)
    shares_of: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for (doc, other), n in pair_claims.items():
        shares_of[doc].append((other, n))
    sources = [_source(index, doc, shares_of.get(doc.doc_id, [])) for doc in corpus.documents]
    progress("report", 1, 4)
    groups = [_group(index, gi) for gi in range(len(corpus.groups))]
    progress("report", 2, 4)
    conflicts = find_conflicts(corpus, limit=options.max_conflicts) if options.conflicts else []
    progress("report", 3, 4)
    report = {
        "schema": SCHEMA,
        "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "input": input_name,
        "totals": _totals(index, sources),
        "sources": sources,
        "copies": _copies(index, pair_claims),
        "groups": groups,
        "timeline": _timeline(index),
        "conflicts": [_conflict(index, c, verdicts or {}) for c in conflicts],
    }
    progress("report", 4, 4)
    return report


# --------------------------------------------------------------------------- per source


def _pair_claims(index: _Index) -> dict[tuple[str, str], int]:
    """(doc, other) -> how many of doc's claims are in a group that ``other`` also has."""
    counts: Counter[tuple[str, str]] = Counter()
    units = index.corpus.units
    for gi, group in enumerate(index.corpus.groups):
        docs = index.group_docs[gi]
        if not 1 < len(docs) <= MAX_COPY_DOCS:
            continue
        per_doc = Counter(units[m].doc_id for m in group.members)
        for doc, n in per_doc.items():
            for other in docs:
                if other != doc:
                    counts[(doc, other)] += n
    return counts


def _source(index: _Index, doc: Document, others: list[tuple[str, int]]) -> dict[str, Any]:
    claims = index.claims_by_doc.get(doc.doc_id, [])
    labels = dict.fromkeys((*LABELS, UNLABELLED), 0)
    suggested = dict.fromkeys((*LABELS, UNLABELLED), 0)
    specific = backed = only_here = 0
    for ui in claims:
        gi = index.unit_group.get(ui)
        label = index.group_label[gi] if gi is not None else UNLABELLED
        labels[label] += 1
        if gi is None or index.group_source[gi] != REVIEWED:
            suggested[label] += 1
        if label not in SPECIFIC:
            continue
        specific += 1
        if gi is None or len(index.group_docs[gi]) == 1:
            only_here += 1
        elif index.reports_elsewhere(gi, doc.doc_id):
            backed += 1
    return {
        "doc_id": doc.doc_id, "path": doc.path, "title": doc.title, "source": doc.source,
        "date": index.date(doc.doc_id), "date_from": index.dates[doc.doc_id][1], "url": doc.url,
        **_kind(index, doc.doc_id), "claims": len(claims),
        "labels": labels, "suggested": suggested, "specific": specific, "backed": backed,
        "shared_undated": specific - backed - only_here, "only_here": only_here,
        "shares": _shares(index, doc.doc_id, len(claims), others),
    }  # fmt: skip


def _kind(index: _Index, doc_id: str) -> dict[str, Any]:
    """The page kind, its confidence (None when not inferred) and where it comes from."""
    page = index.corpus.kinds.get(doc_id)
    if page is None:
        return {"kind": UNKNOWN_KIND, "kind_confidence": None, "kind_from": ""}
    if page.overridden:
        return {"kind": page.kind, "kind_confidence": None, "kind_from": KIND_REVIEWER}
    return {"kind": page.kind, "kind_confidence": round(page.confidence, 3),
            "kind_from": KIND_INFERRED}  # fmt: skip


def kind_text(source: dict[str, Any]) -> str:
    """A source's kind as a reader sees it: "news report 0.98", "content farm (reviewer)"."""
    name = source["kind"].replace("_", " ")
    if source["kind_from"] == KIND_REVIEWER:
        return f"{name} (reviewer)"
    if source["kind_confidence"] is not None:
        return f"{name} {source['kind_confidence']:.2f}"
    return name


def _shares(
    index: _Index, doc_id: str, n_claims: int, others: list[tuple[str, int]]
) -> list[dict[str, Any]]:
    """The sources sharing most of this one's claims, with the share of its claims."""
    top = sorted(others, key=lambda x: (-x[1], index.order[x[0]]))[:MAX_SHARES]
    return [
        {
            "doc_id": other,
            "claims": n,
            "share": round(n / n_claims, 4) if n_claims else 0.0,
            "direction": _direction(index, doc_id, other),
        }
        for other, n in top
    ]


def _direction(index: _Index, doc_id: str, other: str) -> str:
    """ "earlier": ``other`` is dated before ``doc_id`` (so doc may copy it); "later": the
    reverse; "unknown" where a date is missing or equal."""
    a, b = _day(index.date(doc_id)), _day(index.date(other))
    if not a or not b or a == b:
        return "unknown"
    return "earlier" if b < a else "later"


def _copies(index: _Index, pair_claims: dict[tuple[str, str], int]) -> list[dict[str, Any]]:
    """One edge per pair of sources sharing claims; ``from`` is the earlier dated one."""
    edges = []
    for (a, b), n_ab in pair_claims.items():
        if index.order[a] > index.order[b]:
            continue
        first, second = sorted((a, b), key=index.doc_sort_key)
        dated = _direction(index, first, second) != "unknown"
        edges.append(
            {
                "from": first,
                "to": second,
                "claims": max(n_ab, pair_claims.get((b, a), 0)),
                "directed": dated,
            }
        )
    edges.sort(key=lambda e: (-e["claims"], index.order[e["from"]], index.order[e["to"]]))
    return edges


def _totals(index: _Index, sources: Sequence[dict[str, Any]]) -> dict[str, Any]:
    labels = Counter()
    for s in sources:
        labels.update(s["labels"])
    return {
        "documents": len(index.corpus.documents),
        "claims": sum(s["claims"] for s in sources),
        "groups": len(index.corpus.groups),
        "cross_document_groups": sum(len(d) > 1 for d in index.group_docs),
        "reviewed_groups": index.group_source.count(REVIEWED),
        "labels": {k: labels.get(k, 0) for k in (*LABELS, UNLABELLED)},
    }


# --------------------------------------------------------------------------- per group


def _group(index: _Index, gi: int) -> dict[str, Any]:
    group = index.corpus.groups[gi]
    units = index.corpus.units
    label = index.group_label[gi]
    docs = index.group_docs[gi]
    reports = [d for d in docs if index.is_dated_report(d)]
    return {
        "group_id": group.group_id,
        "text": units[group.representative].text if group.members else "",
        "label": label,
        "label_source": index.group_source[gi],
        "size": group.size,
        "documents": [{"doc_id": d, "date": index.date(d)} for d in docs],
        "members": [
            {"unit_id": units[m].unit_id, "doc_id": units[m].doc_id, "text": units[m].text}
            for m in group.members
        ],
        "corroborated_by": reports if label == UNSUPPORTED else [],
    }


def _timeline(index: _Index) -> list[dict[str, Any]]:
    """Dated-news groups at the earliest date of a document carrying them."""
    items = []
    units = index.corpus.units
    for gi, group in enumerate(index.corpus.groups):
        if index.group_label[gi] != DATED_NEWS:
            continue
        dated = [d for d in index.group_docs[gi] if index.date(d)]
        if not dated or not group.members:
            continue
        items.append(
            {
                "date": _day(index.date(dated[0])),
                "group_id": group.group_id,
                "text": units[group.representative].text,
                "doc_ids": dated,
            }
        )
    items.sort(key=lambda x: (x["date"], x["group_id"]))
    return items


# --------------------------------------------------------------------------- conflicts


def _side(index: _Index, var: Variant, values: str) -> dict[str, Any]:
    units = index.corpus.units
    docs = sorted({units[u].doc_id for u in var.units}, key=index.doc_sort_key)
    return {
        "text": var.text,
        "values": values,
        "unit_ids": [units[u].unit_id for u in var.units],
        "doc_ids": docs,
        "date": next((_day(index.date(d)) for d in docs if index.date(d)), ""),
    }


def _conflict(index: _Index, c: Conflict, verdicts: dict[str, str]) -> dict[str, Any]:
    a = _side(index, c.a, "; ".join(x for x, _ in c.differing))
    b = _side(index, c.b, "; ".join(y for _, y in c.differing))
    sides = sorted((a, b), key=lambda s: (not s["date"], s["date"]))  # earliest dated first
    return {
        "conflict_id": c.conflict_id,
        "score": c.score,
        "similarity": c.similarity,
        "kinds": list(c.kinds),
        "verdict": verdicts.get(c.conflict_id, ""),
        "sides": sides,
    }


def source_names(report: dict[str, Any]) -> dict[str, str]:
    """doc_id -> the name a reader knows a source by: outlet, else title, else path."""
    return {s["doc_id"]: s["source"] or s["title"] or s["path"] for s in report["sources"]}


# --------------------------------------------------------------------------- loading


def desk_labels(entries: Iterable[Decision], stored: dict[str, str]) -> dict[str, str]:
    """The labels a report shows: with one reviewer, the project's (``stored``); in a
    team, each group's final label as ``claimcheck export`` gives it (adjudicated, else
    the one label its reviewers gave). A group still disputed has none, so its
    suggestion shows: the project's latest decision would pass one reviewer's label
    off as the desk's, or undo an adjudication."""
    from .store.reviewers import adjudications, labels_by_reviewer, verdict

    entries = list(entries)
    by_reviewer = labels_by_reviewer(entries)
    if len(by_reviewer) < 2:
        return stored
    final = adjudications(entries)
    groups = set(final).union(*by_reviewer.values())
    verdicts = {g: verdict((own.get(g) for own in by_reviewer.values()), final.get(g))
                for g in groups}  # fmt: skip
    return {g: v.label for g, v in verdicts.items() if v.label is not None}


def report_of_project(
    path: str, options: ReportOptions | None = None, progress: ProgressFn = no_progress
) -> dict[str, Any]:
    """The report of a review project file (ProjectError if it cannot be read)."""
    from .store import Project

    with Project.open(path, reviewer="report") as project:
        corpus, labels = project.load_corpus()
        labels = desk_labels(project.log(), labels)
        verdicts = project.conflict_verdicts()
    return build_report(
        corpus, labels, verdicts, input_name=str(path), options=options, progress=progress
    )

"""Writing results as CSV or JSONL: atomically, UTF-8, safe to open in a spreadsheet.

Cell types, the same in every export (``group``, ``export``, ``--per-sentence``,
``--orphaned``): booleans are ``true``/``false`` (JSON's spelling; in CSV too, where
pandas reads them as bool); counts are integers, 0 where a unit is in no group (a
non-claim), so pandas reads ``group_size``/``group_docs`` as int64, not float with
blanks; other cells with no value are empty (JSON: ``""`` or null).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from operator import itemgetter
from typing import IO, TYPE_CHECKING, Any

from .defaults import FORMAT_SUFFIXES, FORMATS
from .lang import unsuggested_why
from .models import CLAIM_KINDS, KINDS, Corpus, Evidence
from .output import open_output

if TYPE_CHECKING:
    from .store import Project


UNIT_COLUMNS = (
    "doc", "doc_id", "unit_id", "start", "end", "kind", "is_claim", "text",
    "group_id", "group_size", "group_docs", "representative",
    "suggested_label", "confidence", "evidence",
    "title", "source", "date",
    "url", "doc_kind", "doc_kind_confidence", "page_date",
    "captured",  # when a web archive captured the page (WARC input); blank otherwise
    "lang",
)  # fmt: skip

TRUE, FALSE = "true", "false"  # booleans in CSV cells: JSON's spelling, as in the JSONL
# Export columns that hold booleans, whatever type the source row has (SQLite gives 0/1).
BOOLEAN_COLUMNS = frozenset({"is_claim", "representative", "flagged", "skipped", "adjudicated"})

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_START = frozenset("=+-@\t\r")  # each a one-character prefix (importer undoes it)
# Columns whose values claimcheck makes itself (ids, offsets, counts, flags, label
# names, timestamps): never formula-like, so the CSV writer skips checking them,
# which at a million rows is seconds. Every other column is checked.
_TRUSTED_COLUMNS = frozenset(
    {
        "doc_id", "unit_id", "start", "end", "kind", "is_claim", "group_id", "group_size",
        "group_docs", "representative", "suggested_label", "confidence", "label",
        "flagged", "skipped", "labelled_at", "orphaned_at", "lang", "doc_kind",
        "doc_kind_confidence",
    }
)  # fmt: skip


def safe_cell(value: Any) -> Any:
    """Neutralise text a spreadsheet would execute, by a leading apostrophe."""
    if isinstance(value, str) and value[:1] in FORMULA_START:
        return "'" + value
    return value


def format_for(path: str, requested: str | None = None) -> str:
    """The format asked for, else the one ``path``'s suffix names: .jsonl/.ndjson are
    JSON lines, .csv and no suffix (``-``, /dev/null) CSV. A name with another
    format's suffix (.json, .xlsx, .txt) is refused (ValueError): writing CSV into it
    silently, as before, misled. ``requested`` overrides the name."""
    if requested:
        return requested
    suffix = os.path.splitext(path.lower())[1]
    if suffix == ".json":
        raise ValueError(
            f"{path}: the output is JSON lines (one object a line), not a .json document;"
            " name it .jsonl, or add --format jsonl to keep the name"
        )
    if suffix in FORMAT_SUFFIXES or not suffix[1:].isalpha():
        return FORMAT_SUFFIXES.get(suffix, "csv")
    # "labels.xlsx", "groups.txt": CSV under another format's name misleads whoever opens it.
    raise ValueError(
        f"{path}: claimcheck writes CSV or JSON lines, not {suffix}; name it .csv or"
        " .jsonl, or add --format csv to keep the name"
    )


def unit_rows(corpus: Corpus) -> Iterator[dict[str, Any]]:
    """One row per unit, in document order, with its group and suggestion."""
    return (dict(zip(UNIT_COLUMNS, cells, strict=True)) for cells in unit_cells(corpus))


def _page_cells(corpus: Corpus, doc_id: str) -> tuple[str, float | str, str]:
    """doc_kind, its confidence and the page date (metadata or text), blank if unknown."""
    kind = corpus.kinds.get(doc_id)
    if kind is None:
        return "", "", ""
    return kind.kind, kind.confidence, kind.date.iso


def unit_cells(corpus: Corpus) -> Iterator[tuple[Any, ...]]:
    """``unit_rows`` as tuples in ``UNIT_COLUMNS`` order (what the writers take)."""
    docs = {
        d.doc_id: (
            d.path, d.title, d.source, d.date, d.url, *_page_cells(corpus, d.doc_id), d.captured,
            d.lang,
        )
        for d in corpus.documents
    }
    blank = ("", 0, 0, "", "", "")  # in no group: sizes 0, so the columns stay integers
    of_unit: dict[int, tuple[Any, ...]] = {}
    reps: set[int] = set()
    why_none = unsuggested_why(corpus)
    for group in corpus.groups:
        s = group.suggestion
        cells = (group.group_id, group.size, group.n_docs) + (
            (s.label, round(s.confidence, 3), s.explanation) if s else ("", "", why_none(group))
        )
        of_unit.update(dict.fromkeys(group.members, cells))
        reps.add(group.representative)
    for ui, unit in enumerate(corpus.units):
        path, title, source, date, url, kind, kind_conf, page_date, captured, lang = docs[
            unit.doc_id
        ]
        gid, size, n_docs, label, conf, why = of_unit.get(ui, blank)
        yield (
            path, unit.doc_id, unit.unit_id, unit.start, unit.end, unit.kind, unit.is_claim,
            unit.text, gid, size, n_docs, ui in reps, label, conf, why, title, source, date,
            url, kind, kind_conf, page_date, captured, lang,
        )  # fmt: skip


def write_rows(
    rows: Iterable[Mapping[str, Any]], columns: Sequence[str], path: str, fmt: str = "csv"
) -> int:
    """Write rows to ``path`` (or stdout) as CSV or JSONL; return how many."""
    pick = itemgetter(*columns)
    if len(columns) == 1:
        return write_table(((row.get(columns[0]),) for row in rows), columns, path, fmt)

    def cells(row: Mapping[str, Any]) -> Sequence[Any]:
        try:
            return pick(row)
        except KeyError:  # a row without some column: a blank cell
            return [row.get(c) for c in columns]

    return write_table(map(cells, rows), columns, path, fmt)


def write_table(
    rows: Iterable[Sequence[Any]], columns: Sequence[str], path: str, fmt: str = "csv"
) -> int:
    """Write rows given as cells in ``columns`` order; return how many."""
    count = 0
    with open_output(path) as handle:
        if fmt == "jsonl":
            for cells in rows:
                row = dict(zip(columns, cells, strict=True))
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
                count += 1
        else:
            count = _write_csv(handle, rows, columns)
    return count


def _write_csv(handle: IO[str], rows: Iterable[Sequence[Any]], columns: Sequence[str]) -> int:
    """CSV as ``csv.writer`` writes it (minimal quoting, CRLF), ~1.7x faster: its
    per-character loop was most of a million-row export. tests/test_export.py holds
    the two to the same output."""
    fields = [_csv_field if c in _TRUSTED_COLUMNS else _safe_csv_field for c in columns]
    lines = (_csv_line([f(v) for f, v in zip(fields, cells, strict=True)]) for cells in rows)
    return _write_lines(handle, columns, lines)


def _write_lines(handle: IO[str], columns: Sequence[str], lines: Iterable[str]) -> int:
    """The header, then the lines in batches (one write per 10,000); the line count."""
    handle.write(_csv_line(map(_csv_field, columns)))
    count = 0
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) == 10_000:
            handle.write("".join(batch))
            count += len(batch)
            batch.clear()
    handle.write("".join(batch))
    return count + len(batch)


def _csv_line(fields: Iterable[str]) -> str:
    line = ",".join(fields)
    return (line or '""') + "\r\n"  # a lone empty field is quoted, as csv.writer does


def _csv_cells(values: Iterable[Any]) -> str:
    return ",".join(map(_safe_csv_field, values))


def _csv_field(value: Any) -> str:
    if value.__class__ is not str:
        if value is None:
            return ""
        if value.__class__ is bool:
            return TRUE if value else FALSE
        return str(value)
    if not _needs_quotes(value):
        return value
    if '"' in value:
        return '"' + value.replace('"', '""') + '"'
    return '"' + value + '"'


def _needs_quotes(text: str) -> bool:
    """A CSV cell with these characters is quoted (as csv.writer does)."""
    return '"' in text or "," in text or "\n" in text or "\r" in text


def _safe_csv_field(value: Any) -> str:
    return _csv_field(safe_cell(value))


def _text_cell(text: str) -> str:
    """``_safe_csv_field`` of a str in one call: at a million units about half the
    sentences hold a comma or a quote, and three calls per such cell were ~1 s."""
    if text[:1] in FORMULA_START:
        return _csv_field("'" + text)
    if '"' in text:
        return '"' + text.replace('"', '""') + '"'
    if "," in text or "\n" in text or "\r" in text:
        return '"' + text + '"'
    return text


# JSONL only: each claim's core (what grouping compared), its group's related groups
# as [group id, score] pairs, best first, and the raw signals behind its suggestion
# (the ``evidence`` column is their plain sentence, evidence.py). Lists do not fit a
# CSV cell.
MATCH_COLUMNS = ("core", "related", "signals")


def unit_match_cells(corpus: Corpus) -> Iterator[tuple[Any, ...]]:
    """``unit_cells`` plus ``MATCH_COLUMNS``."""
    extra: dict[int, tuple[str, list[list[Any]], list[dict[str, Any]]]] = {}
    for group in corpus.groups:
        related = [[gid, score] for gid, score in group.related]
        signals = _signals(corpus, group.suggestion.evidence) if group.suggestion else []
        cores = group.cores or [""] * group.size
        for member, core in zip(group.members, cores, strict=True):
            extra[member] = (core, related, signals)
    blank = ("", [], [])
    for ui, cells in enumerate(unit_cells(corpus)):
        yield cells + extra.get(ui, blank)


def _signals(corpus: Corpus, evidence: Iterable[Evidence]) -> list[dict[str, Any]]:
    """Each signal with the label it speaks for, where it is and the words that set it
    off ("" for a whole-page or whole-sentence signal)."""
    out = []
    for e in evidence:
        unit = corpus.units[e.unit_index]
        out.append({
            "signal": e.signal, "for": e.label, "doc_id": unit.doc_id, "unit_id": unit.unit_id,
            "start": e.start, "end": e.end, "text": unit.text[e.start : e.end],
        })  # fmt: skip
    return out


def write_units(corpus: Corpus, path: str, fmt: str = "csv") -> int:
    if fmt != "csv":
        return write_table(unit_match_cells(corpus), UNIT_COLUMNS + MATCH_COLUMNS, path, fmt)
    with open_output(path) as handle:
        return _write_lines(handle, UNIT_COLUMNS, unit_csv_lines(corpus))


def unit_csv_lines(corpus: Corpus) -> Iterator[str]:
    """``unit_cells`` as CSV lines, the same as ``write_table`` makes of them, but a
    document's, a group's and a kind's cells are formatted once for all their units,
    leaving the offsets and one text cell per line (a third of the time at a million
    units; the units unpacked as tuples, not read by attribute: a fifth more)."""
    docs = {
        d.doc_id: (
            f"{_safe_csv_field(d.path)},{d.doc_id},{d.doc_id}:",
            _csv_cells(
                (d.title, d.source, d.date, d.url, *_page_cells(corpus, d.doc_id), d.captured)
            )
            + f",{d.lang}\r\n",
        )
        for d in corpus.documents
    }
    blank = f",0,0,{FALSE},,,"  # in no group: sizes 0 (integer columns), as unit_cells
    of_unit = [blank] * len(corpus.units)  # a list: a dict's lookups were ~5% of a line
    for group in corpus.groups:
        s = group.suggestion
        tail = f"{s.label},{round(s.confidence, 3)},{_text_cell(s.explanation)}" if s else ",,"
        head = f"{group.group_id},{group.size},{group.n_docs},"
        cells = f"{head}{FALSE},{tail}"
        for member in group.members:
            of_unit[member] = cells
        of_unit[group.representative] = f"{head}{TRUE},{tail}"
    kinds = {k: f"{k},{TRUE if k in CLAIM_KINDS else FALSE}" for k in KINDS}  # with is_claim
    padded: list[str] = []  # the unit ids' zero-padded indexes, formatted once each
    for ui, (doc_id, index, start, end, text, kind) in enumerate(corpus.units):
        head, meta = docs[doc_id]
        if text[:1] in FORMULA_START or _needs_quotes(text):  # about half need either
            text = _text_cell(text)
        while index >= len(padded):
            padded.append(f"{len(padded):05d}")
        yield (
            f"{head}{padded[index]},{start},{end},{kinds.get(kind) or kind + ',' + FALSE},"
            f"{text},{of_unit[ui]},{meta}"
        )


# --------------------------------------------------------------------------- review labels
# Exports of a review project (claimcheck.store), reusing open_output/write_rows above.
# The store's rows are dicts named by column; these lists say which columns, in order.

GROUP_COLUMNS = (
    "group_id", "label", "note", "flagged", "skipped", "reviewer", "labelled_at",
    "suggested_label", "confidence", "evidence", "group_size", "group_docs",
    "representative_text", "documents",
)  # fmt: skip
PROJECT_UNIT_COLUMNS = (
    "group_id", "label", "doc", "doc_id", "unit_id", "start", "end", "text",
    "representative", "suggested_label", "url", "captured", "lang",
)  # fmt: skip
# kind: "label" (an orphaned decision, with the documents its members were in), or
# "must_link" / "cannot_link" (a reviewer's repair whose text is gone; note says which).
ORPHAN_COLUMNS = (
    "group_id", "label", "note", "flagged", "skipped", "reviewer", "labelled_at",
    "representative_text", "member_texts", "orphaned_at", "documents", "kind",
)  # fmt: skip


def export_labels(
    project: Project | str | os.PathLike[str],
    out: str,
    fmt: str = "csv",
    per_sentence: bool = False,
    orphaned: bool = False,
) -> int:
    """Write a project's decisions to ``out``; return the number of rows.

    One row per group by default; ``per_sentence``: one per member unit with its
    offsets; ``orphaned``: the decisions a re-grouping could not carry over. Every row
    with a decision names its reviewer and time (``decided``). Reads through a
    snapshot of its own, so the TUI may call it from a worker thread while decisions
    go on being saved.
    """
    from .store import Project

    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    owned = not isinstance(project, Project)
    opened = Project.open(project, reviewer="export") if owned else project
    try:
        if orphaned:
            rows = decided(opened, opened.orphan_rows())
            return write_rows(map(typed, rows), ORPHAN_COLUMNS, out, fmt)
        if per_sentence:
            team = TeamLabels.of(opened)
            rows = team.rows(with_reviewers(opened, opened.unit_rows()))
            columns = (
                *PROJECT_UNIT_COLUMNS,
                *(c for c in DECIDED_COLUMNS if c not in PROJECT_UNIT_COLUMNS),
                *team.columns,
            )
            return write_rows(map(typed, rows), columns, out, fmt)
        team = TeamLabels.of(opened)
        rows = team.rows(decided(opened, opened.group_rows()))
        return write_rows(map(typed, rows), (*GROUP_COLUMNS, *team.columns), out, fmt)
    finally:
        if owned:
            opened.close()


class TeamLabels:
    """A team's columns (docs/team.md): each reviewer's own label (``label_<reviewer>``),
    how they agree, whether the final label was adjudicated and by whom; ``label`` is
    then the final label (``store.reviewers.verdict``). A project with one reviewer
    gets no extra column and its ``label`` as before."""

    def __init__(self, by_reviewer: dict[str, dict[str, str]], final: dict[str, tuple]) -> None:
        self.by_reviewer = by_reviewer if len(by_reviewer) > 1 else {}
        self.final = final
        self.columns: tuple[str, ...] = (
            (*(f"label_{r}" for r in self.by_reviewer), *TEAM_COLUMNS) if self.by_reviewer
            else ()
        )  # fmt: skip

    @classmethod
    def of(cls, project: Project) -> TeamLabels:
        from .store.reviewers import adjudications, labels_by_reviewer

        entries = project.log()
        return cls(labels_by_reviewer(entries), adjudications(entries))

    def rows(self, rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        if not self.by_reviewer:
            yield from rows
            return
        from .store.reviewers import verdict

        for row in rows:
            gid = row["group_id"]
            given = [labels.get(gid) for labels in self.by_reviewer.values()]
            for name, label in zip(self.by_reviewer, given, strict=True):
                row[f"label_{name}"] = label
            final = verdict(given, self.final.get(gid))
            row["label"], row["agreement"] = final.label, final.agreement
            row["adjudicated"], row["adjudicator"] = bool(final.adjudicator), final.adjudicator
            yield row


# A team's columns after each reviewer's label (see TeamLabels).
TEAM_COLUMNS = ("agreement", "adjudicated", "adjudicator")


# Who made a group's decision and when: its label's (or skip's), else, for a group
# only flagged or given a note, that decision's (the labels table records these two
# for label and skip only; the decision log has them for every decision).
DECIDED_COLUMNS = ("reviewer", "labelled_at")


def typed(row: dict[str, Any]) -> dict[str, Any]:
    """Boolean columns as booleans (the store gives some as 0/1)."""
    for column in BOOLEAN_COLUMNS.intersection(row):
        row[column] = bool(row[column])
    return row


def _has_decision(row: Mapping[str, Any]) -> bool:
    return bool(row.get("label") or row.get("flagged") or row.get("skipped") or row.get("note"))


def decided(project: Project, rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """``rows`` with reviewer and time filled in from the decision log where the row
    has a decision but the labels table names no reviewer (a flag or a note alone).
    The log is read once, and only if such a row comes."""
    latest: dict[str, tuple[str, str]] | None = None
    for row in rows:
        if not row["reviewer"] and _has_decision(row):
            if latest is None:
                latest = {d.group_id: (d.reviewer, d.at) for d in project.log()}
            row["reviewer"], row["labelled_at"] = latest.get(row["group_id"], ("", ""))
        yield row


def with_reviewers(
    project: Project, rows: Iterable[dict[str, Any]]
) -> Iterator[dict[str, Any]]:
    """Per-sentence ``rows`` with their group's reviewer and time (``DECIDED_COLUMNS``)."""
    who = {
        row["group_id"]: (row["reviewer"], row["labelled_at"])
        for row in decided(project, project.group_rows())
        if row["reviewer"]
    }
    for row in rows:
        row["reviewer"], row["labelled_at"] = who.get(row["group_id"], ("", ""))
        yield row

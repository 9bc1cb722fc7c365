"""Labels in: decisions from a CSV or JSONL file back into a review project.

The file is our own label export (perhaps edited in a spreadsheet: BOM, CRLF,
semicolons, Excel quoting, the formula guard's leading ``'``), or a minimal
``text,label[,note]`` table from another tool. Rows are matched to groups by
``group_id`` first, else by claim text: exact, then normalised as grouping
normalises, then grouping's own matcher above a high threshold.

All or nothing: an unknown label, a malformed row or a file for another corpus
stops the import before anything is written, and every change is applied in one
transaction (``Project.decide_many``) as ordinary logged decisions by the importing
reviewer. Only differences are applied, so importing a file twice, or importing an
unedited export, changes nothing.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .defaults import MATCH_MODES
from .export import FORMULA_START, TEAM_COLUMNS, write_rows
from .group import normalize, score_text_pairs
from .labels import DATED_NEWS, LABELS, RECORDS, UNSUPPORTED
from .pipeline import paused_gc
from .plural import plural
from .store import SKIPPED, SQLITE_MAGIC, Decision, Project

# Grouping's matcher score (0..1) a row's text needs to take a group's label: far
# above the grouping threshold, because a wrong match silently mislabels a group.
MATCHER_THRESHOLD = 0.9
PENDING = "pending"  # a row that sets a group back to undecided
OUTCOMES = ("new", "changed", "unchanged", "unmatched", "ambiguous")
MAX_PROBLEM_LINES = 50  # more than this many bad rows: the rest are counted, not listed

TEXT_COLUMNS = ("text", "representative_text", "claim", "sentence")
VALUE_COLUMNS = ("label", "note", "flagged", "skipped")
# All of these present: a row states the group's whole decision (our export), so a
# blank label means pending and a blank note means no note. Otherwise blanks mean
# "leave as is" (a file from elsewhere says only what it knows).
EXPORT_COLUMNS = frozenset({"group_id", "label", "note", "flagged", "skipped"})

_LABEL_SPELLINGS = {
    # Each label's id (underscores read as spaces), display name and short name...
    **{spelling: r.id for r in RECORDS for spelling in (r.id.replace("_", " "), r.name, r.short)},
    # ...and what other tools and spreadsheets call them.
    "news": DATED_NEWS,
    "unsupported claim": UNSUPPORTED,
    "skipped": SKIPPED,
    "skip": SKIPPED,
    "pending": PENDING,
}
# Booleans as spreadsheets write them (Excel localises TRUE/FALSE).
_TRUE = frozenset({"true", "1", "yes", "y", "x", "wahr", "vrai", "verdadero", "vero"})
_FALSE = frozenset({"false", "0", "no", "n", "", "falsch", "faux", "falso"})
_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")


class LabelImportError(Exception):
    """The file cannot be imported; ``lines`` says why, one line per problem."""

    def __init__(self, lines: Sequence[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = list(lines)


@dataclass(slots=True)  # not frozen: a frozen dataclass's __init__ is 3x slower
class Row:
    """One row of the file, parsed. None in state/note/flagged: leave that as is."""

    line: int
    group_id: str
    text: str
    state: str | None  # a label id, "skipped" or "pending"
    note: str | None
    flagged: bool | None
    cells: dict[str, Any]  # as read, for the side file


@dataclass(slots=True)
class Match:
    row: Row
    group_id: str | None = None
    method: str = ""  # group_id | exact | normalised | matcher ("" if unmatched)
    outcome: str = "unmatched"  # one of OUTCOMES
    reason: str = ""


@dataclass(slots=True)
class ImportReport:
    path: Path
    matches: list[Match]
    changes: list[tuple[str, str, str | None]]  # (group_id, action, value)
    blank_rows: int = 0
    dry_run: bool = False
    side_file: Path | None = None
    decisions: list[Decision] = field(default_factory=list)
    team_column: str | None = None  # a team export: the importing reviewer's own column

    def counts(self) -> dict[str, int]:
        counts = Counter(m.outcome for m in self.matches)
        return {outcome: counts[outcome] for outcome in OUTCOMES}

    def methods(self) -> Counter[str]:
        return Counter(m.method for m in self.matches if m.method)

    def actions(self) -> Counter[str]:
        return Counter(action for _, action, _ in self.changes)


# --------------------------------------------------------------------------- reading


def _decode(raw: bytes, path: Path) -> str:
    """UTF-8 (a BOM dropped); else Windows-1252, what Excel's plain "CSV" save writes."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError as err:
            raise LabelImportError([f"{path}: not UTF-8 or Windows-1252 text ({err})"]) from err


def _column(name: Any) -> str:
    """A header as a key: "Group ID " -> "group_id"."""
    return "_".join(str(name).strip().casefold().replace("-", " ").split())


def _known(columns: Iterable[str]) -> bool:
    names = set(columns)
    return bool(names & {"group_id", *TEXT_COLUMNS}) and bool(names & set(VALUE_COLUMNS))


def _delimiter(sample: str) -> str:
    """csv.Sniffer's guess, kept only if it splits the header into known columns."""
    header = sample.splitlines()[0] if sample else ""
    try:
        guess = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        guess = ","
    for delimiter in dict.fromkeys((guess, ",", ";", "\t", "|")):
        if _known(map(_column, header.split(delimiter))):
            return delimiter
    return guess


def _head(text: str, lines: int = 50) -> str:
    """The first lines, for the sniffer (whose regexes over a big sample cost ~0.3 s)."""
    end = -1
    for _ in range(lines):
        end = text.find("\n", end + 1)
        if end < 0:
            return text[:65536]
    return text[: min(end, 65536)]


def _csv_records(text: str, path: Path) -> tuple[list[tuple[int, dict[str, Any]]], int]:
    """(line, {column: cell}) per non-blank row, and how many blank rows were passed over.

    Only the delimiter is sniffed: quoting is Excel's (double quotes, doubled inside),
    because a sniffed quote character can be fooled by the formula guard's ``'``.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(_head(text)))
    try:
        header = [_column(c) for c in next(reader, [])]
    except csv.Error as err:
        raise LabelImportError([f"{path}: line 1: unreadable header: {err}"]) from err
    _check_columns(header, path)
    records, problems, blank, width = [], [], 0, len(header)
    start = reader.line_num + 1  # where the next record begins (a cell may hold newlines)
    try:
        for cells in reader:
            if not any(cells) or not "".join(cells).strip():
                blank += 1
            elif len(cells) > width:
                fields = plural(len(cells), "field")
                problems.append(f"line {start}: {fields} where the header has {width}")
            else:  # fewer: trailing empty cells left out, as some tools write them
                records.append((start, dict(zip(header, cells, strict=False))))
            start = reader.line_num + 1
    except csv.Error as err:
        raise LabelImportError([f"{path}: line {start}: malformed CSV: {err}"]) from err
    _raise_problems(problems, path)
    return records, blank


def _jsonl_records(text: str, path: Path) -> tuple[list[tuple[int, dict[str, Any]]], int]:
    records, problems, blank = [], [], 0
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            blank += 1
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as err:
            problems.append(f"line {n}: not JSON: {err.msg}")
            continue
        if not isinstance(value, dict):
            problems.append(f"line {n}: not a JSON object")
        elif not _known(map(_column, value)):
            problems.append(f"line {n}: no group_id or text, or no label, note or flag")
        else:
            records.append((n, {_column(k): _text(v) for k, v in value.items()}))
    _raise_problems(problems, path)
    return records, blank


def _check_columns(header: Sequence[str], path: Path) -> None:
    if not _known(header):
        shown = ", ".join(h for h in header if h) or "none"
        raise LabelImportError(
            [
                f"{path}: needs a group_id or text column and a label, note or flagged column"
                f" (columns: {shown})"
            ]
        )


def _raise_problems(problems: Sequence[str], path: Path) -> None:
    if not problems:
        return
    lines = [f"{path}: {p}" for p in problems[:MAX_PROBLEM_LINES]]
    if len(problems) > MAX_PROBLEM_LINES:
        more = plural(len(problems) - MAX_PROBLEM_LINES, "more problem row")
        lines.append(f"{path}: ... and {more}")
    lines.append(f"{path}: {plural(len(problems), 'bad row')}: nothing imported")
    raise LabelImportError(lines)


# --------------------------------------------------------------------------- parsing


def label_id(text: str) -> str | None:
    """A label spelling ("Dated news", "dated_news", "Generic assertion", ...) as its id,
    "skipped" or "pending"; None for a blank; ValueError for anything else."""
    key = " ".join(re.split(r"[\s_\-]+", text.strip().casefold())).strip()
    if not key:
        return None
    if key not in _LABEL_SPELLINGS:
        known = ", ".join(LABELS)
        raise ValueError(f"unknown label {text!r} (known: {known}, skipped, pending)")
    return _LABEL_SPELLINGS[key]


def unguard(value: str) -> str:
    """Undo export's formula guard: "'=SUM(A1)" back to "=SUM(A1)"."""
    if value[:1] == "'" and value[1:2] in FORMULA_START:
        return value[1:]
    return value


def _text(value: Any) -> str:
    """A JSON value as the cell a CSV would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _flag(value: str) -> bool:
    key = value.strip().casefold()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValueError(f"flag {value!r} is not true or false")


# A file holds a handful of distinct spellings: parse each once (errors are not cached).
_label_of = lru_cache(maxsize=1024)(label_id)
_flag_of = lru_cache(maxsize=1024)(_flag)


def parse_row(line: int, cells: dict[str, str]) -> Row:
    """A record (cells as text) as a Row; ValueError naming the problem if malformed."""
    get = cells.get
    whole = EXPORT_COLUMNS.issubset(cells)
    group_id = get("group_id", "").strip()
    text = ""
    for column in TEXT_COLUMNS:
        if value := get(column):
            text = unguard(value)
            break
    if not group_id and not text.strip():
        raise ValueError("neither a group_id nor a text")
    state = _label_of(get("label", ""))
    skipped = _flag_of(get("skipped", ""))
    if state is None and (skipped or whole):
        state = SKIPPED if skipped else PENDING
    note: str | None = get("note", "")
    note = unguard(note) if whole or note else None
    flag = get("flagged", "")
    flagged = _flag_of(flag) if whole or flag.strip() else None
    return Row(line, group_id, text, state, note, flagged, cells)


def read_rows(path: Path) -> tuple[list[Row], int]:
    """Every row of the file, parsed, and the number of blank rows; LabelImportError with
    one line per problem if any row is bad."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise LabelImportError([f"{path}: cannot read: {err.strerror or err}"]) from err
    if raw.startswith(SQLITE_MAGIC):
        raise LabelImportError([f"{path}: a project file, not labels (PROJECT comes first)"])
    text = _decode(raw, path)
    jsonl = path.suffix.lower() in _JSONL_SUFFIXES or text.lstrip()[:1] == "{"
    records, blank = (_jsonl_records if jsonl else _csv_records)(text, path)
    rows, problems = [], []
    for line, cells in records:
        try:
            rows.append(parse_row(line, cells))
        except ValueError as err:
            problems.append(f"line {line}: {err}")
    _raise_problems(problems, path)
    if not rows:
        raise LabelImportError([f"{path}: no rows to import"])
    return rows, blank


# --------------------------------------------------------------------------- matching


class TextIndex:
    """The project's member texts, for matching rows that carry no known group id."""

    def __init__(self, pairs: Sequence[tuple[str, str]]) -> None:
        self.exact: dict[str, set[str]] = {}
        for gid, text in pairs:
            self.exact.setdefault(text.strip(), set()).add(gid)
        self._norm: dict[str, set[str]] | None = None
        self.original: dict[str, str] = {}  # a normalised text -> one text it came from

    @property
    def norm(self) -> dict[str, set[str]]:
        if self._norm is None:  # built only if some row needs it
            self._norm = {}
            for text, gids in self.exact.items():
                key = normalize(text)
                self._norm.setdefault(key, set()).update(gids)
                self.original.setdefault(key, text)
            self._norm.pop("", None)
        return self._norm


def _pick(match: Match, gids: set[str] | None, method: str) -> bool:
    """Settle ``match`` from the groups a text lookup found; False if there were none."""
    if not gids:
        return False
    if len(gids) == 1:
        match.group_id, match.method, match.outcome = next(iter(gids)), method, ""
    else:
        shown = ", ".join(sorted(gids)[:5])
        match.outcome, match.reason = (
            "ambiguous",
            f"{method} text is in {len(gids)} groups: {shown}",
        )
    return True


def match_rows(rows: Sequence[Row], project: Project, mode: str = "group") -> list[Match]:
    """Each row's group and how it was found; unmatched/ambiguous ones with a reason."""
    if mode not in MATCH_MODES:
        raise ValueError(f"unknown match mode {mode!r}; one of {', '.join(MATCH_MODES)}")
    matches = [Match(row) for row in rows]
    by_text: list[Match] = []
    known = project.group_ids() if mode == "group" else set()
    for m in matches:
        if mode == "group" and m.row.group_id in known:
            m.group_id, m.method, m.outcome = m.row.group_id, "group_id", ""
        elif m.row.text.strip():
            by_text.append(m)
            if mode == "group" and m.row.group_id:  # said in the report, even once matched
                m.reason = f"unknown group_id {m.row.group_id}: matched by text"
        else:
            m.reason = f"unknown group_id {m.row.group_id} and no text to match"
    if by_text:
        _match_texts(by_text, TextIndex(project.member_texts()))
    return matches


def _match_texts(matches: Sequence[Match], index: TextIndex) -> None:
    rest = [
        m for m in matches
        if not _pick(m, index.exact.get(m.row.text.strip()), "exact")
        and not _pick(m, index.norm.get(normalize(m.row.text)), "normalised")
    ]  # fmt: skip
    if rest:
        _match_by_matcher(rest, index)


def _candidates(queries: Sequence[str], texts: Sequence[str], top: int = 3) -> list[list[int]]:
    """For each query, the ``top`` texts sharing most of its rarest words (a cheap
    blocking step, so that the matcher scores a few pairs per row, not every text)."""
    postings: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        for word in set(text.split()):
            postings.setdefault(word, []).append(i)
    out = []
    for query in queries:
        words = sorted(
            (w for w in set(query.split()) if w in postings), key=lambda w: len(postings[w])
        )
        votes: Counter[int] = Counter()
        for word in words[:6]:
            votes.update(postings[word][:20_000])
        out.append([i for i, _ in votes.most_common(top)])
    return out


def _match_by_matcher(matches: Sequence[Match], index: TextIndex) -> None:
    """Score each row against its candidate texts with grouping's matcher; a fact
    conflict (another year, number, negation) never matches."""
    norms = list(index.norm)
    candidates = _candidates([normalize(m.row.text) for m in matches], norms)
    a = [m.row.text for m, cands in zip(matches, candidates, strict=True) for _ in cands]
    b = [index.original[norms[i]] for cands in candidates for i in cands]
    scores, clash = score_text_pairs(a, b) if a else ([], [])
    k = 0
    for m, cands in zip(matches, candidates, strict=True):
        best: dict[str, float] = {}
        for i in cands:
            if not clash[k]:
                for gid in index.norm[norms[i]]:
                    best[gid] = max(best.get(gid, 0.0), float(scores[k]))
            k += 1
        _settle_matcher(m, best)


def _settle_matcher(match: Match, best: dict[str, float]) -> None:
    above = sorted((gid for gid, s in best.items() if s >= MATCHER_THRESHOLD), key=best.get)
    if len(above) == 1:
        match.group_id, match.method, match.outcome = above[0], "matcher", ""
    elif above:
        match.outcome = "ambiguous"
        match.reason = f"matcher: {len(above)} groups score >= {MATCHER_THRESHOLD}: " + ", ".join(
            sorted(above)[:5]
        )
    elif best:
        gid, score = max(best.items(), key=lambda kv: kv[1])
        match.reason = (
            f"no group close enough (best {gid} at {score:.2f} < {MATCHER_THRESHOLD})"
            if score > 0  # else words in common, but every candidate scored nothing
            else "no group close enough (groups share some of its words, none its claim)"
        )
    else:
        match.reason = "no group shares its words"


# --------------------------------------------------------------------------- what changes


def _wants(row: Row) -> tuple[str | None, bool | None, str | None]:
    return row.state, row.flagged, row.note


def _resolve_duplicates(matches: Sequence[Match]) -> None:
    """Rows that reach one group must agree; if they do not, none of them applies."""
    reached = Counter(m.group_id for m in matches if m.outcome != "ambiguous")
    reached.pop(None, None)
    by_group: dict[str, list[Match]] = {g: [] for g, n in reached.items() if n > 1}
    for m in matches:
        if m.group_id in by_group and m.outcome != "ambiguous":
            by_group[m.group_id].append(m)
    for gid, same in by_group.items():
        if len({_wants(m.row) for m in same}) > 1:
            lines = ", ".join(str(m.row.line) for m in same[:10])
            for m in same:
                m.outcome = "ambiguous"
                m.reason = f"rows at lines {lines} disagree on group {gid}"


def _group_changes(
    gid: str, row: Row, current: tuple[str | None, bool, str]
) -> list[tuple[str, str, str | None]]:
    """The decisions that take the group from ``current`` to what ``row`` says."""
    state, flagged, note = current
    changes: list[tuple[str, str, str | None]] = []
    if row.state is not None:
        wanted = None if row.state == PENDING else row.state
        if wanted != state:
            changes.append((gid, "skip" if wanted == SKIPPED else "label", wanted))
    if row.flagged is not None and row.flagged != flagged:
        changes.append((gid, "flag", "1" if row.flagged else "0"))
    if row.note is not None and row.note != note:
        changes.append((gid, "note", row.note))
    return changes


def plan_changes(
    matches: Sequence[Match], decisions: dict[str, tuple[str | None, bool, str]]
) -> list[tuple[str, str, str | None]]:
    """Set each matched row's outcome (new / changed / unchanged) and return the changes.

    A group with no decision yet is "new"; a second row agreeing with an earlier one
    on the same group is "unchanged" (the first one carries the change)."""
    _resolve_duplicates(matches)
    undecided: tuple[str | None, bool, str] = (None, False, "")
    changes: list[tuple[str, str, str | None]] = []
    done: set[str] = set()
    for m in matches:
        if m.group_id is None or m.outcome == "ambiguous":
            continue
        current = decisions.get(m.group_id, undecided)
        mine = [] if m.group_id in done else _group_changes(m.group_id, m.row, current)
        done.add(m.group_id)
        if not mine:
            m.outcome = "unchanged"
        else:
            m.outcome = "new" if current == undecided else "changed"
            changes.extend(mine)
    return changes


def check_corpus(matches: Sequence[Match], path: Path, project: Project, mode: str) -> None:
    """A file for another corpus: no row matches, or it carries group ids and most
    rows match nothing. Raised as one line, before anything is written."""
    matched = sum(m.group_id is not None or m.outcome == "ambiguous" for m in matches)
    with_ids = sum(bool(m.row.group_id) for m in matches) if mode == "group" else 0
    if matched == 0 or (with_ids * 2 > len(matches) and matched * 2 < len(matches)):
        unmatched = len(matches) - matched
        verb = "matches" if unmatched == 1 else "match"
        raise LabelImportError(
            [
                f"{path}: a file for another corpus? {unmatched:,} of its"
                f" {plural(len(matches), 'row')} {verb} no group of {project.path}:"
                " nothing imported"
            ]
        )


def side_file_for(path: Path) -> Path:
    """Where unmatched and ambiguous rows go: beside the file, always CSV."""
    return path.with_name(f"{path.stem}.unmatched.csv")


def write_side_file(matches: Sequence[Match], out: Path) -> int:
    """Unmatched and ambiguous rows, with the reason and the row as read."""
    left = [m for m in matches if m.outcome in ("unmatched", "ambiguous")]
    columns = list(dict.fromkeys(k for m in left for k in m.row.cells))
    head = ("line", "outcome", "reason")
    rows = (
        {"line": m.row.line, "outcome": m.outcome, "reason": m.reason, **m.row.cells} for m in left
    )
    return write_rows(rows, [*head, *(c for c in columns if c not in head)], str(out))


def write_match_report(matches: Sequence[Match], out: Path) -> int:
    """One line per row: the group it went to, how it was matched, what happened."""
    columns = ("line", "group_id", "match", "outcome", "reason")
    rows = (
        {
            "line": m.row.line, "group_id": m.group_id or m.row.group_id, "match": m.method,
            "outcome": m.outcome, "reason": m.reason,
        }
        for m in matches
    )  # fmt: skip
    return write_rows(rows, columns, str(out))


# --------------------------------------------------------------------------- the import


def import_labels(
    project: Project,
    path: str | Path,
    match: str = "group",
    dry_run: bool = False,
    side_file: str | Path | None = None,
) -> ImportReport:
    """Read ``path``, match its rows and (unless ``dry_run``) save the differences as
    decisions by ``project.reviewer``, all in one transaction.

    LabelImportError (nothing written) for an unreadable file, a bad row or a file for
    another corpus. Unmatched and ambiguous rows are written to ``side_file`` (default
    ``side_file_for(path)``), in a dry run too: they are the rows to fix.
    """
    source = Path(path)
    with paused_gc():  # 100,000 rows are many small objects and no cycles
        rows, blank = read_rows(source)
        team_column = _own_column(rows, project, source)
        if team_column is not None:
            rows = _own_rows(rows, team_column, project, source)
        matches = match_rows(rows, project, match)
        check_corpus(matches, source, project, match)
        changes = plan_changes(matches, project.decisions())
        report = ImportReport(source, matches, changes, blank, dry_run, team_column=team_column)
        if any(m.outcome in ("unmatched", "ambiguous") for m in matches):
            report.side_file = Path(side_file) if side_file else side_file_for(source)
            write_side_file(matches, report.side_file)
        if not dry_run and changes:
            report.decisions = project.decide_many(changes)
    return report


# --------------------------------------------------------------------------- a team's export


def _own_column(rows: Sequence[Row], project: Project, path: Path) -> str | None:
    """``label_<reviewer>`` if the file is a team's export (docs/team.md), else None.

    Its ``label`` is the desk's final label and its note, flag and skip the desk's
    latest: read as one reviewer's, an unedited export would withdraw their disputed
    labels and give them everyone else's. So the importing reviewer's own column is
    read, and someone without one (an editor, a newcomer) is refused."""
    cells = rows[0].cells
    team = sorted(c for c in cells if c.startswith("label_"))
    if not team or TEAM_COLUMNS[0] not in cells:
        return None
    own = f"label_{project.reviewer}"
    if own not in team:
        raise LabelImportError([
            f"{path}: a team's export ({', '.join(team)}): its label column is the desk's"
            f" final label, not {project.reviewer}'s; import it as one of them (--reviewer:"
            " their own column is read), or keep only group_id and label to import that"
            f" column as {project.reviewer}'s"
        ])  # fmt: skip
    return own


def _own_rows(rows: Sequence[Row], column: str, project: Project, path: Path) -> list[Row]:
    """Each row with the reviewer's own label only (blank: left as is); a row whose
    final label was edited is refused: the edit belongs in ``column``."""
    from .store.reviewers import adjudications

    settled = adjudications(project.log())
    mine = {g: state for g, (state, _, _) in project.decisions().items() if state in LABELS}
    problems, own = [], []
    for row in rows:
        try:
            state = _label_of(row.cells.get(column, ""))
            final = _final(row, column, mine.get(row.group_id), settled.get(row.group_id))
            if _label_of(row.cells.get("label", "")) != final:
                raise ValueError(
                    "label edited, but in a team's export it is the desk's final label:"
                    f" change {column} to change {project.reviewer}'s"
                )
        except ValueError as err:
            problems.append(f"line {row.line}: {err}")
            continue
        own.append(Row(row.line, row.group_id, row.text, state, None, None, row.cells))
    _raise_problems(problems, path)
    return own


def _final(
    row: Row, column: str, mine: str | None, adjudication: tuple[str, str] | None
) -> str | None:
    """The final label the export gave the row (``store.reviewers.verdict``, as export
    computes it): adjudicated (as the project has it), else the one label its reviewers
    gave (the importer's own as the project has it, since ``column`` may be edited), else
    none (disputed)."""
    from .store.reviewers import verdict

    if row.cells.get("adjudicated", "").strip().casefold() not in _TRUE:
        adjudication = None
    others = (_label_of(v) for k, v in row.cells.items() if k.startswith("label_") and k != column)
    return verdict([*others, mine], adjudication).label


def summary_lines(report: ImportReport, reviewer: str) -> list[str]:
    """What the import did (or would do), for the terminal."""
    counts = report.counts()
    total = len(report.matches)
    lines = [
        f"{report.path}: {plural(total, 'row')}: "
        + ", ".join(f"{counts[o]:,} {o}" for o in OUTCOMES)
        + (f" ({plural(report.blank_rows, 'blank row')} passed over)" if report.blank_rows else "")
    ]
    if report.team_column:
        lines.append(
            f"a team's export: {reviewer}'s own column {report.team_column} read; its label"
            " (final), note, flagged and skipped columns are the desk's, left as they are"
        )
    methods = report.methods()
    if methods:
        lines.append(
            "matched by " + ", ".join(f"{k} {methods[k]:,}" for k in _METHOD_ORDER if methods[k])
        )
    actions = report.actions()
    what = ", ".join(f"{n:,} {a}" for a, n in sorted(actions.items()))
    n = len(report.changes)
    if report.dry_run:
        lines.append(
            f"dry run: would save {plural(n, 'decision')} by {reviewer}"
            + (f" ({what})" if what else "")
            + "; nothing written"
        )
    else:
        saved = len(report.decisions)
        lines.append(
            f"saved {plural(saved, 'decision')} by {reviewer} in one transaction ({what})"
            if saved
            else "nothing to change: the project already holds these labels"
        )
    if report.side_file is not None:
        left = counts["unmatched"] + counts["ambiguous"]
        rows = plural(left, "unmatched or ambiguous row")
        lines.append(f"{rows}, with the reason -> {report.side_file}")
    return lines


_METHOD_ORDER = ("group_id", "exact", "normalised", "matcher")

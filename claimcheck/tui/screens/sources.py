"""The Sources screen: the report's per-source table for the open project."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from claimcheck.labels import LABELS, RECORDS
from claimcheck.report import ReportOptions, build_report, kind_text, source_names
from claimcheck.store import Project
from claimcheck.tui.fit import fit_words
from claimcheck.tui.literal import literal, one_line
from claimcheck.tui.widgets.queue_list import SUGGESTED_TAG

# The label columns by the letters the queue uses (D, G, U), named in the title line:
# with the labels' names the table was 211 columns wide, cut at 120 ("uns").
LABEL_COLUMNS = tuple(SUGGESTED_TAG[r.id] for r in RECORDS)
COLUMNS = ("Source", "Date", "Kind", "Claims", *LABEL_COLUMNS,
           "Specific", "Backed", "Only here", "Shares most with")  # fmt: skip
# Columns that take the room the others leave, by weight (whole words, then "…").
FLEX = {"Source": 3, "Shares most with": 2}
FLEX_MIN = 8  # a flexible column is never narrower than this
CELL_PADDING = 2  # DataTable's cell padding, one cell each side
SCROLLBAR = 2  # the table's vertical scrollbar, when it has one
LEGEND = " · ".join(f"{SUGGESTED_TAG[r.id]} {r.name}" for r in RECORDS)


def source_cells(s: dict[str, Any], names: dict[str, str]) -> tuple[str | int, ...]:
    """One table row, its texts whole (``fit_cells`` fits them to the screen)."""
    top = s["shares"][0] if s["shares"] else None
    share = f"{names.get(top['doc_id'], top['doc_id'])} {top['share']:.0%}" if top else ""
    name = s["source"] or s["title"] or s["path"]
    return (
        one_line(name), s["date"], kind_text(s), s["claims"],
        *(s["labels"][x] for x in LABELS), s["specific"], s["backed"], s["only_here"],
        one_line(share),
    )  # fmt: skip


def column_widths(rows: list[tuple[str | int, ...]], width: int) -> dict[str, int]:
    """Each column's width so that the table fits ``width`` cells: the fixed columns as
    wide as their widest cell, the flexible ones sharing what is left."""
    fixed = {
        c: max([cell_len(c), *(cell_len(str(r[i])) for r in rows)])
        for i, c in enumerate(COLUMNS)
        if c not in FLEX
    }
    room = width - SCROLLBAR - CELL_PADDING * len(COLUMNS) - sum(fixed.values())
    weights = sum(FLEX.values())
    flex = {}
    for i, c in enumerate(COLUMNS):
        if c in FLEX:
            widest = max([cell_len(c), *(cell_len(str(r[i])) for r in rows)])
            flex[c] = min(widest, max(FLEX_MIN, room * FLEX[c] // weights))
    return {**fixed, **flex}


def fit_cells(row: tuple[str | int, ...], widths: dict[str, int]) -> tuple[Text | int, ...]:
    """A row with its texts fitted to ``widths`` (whole words) and shown literally."""
    return tuple(
        cell if isinstance(cell, int) else literal(fit_words(cell, widths[c]))
        for c, cell in zip(COLUMNS, row, strict=True)
    )


class SourcesScreen(Screen[None]):
    """Per source: claims by label, how many are backed by a dated report, shares."""

    BINDINGS = [
        Binding("escape,t,q", "app.pop_screen", "Back", id="sources.close"),
        Binding("s", "sort", "Sort by column", id="sources.sort"),
    ]

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project
        self._reverse = True
        self._report: dict[str, Any] | None = None  # shown again, refitted, on a resize

    def compose(self) -> ComposeResult:
        yield Static("Sources: loading…", id="sources-title")
        yield DataTable(id="sources-table", zebra_stripes=True, cursor_type="cell")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    def on_resize(self) -> None:
        if self._report is not None:
            self.show(self._report)

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        corpus, labels = self.project.load_corpus()
        report = build_report(corpus, labels, options=ReportOptions(conflicts=False))
        self.app.call_from_thread(self.show, report)

    def show(self, report: dict[str, Any]) -> None:
        self._report = report
        names = source_names(report)
        rows = [source_cells(s, names) for s in report["sources"]]
        widths = column_widths(rows, self.size.width or self.app.size.width)
        table = self.query_one(DataTable)
        table.clear(columns=True)  # the columns' widths follow the screen's
        for column in COLUMNS:
            table.add_column(column, key=column)
        for s, row in zip(report["sources"], rows, strict=True):
            table.add_row(*fit_cells(row, widths), key=s["doc_id"])
        t = report["totals"]
        self.query_one("#sources-title", Static).update(
            Text(
                f"Sources: {t['documents']:,} documents, {t['claims']:,} claims, "
                f"{t['reviewed_groups']:,} groups reviewed (other labels are suggestions).\n"
                f"{LEGEND} · s: sort by the cursor's column · escape: back"
            )
        )

    def action_sort(self) -> None:
        table = self.query_one(DataTable)
        column = table.ordered_columns[table.cursor_column].key
        table.sort(column, reverse=self._reverse, key=_sort_key)
        self._reverse = not self._reverse


def _sort_key(value: object) -> object:
    return (0, value) if isinstance(value, int) else (1, str(value).casefold())

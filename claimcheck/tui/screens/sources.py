"""The Sources screen: the report's per-source table for the open project."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from claimcheck.labels import LABELS, RECORDS
from claimcheck.report import ReportOptions, build_report, kind_text, source_names
from claimcheck.store import Project
from claimcheck.tui.literal import literal

COLUMNS = ("Source", "Date", "Kind", "Claims", *(r.short for r in RECORDS),
           "Specific", "Backed", "Only here", "Shares most with")  # fmt: skip


def source_cells(s: dict[str, Any], names: dict[str, str]) -> tuple[Text | int, ...]:
    """One table row; corpus text goes through ``literal`` (never markup)."""
    top = s["shares"][0] if s["shares"] else None
    share = f"{names.get(top['doc_id'], top['doc_id'])} {top['share']:.0%}" if top else ""
    name = s["source"] or s["title"] or s["path"]
    return (
        literal(name[:60]), literal(s["date"]), literal(kind_text(s)), s["claims"],
        *(s["labels"][x] for x in LABELS), s["specific"], s["backed"], s["only_here"],
        literal(share[:50]),
    )  # fmt: skip


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

    def compose(self) -> ComposeResult:
        yield Static("Sources: loading…", id="sources-title")
        yield DataTable(id="sources-table", zebra_stripes=True, cursor_type="cell")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for column in COLUMNS:
            table.add_column(column, key=column)
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        corpus, labels = self.project.load_corpus()
        report = build_report(corpus, labels, options=ReportOptions(conflicts=False))
        self.app.call_from_thread(self.show, report)

    def show(self, report: dict[str, Any]) -> None:
        names = source_names(report)
        table = self.query_one(DataTable)
        table.clear()
        for s in report["sources"]:
            table.add_row(*source_cells(s, names), key=s["doc_id"])
        t = report["totals"]
        self.query_one("#sources-title", Static).update(
            Text(
                f"Sources: {t['documents']:,} documents, {t['claims']:,} claims, "
                f"{t['reviewed_groups']:,} groups reviewed (other labels are suggestions). "
                "s: sort by the cursor's column, Esc: back"
            )
        )

    def action_sort(self) -> None:
        table = self.query_one(DataTable)
        column = table.ordered_columns[table.cursor_column].key
        table.sort(column, reverse=self._reverse, key=_sort_key)
        self._reverse = not self._reverse


def _sort_key(value: object) -> object:
    return (0, value) if isinstance(value, int) else (1, str(value).casefold())

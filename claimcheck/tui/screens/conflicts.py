"""The Conflicts screen: conflicting claims, both sides, and a reviewer's verdict on each.

A verdict is one logged decision in the project (``Project.decide_conflict``)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from claimcheck.report import build_report, source_names
from claimcheck.store import Project, ProjectError
from claimcheck.tui.literal import literal

VERDICT_MARK = {"confirmed": "✔ confirmed", "dismissed": "✘ dismissed", "": "·"}


class ConflictsScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,c,q", "app.pop_screen", "Back", id="conflicts.close"),
        Binding("y", "verdict('confirmed')", "Confirm", id="conflicts.confirm"),
        Binding("x", "verdict('dismissed')", "Dismiss", id="conflicts.dismiss"),
        Binding("backspace", "verdict('')", "Undecided", id="conflicts.clear"),
    ]

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project
        self.conflicts: list[dict[str, Any]] = []
        self.names: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Conflicts: searching…", id="conflicts-title")
            yield DataTable(id="conflicts-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="conflict-detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for column in ("Verdict", "Differs in", "Earlier side", "Other side", "Claim"):
            table.add_column(column, key=column)
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        corpus, labels = self.project.load_corpus()
        report = build_report(corpus, labels, self.project.conflict_verdicts())
        self.app.call_from_thread(self.show, report)

    def show(self, report: dict[str, Any]) -> None:
        self.conflicts = report["conflicts"]
        self.names = source_names(report)
        table = self.query_one(DataTable)
        table.clear()
        for c in self.conflicts:
            a, b = c["sides"]
            table.add_row(
                VERDICT_MARK[c["verdict"]], ", ".join(c["kinds"]), literal(a["values"][:30]),
                literal(b["values"][:30]), literal(a["text"][:90]), key=c["conflict_id"],
            )  # fmt: skip
        self.query_one("#conflicts-title", Static).update(
            Text(
                f"Conflicts: {len(self.conflicts):,} found, most likely first. "
                "y: confirm, x: dismiss, Backspace: undecided, Esc: back"
            )  # fmt: skip
        )
        self.show_detail()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail()

    def current(self) -> dict[str, Any] | None:
        table = self.query_one(DataTable)
        if not self.conflicts or table.cursor_row >= len(self.conflicts):
            return None
        return self.conflicts[table.cursor_row]

    def show_detail(self) -> None:
        c = self.current()
        detail = Text()
        if c is not None:
            for side in c["sides"]:
                docs = ", ".join(self.names.get(d, d) for d in side["doc_ids"][:4])
                detail.append(literal(side["values"], style="bold"))
                detail.append(": ")
                detail.append(literal(side["text"]))
                # the line breaks are the screen's own: literal() would show them as "\n"
                detail.append("\n  ")
                detail.append(literal(f"{docs} {side['date']}", style="dim"))
                detail.append("\n")
        self.query_one("#conflict-detail", Static).update(detail)

    def action_verdict(self, verdict: str) -> None:
        c = self.current()
        if c is None:
            return
        try:
            self.project.decide_conflict(c["conflict_id"], verdict or None)
        except ProjectError as err:
            self.notify(str(err), severity="error", markup=False)
            return
        c["verdict"] = verdict
        table = self.query_one(DataTable)
        table.update_cell(c["conflict_id"], "Verdict", VERDICT_MARK[verdict])
        if table.cursor_row < len(self.conflicts) - 1:
            table.move_cursor(row=table.cursor_row + 1)

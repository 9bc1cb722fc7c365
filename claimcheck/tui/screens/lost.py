"""After a re-read: the labels that could not be carried over to the new groups, and
the reviewer's repairs (merges, splits) whose text is gone."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from claimcheck.plural import plural
from claimcheck.store import SyncReport
from claimcheck.tui.literal import one_line

MAX_SHOWN = 500


class LostLabelsScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,enter,q", "close", "Close", id="lost.close")]

    def __init__(self, report: SyncReport) -> None:
        super().__init__()
        self.report = report

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="lost-body"):
            yield Static(self._summary(), id="lost-summary")
            yield Static(self._table(), id="lost-table")

    def _summary(self) -> Text:
        lost = len(self.report.lost)
        text = Text(f"The corpus changed. {plural(self.report.carried, 'decision')} carried over; ")
        text.append(f"{plural(lost, 'label')} could not be", "bold red")
        text.append(" (their groups are gone from the new corpus).\n", "")
        if self.report.grown:
            grown = plural(self.report.grown, "labelled group")
            text.append(f"{grown} gained members since labelled: marked + in the queue"
                        " (v: changed since labelled).\n")  # fmt: skip
        if self.report.unapplied:
            text.append(f"{len(self.report.unapplied):,} repairs (merge, split, move) cannot apply:"
                        " a text is gone; they apply again if it comes back.\n")  # fmt: skip
        text.append("escape/enter closes", "dim")
        return text

    def _table(self) -> Table:
        table = Table(expand=True, box=None, padding=(0, 1))
        table.add_column("Label", no_wrap=True)
        table.add_column("Claim")
        for _gid, label, text in self.report.lost[:MAX_SHOWN]:
            table.add_row(Text(label), Text(one_line(text)))
        if len(self.report.lost) > MAX_SHOWN:
            table.add_row("…", Text(f"and {len(self.report.lost) - MAX_SHOWN:,} more"))
        for c in self.report.unapplied[:MAX_SHOWN]:
            table.add_row(Text(f"{c.kind}-link"), Text(one_line(f"{c.a_text} | {c.b_text}")))
        return table

    def action_close(self) -> None:
        self.dismiss(None)

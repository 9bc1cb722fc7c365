"""The Agreement screen: how far the project's reviewers agree, as ``claimcheck agreement``
prints it (kappa per pair, alpha overall and per label, counts, confusion matrices).

The figures come from ``claimcheck.agreement`` (the one definition); this screen only
reads the log in a worker thread and shows the same table the command prints."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from claimcheck.agreement import agreement, as_table
from claimcheck.store import Project
from claimcheck.store.reviewers import labels_by_reviewer


class AgreementScreen(Screen[None]):
    """Every reviewer's labels compared; Escape goes back to the queue."""

    BINDINGS = [Binding("escape,A,q", "app.pop_screen", "Back", id="agreement.close")]
    DEFAULT_CSS = """
    AgreementScreen #agreement-title { text-style: bold; padding: 0 1; }
    AgreementScreen #agreement-table { padding: 0 1; }
    """

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project

    def compose(self) -> ComposeResult:
        yield Static("Agreement between reviewers: reading the log…", id="agreement-title")
        with VerticalScroll(id="agreement-body"):
            yield Static("", id="agreement-table")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        table = as_table(agreement(labels_by_reviewer(self.project.log())))
        self.app.call_from_thread(self.show, table)

    def show(self, table: str) -> None:
        self.query_one("#agreement-title", Static).update(
            "Agreement between reviewers (as `claimcheck agreement` prints it)"
        )
        # Reviewer names are the users' text: shown literally, never as markup.
        self.query_one("#agreement-table", Static).update(Text(table))

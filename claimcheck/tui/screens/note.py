"""A modal dialog to write or edit a group's note."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from claimcheck.tui.literal import literal


class NoteDialog(ModalScreen["str | None"]):
    """Dismisses with the note text on enter, or None on escape."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="note.cancel")]

    def __init__(self, claim: str, note: str) -> None:
        super().__init__()
        self.claim = claim
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="note-box"):
            yield Static(Text("Note for this group", style="bold"), id="note-title")
            yield Static(literal(self.claim), id="note-claim")
            yield Input(
                self.note, placeholder="note (enter saves, escape cancels)", id="note-input"
            )
            yield Static(Text("enter save · escape cancel · empty clears", style="dim"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)

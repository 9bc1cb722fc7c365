"""Every key of the review screen, with the binding id a keymap file uses."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from claimcheck.labels import RECORDS
from claimcheck.tui.keymap import DEFAULT_PATH, ENV_VAR

KeyRow = tuple[str, str, str]  # (binding id, keys, what it does)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, rows: list[KeyRow], keymap_note: str = "") -> None:
        super().__init__()
        self.rows = rows
        self.keymap_note = keymap_note

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(self._table(), id="help-table")
            yield Static(self._footnote(), id="help-note")

    def _table(self) -> Table:
        table = Table(title="Keys", expand=True, box=None, padding=(0, 1))
        table.add_column("Keys", style="bold", no_wrap=True)
        table.add_column("Does")
        table.add_column("Binding id", style="dim", no_wrap=True)
        for binding_id, keys, description in self.rows:
            table.add_row(Text(self._keys(keys)), Text(description), Text(binding_id))
        return table

    def _keys(self, keys: str) -> str:
        """``right_square_bracket,ctrl+z`` as ``], ^z``: the keys as the footer shows them."""
        shown = (self.app.get_key_display(Binding(key.strip(), "")) for key in keys.split(","))
        return "  ".join(shown)

    def _footnote(self) -> Text:
        text = Text(
            f"Remap keys in a TOML file (${ENV_VAR} or {DEFAULT_PATH}), binding id = keys:\n"
            f'  [keys]\n  "{RECORDS[0].binding_id}" = "1"\n  undo = ["z", "ctrl+z"]\n',
            style="dim",
        )
        if self.keymap_note:
            text.append(self.keymap_note)
        return text

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)

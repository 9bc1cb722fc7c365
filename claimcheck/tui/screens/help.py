"""The guide inside the app: the labels, what every mark on screen means, every key.

A reviewer should not have to leave the app to read LABELS.md: its full text
(shipped in the package) closes the screen, after a one-line definition of each
label, the legend and the keys with the binding ids a keymap file uses.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from claimcheck.labels import RECORDS, guide_text
from claimcheck.tui.keymap import DEFAULT_PATH, ENV_VAR
from claimcheck.tui.screens import review
from claimcheck.tui.widgets import group_detail, queue_list, stats_bar

KeyRow = tuple[str, str, str]  # (binding id, keys, what it does)
LEGENDS = (
    ("The header and the view line", review.LEGEND),
    ("The queue", queue_list.LEGEND),
    ("The progress line", stats_bar.LEGEND),
    ("The selected group", group_detail.LEGEND),
)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, rows: list[KeyRow], keymap_note: str = "") -> None:
        super().__init__()
        self.rows = rows
        self.keymap_note = keymap_note
        self._keys_of = {binding_id: keys for binding_id, keys, _ in rows}

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(self._labels(), id="help-labels")
            yield Static(self._legend(), id="help-legend")
            yield Static(self._table(), id="help-table")
            yield Static(self._footnote(), id="help-note")
            yield Static(Markdown(guide_text()), id="help-guide")

    def _labels(self) -> RenderableType:
        table = Table(
            title="The labels (the full guide with examples is at the end)",
            expand=True, box=None, padding=(0, 1),
        )  # fmt: skip
        table.add_column("Key", style="bold", no_wrap=True)
        table.add_column("Label", no_wrap=True)
        table.add_column("Means")
        for r in RECORDS:
            keys = self._keys(self._keys_of.get(r.binding_id, r.key))
            table.add_row(Text(keys), Text(r.name, style="bold"), Text(r.definition))
        return table

    def _legend(self) -> RenderableType:
        parts: list[RenderableType] = [Text("What the marks mean", style="bold italic")]
        for title, legend in LEGENDS:
            table = Table(title=title, title_justify="left", expand=True, box=None,
                          padding=(0, 1), show_header=False)  # fmt: skip
            table.add_column("Mark", style="bold")
            table.add_column("Means")
            for mark, meaning in legend:
                table.add_row(Text(mark), Text(meaning))
            parts.append(table)
        return Group(*parts)

    def _table(self) -> Table:
        table = Table(title="Keys", expand=True, box=None, padding=(0, 1))
        table.add_column("Keys", style="bold", no_wrap=True)
        table.add_column("Does")
        table.add_column("Binding id", style="dim", no_wrap=True)
        for binding_id, keys, description in self.rows:
            table.add_row(Text(self._keys(keys)), Text(description), Text(binding_id))
        table.add_row(Text("^p"), Text("Every action by name (command palette)"), Text(""))
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

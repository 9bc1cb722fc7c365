"""The guide inside the app: the labels, what every mark on screen means, every key.

A reviewer should not have to leave the app to read LABELS.md: its label sections
(shipped in the package, with their examples) close the screen, after a one-line
definition of each label, the legend and every key with what it does. The binding
ids a keymap file uses are in docs/review.md, not in a column a reviewer reads.
"""

from __future__ import annotations

import re

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
# LABELS.md is written for those who build the suggester too: its opening and its
# "not a claim" section say what the tool should do. The guide keeps its label
# sections and says the rest in a reviewer's words.
GUIDE_OPENING = """# The labels in full

Each group (near-identical sentences, often from several pages) gets one label.
The app suggests one; you decide.
"""
NOT_A_CLAIM = """## Not a claim

Headings, navigation and link boilerplate ("See also …", "Top"), bylines, agency
credits and sentence fragments are not claims: they are kept out of the queue,
and kept in the project's data, so nothing is lost. If one reaches the queue
anyway, skip it (space) or flag it (f).
"""
_SECTION = re.compile(r"^## ", re.MULTILINE)
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
            yield Static(Markdown(reviewer_guide(guide_text())), id="help-guide")

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
        for _binding_id, keys, description in self.rows:
            table.add_row(Text(self._keys(keys)), Text(description))
        table.add_row(Text("^p"), Text("Every action by name (command palette)"))
        return table

    def _keys(self, keys: str) -> str:
        """``right_square_bracket,ctrl+z`` as ``], ^z``: the keys as the footer shows them."""
        shown = (self.app.get_key_display(Binding(key.strip(), "")) for key in keys.split(","))
        return "  ".join(shown)

    def _footnote(self) -> Text:
        text = Text(
            f"Remap keys in a TOML file (${ENV_VAR} or {DEFAULT_PATH}), binding id = keys"
            " (docs/review.md lists the ids):\n"
            f'  [keys]\n  "{RECORDS[0].binding_id}" = "1"\n  undo = ["z", "ctrl+z"]\n',
            style="dim",
        )
        if self.keymap_note:
            text.append(self.keymap_note)
        return text

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)


def reviewer_guide(labels_md: str) -> str:
    """LABELS.md's sections on the labels (with their examples), under the guide's own
    opening and followed by its own word on what is not a claim."""
    names = {r.name for r in RECORDS}
    kept = [
        "## " + section
        for section in _SECTION.split(labels_md)[1:]
        if section.split("\n", 1)[0].strip() in names
    ]
    return "\n".join([GUIDE_OPENING, *kept, NOT_A_CLAIM])

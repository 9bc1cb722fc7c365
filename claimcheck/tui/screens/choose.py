"""A modal list to pick the queue's filter."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from claimcheck.tui.widgets.view_bar import FILTER_NAMES


class FilterPicker(ModalScreen["str | None"]):
    """Dismisses with a store filter name, or None on escape."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="filter.cancel")]

    def __init__(self, current: str, counts: dict[str, int] | None = None) -> None:
        """``counts``: groups each filter shows, written beside its name."""
        super().__init__()
        self.current = current
        self.counts = counts or {}

    def compose(self) -> ComposeResult:
        width = max(len(name) for name in FILTER_NAMES.values())
        options = [
            Option(f"{name:<{width}} {self.counts[key]:>8,}" if key in self.counts else name,
                   id=key)
            for key, name in FILTER_NAMES.items()
        ]  # fmt: skip
        with Vertical(id="filter-box"):
            yield Static("Show", id="filter-title")
            yield OptionList(*options, id="filter-options")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        keys = list(FILTER_NAMES)
        options.highlighted = keys.index(self.current) if self.current in keys else 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)

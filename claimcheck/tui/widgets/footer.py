"""The footer of the review screen: the keys that fit, label keys first, Help and Quit
always.

Textual's Footer lists keys in the order the bindings were made (a keymap file
moves the keys it remaps to the end) and is cut off at the terminal's edge: at 80
columns "? Help" and "q Quit" were never seen. This one ranks the keys by the
screen's order (``rank``), keeps the pinned ones (Help, Quit) at its end whatever
the width, and drops whole keys from the end of the rest; the dropped ones stay in
the help screen and the command palette.

Textual's Footer also recomposes itself whenever the screen's bindings are
refreshed, a layout pass over the whole screen (15-50 ms at 160x50) in the frame
after a key. The review screen refreshes its bindings when what applies changes,
most often only whether "accept" is enabled; then the same keys are shown and only
their ``-disabled`` style changes, which this footer applies to its existing keys.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.cells import cell_len
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

PINNED = ("help", "quit")  # binding ids always shown, at the end
COMPACT_BELOW = 120  # columns: narrower, keys lose their padding
# What a key costs besides its key and description: padding, or in compact style
# the space between them and the margin after (FooterKey's and Footer's CSS).
KEY_EXTRA = {False: 3, True: 2}

Shown = tuple[Binding, bool, str]  # binding, enabled, tooltip


def key_width(key_display: str, description: str, compact: bool) -> int:
    return cell_len(key_display) + cell_len(description) + KEY_EXTRA[compact]


class ReviewFooter(Footer):
    def __init__(self, rank: Sequence[str], compact_keys: Mapping[str, str] | None = None) -> None:
        """``rank``: binding ids, most wanted first (ids not in it come after them);
        ``compact_keys``: binding id -> a shorter key display when narrow ("␣" for
        "␣/s"), so that one more key fits."""
        super().__init__(show_command_palette=False)
        self._rank = {binding_id: i for i, binding_id in enumerate(rank)}
        self._compact_keys = dict(compact_keys or {})
        self._width = 0

    def shown(self) -> list[Shown]:
        """The keys to show, in order: the best ranked that fit, then the pinned ones."""
        first: dict[str, Shown] = {}
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show:
                first.setdefault(binding.action, (binding, enabled, tooltip))
        keys = sorted(first.values(), key=lambda k: self._rank.get(k[0].id or "", len(self._rank)))
        pinned = [k for k in keys if k[0].id in PINNED]
        budget = self.app.size.width - sum(self._width_of(k[0]) for k in pinned)
        shown: list[Shown] = []
        for key in keys:
            if key[0].id in PINNED:
                continue
            cost = self._width_of(key[0])
            if cost > budget:
                break  # keep the order: a later key never jumps a dropped one
            shown.append(key)
            budget -= cost
        return shown + pinned

    def _display(self, binding: Binding) -> str:
        if self.app.size.width < COMPACT_BELOW and binding.id in self._compact_keys:
            return self._compact_keys[binding.id]
        return self.app.get_key_display(binding)

    def _width_of(self, binding: Binding) -> int:
        display = self._display(binding)
        return key_width(display, binding.description, self.app.size.width < COMPACT_BELOW)

    def compose(self):  # type: ignore[override]
        if not self._bindings_ready:
            return
        self.compact = self.app.size.width < COMPACT_BELOW
        for binding, enabled, tooltip in self.shown():
            yield FooterKey(
                binding.key,
                self._display(binding),
                binding.description,
                binding.action,
                disabled=not enabled,
                tooltip=tooltip or binding.description,
            ).data_bind(compact=Footer.compact)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._width:
            self._width = event.size.width
            if self._bindings_ready:
                self.call_after_refresh(self.recompose)

    def bindings_changed(self, screen: Screen) -> None:
        # Footer._bindings_ready: the first call must compose (Textual 8.2 internals).
        if (
            self._bindings_ready
            and self.is_attached
            and screen is self.screen
            and screen.app.app_focus
            and self._restyle_in_place()
        ):
            return
        super().bindings_changed(screen)

    def _restyle_in_place(self) -> bool:
        """Enable/disable the shown keys; False if the set of keys shown changed."""
        shown = self.shown()
        keys = list(self.children)
        if not all(isinstance(k, FooterKey) for k in keys):
            return False
        if [k.action for k in keys] != [b.action for b, _e, _t in shown]:  # type: ignore[attr-defined]
            return False
        for key, (_binding, enabled, _tooltip) in zip(keys, shown, strict=True):
            assert isinstance(key, FooterKey)
            disabled = not enabled
            if key._disabled != disabled:  # FooterKey's own flag (its click rings the bell)
                key._disabled = disabled
                key.set_class(disabled, "-disabled")
        return True

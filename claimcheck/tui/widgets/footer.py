"""The footer of the review screen: Textual's Footer, restyled in place when it can.

Textual's Footer recomposes itself whenever the screen's bindings are refreshed,
and a recompose is a layout pass over the whole screen (15-50 ms at 160x50) in
the frame after a key. The review screen refreshes its bindings when what applies
changes, most often only whether "accept" is enabled (groups with and without a
suggestion alternate); then the same keys are shown and only their ``-disabled``
style changes, which this footer applies to its existing keys.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class ReviewFooter(Footer):
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
        enabled: dict[str, bool] = {}
        for _node, binding, is_enabled, _tooltip in self.screen.active_bindings.values():
            if binding.show:
                enabled.setdefault(binding.action, is_enabled)  # as Footer.compose groups
        keys = list(self.children)
        if not all(isinstance(k, FooterKey) for k in keys):
            return False  # key groups or labels: leave it to a recompose
        if [k.action for k in keys] != list(enabled):  # type: ignore[attr-defined]
            return False
        for key in keys:
            assert isinstance(key, FooterKey)
            disabled = not enabled[key.action]
            if key._disabled != disabled:  # FooterKey's own flag (its click rings the bell)
                key._disabled = disabled
                key.set_class(disabled, "-disabled")
        return True

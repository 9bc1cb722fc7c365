"""Review progress, always on screen: labelled/total, per label, rate and time left."""

from __future__ import annotations

from collections.abc import Iterator

from rich.style import Style
from rich.text import Text
from textual import events
from textual.widgets import Static

from claimcheck.labels import RECORDS
from claimcheck.store import Stats
from claimcheck.tui.fit import first_fit

BAR_WIDTH = 20
# The progress line's marks (the help screen's legend); narrow, it names labels by letter.
LEGEND = (
    ("12/387 labelled", "groups with a label, of all groups; then the bar and the share"),
    (
        "  ".join(f"{r.short} 3" for r in RECORDS),
        "groups given each label; narrow, by first letter: "
        + ", ".join(f"{r.short[0]} {r.short}" for r in RECORDS),
    ),
    ("s skipped  ⚑ flagged", "groups skipped and flagged"),
    ("4.2/min · 1 h 05 min left", "your pace this session, and the pending groups' time at it"),
)


def duration(seconds: float) -> str:
    minutes = round(seconds / 60)
    if minutes < 1:
        return "<1 min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


class StatsBar(Static):
    """One line of progress; ``show_stats`` redraws it from the store's Stats."""

    COMPONENT_CLASSES = {
        "stats-bar--done",
        *(f"stats-bar--{r.id}" for r in RECORDS),
    }
    DEFAULT_CSS = "\n".join(
        f"StatsBar > .stats-bar--{r.id} {{ color: {r.colour}; }}" for r in RECORDS
    )

    learning: str = ""  # the learned model's state, one short phrase (see show_learning)
    _stats: Stats | None = None

    def show_stats(self, stats: Stats) -> None:
        self._stats = stats
        self.update(self.render_stats(stats), layout=False)  # always one line

    def show_learning(self, text: str) -> None:
        """Whose suggestions are shown: "rules kept: ..." or "learned from N labels"."""
        self.learning = text
        if self._stats is not None:
            self.show_stats(self._stats)

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"stats-bar--{name}", partial=True)

    def on_resize(self, event: events.Resize) -> None:
        if self._stats is not None:
            self.show_stats(self._stats)

    def render_stats(self, stats: Stats) -> Text:
        """The most detailed line that fits: the bar, then words, go before numbers do."""
        width = self.content_region.width or self.app.size.width
        return first_fit(self._lines(stats), width)

    def _lines(self, stats: Stats) -> Iterator[Text]:
        for bar, learning in ((BAR_WIDTH, True), (BAR_WIDTH, False), (BAR_WIDTH // 2, False)):
            yield self._full(stats, bar, learning)
        yield self._compact(stats, short=False)
        yield self._compact(stats, short=True)

    def _full(self, stats: Stats, bar: int, learning: bool) -> Text:
        done = stats.labelled / stats.total if stats.total else 0.0
        filled = round(done * bar)
        text = Text(no_wrap=True, end="")
        text.append(f"{stats.labelled:,}/{stats.total:,} labelled ", "bold")
        text.append("█" * filled, self._style("done"))
        text.append("░" * (bar - filled), "dim")
        text.append(f" {done:.0%}  ")
        for r in RECORDS:
            text.append(f"{r.short} ", self._style(r.id))
            text.append(f"{stats.per_label.get(r.id, 0):,}  ", "bold")
        text.append(f"skipped {stats.skipped:,}  flagged {stats.flagged:,}  ", "dim")
        if stats.rate_per_min:
            text.append(f"│ {stats.rate_per_min:.1f}/min")
            if stats.eta_seconds is not None:
                text.append(f" · {duration(stats.eta_seconds)} left")
        else:
            text.append("│ rate: —", "dim")
        if learning and self.learning:
            text.append(f"  │ {self.learning}", "dim")
        return text

    def _compact(self, stats: Stats, short: bool) -> Text:
        """Every count still there, in fewer words: ``short`` names labels by their
        first letter ("d 12"), as the help screen's legend says."""
        done = stats.labelled / stats.total if stats.total else 0.0
        text = Text(no_wrap=True, end="")
        text.append(f"{stats.labelled:,}/{stats.total:,} {done:.0%} ", "bold")
        for r in RECORDS:
            text.append(f" {r.short[0] if short else r.short} ", self._style(r.id))
            text.append(f"{stats.per_label.get(r.id, 0):,}", "bold")
        text.append(f"  {'s' if short else 'skipped'} {stats.skipped:,}", "dim")
        text.append(f"  ⚑ {stats.flagged:,}", "dim")
        if stats.rate_per_min:
            text.append(f"  {stats.rate_per_min:.1f}/min")
            if stats.eta_seconds is not None:
                text.append(f" {duration(stats.eta_seconds)}{'' if short else ' left'}")
        else:
            text.append("  —/min", "dim")
        return text

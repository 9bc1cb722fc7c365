"""Progress on a terminal for the CLI: a bar per stage with counts and rate.

Lives outside the domain core, which only calls a ``ProgressFn``.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from .plural import plural

if TYPE_CHECKING:
    from .fetch import Failure, FetchReport


class RateColumn(ProgressColumn):
    """Items per second, which says more than a percentage on a long job."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f}/s" if speed else "-/s", style="progress.data.speed")


class TerminalProgress:
    """A ``ProgressFn`` drawing bars on stderr; silent when stderr is not a terminal."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self._bar = Progress(
            TextColumn("{task.description:>10}"),
            BarColumn(),
            MofNCompleteColumn(),
            RateColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=False,
        )
        self._tasks: dict[str, int] = {}

    def __enter__(self) -> TerminalProgress:
        if self.enabled:
            self._bar.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.enabled:
            self._bar.stop()

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        if not self.enabled:
            return
        task = self._tasks.get(stage)
        if task is None:
            task = self._tasks[stage] = self._bar.add_task(stage, total=total)
        self._bar.update(task, completed=done, total=total)


def failures_text(report: FetchReport) -> str:
    """``4 failed (2 invalid URL, 1 DNS, 1 HTTP 404)``, commonest kind first."""
    counts = report.failure_counts()
    kinds = ", ".join(f"{n:,} {kind}" for kind, n in counts.most_common())
    return f"{len(report.failed):,} failed" + (f" ({kinds})" if kinds else "")


class FetchProgress:
    """Progress of ``claimcheck fetch`` on stderr: one line rewritten in place on a
    terminal (done, failed, rate), a line every 10 s otherwise; each failed URL on
    a line of its own; a summary at the end."""

    def __init__(self, enabled: bool = True, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.live = enabled and self.stream.isatty()
        self._last = 0.0
        self._drawn = False

    def update(self, report: FetchReport) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not self.live and now - self._last < 10.0:
            return
        self._last = now
        line = (
            f"fetch: {report.done:,}/{report.total - report.skipped:,} done, "
            f"{len(report.failed):,} failed, {report.rate:,.1f}/s"
        )
        if self.live:
            self.stream.write(f"\r\x1b[K{line}")
            self._drawn = True
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def failure(self, failure: Failure) -> None:
        """Shown even with -q: a failed URL is a result, not chatter."""
        self._clear()
        self.stream.write(f"claimcheck: failed: {printable_line(str(failure))}\n")
        self.stream.flush()

    def done(self, report: FetchReport | None, output: str) -> None:
        self._clear()
        if report is None or not self.enabled:
            return
        parts = [f"{plural(report.fetched, 'page')} fetched"]
        if report.redirects:
            parts.append(f"{plural(report.redirects, 'redirect')} followed")
        parts.append(failures_text(report))
        if report.skipped:
            parts.append(f"{report.skipped:,} already in the WARC, skipped")
        if report.repaired:
            parts.append(f"a partial last record ({plural(report.repaired, 'byte')}) cut off first")
        rate = f" ({report.rate:,.1f}/s)" if report.fetched else ""  # of failures: meaningless
        self.stream.write(
            f"claimcheck: {'; '.join(parts)} in {report.seconds:.1f} s{rate} -> {output}\n"
        )
        self.stream.flush()

    def _clear(self) -> None:
        if self._drawn:
            self.stream.write("\r\x1b[K")
            self._drawn = False


def printable_line(text: str) -> str:
    """One line, without terminal control characters (URLs come from the web)."""
    return "".join(c if c.isprintable() else "?" for c in text)

"""Building the corpus and the project in a thread worker, with live counts."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, ProgressBar, Static

from claimcheck.models import ProgressFn, ReadIssue, no_progress
from claimcheck.pipeline import RunOptions, build_corpus
from claimcheck.store import Project, SyncReport, kept_documents
from claimcheck.tui.literal import one_line
from claimcheck.tui.messages import CorpusProgress

# Progress callbacks can come thousands of times a second; the screen needs ~10.
PROGRESS_INTERVAL = 0.1
SAVING = "saving the project"


class BuildStopped(Exception):
    """Raised in the build thread at its next progress call once the app has quit."""


@dataclass
class Built:
    project: Project
    report: SyncReport | None
    issues: list[ReadIssue]


def build_project(
    project_path: str,
    inputs: Sequence[str],
    reviewer: str,
    options: RunOptions | None,
    progress: ProgressFn = no_progress,
) -> Built:
    """Read, group and suggest ``inputs``, then create the project or sync it to them."""
    # Inputs unreadable this time keep their documents (and so their labels)
    # from the project, as last read.
    keep = partial(kept_documents, project_path)
    corpus = build_corpus(inputs, options, progress, keep)
    if not corpus.documents:
        raise ValueError(f"no readable documents in {', '.join(inputs)}")
    progress(SAVING, 0, None)
    project, report = Project.open_or_create(project_path, corpus, reviewer)
    return Built(project, report, list(corpus.issues))


class BuildScreen(Screen[None]):
    """Reads, groups and suggests, then opens (or syncs) the project; posts ``Done``."""

    BINDINGS = [Binding("q", "app.quit", "Quit", id="build.quit")]

    class Done(Message):
        def __init__(self, built: Built) -> None:
            super().__init__()
            self.built = built

    class Failed(Message):
        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    def __init__(
        self, project_path: str, inputs: Sequence[str], reviewer: str, options: RunOptions | None
    ) -> None:
        super().__init__()
        self.project_path = project_path
        self.inputs = list(inputs)
        self.reviewer = reviewer
        self.options = options
        self._last_post = 0.0
        self._stage = ""  # a new stage is always shown
        self.stop = threading.Event()  # set when the app quits
        self.saving = threading.Event()  # the project is being written
        self.finished = threading.Event()  # the build thread has ended
        self.saved = False

    def compose(self) -> ComposeResult:
        with Vertical(id="build-box"):
            yield Static(
                Text(f"Building the corpus from {one_line(', '.join(self.inputs))}"),
                id="build-title",
            )
            yield Static("starting…", id="build-stage")
            yield ProgressBar(total=None, show_eta=False, id="build-progress")
        yield Footer()

    def on_mount(self) -> None:
        # A daemon thread, not a Textual thread worker: the interpreter joins a worker's
        # thread at exit, so quitting mid-build left a blank screen until the whole
        # build was done, and then saved the project the reviewer had walked away from.
        threading.Thread(target=self._run, name="claimcheck-build", daemon=True).start()

    def _run(self) -> None:
        try:
            built = build_project(
                self.project_path, self.inputs, self.reviewer, self.options, self._progress
            )
        except BuildStopped:
            return
        except Exception as err:  # noqa: BLE001 - any failure is shown, then the app exits
            self.post_message(self.Failed(str(err)))
            return
        finally:
            self.finished.set()
        self.saved = True
        self.post_message(self.Done(built))

    def settle(self) -> bool:
        """After the app quit: whether the project was saved. A build still reading or
        grouping stops at its next progress call, saving nothing; one already saving
        is let finish, so the file is whole."""
        self.stop.set()
        if self.saving.is_set():
            self.finished.wait()
        return self.saved

    def on_unmount(self) -> None:
        self.stop.set()

    def _progress(self, stage: str, done: int, total: int | None) -> None:
        """Called in the build thread; post_message is thread-safe."""
        if stage == SAVING:
            self.saving.set()  # set before stop is read: ``settle`` reads them the other way
        if self.stop.is_set():
            raise BuildStopped
        now = time.monotonic()
        new_stage, self._stage = stage != self._stage, stage
        if (
            new_stage
            or now - self._last_post >= PROGRESS_INTERVAL
            or (total is not None and done >= total)
        ):
            self._last_post = now
            self.post_message(CorpusProgress(stage, done, total))

    def on_corpus_progress(self, event: CorpusProgress) -> None:
        counts = (
            f"{event.done:,}/{event.total:,}"
            if event.total
            else (f"{event.done:,}" if event.done else "")
        )
        self.query_one("#build-stage", Static).update(Text(f"{event.stage} {counts}"))
        self.query_one(ProgressBar).update(total=event.total, progress=event.done)

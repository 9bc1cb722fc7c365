"""The review app: a thin Textual shell over a claimcheck project.

``run_review`` is the entry point the CLI calls. With inputs it builds the
corpus in a worker (progress on screen) and creates or syncs the project;
without, it opens the existing project.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from claimcheck.exit_codes import EXIT_INTERRUPTED
from claimcheck.labels import RECORDS
from claimcheck.pipeline import RunOptions
from claimcheck.store import Project, ProjectError
from claimcheck.tui.keymap import LoadedKeymap, load_keymap
from claimcheck.tui.screens.build import BuildScreen
from claimcheck.tui.screens.help import HelpScreen, KeyRow
from claimcheck.tui.screens.lost import LostLabelsScreen
from claimcheck.tui.screens.review import ReviewScreen
from claimcheck.tui.wording import quit_line, re_read, read_problems

EXIT_OK, EXIT_ERROR = 0, 1


def _binding_rows(bindings: Sequence[Binding], keymap: dict[str, str]) -> list[KeyRow]:
    return [(b.id or "", keymap.get(b.id or "", b.key), _does(b)) for b in bindings if b.id]


def _does(binding: Binding) -> str:
    """What a key does, in full: its tooltip where the footer's word is too short."""
    return binding.tooltip or binding.description


def adjudication_help(keys: dict[str, str]) -> str:
    """The help screen's word on adjudication keys (review --adjudicate, docs/team.md),
    naming each key as ``keys`` (the keymap) binds it."""
    labels = ", ".join(f"{keys.get(r.binding_id, r.key)} {r.name}" for r in RECORDS)
    undo = keys.get("undo", "z").split(",")[0]
    redo = keys.get("redo", "ctrl+y").split(",")[0]
    return (
        "\nAdjudicating: the queue holds the groups the reviewers labelled differently (with"
        " --adjudicate-all, every group two of them labelled), each reviewer's label under"
        f" 'Reviewers:'. A label key picks the final label ({labels}; logged with your name,"
        f" another key changes it); {undo} undoes a final label and {redo} redoes it; skip,"
        " flag and note are the reviewers' own."
    )


class ReviewApp(App[int]):
    """Open ``project`` (or build it from ``inputs``) and review its claim groups."""

    CSS_PATH = "app.tcss"
    TITLE = "claimcheck review"
    # ^p: every action by name (get_system_commands), for those who forget a key.
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("question_mark", "help", "Help", key_display="?", id="help",
                tooltip="This guide: the labels, what the marks mean, every key"),
        Binding("q", "quit", "Quit", id="quit",
                tooltip="Quit (every decision is saved as you make it)"),
    ]

    def __init__(
        self,
        project_path: str | Path,
        reviewer: str,
        *,
        project: Project | None = None,
        inputs: Sequence[str] | None = None,
        run_options: RunOptions | None = None,
        keymap: LoadedKeymap | None = None,
        adjudicate: bool = False,
        adjudicate_all: bool = False,
        show_others: bool = False,
    ) -> None:
        super().__init__()
        # the disputed groups (or every overlap group); label keys settle them
        self.adjudicate = adjudicate or adjudicate_all
        self.adjudicate_all = adjudicate_all
        self.show_others = show_others  # a team: the desk's latest decisions, not blind
        self.project_path = str(project_path)
        self.reviewer = reviewer
        self.project = project
        self.inputs = list(inputs) if inputs is not None else None
        self.run_options = run_options
        self.keymap = keymap if keymap is not None else load_keymap(self.binding_ids())
        self.review_screen: ReviewScreen | None = None
        self.build_screen: BuildScreen | None = None

    @classmethod
    def all_bindings(cls) -> list[Binding]:
        return [b for b in (*ReviewScreen.BINDINGS, *cls.BINDINGS) if isinstance(b, Binding)]

    @classmethod
    def binding_ids(cls) -> set[str]:
        return {b.id for b in cls.all_bindings() if b.id}

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every key's action in the command palette, named as the help screen names it,
        with its key; then Textual's own (theme, quit, ...)."""
        keys = self.keymap.keys
        own = [b for b in self.BINDINGS if isinstance(b, Binding)]
        for node, bindings in ((screen, screen.BINDINGS), (self, own)):
            for b in bindings:
                if not isinstance(b, Binding) or not b.id:
                    continue
                if node.check_action(b.action.split("(")[0], ()) is not False:
                    key = self.get_key_display(Binding(keys.get(b.id, b.key).split(",")[0], ""))
                    run = partial(node.run_action, b.action)
                    yield SystemCommand(_does(b), f"key: {key}", run)
        yield from super().get_system_commands(screen)

    def on_mount(self) -> None:
        if self.keymap.keys:
            self.set_keymap(self.keymap.keys)
        for problem in self.keymap.problems:
            self.notify(problem, title="Keymap", severity="warning", timeout=10, markup=False)
        if self.project is None and self.inputs is not None:
            self.build_screen = BuildScreen(
                self.project_path, self.inputs, self.reviewer, self.run_options
            )
            self.push_screen(self.build_screen)
            return
        if self.project is None:
            try:
                self.project = Project.open(self.project_path, self.reviewer)
            except ProjectError as err:
                self.exit(EXIT_ERROR, return_code=EXIT_ERROR, message=str(err))
                return
        self.project.blind = not self.show_others
        if self.adjudicate:
            self.project.adjudicating = True
            self.project.adjudicate_all = self.adjudicate_all
            self.sub_title = "adjudicating: a label key picks the final label"
        self.push_screen(self._review(self.project))
        self._notice_read_only()

    def _notice_read_only(self) -> None:
        if self.project is not None and self.project.read_only:
            self.notify(
                "This project is read-only: browse and export; labels cannot be saved.",
                severity="warning", timeout=10, markup=False,
            )  # fmt: skip

    def _review(self, project: Project) -> ReviewScreen:
        self.review_screen = ReviewScreen(project)
        return self.review_screen

    @property
    def decisions(self) -> int:
        """Decisions saved this session (0 before the review screen opened)."""
        return self.review_screen.decisions if self.review_screen is not None else 0

    async def action_quit(self) -> None:
        """Quit, keeping the reviewer's place for the next time."""
        if self.review_screen is not None and self.review_screen.is_mounted:
            self.review_screen.save_place()
        await super().action_quit()

    def on_build_screen_done(self, event: BuildScreen.Done) -> None:
        built = event.built
        self.project = built.project
        self.switch_screen(self._review(built.project))
        self._notice_read_only()
        if built.issues:
            self.notify(
                read_problems(built.issues), severity="warning", timeout=12, markup=False
            )
        if built.report is not None and (built.report.lost or built.report.unapplied):
            self.push_screen(LostLabelsScreen(built.report))
        elif built.report is not None:
            report = built.report
            self.notify(re_read(report.carried, report.grown), timeout=10 if report.grown else 5)

    def on_build_screen_failed(self, event: BuildScreen.Failed) -> None:
        self.exit(EXIT_ERROR, return_code=EXIT_ERROR, message=f"claimcheck: error: {event.error}")

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            note = f"Keymap loaded from {self.keymap.path}." if self.keymap.path else ""
            if self.adjudicate:
                note += adjudication_help(self.keymap.keys)
            else:
                note += self._share_help()
            self.push_screen(HelpScreen(_binding_rows(self.all_bindings(), self.keymap.keys), note))

    def _share_help(self) -> str:
        """The help screen's word on a desk's overlap setting naming this reviewer."""
        setting = self.project.overlap_setting() if self.project is not None else None
        if setting is None or self.reviewer not in setting.reviewers:
            return ""
        return (
            f"\nYour share: the queue holds {setting.percent:g}% of the groups that every"
            f" reviewer of {', '.join(setting.reviewers)} sees (seed {setting.seed}), and the"
            " others given to you (review --overlap, docs/team.md)."
        )

    def on_unmount(self) -> None:
        if self.project is not None:
            self.project.close()


@contextmanager
def _screen_on_the_terminal() -> Iterator[None]:
    """Textual draws on ``sys.__stderr__``: with stderr redirected (``2>log``) the screen
    went into the file as escape codes. Then draw on the controlling terminal instead,
    and leave stderr for messages (the quit line)."""
    stderr = sys.__stderr__
    if stderr is None or stderr.isatty():
        yield
        return
    try:
        tty = open("/dev/tty", "w", encoding="utf-8")  # noqa: SIM115 - closed below
    except OSError:  # no controlling terminal: nothing better to draw on
        yield
        return
    sys.__stderr__ = tty
    try:
        yield
    finally:
        sys.__stderr__ = stderr
        tty.close()


def run_review(
    project_path: str, inputs: list[str] | None, reviewer: str, run_options: RunOptions | None,
    adjudicate: bool = False, show_others: bool = False, adjudicate_all: bool = False,
) -> int:  # fmt: skip
    """Run the review app; returns the process exit code."""
    project = None
    if inputs is None:
        try:  # fail before taking over the terminal
            project = Project.open(project_path, reviewer)
        except ProjectError as err:
            print(f"claimcheck: error: {err}", file=sys.stderr)
            return EXIT_ERROR
    app = ReviewApp(
        project_path, reviewer, project=project, inputs=inputs, run_options=run_options,
        adjudicate=adjudicate, adjudicate_all=adjudicate_all, show_others=show_others,
    )  # fmt: skip
    with _screen_on_the_terminal():
        app.run()
    if app.review_screen is None and app.build_screen is not None and not app.return_code:
        return _quit_while_building(app.build_screen, project_path, reviewer)
    if app.review_screen is not None:  # the project opened: say what was saved, how to go on
        print(quit_line(app.decisions, project_path, reviewer), file=sys.stderr)
    return app.return_code or EXIT_OK


def _quit_while_building(build: BuildScreen, project_path: str, reviewer: str) -> int:
    """The reviewer quit before the review screen opened: say whether the project was
    saved (only a build already saving it runs on to the end)."""
    if build.settle():
        print(quit_line(0, project_path, reviewer), file=sys.stderr)
        return EXIT_OK
    print("claimcheck: quit before the project was built; nothing saved", file=sys.stderr)
    return EXIT_INTERRUPTED

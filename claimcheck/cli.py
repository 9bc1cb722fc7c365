"""Command line: a thin shell over the pipeline, the store and the exporters.

Exit codes: 0 success; 1 input problems under --strict, or nothing readable;
2 usage errors (argparse's own convention); 130 interrupted (Ctrl-C); 143 terminated.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import time
from collections.abc import Callable, Sequence
from typing import NoReturn

from .export import FORMATS, export_labels, format_for, write_units
from .group import SCORERS, GroupOptions
from .models import Corpus, ReadIssue
from .output import Terminated
from .pipeline import RunOptions, build_corpus, paused_gc
from .progress import TerminalProgress
from .read import STDIN_FORMATS
from .store import DEFAULT_DB, SQLITE_MAGIC, Project, ProjectError
from .terminal import printable

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143  # 128 + SIGINT, 128 + SIGTERM


def _say(message: str) -> None:
    """One line on stderr. Messages carry file names and record ids from the corpus:
    escaped, so none can act on the terminal or start a line of its own."""
    print(f"claimcheck: {printable(message)}", file=sys.stderr)


def report_issues(issues: Sequence[ReadIssue], quiet: bool = False) -> None:
    """One line per problem input, naming the file and the reason."""
    for issue in issues:
        if not quiet or issue.fatal:
            _say(f"warning: {issue}")


def summary(corpus: Corpus, seconds: float) -> str:
    claims = sum(u.is_claim for u in corpus.units)
    cross = sum(g.n_docs > 1 for g in corpus.groups)
    return (
        f"{len(corpus.documents):,} documents, {len(corpus.units):,} units, {claims:,} claims, "
        f"{len(corpus.groups):,} groups ({cross:,} cross-document) in {seconds:.1f} s"
    )


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (the usage block before it made a
    wrong value look like a crash) and names the command's --help."""

    def error(self, message: str) -> NoReturn:
        _say(f"error: {message} (see {self.prog} --help)")
        sys.exit(EXIT_USAGE)


def _threshold(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0 <= number <= 100:  # also refuses nan and inf, which compare false
        raise argparse.ArgumentTypeError(f"must be between 0 and 100, not {value}")
    return number


def _workers(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"must be 0 (one per core) or more, not {value}")
    return number


def _add_group_options(parser: argparse.ArgumentParser) -> None:
    defaults = GroupOptions()
    parser.add_argument(
        "--threshold", type=_threshold, default=defaults.threshold,
        help=f"similarity 0-100 to the group's representative (default {defaults.threshold:g})",
    )  # fmt: skip
    parser.add_argument(
        "--method", default=defaults.method, choices=sorted(SCORERS),
        help=f"rapidfuzz scorer for verifying pairs (default {defaults.method})",
    )  # fmt: skip
    parser.add_argument(
        "--engine", choices=("local", "dask"), default="local",
        help="local (default) or dask for a cluster; dask needs `pip install claimcheck[dask]`",
    )  # fmt: skip
    parser.add_argument("--scheduler", help="dask scheduler address (default: a local cluster)")
    parser.add_argument(
        "--workers",
        type=_workers,
        default=0,
        help="processes to read and segment (0: one per core)",
    )
    parser.add_argument(
        "--no-suggest", dest="suggest", action="store_false", help="skip label suggestions"
    )
    parser.add_argument(
        "--stdin-format", choices=sorted(STDIN_FORMATS),
        help="how to read - (stdin); default: detected (JSONL, HTML, CSV with a text column,"
        " else plain text)",
    )  # fmt: skip
    parser.add_argument("--strict", action="store_true", help="exit 1 if any input had a problem")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")


def run_options(args: argparse.Namespace) -> RunOptions:
    group = GroupOptions(
        threshold=args.threshold, method=args.method, engine=args.engine, scheduler=args.scheduler
    )
    return RunOptions(
        group=group, workers=args.workers, suggest=args.suggest, stdin_format=args.stdin_format
    )


def _usage_error(message: str) -> int:
    _say(f"error: {message}")
    return EXIT_USAGE


def run_batch(inputs: Sequence[str], args: argparse.Namespace) -> tuple[Corpus, float] | int:
    """Build the corpus with progress and issue reports; an int is an exit code."""
    started = time.perf_counter()
    with TerminalProgress(enabled=not args.quiet) as progress:
        corpus = build_corpus(inputs, run_options(args), progress)
    report_issues(corpus.issues, args.quiet)
    if not corpus.documents:
        _say(f"error: no readable documents in {', '.join(inputs)}")
        return EXIT_INPUT
    return corpus, time.perf_counter() - started


def _write(output: str, write: Callable[[], int]) -> int | None:
    """Rows written, or None after saying in one line why ``output`` could not be.

    A closed pipe (``| head``) is not an error; ``main`` handles it.
    """
    try:
        return write()
    except BrokenPipeError:
        raise
    except OSError as err:
        _say(f"error: cannot write {output}: {err.strerror or err}")
        return None


def _where(output: str) -> str:
    return "stdout" if output == "-" else output


def cmd_group(args: argparse.Namespace) -> int:
    result = run_batch(args.inputs, args)
    if isinstance(result, int):
        return result
    corpus, seconds = result
    fmt = format_for(args.output, args.format)
    with paused_gc():
        written = _write(args.output, lambda: write_units(corpus, args.output, fmt))
    if written is None:
        return EXIT_INPUT
    if not args.quiet:
        _say(f"{summary(corpus, seconds)} -> {_where(args.output)}")
    if args.strict and corpus.issues:
        return EXIT_INPUT
    return EXIT_OK


def default_reviewer() -> str:
    """The login name; getuser() fails where no user database or variable names one."""
    try:
        return getpass.getuser()
    except (KeyError, OSError, ImportError):
        return "reviewer"


def is_project(path: str) -> bool:
    """A ``.sqlite`` name, or an existing SQLite file: open it rather than read it."""
    if path.endswith(".sqlite"):
        return True
    try:
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def cmd_review(args: argparse.Namespace) -> int:
    inputs: list[str] | None = list(args.inputs)
    project_path = args.db or DEFAULT_DB
    if len(args.inputs) == 1 and is_project(args.inputs[0]):
        if args.db and args.db != args.inputs[0]:
            return _usage_error("give the project either as INPUT or as --db, not both")
        project_path, inputs = args.inputs[0], None
    if inputs is None or os.path.exists(project_path):
        problem = _check_project(project_path, args.reviewer)
        if problem is not None:
            return problem
    try:
        from .tui.app import run_review
    except ImportError as err:
        _say(f"error: the review app cannot start: {err}")
        return EXIT_INPUT
    return run_review(project_path, inputs, args.reviewer, run_options(args))


def _check_project(path: str, reviewer: str) -> int | None:
    """A missing, foreign or damaged project: one line and exit 1 here, before the
    review app takes the screen. A read-only one: a notice, then on."""
    try:
        project = Project.open(path, reviewer)
        try:
            project.verify()
            if project.read_only:
                _say(f"notice: {path} is read-only: browse and export; labels cannot be saved")
        finally:
            project.close()
    except ProjectError as err:
        _say(f"error: {err}")
        return EXIT_INPUT
    return None


def cmd_export(args: argparse.Namespace) -> int:
    fmt = format_for(args.output, args.format)
    try:
        rows = _write(
            args.output,
            lambda: export_labels(args.project, args.output, fmt, args.per_sentence, args.orphaned),
        )
    except ProjectError as err:
        _say(f"error: {err}")
        return EXIT_INPUT
    if rows is None:
        return EXIT_INPUT
    if not args.quiet:
        _say(f"{rows:,} rows -> {_where(args.output)}")
    return EXIT_OK


def _add_review_parser(sub: argparse._SubParsersAction) -> None:
    review = sub.add_parser("review", help="label claim groups in the review app")
    review.add_argument(
        "inputs", nargs="+", metavar="INPUT",
        help="files or folders to read, or one PROJECT.sqlite to go on reviewing",
    )  # fmt: skip
    review.add_argument(
        "--db", help=f"project file for INPUTs (default: {DEFAULT_DB} in the current directory)"
    )
    review.add_argument(
        "--reviewer", default=default_reviewer(),
        help="name recorded with each decision (default: your login name)",
    )  # fmt: skip
    _add_group_options(review)
    review.set_defaults(func=cmd_review)


def _add_export_parser(sub: argparse._SubParsersAction) -> None:
    export = sub.add_parser("export", help="write a project's labels as CSV or JSONL")
    export.add_argument("project", metavar="PROJECT", help="the project file (.sqlite)")
    export.add_argument("-o", "--output", default="labels.csv", help="output file, - for stdout")
    export.add_argument(
        "--format", choices=FORMATS, help="csv or jsonl (default: from -o's suffix)"
    )
    export.add_argument(
        "--per-sentence", action="store_true",
        help="one row per member sentence with its offsets (default: one row per group)",
    )  # fmt: skip
    export.add_argument(
        "--orphaned", action="store_true",
        help="the labels a re-grouping could not carry over to a group",
    )  # fmt: skip
    export.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    export.set_defaults(func=cmd_export)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="claimcheck", description="Group, suggest and review the claims a corpus makes."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    group = sub.add_parser("group", help="read, segment and group a corpus (headless batch job)")
    group.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders, or - for stdin")
    group.add_argument("-o", "--output", default="groups.csv", help="output file, - for stdout")
    group.add_argument("--format", choices=FORMATS, help="csv or jsonl (default: from -o's suffix)")
    _add_group_options(group)
    group.set_defaults(func=cmd_group)
    _add_review_parser(sub)
    _add_export_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        _say("interrupted")
        return EXIT_INTERRUPTED
    except Terminated:
        _say("terminated")
        return EXIT_TERMINATED
    except BrokenPipeError:  # `claimcheck group ... -o - | head`: the reader left, not an error
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())

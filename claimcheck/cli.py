"""Command line: a thin shell over the pipeline, the store and the exporters.

Exit codes: 0 success; 1 input problems under --strict, or nothing readable;
2 usage errors (argparse's own convention); 130 interrupted (Ctrl-C); 143 terminated.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NoReturn

from .export import FORMATS, export_labels, format_for, open_output, write_units
from .group import GroupOptions
from .importer import MATCH_MODES, LabelImportError, import_labels, summary_lines
from .models import Corpus, ReadIssue
from .output import Terminated
from .pipeline import RunOptions, build_corpus, paused_gc
from .progress import TerminalProgress
from .read import STDIN_FORMATS
from .store import DEFAULT_DB, SQLITE_MAGIC, Project, ProjectError
from .terminal import printable

if TYPE_CHECKING:
    from .learn import Learned

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
        help=f"score 0-100 two claims need to share a group (default {defaults.threshold:g})",
    )  # fmt: skip
    parser.add_argument(
        "--semantic", action="store_true",
        help="also match by meaning (WordLlama embeddings; pip install 'claimcheck[semantic]')",
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
    """Options from the arguments; ValueError (a usage error) for bad values, and
    ``SemanticUnavailable`` when --semantic cannot load its model."""
    group = GroupOptions(
        threshold=args.threshold, related_floor=min(args.threshold, GroupOptions.related_floor)
    )
    matcher = None
    if args.semantic:
        from .match.semantic import SemanticMatcher, model

        model()  # load now (the run reuses it), failing with its own message, not mid-run
        matcher = SemanticMatcher()
    return RunOptions(
        group=group,
        workers=args.workers,
        suggest=args.suggest,
        matcher=matcher,
        engine=args.engine,
        scheduler=args.scheduler,
        stdin_format=args.stdin_format,
    )


def _usage_error(message: str) -> int:
    _say(f"error: {message}")
    return EXIT_USAGE


def run_batch(inputs: Sequence[str], args: argparse.Namespace) -> tuple[Corpus, float] | int:
    """Build the corpus with progress and issue reports; an int is an exit code."""
    started = time.perf_counter()
    try:
        options = run_options(args)
    except ValueError as err:
        return _usage_error(str(err))
    except RuntimeError as err:  # the semantic model or dask cannot be used
        _say(f"error: {err}")
        return EXIT_INPUT
    with TerminalProgress(enabled=not args.quiet) as progress:
        corpus = build_corpus(inputs, options, progress)
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


def _learned_from(path: str) -> Learned | str:
    """Fit the gate on a reviewed project's labels; a str is the one-line problem."""
    from .learn import fit, project_records  # scikit-learn: ~1 s to import, only for --labels

    try:
        with Project.open(path, default_reviewer()) as project:
            rows = project.learning_rows()
    except ProjectError as err:
        return str(err)
    if not rows.labels:
        return f"{path}: no labelled groups to learn from (review some first)"
    return fit(project_records(rows), rows.labels)


def cmd_group(args: argparse.Namespace) -> int:
    learned = None
    if args.labels:
        if not args.suggest:
            return _usage_error("--labels needs suggestions; drop --no-suggest")
        learned = _learned_from(args.labels)  # before the batch: a bad project fails fast
        if isinstance(learned, str):
            _say(f"error: {learned}")
            return EXIT_INPUT
    result = run_batch(args.inputs, args)
    if isinstance(result, int):
        return result
    corpus, seconds = result
    if args.project and not _apply_repairs(args.project, corpus, args.quiet):
        return EXIT_INPUT
    if learned is not None:
        from .learn import apply_to_corpus, corpus_records

        used = apply_to_corpus(corpus, learned, corpus_records(corpus))
        if not args.quiet:
            _say(f"{learned.reason}" + (f"; {used:,} suggestions from the model" if used else ""))
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


def _apply_repairs(project: str, corpus: Corpus, quiet: bool) -> bool:
    """The reviewer's merges and splits in ``project`` applied to ``corpus``'s groups;
    those whose text is gone are named, one line each. False: the project is unusable."""
    from .store.constraints import apply_constraints, project_constraints

    try:
        constraints = project_constraints(project)
    except ProjectError as err:
        _say(f"error: {err}")
        return False
    unapplied = apply_constraints(corpus, constraints)
    for c in unapplied:
        _say(f"warning: {project}: a {c.kind}-link repair cannot apply: {c.reason}")
    if not quiet:
        applied = len(constraints) - len(unapplied)
        _say(f"{applied:,} of {len(constraints):,} repairs from {project} applied")
    return True


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


REPORT_EXAMPLES = """examples:
  claimcheck report desk.sqlite -o report.html       one self-contained page: open, mail, print
  claimcheck report corpus/ -o report.html           straight from a corpus (suggested labels)
  claimcheck report desk.sqlite --format json -o -   the same figures for scripts (docs/report.md)
"""


def cmd_report(args: argparse.Namespace) -> int:
    from .report import ReportOptions, build_report, report_of_project
    from .report_html import render_html

    fmt = args.format or ("json" if args.output.lower().endswith(".json") else "html")
    options = ReportOptions(conflicts=not args.no_conflicts)
    if len(args.inputs) == 1 and is_project(args.inputs[0]):
        try:
            with TerminalProgress(enabled=not args.quiet) as progress:
                report = report_of_project(args.inputs[0], options, progress)
        except ProjectError as err:
            _say(f"error: {err}")
            return EXIT_INPUT
    else:
        result = run_batch(args.inputs, args)
        if isinstance(result, int):
            return result
        report = build_report(result[0], input_name=", ".join(args.inputs), options=options)
    text = json.dumps(report, ensure_ascii=False, indent=1) if fmt == "json" else render_html(
        report
    )
    if _write(args.output, lambda: _write_text(args.output, text)) is None:
        return EXIT_INPUT
    if not args.quiet:
        t = report["totals"]
        _say(
            f"report of {t['documents']:,} documents, {t['claims']:,} claims, "
            f"{len(report['conflicts']):,} conflicts -> {_where(args.output)}"
        )
    return EXIT_OK


def _write_text(output: str, text: str) -> int:
    with open_output(output) as handle:
        handle.write(text)
    return 1


def _add_report_parser(sub: argparse._SubParsersAction) -> None:
    report = sub.add_parser(
        "report", help="one-page source report (HTML or JSON) of a project or a corpus",
        description="What each source claims, what backs it, who copies whom and where "
        "sources conflict.", epilog=REPORT_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    report.add_argument(
        "inputs", nargs="+", metavar="INPUT",
        help="one PROJECT.sqlite, or files and folders to read (suggested labels only)",
    )  # fmt: skip
    report.add_argument("-o", "--output", default="report.html", help="output file, - for stdout")
    report.add_argument(
        "--format", choices=("html", "json"), help="html or json (default: from -o's suffix)"
    )
    report.add_argument(
        "--no-conflicts", action="store_true", help="skip the search for conflicting claims"
    )
    _add_group_options(report)
    report.set_defaults(func=cmd_report)


def cmd_import(args: argparse.Namespace) -> int:
    try:
        with Project.open(args.project, args.reviewer) as project:
            report = import_labels(
                project, args.file, args.match, args.dry_run, args.unmatched
            )
            if args.report:
                from .importer import write_match_report

                write_match_report(report.matches, args.report)
    except LabelImportError as err:
        for line in err.lines:
            _say(f"error: {line}")
        return EXIT_INPUT
    except ProjectError as err:
        _say(f"error: {err}")
        return EXIT_INPUT
    except OSError as err:  # the side file or the report could not be written
        _say(f"error: {err.filename or args.file}: {err.strerror or err}")
        return EXIT_INPUT
    if not args.quiet:
        for line in summary_lines(report, args.reviewer):
            _say(line)
    return EXIT_OK


_IMPORT_EXAMPLES = """\
Rows are matched to groups by group_id, else by claim text (exact, then
normalised, then grouping's matcher at >= 0.9); each change is a logged decision
by --reviewer, all in one transaction. An unknown label, a malformed row or a file
for another corpus imports nothing. Unmatched and ambiguous rows go to
FILE.unmatched.csv with the reason. Importing the same file again changes nothing.

columns: our export's (group_id, label, note, flagged, skipped, ...), or just
  text,label[,note]. Labels: dated news / dated_news / Dated, generic (assertion),
  unsupported, skipped, pending; any case. CSV may be ; or tab delimited, with a BOM.

examples:
  claimcheck export desk.sqlite -o labels.csv       # edit labels/notes in a spreadsheet
  claimcheck import desk.sqlite labels.csv --reviewer ana --dry-run   # what would change
  claimcheck import desk.sqlite labels.csv --reviewer ana
  claimcheck import desk.sqlite other.jsonl --match text --report matches.csv
"""


def _add_import_parser(sub: argparse._SubParsersAction) -> None:
    imp = sub.add_parser(
        "import", help="read labels from a CSV or JSONL file into a project",
        description="Import labels (an edited export, or another tool's) into a project.",
        epilog=_IMPORT_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    imp.add_argument("project", metavar="PROJECT", help="the project file (.sqlite)")
    imp.add_argument("file", metavar="FILE", help="labels as CSV or JSONL")
    imp.add_argument(
        "--reviewer", default=default_reviewer(),
        help="name the imported decisions are logged under (default: your login name)",
    )  # fmt: skip
    imp.add_argument(
        "--match", choices=MATCH_MODES, default="group",
        help="group: by group_id, by text where it has none or an unknown one (default);"
        " text: by text only, for files from other tools",
    )  # fmt: skip
    imp.add_argument(
        "--dry-run", action="store_true", help="say what would change; write nothing"
    )
    imp.add_argument(
        "--unmatched", metavar="PATH",
        help="where unmatched and ambiguous rows go (default: FILE.unmatched.csv beside it)",
    )  # fmt: skip
    imp.add_argument(
        "--report", metavar="PATH", help="also write each row's group, match method and outcome"
    )
    imp.add_argument("-q", "--quiet", action="store_true", help="no summary")
    imp.set_defaults(func=cmd_import)


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


def _add_fetch_parser(sub: argparse._SubParsersAction) -> None:
    from .fetch import FetchOptions

    d = FetchOptions()
    fetch = sub.add_parser("fetch", help="fetch a URL list or sitemap into a WARC (resumable)")
    fetch.add_argument(
        "source", metavar="URLS|SITEMAP",
        help="a file of URLs (one a line), a sitemap file, or a sitemap URL",
    )  # fmt: skip
    fetch.add_argument("-o", "--output", required=True, help="the WARC to write (.warc.gz, .warc)")
    fetch.add_argument(
        "--delay", type=float, default=d.delay,
        help=f"seconds between requests to one host (default {d.delay:g})",
    )  # fmt: skip
    fetch.add_argument(
        "--timeout", type=float, default=d.timeout,
        help=f"seconds for a whole response (default {d.timeout:g})",
    )  # fmt: skip
    fetch.add_argument(
        "--retries", type=int, default=d.retries,
        help=f"further tries after a network error, 429 or 5xx (default {d.retries})",
    )  # fmt: skip
    fetch.add_argument(
        "--concurrency", type=int, default=d.concurrency,
        help=f"requests in flight, at most one per host (default {d.concurrency})",
    )  # fmt: skip
    fetch.add_argument(
        "--max-mb", type=float, default=d.max_bytes / 1e6,
        help=f"largest page kept, in MB (default {d.max_bytes / 1e6:g})",
    )  # fmt: skip
    fetch.add_argument("--user-agent", default=d.user_agent, help="default: names claimcheck")
    fetch.add_argument(
        "--ignore-robots", action="store_true",
        help="do not obey robots.txt (only for sites you have permission to crawl)",
    )  # fmt: skip
    fetch.add_argument("--strict", action="store_true", help="exit 1 if any URL failed")
    fetch.add_argument("-q", "--quiet", action="store_true", help="no progress and no summary")
    fetch.set_defaults(func=cmd_fetch)


def cmd_fetch(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .fetch import FetchError, FetchOptions, fetch
    from .progress import FetchProgress
    from .targets import read_targets

    problems = _fetch_usage(args)
    if problems:
        return _usage_error(problems)
    options = FetchOptions(
        delay=args.delay, timeout=args.timeout, retries=args.retries,
        concurrency=args.concurrency, max_bytes=int(args.max_mb * 1e6),
        robots=not args.ignore_robots, user_agent=args.user_agent,
    )  # fmt: skip
    show = FetchProgress(enabled=not args.quiet)
    try:
        urls, bad = read_targets(args.source, options)
        for failure in bad:
            show.failure(failure)
        if not urls:
            _say(f"error: no URLs in {args.source}")
            return EXIT_INPUT
        report = fetch(urls, Path(args.output), options, show.update, show.failure)
    except FetchError as err:
        _say(f"error: {err}")
        return EXIT_INPUT
    except OSError as err:  # e.g. the disk filled up mid-run: what was written stays valid
        show.done(None, args.output)
        _say(f"error: cannot write {args.output}: {err.strerror or err}; fix and run again")
        return EXIT_INPUT
    except KeyboardInterrupt:
        show.done(None, args.output)
        _say(f"interrupted; run the same command again to resume into {args.output}")
        return 130
    report.failed[:0] = bad
    show.done(report, args.output)
    return EXIT_INPUT if args.strict and report.failed else EXIT_OK


def _fetch_usage(args: argparse.Namespace) -> str:
    """A usage problem with the fetch arguments, or ""."""
    if not args.output.lower().endswith((".warc", ".warc.gz")):
        return f"-o {args.output}: the output must be named .warc or .warc.gz"
    numbers = {"--delay": args.delay, "--timeout": args.timeout, "--max-mb": args.max_mb}
    for flag, value in numbers.items():
        if not value >= 0:  # catches nan too
            return f"{flag} must be a number >= 0, not {value}"
    if args.timeout <= 0 or args.max_mb <= 0:
        return "--timeout and --max-mb must be above 0"
    if args.retries < 0 or args.concurrency < 1:
        return "--retries must be >= 0 and --concurrency >= 1"
    return ""


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="claimcheck", description="Group, suggest and review the claims a corpus makes."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    group = sub.add_parser("group", help="read, segment and group a corpus (headless batch job)")
    group.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders, or - for stdin")
    group.add_argument("-o", "--output", default="groups.csv", help="output file, - for stdout")
    group.add_argument("--format", choices=FORMATS, help="csv or jsonl (default: from -o's suffix)")
    group.add_argument(
        "--labels", metavar="PROJECT",
        help="learn from a reviewed project's labels (used only where it beats the rules)",
    )  # fmt: skip
    group.add_argument(
        "--project", metavar="PROJECT",
        help="apply a review project's repairs (merges, splits, moves) to the groups",
    )  # fmt: skip
    _add_group_options(group)
    group.set_defaults(func=cmd_group)
    _add_review_parser(sub)
    _add_export_parser(sub)
    _add_report_parser(sub)
    _add_fetch_parser(sub)
    _add_import_parser(sub)
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

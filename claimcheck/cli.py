"""Command line: a thin shell over the pipeline, the store and the exporters.

Exit codes: 0 success; 1 input problems under --strict, nothing readable (fetch:
nothing fetched) or an unwritable output; 2 usage errors (argparse's own
convention); 130 interrupted (Ctrl-C); 143 terminated.

Start-up stays light: ``--help`` and ``--version`` build the parsers from
``defaults`` and import nothing else of claimcheck's (numpy, nltk, scipy, rich and
Textual load in about half a second); each command imports what it uses when it
runs. tests/test_import_hygiene.py holds the help to that.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from . import terminal
from .defaults import (
    DEFAULT_DB,
    FETCH_CONCURRENCY,
    FETCH_DELAY,
    FETCH_MAX_BYTES,
    FETCH_RETRIES,
    FETCH_TIMEOUT,
    FORMATS,
    GROUP_THRESHOLD,
    MATCH_MODES,
    STDIN_FORMATS,
)
from .exit_codes import EXIT_INPUT, EXIT_INTERRUPTED, EXIT_OK, EXIT_TERMINATED, EXIT_USAGE
from .output import Terminated  # the standard library only, as are terminal and plural
from .plural import plural
from .quick_exit import hold
from .terminal import printable

if TYPE_CHECKING:
    from .learn import Learned
    from .models import Corpus, ReadIssue
    from .pipeline import RunOptions



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
        f"{plural(len(corpus.documents), 'document')}, {plural(len(corpus.units), 'unit')}, "
        f"{plural(claims, 'claim')}, {plural(len(corpus.groups), 'group')} "
        f"({cross:,} cross-document) in {seconds:.1f} s"
    )


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error starts with one line naming the problem and the
    command's --help. A bad value (``argument --threshold: ...``) is that line alone:
    the usage block before it made a wrong value look like a crash. A command line
    of the wrong shape (an unknown option, a missing INPUT) is followed by the usage
    of the command it was meant for, which is what the user needs to fix it."""

    commands: dict[str, argparse.ArgumentParser]

    def error(self, message: str) -> NoReturn:
        _say(f"error: {message} (see {self.prog} --help)")
        if not message.startswith("argument "):
            self.print_usage(sys.stderr)
        sys.exit(EXIT_USAGE)


class _Version(argparse.Action):
    """``--version``: the package's own ``__version__`` (no metadata lookup to wait for)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, help="print the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> NoReturn:
        from . import __version__

        print(f"claimcheck {__version__}")
        parser.exit()


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


def _port(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if not 1 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"must be between 1 and 65535, not {value}")
    return number


def _add_group_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--threshold", type=_threshold, default=GROUP_THRESHOLD,
        help=f"score 0-100 two claims need to share a group (default {GROUP_THRESHOLD:g})",
    )  # fmt: skip
    how = parser.add_mutually_exclusive_group()
    how.add_argument(
        "--semantic", action="store_true",
        help="match by words and meaning at any size (default: MiniLM up to 2,000 claims,"
        " WordLlama up to 200,000, words only above)",
    )  # fmt: skip
    how.add_argument(
        "--lexical", action="store_true",
        help="match by words only (tf-idf and containment): faster, a little less recall",
    )  # fmt: skip
    parser.add_argument(
        "--model", choices=("minilm", "wordllama"),
        help="the sentence model of the meaning match (implies --semantic): minilm finds"
        " more rewordings, wordllama is ~40x faster",
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
    parser.add_argument(
        "-q", "--quiet", action="store_true",
        help="no progress bar, no summary, and no notes on inputs read with a fix"
        " (a guessed encoding, NULs removed); skipped inputs are still named",
    )  # fmt: skip


def _grouping_options_given(args: argparse.Namespace) -> list[str]:
    """The grouping options set on this command line (away from their defaults)."""
    given = [
        ("--threshold", args.threshold != GROUP_THRESHOLD), ("--semantic", args.semantic),
        ("--lexical", args.lexical), ("--model", bool(args.model)),
        ("--engine", args.engine != "local"), ("--scheduler", bool(args.scheduler)),
        ("--no-suggest", not args.suggest), ("--stdin-format", bool(args.stdin_format)),
    ]  # fmt: skip
    return [name for name, set_ in given if set_]


def _note_unused_options(args: argparse.Namespace, project: str) -> None:
    """Say that grouping options do nothing to an opened project, rather than ignore them."""
    unused = _grouping_options_given(args)
    if unused and not args.quiet:
        _say(
            f"note: {', '.join(unused)} {'applies' if len(unused) == 1 else 'apply'} when"
            f" pages are read and grouped; {project} is shown with the groups it holds"
        )


def run_options(args: argparse.Namespace) -> RunOptions:
    """Options from the arguments; ValueError (a usage error) for bad values, and
    ``SemanticUnavailable`` when --semantic cannot load its model."""
    from .group import GroupOptions
    from .pipeline import RunOptions

    group = GroupOptions(
        threshold=args.threshold, related_floor=min(args.threshold, GroupOptions.related_floor)
    )
    matcher = None
    if args.model and args.lexical:
        raise ValueError("--model chooses the meaning match; it cannot go with --lexical")
    if args.semantic or args.model:
        from .match.semantic import SemanticMatcher, minilm_matcher

        matcher = SemanticMatcher() if args.model == "wordllama" else minilm_matcher()
        matcher.embedder.load()  # now (the run reuses it), failing with its message, not mid-run
    elif args.lexical:
        from .match.lexical import LexicalMatcher

        matcher = LexicalMatcher()
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
    from .pipeline import build_corpus
    from .progress import TerminalProgress

    started = time.perf_counter()
    if (problem := _project_among(inputs, args.command)) is not None:
        return _usage_error(problem)
    try:
        options = run_options(args)
    except ValueError as err:
        return _usage_error(str(err))
    except RuntimeError as err:  # the semantic model or dask cannot be used
        _say(f"error: {err}")
        return EXIT_INPUT
    with TerminalProgress(enabled=not args.quiet) as progress:
        corpus = build_corpus(inputs, options, progress)
    if not corpus.documents:
        return _nothing_readable(corpus.issues, inputs, args.quiet)
    report_issues(corpus.issues, args.quiet)
    return corpus, time.perf_counter() - started


def _project_among(inputs: Sequence[str], command: str) -> str | None:
    """Why a project file among pages to read is a mistake, or None: read as a page it
    was "a binary file" and the run went on without it, exit 0."""
    project = next((p for p in inputs if os.path.isfile(p) and is_project(p)), None)
    if project is None:
        return None
    if command == "group":
        how = f"to group with its reviewers' repairs, add --project {project}"
    else:
        how = f"give it alone: claimcheck {command} {project}"
    return f"{project} is a project file, not a page to read; {how}"


def _nothing_readable(issues: Sequence[ReadIssue], inputs: Sequence[str], quiet: bool) -> int:
    """Nothing was read: one error line naming the one input to blame and why
    (``nope/: no such file or directory``), not a warning and then the same input
    again as "no readable documents"; with several problems, each one, then that."""
    fatal = [issue for issue in issues if issue.fatal]
    if len(fatal) == 1:
        report_issues([i for i in issues if not i.fatal], quiet)  # e.g. how it was decoded
        _say(f"error: {fatal[0].path}: {fatal[0].problem.removesuffix(', skipped')}")
    else:
        report_issues(issues, quiet)
        _say(f"error: no readable documents in {', '.join(inputs)}")
    return EXIT_INPUT


def _output_problem(output: str | None, in_place: bool = False) -> str | None:
    """Why ``output`` cannot be written, found before any work; None if it can be.

    A missing directory is an error, never created: a typo in a path should not
    leave a tree of new folders behind. Any other unwritable target (a read-only
    folder, /proc, a directory) is found by trying what the writer will do
    (output.check_writable): a long run must not fail at its end. ``in_place``: the
    writer opens the file itself, not a temp file beside it (fetch's WARC)."""
    from .output import check_writable

    if output is None or output == "-":
        return None
    parent = os.path.dirname(output) or "."
    if not os.path.isdir(parent):
        reason = "not a directory" if os.path.exists(parent) else "no such directory"
        return f"cannot write {output}: {reason}: {parent}"
    try:
        check_writable(output, in_place)
    except OSError as err:
        return f"cannot write {output}: {err.strerror or err}"
    return None


def _table_output(args: argparse.Namespace) -> str | int:
    """The CSV/JSONL format for ``args.output``, or an exit code after one line."""
    from .export import format_for

    try:
        fmt = format_for(args.output, args.format)
    except ValueError as err:
        return _usage_error(str(err))
    problem = _output_problem(args.output)
    if problem is not None:
        _say(f"error: {problem}")
        return EXIT_INPUT
    return fmt


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
    from .store import Project, ProjectError

    try:
        with Project.open(path, default_reviewer()) as project:
            rows = project.learning_rows()
    except ProjectError as err:
        return str(err)
    if not rows.labels:
        return f"{path}: no labelled groups to learn from (review some first)"
    return fit(project_records(rows), rows.labels)


def cmd_group(args: argparse.Namespace) -> int:
    """The batch job and its output, with the cycle collector paused throughout.

    It resumes only once ``_group`` has returned and its corpus is freed (by reference
    counts): resumed with a million units alive, its next passes rescanned them all
    (0.5 CPU s of a 1M-line run at the end of the batch; ~2.5 s more if the
    collector's older generations came due) and found no cycle.
    """
    from .gc_pause import paused_gc

    with paused_gc():
        return _group(args)


def _group(args: argparse.Namespace) -> int:
    fmt = _table_output(args)
    if isinstance(fmt, int):
        return fmt
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
    hold(corpus)  # freed by the process's end, not on return (quick_exit)
    if args.project and not _apply_repairs(args.project, corpus, args.quiet):
        return EXIT_INPUT
    if learned is not None:
        from .learn import apply_to_corpus, corpus_records

        used = apply_to_corpus(corpus, learned, corpus_records(corpus))
        if not args.quiet:
            model = f"; {plural(used, 'suggestion')} from the model" if used else ""
            _say(f"{learned.reason}{model}")
    from .export import write_units

    written = _write(args.output, lambda: write_units(corpus, args.output, fmt))
    if written is None:
        return EXIT_INPUT
    if not args.quiet:
        _say(f"{summary(corpus, seconds)} -> {_where(args.output)}")
    if args.strict and corpus.issues:
        return EXIT_INPUT
    return EXIT_OK


def _apply_repairs(project: str, corpus: Corpus, quiet: bool) -> bool:
    """The reviewer's merges and splits in ``project`` applied to ``corpus``'s groups,
    then the page kinds they set (their groups' suggestions follow); repairs whose text
    is gone are named, one line each. False: the project is unusable."""
    from .resuggest import set_page_kinds
    from .store import ProjectError
    from .store.constraints import apply_constraints, project_constraints
    from .store.pagekinds import project_page_kinds

    try:
        constraints = project_constraints(project)
        kinds = project_page_kinds(project)
    except ProjectError as err:
        _say(f"error: {err}")
        return False
    unapplied = apply_constraints(corpus, constraints)
    set_page_kinds(corpus, kinds)
    for c in unapplied:
        _say(f"warning: {project}: a {c.kind}-link repair cannot apply: {c.reason}")
    if not quiet:
        applied = len(constraints) - len(unapplied)
        _say(f"{applied:,} of {plural(len(constraints), 'repair')} from {project} applied")
    return True


def default_reviewer() -> str:
    from .store.reviewers import login_name

    return login_name()


def resolve_reviewer(given: str | None, project_path: str, notice: bool = True) -> str:
    """``--reviewer``, else the existing project's only reviewer (a solo project goes on
    under the name its decisions were made by: "claimcheck review p.sqlite" after
    "--reviewer ana" showed ana's work as lost), else the login name. ``notice``: say
    on stderr when the project's reviewer is taken (import's summary names them)."""
    if given:
        return given
    login = default_reviewer()
    if not os.path.isfile(project_path):
        return login
    from .store import Project, ProjectError

    try:
        with Project.open(project_path, login) as project:
            names = project.reviewers()
    except ProjectError:
        return login  # the caller's own check says what is wrong with the file
    if len(names) == 1 and names[0] != login:
        if notice:
            _say(f"notice: as {names[0]}, the only reviewer of {project_path}"
                 " (--reviewer NAME for another)")  # fmt: skip
        return names[0]
    return login


def is_project(path: str) -> bool:
    """A ``.sqlite`` name, or an existing SQLite file: open it rather than read it."""
    from .store import SQLITE_MAGIC

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
        _note_unused_options(args, project_path)
    elif (mixed := _project_among(args.inputs, "review")) is not None:
        return _usage_error(mixed)
    problem = _review_inputs_problem(inputs, project_path)
    if problem is not None:
        _say(f"error: {problem}")
        return EXIT_INPUT
    if inputs is None or os.path.exists(project_path):
        problem = _check_project(project_path, args.reviewer or default_reviewer())
        if problem is not None:
            return problem
    interactive = args.serve or _app_has_a_screen()
    args.reviewer = resolve_reviewer(args.reviewer, project_path, notice=interactive)
    if args.overlap is not None or args.team is not None:
        problem = _save_overlap(project_path, args)  # a script may set the shares
        if problem is not None:
            return problem
        if not interactive:  # the setting was the whole job
            return EXIT_OK
    if not interactive:
        _say("error: review needs a terminal (stdin and stdout); use --serve to review in"
             " a browser")  # fmt: skip
        return EXIT_INPUT
    adjudicate = args.adjudicate or args.adjudicate_all
    if args.serve:  # the same app in a web browser (textual-serve), the same options
        from .tui.serve import AppOptions, serve_review

        return serve_review(
            project_path, inputs, args.reviewer, run_options(args), args.host, args.port,
            AppOptions(adjudicate, args.adjudicate_all, args.show_others),
        )  # fmt: skip
    try:
        from .tui.app import run_review
    except ImportError as err:
        _say(f"error: the review app cannot start: {err}")
        return EXIT_INPUT
    return run_review(
        project_path, inputs, args.reviewer, run_options(args), adjudicate, args.show_others,
        args.adjudicate_all,
    )  # fmt: skip


def _app_has_a_screen() -> bool:
    """A terminal on stdin and stdout, or a Textual driver that needs none: --serve's
    server runs this command once per browser tab, on pipes, with TEXTUAL_DRIVER set
    to Textual's web driver (as textual-serve does for any app)."""
    return bool(os.environ.get("TEXTUAL_DRIVER")) or terminal.has_terminal()


def _review_inputs_problem(inputs: list[str] | None, project_path: str) -> str | None:
    """A missing input or an unwritable project path, said here, before the review
    app takes the screen (it would show for a moment, then exit)."""
    for path in inputs or ():
        if path != "-" and not os.path.exists(path):
            return f"{path}: no such file or directory"
    if inputs is not None and not os.path.exists(project_path):
        return _output_problem(project_path)
    return None


def _save_overlap(path: str, args: argparse.Namespace) -> int | None:
    """``--overlap PCT --team A,B --seed N``: the desk's shares, saved in the project
    (docs/team.md); every later opening by a named reviewer shows their share."""
    from .overlap import OverlapSetting, shares
    from .store import Project, ProjectError

    if args.overlap is None or args.team is None:
        return _usage_error("--overlap and --team go together (e.g. --overlap 20 --team ana,ben)")
    if not os.path.exists(path):
        return _usage_error(f"{path}: --overlap applies to an existing project; build it first"
                            " (claimcheck review INPUT... --db PROJECT, then quit)")  # fmt: skip
    try:
        setting = OverlapSetting(tuple(n.strip() for n in args.team.split(",") if n.strip()),
                                 args.overlap, args.seed)  # fmt: skip
    except ValueError as err:
        return _usage_error(f"--overlap: {err}")
    try:
        with Project.open(path, args.reviewer) as project:
            project.set_overlap(setting)
            every = [row["group_id"] for row in project.group_rows()]
    except ProjectError as err:
        _say(f"error: {err}")
        return EXIT_INPUT
    sizes = ", ".join(f"{name} {len(share):,}" for name, share in shares(every, setting).items())
    _say(f"the desk's shares saved in {path}: {sizes} of {plural(len(every), 'group')}"
         f" ({setting.percent:g}% to everyone, seed {setting.seed}); each opens theirs with:"
         f" claimcheck review {path} --reviewer {setting.reviewers[0]}")  # fmt: skip
    return None


def _check_project(path: str, reviewer: str) -> int | None:
    """A missing, foreign or damaged project: one line and exit 1 here, before the
    review app takes the screen. A read-only one: a notice, then on."""
    from .store import Project, ProjectError

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
    from .export import export_labels
    from .store import ProjectError

    fmt = _table_output(args)
    if isinstance(fmt, int):
        return fmt
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
        _say(f"{plural(rows, 'row')} -> {_where(args.output)}")
    return EXIT_OK


REPORT_EXAMPLES = """examples:
  claimcheck report desk.sqlite -o report.html       one self-contained page: open, mail, print
  claimcheck report corpus/ -o report.html           straight from a corpus (suggested labels)
  claimcheck report desk.sqlite --format json -o -   the same figures for scripts (docs/report.md)
"""


def cmd_report(args: argparse.Namespace) -> int:
    import json

    from .progress import TerminalProgress
    from .report import ReportOptions, build_report, report_of_project
    from .report_html import render_html
    from .store import ProjectError

    fmt = args.format or _report_format(args.output)
    if fmt is None:
        return _usage_error(
            f"{args.output}: a report is HTML or JSON; name it .html or .json, or add"
            " --format html to keep the name"
        )
    problem = _output_problem(args.output)
    if problem is not None:
        _say(f"error: {problem}")
        return EXIT_INPUT
    options = ReportOptions(conflicts=not args.no_conflicts)
    if len(args.inputs) == 1 and is_project(args.inputs[0]):
        _note_unused_options(args, args.inputs[0])
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
            f"report of {plural(t['documents'], 'document')}, {plural(t['claims'], 'claim')}, "
            f"{plural(len(report['conflicts']), 'conflict')} -> {_where(args.output)}"
        )
    return EXIT_OK


def _report_format(output: str) -> str | None:
    """html or json by ``output``'s suffix (no suffix, ``-``: html); None for another
    format's suffix ("report.pdf" would get HTML its reader cannot open)."""
    suffix = os.path.splitext(output.lower())[1]
    if suffix == ".json":
        return "json"
    if suffix in (".html", ".htm") or not suffix[1:].isalpha():
        return "html"
    return None


def _write_text(output: str, text: str) -> int:
    from .output import open_output

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
    report.add_argument(
        "-o", "--output", default="report.html",
        help="output file, - for stdout (default: report.html, replaced if it exists)",
    )  # fmt: skip
    report.add_argument(
        "--format", choices=("html", "json"), help="html or json (default: from -o's suffix)"
    )
    report.add_argument(
        "--no-conflicts", action="store_true", help="skip the search for conflicting claims"
    )
    _add_group_options(report)
    report.set_defaults(func=cmd_report)


def cmd_import(args: argparse.Namespace) -> int:
    from .importer import LabelImportError, import_labels, summary_lines
    from .store import Project, ProjectError

    for path in (args.report, args.unmatched):
        problem = _output_problem(path)
        if problem is not None:
            _say(f"error: {problem}")
            return EXIT_INPUT
    args.reviewer = resolve_reviewer(args.reviewer, args.project, notice=False)
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
for another corpus imports nothing. Unmatched and ambiguous rows go, with the
reason, to a CSV beside FILE named after it without its suffix (labels.csv ->
labels.unmatched.csv, other.jsonl -> other.unmatched.csv), or to --unmatched PATH.
Importing the same file again changes nothing.

columns: our export's (group_id, label, note, flagged, skipped, ...), or just
  text,label[,note]. Labels: dated news / dated_news / Dated, generic (assertion),
  unsupported, skipped, pending; any case. CSV may be ; or tab delimited, with a BOM.
  A team's export (label_ana, label_ben, ...): --reviewer's own column is read
  (edit label_ana to change ana's label); its label column is the desk's final one.

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
        "--reviewer",
        help="name the imported decisions are logged under (default: the project's only"
        " reviewer, if it has one; else your login name)",
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
        help="where unmatched and ambiguous rows go (default: beside FILE, its name without"
        " the suffix + .unmatched.csv: labels.csv -> labels.unmatched.csv)",
    )  # fmt: skip
    imp.add_argument(
        "--report", metavar="PATH", help="also write each row's group, match method and outcome"
    )
    imp.add_argument("-q", "--quiet", action="store_true", help="no summary")
    imp.set_defaults(func=cmd_import)


_REVIEW_EXAMPLES = """\
Keys inside the app: ? shows them all, with the labels' definitions.

examples:
  claimcheck review corpus/                       read, group, then review (claimcheck.sqlite)
  claimcheck review corpus/ --db desk.sqlite      the same, into a named project
  claimcheck review desk.sqlite --reviewer ana    go on reviewing where the desk left off
"""


def _add_review_parser(sub: argparse._SubParsersAction) -> None:
    review = sub.add_parser(
        "review", help="label claim groups in the review app",
        description="Review the suggested labels group by group; every decision is saved at"
        " once to the project file, so quitting loses nothing.",
        epilog=_REVIEW_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    review.add_argument(
        "inputs", nargs="+", metavar="INPUT",
        help="files or folders to read, or one PROJECT.sqlite to go on reviewing",
    )  # fmt: skip
    review.add_argument(
        "--db", help=f"project file for INPUTs (default: {DEFAULT_DB} in the current directory)"
    )
    review.add_argument(
        "--reviewer",
        help="name recorded with each decision (default: the project's only reviewer, if it"
        " has one; else your login name)",
    )  # fmt: skip
    review.add_argument(
        "--adjudicate", action="store_true",
        help="settle the groups the reviewers labelled differently: a label key picks the"
        " final label (docs/team.md)",
    )  # fmt: skip
    review.add_argument(
        "--adjudicate-all", action="store_true",
        help="as --adjudicate, over every group two reviewers or more labelled (the overlap),"
        " the agreed ones too",
    )  # fmt: skip
    review.add_argument(
        "--show-others", action="store_true",
        help="in a team, show the latest decision on each group whoever made it (default:"
        " only yours, a blind review)",
    )  # fmt: skip
    desk = review.add_argument_group("a desk's shares (docs/team.md)")
    desk.add_argument(
        "--overlap", type=float, metavar="PCT",
        help="save in the project: PCT%% of the groups (a seeded sample) go to every reviewer"
        " of --team, the rest to one each; each named reviewer then sees their share",
    )  # fmt: skip
    desk.add_argument(
        "--team", metavar="NAMES", help="the desk's reviewers, comma-separated (with --overlap)"
    )
    desk.add_argument(
        "--seed", type=int, default=0, help="seed of the overlap sample (default: 0)"
    )
    web = review.add_argument_group("browser mode (docs/review.md)")
    web.add_argument(
        "--serve", action="store_true",
        help="serve the review app to a web browser instead of this terminal",
    )  # fmt: skip
    web.add_argument("--port", type=_port, default=8000, help="port for --serve (default: 8000)")
    web.add_argument(
        "--host", default="localhost",
        help="address for --serve (default: localhost; another one is reachable by others)",
    )  # fmt: skip
    _add_group_options(review)
    review.set_defaults(func=cmd_review)


_EXPORT_EXAMPLES = """\
The format follows -o's name: .csv (the default), .jsonl or .ndjson (JSON lines).
A .json name is refused: the output is JSON lines, one object a line, not one
JSON document; name it .jsonl, or keep the name with --format jsonl.

examples:
  claimcheck export desk.sqlite -o labels.csv                one row per group
  claimcheck export desk.sqlite -o sentences.jsonl --per-sentence
  claimcheck export desk.sqlite -o lost.csv --orphaned       labels a re-grouping dropped
"""


def _add_export_parser(sub: argparse._SubParsersAction) -> None:
    export = sub.add_parser(
        "export", help="write a project's labels as CSV or JSONL",
        description="Write the reviewed labels, with who decided and when.",
        epilog=_EXPORT_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    export.add_argument("project", metavar="PROJECT", help="the project file (.sqlite)")
    export.add_argument(
        "-o", "--output", default="labels.csv",
        help="output file, - for stdout (default: labels.csv, replaced if it exists)",
    )  # fmt: skip
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


_AGREEMENT_EXAMPLES = """\
Each reviewer's labels are their own (docs/team.md); skipped groups do not count.

examples:
  claimcheck agreement desk.sqlite                    kappa per pair, alpha, confusion
  claimcheck agreement desk.sqlite --format json      the same figures for scripts
"""


def cmd_agreement(args: argparse.Namespace) -> int:
    import json

    from .agreement import agreement, as_json, as_table
    from .store import Project, ProjectError
    from .store.merge import recorded_conflicts
    from .store.reviewers import labels_by_reviewer

    try:
        with Project.open(args.project, reviewer="agreement") as project:
            entries = project.log()
    except ProjectError as err:
        _say(f"error: {err}")
        return EXIT_INPUT
    result = agreement(labels_by_reviewer(entries))
    conflicts = recorded_conflicts(args.project)  # the merges' reports (store/merge.py)
    if args.format != "json" and len(result.reviewers) < 2:
        # Nothing to compare is a problem with the input, said like every other one.
        _say(f"error: {args.project}: {as_table(result).strip()}")
        return EXIT_INPUT
    if args.format == "json":
        figures = {**as_json(result), "merge_conflicts": conflicts}
        sys.stdout.write(json.dumps(figures, indent=2) + "\n")
    else:
        sys.stdout.write(as_table(result))
        if conflicts:
            sys.stdout.write(f"\ngroup repairs that conflicted when copies were merged"
                             f" ({len(conflicts)}):\n" + "".join(f"  {c}\n" for c in conflicts))
    return EXIT_OK


def _add_agreement_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "agreement", help="how far a project's reviewers agree (kappa, alpha)",
        description="Cohen's kappa for each pair of reviewers and Krippendorff's alpha"
        " (nominal) over all, overall and per label, with counts and confusion matrices.",
        epilog=_AGREEMENT_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    parser.add_argument("project", metavar="PROJECT", help="the project file (.sqlite)")
    parser.add_argument(
        "--format", choices=("table", "json"), default="table",
        help="table: for reading (default); json: the same figures for scripts",
    )  # fmt: skip
    parser.set_defaults(func=cmd_agreement)


_MERGE_EXAMPLES = """\
The projects must be copies of one project (the same corpus, grouped alike); each
decision is kept once, so merging again adds nothing. OUT must not exist yet.
Copies that repaired their groups differently (merge, split, move) are merged
too: where two repairs conflict, the later input's is in effect and both are in
the log; each conflict is one line here, and in `claimcheck agreement` later.

examples:
  claimcheck merge ana.sqlite ben.sqlite -o desk.sqlite
  claimcheck merge desk.sqlite cy.sqlite -o desk2.sqlite
"""


def cmd_merge(args: argparse.Namespace) -> int:
    from .store import ProjectError
    from .store.merge import merge_projects

    try:
        report = merge_projects(args.projects, args.output)
    except ProjectError as err:
        _say(f"error: {err}")
        return EXIT_INPUT
    for line in report.conflicts:  # said even with -q: the groups differ from one copy's
        _say(line)
    if not args.quiet:
        added = sum(report.added.values())
        _say(
            f"{plural(added, 'decision')} added to {args.projects[0]}'s"
            f" ({plural(report.entries, 'log entry', 'log entries')}) -> {args.output}"
            + (f"; {plural(len(report.conflicts), 'conflicting repair')}, the later input's"
               " in effect (listed above; claimcheck agreement lists them again)"
               if report.conflicts else "")
        )
    return EXIT_OK


def _add_merge_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "merge", help="combine copies of a project labelled apart (one file)",
        description="Combine the decision logs of copies of one project into a new file.",
        epilog=_MERGE_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    parser.add_argument("projects", metavar="PROJECT", nargs="+", help="project files (.sqlite)")
    parser.add_argument("-o", "--output", required=True, help="the merged project (new file)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    parser.set_defaults(func=cmd_merge)


_FETCH_EXAMPLES = """\
examples:
  claimcheck fetch urls.txt -o pages.warc.gz       one URL a line; run again to resume
  claimcheck fetch https://example.org/sitemap.xml -o site.warc.gz --delay 2
  claimcheck group pages.warc.gz -o groups.csv     then read the archive like a folder
"""


def _add_fetch_parser(sub: argparse._SubParsersAction) -> None:
    fetch = sub.add_parser(
        "fetch", help="fetch a URL list or sitemap into a WARC (resumable)",
        description="Fetch pages politely (robots.txt, one request per host at a time) into"
        " a web archive that group, review and report read.",
        epilog=_FETCH_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    fetch.add_argument(
        "source", metavar="URLS|SITEMAP",
        help="a file of URLs (one a line), a sitemap file, or a sitemap URL",
    )  # fmt: skip
    fetch.add_argument("-o", "--output", required=True, help="the WARC to write (.warc.gz, .warc)")
    fetch.add_argument(
        "--delay", type=float, default=FETCH_DELAY,
        help=f"seconds between requests to one host (default {FETCH_DELAY:g})",
    )  # fmt: skip
    fetch.add_argument(
        "--timeout", type=float, default=FETCH_TIMEOUT,
        help=f"seconds for a whole response (default {FETCH_TIMEOUT:g})",
    )  # fmt: skip
    fetch.add_argument(
        "--retries", type=int, default=FETCH_RETRIES,
        help=f"further tries after a network error, 429 or 5xx (default {FETCH_RETRIES})",
    )  # fmt: skip
    fetch.add_argument(
        "--concurrency", type=int, default=FETCH_CONCURRENCY,
        help=f"requests in flight, at most one per host (default {FETCH_CONCURRENCY})",
    )  # fmt: skip
    fetch.add_argument(
        "--max-mb", type=float, default=FETCH_MAX_BYTES / 1e6,
        help=f"largest page kept, in MB (default {FETCH_MAX_BYTES / 1e6:g})",
    )  # fmt: skip
    fetch.add_argument("--user-agent", help="default: names claimcheck and its version")
    fetch.add_argument(
        "--ignore-robots", action="store_true",
        help="do not obey robots.txt (only for sites you have permission to crawl)",
    )  # fmt: skip
    fetch.add_argument(
        "--strict", action="store_true",
        help="exit 1 if any URL failed (without it: exit 1 only when every URL failed)",
    )  # fmt: skip
    fetch.add_argument("-q", "--quiet", action="store_true", help="no progress and no summary")
    fetch.set_defaults(func=cmd_fetch)


def cmd_fetch(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .fetch import FetchError, FetchOptions, fetch
    from .progress import FetchProgress, failures_text
    from .targets import read_targets

    problems = _fetch_usage(args)
    if problems:
        return _usage_error(problems)
    missing = _output_problem(args.output, in_place=True)
    if missing is not None:
        _say(f"error: {missing}")
        return EXIT_INPUT
    options = FetchOptions(
        delay=args.delay, timeout=args.timeout, retries=args.retries,
        concurrency=args.concurrency, max_bytes=int(args.max_mb * 1e6),
        robots=not args.ignore_robots, user_agent=args.user_agent or FetchOptions.user_agent,
    )  # fmt: skip
    show = FetchProgress(enabled=not args.quiet)
    try:
        urls, bad = read_targets(args.source, options)
        for failure in bad:
            show.failure(failure)
        if not urls:
            refused = (f": {plural(len(bad), 'entry', 'entries')} refused (above); give local"
                       " files or folders to group, review or report as they are") if bad else ""
            _say(f"error: no http(s) URL to fetch in {args.source}{refused}")  # fmt: skip
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
    if report.failed and not report.fetched and not report.skipped:
        show.done(None, args.output)  # a rate and "0 pages fetched" would hide the failure
        left = "not written" if report.rolled_back == "removed" else "unchanged"
        _say(f"error: no page fetched from {args.source}: {failures_text(report)};"
             f" {args.output} {left}")  # fmt: skip
        return EXIT_INPUT
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


_EXAMPLES = """\
a first session (docs: README.md):
  claimcheck group corpus/ -o groups.csv           claims, groups and suggested labels
  claimcheck review corpus/ --db desk.sqlite       label them in the terminal
  claimcheck export desk.sqlite -o labels.csv      the labels, with reviewer and time
  claimcheck report desk.sqlite -o report.html     a one-page source report

`claimcheck COMMAND --help` shows each command's options and examples.
"""

_GROUP_EXAMPLES = """\
The format follows -o's name: .csv (the default), .jsonl or .ndjson (JSON lines,
with each claim's core and related groups). A .json name is refused: the output is
JSON lines, not one JSON document; name it .jsonl, or keep it with --format jsonl.

examples:
  claimcheck group corpus/ -o groups.csv              one row per sentence
  claimcheck group a.html b.txt -o groups.jsonl       files of any mix of kinds
  cat pages.jsonl | claimcheck group - -o - --format jsonl -q
  claimcheck group corpus/ --threshold 70 -o strict.csv   fewer, tighter groups
  claimcheck group corpus/ --labels desk.sqlite -o next.csv   learn from a review
"""


def _add_group_parser(sub: argparse._SubParsersAction) -> None:
    group = sub.add_parser(
        "group", help="read, segment and group a corpus (headless batch job)",
        description="Split every document into sentences, group the same claim across"
        " documents and suggest a label for each group.",
        epilog=_GROUP_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    group.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders, or - for stdin")
    group.add_argument(
        "-o", "--output", default="groups.csv",
        help="output file, - for stdout (default: groups.csv, replaced if it exists)",
    )  # fmt: skip
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


def build_parser() -> _Parser:
    parser = _Parser(
        prog="claimcheck", description="Group, suggest and review the claims a corpus makes.",
        epilog=_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    parser.add_argument("--version", action=_Version)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in (
        _add_group_parser, _add_review_parser, _add_export_parser, _add_report_parser,
        _add_fetch_parser, _add_import_parser, _add_agreement_parser,
        _add_merge_parser,
    ):  # fmt: skip
        add(sub)
    parser.commands = sub.choices
    return parser


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The arguments; an option no command knows is reported by the command it was
    given to, with that command's usage (argparse would blame the top level)."""
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        parser.commands[args.command].error(f"unrecognized arguments: {' '.join(unknown)}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    try:  # the parse too: a Ctrl-C at any moment is one line and exit 130
        args = parse(argv)
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

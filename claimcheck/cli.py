"""Command line: a thin shell over the pipeline, the store and the exporters.

Exit codes: 0 success; 1 input problems under --strict, or nothing readable;
2 usage errors (argparse's own convention).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

from .export import FORMATS, format_for, write_units
from .group import GroupOptions
from .models import Corpus, ReadIssue
from .pipeline import RunOptions, build_corpus
from .progress import TerminalProgress

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2


def _say(message: str) -> None:
    print(f"claimcheck: {message}", file=sys.stderr)


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


def _add_group_options(parser: argparse.ArgumentParser) -> None:
    defaults = GroupOptions()
    parser.add_argument(
        "--threshold", type=float, default=defaults.threshold,
        help=f"similarity 0-100 to the group's representative (default {defaults.threshold:g})",
    )  # fmt: skip
    parser.add_argument(
        "--method", default=defaults.method,
        help=f"rapidfuzz scorer for verifying pairs (default {defaults.method})",
    )  # fmt: skip
    parser.add_argument(
        "--engine", choices=("local", "dask"), default="local",
        help="local (default) or dask for a cluster; dask needs `pip install claimcheck[dask]`",
    )  # fmt: skip
    parser.add_argument("--scheduler", help="dask scheduler address (default: a local cluster)")
    parser.add_argument(
        "--workers", type=int, default=0, help="processes to read and segment (0: one per core)"
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 if any input had a problem")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")


def run_options(args: argparse.Namespace) -> RunOptions:
    group = GroupOptions(threshold=args.threshold, method=args.method)
    if args.engine != "local" or args.scheduler:
        group = _with_engine(group, args.engine, args.scheduler)
    return RunOptions(group=group, workers=args.workers)


def _with_engine(group: GroupOptions, engine: str, scheduler: str | None) -> GroupOptions:
    from dataclasses import fields, replace

    names = {f.name for f in fields(group)}
    if "engine" not in names:
        raise SystemExit(_usage_error("--engine is not available in this build"))
    return replace(group, engine=engine, scheduler=scheduler)


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


def cmd_group(args: argparse.Namespace) -> int:
    if args.format and args.format not in FORMATS:
        return _usage_error(f"unknown format {args.format!r}")
    result = run_batch(args.inputs, args)
    if isinstance(result, int):
        return result
    corpus, seconds = result
    try:
        write_units(corpus, args.output, format_for(args.output, args.format))
    except BrokenPipeError:
        raise
    except OSError as err:
        _say(f"error: cannot write {args.output}: {err.strerror or err}")
        return EXIT_INPUT
    if not args.quiet:
        where = "stdout" if args.output == "-" else args.output
        _say(f"{summary(corpus, seconds)} -> {where}")
    if args.strict and corpus.issues:
        return EXIT_INPUT
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="claimcheck", description="Group, suggest and review the claims a corpus makes."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    group = sub.add_parser("group", help="read, segment and group a corpus (headless batch job)")
    group.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders, or - for stdin")
    group.add_argument("-o", "--output", default="groups.csv", help="output file, - for stdout")
    group.add_argument("--format", choices=FORMATS, help="csv or jsonl (default: from -o's suffix)")
    _add_group_options(group)
    group.set_defaults(func=cmd_group)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        _say("interrupted")
        return 130
    except BrokenPipeError:  # `claimcheck group ... -o - | head`: the reader left, not an error
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())

"""The batch job: read, segment, group and suggest, as one call.

The CLI and the TUI both call ``build_corpus``; neither knows the steps.
Reading, segmenting and the per-document half of the suggester are spread over
processes for large corpora, since they are pure Python and dominate the wall
time there; grouping (vectorised) and the group half of the suggester run here.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial

from .group import GroupOptions, group_units
from .models import Corpus, Document, ProgressFn, ReadIssue, Unit, no_progress
from .read import Source, dedupe_ids, discover, read_source
from .segment import segment
from .suggest import Verdict, document_verdicts, shift_verdicts, suggest_groups

# Below this many files, starting worker processes costs more than it saves.
PARALLEL_MIN_SOURCES = 64
SpanTuple = tuple[int, int, str]
Verdicts = list["Verdict | None"] | None
Segmented = tuple[list[tuple[Document, list[SpanTuple], Verdicts]], list[ReadIssue]]


@dataclass(frozen=True)
class RunOptions:
    group: GroupOptions = field(default_factory=GroupOptions)
    workers: int = 0  # processes for reading and segmenting; 0: one per core
    suggest: bool = True


def read_and_segment(source: Source, suggest: bool = False) -> Segmented:
    """Read one source, segment its documents and, if asked, judge their units.

    Runs in a worker process: only plain, picklable data goes back.
    """
    docs, issues = read_source(source)
    out = []
    for doc in docs:
        spans = [(s.start, s.end, s.kind) for s in segment(doc.text)]
        verdicts = document_verdicts(doc, _units(doc, spans)) if suggest else None
        out.append((doc, spans, verdicts))
    return out, issues


def _units(doc: Document, spans: Sequence[SpanTuple]) -> list[Unit]:
    return [
        Unit(doc.doc_id, i, start, end, doc.text[start:end], kind)
        for i, (start, end, kind) in enumerate(spans)
    ]


def _segmented(sources: Sequence[Source], workers: int, suggest: bool) -> Iterator[Segmented]:
    work = partial(read_and_segment, suggest=suggest)
    files = [s for s in sources if s.path is not None]
    stdin = [s for s in sources if s.path is None]
    yield from map(work, stdin)  # stdin belongs to this process
    if workers <= 1 or len(files) < PARALLEL_MIN_SOURCES or not _can_spawn():
        yield from map(work, files)
        return
    # spawn, not fork: the TUI calls this from a thread, and fork with threads is unsafe.
    ctx = multiprocessing.get_context("spawn")
    chunk = max(1, min(64, len(files) // (workers * 8)))
    with ctx.Pool(workers) as pool:
        yield from pool.imap(work, files, chunksize=chunk)


def _can_spawn() -> bool:
    """Whether spawned workers can start: they re-import ``__main__`` from its file.

    A script fed on stdin (``python - <<EOF``) has no such file; every worker
    would die at start and the pool would replace it forever.
    """
    main_file = getattr(sys.modules.get("__main__"), "__file__", None)
    return main_file is None or os.path.exists(main_file)


def _workers(requested: int) -> int:
    return requested if requested > 0 else (os.cpu_count() or 1)


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection inside: a big corpus is millions of small objects,
    and the collector rescanning them all as they pile up took ~5 s of a 1M-sentence run
    (benchmarks/scale.py). Nothing here makes cycles worth collecting early."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build_corpus(
    inputs: Iterable[str], options: RunOptions | None = None, progress: ProgressFn = no_progress
) -> Corpus:
    """Run the whole batch job over files, folders or ``-`` (stdin)."""
    with paused_gc():
        return _build(inputs, options or RunOptions(), progress)


def _build(inputs: Iterable[str], options: RunOptions, progress: ProgressFn) -> Corpus:
    sources, issues, root = discover(inputs)
    corpus = Corpus(root=root, issues=issues)
    pending: list[tuple[Document, list[SpanTuple], Verdicts]] = []
    segmented = _segmented(sources, _workers(options.workers), options.suggest)
    progress("reading", 0, len(sources))
    for done, (docs, more) in enumerate(segmented, 1):
        pending.extend(docs)
        corpus.issues.extend(more)
        progress("reading", done, len(sources))
    corpus.documents, renamed = dedupe_ids([d for d, _, _ in pending])
    corpus.issues.extend(renamed)
    verdicts: list[Verdict | None] = []
    for doc, (_, spans, judged) in zip(corpus.documents, pending, strict=True):
        if judged is not None:
            verdicts.extend(shift_verdicts(judged, len(corpus.units)))
        corpus.units.extend(_units(doc, spans))
    corpus.groups = group_units(corpus.units, options.group, progress)
    if options.suggest:
        suggest_groups(corpus, progress, verdicts)
    return corpus

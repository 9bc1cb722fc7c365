"""The batch job: read, segment, group and suggest, as one call.

The CLI and the TUI both call ``build_corpus``; neither knows the steps.
Reading and segmenting are spread over processes for large corpora, since
they are pure Python and dominate the wall time there.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from .group import GroupOptions, group_units
from .models import Corpus, Document, ProgressFn, ReadIssue, Unit, no_progress
from .read import Source, dedupe_ids, discover, read_source
from .segment import segment

# Below this many files, starting worker processes costs more than it saves.
PARALLEL_MIN_SOURCES = 64
SpanTuple = tuple[int, int, str]
Segmented = tuple[list[tuple[Document, list[SpanTuple]]], list[ReadIssue]]


@dataclass(frozen=True)
class RunOptions:
    group: GroupOptions = field(default_factory=GroupOptions)
    workers: int = 0  # processes for reading and segmenting; 0: one per core
    suggest: bool = True


def read_and_segment(source: Source) -> Segmented:
    """Read one source and segment its documents (runs in a worker process)."""
    docs, issues = read_source(source)
    return [(d, [(s.start, s.end, s.kind) for s in segment(d.text)]) for d in docs], issues


def _segmented(sources: Sequence[Source], workers: int) -> Iterator[Segmented]:
    files = [s for s in sources if s.path is not None]
    stdin = [s for s in sources if s.path is None]
    yield from map(read_and_segment, stdin)  # stdin belongs to this process
    if workers <= 1 or len(files) < PARALLEL_MIN_SOURCES:
        yield from map(read_and_segment, files)
        return
    # spawn, not fork: the TUI calls this from a thread, and fork with threads is unsafe.
    ctx = multiprocessing.get_context("spawn")
    chunk = max(1, min(64, len(files) // (workers * 8)))
    with ctx.Pool(workers) as pool:
        yield from pool.imap(read_and_segment, files, chunksize=chunk)


def _workers(requested: int) -> int:
    return requested if requested > 0 else (os.cpu_count() or 1)


def build_corpus(
    inputs: Iterable[str], options: RunOptions | None = None, progress: ProgressFn = no_progress
) -> Corpus:
    """Run the whole batch job over files, folders or ``-`` (stdin)."""
    options = options or RunOptions()
    sources, issues, root = discover(inputs)
    corpus = Corpus(root=root, issues=issues)
    pending: list[tuple[Document, list[SpanTuple]]] = []
    progress("reading", 0, len(sources))
    for done, (docs, more) in enumerate(_segmented(sources, _workers(options.workers)), 1):
        pending.extend(docs)
        corpus.issues.extend(more)
        progress("reading", done, len(sources))
    corpus.documents, renamed = dedupe_ids([d for d, _ in pending])
    corpus.issues.extend(renamed)
    for doc, (_, spans) in zip(corpus.documents, pending, strict=True):
        corpus.units.extend(
            Unit(doc.doc_id, i, start, end, doc.text[start:end], kind)
            for i, (start, end, kind) in enumerate(spans)
        )
    corpus.groups = group_units(corpus.units, options.group, progress)
    if options.suggest:
        from .suggest import suggest_groups

        suggest_groups(corpus, progress)
    return corpus

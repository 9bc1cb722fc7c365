"""The batch job: read, segment, group and suggest, as one call.

The CLI and the TUI both call ``build_corpus``; neither knows the steps.
Reading, segmenting and the per-document half of the suggester are spread over
processes for large corpora, since they are pure Python and dominate the wall
time there; grouping (vectorised) and the group half of the suggester run here.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from array import array
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import count, groupby, repeat
from multiprocessing import resource_tracker
from multiprocessing.pool import AsyncResult
from multiprocessing.pool import Pool as PoolType
from operator import attrgetter, itemgetter
from pathlib import Path

from .executor import Executor, LocalExecutor
from .gc_pause import paused_gc
from .group import GroupOptions, group_units
from .helper import Helper
from .lang import SUGGEST_LANGS, detect
from .match import Matcher
from .models import (
    CLAIM_KINDS,
    KINDS,
    Corpus,
    Document,
    Group,
    ProgressFn,
    ReadIssue,
    Unit,
    no_progress,
)
from .pagekind import PageKind
from .plural import plural
from .read import HTML_SUFFIXES, TEXT_SUFFIXES, Source, dedupe_ids, discover, read_source
from .segment import segment, segment_lines, whole_text_kinds
from .suggest import (
    PackedVerdicts,
    Verdict,
    document_kind,
    document_verdicts,
    pack_verdicts,
    shift_verdicts,
    suggest_groups,
    unpack_verdicts,
)

# Worker processes only for enough files (one file is one task) and enough bytes:
# starting them costs ~1.3 s. Measured break-even on this 2-core machine (claimcheck
# group, generated corpora of 0.6-19 MB): ~1 MB with suggestions, whose per-unit
# half runs in the workers; ~16 MB without, where the workers only segment.
PARALLEL_MIN_SOURCES = 8
PARALLEL_MIN_BYTES = {True: 1_000_000, False: 16_000_000}  # by RunOptions.suggest
# A file this big, of this many lines, is read here and its documents are segmented in
# line-aligned chunks over the worker processes (segmenting is line by line): one
# file of 1M short lines took ~9 CPU s in one process. A 50 MB line stays whole.
BIG_FILE_BYTES = 8_000_000
BIG_FILE_LINES = 50_000
CHUNKS_PER_WORKER = 4  # smaller chunks even out the workers' shares
ONE_DOCUMENT = TEXT_SUFFIXES | HTML_SUFFIXES
SpanTuple = tuple[int, int, str]
Verdicts = list["Verdict | None"] | None


_KIND_CODE = {kind: code for code, kind in enumerate(KINDS)}


class SpanColumns:
    """A document's spans, ``(start, end, kind)``, as three columns: two integer arrays
    and a byte string of kind codes (indices into ``KINDS``). The form in which spans
    cross between processes: a list of 1M span tuples cost ~0.6 s to unpickle in the
    main process, these are copied whole. Iterates as span tuples."""

    __slots__ = ("starts", "ends", "kinds")

    def __init__(self, spans: Sequence[SpanTuple] = (), offset: int = 0) -> None:
        """``spans`` with ``offset`` added to their starts and ends (in C loops)."""
        starts, ends = map(itemgetter(0), spans), map(itemgetter(1), spans)
        self.starts = array("q", map(offset.__add__, starts) if offset else starts)
        self.ends = array("q", map(offset.__add__, ends) if offset else ends)
        self.kinds = bytearray(map(_KIND_CODE.__getitem__, map(itemgetter(2), spans)))

    def extend(self, other: SpanColumns) -> None:
        self.starts.extend(other.starts)
        self.ends.extend(other.ends)
        self.kinds.extend(other.kinds)

    def kind_names(self) -> Iterator[str]:
        return map(KINDS.__getitem__, self.kinds)

    def __len__(self) -> int:
        return len(self.kinds)

    def __getitem__(self, i: int) -> SpanTuple:
        return self.starts[i], self.ends[i], KINDS[self.kinds[i]]

    def __iter__(self) -> Iterator[SpanTuple]:
        return zip(self.starts, self.ends, self.kind_names(), strict=True)

    def __getstate__(self) -> tuple[array[int], array[int], bytearray]:
        return self.starts, self.ends, self.kinds

    def __setstate__(self, state: tuple[array[int], array[int], bytearray]) -> None:
        self.starts, self.ends, self.kinds = state


Spans = SpanColumns | Sequence[SpanTuple]  # kept documents come as a list from the store
Segmented = tuple[list[tuple[Document, SpanColumns, Verdicts]], list[ReadIssue]]
JudgeTask = tuple[Document, Spans, int]  # a document, its spans, its first unit


@dataclass(frozen=True)
class RunOptions:
    group: GroupOptions = field(default_factory=GroupOptions)
    workers: int = 0  # processes for reading and segmenting; 0: one per core
    suggest: bool = True
    matcher: Matcher | None = None  # None: chosen by corpus size (``default_matcher``)
    engine: str = "local"  # where grouping's parallel steps run: "local" threads or "dask"
    scheduler: str | None = None  # dask scheduler address; None starts a LocalCluster
    stdin_format: str | None = None  # how to read "-" (read.STDIN_FORMATS); None: detect


# The default matcher by corpus size. MiniLM (a sentence transformer) finds the most
# rewordings but costs ~20 ms of CPU a claim (~20 s at 2,000 on two idle cores);
# WordLlama's static embeddings ~0.1 ms (20 s at 200,000); above that, words only
# (benchmarks/embed_cost.py, docs/grouping.md).
MINILM_MAX_CLAIMS = 2_000
SEMANTIC_MAX_CLAIMS = 200_000


def default_matcher(n_claims: int) -> Matcher | None:
    """The matcher a run uses when none is asked for: the semantic blend (lexical
    tf-idf and containment plus sentence embeddings; better F1 on every dev corpus,
    docs/grouping.md) with MiniLM up to ``MINILM_MAX_CLAIMS`` and WordLlama up to
    ``SEMANTIC_MAX_CLAIMS``; lexical (None) above, or when no model can load (a
    warning says so: never silently)."""
    if n_claims > SEMANTIC_MAX_CLAIMS or n_claims < 2:
        return None
    from .match.semantic import SemanticMatcher, SemanticUnavailable, minilm_matcher

    candidates = [minilm_matcher()] if n_claims <= MINILM_MAX_CLAIMS else []
    candidates.append(SemanticMatcher())
    for k, matcher in enumerate(candidates):
        try:
            matcher.embedder.load()
        except SemanticUnavailable as err:
            fallback = "lexical matching only" if k == len(candidates) - 1 else "WordLlama"
            print(f"claimcheck: warning: {fallback}: {err}", file=sys.stderr)
            continue
        return matcher
    return None


@contextmanager
def grouping_executor(options: RunOptions) -> Iterator[Executor]:
    """The executor the options ask for, closed after use."""
    if options.engine == "dask":
        from .dask_engine import DaskExecutor

        with DaskExecutor(options.scheduler) as executor:
            yield executor
    else:
        yield LocalExecutor(options.group.workers)


def _spans(text: str) -> SpanColumns:
    return SpanColumns(segment(text))


def read_and_segment(
    source: Source, suggest: bool = False, spans_of: Callable[[str], SpanColumns] = _spans
) -> Segmented:
    """Read one source, segment its documents and, if asked, judge their units.

    Runs in a worker process: only plain, picklable data goes back. ``spans_of``:
    how a document's text is segmented (``_chunked_spans`` for a big file read here).
    """
    docs, issues = read_source(source)
    out = []
    for doc in docs:
        spans = spans_of(doc.text)
        judge = suggest and doc.lang in SUGGEST_LANGS  # the others after grouping, if needed
        verdicts = document_verdicts(doc, _units(doc, spans)) if judge else None
        out.append((doc, spans, verdicts))
    return out, issues


_new_unit = tuple.__new__  # Unit is a named tuple: this builds one without its __new__


def _units(doc: Document, spans: Spans) -> list[Unit]:
    """A document's units, built column-wise in C loops (1M units: ~0.5 s, a Python
    loop calling ``Unit(...)`` cost ~1 s more)."""
    if isinstance(spans, SpanColumns):
        starts, ends, kinds = spans.starts, spans.ends, spans.kind_names()
    elif spans:
        starts, ends, kinds = zip(*spans, strict=True)
    else:
        return []
    texts = map(doc.text.__getitem__, map(slice, starts, ends))
    fields = zip(repeat(doc.doc_id), count(), starts, ends, texts, kinds)
    return list(map(_new_unit, repeat(Unit), fields))


def _segmented(
    sources: Sequence[Source],
    pool: PoolType | None,
    workers: int,
    suggest: bool,
    big: Collection[Path] = (),
) -> Iterator[Segmented]:
    """What ``read_and_segment`` gives for each source, in order. ``big``: the paths of
    the files read here and segmented in chunks over the pool."""
    work = partial(read_and_segment, suggest=suggest)
    files = [s for s in sources if s.path is not None]
    stdin = [s for s in sources if s.path is None]
    yield from map(work, stdin)  # stdin belongs to this process
    if pool is None:
        yield from map(work, files)
        return
    chunk = max(1, min(64, len(files) // (workers * 8)))
    chunked = partial(_chunked_spans, pool=pool, parts=workers * CHUNKS_PER_WORKER)
    for is_big, run in groupby(files, key=lambda s: s.path in big):
        if is_big:
            yield from (read_and_segment(s, suggest, chunked) for s in run)
        else:
            yield from pool.imap(work, list(run), chunksize=chunk)


def _chunked_spans(text: str, pool: PoolType, parts: int) -> SpanColumns:
    """``_spans(text)``, segmented in about ``parts`` line-aligned chunks over ``pool``
    (here if the text is too short to be worth sending)."""
    if len(text) < BIG_FILE_BYTES // 8:
        return _spans(text)
    spans = SpanColumns()
    for part in pool.imap(_piece_spans, _line_chunks(text, parts)):
        spans.extend(part)
    for i, kind in whole_text_kinds(text, spans).items():  # a section may cross the chunks
        spans.kinds[i] = _KIND_CODE[kind]
    return spans


def _line_chunks(text: str, parts: int) -> list[tuple[str, int]]:
    """``text`` cut after newlines into about ``parts`` pieces, each with its offset."""
    size = max(1, len(text) // parts)
    out = []
    start = 0
    while start < len(text):
        cut = text.find("\n", start + size)
        end = len(text) if cut < 0 else cut + 1
        out.append((text[start:end], start))
        start = end
    return out


def _piece_spans(piece: tuple[str, int]) -> SpanColumns:
    text, offset = piece
    return SpanColumns(segment_lines(text), offset)  # (the whole-text pass: _chunked_spans)


def _big_files(files: Sequence[Source]) -> set[Path]:
    """Paths of the text and HTML files (one document each, unlike records and web
    archives) of at least BIG_FILE_BYTES and BIG_FILE_LINES lines."""
    big = set()
    for path in {s.path for s in files if s.path and s.path.suffix.lower() in ONE_DOCUMENT}:
        with suppress(OSError):  # reading the file will report the problem
            if os.path.getsize(path) >= BIG_FILE_BYTES and _lines_at_least(path, BIG_FILE_LINES):
                big.add(path)
    return big


def _lines_at_least(path: Path, n: int) -> bool:
    lines = 0
    with open(path, "rb") as f:
        for block in iter(partial(f.read, 1 << 20), b""):
            lines += block.count(b"\n")
            if lines >= n:
                return True
    return False


@contextmanager
def _worker_pool(
    files: Sequence[Source], workers: int, suggest: bool, big: Collection[Path] = ()
) -> Iterator[PoolType | None]:
    """Worker processes for reading a big corpus or segmenting a big file (``big``);
    None where starting them costs more than it saves, or cannot work."""
    many = len(files) >= PARALLEL_MIN_SOURCES
    many = many and _total_bytes(files) >= PARALLEL_MIN_BYTES[suggest]
    if workers <= 1 or not (many or big) or not _can_spawn():
        yield None
        return
    _start_resource_tracker()
    # spawn, not fork: the TUI calls this from a thread, and fork with threads is unsafe.
    context = multiprocessing.get_context("spawn")
    with _sigint_ignored():
        pool = context.Pool(workers, initializer=_ignore_sigint)
    with pool:
        yield pool


@contextmanager
def _helper() -> Iterator[Helper | None]:
    """A second process for grouping's per-text steps on a big corpus
    (``group.fit_texts`` starts it when worth it); None where none can start."""
    if not _can_spawn():
        yield None
        return
    _start_resource_tracker()
    with _sigint_ignored():
        helper = Helper()
    try:
        yield helper
    finally:
        helper.close()


def _ignore_sigint() -> None:
    """Workers leave Ctrl-C to the main process, which stops them (terminate) and says
    "interrupted" once; otherwise each printed its own KeyboardInterrupt traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def _sigint_ignored() -> Iterator[None]:
    """SIGINT ignored while workers start: an ignored signal stays ignored across
    exec, so a Ctrl-C during their start-up (imports) cannot print tracebacks there.
    Only the main thread may change handlers; elsewhere the initializer must do."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _start_resource_tracker() -> None:
    """Start multiprocessing's helper process with the real stderr.

    The first pool starts it, handing it ``sys.stderr.fileno()``. The review app
    (Textual) replaces sys.stderr with a capture whose fileno() is -1, and the
    start failed: "bad value(s) in fds_to_keep".
    """
    try:
        captured = sys.stderr.fileno() < 0
    except (AttributeError, OSError, ValueError):
        captured = False  # no descriptor at all: multiprocessing skips it
    if not captured:
        return
    saved, sys.stderr = sys.stderr, sys.__stderr__
    try:
        resource_tracker.ensure_running()
    finally:
        sys.stderr = saved


def _total_bytes(files: Sequence[Source]) -> int:
    total = 0
    for path in {source.path for source in files}:  # a web archive's parts share one file
        with suppress(OSError):  # reading the file will report the problem
            total += os.path.getsize(path)  # type: ignore[arg-type]
    return total


def _can_spawn() -> bool:
    """Whether spawned workers can start: they re-import ``__main__`` from its file.

    A script fed on stdin (``python - <<EOF``) has no such file; every worker
    would die at start and the pool would replace it forever.
    """
    if multiprocessing.current_process().name != "MainProcess":
        # e.g. a worker re-running a script's top level as it starts (a script
        # without a __main__ guard): a pool started there would recurse.
        return False
    main_file = getattr(sys.modules.get("__main__"), "__file__", None)
    return main_file is None or os.path.exists(main_file)


# More worker processes than cores only adds memory (~60 MB each); a few per core
# still overlap reading with computing. ``--workers 100000`` must not start 100,000.
WORKERS_PER_CORE = 4


def _workers(requested: int, files: int) -> int:
    """Processes to start: one per core for 0; never more than the files, nor than
    WORKERS_PER_CORE per core."""
    cores = os.cpu_count() or 1
    wanted = requested if requested > 0 else cores
    return max(1, min(wanted, files, cores * WORKERS_PER_CORE))


# Given the names of inputs that could not be read, documents to keep for them as
# last read (with their unit spans): see store.kept_documents.
KeepFn = Callable[[list[str]], list[tuple[Document, list[SpanTuple]]]]


def build_corpus(
    inputs: Iterable[str],
    options: RunOptions | None = None,
    progress: ProgressFn = no_progress,
    keep: KeepFn | None = None,
) -> Corpus:
    """Run the whole batch job over files, folders or ``-`` (stdin)."""
    with paused_gc():
        return _build(inputs, options or RunOptions(), progress, keep)


def _build(
    inputs: Iterable[str], options: RunOptions, progress: ProgressFn, keep: KeepFn | None = None
) -> Corpus:
    sources, issues, root = discover(inputs, options.stdin_format)
    corpus = Corpus(root=root, issues=issues)
    files = [s for s in sources if s.path is not None]
    big = _big_files(files) if options.workers != 1 else set()
    workers = _workers(options.workers, len(files) + len(big) * (os.cpu_count() or 1))
    with _worker_pool(files, workers, options.suggest, big) as pool:
        # With workers, the per-document half of the suggester runs in them *while*
        # this process groups (below), not before: grouping leaves a core idle.
        judge_later = options.suggest and pool is not None
        judge_now = options.suggest and not judge_later
        segmented = _segmented(sources, pool, workers, judge_now, big)
        verdicts, unjudged, read = _read_all(corpus, segmented, len(sources), progress)
        english = [t for t in unjudged if t[0].lang in SUGGEST_LANGS]
        others = [t for t in unjudged if t[0].lang not in SUGGEST_LANGS]
        pending = _judge_async(pool, english) if judge_later else None
        kinds = _kinds_async(pool, others) if judge_later else None
        # the units after the workers have their tasks: they judge meanwhile (the
        # page kind of a 1M-line page: ~5 CPU s, which can end after grouping)
        _add_units(corpus, read)
        if pool is not None and not judge_later:
            pool.terminate()  # idle workers held ~0.35 GB through grouping at 1M
        kept = _keep_unreadable(corpus, keep, options.suggest) if keep is not None else []
        lang_of = {d.doc_id: d.lang for d in corpus.documents}
        with grouping_executor(options) as executor:
            corpus.groups = group_units(
                corpus.units,
                options.group,
                progress,
                matcher=options.matcher or default_matcher(_claim_count(corpus.units)),
                executor=executor,
                langs=lang_of,
                # not beside workers judging: a third busy process on two cores made
                # the default 1M run slower (252 s against 206 s)
                helper=None if judge_later else _helper,
            )
        if pending is not None:
            _fill(verdicts, english, _drained(pending.get()))
        if kinds is not None:
            corpus.kinds.update(kinds.get())
    if options.suggest:
        suggestable = in_suggest_language(corpus)
        needed = _needing_verdicts(corpus, others, suggestable)
        _fill(verdicts, needed, map(_judge, needed))
        verdicts.extend(kept)
        suggest_groups(corpus, progress, verdicts, only=suggestable)
    return corpus


def _claim_count(units: Sequence[Unit]) -> int:
    """How many of ``units`` are claims; in C loops (1M units: ~0.05 s, not ~0.4 s)."""
    return sum(map(CLAIM_KINDS.__contains__, map(attrgetter("kind"), units)))


def _judge_async(pool: PoolType, tasks: list[JudgeTask]) -> AsyncResult:
    """Start the per-document verdicts of the documents just read, in the workers
    (``document_verdicts``, as ``read_and_segment`` would have given them)."""
    return pool.map_async(_judge, tasks, chunksize=max(1, min(64, len(tasks) // 16)))


def _kinds_async(pool: PoolType, tasks: list[JudgeTask]) -> AsyncResult:
    """Start the page kinds of the documents outside the suggester's languages, in the
    workers while this process groups: no verdict gives them theirs (see
    ``_needing_verdicts``), and the signals they are inferred from cost as much as
    segmenting (1M tiny lines: ~5 CPU s). Documents without units are left to
    ``suggest_groups``."""
    tasks = [t for t in tasks if t[1]]
    return pool.map_async(_page_kind, tasks, chunksize=max(1, min(64, len(tasks) // 16)))


def _page_kind(task: JudgeTask) -> tuple[str, PageKind]:
    """(doc id in the corpus, page kind) of a document to judge."""
    doc, spans, _ = task
    units = _units(doc, spans)
    return units[0].doc_id, document_kind(doc, units)


def _judge(task: JudgeTask) -> PackedVerdicts:
    """A document's verdicts (global indices), packed for the trip from a worker."""
    doc, spans, offset = task
    return pack_verdicts(shift_verdicts(document_verdicts(doc, _units(doc, spans)), offset))


def _drained(items: list[PackedVerdicts]) -> Iterator[PackedVerdicts]:
    """Each of ``items`` in order, dropped from the list as it is given: the packed
    verdicts of 1M units (~0.3 GB) are not kept beside the unpacked ones through the
    suggestions (the pool's result holds the list until the batch ends)."""
    items.reverse()
    while items:
        yield items.pop()


def _fill(
    verdicts: list[Verdict | None],
    tasks: Sequence[JudgeTask],
    parts: Iterable[PackedVerdicts],
) -> None:
    """Put each task's verdicts (global indices) in place: from its first unit on."""
    for (_, spans, offset), part in zip(tasks, parts, strict=True):
        verdicts[offset : offset + len(spans)] = unpack_verdicts(part)


def in_suggest_language(corpus: Corpus) -> Callable[[Group], bool]:
    """Whether a group gets a suggestion: only if its representative is in a language
    the suggester knows. Its lexicons and rules (dates, speakers, hedges) are English,
    and on other text they find nothing or the wrong thing. An honest blank beats a
    confident wrong label; the reviewer labels those groups alone."""
    langs = {d.doc_id: d.lang for d in corpus.documents}
    if SUGGEST_LANGS.isdisjoint(langs.values()):
        # No document in one (every unit is of a document): no group is; not asked
        # of each (1M lines of one such page: 0.4 s).
        return _never
    units = corpus.units
    return lambda group: langs.get(units[group.representative].doc_id, "") in SUGGEST_LANGS


def _never(group: Group) -> bool:
    return False


def _needing_verdicts(
    corpus: Corpus, tasks: list[JudgeTask], suggestable: Callable[[Group], bool]
) -> list[JudgeTask]:
    """The documents outside the suggester's languages that a suggestion still reads:
    those with a member of a group whose representative is in one (a copy of an
    English claim). The others' verdicts would only be thrown away (1M lines of one
    such page: ~10 CPU s); their page kinds are inferred with the suggestions."""
    if not tasks or not any(d.lang in SUGGEST_LANGS for d in corpus.documents):
        return []  # no group is suggested for
    wanted = bytearray(len(corpus.units))
    for group in corpus.groups:
        if suggestable(group):
            for m in group.members:
                wanted[m] = 1
    return [t for t in tasks if wanted.find(1, t[2], t[2] + len(t[1])) >= 0]


def _keep_unreadable(corpus: Corpus, keep: KeepFn, suggest: bool) -> list[Verdict | None]:
    """Add the kept documents of inputs that failed this time; their verdicts."""
    failed = [issue.path for issue in corpus.issues if issue.fatal]
    known = {d.doc_id for d in corpus.documents}
    verdicts: list[Verdict | None] = []
    for doc, spans in keep(failed) if failed else []:
        if doc.doc_id in known:
            continue  # its text was read under another name
        doc = replace(doc, lang=detect(doc.text))
        units = _units(doc, spans)
        if suggest:
            verdicts.extend(shift_verdicts(document_verdicts(doc, units), len(corpus.units)))
        corpus.documents.append(doc)
        corpus.units.extend(units)
        note = f"kept as last read, with its {plural(len(units), 'unit')} and their labels"
        corpus.issues.append(ReadIssue(doc.path, note, fatal=False))
    return verdicts


def _read_all(
    corpus: Corpus, segmented: Iterable[Segmented], total: int, progress: ProgressFn
) -> tuple[list[Verdict | None], list[JudgeTask], list[tuple[Document, SpanColumns]]]:
    """Fill the corpus's documents and issues; return the units' verdicts, the
    documents read without them (to judge: as read, with their first unit), and each
    document with its spans, whose units ``_add_units`` makes."""
    pending: list[tuple[Document, SpanColumns, Verdicts]] = []
    progress("reading", 0, total)
    for done, (docs, more) in enumerate(segmented, 1):
        pending.extend(docs)
        corpus.issues.extend(more)
        progress("reading", done, total)
    corpus.documents, renamed = dedupe_ids([d for d, _, _ in pending])
    corpus.issues.extend(renamed)
    verdicts: list[Verdict | None] = []
    unjudged: list[JudgeTask] = []
    first = len(corpus.units)  # of each document's units, once they are made
    for read, spans, judged in pending:
        if judged is not None:
            verdicts.extend(shift_verdicts(judged, first))
        else:
            unjudged.append((read, spans, first))
            verdicts.extend([None] * len(spans))  # filled in by ``_fill`` if needed
        first += len(spans)
    return verdicts, unjudged, list(zip(corpus.documents, [s for _, s, _ in pending], strict=True))


def _add_units(corpus: Corpus, read: Iterable[tuple[Document, SpanColumns]]) -> None:
    """The units of the documents ``_read_all`` returned, in order."""
    for doc, spans in read:
        corpus.units.extend(_units(doc, spans))

"""Fetching pages into a web archive: URLs in (targets.py reads them from a list of
links or a sitemap), a WARC out.

Polite by default: one request at a time per host with ``delay`` seconds between
them (longer if robots.txt asks with Crawl-delay), robots.txt obeyed, a user agent
that names the tool, retries with exponential back-off only for answers that say
"try later" (429, 5xx), timeouts and refused or dropped connections (not DNS or
TLS failures, which a retry would not change). Different hosts are fetched in
parallel, up to ``concurrency`` requests at once.

The raw exchange (request and response, headers and body as sent) goes into the
WARC, so the capture is the evidence; pages are turned into text only when the
WARC is read (warc.py). Records are appended one exchange per write and flushed,
so an interrupted run (Ctrl-C, kill -9) leaves at worst a partial last record,
which the next run cuts off before it appends; URLs already captured are skipped.

HTTP client: urllib3. It is what trafilatura (already a dependency) fetches with,
so nothing new to install; its thread-safe pool keeps connections alive per host;
and with ``preload_content=False, decode_content=False`` it hands over the body as
sent (still gzip-encoded if it was), which is what an archive should keep, while
letting us stop reading at the size limit or the deadline.
"""

from __future__ import annotations

import contextlib
import gzip
import heapq
import io
import os
import queue
import socket
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any
from urllib.parse import urldefrag, urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from . import __version__
from .defaults import (
    FETCH_CONCURRENCY,
    FETCH_DELAY,
    FETCH_MAX_BYTES,
    FETCH_RETRIES,
    FETCH_TIMEOUT,
)
from .warc import is_warc, scan

AGENT = "claimcheck"  # the token robots.txt rules are matched against
USER_AGENT = f"{AGENT}/{__version__} (corpus fetch for claim review; python-urllib3)"
PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_CRAWL_DELAY = 60.0  # a robots.txt Crawl-delay above this is capped (docs/fetch.md)
MAX_RETRY_AFTER = 120.0
CHUNK = 64 * 1024


@dataclass(frozen=True)
class FetchOptions:
    delay: float = FETCH_DELAY  # seconds between two requests to the same host
    timeout: float = FETCH_TIMEOUT  # seconds for one whole response (connect, headers, body)
    retries: int = FETCH_RETRIES  # further tries after a network error, 429 or 5xx
    backoff: float = 1.0  # first retry waits this long, then doubling
    concurrency: int = FETCH_CONCURRENCY  # requests in flight at once (at most one per host)
    max_bytes: int = FETCH_MAX_BYTES  # a longer body is not kept
    robots: bool = True
    user_agent: str = USER_AGENT
    max_redirects: int = 5


@dataclass(frozen=True)
class Failure:
    """A URL that yielded no page, and why, in one line."""

    url: str
    kind: str  # the summary's category: "HTTP 404", "DNS", "timeout", "not HTML", ...
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.url}: {self.kind}{f' ({self.detail})' if self.detail else ''}"


@dataclass
class FetchReport:
    total: int = 0  # distinct URLs asked for
    skipped: int = 0  # already in the WARC from an earlier run
    fetched: int = 0  # pages captured in this run
    redirects: int = 0  # redirect responses captured (their targets are fetched too)
    failed: list[Failure] = field(default_factory=list)
    seconds: float = 0.0
    repaired: int = 0  # bytes of a partial last record cut off before appending
    interrupted: bool = False
    # A run that captured no page leaves the archive as it found it: "removed" (this
    # run created it), "unchanged" (cut back to its size at the start); "" otherwise.
    rolled_back: str = ""

    @property
    def done(self) -> int:
        return self.fetched + len(self.failed)

    @property
    def rate(self) -> float:
        return self.done / self.seconds if self.seconds > 0 else 0.0

    def failure_counts(self) -> Counter[str]:
        return Counter(f.kind for f in self.failed)


class FetchError(Exception):
    """The fetch cannot start (bad input, output not a WARC, output locked)."""


# --------------------------------------------------------------------------- URLs


def normalise(url: str) -> str | None:
    """A canonical http(s) URL, or None: courlan lowercases the host, drops default
    ports and tracking parameters and sorts the query; the fragment never reaches
    a server, so it is dropped too (two links to one page are one fetch)."""
    from courlan import normalize_url, scrub_url, validate_url

    url = scrub_url(url.strip())
    valid, parts = validate_url(url)
    if not valid or parts is None or parts.scheme not in ("http", "https"):
        return None
    try:
        return urldefrag(normalize_url(parts)).url
    except ValueError:
        return None


def host_of(url: str) -> str:
    return urlsplit(url).netloc.lower()


def ungzip(data: bytes) -> bytes:
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


# --------------------------------------------------------------------------- HTTP


@dataclass
class Response:
    url: str
    status: int
    reason: str
    version: str
    headers: list[tuple[str, str]]
    body: bytes
    request_headers: list[tuple[str, str]]
    date: str  # capture time, ISO 8601 UTC

    def header(self, name: str) -> str:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), "")


class Client:
    """HTTP GETs through one urllib3 pool; failures come back as ``Failure``."""

    def __init__(self, options: FetchOptions) -> None:
        import urllib3

        self.options = options
        # One connection per host is all the politeness rules allow in flight.
        self.pool = urllib3.PoolManager(
            num_pools=max(10, options.concurrency * 4), maxsize=1, block=False, retries=False
        )

    def get(self, url: str, pages_only: bool = True) -> Response | Failure:
        import urllib3

        opts = self.options
        headers = {
            "User-Agent": opts.user_agent,
            "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5",
            "Accept-Encoding": "gzip, deflate",
        }
        started = time.monotonic()
        timeout = urllib3.Timeout(connect=opts.timeout, read=opts.timeout)
        date = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        try:
            resp = self.pool.request(
                "GET", url, headers=headers, redirect=False, preload_content=False,
                decode_content=False, timeout=timeout,
            )  # fmt: skip
        except Exception as err:  # urllib3 and socket errors, each named below
            return _network_failure(url, err, opts.timeout)
        try:
            ctype = (resp.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if pages_only and 200 <= resp.status < 300 and ctype and ctype not in PAGE_TYPES:
                return Failure(url, "not HTML", ctype)
            declared = resp.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > opts.max_bytes:
                return Failure(url, "too large", f"{int(declared):,} bytes")
            body = self._body(resp, url, started)
            if isinstance(body, Failure):
                return body
        except Exception as err:
            return _network_failure(url, err, opts.timeout)
        finally:
            resp.close()  # an unread rest must not reach the next request
            resp.release_conn()
        version = {10: "HTTP/1.0", 11: "HTTP/1.1", 20: "HTTP/2"}.get(resp.version, "HTTP/1.1")
        sent = [("Host", urlsplit(url).netloc), *headers.items()]
        return Response(
            url, resp.status, resp.reason or "", version, list(resp.headers.items()), body,
            sent, date,
        )  # fmt: skip

    def _body(self, resp: Any, url: str, started: float) -> bytes | Failure:
        limit, deadline = self.options.max_bytes, started + self.options.timeout
        parts: list[bytes] = []
        size = 0
        while True:
            chunk = resp.read(CHUNK, decode_content=False)
            if not chunk:
                return b"".join(parts)
            size += len(chunk)
            if size > limit:
                return Failure(url, "too large", f"over {limit:,} bytes")
            if time.monotonic() > deadline:
                late = f"body not complete after {self.options.timeout:g} s"
                return Failure(url, "timeout", late)
            parts.append(chunk)


def _network_failure(url: str, err: BaseException, timeout: float) -> Failure:
    from urllib3 import exceptions as ex

    while isinstance(err, ex.MaxRetryError) and err.reason is not None:
        err = err.reason
    if isinstance(err, ex.NameResolutionError | socket.gaierror):
        return Failure(url, "DNS", "cannot resolve the host")
    if isinstance(err, ex.NewConnectionError | ConnectionRefusedError):  # before timeouts:
        return Failure(url, "connection", _first_line(err))  # a subclass of them in urllib3
    if isinstance(err, ex.ConnectTimeoutError | ex.ReadTimeoutError | TimeoutError):
        return Failure(url, "timeout", f"no answer within {timeout:g} s")
    if isinstance(err, ex.SSLError):
        return Failure(url, "TLS", _first_line(err))
    if isinstance(err, ex.ProtocolError | ConnectionError):
        return Failure(url, "connection", _first_line(err))
    if isinstance(err, ex.LocationValueError | ex.LocationParseError):
        return Failure(url, "invalid URL", _first_line(err))
    return Failure(url, "error", _first_line(err))


def _first_line(err: BaseException) -> str:
    text = str(err).strip()
    if "] " in text and "Errno" in text:  # "[Errno 111] Connection refused" -> the words
        text = text.rsplit("] ", 1)[-1]
    return (text.splitlines() or [type(err).__name__])[0][:200]


# --------------------------------------------------------------------------- WARC records


def warcinfo_bytes(gzipped: bool, options: FetchOptions) -> bytes:
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzipped)
    info = {
        "software": f"claimcheck/{__version__} (warcio)",
        "format": "WARC File Format 1.1",
        "http-header-user-agent": options.user_agent,
        "robots": "obey" if options.robots else "ignore",
    }
    writer.write_record(writer.create_warcinfo_record("", info))
    return buf.getvalue()


def exchange_bytes(resp: Response, gzipped: bool) -> bytes:
    """The response and request records of one exchange, ready to append."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzipped, warc_version="1.1")
    # http.client has already undone chunking: the header must not say otherwise.
    headers = [
        (f"X-Archive-Orig-{k}" if k.lower() == "transfer-encoding" else k, v)
        for k, v in resp.headers
    ]
    http = StatusAndHeaders(f"{resp.status} {resp.reason}".strip(), headers, protocol=resp.version)
    response = writer.create_warc_record(
        resp.url, "response", payload=io.BytesIO(resp.body), http_headers=http,
        warc_headers_dict={"WARC-Date": resp.date},
    )  # fmt: skip
    path = urlsplit(resp.url)._replace(scheme="", netloc="").geturl() or "/"
    sent = StatusAndHeaders(f"GET {path} HTTP/1.1", resp.request_headers, is_http_request=True)
    request = writer.create_warc_record(
        resp.url, "request", http_headers=sent,
        warc_headers_dict={
            "WARC-Date": resp.date,
            "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID"),
        },
    )  # fmt: skip
    writer.write_record(response)
    writer.write_record(request)
    return buf.getvalue()


@dataclass
class Archive:
    """The output WARC, opened for appending under an exclusive lock."""

    path: Path
    gzipped: bool
    handle: IO[bytes]
    done: set[str]  # URLs with a final capture (not a 429/5xx)
    redirects: dict[str, str]  # captured redirects: URL -> normalised target
    repaired: int = 0
    start: int = 0  # size once opened (and repaired), before this run appended
    existed: bool = True  # False: this run created the file

    def append(self, data: bytes) -> None:
        self.handle.write(data)
        self.handle.flush()  # to the OS: survives the process being killed

    def roll_back(self) -> str:
        """Undo this run's appends: a new file is removed (while still locked, so no
        other fetch can have started on it), an old one cut back to its start."""
        if not self.existed:
            with contextlib.suppress(OSError):
                self.path.unlink()
                return "removed"
        self.handle.truncate(self.start)
        return "unchanged"

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.fsync(self.handle.fileno())
        self.handle.close()


def open_archive(path: Path, options: FetchOptions) -> Archive:
    """Open (or start) the output WARC; learn what it holds; cut off a partial tail."""
    if not is_warc(path.name):
        raise FetchError(f"{path}: the output must be named .warc or .warc.gz")
    existed = path.exists()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a+b")  # noqa: SIM115 - kept open for the whole fetch
    except OSError as err:
        raise FetchError(f"{path}: cannot write: {err.strerror or err}") from err
    try:
        _lock(handle, path)
        archive = _resume(path, handle)
        archive.start, archive.existed = handle.tell(), existed
        if handle.tell() == 0:
            archive.append(warcinfo_bytes(archive.gzipped, options))
    except BaseException:
        handle.close()
        raise
    return archive


def _lock(handle: IO[bytes], path: Path) -> None:
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; one fetch per file is up to the user
        return
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as err:
        raise FetchError(f"{path}: another claimcheck fetch is writing to it") from err


def _resume(path: Path, handle: IO[bytes]) -> Archive:
    size = os.fstat(handle.fileno()).st_size
    gzipped = path.name.lower().endswith(".gz")
    done: set[str] = set()
    redirects: dict[str, str] = {}
    if size == 0:
        return Archive(path, gzipped, handle, done, redirects)
    found = scan(path)
    if not found.records:
        raise FetchError(f"{path}: exists and is not a WARC ({found.problem or 'no records'})")
    with open(path, "rb") as head:
        gzipped = head.read(2) == b"\x1f\x8b"  # append the way the file was started
    for record in found.records:
        if record.kind != "response" or record.status in RETRY_STATUSES:
            continue
        done.add(record.url)
        if record.status is not None and 300 <= record.status < 400 and record.location:
            target = normalise(urljoin(record.url, record.location))
            if target:
                redirects[record.url] = target
    repaired = size - found.good_end
    if repaired:
        handle.truncate(found.good_end)
    handle.seek(0, os.SEEK_END)
    return Archive(path, gzipped, handle, done, redirects, repaired)


# --------------------------------------------------------------------------- robots.txt


class Robots:
    """robots.txt per host (RFC 9309): a missing file (4xx) allows everything; an
    unreachable one (5xx, network error) allows nothing, for now."""

    def __init__(self, client: Client, enabled: bool) -> None:
        self.client = client
        self.enabled = enabled
        self._rules: dict[str, RobotFileParser | Failure | bool] = {}
        self._lock = threading.Lock()

    def check(self, url: str) -> tuple[Failure | None, float | None]:
        """None if the agent may fetch ``url`` (else why not), and the host's
        Crawl-delay if it sets one."""
        if not self.enabled:
            return None, None
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            rules = self._rules.get(key)
        if rules is None:  # one task per host at a time: no two threads fetch it
            rules = self._load(key)
            with self._lock:
                self._rules[key] = rules
        if isinstance(rules, Failure):
            return Failure(url, rules.kind, rules.detail), None
        if rules is True:
            return None, None
        agent = self.client.options.user_agent
        delay = rules.crawl_delay(agent)
        allowed = rules.can_fetch(agent, url)
        refused = None if allowed else Failure(url, "robots.txt", "disallowed")
        return refused, float(delay) if delay else None

    def _load(self, base: str) -> RobotFileParser | Failure | bool:
        resp = self.client.get(base + "/robots.txt", pages_only=False)
        hops = 0
        while isinstance(resp, Response) and 300 <= resp.status < 400 and hops < 5:
            location = resp.header("Location")
            if not location:
                break
            resp = self.client.get(urljoin(resp.url, location), pages_only=False)
            hops += 1
        if isinstance(resp, Failure):  # the host is unreachable: its pages would be too
            return resp
        if resp.status >= 500:
            return Failure(base, "robots.txt", f"robots.txt answered HTTP {resp.status}")
        if resp.status >= 300:
            return True
        body = resp.body
        if resp.header("Content-Encoding").lower() == "gzip":
            body = ungzip(body)
        parser = RobotFileParser()
        parser.parse(body.decode("utf-8", errors="replace").splitlines())
        return parser


# --------------------------------------------------------------------------- the fetch


@dataclass
class _Task:
    url: str
    attempt: int = 0
    hops: int = 0


@dataclass
class _Host:
    pending: deque[_Task] = field(default_factory=deque)
    busy: bool = False
    delay: float = 0.0
    ready_at: float = 0.0


@dataclass
class _Outcome:
    task: _Task
    host: str
    result: Response | Failure
    data: bytes = b""  # the WARC records to append
    crawl_delay: float | None = None


ProgressFn = Callable[[FetchReport], None]
FailureFn = Callable[[Failure], None]


def _nothing(_: Any) -> None:
    """A callback that does nothing."""


class Fetcher:
    """One fetch run: a scheduler in the calling thread, HTTP in worker threads,
    and the archive written only by the calling thread."""

    def __init__(
        self,
        options: FetchOptions,
        archive: Archive,
        on_progress: ProgressFn = _nothing,
        on_failure: FailureFn = _nothing,
    ) -> None:
        self.options = options
        self.archive = archive
        self.client = Client(options)
        self.robots = Robots(self.client, options.robots)
        self.on_progress = on_progress
        self.on_failure = on_failure
        self.report = FetchReport(repaired=archive.repaired)
        self.hosts: dict[str, _Host] = {}
        self.ready: list[tuple[float, int, str]] = []  # idle hosts with work: (when, seq, host)
        self.seen: set[str] = set()
        self.inflight = 0
        self._seq = 0
        self._tasks: queue.Queue[tuple[_Task, str] | None] = queue.Queue()
        self._results: queue.Queue[_Outcome] = queue.Queue()

    # -- queueing

    def add(self, url: str, hops: int = 0) -> None:
        """Queue a normalised URL unless it is captured already or queued."""
        for _ in range(self.options.max_redirects + 1):  # a captured redirect: its target
            if url not in self.archive.redirects or url in self.seen:
                break
            self.seen.add(url)
            url, hops = self.archive.redirects[url], hops + 1
        if url in self.seen:
            return
        self.seen.add(url)
        if url in self.archive.done:
            self.report.skipped += 1
            return
        name = host_of(url)
        host = self.hosts.get(name)
        if host is None:
            host = self.hosts[name] = _Host(delay=self.options.delay)
        host.pending.append(_Task(url, hops=hops))
        if not host.busy and len(host.pending) == 1:
            self._push(name, max(host.ready_at, time.monotonic()))

    def _push(self, name: str, when: float) -> None:
        self._seq += 1
        heapq.heappush(self.ready, (when, self._seq, name))

    # -- running

    def run(self, urls: Iterable[str]) -> FetchReport:
        started = time.monotonic()
        for url in urls:
            clean = normalise(url)
            if clean is None:
                self._fail(Failure(url, "invalid URL", "not an http(s) URL"))
            else:
                self.add(clean)
        self.report.total = len(self.seen)
        workers = [
            threading.Thread(target=self._work, daemon=True, name=f"fetch-{i}")
            for i in range(max(1, self.options.concurrency))
        ]
        for worker in workers:
            worker.start()
        try:
            self._loop(started)
        except KeyboardInterrupt:
            self.report.interrupted = True
            raise
        finally:
            self.report.seconds = time.monotonic() - started
            for _ in workers:
                self._tasks.put(None)
        return self.report

    def _loop(self, started: float) -> None:
        last = 0.0
        while self.ready or self.inflight:
            self._dispatch()
            try:
                outcome = self._results.get(timeout=self._wait())
            except queue.Empty:
                continue
            self._handle(outcome)
            now = time.monotonic()
            if now - last >= 0.2 or not (self.ready or self.inflight):
                self.report.seconds = now - started
                self.on_progress(self.report)
                last = now

    def _dispatch(self) -> None:
        now = time.monotonic()
        while self.ready and self.inflight < self.options.concurrency and self.ready[0][0] <= now:
            _, _, name = heapq.heappop(self.ready)
            host = self.hosts[name]
            if host.busy or not host.pending:  # never two requests to one host at once
                continue
            host.busy = True
            self.inflight += 1
            self._tasks.put((host.pending.popleft(), name))

    def _wait(self) -> float:
        if self.ready and self.inflight < self.options.concurrency:
            return min(1.0, max(0.0, self.ready[0][0] - time.monotonic()))
        return 1.0

    def _work(self) -> None:
        while True:
            item = self._tasks.get()
            if item is None:
                return
            task, name = item
            try:
                outcome = self._fetch(task, name)
            except Exception as err:  # never lose a task: the loop waits for each one
                outcome = _Outcome(task, name, Failure(task.url, "error", _first_line(err)))
            self._results.put(outcome)

    def _fetch(self, task: _Task, name: str) -> _Outcome:
        refused, crawl_delay = self.robots.check(task.url)
        if refused is not None:
            return _Outcome(task, name, refused, b"", crawl_delay)
        result = self.client.get(task.url)
        data = b""
        if isinstance(result, Response) and not self._retryable(task, result):
            data = exchange_bytes(result, self.archive.gzipped)
        return _Outcome(task, name, result, data, crawl_delay)

    def _retryable(self, task: _Task, result: Response | Failure) -> bool:
        if task.attempt >= self.options.retries:
            return False
        if isinstance(result, Failure):
            return result.kind in ("timeout", "connection", "error")
        return result.status in RETRY_STATUSES

    def _handle(self, outcome: _Outcome) -> None:
        self.inflight -= 1
        host = self.hosts[outcome.host]
        if outcome.crawl_delay is not None:
            host.delay = max(self.options.delay, min(outcome.crawl_delay, MAX_CRAWL_DELAY))
        wait = host.delay
        task, result = outcome.task, outcome.result
        if self._retryable(task, result):
            wait = max(wait, self._backoff(task, result))
            host.pending.appendleft(_Task(task.url, task.attempt + 1, task.hops))
        else:
            # Still busy while recording: a redirect to the same host queues its
            # target here, and only this method may schedule the host (once, after
            # the delay). Scheduling it from add() too fetched the target with no
            # delay and then popped an empty queue.
            self._record(task, result, outcome.data)
        host.ready_at = time.monotonic() + wait
        host.busy = False
        if host.pending:
            self._push(outcome.host, host.ready_at)

    def _backoff(self, task: _Task, result: Response | Failure) -> float:
        wait = self.options.backoff * 2**task.attempt
        if isinstance(result, Response):
            after = result.header("Retry-After")
            if after.isdigit():
                wait = max(wait, min(float(after), MAX_RETRY_AFTER))
        return wait

    def _record(self, task: _Task, result: Response | Failure, data: bytes) -> None:
        if data:
            self.archive.append(data)
        if isinstance(result, Failure):
            self._fail(result)
        elif 300 <= result.status < 400:
            self._redirect(task, result)
        elif result.status >= 400:
            self._fail(Failure(task.url, f"HTTP {result.status}", _tries(task)))
        else:
            self.report.fetched += 1

    def _redirect(self, task: _Task, result: Response) -> None:
        self.report.redirects += 1
        location = result.header("Location")
        target = normalise(urljoin(task.url, location)) if location else None
        if target is None:
            why = "redirect without a usable Location"
            self._fail(Failure(task.url, f"HTTP {result.status}", why))
        elif target == task.url:
            self._fail(Failure(task.url, "redirect loop", "redirects to itself"))
        elif task.hops >= self.options.max_redirects:
            self._fail(Failure(task.url, "too many redirects", f"more than {task.hops}"))
        elif target not in self.seen:
            self.add(target, task.hops + 1)

    def _fail(self, failure: Failure) -> None:
        self.report.failed.append(failure)
        self.on_failure(failure)


def _tries(task: _Task) -> str:
    return f"after {task.attempt + 1} tries" if task.attempt else ""


# --------------------------------------------------------------------------- entry point


def fetch(
    urls: Iterable[str],
    output: Path,
    options: FetchOptions | None = None,
    on_progress: ProgressFn = _nothing,
    on_failure: FailureFn = _nothing,
) -> FetchReport:
    """Fetch ``urls`` (normalised again here) into the WARC at ``output``, resuming what is there.

    Raises FetchError before any request if the output cannot be used, and lets
    KeyboardInterrupt through after closing the archive (every record it holds is
    complete). A run that captured no page (every URL failed, or it was interrupted
    first) leaves no new archive, and an old one as it was: a WARC of nothing but
    error captures is no corpus (``FetchReport.rolled_back``).
    """
    options = options or FetchOptions()
    archive = open_archive(output, options)
    fetcher = None
    try:
        fetcher = Fetcher(options, archive, on_progress, on_failure)
        return fetcher.run(urls)
    finally:
        if fetcher is None:
            archive.roll_back()
        elif fetcher.report.fetched == 0:
            fetcher.report.rolled_back = archive.roll_back()
        archive.close()

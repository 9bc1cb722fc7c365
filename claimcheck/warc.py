"""Web archives (WARC, ``.warc`` / ``.warc.gz``) as an input format.

Each HTML or plain-text response record becomes a Document carrying the capture:
its URL (``WARC-Target-URI``) and capture time (``WARC-Date``). Everything else a
crawler stores is accounted for: redirects, error statuses, non-HTML payloads and
revisit records get one line each and are skipped; requests, warcinfo and metadata
records are not pages and are passed over silently. When a URL was captured more
than once, the latest readable capture is kept and each older one is named.

A WARC is read in two steps so that a big archive spreads over the pipeline's
worker processes like a folder of files: ``expand`` scans the record headers once
(cheap: no text extraction) and cuts the kept captures into parts of
``PART_RECORDS``; each part is one ``Source`` that a worker reads by seeking to
its records. (Parts of 50 captures made the pipeline's chunks coarse: on 10,000
pages the WARC read ~14% slower than .html files, the last chunk keeping one
worker busy alone.) Text extraction is read.py's, the same as for ``.html`` files.

The scan also checks the archive's tail: a writer killed mid-record leaves a
partial record at the end, which warcio would silently drop or misread. It is
reported (and ``claimcheck fetch`` cuts it off before appending).
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, NamedTuple

from .models import Document, ReadIssue
from .read import Source, _parse_html, _parse_text, decode

WARC_NAMES = (".warc", ".warc.gz")
PART_RECORDS = 1  # captures per worker task: one page a task, as for .html files, so the
# pipeline's chunking (sized by task count) balances the workers the same way
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
PAGE_TYPES = HTML_TYPES | TEXT_TYPES
_NOT_PAGES = frozenset({"request", "warcinfo", "metadata", "conversion", "continuation"})


def is_warc(name: str) -> bool:
    return name.lower().endswith(WARC_NAMES)


class Capture(NamedTuple):
    """Where one kept capture is in the archive, and what it says about itself."""

    offset: int
    url: str
    captured: str  # WARC-Date, ISO 8601 (UTC)


@dataclass(frozen=True, slots=True)
class WarcPart(Source):
    """Some of one archive's kept captures: one task for a reading worker."""

    captures: tuple[Capture, ...] = ()


@dataclass(slots=True)
class Record:
    """One record's headers as the scan saw them."""

    offset: int
    kind: str  # WARC-Type: response, request, resource, revisit, ...
    url: str
    date: str
    status: int | None  # HTTP status; None for records without HTTP headers
    content_type: str  # media type only, lower case ("" when absent)
    location: str = ""  # for redirects


@dataclass(slots=True)
class Scan:
    """An archive's records in file order, and how far the complete ones reach."""

    records: list[Record] = field(default_factory=list)
    good_end: int = 0  # byte offset after the last complete record
    size: int = 0
    problem: str = ""  # why reading stopped before ``size``, if it did

    @property
    def damaged(self) -> bool:
        return self.good_end < self.size


def media_type(value: str | None) -> str:
    return (value or "").split(";", 1)[0].strip().lower()


def charset_of(value: str | None) -> str | None:
    for param in (value or "").split(";")[1:]:
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset" and val.strip():
            return val.strip().strip("\"'")
    return None


def scan(path: Path) -> Scan:
    """Read every record's headers; stop at the first damaged or partial one.

    Its own parser, not warcio's: the scan runs in one process before the workers
    start, and warcio parses every header line of every record (requests too)
    in Python: 0.31 s against 0.12 s here for a 2,000-record archive. warcio
    still reads the records themselves (``_read_capture``). Raises OSError if the
    file cannot be opened; a file that is not a WARC comes back with no records
    and ``problem`` set.
    """
    result = Scan(size=path.stat().st_size)
    with open(path, "rb") as handle:
        gzipped = handle.read(2) == b"\x1f\x8b"
        handle.seek(0)
        blocks = _gzip_records(handle) if gzipped else _plain_records(handle)
        try:
            for offset, end, blob in blocks:
                if blob:
                    result.records.append(_parse_record(blob, offset))
                result.good_end = end
        except _Damaged as err:
            result.problem = str(err)
    if result.damaged and not result.problem:
        result.problem = "ends in a partial record (an interrupted write?)"
    return result


class _Damaged(Exception):
    """Where reading the archive had to stop, and why."""


_HEAD_END = b"\r\n\r\n"
_HTTP_HEAD_MAX = 65536  # HTTP headers longer than this are not a page's


def _gzip_records(handle: IO[bytes]) -> Iterator[tuple[int, int, bytes]]:
    """(offset, end, record head) per gzip member: one record per member, as the
    WARC standard recommends and every archiving tool writes."""
    offset, pending = 0, b""
    while True:
        if not pending:
            pending = handle.read(1 << 16)
            if not pending:
                return
        inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out: list[bytes] = []
        used = 0
        while not inflate.eof:
            if not pending:
                pending = handle.read(1 << 16)
                if not pending:
                    return  # a member cut short: the caller sees good_end < size
            try:
                out.append(inflate.decompress(pending))
            except zlib.error as err:
                raise _Damaged(f"damaged gzip data ({err})") from err
            rest = inflate.unused_data
            used += len(pending) - len(rest)
            pending = rest
        blob = b"".join(out)
        length = _block_length(blob)
        if length is None:
            raise _Damaged("a gzip member that is not a WARC record")
        whole = blob.find(_HEAD_END) + 4 + length
        if len(blob) < whole:
            return  # complete gzip, short record: partial
        if blob[whole:].strip():
            raise _Damaged("several records in one gzip member (whole-file gzip: not supported)")
        yield offset, offset + used, blob
        offset += used


def _plain_records(handle: IO[bytes]) -> Iterator[tuple[int, int, bytes]]:
    """(offset, end, record head) per record of an uncompressed WARC: headers read,
    blocks skipped by seeking."""
    size = os.fstat(handle.fileno()).st_size
    offset = 0
    while offset < size:
        handle.seek(offset)
        head = handle.read(32768)
        start = len(head) - len(head.lstrip(b"\r\n"))  # blank lines between records
        if start == len(head) and offset + start >= size:
            yield offset, size, b""  # blank lines at the very end: not damage
            return
        length = _block_length(head[start:])
        if length is None:
            if head[start:].startswith(b"WARC/") and offset + len(head) >= size:
                return  # headers cut short
            raise _Damaged("not a WARC record")
        head_end = head.find(_HEAD_END, start) + 4
        end = offset + head_end + length + 4
        if end > size:
            return  # block cut short
        handle.seek(offset + head_end)
        blob = head[start:head_end] + handle.read(min(length, _HTTP_HEAD_MAX))
        yield offset + start, end, blob
        offset = end


def _block_length(blob: bytes) -> int | None:
    """The Content-Length of a WARC record's header block, None if not a record."""
    if not blob.startswith(b"WARC/"):
        return None
    head_end = blob.find(_HEAD_END)
    if head_end < 0:
        return None
    value = _header(blob[:head_end], b"content-length")
    return int(value) if value.isdigit() else None


def _header(head: bytes, name: bytes) -> str:
    for line in head.split(b"\r\n")[1:]:
        key, sep, value = line.partition(b":")
        if sep and key.strip().lower() == name:
            return value.strip().decode("utf-8", "replace")
    return ""


def _parse_record(blob: bytes, offset: int) -> Record:
    head_end = blob.find(_HEAD_END)
    head, block = blob[:head_end], blob[head_end + 4 :]
    kind = _header(head, b"warc-type").lower()
    record = Record(
        offset=offset,
        kind=kind,
        url=_header(head, b"warc-target-uri").strip("<>"),
        date=_header(head, b"warc-date"),
        status=None,
        content_type=media_type(_header(head, b"content-type")),
    )
    if kind in ("response", "revisit") and block.startswith(b"HTTP/"):
        http_end = block.find(_HEAD_END)
        http = block[: http_end if http_end >= 0 else len(block)]
        status_line = http.split(b"\r\n", 1)[0].split()
        code = status_line[1] if len(status_line) > 1 else b""
        record.status = int(code) if code.isdigit() else 0
        record.content_type = media_type(_header(http, b"content-type"))
        record.location = _header(http, b"location")
    return record


# --------------------------------------------------------------------------- choosing captures


def verdict(record: Record) -> str | None:
    """None for a readable page; otherwise why the record is skipped ("" silently)."""
    if record.kind in _NOT_PAGES or record.url.startswith(("dns:", "whois:")):
        return ""
    if record.kind == "revisit":
        return "revisit record (a duplicate capture stored by reference), skipped"
    if record.kind not in ("response", "resource"):
        return f"{record.kind or 'untyped'} record, skipped"
    if record.kind == "response" and record.status is None:
        return "response without HTTP headers, skipped"
    status = record.status
    if status is not None and 300 <= status < 400:
        target = f" to {record.location}" if record.location else ""
        return f"redirect (HTTP {status}){target}, skipped"
    if status is not None and not 200 <= status < 300:
        return f"HTTP {status}, skipped"
    if record.content_type and record.content_type not in PAGE_TYPES:
        return f"not HTML ({record.content_type}), skipped"
    if record.url.lower().split("?", 1)[0].endswith("/robots.txt"):
        return ""  # a crawler's robots.txt fetch, not a page
    return None


def choose(records: list[Record], name: str) -> tuple[list[Record], list[ReadIssue]]:
    """The readable captures, the latest per URL, in file order; and what was skipped."""
    issues: list[ReadIssue] = []
    latest: dict[str, Record] = {}
    for record in records:
        why = verdict(record)
        if why is None:
            kept = latest.get(record.url)
            if kept is None or record.date >= kept.date:  # ties: the later in the file
                latest[record.url] = record
        elif why:
            issues.append(ReadIssue(f"{name}#{record.url}", why, fatal=not _benign(record)))
    kept_ids = {id(r) for r in latest.values()}
    chosen: list[Record] = []
    for record in records:
        if id(record) in kept_ids:
            chosen.append(record)
        elif verdict(record) is None:
            newer = latest[record.url].date
            problem = f"older capture ({record.date}) skipped: the latest ({newer}) is kept"
            issues.append(ReadIssue(f"{name}#{record.url}", problem, fatal=False))
    return chosen, issues


def _benign(record: Record) -> bool:
    """Skips that are a normal part of any crawl, not a problem with the input."""
    return record.kind == "revisit" or (record.status is not None and 300 <= record.status < 400)


# --------------------------------------------------------------------------- reading


def expand(sources: list[Source], issues: list[ReadIssue]) -> list[Source]:
    """Replace each WARC source by parts of its kept captures (see module doc)."""
    out: list[Source] = []
    for source in sources:
        if source.path is None or not is_warc(source.path.name):
            if source.path is not None and source.path.suffix.lower() == ".gz":
                issues.append(ReadIssue(source.name, "unsupported file type '.gz', skipped"))
                continue
            out.append(source)
            continue
        captures, found = _plan(source)
        issues.extend(found)
        for start in range(0, len(captures), PART_RECORDS):
            chunk = tuple(captures[start : start + PART_RECORDS])
            out.append(WarcPart(source.path, source.name, captures=chunk))
    return out


def _plan(source: Source) -> tuple[list[Capture], list[ReadIssue]]:
    assert source.path is not None
    try:
        found = scan(source.path)
    except OSError as err:
        return [], [ReadIssue(source.name, f"cannot read: {err.strerror or err}")]
    issues: list[ReadIssue] = []
    if not found.records:
        problem = found.problem or "no records"
        return [], [ReadIssue(source.name, f"not a readable WARC ({problem}), skipped")]
    if found.damaged:
        where = f"byte {found.good_end:,} of {found.size:,}"
        problem = f"{found.problem} at {where}; the records before it are read"
        issues.append(ReadIssue(source.name, problem, fatal=False))
    chosen, skipped = choose(found.records, source.name)
    issues.extend(skipped)
    if not chosen:
        issues.append(ReadIssue(source.name, "no HTML or text pages among the records, skipped"))
    return [Capture(r.offset, r.url, r.date) for r in chosen], issues


def read_warc(source: Source) -> tuple[list[Document], list[ReadIssue]]:
    """Read a part (or, called directly on a WARC, the whole archive) into documents."""
    assert source.path is not None
    issues: list[ReadIssue] = []
    if isinstance(source, WarcPart):
        captures = list(source.captures)
    else:
        captures, issues = _plan(source)
    docs: list[Document] = []
    try:
        with open(source.path, "rb") as handle:
            for capture in captures:
                doc, problem = _read_capture(handle, capture, source.name)
                if doc is not None:
                    docs.append(doc)
                if problem is not None:
                    issues.append(problem)
    except OSError as err:
        issues.append(ReadIssue(source.name, f"cannot read: {err.strerror or err}"))
    return docs, issues


def _read_capture(
    handle: IO[bytes], capture: Capture, name: str
) -> tuple[Document | None, ReadIssue | None]:
    from warcio.archiveiterator import ArchiveIterator

    where = f"{name}#{capture.url}"
    handle.seek(capture.offset)
    try:
        rec = next(iter(ArchiveIterator(handle, ensure_http_headers=False)))
        body = rec.content_stream().read()
        headers = rec.http_headers if rec.http_headers is not None else rec.rec_headers
        content_type = headers.get_header("Content-Type")
    except Exception as err:  # a damaged record or an encoding warcio cannot undo
        reason = (str(err).strip().splitlines() or [type(err).__name__])[0]
        return None, ReadIssue(where, f"cannot read the record: {reason}")
    if not body.strip():
        return None, ReadIssue(where, "empty page, skipped")
    text = _decode(body, charset_of(content_type))
    page = Source(None, where)
    kind = media_type(content_type)
    is_text = kind in TEXT_TYPES or (not kind and not _looks_html(text))
    docs, found = (_parse_text if is_text else _parse_html)(page, text)
    if not docs:
        return None, found[0] if found else ReadIssue(where, "no text, skipped")
    doc = replace(docs[0], url=capture.url, captured=capture.captured)
    return doc, found[0] if found else None


def _decode(body: bytes, charset: str | None) -> str:
    """The HTTP header's charset when it names one Python knows, else detection."""
    if charset:
        try:
            return body.decode(charset, errors="replace")
        except LookupError:
            pass
    return decode(body)[0]


def _looks_html(text: str) -> bool:
    head = text[:1000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or "<body" in head

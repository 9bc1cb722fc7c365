"""Reading a corpus: files, folders or stdin into Documents, problems into ReadIssues.

Every input either yields documents or one ReadIssue naming it and the reason;
nothing is dropped silently. A document's text is the file's text as Python's
``open(path, encoding=...)`` reads it (universal newlines, no BOM), so unit
offsets index the source: NBSPs, zero-width characters, curly quotes and dashes
all stay (grouping and display normalise them). Only control characters are
removed (NUL, ESC, C1: see ``clean_text``); form feed and vertical tab become
spaces, keeping every later offset.
"""

from __future__ import annotations

import codecs
import csv
import errno
import hashlib
import io
import json
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from .defaults import STDIN_FORMATS
from .lang import detect
from .models import Document, ReadIssue
from .plural import plural
from .terminal import printable
from .title import reads_as_title

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
RECORD_SUFFIXES = frozenset({".jsonl", ".ndjson", ".csv"})
ARCHIVE_SUFFIXES = frozenset({".warc", ".gz"})  # web archives: NAME.warc, NAME.warc.gz (warc.py)
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | RECORD_SUFFIXES | ARCHIVE_SUFFIXES
SIDECAR = ".meta.json"  # NAME.txt.meta.json: title/source/date/url for NAME.txt
META_FIELDS = ("title", "source", "date", "url")
STDIN = "-"
# A Markdown ATX heading's opening marker (segment.py reads headings the same way).
_ATX_HEADING = re.compile(r"#{1,6}[ \t]+(?=\S)")
TITLE_SCAN = 500  # characters read for a title guess; titles are at most 150

# C0 controls but tab and newline, DEL, and C1 controls (0x80-0x9f: an 8-bit CSI
# 0x9b acts on terminals as ESC [ does). Removed from every document's text, so
# no output (CSV, JSONL, stdout) carries one.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# The ASCII characters _CONTROL leaves: an ASCII text's control bytes are what is left
# when these are deleted (bytes.translate, ~10x the regex scan's speed).
_ASCII_KEPT = bytes(b for b in range(128) if _CONTROL.match(chr(b)) is None)
# A lone surrogate: JSON may spell one (``"\\ud800"``), but no output can encode
# it. Replaced with U+FFFD, as a decoder replaces a byte that is not UTF-8.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Source:
    """One input to read: a path (or stdin) and how it is named in output."""

    path: Path | None  # None: standard input
    name: str  # relative to the corpus root
    fmt: str | None = None  # a suffix (".csv") overriding detection; for stdin


def clean_text(text: str) -> str:
    """Newlines as ``open()`` reads them, and no control characters.

    CRLF and CR become LF; vertical tab and form feed become spaces (same length:
    offsets after them still index the file); other C0 controls but tab, DEL and
    C1 controls are removed. Everything else stays as the source has it.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for page_break in "\v\f":  # str.replace: a C loop, many times str.translate's speed
        if page_break in text:
            text = text.replace(page_break, " ")
    if text.isascii() and not text.encode("ascii").translate(None, _ASCII_KEPT):
        return text  # no control character: what the substitution would give
    return _CONTROL.sub("", text)


def doc_id_for(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def decode(data: bytes) -> tuple[str, str | None]:
    """Bytes to text; the second value says how, when it was not clean UTF-8."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as err:
        where = f"invalid UTF-8 at byte {err.start}"
    mended = _mostly_utf8(data)
    if mended is not None:
        text, bad = mended
        return text, f"{where}; {plural(bad, 'stray byte')} read as cp1252, the rest as UTF-8"
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None or _fits_cp1252(matches, best.chaos):
        # Short text is ambiguous between code pages (French in Latin-1 reads as well
        # in cp775, "café" as UTF-16 CJK); like browsers, take Windows-1252 when it
        # reads as well as the best guess: by far the most common on the web.
        try:
            return data.decode("cp1252"), f"{where}; decoded as cp1252"
        except UnicodeDecodeError:
            pass
    if best is not None and best.encoding not in ("utf_8", "utf-8"):
        return str(best), f"{where}; decoded as {best.encoding}"
    return data.decode("utf-8", errors="replace"), f"{where}; undecodable bytes replaced"


_STRAY = re.compile("[\udc80-\udcff]")  # a byte UTF-8 could not read, as surrogateescape keeps it


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """UTF-8 with a few stray bytes (a Windows-1252 quote pasted into a UTF-8 page), as
    (text, stray bytes): the text read as UTF-8, each stray byte as cp1252. None when the
    file is no such thing: when its valid non-ASCII characters are fewer than its stray
    bytes. A file in one code page has next to none (its accented letters are invalid
    UTF-8 one by one); read whole as another code page, a UTF-8 file with three stray
    bytes became Cyrillic junk."""
    text = data.decode("utf-8", errors="surrogateescape")
    stray = len(_STRAY.findall(text))
    wide = sum(1 for c in text if ord(c) > 127) - stray
    if wide < max(stray, 1):
        return None
    return _STRAY.sub(_as_cp1252, text), stray


def _as_cp1252(stray: re.Match[str]) -> str:
    return bytes([ord(stray.group()) - 0xDC00]).decode("cp1252", "replace")


def _fits_cp1252(matches: Iterable[Any], least_chaos: float) -> bool:
    """Whether Windows-1252 is among the encodings that read the bytes with the least
    chaos (charset_normalizer files encodings that decode alike under one match)."""
    return any(
        m.chaos <= least_chaos and "cp1252" in m.could_be_from_charset for m in matches
    )


# Bytes that plain text (in any 8-bit or UTF-8 encoding) does not have: C0 controls
# but tab, newlines, form feed and ESC (ANSI colours in logs), and DEL. Random
# binary data has ~11% of them; text has next to none (a stray NUL or two).
_CONTROL_BYTES = bytes([*range(0, 9), 11, *range(14, 27), *range(28, 32), 127])
_OTHER_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
BINARY_CONTROL_SHARE = 0.05  # of the first 8 KB
_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def control_share(data: bytes) -> float:
    """Control bytes among the first 8 KB's bytes other than NUL: a few NULs in a
    short text file (removed and reported) do not make it binary; only NULs do."""
    head = data[:8192]
    if not head:
        return 0.0
    rest = head.replace(b"\x00", b"")
    return len(rest.translate(None, _OTHER_BYTES)) / len(rest) if rest else 1.0


def looks_binary(data: bytes) -> bool:
    """Judged by content: too many control bytes for text in any 8-bit encoding.
    UTF-16/32 must be ruled out first: see ``wide_encoding``."""
    return control_share(data) > BINARY_CONTROL_SHARE


def wide_encoding(data: bytes) -> tuple[str, bool] | None:
    """UTF-16 or UTF-32, with the BOM or recognised by where the zero bytes fall
    (Latin text in UTF-16LE is every other byte zero); and whether it was a guess.
    A guess is kept only if the whole file decodes strictly."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, False
    head = data[:8192]
    if b"\x00" not in head:
        return None  # what every ``_zeros_fit`` below says of a head without zeros (most files)
    for encoding, unit in (("utf-32-le", 4), ("utf-32-be", 4), ("utf-16-le", 2), ("utf-16-be", 2)):
        if len(data) % unit == 0 and _zeros_fit(head, encoding, unit) and _decodes(data, encoding):
            return encoding, True
    return None


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def wide_by_statistics(data: bytes) -> str | None:
    """UTF-16 without a BOM and without zero bytes (CJK, Cyrillic, Arabic: their code
    units have no zero half): charset_normalizer judges the head; kept only if the
    whole file decodes strictly. Asked only of files that look binary."""
    if len(data) % 2:
        return None
    from charset_normalizer import from_bytes

    best = from_bytes(data[:16384]).best()
    encoding = (best.encoding if best is not None else "").replace("_", "-")
    if encoding in ("utf-16-le", "utf-16-be") and _decodes(data, encoding):
        return encoding
    return None


def _zeros_fit(head: bytes, encoding: str, unit: int) -> bool:
    """Zero bytes where the high bytes of ``encoding``'s code units are (mostly), and
    hardly ever where the low byte is."""
    n = len(head) - len(head) % unit
    if n < unit * 2:
        return False
    share = [head[i:n:unit].count(0) / (n // unit) for i in range(unit)]
    low = 0 if encoding.endswith("le") else unit - 1
    high = [i for i in range(unit) if i != low]
    if unit == 4:  # the top two bytes are zero for every character of any script
        high = [2, 3] if low == 0 else [0, 1]
        return min(share[i] for i in high) > 0.95 and share[low] < 0.5
    return share[high[0]] > 0.4 and share[low] < 0.1


def discover(
    inputs: Iterable[str], stdin_format: str | None = None
) -> tuple[list[Source], list[ReadIssue], str]:
    """Expand folders (recursively, sorted) into sources; return them with the root.

    ``stdin_format`` ("txt", "html", "jsonl" or "csv") says how to read ``-``;
    None: detect it from the content."""
    sources: list[Source] = []
    issues: list[ReadIssue] = []
    inputs = list(inputs)
    paths = [Path(p) for p in inputs if p != STDIN]
    root = _common_root(paths)
    for raw in inputs:
        if raw == STDIN:
            fmt = STDIN_FORMATS.get(stdin_format or "")
            sources.append(Source(None, "<stdin>", fmt))
            continue
        path = Path(raw)
        if path.is_dir():
            sources.extend(_walk(path, root, issues))
        elif path.is_file():
            sources.append(Source(path, printable(_relative(path, root))))
        elif path.exists() or path.is_symlink():
            issues.append(ReadIssue(raw, _not_a_file(raw)))
        else:
            issues.append(ReadIssue(raw, "no such file or directory"))
    sources = _web_archives(sources, issues)
    return sources, issues, str(root) if paths else ""


def _web_archives(sources: list[Source], issues: list[ReadIssue]) -> list[Source]:
    """Hook: WARC files become parts of their pages (warc.py); other .gz files are
    unsupported. Only imports warc.py (and warcio) when there is an archive."""
    if not any(s.path is not None and s.path.suffix.lower() in ARCHIVE_SUFFIXES for s in sources):
        return sources
    from .warc import expand

    return expand(sources, issues)


def _common_root(paths: list[Path]) -> Path:
    if len(paths) == 1 and paths[0].is_dir():
        return paths[0].resolve()
    parents = [(p if p.is_dir() else p.parent).resolve() for p in paths]
    if not parents:
        return Path.cwd()
    common = parents[0]
    for parent in parents[1:]:
        while common not in (parent, *parent.parents):
            common = common.parent
    return common


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _walk(folder: Path, root: Path, issues: list[ReadIssue]) -> Iterator[Source]:
    prefix = _relative(folder, root)
    prefix = "" if prefix == "." else prefix + "/"
    walk = _Walk(prefix, [])
    found = sorted(walk.files_under(folder, (), frozenset()))
    issues.extend(sorted(walk.issues, key=lambda issue: issue.path))  # listing order varies
    for parts, path in found:
        name = parts[-1]
        if name.endswith(SIDECAR):
            continue
        rel = printable(prefix + "/".join(parts))
        if path.suffix.lower() in SUFFIXES:
            yield Source(path, rel)
        else:
            kind = path.suffix or "(none)"
            issues.append(ReadIssue(rel, f"unsupported file type {kind!r}, skipped"))


@dataclass(slots=True)
class _Walk:
    """One folder walk: regular files below a folder, and an issue for everything
    else met on the way (never an exception: one bad entry must not end the run)."""

    prefix: str
    issues: list[ReadIssue]

    def files_under(
        self, folder: Path, parts: tuple[str, ...], ancestors: frozenset[tuple[int, int]]
    ) -> Iterator[tuple[tuple[str, ...], Path]]:
        """Regular files below ``folder`` with their path parts, skipping hidden names
        (.git, .DS_Store). os.scandir, not Path.rglob: directory entries carry their
        type, so a folder of 30,000 pages is listed without a stat per file.
        ``ancestors`` (device, inode) of the folders above: a symlink back to one
        of them is a loop."""
        try:
            info = os.stat(folder)
            key = (info.st_dev, info.st_ino)
            if key in ancestors:
                self._skip(parts, "symlink loop (leads back to a folder above), skipped")
                return
            with os.scandir(folder) as entries:
                listed = [e for e in entries if not e.name.startswith(".")]
        except OSError as err:
            self._skip(parts, f"cannot list folder: {err.strerror or err}, skipped")
            return
        for entry in listed:
            here = (*parts, entry.name)
            kind = _entry_kind(entry)
            if kind == "dir":
                yield from self.files_under(Path(entry.path), here, ancestors | {key})
            elif kind == "file":
                yield here, Path(entry.path)
            else:
                self._skip(here, _not_a_file(entry.path))

    def _skip(self, parts: tuple[str, ...], problem: str) -> None:
        name = self.prefix + "/".join(parts) if parts else self.prefix.rstrip("/") or "."
        self.issues.append(ReadIssue(printable(name), problem))


def _entry_kind(entry: os.DirEntry[str]) -> str:
    """'dir', 'file' or 'other'; is_dir() raises (not False) on a symlink loop."""
    try:
        if entry.is_dir():
            return "dir"
        return "file" if entry.is_file() else "other"
    except OSError:
        return "other"


def _not_a_file(path: str) -> str:
    """Why a path that is neither a folder nor a regular file was skipped."""
    try:
        mode = os.stat(path).st_mode
    except OSError as err:
        if os.path.islink(path):
            if err.errno == errno.ELOOP:
                return "symlink loop, skipped"
            return "broken symlink, skipped"
        return f"cannot read: {err.strerror or err}, skipped"
    for test, what in _SPECIAL_KINDS:
        if test(mode):
            return f"{what}, not a regular file, skipped"
    return "not a regular file, skipped"


_SPECIAL_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def read_source(source: Source) -> tuple[list[Document], list[ReadIssue]]:
    """Read one source into documents; problems come back as issues, never raised."""
    if source.path is not None and source.path.suffix.lower() in ARCHIVE_SUFFIXES:
        from .warc import read_warc  # hook: web archives have a reader of their own

        return read_warc(source)
    try:
        data = sys.stdin.buffer.read() if source.path is None else source.path.read_bytes()
    except OSError as err:
        return [], [ReadIssue(source.name, f"cannot read: {err.strerror or err}")]
    if not data.strip():
        return [], [ReadIssue(source.name, "empty file, skipped")]
    wide = wide_encoding(data)
    if wide is None and looks_binary(data) and (guess := wide_by_statistics(data)):
        wide = (guess, True)
    issues = []
    if wide is not None:
        text = data.decode(wide[0], errors="replace")
        share = len(_CONTROL.findall(text[:4096])) / max(1, len(text[:4096]))
        if share > BINARY_CONTROL_SHARE:  # zeros in the right places, yet no text
            return [], [ReadIssue(source.name, f"binary file ({share:.0%} control bytes), skipped")]
        if wide[1]:
            issues.append(ReadIssue(source.name, f"no BOM; decoded as {wide[0]}", fatal=False))
    elif looks_binary(data):
        share = control_share(data)
        return [], [ReadIssue(source.name, f"binary file ({share:.0%} control bytes), skipped")]
    else:
        text, how = decode(data)
        if how:
            issues.append(ReadIssue(source.name, how, fatal=False))
    nuls = text.count("\x00")
    if nuls:  # removed with the other controls (clean_text)
        issues.append(ReadIssue(source.name, f"{nuls:,} NUL bytes removed", fatal=False))
    suffix = _format_of(source, text)
    parse = _PARSERS.get(suffix)
    if parse is None:  # a file named on the command line: folders skip these quietly
        problem = f"unsupported file type {suffix!r} (reads {', '.join(sorted(SUFFIXES))}), skipped"
        return [], [*issues, ReadIssue(source.name, problem)]
    try:
        docs, more = parse(source, text)
    except Exception as err:  # a parser bug must not sink the whole run
        reason = (str(err).strip().splitlines() or [type(err).__name__])[0]  # one line
        return [], [*issues, ReadIssue(source.name, f"cannot parse as {suffix}: {reason}")]
    return docs, issues + more


def _format_of(source: Source, text: str) -> str:
    if source.fmt is not None:
        return source.fmt
    if source.path is not None:
        suffix = source.path.suffix.lower()
        return ".txt" if suffix in TEXT_SUFFIXES else suffix
    stripped = text.lstrip()
    if stripped.startswith("{"):
        return ".jsonl"
    if stripped[:200].lower().startswith(("<!doctype html", "<html")):
        return ".html"
    if _csv_header(stripped):
        return ".csv"
    return ".txt"


def _csv_header(text: str) -> bool:
    """A first line that reads as CSV columns, one of them ``text``: what the CSV
    reader needs; prose with commas has no field that is exactly "text"."""
    first = text.split("\n", 1)[0]
    if "," not in first:
        return False
    fields = next(csv.reader([first]), [])
    return "text" in (f.strip().lower() for f in fields)


def _sidecar(source: Source) -> tuple[dict[str, str], list[ReadIssue]]:
    if source.path is None:
        return {}, []
    side = source.path.with_name(source.path.name + SIDECAR)
    if not side.is_file():
        return {}, []
    try:
        meta = json.loads(side.read_text(encoding="utf-8"))
        if not isinstance(meta, dict):
            raise ValueError("not a JSON object")
    except (OSError, ValueError) as err:
        return {}, [ReadIssue(source.name + SIDECAR, f"metadata ignored: {err}", fatal=False)]
    return _meta(meta), []


def _meta(record: dict) -> dict[str, str]:
    found = {k: record[k] for k in META_FIELDS if record.get(k) not in (None, "")}
    return {k: _record_text(_CONTROL.sub("", str(v))).strip() for k, v in found.items()}


def _record_text(text: str) -> str:
    """A record's string with any lone surrogate made U+FFFD."""
    return _LONE_SURROGATE.sub("\ufffd", text)


def _document(name: str, text: str, meta: dict[str, str]) -> Document | None:
    text = clean_text(text)
    if not text.strip():
        return None
    return Document(doc_id=doc_id_for(text), path=name, text=text, lang=detect(text), **meta)


def _guess_title(text: str) -> str:
    """The first line, when it reads as a headline rather than a sentence; a Markdown
    heading ("# Title", "## Title ##") without its markers, as the segmenter reads it.

    Only the head is cleaned here: the document's text is cleaned once, later.
    A first line cut off at the head's end is longer than any title anyway.
    """
    first = clean_text(text.lstrip()[:TITLE_SCAN]).strip().split("\n", 1)[0].strip()
    atx = _ATX_HEADING.match(first)
    if atx:
        first = first[atx.end() :].rstrip("# \t")
    return first if reads_as_title(first) else ""


def _parse_text(source: Source, text: str) -> tuple[list[Document], list[ReadIssue]]:
    meta, issues = _sidecar(source)
    meta.setdefault("title", _guess_title(text))
    doc = _document(source.name, text, {k: v for k, v in meta.items() if v})
    if doc is None:
        problem = "no text (only whitespace or invisible characters), skipped"
        return [], [*issues, ReadIssue(source.name, problem)]
    return [doc], issues


def _parse_html(source: Source, html: str) -> tuple[list[Document], list[ReadIssue]]:
    if OWN_REPORT_MARK in html[:1000]:
        return [], [ReadIssue(source.name, "a claimcheck report, skipped; read the pages")]
    import trafilatura

    meta, issues = _sidecar(source)
    tree = _html_tree(html)
    if tree is None:  # deeper than any tree lxml builds: every visible text node
        body = _VisibleText.of(html)
    else:
        headings = _heading_keys(tree)  # before extraction, which prunes the tree
        body = trafilatura.extract(
            tree, include_comments=False, include_tables=True, favor_recall=True,
            with_metadata=False,
        )  # fmt: skip
        body = _mark_headings(body, headings) if body else body
    if not body:  # too short or unusual for main-text detection: take all visible text
        tree = _html_tree(html)  # afresh: extraction may have pruned the first
        body = (trafilatura.html2txt(tree) if tree is not None else "") or ""
    # extensive=False: the date from the page's metadata (meta tags, <time>, the URL)
    # only; htmldate's search of the text turns a bare "2023" into 2023-01-01, and
    # pagedate reads a date the text states at the top of the page
    info = trafilatura.extract_metadata(html, extensive=False)
    if info is not None:
        found = {"title": info.title, "source": info.sitename, "date": info.date, "url": info.url}
        for key, value in found.items():
            if value and key not in meta:
                meta[key] = str(value)
    doc = _document(source.name, body, meta)
    if doc is None:
        return [], [*issues, ReadIssue(source.name, "HTML has no visible text, skipped")]
    return [doc], issues


_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_LIST_OR_TABLE_LINE = re.compile(r"[-*+|]\s")


def _line_key(text: str) -> str:
    """A line's words, single-spaced: the same heading in the tree and in trafilatura's
    text, whatever spacing each gives it (punctuation counts: "Boeing paid a fortune."
    under the heading "Boeing paid a fortune" is a sentence)."""
    return " ".join(text.split())


def _heading_keys(tree: Any) -> dict[str, int]:
    """The page's <h1>-<h6> texts (as ``_line_key``) and their levels."""
    keys: dict[str, int] = {}
    for element in tree.iter(*_HEADING_TAGS):
        key = _line_key(element.text_content())
        if key:
            keys.setdefault(key, int(element.tag[1]))
    return keys


def _mark_headings(body: str, headings: dict[str, int]) -> str:
    """``body`` with each line that is one of the page's headings opened by a Markdown
    marker ("## 2) Size of the trial"). trafilatura's plain text drops the markup, and a
    heading's words then read as a claim ("Burnout", "#1 - A week turned into months");
    the segmenter reads "#" lines as headings, as in a Markdown page. Its Markdown output
    would mark them too, but also escapes and emphasises the text of every sentence."""
    if not headings:
        return body
    lines = body.split("\n")
    for i, line in enumerate(lines):
        text = line.strip()
        if not text or _ATX_HEADING.match(text) or _LIST_OR_TABLE_LINE.match(text):
            continue
        level = headings.get(_line_key(text))
        if level:
            lines[i] = "#" * level + " " + text
    return "\n".join(lines)


def _html_tree(html: str) -> Any:
    """The page as an lxml tree for trafilatura, parsed here rather than by it: its
    parser stops at 255 levels of nesting and silently drops what is deeper (pages
    nested that deep came out as "no visible text"). ``huge_tree`` raises the limit
    to 2048; None for a page deeper still, or one lxml refuses."""
    from lxml.html import HTMLParser as LxmlParser
    from lxml.html import fromstring

    parser = LxmlParser(
        collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True,
        remove_pis=True, huge_tree=True,
    )  # fmt: skip
    try:
        tree = fromstring(html.encode("utf-8", "surrogatepass"), parser=parser)
    except Exception:  # lxml raises its own types for empty or broken documents
        return None
    if any("depth" in err.message for err in parser.error_log):  # cut off there
        return None
    return tree


class _VisibleText(HTMLParser):
    """Visible text of HTML, a line per block element, script and style left out."""

    _HIDDEN = frozenset({"script", "style", "noscript", "template", "head", "title"})
    _BLOCKS = frozenset(
        {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
         "article", "blockquote", "pre", "dd", "dt", "table", "ul", "ol", "header", "footer"}
    )  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    @classmethod
    def of(cls, html: str) -> str:
        parser = cls()
        parser.feed(html)
        parser.close()
        lines = ("".join(parser.parts)).split("\n")
        return "\n".join(" ".join(line.split()) for line in lines if line.strip())

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in self._HIDDEN:
            self.hidden += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


# claimcheck's own unit rows (``group`` output, a project's per-sentence export). Read as a
# corpus they are one document per sentence: a re-run in the folder the first run wrote
# its groups.csv to read 500 "documents". Skipped, said once per file.
_OWN_OUTPUT_COLUMNS = frozenset({"unit_id", "group_id"})
_OWN_OUTPUT = "a claimcheck output (rows with unit_id and group_id), skipped; read the pages"


# The source report's page says who made it, so a report saved beside the pages is not
# read back as one of them (report_html writes this tag).
OWN_REPORT_MARK = '<meta name="generator" content="claimcheck">'


def _own_output(source: Source, columns: Iterable[str]) -> list[ReadIssue] | None:
    if _OWN_OUTPUT_COLUMNS.issubset(columns):
        return [ReadIssue(source.name, _OWN_OUTPUT + " it was made from")]
    return None


def _parse_jsonl(source: Source, text: str) -> tuple[list[Document], list[ReadIssue]]:
    records: list[tuple[str, object]] = []
    issues: list[ReadIssue] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            problem = f"invalid JSON ({err.msg}), skipped"
            issues.append(ReadIssue(f"{source.name}:{lineno}", problem))
            continue
        if not records and isinstance(record, dict):  # our own output: known at its first row
            own = _own_output(source, record)
            if own is not None:
                return [], own
        records.append((str(lineno), record))
    return _records(source, records, issues, "line")


def _parse_csv(source: Source, text: str) -> tuple[list[Document], list[ReadIssue]]:
    csv.field_size_limit(sys.maxsize)
    # Strict: a stray quote is an error said by line, not a field that silently runs on
    # and swallows the rows after it (the lenient reader's "text" of 300 lines).
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, [])
    except csv.Error as err:
        return [], [ReadIssue(source.name, f"malformed CSV header ({err}), skipped")]
    columns = {c.strip().lower(): i for i, c in enumerate(header)}
    own = _own_output(source, columns)
    if own is not None:
        return [], own
    if "text" not in columns:
        found = ", ".join(c for c in columns if c) or "none"
        return [], [ReadIssue(source.name, f"no 'text' column (columns: {found}), skipped")]
    issues: list[ReadIssue] = []
    rows = _csv_rows(source, reader, columns, len(header), issues)
    return _records(source, rows, issues, "row")


def _csv_rows(
    source: Source, reader: Any, columns: dict[str, int], width: int, issues: list[ReadIssue]
) -> Iterator[tuple[str, dict[str, str | None]]]:
    """(row number, {column: cell}) of each well-formed row; a malformed one (a quote
    never closed, text after a closing quote, more cells than the header) is an issue
    naming its lines, and reading goes on after it."""
    number = 1  # the header's
    while True:
        first = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            number += 1
            lines = _lines(first, reader.line_num)
            problem = f"malformed CSV ({err}) on {lines}, skipped"
            issues.append(ReadIssue(f"{source.name}:{number}", problem))
            continue
        number += 1
        if len(cells) > width:
            issues.append(ReadIssue(
                f"{source.name}:{number}",
                f"{len(cells)} cells, the header has {width} (a stray comma or quote?)"
                f" on {_lines(first, reader.line_num)}, skipped",
            ))  # fmt: skip
            continue
        yield str(number), {k: cells[i] if i < len(cells) else None for k, i in columns.items()}


def _lines(first: int, last: int) -> str:
    return f"line {first}" if last <= first else f"lines {first}-{last}"


def _records(
    source: Source, records: Iterable[tuple[str, object]], issues: list[ReadIssue], unit: str
) -> tuple[list[Document], list[ReadIssue]]:
    docs: list[Document] = []
    for number, record in records:
        where = f"{source.name}:{number}"
        if not isinstance(record, dict):
            issues.append(ReadIssue(where, f"{unit} is not an object, skipped"))
            continue
        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            issues.append(ReadIssue(where, f"{unit} has no 'text', skipped"))
            continue
        rid = record.get("id")
        name = f"{source.name}#{printable(str(rid))}" if rid not in (None, "") else where
        doc = _document(name, _record_text(text), _meta(record))
        if doc is None:
            issues.append(ReadIssue(where, f"{unit} has only invisible characters, skipped"))
        else:
            docs.append(doc)
    if not docs and not issues:
        issues.append(ReadIssue(source.name, f"no {unit}s, skipped"))
    return docs, issues


_PARSERS = {
    ".txt": _parse_text,
    ".html": _parse_html,
    ".htm": _parse_html,
    ".xhtml": _parse_html,
    ".jsonl": _parse_jsonl,
    ".ndjson": _parse_jsonl,
    ".csv": _parse_csv,
}


def dedupe_ids(docs: list[Document]) -> tuple[list[Document], list[ReadIssue]]:
    """Give repeated texts distinct ids (deterministic: by reading order) and say so."""
    seen: dict[str, str] = {}
    out: list[Document] = []
    issues: list[ReadIssue] = []
    for doc in docs:
        if doc.doc_id in seen:
            n = 2
            while f"{doc.doc_id}-{n}" in seen:
                n += 1
            issues.append(ReadIssue(doc.path, f"same text as {seen[doc.doc_id]}", fatal=False))
            doc = replace(doc, doc_id=f"{doc.doc_id}-{n}")
        seen[doc.doc_id] = doc.path
        out.append(doc)
    return out, issues

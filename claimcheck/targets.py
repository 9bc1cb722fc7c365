"""What to fetch: a file of links, a sitemap file or a sitemap URL, as clean URLs.

URLs are normalised and de-duplicated (``fetch.normalise``, courlan) in the order
given; entries that are not http(s) URLs come back as failures, one each, as do
child sitemaps that cannot be had. Sitemaps are fetched with fetch's client, so
robots.txt and the user agent apply to them as to pages.
"""

from __future__ import annotations

import time
from collections import deque
from pathlib import Path

from .fetch import Client, Failure, FetchError, FetchOptions, Robots, normalise, ungzip

MAX_SITEMAPS = 100  # child sitemaps followed from sitemap indexes


def parse_url_list(text: str) -> list[str]:
    """One URL per line; blank lines and ``#`` comments ignored."""
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def parse_sitemap(data: bytes) -> tuple[list[str], list[str]]:
    """The page URLs and the child sitemap URLs of a sitemap (or sitemap index).

    lxml without entity expansion or network access: a sitemap is untrusted XML.
    """
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
    root = etree.fromstring(data, parser)
    if root is None:
        raise ValueError("not XML")
    pages: list[str] = []
    children: list[str] = []
    for loc in root.iter("{*}loc", "loc"):
        parent = etree.QName(loc.getparent()).localname if loc.getparent() is not None else ""
        url = (loc.text or "").strip()
        if url:
            (children if parent == "sitemap" else pages).append(url)
    return pages, children


def _looks_xml(data: bytes) -> bool:
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<"


def read_targets(spec: str, options: FetchOptions) -> tuple[list[str], list[Failure]]:
    """The normalised, de-duplicated URLs a URL list file, sitemap file or sitemap
    URL names (in their order), and one Failure per entry that is not a URL and per
    child sitemap that could not be had. FetchError when ``spec`` itself cannot."""
    problems: list[Failure] = []
    raw = _targets_raw(spec, options, problems)
    urls: list[str] = []
    seen: set[str] = set()
    for entry in raw:
        url = normalise(entry)
        if url is None:
            problems.append(Failure(entry[:200], "invalid URL", "not an http(s) URL"))
        elif url not in seen:
            seen.add(url)
            urls.append(url)
    return urls, problems


def _targets_raw(spec: str, options: FetchOptions, problems: list[Failure]) -> list[str]:
    sitemaps = _Sitemaps(options, problems)
    if spec.startswith(("http://", "https://")):
        pages, children = sitemaps.fetch(spec)
        if pages is None:
            raise FetchError(f"{spec}: {children[0]}")
        return pages + sitemaps.children(children)
    try:
        data = ungzip(Path(spec).read_bytes())
    except (OSError, EOFError) as err:
        raise FetchError(f"{spec}: cannot read: {getattr(err, 'strerror', None) or err}") from err
    if _looks_xml(data):
        try:
            pages, children = parse_sitemap(data)
        except ValueError as err:
            raise FetchError(f"{spec}: not a sitemap: {err}") from err
        return pages + sitemaps.children(children)
    return parse_url_list(data.decode("utf-8-sig", errors="replace"))


class _Sitemaps:
    """Sitemaps fetched over HTTP, robots.txt and the per-host delay observed."""

    def __init__(self, options: FetchOptions, problems: list[Failure]) -> None:
        self.options = options
        self.problems = problems
        self._client: Client | None = None
        self._robots: Robots | None = None

    def fetch(self, url: str) -> tuple[list[str] | None, list[str]]:
        """(pages, child sitemaps), or (None, [why]) when it cannot be had."""
        if self._client is None or self._robots is None:
            self._client = Client(self.options)
            self._robots = Robots(self._client, self.options.robots)
        refused = self._robots.check(url)[0]
        if refused is not None:
            return None, [f"sitemap not fetched: {refused.kind} ({refused.detail})"]
        resp = self._client.get(url, pages_only=False)
        if isinstance(resp, Failure):
            return None, [f"cannot fetch the sitemap: {resp.kind} {resp.detail}".strip()]
        if resp.status != 200:
            return None, [f"cannot fetch the sitemap: HTTP {resp.status}"]
        body = resp.body
        if resp.header("Content-Encoding").lower() in ("gzip", "x-gzip"):
            body = ungzip(body)
        body = ungzip(body)  # sitemap.xml.gz served as a file
        if not _looks_xml(body):  # the protocol allows a plain list of URLs
            return parse_url_list(body.decode("utf-8-sig", errors="replace")), []
        try:
            return parse_sitemap(body)
        except ValueError as err:
            return None, [f"not a sitemap: {err}"]

    def children(self, children: list[str]) -> list[str]:
        """Pages of the sitemaps a sitemap index lists (breadth first, at most
        ``MAX_SITEMAPS``); one problem line per child that cannot be had."""
        pages: list[str] = []
        todo, seen = deque(children), set(children)
        for count in range(MAX_SITEMAPS):
            if not todo:
                break
            if count:
                time.sleep(self.options.delay)
            url = todo.popleft()
            found, more = self.fetch(url)
            if found is None:
                self.problems.append(Failure(url, "sitemap", more[0]))
                continue
            pages.extend(found)
            fresh = [c for c in more if c not in seen]
            seen.update(fresh)
            todo.extend(fresh)
        if todo:
            self.problems.append(Failure(todo[0], "sitemap", f"over {MAX_SITEMAPS} sitemaps"))
        return pages

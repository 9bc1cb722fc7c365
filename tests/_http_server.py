"""A local web site for the fetch tests and benchmark: 127.0.0.1 only, any port.

Paths:
  /page/N         an HTML page with its own text (N any integer)
  /text/N         a plain-text page;  /gz/N: /page/N sent gzip-encoded
  /redirect/N     301 to /page/N;  /loop: 302 to itself
  /missing        404;  /error: 500 always;  /flaky: 503 on the first request, then a page
  /slow           headers at once, then the body a byte per 0.2 s (never done within 1 s)
  /huge           a 5 MB HTML body (no Content-Length: the client must count)
  /pdf            application/pdf
  /private/N      a page robots.txt disallows
  /robots.txt     Disallow: /private/ (and Crawl-delay if the Site is given one)
  /sitemap.xml    a sitemap listing /page/0../page/4 and /redirect/5
  /sitemap-index.xml  an index of /sitemap.xml and /sitemap-b.xml (/page/10../page/12)

Every request is counted per path (``Site.hits``) so tests can prove that nothing
was fetched twice. ``Site.page_delay`` slows every page down (seconds).
"""

from __future__ import annotations

import gzip
import socket
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

WORDS = [
    "council", "budget", "river", "school", "vaccine", "harbour", "election", "report",
    "museum", "bridge", "farmers", "minister", "railway", "festival", "hospital", "drought",
    "senate", "library", "tariff", "census",
]  # fmt: skip


def page_html(n: int) -> str:
    """A page with a headline, navigation chrome and three paragraphs unique to ``n``."""
    words = [WORDS[(n * 7 + i * 3) % len(WORDS)] for i in range(12)]
    paragraphs = "".join(
        f"<p>Officials said on Monday that the {words[i]} plan number {n} would change "
        f"the {words[i + 1]} rules, and the {words[i + 2]} office confirmed it in "
        f"a statement published by the ministry in district {n % 97}.</p>"
        for i in range(0, 9, 3)
    )
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>Story {n}: the "
        f"{words[0]} plan</title></head><body><nav><a href='/'>Home</a> <a href='/news'>"
        f"News</a></nav><article><h1>Story {n}: the {words[0]} plan</h1>{paragraphs}"
        f"</article><footer>Copyright the local paper</footer></body></html>"
    )


class Site:
    """The server, started on a free loopback port; a context manager."""

    def __init__(self, page_delay: float = 0.0, crawl_delay: int = 0) -> None:
        self.page_delay = page_delay
        self.crawl_delay = crawl_delay
        self.hits: Counter[str] = Counter()
        self._lock = threading.Lock()
        site = self

        class Handler(_Handler):
            owner = site

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def count(self, path: str) -> int:
        with self._lock:
            self.hits[path] += 1
            return self.hits[path]

    def __enter__(self) -> Site:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


class _Handler(BaseHTTPRequestHandler):
    owner: Site
    protocol_version = "HTTP/1.1"  # keep-alive, as real servers
    disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms stall

    def log_message(self, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        path = self.path.split("?", 1)[0]
        seen = self.owner.count(path)
        head, _, rest = path.strip("/").partition("/")
        if head in ("page", "private"):
            if self.owner.page_delay:
                time.sleep(self.owner.page_delay)
            self._send(200, page_html(int(rest or 0)))
        elif head == "gz":  # compressed in transit: the archive keeps it so
            self._send(200, page_html(int(rest or 0)), headers={"Content-Encoding": "gzip"})
        elif head == "text":
            self._send(200, f"Plain notes {rest}.\nThe depot opened in May.\n", "text/plain")
        elif head == "redirect":
            self._send(301, "", headers={"Location": f"/page/{rest}"})
        elif head == "loop":
            self._send(302, "", headers={"Location": "/loop"})
        elif head == "missing":
            self._send(404, "<html><body>Not found</body></html>")
        elif head == "error":
            self._send(500, "<html><body>Server error</body></html>")
        elif head == "flaky":
            self._send(503 if seen == 1 else 200, page_html(999), headers={"Retry-After": "0"})
        elif head == "slow":
            self._slow()
        elif head == "huge":
            self._huge()
        elif head == "pdf":
            self._send(200, "%PDF-1.4 not really", "application/pdf")
        elif head == "robots.txt":
            rules = "User-agent: *\nDisallow: /private/\n"
            if self.owner.crawl_delay:
                rules += f"Crawl-delay: {self.owner.crawl_delay}\n"
            self._send(200, rules, "text/plain")
        elif head in ("sitemap.xml", "sitemap-b.xml", "sitemap-index.xml"):
            self._send(200, self._sitemap(head), "application/xml")
        else:
            self._send(404, "not here", "text/plain")

    def _sitemap(self, name: str) -> str:
        base = self.owner.base
        if name == "sitemap-index.xml":
            inner = "".join(
                f"<sitemap><loc>{base}/{n}</loc></sitemap>"
                for n in ("sitemap.xml", "sitemap-b.xml")
            )
            return f'<?xml version="1.0"?><sitemapindex xmlns="{_NS}">{inner}</sitemapindex>'
        paths = [f"/page/{n}" for n in range(5)] + ["/redirect/5"]
        if name == "sitemap-b.xml":
            paths = [f"/page/{n}" for n in range(10, 13)]
        inner = "".join(f"<url><loc>{base}{p}</loc></url>" for p in paths)
        return f'<?xml version="1.0"?><urlset xmlns="{_NS}">{inner}</urlset>'

    def _send(
        self, status: int, body: str, ctype: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:  # fmt: skip
        data = body.encode("utf-8")
        if (headers or {}).get("Content-Encoding") == "gzip":
            data = gzip.compress(data, mtime=0)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def _slow(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "100")
        self.end_headers()
        try:
            for _ in range(10):  # bounded: 2 s at most, whatever the client does
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.2)
        except OSError:  # the client gave up, as it should
            pass
        self.close_connection = True

    def _huge(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Connection", "close")
        self.end_headers()
        chunk = b"<p>" + b"filler " * 9000 + b"</p>"
        try:
            for _ in range(80):  # ~5 MB, then the connection closes
                self.wfile.write(chunk)
        except OSError:
            pass
        self.close_connection = True


_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


# Fixtures for the test modules that use the site: import them there (autouse:
# every name lookup limited to loopback names, so no request can leave the machine).


@pytest.fixture(autouse=True, name="loopback_only")
def loopback_fixture(monkeypatch):
    real = socket.getaddrinfo

    def guarded(host, *args, **kwargs):
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise socket.gaierror(socket.EAI_NONAME, "the tests resolve loopback names only")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", guarded)


@pytest.fixture(name="site")
def site_fixture():
    with Site() as running:
        yield running

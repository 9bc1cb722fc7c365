"""claimcheck fetch against a local site (tests/_http_server.py): loopback only.

Every test's name lookups are limited to loopback names (``loopback_only``), so
no request can leave the machine, and every request loop is bounded (retries,
redirect hops, the server's own slow and huge pages).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from claimcheck.cli import main
from claimcheck.fetch import FetchError, FetchOptions, fetch, normalise, open_archive
from claimcheck.warc import scan
from tests._http_server import Site, loopback_fixture, site_fixture  # noqa: F401 - fixtures

ROOT = Path(__file__).resolve().parents[1]
FAST = FetchOptions(delay=0, timeout=1.0, retries=1, backoff=0.05, max_bytes=1_000_000)


def _responses(path: Path) -> list[tuple[str, int]]:
    """(URL, status) of every response record, read by warcio (every record must be)."""
    out = []
    with open(path, "rb") as handle:
        for rec in ArchiveIterator(handle):
            if rec.rec_type == "response":
                out.append(
                    (
                        rec.rec_headers.get_header("WARC-Target-URI"),
                        rec.http_headers.get_statuscode(),
                    )
                )
    return out


def _paths(urls) -> set[str]:
    return {"/" + u.split("/", 3)[3] for u in urls}


def test_normalise_makes_one_url_of_many_spellings():
    same = [
        "HTTP://Example.COM:80/a?b=2&a=1",
        "http://example.com/a?a=1&b=2#top",
        "http://example.com/a?a=1&b=2&utm_source=feed",
        "  http://example.com/a?a=1&b=2 ",
    ]
    assert {normalise(u) for u in same} == {"http://example.com/a?a=1&b=2"}
    assert normalise("ftp://example.com/x") is None
    assert normalise("not a url") is None
    assert normalise("http://127.0.0.1:8000/p") == "http://127.0.0.1:8000/p"


def test_every_outcome_in_one_run(site, tmp_path):
    out = tmp_path / "pages.warc.gz"
    paths = [
        "/page/1", "/text/2", "/gz/3", "/redirect/4", "/loop", "/missing", "/error",
        "/flaky", "/slow", "/huge", "/pdf", "/private/1",
    ]  # fmt: skip
    failures = []
    report = fetch([site.url(p) for p in paths], out, FAST, on_failure=failures.append)
    kinds = {"/" + f.url.split("/", 3)[3]: f.kind for f in failures}
    assert kinds == {
        "/loop": "redirect loop",
        "/missing": "HTTP 404",
        "/error": "HTTP 500",
        "/slow": "timeout",
        "/huge": "too large",
        "/pdf": "not HTML",
        "/private/1": "robots.txt",
    }
    assert report.fetched == 5 and report.redirects == 2  # page, text, gz, flaky, /page/4
    assert site.hits["/private/1"] == 0 and site.hits["/robots.txt"] == 1
    assert site.hits["/error"] == 2 and site.hits["/flaky"] == 2  # one retry each
    captured = dict(_responses(out))
    assert captured[site.url("/page/4")] == "200" and captured[site.url("/redirect/4")] == "301"
    assert captured[site.url("/flaky")] == "200" and captured[site.url("/missing")] == "404"
    assert site.url("/huge") not in captured and site.url("/pdf") not in captured


def test_request_records_name_the_tool(site, tmp_path):
    out = tmp_path / "pages.warc"
    fetch([site.url("/page/1")], out, FAST)
    with open(out, "rb") as handle:
        records = list(ArchiveIterator(handle))
    kinds = [r.rec_type for r in records]
    assert kinds == ["warcinfo", "response", "request"]
    assert records[2].http_headers.get_header("User-Agent").startswith("claimcheck/")
    assert not out.read_bytes().startswith(b"\x1f\x8b")  # .warc: uncompressed


def test_gzip_in_transit_is_kept_as_sent(site, tmp_path):
    out = tmp_path / "pages.warc.gz"
    fetch([site.url("/gz/3")], out, FAST)
    bodies = []
    with open(out, "rb") as handle:
        for rec in ArchiveIterator(handle):
            if rec.rec_type == "response":
                assert rec.http_headers.get_header("Content-Encoding") == "gzip"
                bodies.append(rec.content_stream().read())  # readers undo it
    assert len(bodies) == 1 and b"Story 3" in bodies[0]


def test_dns_and_refused_connections_are_named(tmp_path):
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    urls = ["http://no-such-host.invalid/a", f"http://127.0.0.1:{port}/b"]
    options = FetchOptions(delay=0, retries=0, timeout=1.0)
    report = fetch(urls, tmp_path / "x.warc.gz", options)
    assert sorted(f.kind for f in report.failed) == ["DNS", "connection"]


def test_a_lone_redirect_waits_the_delay_before_its_target(site, tmp_path):
    """Regression: a redirect to the same host, with nothing else queued for it,
    scheduled the host twice: the target went out at once and the loop then
    crashed on an empty queue."""
    started = time.monotonic()
    report = fetch([site.url("/redirect/3")], tmp_path / "r.warc", FetchOptions(delay=0.3))
    assert report.fetched == 1 and report.redirects == 1 and not report.failed
    assert time.monotonic() - started >= 0.3 and site.hits["/page/3"] == 1


def test_resume_fetches_only_what_is_missing(site, tmp_path):
    out = tmp_path / "pages.warc.gz"
    first = [site.url(f"/page/{n}") for n in range(10)]
    fetch(first, out, FAST)
    more = [site.url(f"/page/{n}") for n in range(5, 15)]
    report = fetch(more, out, FAST)
    assert report.skipped == 5 and report.fetched == 5
    assert all(site.hits[f"/page/{n}"] == 1 for n in range(15))
    assert len(_responses(out)) == 15


def test_captured_redirect_is_followed_on_resume(site, tmp_path):
    out = tmp_path / "pages.warc.gz"
    fetch([site.url("/page/0")], out, FAST)
    archive = open_archive(out, FAST)  # pretend the run died between hop and target:
    from claimcheck.fetch import Client, exchange_bytes

    archive.append(exchange_bytes(Client(FAST).get(site.url("/redirect/7")), archive.gzipped))
    archive.close()
    report = fetch([site.url("/redirect/7")], out, FAST)
    assert report.fetched == 1 and site.hits["/redirect/7"] == 1 and site.hits["/page/7"] == 1


def test_interrupted_run_resumes_without_refetching(tmp_path):
    out = tmp_path / "pages.warc.gz"
    with Site(page_delay=0.03) as site:
        urls = [site.url(f"/page/{n}") for n in range(40)]

        def stop(report):
            if report.fetched >= 5:
                raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            fetch(urls, out, FAST, on_progress=stop)
        kept = {u for u, _ in _responses(out)}
        assert 5 <= len(kept) < 40
        before = dict(site.hits)
        report = fetch(urls, out, FAST)
        assert report.skipped == len(kept)
        again = {u for u in kept if site.hits[_paths([u]).pop()] > before.get(_paths([u]).pop(), 0)}
        assert again == set()
    assert {u for u, _ in _responses(out)} == set(urls)


def test_kill_9_then_resume(tmp_path):
    """A killed fetch leaves a WARC the next run repairs if need be and completes,
    without fetching again any URL the WARC already held."""
    out = tmp_path / "pages.warc.gz"
    listing = tmp_path / "urls.txt"
    with Site(page_delay=0.01) as site:
        urls = [site.url(f"/page/{n}") for n in range(200)]
        listing.write_text("\n".join(urls), encoding="utf-8")
        cmd = [sys.executable, "-m", "claimcheck", "fetch", str(listing), "-o", str(out),
               "--delay", "0", "-q"]  # fmt: skip
        proc = subprocess.Popen(cmd, cwd=ROOT, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while sum(site.hits.values()) < 40 and time.monotonic() < deadline:
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        held = {u for r in scan(out).records if r.kind == "response" for u in [r.url]}
        assert 20 <= len(held) < 200
        before = dict(site.hits)
        report = fetch(urls, out, FAST)
        refetched = [u for u in held if site.hits[_paths([u]).pop()] != before[_paths([u]).pop()]]
        assert refetched == [] and report.skipped == len(held)
    found = scan(out)
    assert not found.damaged
    assert {u for u, _ in _responses(out)} == set(urls)


def test_ctrl_c_exits_130_with_a_complete_warc(tmp_path):
    out = tmp_path / "pages.warc.gz"
    listing = tmp_path / "urls.txt"
    with Site(page_delay=0.02) as site:
        listing.write_text("\n".join(site.url(f"/page/{n}") for n in range(300)), encoding="utf-8")
        cmd = [sys.executable, "-m", "claimcheck", "fetch", str(listing), "-o", str(out),
               "--delay", "0"]  # fmt: skip
        proc = subprocess.Popen(cmd, cwd=ROOT, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 30
        while sum(site.hits.values()) < 10 and time.monotonic() < deadline:
            time.sleep(0.01)
        hits = sum(site.hits.values())
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=20)
    assert proc.returncode == 130, (hits, len(_responses(out)), err[-1500:])
    assert "interrupted; run the same command again to resume" in err
    found = scan(out)
    assert not found.damaged and 5 <= len(_responses(out)) < 300


def test_robots_crawl_delay_slows_the_host_down(tmp_path):
    with Site(crawl_delay=1) as site:
        started = time.monotonic()
        report = fetch([site.url(f"/page/{n}") for n in range(3)], tmp_path / "a.warc", FAST)
        assert report.fetched == 3 and time.monotonic() - started >= 2.0  # 0 s asked, 1 s set


def test_partial_tail_is_cut_off_before_appending(site, tmp_path):
    out = tmp_path / "pages.warc.gz"
    fetch([site.url("/page/1")], out, FAST)
    whole = out.read_bytes()
    with open(out, "ab") as handle:
        handle.write(whole[-200:-50])  # the torn end of an interrupted append
    report = fetch([site.url("/page/2")], out, FAST)
    assert report.repaired == 150
    assert not scan(out).damaged and len(_responses(out)) == 2


def test_output_that_is_not_a_warc_is_left_alone(tmp_path):
    out = tmp_path / "notes.warc.gz"
    out.write_bytes(b"my notes, not an archive")
    with pytest.raises(FetchError, match="not a WARC"):
        fetch(["http://127.0.0.1:9/x"], out, FAST)
    assert out.read_bytes() == b"my notes, not an archive"


def test_one_writer_at_a_time(site, tmp_path, capsys):
    out = tmp_path / "pages.warc.gz"
    listing = tmp_path / "urls.txt"
    listing.write_text(site.url("/page/1"), encoding="utf-8")
    held = open_archive(out, FAST)
    try:
        assert main(["fetch", str(listing), "-o", str(out), "--delay", "0"]) == 1
    finally:
        held.close()
    assert "another claimcheck fetch is writing to it" in capsys.readouterr().err


def test_per_host_delay_and_parallel_hosts(site, tmp_path):
    urls = [site.url(f"/page/{n}") for n in range(4)]
    started = time.monotonic()
    fetch(urls, tmp_path / "a.warc.gz", FetchOptions(delay=0.2))
    assert time.monotonic() - started >= 0.6  # three gaps between four requests to one host
    port = site.base.rsplit(":", 1)[1]
    site.page_delay = 0.4
    two_hosts = [site.url("/page/8"), f"http://localhost:{port}/page/9"]
    started = time.monotonic()
    report = fetch(two_hosts, tmp_path / "b.warc.gz", FetchOptions(delay=0, concurrency=2))
    assert report.fetched == 2 and time.monotonic() - started < 0.8  # at the same time


@pytest.mark.filterwarnings("ignore:SOCKS support")  # trafilatura's import of urllib3's socks
def test_cli_reports_each_failure_and_strict_exits_1(site, tmp_path, capsys):
    listing = tmp_path / "urls.txt"
    listing.write_text(
        "\n".join([site.url("/page/1"), site.url("/missing"), "nonsense"]), encoding="utf-8"
    )
    out = tmp_path / "pages.warc.gz"
    assert main(["fetch", str(listing), "-o", str(out), "--delay", "0"]) == 0
    err = capsys.readouterr().err
    assert (
        "failed: nonsense: invalid URL" in err
        and f"failed: {site.url('/missing')}: HTTP 404" in err
    )
    assert "1 page fetched; 2 failed (1 invalid URL, 1 HTTP 404)" in err
    assert main(["fetch", str(listing), "-o", str(out), "--delay", "0", "--strict", "-q"]) == 1
    assert main(["group", str(out), "-o", str(tmp_path / "g.csv"), "-q", "--no-suggest"]) == 0


@pytest.mark.parametrize(
    "args",
    [
        ["-o", "x.html"],
        ["-o", "x.warc", "--delay", "-1"],
        ["-o", "x.warc", "--timeout", "0"],
        ["-o", "x.warc", "--concurrency", "0"],
    ],
)
def test_cli_usage_errors(tmp_path, args, capsys):
    listing = tmp_path / "urls.txt"
    listing.write_text("http://127.0.0.1:9/x", encoding="utf-8")
    assert main(["fetch", str(listing), *args]) == 2
    assert capsys.readouterr().err.count("\n") == 1


# --------------------------------------------------------------------------- nothing fetched


def test_a_run_that_captures_no_page_leaves_no_new_archive(site, tmp_path):
    out = tmp_path / "pages.warc.gz"
    report = fetch([site.url("/missing"), site.url("/loop")], out, FAST)
    assert report.fetched == 0 and len(report.failed) == 2
    assert report.rolled_back == "removed" and not out.exists()


def test_a_run_that_captures_no_page_leaves_an_existing_archive_as_it_was(site, tmp_path):
    out = tmp_path / "pages.warc.gz"
    fetch([site.url("/page/1")], out, FAST)
    before = out.read_bytes()
    report = fetch([site.url("/missing"), site.url("/loop")], out, FAST)
    assert report.fetched == 0 and report.rolled_back == "unchanged"
    assert out.read_bytes() == before  # not even the 404's capture appended
    again = fetch([site.url("/page/2")], out, FAST)  # and the archive goes on as before
    assert again.fetched == 1 and len(_responses(out)) == 2


@pytest.mark.filterwarnings("ignore:SOCKS support")
def test_cli_when_every_url_fails_is_one_error_line_and_exit_1(site, tmp_path, capsys):
    listing = tmp_path / "urls.txt"
    listing.write_text(
        "\n".join(["nonsense", site.url("/missing"), site.url("/loop")]), encoding="utf-8"
    )
    out = tmp_path / "pages.warc.gz"
    argv = ["fetch", str(listing), "-o", str(out), "--delay", "0", "--timeout", "1"]
    assert main(argv) == 1
    err = [ln for ln in capsys.readouterr().err.splitlines() if not ln.startswith("fetch: ")]
    assert len(err) == 4 and all(line.startswith("claimcheck: failed: ") for line in err[:3])
    assert err[3] == (
        f"claimcheck: error: no page fetched from {listing}: 3 failed (1 invalid URL,"
        f" 1 HTTP 404, 1 redirect loop); {out} not written"
    )
    assert not out.exists()
    fetch([site.url("/page/1")], out, FAST)
    before = out.read_bytes()
    assert main([*argv, "-q"]) == 1  # -q: the failures and the error line still said
    err = capsys.readouterr().err
    assert err.endswith(f"; {out} unchanged\n") and "/s" not in err
    assert out.read_bytes() == before


@pytest.mark.filterwarnings("ignore:SOCKS support")
def test_cli_nothing_new_to_fetch_is_success_without_a_rate(site, tmp_path, capsys):
    listing = tmp_path / "urls.txt"
    listing.write_text(site.url("/page/1"), encoding="utf-8")
    out = tmp_path / "pages.warc.gz"
    argv = ["fetch", str(listing), "-o", str(out), "--delay", "0"]
    assert main(argv) == 0
    assert main(argv) == 0
    last = capsys.readouterr().err.splitlines()[-1]
    assert last.startswith("claimcheck: 0 pages fetched; 0 failed; 1 already in the WARC")
    assert "/s)" not in last


def test_a_list_of_only_local_files_says_why_nothing_is_fetched(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    """Three file:// lines were each refused, then "no URLs in FILE", which read as an
    empty or unread file; now the message counts them and says where local files go."""
    listing = tmp_path / "urls.txt"
    listing.write_text("".join(f"file:///tmp/p{n}.html\n" for n in range(3)), encoding="utf-8")
    out = tmp_path / "out.warc.gz"
    assert main(["fetch", str(listing), "-o", str(out), "-q"]) == 1
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert f"no http(s) URL to fetch in {listing}: 3 entries refused (above)" in last
    assert "give local files or folders to group, review or report" in last
    assert not out.exists()

"""Fetch and WARC-read speed, each against a baseline in the same run.

Usage: python benchmarks/fetch_bench.py [--urls 1000] [--pages 10000] [--workers 2] [--repeat 2]

1. fetch: ``--urls`` pages from the local test site (tests/_http_server.py, run in
   its own process on 127.0.0.1) with a 0 s delay into a WARC, against a bare
   sequential urllib3 loop over the same URLs that keeps nothing (the cost of HTTP
   alone). Floor: <= 20 s for 1,000 URLs. Memory: the fetching process's RSS
   sampled through the run; "flat" means no growth from the first quarter on.
2. read: ``--pages`` pages as one WARC (fetched from the same site) against the same
   pages as .html files, through the pipeline's read stage (discover, then
   read_and_segment over a pool of ``--workers`` processes, the WARC's header scan
   included), alternated ``--repeat`` times, best of each. Floor: the WARC at least
   as fast (ratio html/warc >= 1).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402

from claimcheck.fetch import FetchOptions, fetch  # noqa: E402
from claimcheck.pipeline import read_and_segment  # noqa: E402
from claimcheck.read import discover  # noqa: E402
from tests._http_server import page_html  # noqa: E402

SERVER = (
    "import sys, time; from tests._http_server import Site\n"
    "with Site() as s:\n    print(s.base, flush=True)\n    sys.stdin.read()\n"
)


def start_site() -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", SERVER], cwd=ROOT, stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stdout is not None
    return proc, proc.stdout.readline().strip()


def bench_fetch(base: str, n: int, tmp: Path) -> dict[str, float]:
    import urllib3

    urls = [f"{base}/page/{i}" for i in range(n)]
    pool = urllib3.PoolManager(retries=False)
    started = time.perf_counter()
    for url in urls:  # the baseline: HTTP alone, sequential, nothing kept
        assert pool.request("GET", url).status == 200
    bare = time.perf_counter() - started
    me = psutil.Process()
    samples: list[tuple[int, int]] = []
    out = tmp / "fetch.warc.gz"
    started = time.perf_counter()
    report = fetch(
        urls, out, FetchOptions(delay=0),
        on_progress=lambda r: samples.append((r.done, me.memory_info().rss)),
    )  # fmt: skip
    took = time.perf_counter() - started
    assert report.fetched == n, report.failed[:3]
    quarter = next((rss for done, rss in samples if done >= n // 4), samples[0][1])
    peak = max(rss for _, rss in samples)
    return {"bare": bare, "fetch": took, "rss_quarter": quarter, "rss_peak": peak, "n": n}


def read_stage(inputs: list[str], workers: int) -> tuple[float, int]:
    """Seconds and documents for discover + read_and_segment over a spawn pool."""
    started = time.perf_counter()
    sources, _, _ = discover(inputs)
    docs = 0
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        chunk = max(1, min(64, len(sources) // (workers * 8)))
        for found, _ in pool.imap(read_and_segment, sources, chunksize=chunk):
            docs += len(found)
    return time.perf_counter() - started, docs


def bench_read(base: str, n: int, workers: int, repeat: int, tmp: Path) -> dict[str, float]:
    html = tmp / "html"
    html.mkdir()
    for i in range(n):
        (html / f"{i:06d}.html").write_text(page_html(i), encoding="utf-8")
    archive = tmp / "pages.warc.gz"
    fetch([f"{base}/page/{i}" for i in range(n)], archive, FetchOptions(delay=0))
    read_stage([str(html / "000000.html")], workers)  # warm up: imports, page cache
    t_html = t_warc = float("inf")
    for _ in range(repeat):  # alternated, best of each: the machine is shared and noisy
        took, d_html = read_stage([str(html)], workers)
        t_html = min(t_html, took)
        took, d_warc = read_stage([str(archive)], workers)
        t_warc = min(t_warc, took)
        assert d_html == d_warc == n, (d_html, d_warc)
    return {"html": t_html, "warc": t_warc, "n": n, "bytes": archive.stat().st_size}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, default=1000)
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=2, help="read runs of each, best kept")
    args = parser.parse_args()
    proc, base = start_site()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            f = bench_fetch(base, args.urls, Path(tmp))
            print(
                f"fetch {f['n']:,} URLs, 0 s delay: {f['fetch']:.2f} s "
                f"({f['n'] / f['fetch']:,.0f}/s; floor <= 20 s for 1,000); bare urllib3 loop "
                f"{f['bare']:.2f} s; ratio fetch/bare {f['fetch'] / f['bare']:.2f}"
            )
            growth = (f["rss_peak"] - f["rss_quarter"]) / 2**20
            print(
                f"  RSS after a quarter {f['rss_quarter'] / 2**20:.0f} MB, peak "
                f"{f['rss_peak'] / 2**20:.0f} MB (growth {growth:+.1f} MB over 3/4 of the run)"
            )
        with tempfile.TemporaryDirectory() as tmp:
            r = bench_read(base, args.pages, args.workers, args.repeat, Path(tmp))
            print(
                f"read {r['n']:,} pages ({args.workers} workers): .html files {r['html']:.2f} s, "
                f"one WARC ({r['bytes'] / 1e6:.1f} MB) {r['warc']:.2f} s; "
                f"ratio html/warc {r['html'] / r['warc']:.2f} (floor >= 1)"
            )
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()

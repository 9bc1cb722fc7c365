"""Write tests/data/fetched.warc.gz with `claimcheck fetch` against the local test site.

Two fetch runs into two archives, concatenated (a WARC is a sequence of records, so
concatenating archives is valid): the second run captures /page/1 again, which
gives the fixture a duplicate capture. Run from the repository root:
    python tests/data/make_fetched_warc.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from claimcheck.fetch import FetchOptions, fetch  # noqa: E402
from tests._http_server import Site  # noqa: E402

FIRST = ["/page/1", "/page/2", "/text/3", "/redirect/4", "/gz/6", "/missing", "/pdf"]
SECOND = ["/page/1"]


def main() -> None:
    options = FetchOptions(delay=0, retries=0)
    target = ROOT / "tests" / "data" / "fetched.warc.gz"
    with Site() as site, tempfile.TemporaryDirectory() as tmp:
        first, second = Path(tmp, "a.warc.gz"), Path(tmp, "b.warc.gz")
        fetch([site.url(p) for p in FIRST], first, options)
        time.sleep(1.1)  # WARC-Date has whole seconds: the second capture is later
        fetch([site.url(p) for p in SECOND], second, options)
        target.write_bytes(first.read_bytes() + second.read_bytes())
    print(f"wrote {target} ({target.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()

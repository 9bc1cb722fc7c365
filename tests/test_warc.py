"""WARC files as input: pages per capture, skips named, latest capture kept, damage found.

The fixture tests/data/fetched.warc.gz was written by `claimcheck fetch` against the
local test site (tests/data/make_fetched_warc.py): /page/1 (captured twice), /page/2,
/text/3, /redirect/4 -> /page/4, /gz/6 (gzip in transit), /missing (404).
"""

from __future__ import annotations

import csv
import gzip
import pickle
import shutil
from pathlib import Path

import pytest

from claimcheck import warc
from claimcheck.cli import main
from claimcheck.pipeline import RunOptions, build_corpus
from claimcheck.read import Source, discover, read_source
from claimcheck.warc import WarcPart, read_warc, scan
from tests._http_server import page_html

FIXTURE = Path(__file__).parent / "data" / "fetched.warc.gz"


def _read(path: Path):
    return read_warc(Source(path, path.name))


def _tail(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_fixture_pages_with_their_capture():
    docs, issues = _read(FIXTURE)
    assert sorted(_tail(d.url) for d in docs) == [
        "/gz/6",
        "/page/1",
        "/page/2",
        "/page/4",
        "/text/3",
    ]
    for doc in docs:
        assert doc.path == f"fetched.warc.gz#{doc.url}"
        assert doc.captured.endswith("Z") and doc.captured[:2] == "20"
    by_url = {_tail(d.url): d for d in docs}
    assert by_url["/page/2"].title == "Story 2: the hospital plan"
    assert "Officials said on Monday" in by_url["/page/2"].text
    assert "Copyright" not in by_url["/page/2"].text  # main text only, as for .html files
    assert "gzip" not in by_url["/gz/6"].text and "Story 6" in by_url["/gz/6"].title
    assert "The depot opened in May." in by_url["/text/3"].text
    problems = {(_tail(i.path.split("#", 1)[1]), i.problem.split(" (")[0]) for i in issues}
    assert ("/missing", "HTTP 404, skipped") in problems
    assert ("/redirect/4", "redirect") in problems


def test_duplicate_captures_keep_the_latest_and_say_so():
    found = scan(FIXTURE)
    captures = [r for r in found.records if r.kind == "response" and r.url.endswith("/page/1")]
    assert len(captures) == 2 and captures[0].date < captures[1].date
    docs, issues = _read(FIXTURE)
    (page,) = [d for d in docs if d.url.endswith("/page/1")]
    assert page.captured == captures[1].date
    (said,) = [i for i in issues if "older capture" in i.problem]
    assert captures[0].date in said.problem and captures[1].date in said.problem
    assert not said.fatal


def test_same_text_as_the_page_read_as_an_html_file(tmp_path):
    html = tmp_path / "page2.html"
    html.write_text(page_html(2), encoding="utf-8")
    (from_file,), _ = read_source(Source(html, "page2.html"))
    docs, _ = _read(FIXTURE)
    (from_warc,) = [d for d in docs if d.url.endswith("/page/2")]
    assert from_warc.text == from_file.text and from_warc.doc_id == from_file.doc_id
    assert from_warc.title == from_file.title


def test_parts_split_the_archive_and_travel_to_workers(monkeypatch):
    monkeypatch.setattr(warc, "PART_RECORDS", 2)  # the default is 1
    sources, issues, _ = discover([str(FIXTURE)])
    assert all(isinstance(s, WarcPart) for s in sources) and len(sources) == 3
    assert [len(s.captures) for s in sources] == [2, 2, 1]
    assert pickle.loads(pickle.dumps(sources[0])) == sources[0]  # spawn workers get them
    docs = [d for s in sources for d in read_source(s)[0]]
    whole, _ = _read(FIXTURE)
    assert docs == whole
    assert any("HTTP 404" in i.problem for i in issues)  # the scan names the skips once


def test_a_partial_last_record_is_reported_and_the_rest_read(tmp_path):
    damaged = tmp_path / "cut.warc.gz"
    data = FIXTURE.read_bytes()
    damaged.write_bytes(data + data[:300])  # a second copy's first record, cut short
    found = scan(damaged)
    assert found.damaged and found.good_end == len(data)
    docs, issues = _read(damaged)
    assert len(docs) == 5
    assert any("partial record" in i.problem and not i.fatal for i in issues)


def test_a_record_cut_inside_its_body_is_not_read_as_shorter(tmp_path):
    plain = tmp_path / "plain.warc"
    with gzip.open(FIXTURE, "rb") as whole:  # gzip reads all members: an uncompressed WARC
        plain.write_bytes(whole.read())
    complete = scan(plain)
    assert not complete.damaged
    padded = tmp_path / "padded.warc"
    padded.write_bytes(plain.read_bytes() + b"\r\n\r\n")  # blank lines at the end are not damage
    assert not scan(padded).damaged and len(scan(padded).records) == len(complete.records)
    cut = tmp_path / "cut.warc"
    cut.write_bytes(plain.read_bytes()[:-40])
    found = scan(cut)
    assert found.damaged and found.good_end == complete.records[-1].offset
    assert len(found.records) == len(complete.records) - 1


def test_not_a_warc_is_one_line(tmp_path):
    bogus = tmp_path / "notes.warc.gz"
    bogus.write_bytes(gzip.compress(b"just some text, not an archive\n"))
    sources, issues, _ = discover([str(bogus)])
    assert sources == []
    (issue,) = issues
    assert issue.fatal and issue.path == "notes.warc.gz" and "not a readable WARC" in issue.problem


def test_folder_walk_reads_warcs_and_skips_other_gz(tmp_path):
    shutil.copy(FIXTURE, tmp_path / "a.warc.gz")
    (tmp_path / "logs.gz").write_bytes(gzip.compress(b"x"))
    (tmp_path / "b.txt").write_text("A line of text.\n", encoding="utf-8")
    corpus = build_corpus([str(tmp_path)], RunOptions(workers=1, suggest=False))
    assert sum(d.path.startswith("a.warc.gz#") for d in corpus.documents) == 5
    assert any(d.path == "b.txt" for d in corpus.documents)
    assert any(i.path == "logs.gz" and "unsupported" in i.problem for i in corpus.issues)


def test_group_writes_the_capture_time(tmp_path, capsys):
    out = tmp_path / "units.csv"
    assert main(["group", str(FIXTURE), "-o", str(out), "-q", "--no-suggest"]) == 0
    with open(out, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    page2 = [r for r in rows if r["doc"].endswith("/page/2")]
    assert page2 and all(r["captured"].endswith("Z") for r in page2)
    assert "HTTP 404, skipped" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["x.warc", "x.WARC.GZ", "dir/x.warc.gz"])
def test_warc_names(name):
    assert warc.is_warc(name)
    assert not warc.is_warc("x.gz") and not warc.is_warc("x.warc.zip")


def test_parts_count_the_archive_bytes_once():
    """The pipeline decides on worker processes by input size: an archive cut into
    parts must weigh what the file weighs, not that times the number of parts."""
    from claimcheck.pipeline import _total_bytes

    sources, _, _ = discover([str(FIXTURE)])
    assert len(sources) == 5 and _total_bytes(sources) == FIXTURE.stat().st_size

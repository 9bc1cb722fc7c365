"""What to fetch: URL lists, sitemap files and sitemap URLs (local site, loopback only)."""

from __future__ import annotations

import gzip

from claimcheck.fetch import FetchOptions
from claimcheck.targets import parse_sitemap, read_targets
from tests._http_server import loopback_fixture, site_fixture  # noqa: F401 - fixtures

FAST = FetchOptions(delay=0, timeout=1.0, retries=1, backoff=0.05)


def _paths(urls) -> set[str]:
    return {"/" + u.split("/", 3)[3] for u in urls}


def test_url_list_is_deduplicated_and_bad_lines_named(tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_text(
        "# my links\nhttp://a.example/1\n\nhttp://A.example/1#x\nmailto:x@y.z\nhttp://a.example/2\n",
        encoding="utf-8",
    )
    urls, bad = read_targets(str(listing), FAST)
    assert urls == ["http://a.example/1", "http://a.example/2"]
    assert [(b.url, b.kind) for b in bad] == [("mailto:x@y.z", "invalid URL")]


def test_sitemap_url_and_sitemap_index(site):
    urls, bad = read_targets(site.url("/sitemap.xml"), FAST)
    assert _paths(urls) == {"/page/0", "/page/1", "/page/2", "/page/3", "/page/4", "/redirect/5"}
    urls, bad = read_targets(site.url("/sitemap-index.xml"), FAST)
    assert len(urls) == 9 and {"/page/10", "/page/12"} <= _paths(urls) and not bad


def test_local_sitemap_file_gzipped(tmp_path):
    xml = (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>http://a.example/x?b=1&amp;a=2</loc></url><url><loc>http://a.example/y</loc></url>"
        "</urlset>"
    )
    path = tmp_path / "sitemap.xml.gz"
    path.write_bytes(gzip.compress(xml.encode()))
    urls, _ = read_targets(str(path), FAST)
    assert urls == ["http://a.example/x?a=2&b=1", "http://a.example/y"]


def test_sitemap_parser_does_not_expand_entities():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        b"<urlset><url><loc>http://a.example/&b;</loc></url></urlset>"
    )
    pages, _ = parse_sitemap(bomb)
    assert all("aaaa" not in p for p in pages)

"""The HTML report: self-contained, escaped, and working in a real browser."""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from claimcheck.pipeline import build_corpus
from claimcheck.report import build_report
from claimcheck.report_html import render_html, safe_url

HOSTILE_TEXT = """\
<script>window.parent.pwned = 1; document.title = "pwned"</script> Evil Corp was founded in 1999 by the chairman John Black.
Click <a href="javascript:window.parent.pwned=2">here</a> for the founding story of Evil Corp.
An <img src=x onerror="window.parent.pwned=3"> image and "quotes" & ampersands are plain text.
"""  # noqa: E501
HOSTILE_META = {
    "title": "<script>window.parent.pwned=4</script>Evil",
    "source": "<b>Bold</b> source",
    "url": "javascript:window.parent.pwned=5",
    "date": "2025-01-01",
}
GOOD_TEXT = "Evil Corp was founded in 1997 by the chairman Mary White, the company said.\n"
GOOD_META = {"title": "Good page", "url": "https://example.org/good?a=1&b=2", "date": "2024-12-01"}


def hostile_corpus(root: Path) -> Path:
    root.mkdir()
    (root / "evil.txt").write_text(HOSTILE_TEXT)
    (root / "evil.txt.meta.json").write_text(json.dumps(HOSTILE_META))
    (root / "good.txt").write_text(GOOD_TEXT)
    (root / "good.txt.meta.json").write_text(json.dumps(GOOD_META))
    return root


@pytest.fixture(scope="module")
def hostile_html(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = hostile_corpus(tmp_path_factory.mktemp("hostile") / "corpus")
    return render_html(build_report(build_corpus([str(root)]), input_name="<i>in</i>"))


def test_only_our_script_and_no_corpus_markup(hostile_html: str) -> None:
    assert len(re.findall(r"<script", hostile_html, re.I)) == 1  # the sort/anchor script
    assert "window.parent.pwned" not in hostile_html.split("<script>")[-1]
    assert "<b>Bold</b>" not in hostile_html and "&lt;b&gt;Bold&lt;/b&gt;" in hostile_html
    assert "<img src=x" not in hostile_html and "onerror=" not in hostile_html.replace(
        "onerror=&quot;", ""
    )
    assert "<i>in</i>" not in hostile_html


def test_links_only_for_http_addresses(hostile_html: str) -> None:
    hrefs = re.findall(r'href="([^"]*)"', hostile_html)
    assert all(h.startswith(("#", "https://", "http://")) for h in hrefs), hrefs
    assert "https://example.org/good?a=1&amp;b=2" in hrefs
    assert safe_url("javascript:alert(1)") is None
    assert safe_url(" JAVASCRIPT:alert(1)") is None
    assert safe_url("data:text/html,<script>") is None
    assert safe_url("https://a.example/x") == "https://a.example/x"


def test_self_contained_with_charts_and_both_colour_schemes(hostile_html: str) -> None:
    assert "prefers-color-scheme:dark" in hostile_html and "@media print" in hostile_html
    # nothing to fetch: every src is inline data, no stylesheet or script links, no url()
    assert all(src.startswith("data:") for src in re.findall(r'src="([^"]*)"', hostile_html))
    assert "<link" not in hostile_html and "url(" not in hostile_html
    assert hostile_html.count('class=chart alt="') >= 2
    assert "data:image/svg+xml;base64," in hostile_html
    assert "class=sortable" in hostile_html
    assert 'id="conflicts"' not in hostile_html  # ids are not duplicated by conflict cards
    assert "1997" in hostile_html and "1999" in hostile_html  # the planted conflict is shown


# --------------------------------------------------------------------------- a small news story

STORY = "Workers at the Lindqvist bakery walked out on Tuesday over late wages, the union said."
FOLLOW = "The union's secretary, Maren Holt, said 140 bakers joined the strike by noon."
PAGES = {  # name: (text, metadata)
    "wire.md": (f"# Bakers strike at Lindqvist\n\nORSTAD, May 5 (Northwire) - {STORY}\n{FOLLOW}\n",
                {"source": "Northwire", "date": "2026-05-05"}),
    "copy.txt": (f"Bakers strike\n\n{STORY}\n{FOLLOW}\nSubscribe for more local stories.\n",
                 {"source": "Town Crier"}),
    "later.txt": (f"Strike goes on\n\nPublished 6 May 2026\n\n{STORY}\nTalks with the owners "
                  "failed on Wednesday, the union said.\n", {}),
}  # fmt: skip


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, str]:
    """The report of three pages on one story (wire, an undated copy, a page dated only
    in its text) and its HTML."""
    root = tmp_path_factory.mktemp("story")
    for name, (text, meta) in PAGES.items():
        (root / name).write_text(text)
        if meta:
            (root / f"{name}.meta.json").write_text(json.dumps(meta))
    report = build_report(build_corpus([str(root)]))
    return report, render_html(report)


def test_a_page_dated_in_its_text_is_dated_and_marked(story: tuple[dict, str]) -> None:
    report, page = story
    src = {s["path"]: s for s in report["sources"]}
    assert (src["later.txt"]["date"], src["later.txt"]["date_from"]) == ("2026-05-06", "page")
    assert "<span class=nw>2026-05-06</span> <span class=muted>(page)</span>" in page
    ids = {s["doc_id"]: s["path"] for s in report["sources"]}
    edges = {(ids[e["from"]], ids[e["to"]]): e["directed"] for e in report["copies"]}
    assert edges[("wire.md", "later.txt")] is True


def test_a_markdown_pages_title_has_no_heading_marker(story: tuple[dict, str]) -> None:
    report, page = story
    wire = next(s for s in report["sources"] if s["path"] == "wire.md")
    assert wire["title"] == "Bakers strike at Lindqvist" and "# Bakers" not in page


def copy_rows(page: str) -> list[list[str]]:
    """The copy table's rows as cell texts (tags dropped)."""
    table = page.split("<h2 id=copies>", 1)[1].split("</table>", 1)[0]
    return [
        [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", table)
    ]


def test_copy_table_says_which_came_first_only_when_dates_tell(story: tuple[dict, str]) -> None:
    _, page = story
    head, *rows = copy_rows(page)
    assert "Earlier source" not in head and "Later source" not in head
    by_pair = {(r[0], r[2]): r[3] for r in rows}
    assert by_pair[("Northwire", "Strike goes on")] == "A earlier: 2026-05-05 → 2026-05-06"
    assert by_pair[("Northwire", "Town Crier")] == "order unknown (not both dated)"


# --------------------------------------------------------------------------- real browser

HARNESS = """<!DOCTYPE html><html><body>
<iframe id=f src="report.html" style="width:1200px;height:900px"></iframe><pre id=result>x</pre>
<script>
document.getElementById("f").addEventListener("load", function () {
  setTimeout(function () {
    var d = document.getElementById("f").contentDocument, all = Array.prototype.slice;
    var imgs = all.call(d.querySelectorAll("img.chart"));
    var table = d.querySelector("table.sortable"), th = table.querySelectorAll("th")[3];
    th.click();
    var first = table.tBodies[0].rows[0].cells[3].textContent;
    th.click();
    var out = {
      charts: imgs.length,
      drawn: imgs.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length,
      scripts: d.querySelectorAll("script").length,
      pwned: window.pwned || 0,
      title: d.title,
      hostile_text: d.body.textContent.indexOf("<script>window.parent.pwned") >= 0,
      img_text: d.body.textContent.indexOf("<img src=x onerror") >= 0,
      js_links: all.call(d.querySelectorAll("a")).filter(function (a) {
        return a.protocol === "javascript:"; }).length,
      sorted: first !== table.tBodies[0].rows[0].cells[3].textContent
    };
    document.getElementById("result").textContent = JSON.stringify(out);
  }, 500);
});
</script></body></html>"""


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def test_report_in_headless_chromium(hostile_html: str, tmp_path: Path) -> None:
    browser = chromium()
    if browser is None:
        pytest.skip("no chromium on this machine: `apt-get install -y chromium` (.ci/run does)")
    (tmp_path / "report.html").write_text(hostile_html, encoding="utf-8")
    (tmp_path / "harness.html").write_text(HARNESS, encoding="utf-8")
    run = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files",
         "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000", "--dump-dom",
         (tmp_path / "harness.html").as_uri()],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    found = re.search(r'<pre id="result">(.*?)</pre>', run.stdout, re.S)
    assert found, run.stderr[-2000:]
    result = json.loads(found.group(1))
    console = [line for line in run.stderr.splitlines() if "CONSOLE" in line]
    assert console == [], console  # no script errors, nothing logged
    assert result["charts"] >= 2 and result["drawn"] == result["charts"]
    assert result["scripts"] == 1 and result["pwned"] == 0 and result["js_links"] == 0
    assert result["title"].startswith("claimcheck report")
    assert result["hostile_text"] and result["img_text"]  # hostile markup shown as text
    assert result["sorted"]  # the sortable table sorts


# Widths a reader's window commonly has, down to a half screen. No table cell may break
# inside a word at any of them ("Cla|ims", "unkn|own", "2026-|05-06"): the story has no
# word too long for a line, and a table too wide for the window scrolls sideways.
WIDTHS = (1280, 1000, 800)
WORDS_HARNESS = """<!DOCTYPE html><html><body>%s<pre id=result>x</pre><script>
var frames = Array.prototype.slice.call(document.querySelectorAll("iframe")), left = frames.length;
function broken(d) {  // "th: Cla|ims": each word must lie on one line (one client rect)
  var out = [], cells = d.querySelectorAll("th, td");
  Array.prototype.forEach.call(cells, function (el) {
    var walk = d.createTreeWalker(el, NodeFilter.SHOW_TEXT), node;
    while ((node = walk.nextNode())) {
      var re = /\\S+/g, m;
      while ((m = re.exec(node.data))) {
        var r = d.createRange(); r.setStart(node, m.index); r.setEnd(node, m.index + m[0].length);
        if (r.getClientRects().length > 1) out.push(el.tagName.toLowerCase() + ": " + m[0]);
      }
    }
  });
  return out;
}
frames.forEach(function (f) { f.addEventListener("load", function () {
  if (--left) return;
  setTimeout(function () {
    var result = {};
    frames.forEach(function (g) { result[g.width] = broken(g.contentDocument); });
    document.getElementById("result").textContent = JSON.stringify(result);
  }, 300);
}); });
</script></body></html>"""


def test_headers_and_short_cells_break_only_between_words(
    story: tuple[dict, str], tmp_path: Path
) -> None:
    browser = chromium()
    if browser is None:
        pytest.skip("no chromium on this machine: `apt-get install -y chromium` (.ci/run does)")
    (tmp_path / "report.html").write_text(story[1], encoding="utf-8")
    frames = "".join(f'<iframe src="report.html" width={w} height=600></iframe>' for w in WIDTHS)
    (tmp_path / "harness.html").write_text(WORDS_HARNESS % frames, encoding="utf-8")
    run = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files",
         "--virtual-time-budget=5000", "--dump-dom", (tmp_path / "harness.html").as_uri()],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    found = re.search(r'<pre id="result">(.*?)</pre>', run.stdout, re.S)
    assert found, run.stderr[-2000:]
    assert json.loads(found.group(1)) == {str(w): [] for w in WIDTHS}


# --------------------------------------------------------------------------- any script in charts

CJK_SOURCE = "香港電台 RTHK"


def test_chart_labels_in_any_script_stay_text_and_warn_nothing(tmp_path: Path) -> None:
    """A source named in CJK printed matplotlib's "Glyph 28207 missing from font(s)
    DejaVu Sans" on the terminal. The SVG keeps its labels as text (svg.fonttype
    'none'), which the browser draws with its own fonts: nothing is lost, nothing said."""
    text = "The harbour authority said on 3 May 2021 that the new pier cost 40 million dollars.\n"
    for name, source in (("a.txt", CJK_SOURCE), ("b.txt", "Northwire")):
        (tmp_path / name).write_text(text + f"Page {name} is its own.\n", encoding="utf-8")
        (tmp_path / f"{name}.meta.json").write_text(json.dumps({"source": source}), "utf-8")
    report = build_report(build_corpus([str(tmp_path)]))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        page = render_html(report)
    assert [str(w.message) for w in caught] == []
    charts = [
        base64.b64decode(data).decode("utf-8")
        for data in re.findall(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", page)
    ]
    assert any(f">{CJK_SOURCE}<" in svg for svg in charts)  # a <text> element, not paths


def test_a_report_of_a_cjk_source_prints_only_its_summary(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("The pier opened on 3 May 2021, the authority said.\n", "utf-8")
    (corpus / "a.txt.meta.json").write_text(json.dumps({"source": CJK_SOURCE}), "utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "claimcheck", "report", str(corpus), "-o", str(tmp_path / "r.html")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0
    assert run.stderr.splitlines() == [
        f"claimcheck: report of 1 document, 1 claim, 0 conflicts -> {tmp_path / 'r.html'}"
    ]

"""Reading: formats, metadata, stable ids, and every bad input reported by name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimcheck.read import (
    OWN_REPORT_MARK,
    Source,
    clean_text,
    decode,
    dedupe_ids,
    discover,
    read_source,
)
from claimcheck.segment import segment

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def read_all(*inputs: str | Path):
    sources, issues, root = discover([str(p) for p in inputs])
    docs = []
    for source in sources:
        found, more = read_source(source)
        docs.extend(found)
        issues.extend(more)
    return docs, issues


def test_sample_corpus_reads_with_sidecar_metadata() -> None:
    docs, issues = read_all(CORPUS)
    assert issues == []
    assert len(docs) == 5
    news = next(d for d in docs if d.path.startswith("002_"))
    assert news.source == "KPL/VNA"
    assert news.date == "2026-01-14"
    assert news.title.startswith("Laos focuses on building")
    assert all(d.path.endswith(".txt") for d in docs)  # relative to the corpus root


def test_ids_are_derived_from_content(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Same words here.", encoding="utf-8")
    first, _ = read_all(tmp_path)
    (tmp_path / "a.txt").rename(tmp_path / "renamed.txt")
    second, _ = read_all(tmp_path)
    assert first[0].doc_id == second[0].doc_id
    (tmp_path / "renamed.txt").write_text("Other words here.", encoding="utf-8")
    third, _ = read_all(tmp_path)
    assert third[0].doc_id != first[0].doc_id


def test_clean_text_keeps_nbsp_zero_width_and_odd_spaces_as_the_source_has_them() -> None:
    raw = "One\u00a0two\u200b three.\r\nFour\rfive\u2009six.\tTab\fpage\x00\x1b\x9b."
    assert clean_text(raw) == "One\u00a0two\u200b three.\nFour\nfive\u2009six.\tTab page."


def test_bom_and_crlf_file(tmp_path: Path) -> None:
    (tmp_path / "bom.txt").write_bytes("\ufeffTitle line\r\nA “quoted” claim.\r\n".encode())
    docs, issues = read_all(tmp_path)
    assert issues == []
    assert docs[0].text == "Title line\nA “quoted” claim.\n"
    assert docs[0].title == "Title line"


def test_a_markdown_heading_is_a_title_without_its_markers(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# Flood closes the river ferry\n\nThe ferry stopped.\n")
    (tmp_path / "b.md").write_text("## Ferry back on Friday ##\nIt runs again.\n")
    (tmp_path / "c.txt").write_text("#1 ferry in the region\nIt is busy.\n")  # no marker
    titles = {d.path: d.title for d in read_all(tmp_path)[0]}
    assert titles == {"a.md": "Flood closes the river ferry", "b.md": "Ferry back on Friday",
                      "c.txt": "#1 ferry in the region"}  # fmt: skip


def test_bad_inputs_each_get_one_named_issue_and_the_rest_come_through(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("A perfectly fine sentence.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_text("  \n\n  ", encoding="utf-8")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 au lait co\xfbte cher.".encode("latin-1"))
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    docs, issues = read_all(tmp_path)
    by_file = {i.path: i for i in issues}
    assert "empty file" in by_file["empty.txt"].problem
    assert "empty file" in by_file["blank.md"].problem
    assert "binary" in by_file["image.txt"].problem
    assert "unsupported file type '.docx'" in by_file["notes.docx"].problem
    latin = by_file["latin1.txt"]
    assert not latin.fatal and "invalid UTF-8" in latin.problem
    texts = {d.path: d.text for d in docs}
    assert texts["good.txt"] == "A perfectly fine sentence."
    assert texts["latin1.txt"].startswith("Café au lait coûte")
    assert str(by_file["empty.txt"]) == "empty.txt: empty file, skipped"


def test_missing_path_is_reported() -> None:
    sources, issues, _ = discover(["/nonexistent/claimcheck/input"])
    assert sources == []
    assert issues[0].problem == "no such file or directory"


def test_unreadable_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # chmod 0 does not stop root (CI), so make the read itself fail the way it would.
    path = tmp_path / "secret.txt"
    path.write_text("Hidden claim.", encoding="utf-8")

    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    docs, issues = read_source(Source(path, "secret.txt"))
    assert docs == []
    assert str(issues[0]) == "secret.txt: cannot read: Permission denied"


def test_directory_named_like_a_file_is_reported(tmp_path: Path) -> None:
    sources, issues, _ = discover([str(tmp_path / "nope.txt")])
    assert issues and "no such file" in issues[0].problem


def test_jsonl_records_metadata_and_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "r1", "text": "First record.", "title": "T1", "date": "2025-01-02"}),
        "{not json",
        json.dumps({"title": "no text"}),
        json.dumps(["a", "list"]),
        "",
        json.dumps({"text": "Second record.", "source": "Wire", "url": "https://x.test/2"}),
    ]
    (tmp_path / "pages.jsonl").write_text("\n".join(lines), encoding="utf-8")
    docs, issues = read_all(tmp_path / "pages.jsonl")
    assert [d.path for d in docs] == ["pages.jsonl#r1", "pages.jsonl:6"]
    assert docs[0].title == "T1" and docs[0].date == "2025-01-02"
    assert docs[1].source == "Wire" and docs[1].url == "https://x.test/2"
    problems = {i.path: i.problem for i in issues}
    assert problems["pages.jsonl:2"].startswith("invalid JSON")
    assert problems["pages.jsonl:3"] == "line has no 'text', skipped"
    assert problems["pages.jsonl:4"] == "line is not an object, skipped"


def test_csv_with_text_column(tmp_path: Path) -> None:
    (tmp_path / "rows.csv").write_text(
        'ID,Text,Source\n1,"A claim, with a comma.",Wire\n2,,Wire\n', encoding="utf-8"
    )
    docs, issues = read_all(tmp_path / "rows.csv")
    assert [d.text for d in docs] == ["A claim, with a comma."]
    assert docs[0].path == "rows.csv#1" and docs[0].source == "Wire"
    assert issues[0].path == "rows.csv:3" and "no 'text'" in issues[0].problem


def test_a_malformed_csv_row_is_an_issue_by_line_and_the_rest_is_read(tmp_path: Path) -> None:
    # Text after a closing quote, one cell too many, and a row over two lines that is fine.
    (tmp_path / "rows.csv").write_text(
        'id,text\n1,"Broken" quote here.\n2,One cell,too many\n3,"Two\nlines."\n4,Last.\n',
        encoding="utf-8",
    )
    docs, issues = read_all(tmp_path / "rows.csv")
    assert [d.text for d in docs] == ["Two\nlines.", "Last."]
    assert [i.path for i in issues] == ["rows.csv:2", "rows.csv:3"]
    assert "malformed CSV" in issues[0].problem and "line 2" in issues[0].problem
    assert "3 cells, the header has 2" in issues[1].problem


def test_an_unclosed_csv_quote_does_not_swallow_the_rows_after_it(tmp_path: Path) -> None:
    (tmp_path / "rows.csv").write_text(
        'id,text\n1,First.\n2,"Never closed.\n3,Third.\n4,Fourth.\n', encoding="utf-8"
    )
    docs, issues = read_all(tmp_path / "rows.csv")
    assert [d.text for d in docs] == ["First."]  # not "Never closed.\n3,Third..." as one row
    assert len(issues) == 1 and issues[0].path == "rows.csv:3"
    assert "lines 3-5" in issues[0].problem


def test_csv_without_text_column_names_the_columns(tmp_path: Path) -> None:
    (tmp_path / "meta.csv").write_text("file,title\na.txt,A\n", encoding="utf-8")
    docs, issues = read_all(tmp_path / "meta.csv")
    assert docs == []
    assert issues[0].problem == "no 'text' column (columns: file, title), skipped"


def test_our_own_output_in_the_corpus_folder_is_skipped(tmp_path: Path) -> None:
    """A re-run in the folder the first run wrote to reads the pages, not the output as
    one document per sentence."""
    from claimcheck.export import UNIT_COLUMNS

    (tmp_path / "page.txt").write_text("The port reopened on Friday.\n", encoding="utf-8")
    row = dict.fromkeys(UNIT_COLUMNS, "x") | {"text": "The port reopened on Friday."}
    (tmp_path / "groups.csv").write_text(
        ",".join(UNIT_COLUMNS) + "\n" + ",".join(row.values()) + "\n", encoding="utf-8"
    )
    (tmp_path / "groups.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    docs, issues = read_all(tmp_path)
    assert [d.path for d in docs] == ["page.txt"]
    assert sorted(i.path for i in issues) == ["groups.csv", "groups.jsonl"]
    assert all(i.problem.startswith("a claimcheck output") for i in issues)
    # nor is the source report saved beside the pages
    from claimcheck.pipeline import build_corpus
    from claimcheck.report import build_report
    from claimcheck.report_html import render_html

    page = render_html(build_report(build_corpus([str(tmp_path / "page.txt")])))
    assert OWN_REPORT_MARK in page
    (tmp_path / "report.html").write_text(page, encoding="utf-8")
    docs, issues = read_all(tmp_path)
    assert [d.path for d in docs] == ["page.txt"]
    assert "report.html" in {i.path for i in issues}
    # a corpus of rows that merely has an id or a group column is still read
    (tmp_path / "rows.csv").write_text("id,group_id,text\n1,g1,A claim.\n", encoding="utf-8")
    assert [d.text for d in read_all(tmp_path / "rows.csv")[0]] == ["A claim."]


def test_a_named_file_of_an_unread_type_says_which_types_are_read(tmp_path: Path) -> None:
    (tmp_path / "meta.json").write_text('{"title": "x"}', encoding="utf-8")
    docs, issues = read_all(tmp_path / "meta.json")
    assert docs == [] and issues[0].problem.startswith("unsupported file type '.json' (reads ")
    assert ".jsonl" in issues[0].problem and issues[0].problem.endswith("skipped")


def test_html_main_text_without_markup_script_or_style(tmp_path: Path) -> None:
    html = """<!doctype html><html><head><title>Ministry news</title>
    <style>p { color: red }</style><script>var claim = "not text";</script></head>
    <body><nav>Home | About</nav><article><h1>Ministry news</h1>
    <p>The ministry signed an agreement with its neighbour on Tuesday, officials said.</p>
    <p>The deal covers joint border patrols and disaster relief along the river.</p>
    </article></body></html>"""
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    docs, issues = read_all(tmp_path / "page.html")
    assert issues == []
    text = docs[0].text
    assert "signed an agreement" in text and "joint border patrols" in text
    assert "<p>" not in text and "color: red" not in text and "var claim" not in text
    assert docs[0].title == "Ministry news"


def test_html_headings_keep_a_heading_marker_so_they_are_not_read_as_claims(
    tmp_path: Path,
) -> None:
    html = """<html><body><article><h1>15 Trial Statistics You Need</h1>
    <p>We rounded up the stats.</p><h2>2) Size of the <em>trial</em></h2>
    <p>The trial included 70 companies.</p><h3>Boeing paid a fortune</h3>
    <p>Boeing paid a fortune.</p><ul><li>Boeing paid a fortune</li></ul>
    </article></body></html>"""
    (tmp_path / "stats.html").write_text(html, encoding="utf-8")
    docs, _ = read_all(tmp_path / "stats.html")
    lines = docs[0].text.split("\n")
    assert "## 2) Size of the trial" in lines  # the markup inside a heading does not matter
    assert "### Boeing paid a fortune" in lines
    # the same words as a paragraph's sentence (it ends in a full stop: another key) or a
    # list item stay as they were
    assert "Boeing paid a fortune." in lines and "- Boeing paid a fortune" in lines
    assert "The trial included 70 companies." in lines
    text = docs[0].text
    headings = [text[s.start : s.end] for s in segment(text) if s.kind == "heading"]
    assert headings == [
        "15 Trial Statistics You Need", "2) Size of the trial", "Boeing paid a fortune"
    ]


def test_html_date_from_metadata_not_guessed_from_a_year_in_the_text(tmp_path: Path) -> None:
    body = """<article><h1>The race to the pole</h1>
    <p>India got there first in August 2023, when its lander touched down.</p>
    <p>Landing there is hard because the sun sits low on the horizon.</p></article>
    <footer><p>Copyright 2024 Space Pages</p></footer></body></html>"""
    (tmp_path / "undated.html").write_text("<html><body>" + body, encoding="utf-8")
    meta = '<html><head><meta property="article:published_time" content="2023-08-24">'
    (tmp_path / "dated.html").write_text(meta + "</head><body>" + body, encoding="utf-8")
    docs, _ = read_all(tmp_path)
    dates = {d.path: d.date for d in docs}
    # htmldate's search of the text would make "2023" or "2024" a 1 January page date
    assert dates == {"undated.html": "", "dated.html": "2023-08-24"}


def test_duplicate_texts_get_distinct_ids_and_a_note(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("Copied page text.", encoding="utf-8")
    docs, _ = read_all(tmp_path)
    docs, issues = dedupe_ids(docs)
    assert docs[0].doc_id != docs[1].doc_id
    assert docs[1].doc_id.startswith(docs[0].doc_id)
    assert issues[0].path == "b.txt" and "same text as a.txt" in issues[0].problem


def test_hidden_files_and_sidecars_are_not_documents(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A claim.", encoding="utf-8")
    (tmp_path / "a.txt.meta.json").write_text('{"source": "Wire"}', encoding="utf-8")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01")
    sources, issues, _ = discover([str(tmp_path)])
    assert [s.name for s in sources] == ["a.txt"]
    assert issues == []


def test_broken_sidecar_is_reported_but_document_kept(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A claim.", encoding="utf-8")
    (tmp_path / "a.txt.meta.json").write_text("{broken", encoding="utf-8")
    docs, issues = read_all(tmp_path)
    assert len(docs) == 1
    assert issues[0].path == "a.txt.meta.json" and not issues[0].fatal


def test_wide_encoding_without_zero_bytes_in_the_head_is_none() -> None:
    """``wide_encoding``'s shortcut (no zero byte in the head: no zero-byte guess can fit)
    answers as the guesses themselves, on random bytes with and without zeros, of every
    length modulo four, and on real UTF-16/32 text."""
    import random

    from claimcheck.read import _BOMS, _decodes, _zeros_fit, wide_encoding

    def reference(data: bytes) -> tuple[str, bool] | None:
        for bom, encoding in _BOMS:
            if data.startswith(bom):
                return encoding, False
        guesses = [("utf-32-le", 4), ("utf-32-be", 4), ("utf-16-le", 2), ("utf-16-be", 2)]
        for encoding, unit in guesses:
            fits = len(data) % unit == 0 and _zeros_fit(data[:8192], encoding, unit)
            if fits and _decodes(data, encoding):
                return encoding, True
        return None

    rng = random.Random(10)
    samples = ["Café ünd text\r\n".encode(enc) for enc in ("utf-16-le", "utf-32-be", "utf-8")]
    samples += ["plain text".encode("utf-16-be") * 3, b"", b"\x00", b"\xff\xfe", b"a\x00b\x00"]
    for _ in range(3000):
        alphabet = rng.choice([b"ab\x00", b"abc\xc3\xa9 ", b"\x00\x00\x00a", b"\xfe\xff\x00A"])
        samples.append(bytes(rng.choice(alphabet) for _ in range(rng.randint(0, 40))))
    found = 0
    for data in samples:
        want = reference(data)
        found += want is not None
        assert wide_encoding(data) == want, data
    assert found > 100


def test_clean_text_of_ascii_text_is_the_substitution() -> None:
    """``clean_text``'s ASCII shortcut (no control byte: the text as it is) gives what the
    control-character substitution gives, on random ASCII and non-ASCII text with CRLF,
    page breaks and every C0/C1 control, and on empty text."""
    import random

    from claimcheck.read import _CONTROL, clean_text

    def reference(text: str) -> str:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        return _CONTROL.sub("", text.replace("\v", " ").replace("\f", " "))

    rng = random.Random(11)
    pieces = ["a", "B ", "\r\n", "\r", "\n", "\t", "\v", "\f", "\x00", "\x1b", "\x7f", "\x85",
              "\x9b", "é", "\u00a0", "日", "\x1f", "\x0e", "text. "]  # fmt: skip
    texts = ["", "plain ascii", "\x00", "é"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 15))) for _ in range(20000)]
    for text in texts:
        assert clean_text(text) == reference(text), repr(text)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        # French in Latin-1: charset_normalizer's first guess was cp775 ("approuvķ").
        ("Le conseil a approuvé le 3 mars une ligne qui coûtera 420 millions.", "latin-1"),
        ("café", "latin-1"),  # four bytes: its first guess was UTF-16 ("捡曩")
        # Cyrillic and Greek code pages were read as cp1252 ("Ïðàâèòåëüñòâî").
        ("Правительство объявило о новых мерах поддержки экономики.", "cp1251"),
        ("Η κυβέρνηση ανακοίνωσε νέα μέτρα στήριξης της οικονομίας.", "cp1253"),
        ("Правительство объявило о новых мерах поддержки экономики.", "koi8-r"),
    ],
    ids=["french-latin1", "short-latin1", "russian-cp1251", "greek-cp1253", "russian-koi8"],
)
def test_decode_reads_single_byte_text_in_its_own_code_page(text: str, encoding: str) -> None:
    decoded, how = decode(text.encode(encoding))
    assert decoded == text
    assert how is not None and how.startswith("invalid UTF-8 at byte")


@pytest.mark.parametrize(
    "text",
    [
        "São Paulo’s port said it would reopen on Monday. Valparaíso too. " * 3,
        "Правительство объявило о новых мерах. «Мы готовы», — сказал министр. " * 2,
    ],
    ids=["portuguese", "russian"],
)
def test_utf8_with_a_few_stray_bytes_stays_utf8(text: str) -> None:
    # Windows-1252 quotes pasted into a UTF-8 page: the whole file was read as another
    # code page (cp1252 mojibake, even UTF-16 junk for the Russian page).
    data = text.encode("utf-8") + b"It\x92s done, \x93he said\x94."
    decoded, how = decode(data)
    assert decoded == text + "It’s done, “he said”."
    assert how is not None and "3 stray bytes read as cp1252, the rest as UTF-8" in how

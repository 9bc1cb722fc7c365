"""Exports: CSV/JSONL files as a spreadsheet or a script meets them."""

from __future__ import annotations

import csv
import json
import random
import shutil
from pathlib import Path

import pytest

from claimcheck.export import DECIDED_COLUMNS, GROUP_COLUMNS, export_labels
from claimcheck.export import PROJECT_UNIT_COLUMNS as UNIT_COLUMNS
from claimcheck.models import DATED_NEWS
from claimcheck.store import Project, ProjectError
from claimcheck.store.reviewers import labels_by_reviewer

from ._desk import REVIEWERS, label_in, make_desk
from ._store_corpus import make_corpus

ROOT = Path(__file__).resolve().parents[1]

# =========================================================================== review labels
# export_labels: a review project's decisions (claimcheck.store), one row per group or
# one per member sentence.

BUDGET = "g-on-3-may-202"
DEFENCE = "g-defence-is-v"
FORMULA = 'g-=hyperlink("'


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def project(tmp_path: Path):
    with Project.create(tmp_path / "p.sqlite", make_corpus(), "ana") as opened:
        opened.set_label(BUDGET, DATED_NEWS)
        opened.set_note(BUDGET, "=1+1 looks like a formula")
        opened.toggle_flag(BUDGET)
        opened.skip(DEFENCE)
        yield opened


def test_group_export_one_row_per_group(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "labels.csv"
    assert export_labels(project, str(out)) == 5
    rows = read_csv(out)
    assert tuple(rows[0]) == GROUP_COLUMNS
    budget = rows[0]
    assert budget["group_id"] == BUDGET and budget["label"] == DATED_NEWS
    assert budget["note"] == "'=1+1 looks like a formula"  # neutralised for spreadsheets
    assert (budget["flagged"], budget["skipped"], budget["reviewer"]) == ("true", "false", "ana")
    assert budget["labelled_at"].endswith("+00:00")
    assert (budget["suggested_label"], budget["confidence"]) == (DATED_NEWS, "0.9")
    assert budget["evidence"] == "date found"
    assert (budget["group_size"], budget["group_docs"]) == ("3", "3")
    assert budget["documents"] == "a.txt; b.txt; c.txt"
    assert rows[1]["skipped"] == "true" and rows[1]["label"] == ""
    formula = next(r for r in rows if r["group_id"] == FORMULA)
    assert formula["representative_text"].startswith("'=HYPERLINK")


def test_group_export_jsonl_keeps_types_and_text(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "labels.jsonl"
    export_labels(str(project.path), str(out), fmt="jsonl")  # a path works as well
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows[0]["flagged"] is True and rows[0]["confidence"] == 0.9
    assert rows[0]["note"] == "=1+1 looks like a formula"  # JSON is not run by spreadsheets
    assert rows[2]["label"] is None


def test_per_sentence_offsets_match_the_document_text(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "units.csv"
    assert export_labels(project, str(out), per_sentence=True) == 8  # claim units only
    rows = read_csv(out)
    assert tuple(rows[0]) == (*UNIT_COLUMNS, *DECIDED_COLUMNS)
    docs = {d.path: d.text for d in make_corpus().documents}
    for row in rows:
        text = docs[row["doc"]][int(row["start"]) : int(row["end"])]
        assert row["text"] in (text, "'" + text)  # the formula cell carries its apostrophe
    budget = [r for r in rows if r["group_id"] == BUDGET]
    assert [r["label"] for r in budget] == [DATED_NEWS] * 3
    assert [r["representative"] for r in budget] == ["true", "false", "false"]


def test_failed_export_leaves_the_old_file(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "labels.csv"
    out.write_text("old export\n", encoding="utf-8")
    real_rows = Project.group_rows

    def failing_rows(self: Project):
        rows = real_rows(self)
        yield next(rows)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Project, "group_rows", failing_rows)
    with pytest.raises(OSError):
        export_labels(project, str(out))
    assert out.read_text(encoding="utf-8") == "old export\n"
    assert sorted(p.name for p in tmp_path.iterdir() if "labels" in p.name) == ["labels.csv"]


def test_orphaned_labels_are_exportable(project: Project, tmp_path: Path) -> None:
    corpus = make_corpus()
    corpus.groups = [g for g in corpus.groups if g.group_id != BUDGET]  # its claims vanished
    for group in corpus.groups:
        group.members = [m for m in group.members if "budget" not in corpus.units[m].text]
    assert [lost[0] for lost in project.sync(corpus).lost] == [BUDGET]
    out = tmp_path / "orphans.csv"
    assert export_labels(project, str(out), orphaned=True) == 1
    (row,) = read_csv(out)
    assert (row["group_id"], row["label"]) == (BUDGET, DATED_NEWS)
    assert row["member_texts"].count("announced a new budget") == 3


def test_orphaned_export_spells_booleans_as_the_others(project: Project, tmp_path: Path) -> None:
    corpus = make_corpus()
    corpus.groups = [g for g in corpus.groups if g.group_id != BUDGET]
    for group in corpus.groups:
        group.members = [m for m in group.members if "budget" not in corpus.units[m].text]
    project.sync(corpus)
    out = tmp_path / "orphans.csv"
    export_labels(project, str(out), orphaned=True)
    (row,) = read_csv(out)
    assert (row["flagged"], row["skipped"]) == ("true", "false")  # was 1 and 0
    export_labels(project, str(tmp_path / "o.jsonl"), fmt="jsonl", orphaned=True)
    (record,) = [json.loads(x) for x in (tmp_path / "o.jsonl").read_text("utf-8").splitlines()]
    assert record["flagged"] is True and record["skipped"] is False


def test_a_flagged_unlabelled_group_names_its_reviewer_and_time(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p.sqlite", make_corpus(), "ana") as created:
        created.set_label(BUDGET, DATED_NEWS)
    with Project.open(tmp_path / "p.sqlite", "ben") as opened:
        opened.toggle_flag(DEFENCE)  # a flag alone: no label, no skip
        opened.set_note(FORMULA, "check the link")  # a note alone
        flagged_at = opened.log(DEFENCE)[-1].at
        out = tmp_path / "labels.csv"
        export_labels(opened, str(out))
        rows = {r["group_id"]: r for r in read_csv(out)}
        export_labels(opened, str(tmp_path / "units.csv"), per_sentence=True)
        units = read_csv(tmp_path / "units.csv")
    assert (rows[DEFENCE]["reviewer"], rows[DEFENCE]["labelled_at"]) == ("ben", flagged_at)
    assert rows[FORMULA]["reviewer"] == "ben" and rows[FORMULA]["labelled_at"]
    assert rows[BUDGET]["reviewer"] == "ana"  # the label's reviewer, not the later session's
    decided = {BUDGET, DEFENCE, FORMULA}
    undecided = [r for gid, r in rows.items() if gid not in decided]
    assert undecided and all(r["reviewer"] == r["labelled_at"] == "" for r in undecided)
    for unit in units:  # every member sentence carries its group's decision
        assert (unit["reviewer"], unit["labelled_at"]) == (
            rows[unit["group_id"]]["reviewer"], rows[unit["group_id"]]["labelled_at"]
        )


def test_export_of_a_foreign_file_is_a_project_error(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.sqlite"
    bogus.write_text("not a database", encoding="utf-8")
    with pytest.raises(ProjectError, match="not a claimcheck project"):
        export_labels(str(bogus), str(tmp_path / "out.csv"))
    assert not (tmp_path / "out.csv").exists()


def test_export_100k_groups_is_quick(tmp_path: Path) -> None:
    """Not a benchmark (see benchmarks/store_bench.py): a guard against a quadratic slip."""
    import time

    from benchmarks.store_bench import synthetic_corpus

    path = tmp_path / "big.sqlite"
    Project.create(path, synthetic_corpus(20_000), "ana").close()
    started = time.perf_counter()
    assert export_labels(str(path), str(tmp_path / "big.csv")) == 20_000
    assert time.perf_counter() - started < 5


# Values that exercise every quoting rule: delimiters, quotes, both line ends,
# formula starts, non-text cells and empties.
_TRICKY = [
    "plain", "", None, "a,b", 'say "hi"', '"', "line\nbreak", "cr\ronly", "crlf\r\n",
    "=SUM(A1)", "+1", "-2", "@x", "\tTab", "\rCR", " lead", "trail ", "ünï “q”", 0, 1.5,
    -3, True, False, 12345678901234567890, 0.1 + 0.2,
]  # fmt: skip


def _bool(value: object) -> object:
    """Booleans as every export spells them (``true``/``false``, as in the JSONL)."""
    return ("true" if value else "false") if isinstance(value, bool) else value


def _csv_module_output(rows: list[tuple], columns: tuple[str, ...]) -> str:
    """What the standard library writes, with our booleans and safe_cell on the checked
    columns."""
    import io

    from claimcheck.export import _TRUSTED_COLUMNS, safe_cell

    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            [
                _bool(v) if c in _TRUSTED_COLUMNS else safe_cell(_bool(v))
                for c, v in zip(columns, row, strict=True)
            ]
        )
    return buf.getvalue()


def test_csv_writer_matches_the_csv_module(tmp_path: Path) -> None:
    import itertools
    import random

    from claimcheck.export import write_table

    columns = ("text", "group_id", "note")  # checked, trusted, checked
    rows = list(itertools.product(_TRICKY, repeat=2))
    rows = [(a, b, c) for (a, b), c in zip(rows, itertools.cycle(reversed(_TRICKY)))]
    random.Random(7).shuffle(rows)
    out = tmp_path / "t.csv"
    assert write_table(rows, columns, str(out)) == len(rows)
    written = out.read_bytes().decode("utf-8")
    assert written == _csv_module_output(rows, columns)


def test_single_column_rows_match_the_csv_module(tmp_path: Path) -> None:
    from claimcheck.export import write_rows

    rows = [{"group_id": v} for v in ("", None, "g1", "a,b")]
    out = tmp_path / "one.csv"
    write_rows(rows, ("group_id",), str(out))
    assert out.read_bytes().decode() == _csv_module_output(
        [(r["group_id"],) for r in rows], ("group_id",)
    )


def test_unit_csv_lines_equal_the_generic_writer(tmp_path: Path) -> None:
    from claimcheck.export import UNIT_COLUMNS, unit_cells, write_table, write_units
    from claimcheck.pipeline import RunOptions, build_corpus

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(
        '=cmd, "quoted" title\n\nThe ministry said on Monday, "we agree." It was 12 km.\n',
        encoding="utf-8",
    )
    (docs / "a.txt.meta.json").write_text(
        json.dumps({"source": "+Agency, Inc.", "date": "2024-01-05"}), encoding="utf-8"
    )
    (docs / "b.txt").write_text(
        '-Dash start line\nThe ministry said on Monday, "we agree." It was 12 km.\n',
        encoding="utf-8",
    )
    corpus = build_corpus([str(docs), str(ROOT / "corpus")], RunOptions())
    assert any(g.size > 1 for g in corpus.groups) and corpus.groups[0].suggestion
    fast, generic = tmp_path / "fast.csv", tmp_path / "generic.csv"
    assert write_units(corpus, str(fast)) == len(corpus.units)
    write_table(unit_cells(corpus), UNIT_COLUMNS, str(generic))
    assert fast.read_bytes() == generic.read_bytes()
    assert b"'=cmd" in fast.read_bytes() and b"'+Agency" in fast.read_bytes()


# --------------------------------------------------------------------------- a team


def test_a_teams_export_has_every_reviewers_label_and_the_final_one(tmp_path):
    desk = make_desk(tmp_path)
    path = tmp_path / "desk.sqlite"
    shutil.copyfile(desk.base, path)
    for reviewer in REVIEWERS:
        label_in(path, reviewer, desk.expected[reviewer])
    disputed = [g for g in desk.overlap if len({desk.expected[r][g] for r in REVIEWERS}) > 1]
    settled = disputed[0]
    with Project.open(path, "editor") as editor:
        editor.adjudicate(settled, desk.expected["ana"][settled])
        assert labels_by_reviewer(editor.log()) == desk.expected  # adjudicating is not labelling
    out = tmp_path / "labels.csv"
    export_labels(path, str(out))
    with open(out, newline="", encoding="utf-8") as handle:
        rows = {r["group_id"]: r for r in csv.DictReader(handle)}
    assert len(rows) == 1000
    for gid, row in rows.items():
        given = {r: desk.expected[r].get(gid, "") for r in REVIEWERS}
        assert {r: row[f"label_{r}"] for r in REVIEWERS} == given
        found = {v for v in given.values() if v}
        if gid == settled:
            assert (row["label"], row["adjudicated"], row["adjudicator"]) == (
                desk.expected["ana"][gid], "true", "editor")  # fmt: skip
            assert row["agreement"] == "disputed"
        elif len(found) > 1:
            assert (row["label"], row["agreement"], row["adjudicated"]) == ("", "disputed", "false")
        else:
            assert row["label"] == found.pop() and row["adjudicated"] == "false"
            assert row["agreement"] == ("agreed" if gid in desk.overlap else "single")


def test_one_reviewers_export_has_no_team_columns(project):
    project.set_label(BUDGET, DATED_NEWS)
    out = project.path.parent / "one.csv"
    export_labels(project, str(out))
    header = out.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert tuple(header) == GROUP_COLUMNS


def test_text_cell_is_the_safe_csv_field_of_a_text() -> None:
    """The CSV fast path's one-call text cell equals the generic writer's."""
    from claimcheck.export import _safe_csv_field, _text_cell

    pieces = ["", "a", ",", '"', "\n", "\r", "=", "+", "-", "@", "\t", "'", " ", "x,y", 'say "hi"']
    rng = random.Random(7)
    texts = pieces + ["".join(rng.choices(pieces, k=rng.randint(1, 6))) for _ in range(3000)]
    for text in texts:
        assert _text_cell(text) == _safe_csv_field(text), repr(text)


def test_unit_ids_past_five_digits_in_the_fast_csv(tmp_path: Path) -> None:
    """Unit indexes are zero-padded to five digits, wider ones written whole, as the
    generic writer does (the fast path formats each index once)."""
    from claimcheck.export import UNIT_COLUMNS, unit_cells, unit_csv_lines, write_table
    from claimcheck.models import Corpus, Document, Unit

    doc = Document(doc_id="d1", path="p.txt", text="")
    units = [Unit("d1", i, 0, 1, f"Text {i}, said.", "sentence") for i in (7, 99999, 123456, 7)]
    corpus = Corpus(documents=[doc], units=units, groups=[])
    generic = tmp_path / "g.csv"
    write_table(unit_cells(corpus), UNIT_COLUMNS, str(generic))
    fast = "".join(unit_csv_lines(corpus))
    assert generic.read_bytes().decode("utf-8").split("\r\n", 1)[1] == fast

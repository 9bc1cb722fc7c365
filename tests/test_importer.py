"""Labels in: import from CSV/JSONL, round trips with our export and spreadsheets."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from claimcheck.cli import main
from claimcheck.export import export_labels
from claimcheck.importer import (
    LabelImportError,
    Match,
    Row,
    _settle_matcher,
    import_labels,
    label_id,
    read_rows,
)
from claimcheck.models import DATED_NEWS, GENERIC, SENTENCE, UNSUPPORTED, Corpus, Document, Unit
from claimcheck.store import SKIPPED, Project
from tests._store_corpus import group_of, make_corpus

REPO = Path(__file__).resolve().parent.parent
BUDGET_TEXT = "On 3 May 2021 the minister announced a new budget."
DEFENCE_TEXT = "Defence is vital to every nation."
EXPERTS_TEXT = "Experts say the army is the best in Asia."
FORMULA_TEXT = '=HYPERLINK("http://evil") is a claim too.'


@pytest.fixture
def project(tmp_path: Path) -> Project:
    corpus = make_corpus()
    opened = Project.create(tmp_path / "p.sqlite", corpus, reviewer="maria")
    opened.set_label(group_of(corpus, BUDGET_TEXT), GENERIC)
    opened.set_note(group_of(corpus, BUDGET_TEXT), "=checked by desk")
    opened.skip(group_of(corpus, EXPERTS_TEXT))
    yield opened
    opened.close()


def state(project: Project) -> dict[str, tuple]:
    return project.decisions()


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def write_csv(path: Path, rows: list[dict[str, str]], **fmt: str) -> None:
    with open(path, "w", newline="", encoding=fmt.pop("encoding", "utf-8")) as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), **fmt)
        writer.writeheader()
        writer.writerows(rows)


def gid(text: str) -> str:
    return group_of(make_corpus(), text)


# --------------------------------------------------------------------------- round trip


@pytest.mark.parametrize("suffix", ["csv", "jsonl"])
def test_unedited_export_imports_as_no_change(
    project: Project, tmp_path: Path, suffix: str
) -> None:
    out = tmp_path / f"labels.{suffix}"
    export_labels(project, str(out), suffix)
    before, log = state(project), len(project.log())
    report = import_labels(project, out)
    assert report.counts()["unchanged"] == 5 and not report.changes
    assert report.methods() == {"group_id": 5}
    assert state(project) == before and len(project.log()) == log
    assert report.side_file is None


def test_edited_label_note_and_flag_come_back_as_decisions(
    project: Project, tmp_path: Path
) -> None:
    out = tmp_path / "labels.csv"
    export_labels(project, str(out))
    rows = read_csv(out)
    by_id = {r["group_id"]: r for r in rows}
    by_id[gid(BUDGET_TEXT)]["label"] = "dated news"
    by_id[gid(BUDGET_TEXT)]["note"] = "'=SUM(A1) is in the note"  # as the guard writes it
    by_id[gid(DEFENCE_TEXT)]["flagged"] = "true"
    by_id[gid(EXPERTS_TEXT)]["skipped"] = "false"  # un-skipped: back to pending
    write_csv(out, rows)
    with Project.open(project.path, "maria") as maria:  # her own labels, edited
        report = import_labels(maria, out)
        after = state(maria)
        log = maria.log()
    assert report.counts() == {
        "new": 1, "changed": 2, "unchanged": 2, "unmatched": 0, "ambiguous": 0
    }  # fmt: skip
    assert after[gid(BUDGET_TEXT)] == (DATED_NEWS, False, "=SUM(A1) is in the note")
    assert after[gid(DEFENCE_TEXT)] == (None, True, "")
    assert after[gid(EXPERTS_TEXT)] == (None, False, "")
    new = [(d.group_id, d.action, d.value, d.reviewer) for d in log[-4:]]
    assert new == [
        (gid(BUDGET_TEXT), "label", DATED_NEWS, "maria"),
        (gid(BUDGET_TEXT), "note", "=SUM(A1) is in the note", "maria"),
        (gid(DEFENCE_TEXT), "flag", "1", "maria"),
        (gid(EXPERTS_TEXT), "label", None, "maria"),
    ]
    # The export of the imported project holds the edits exactly.
    again = tmp_path / "again.csv"
    export_labels(project.path, str(again))
    def decision(r: dict[str, str]) -> tuple:
        return label_id(r["label"]) or "", r["note"], r["flagged"], r["skipped"]

    assert [decision(r) for r in read_csv(again)] == [decision(r) for r in rows]


def test_imported_labels_are_reviewer_labels_and_undoable(
    project: Project, tmp_path: Path
) -> None:
    src = tmp_path / "m.csv"
    src.write_text(f"group_id,label\n{gid(DEFENCE_TEXT)},unsupported\n", encoding="utf-8")
    with Project.open(project.path, "ana") as ana:
        import_labels(ana, src)
        assert ana.queue(UNSUPPORTED)[0].group_id == gid(DEFENCE_TEXT)
        assert ana.can_undo
        ana.undo()
        assert gid(DEFENCE_TEXT) not in {r.group_id for r in ana.queue(UNSUPPORTED)}
    entries = [(d.action, d.value, d.reviewer) for d in project.log(gid(DEFENCE_TEXT))]
    assert entries == [("label", UNSUPPORTED, "ana"), ("undo", None, "ana")]


def test_reimport_is_idempotent(project: Project, tmp_path: Path) -> None:
    src = tmp_path / "m.jsonl"
    lines = [
        {"group_id": gid(DEFENCE_TEXT), "label": "Generic", "note": "n", "flagged": True},
        {"text": EXPERTS_TEXT, "label": "unsupported"},
    ]
    src.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    first = import_labels(project, src)
    assert len(first.decisions) == 4
    log = len(project.log())
    second = import_labels(project, src)
    assert not second.decisions and second.counts()["unchanged"] == 2
    assert len(project.log()) == log


# --------------------------------------------------------------------------- spreadsheets


def test_excel_style_file_with_bom_crlf_semicolons_and_quotes(
    project: Project, tmp_path: Path
) -> None:
    out = tmp_path / "labels.csv"
    export_labels(project, str(out))
    rows = read_csv(out)
    for r in rows:  # what a German Excel does on "save as CSV UTF-8"
        r["flagged"], r["skipped"] = r["flagged"].upper(), r["skipped"].upper()
        r["confidence"] = r["confidence"].replace(".", ",")
    by_id = {r["group_id"]: r for r in rows}
    by_id[gid(DEFENCE_TEXT)]["label"] = "Generic Assertion"
    by_id[gid(DEFENCE_TEXT)]["note"] = 'two lines;\n"quoted"'
    by_id[gid(FORMULA_TEXT)]["label"] = "DATED_NEWS"
    excel = tmp_path / "excel.csv"
    write_csv(excel, rows, delimiter=";", lineterminator="\r\n", encoding="utf-8-sig")
    assert excel.read_bytes().startswith(b"\xef\xbb\xbf") and b";" in excel.read_bytes()
    report = import_labels(project, excel)
    assert report.counts()["changed"] + report.counts()["new"] == 2
    after = state(project)
    assert after[gid(DEFENCE_TEXT)] == (GENERIC, False, 'two lines;\n"quoted"')
    assert after[gid(FORMULA_TEXT)][0] == DATED_NEWS


def test_cp1252_tab_delimited_minimal_file(project: Project, tmp_path: Path) -> None:
    src = tmp_path / "m.tsv"
    src.write_bytes("text\tlabel\tnote\r\nDefence is vital to every nation\tDated\tcafé\r\n"
                    .encode("cp1252"))  # fmt: skip
    import_labels(project, src)
    assert state(project)[gid(DEFENCE_TEXT)] == (DATED_NEWS, False, "café")


@pytest.mark.parametrize(
    ("spelling", "expected"),
    [
        ("dated news", DATED_NEWS), ("dated_news", DATED_NEWS), ("Dated", DATED_NEWS),
        ("DATED-NEWS", DATED_NEWS), ("generic assertion", GENERIC), (" Generic ", GENERIC),
        ("unsupported", UNSUPPORTED), ("Skipped", SKIPPED), ("", None),
    ],
)  # fmt: skip
def test_label_spellings(spelling: str, expected: str | None) -> None:
    assert label_id(spelling) == expected


# --------------------------------------------------------------------------- matching


def test_text_matching_methods_are_reported(project: Project, tmp_path: Path) -> None:
    src = tmp_path / "other.csv"
    write_csv(
        src,
        [
            {"text": DEFENCE_TEXT, "label": "generic"},  # exact
            {"text": "EXPERTS say: the army is the best in Asia", "label": "unsupported"},
            {"text": "The minister announced the new budget on 3 May 2021.", "label": "dated"},
            {"text": "A rare claim about Zanzibar ferries", "label": "generic"},
        ],
    )
    report = import_labels(project, src, match="text")
    methods = [m.method for m in report.matches]
    assert methods == ["exact", "normalised", "matcher", "normalised"]
    assert state(project)[gid(BUDGET_TEXT)][0] == DATED_NEWS


def test_unmatched_and_ambiguous_rows_go_to_the_side_file(tmp_path: Path) -> None:
    corpus = make_corpus()
    defence = next(g for g in corpus.groups if g.group_id == group_of(corpus, DEFENCE_TEXT))
    split = type(defence)("g-defence-split", defence.members[1:], 1)
    defence.members, defence.n_docs = defence.members[:1], 1
    corpus.groups.append(split)  # the same text in two groups: a text match is ambiguous
    src = tmp_path / "other.csv"
    write_csv(
        src,
        [
            {"group_id": "", "text": DEFENCE_TEXT, "label": "generic"},
            {"group_id": "", "text": "On 4 May 2021 the minister announced a new budget.",
             "label": "dated"},  # a fact conflict: never matched
            {"group_id": "", "text": "Nothing like anything here", "label": "generic"},
            {"group_id": gid(EXPERTS_TEXT), "text": "", "label": "generic"},
            {"group_id": gid(EXPERTS_TEXT), "text": "", "label": "unsupported"},
            {"group_id": gid(BUDGET_TEXT), "text": "", "label": "dated"},
        ],
    )  # fmt: skip
    with Project.create(tmp_path / "p.sqlite", corpus, "ana") as project:
        report = import_labels(project, src)
        assert report.counts() == {
            "new": 1, "changed": 0, "unchanged": 0, "unmatched": 2, "ambiguous": 3
        }  # fmt: skip
        assert set(project.decisions()) == {gid(BUDGET_TEXT)}
    side = read_csv(tmp_path / "other.unmatched.csv")
    assert [(r["line"], r["outcome"]) for r in side] == [
        ("2", "ambiguous"), ("3", "unmatched"), ("4", "unmatched"),
        ("5", "ambiguous"), ("6", "ambiguous"),
    ]  # fmt: skip
    assert "2 groups" in side[0]["reason"] and "disagree" in side[3]["reason"]
    assert side[1]["text"].startswith("On 4 May")


@pytest.mark.parametrize(
    ("best", "reason"),
    [
        ({"g1": 0.31, "g2": 0.12}, "no group close enough (best g1 at 0.31 < 0.9)"),
        ({"g1": 0.0}, "no group close enough (groups share some of its words, none its claim)"),
        ({}, "no group shares its words"),
    ],
)
def test_an_unmatched_row_says_how_close_it_came(best: dict[str, float], reason: str) -> None:
    match = Match(Row(2, "", "A text", "generic", None, None, {}))
    _settle_matcher(match, best)
    assert (match.group_id, match.outcome, match.reason) == (None, "unmatched", reason)


# --------------------------------------------------------------------------- all or nothing


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("group_id,label\n{g},dated news\n{g2},maybe\n", "line 3: unknown label 'maybe'"),
        ("group_id,label,flagged\n{g},generic,perhaps\n", "line 2: flag 'perhaps'"),
        ("group_id,label\n{g},generic,extra,cells\n", "line 2: 4 fields"),
        ("group_id,label\n,generic\n", "line 2: neither a group_id nor a text"),
        ('{{"group_id": "{g}", "label": "generic"}}\n[1]\n', "line 2: not a JSON object"),
        ("id,verdict\nx,y\n", "needs a group_id or text column"),
    ],
)
def test_bad_rows_import_nothing(
    project: Project, tmp_path: Path, content: str, problem: str
) -> None:
    src = tmp_path / "bad.csv"
    src.write_text(content.format(g=gid(DEFENCE_TEXT), g2=gid(BUDGET_TEXT)), encoding="utf-8")
    before, log = state(project), len(project.log())
    with pytest.raises(LabelImportError) as err:
        import_labels(project, src)
    assert any(problem in line and str(src) in line for line in err.value.lines), err.value.lines
    assert state(project) == before and len(project.log()) == log


def test_file_for_another_corpus_is_refused(project: Project, tmp_path: Path) -> None:
    other = Corpus(root="other")
    text = "The harbour reopened to fishing boats."
    other.documents.append(Document("o1", "o.txt", text))
    other.units.append(Unit("o1", 0, 0, len(text), text, SENTENCE))
    from claimcheck.models import Group

    other.groups.append(Group("g-other", [0], 1))
    with Project.create(tmp_path / "other.sqlite", other, "x") as o:
        o.set_label("g-other", GENERIC)
    out = tmp_path / "other.csv"
    export_labels(tmp_path / "other.sqlite", str(out))
    before = state(project)
    with pytest.raises(LabelImportError, match="another corpus"):
        import_labels(project, out)
    assert state(project) == before


# --------------------------------------------------------------------------- interruption

_SLOW_IMPORT = """
import sys, time
import claimcheck.store.log as decision_log
from claimcheck.store import Project
from claimcheck.importer import import_labels
write_many = decision_log._write_many
def stalled(db, log, states):  # every statement run, the transaction not yet committed
    done = write_many(db, log, states)
    print("MID", flush=True)
    time.sleep(60)
    return done
if sys.argv[3] == "stall":
    decision_log._write_many = stalled
with Project.open(sys.argv[1], "ana") as p:
    import_labels(p, sys.argv[2])
print("DONE", flush=True)
"""


def _big_project(tmp_path: Path) -> tuple[Path, Path]:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from store_bench import synthetic_corpus

    path = tmp_path / "big.sqlite"
    Project.create(path, synthetic_corpus(2000), "maria").close()
    src = tmp_path / "all.csv"
    export_labels(path, str(src))
    rows = read_csv(src)
    for i, r in enumerate(rows):
        r["label"], r["note"] = (DATED_NEWS, GENERIC, UNSUPPORTED)[i % 3], f"note {i}"
    write_csv(src, rows)
    return path, src


@pytest.mark.parametrize("when", ["stall", "end"])
def test_kill_9_mid_import_leaves_the_project_as_before_or_whole(
    tmp_path: Path, when: str
) -> None:
    path, src = _big_project(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-c", _SLOW_IMPORT, str(path), str(src), when],
        stdout=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with Project.open(path, "ana") as after:  # as the reviewer who imported
        decided = after.decisions()
        log = after.log()
    if when == "stall":
        assert line == "MID"
        assert decided == {} and log == []  # as before: nothing of the half transaction
    else:
        assert line == "DONE"
        assert len(decided) == 2000 and len(log) == 4000  # all of it
        assert {d.reviewer for d in log} == {"ana"}


# --------------------------------------------------------------------------- command line


def test_cli_dry_run_then_import(
    project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "m.csv"
    src.write_text(f"text,label\n{DEFENCE_TEXT},dated news\nno such claim at all,generic\n")
    before = state(project)
    assert main(["import", str(project.path), str(src), "--dry-run", "--reviewer", "ana"]) == 0
    err = capsys.readouterr().err
    assert "1 new, 0 changed, 0 unchanged, 1 unmatched, 0 ambiguous" in err
    assert "matched by exact 1" in err and "would save 1 decision by ana" in err
    assert "m.unmatched.csv" in err and state(project) == before
    report = tmp_path / "rows.csv"
    args = ["import", str(project.path), str(src), "--reviewer", "ana", "--report", str(report)]
    assert main(args) == 0
    assert "saved 1 decision by ana" in capsys.readouterr().err
    assert state(project)[gid(DEFENCE_TEXT)][0] == DATED_NEWS
    assert [r["match"] for r in read_csv(report)] == ["exact", ""]


def test_cli_import_goes_on_as_the_projects_only_reviewer(
    project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An edited export of a solo project comes back under its reviewer: logged under
    the login name it made a second reviewer, and the edited groups "disputed"."""
    (only,) = project.reviewers()
    src = tmp_path / "m.csv"
    src.write_text(f"text,label\n{DEFENCE_TEXT},dated news\n")
    assert main(["import", str(project.path), str(src)]) == 0
    assert f"saved 1 decision by {only}" in capsys.readouterr().err
    assert project.reviewers() == [only]


def test_cli_bad_file_is_one_line_per_problem_and_exit_1(
    project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "m.csv"
    src.write_text("text,label\na,foo\nb,bar\n")
    assert main(["import", str(project.path), str(src)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 3 and all(str(src) in line for line in err)
    assert main(["import", str(tmp_path / "nope.sqlite"), str(src)]) == 1
    capsys.readouterr()
    assert main(["import", str(project.path), str(project.path)]) == 1  # swapped arguments
    assert "a project file, not labels" in capsys.readouterr().err


def test_read_rows_passes_over_blank_spreadsheet_rows(tmp_path: Path) -> None:
    src = tmp_path / "m.csv"
    src.write_text("text;label\r\nsome claim;generic\r\n;\r\n;\r\n", encoding="utf-8")
    rows, blank = read_rows(src)
    assert [(r.text, r.state) for r in rows] == [("some claim", GENERIC)] and blank == 2


def test_unknown_group_id_falls_back_to_the_text(project: Project, tmp_path: Path) -> None:
    """A row from before a re-grouping: its id is gone, its claim text is still here."""
    src = tmp_path / "old.csv"
    write_csv(src, [{"group_id": "g-stale", "representative_text": DEFENCE_TEXT,
                     "label": "unsupported"}])  # fmt: skip
    report = import_labels(project, src)
    (match,) = report.matches
    assert (match.group_id, match.method) == (gid(DEFENCE_TEXT), "exact")
    assert "unknown group_id g-stale" in match.reason
    assert state(project)[gid(DEFENCE_TEXT)][0] == UNSUPPORTED


def test_in_a_team_an_import_is_the_importing_reviewers_own(
    project: Project, tmp_path: Path
) -> None:
    """maria labelled; ben imports the same label for one group and another for a
    second: both are ben's decisions, compared with ben's own (none), maria's kept."""
    src = tmp_path / "ben.csv"
    src.write_text(f"group_id,label\n{gid(BUDGET_TEXT)},generic\n{gid(DEFENCE_TEXT)},unsupported\n",
                   encoding="utf-8")  # fmt: skip
    with Project.open(project.path, "ben") as ben:
        report = import_labels(ben, src)
        assert report.counts()["new"] == 2
        assert ben.decisions() == {gid(BUDGET_TEXT): (GENERIC, False, ""),
                                   gid(DEFENCE_TEXT): (UNSUPPORTED, False, "")}  # fmt: skip
    with Project.open(project.path, "maria") as maria:
        assert maria.decisions()[gid(BUDGET_TEXT)] == (GENERIC, False, "=checked by desk")
        assert gid(DEFENCE_TEXT) not in maria.decisions()


def _team_export(project: Project, tmp_path: Path, suffix: str = "csv") -> Path:
    """maria's project (a generic label with a note, a skip) after ben labelled too:
    the budget group disputed, the defence group ben's alone; exported."""
    with Project.open(project.path, "ben") as ben:
        ben.set_label(gid(BUDGET_TEXT), UNSUPPORTED)
        ben.set_label(gid(DEFENCE_TEXT), DATED_NEWS)
    out = tmp_path / f"team.{suffix}"
    export_labels(project.path, str(out), suffix)
    return out


@pytest.mark.parametrize("suffix", ["csv", "jsonl"])
def test_a_teams_unedited_export_imports_as_no_change_for_each_reviewer(
    project: Project, tmp_path: Path, suffix: str
) -> None:
    """The label column of a team export is the desk's final label: read as ben's, it
    withdrew his disputed label and gave him maria's note (and vice versa)."""
    out = _team_export(project, tmp_path, suffix)
    for name in ("maria", "ben"):
        with Project.open(project.path, name) as reviewer:
            before, log = reviewer.decisions(), len(reviewer.log())
            report = import_labels(reviewer, out)
            assert not report.changes and report.team_column == f"label_{name}"
            assert reviewer.decisions() == before and len(reviewer.log()) == log


def _edited_team_export(project: Project, tmp_path: Path, column: str) -> Path:
    """A team export with ``column`` of the defence group's row set to generic."""
    out = _team_export(project, tmp_path)
    rows = read_csv(out)
    for row in rows:
        if row["group_id"] == gid(DEFENCE_TEXT):
            row[column] = "generic"
    write_csv(out, rows)
    return out


def test_a_teams_export_brings_back_the_reviewers_own_column(
    project: Project, tmp_path: Path
) -> None:
    out = _edited_team_export(project, tmp_path, "label_ben")
    with Project.open(project.path, "ben") as ben:
        report = import_labels(ben, out)
        assert report.changes == [(gid(DEFENCE_TEXT), "label", GENERIC)]
        assert ben.decisions()[gid(DEFENCE_TEXT)] == (GENERIC, False, "")
    with Project.open(project.path, "maria") as maria:
        assert gid(DEFENCE_TEXT) not in maria.decisions()


def test_a_teams_export_with_an_edited_final_label_is_refused(
    project: Project, tmp_path: Path
) -> None:
    out = _edited_team_export(project, tmp_path, "label")
    with Project.open(project.path, "ben") as ben:
        log = len(ben.log())
        with pytest.raises(LabelImportError, match="label_ben"):
            import_labels(ben, out)
        assert len(ben.log()) == log


def test_a_teams_export_for_someone_without_a_column_is_refused(
    project: Project, tmp_path: Path
) -> None:
    """The editor (or a newcomer) has no label column of their own: importing the
    final labels as theirs would make them a reviewer agreeing with everyone."""
    out = _team_export(project, tmp_path)
    with Project.open(project.path, "editor") as editor:
        with pytest.raises(LabelImportError, match="label_ben, label_maria"):
            import_labels(editor, out)
        assert editor.reviewers() == ["ben", "maria"]

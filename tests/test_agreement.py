"""Agreement figures: textbook values, and a simulated desk against the references."""

from __future__ import annotations

import json
import shutil
from itertools import combinations

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from claimcheck.agreement import agreement, as_table, disputed
from claimcheck.cli import main
from claimcheck.models import DATED_NEWS, GENERIC, LABELS
from claimcheck.store import Project
from claimcheck.store.reviewers import labels_by_reviewer

from ._desk import REVIEWERS, label_in, make_desk


def test_cohens_kappa_of_the_textbook_table() -> None:
    # 50 items: both yes 20, a yes / b no 5, a no / b yes 10, both no 15:
    # p_o = 0.7, p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.5, kappa = 0.2 / 0.5 = 0.4.
    cells = [(DATED_NEWS, DATED_NEWS)] * 20 + [(DATED_NEWS, GENERIC)] * 5
    cells += [(GENERIC, DATED_NEWS)] * 10 + [(GENERIC, GENERIC)] * 15
    a = {f"g{i}": x for i, (x, _) in enumerate(cells)}
    b = {f"g{i}": y for i, (_, y) in enumerate(cells)}
    pair = agreement({"a": a, "b": b}).pairs[0]
    assert pair.kappa == pytest.approx(0.4, abs=1e-12)
    assert (pair.shared, pair.agreed) == (50, 35)
    assert pair.confusion[:2] == [[20, 5, 0], [10, 15, 0]]


def test_krippendorffs_alpha_of_his_nominal_example_with_missing_values() -> None:
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability", nominal: 0.743.
    rows = ["1 2 3 3 2 1 4 1 2 . . .", "1 2 3 3 2 2 4 1 2 5 . 3",
            ". 3 3 3 2 3 4 2 2 5 1 .", "1 2 3 3 2 4 4 1 2 5 1 ."]  # fmt: skip
    labels = {
        f"c{n}": {f"u{i:02d}": v for i, v in enumerate(row.split()) if v != "."}
        for n, row in enumerate(rows)
    }
    result = agreement(labels, label_set=("1", "2", "3", "4", "5"))
    assert round(result.alpha, 3) == 0.743
    assert result.units == 11  # u11 has a single value: not pairable


def test_undefined_figures_are_none_not_nan() -> None:
    same = {"g1": GENERIC, "g2": GENERIC}
    result = agreement({"a": same, "b": same, "c": {}})
    assert result.alpha is None and result.pairs[0].kappa is None
    assert result.pairs[1].shared == 0 and result.pairs[1].kappa is None
    assert "n/a" in as_table(result)


@pytest.fixture(scope="module")
def desk_file(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("desk")
    desk = make_desk(tmp)
    path = tmp / "desk.sqlite"
    shutil.copyfile(desk.base, path)
    for reviewer in REVIEWERS:
        label_in(path, reviewer, desk.expected[reviewer])
    return desk, path


def reference_alpha(expected, units, code) -> float:
    data = [[code(expected[r][g]) if g in expected[r] else np.nan for g in units]
            for r in REVIEWERS]  # fmt: skip
    return krippendorff.alpha(reliability_data=np.array(data), level_of_measurement="nominal")


def test_the_desks_figures_equal_the_reference_implementations(desk_file) -> None:
    desk, path = desk_file
    with Project.open(path, "editor") as project:
        result = agreement(labels_by_reviewer(project.log()))
    expected = desk.expected
    assert result.reviewers == list(REVIEWERS)
    assert result.labelled == {r: len(expected[r]) for r in REVIEWERS}
    assert result.units == len(desk.overlap) == 200
    for pair, (a, b) in zip(result.pairs, combinations(REVIEWERS, 2), strict=True):
        shared = sorted(set(expected[a]) & set(expected[b]))
        ya, yb = [expected[a][g] for g in shared], [expected[b][g] for g in shared]
        assert (pair.a, pair.b, pair.shared) == (a, b, len(shared))
        assert abs(pair.kappa - cohen_kappa_score(ya, yb)) <= 1e-9
        assert pair.agreed == sum(x == y for x, y in zip(ya, yb, strict=True))
        assert sum(map(sum, pair.confusion)) == len(shared)
        for label in LABELS:
            ref = cohen_kappa_score([x == label for x in ya], [y == label for y in yb])
            assert abs(pair.kappa_per_label[label] - ref) <= 1e-9
    assert abs(result.alpha - reference_alpha(expected, desk.overlap, LABELS.index)) <= 1e-9
    for label in LABELS:
        ref = reference_alpha(expected, desk.overlap, lambda x, lab=label: float(x == lab))
        assert abs(result.alpha_per_label[label] - ref) <= 1e-9
    # The known disagreements: ana is never wrong, so ana-ben and ana-cy differ exactly
    # where ben or cy departed from the truth; the figures reflect who errs more.
    ana_ben, ana_cy, _ = result.pairs
    assert 0.0 < ana_cy.kappa < ana_ben.kappa < 1.0
    differ = {g for g in desk.overlap if len({expected[r][g] for r in REVIEWERS}) > 1}
    assert result.disputed == sorted(differ) and 0 < len(differ) < 200
    assert disputed(expected) == sorted(differ)


def test_agreement_command_prints_a_table_and_json(desk_file, capsys) -> None:
    _, path = desk_file
    assert main(["agreement", str(path)]) == 0
    table = capsys.readouterr().out
    assert "ana vs ben" in table and "Krippendorff's alpha" in table
    block = table.split("ana vs ben")[1].splitlines()[2:6]  # header + one row a label
    assert block[0].lstrip().startswith("ana (rows) / ben")
    assert len({len(line) for line in block}) == 1  # the matrix's columns line up
    assert main(["agreement", str(path), "--format", "json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["reviewers"] == list(REVIEWERS) and len(figures["pairs"]) == 3
    assert figures["pairs"][0]["confusion"][0][0] > 0


def test_agreement_command_bad_input_is_one_line(tmp_path, capsys) -> None:
    bad = tmp_path / "notes.sqlite"
    bad.write_text("not a project")
    assert main(["agreement", str(bad)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(bad) in err[0]


def test_agreement_of_one_reviewer_is_one_error_line(desk_file, tmp_path, capsys) -> None:
    desk, _ = desk_file
    path = tmp_path / "solo.sqlite"
    shutil.copyfile(desk.base, path)
    label_in(path, "ana", desk.expected["ana"])
    assert main(["agreement", str(path)]) == 1
    captured = capsys.readouterr()
    err = captured.err.strip().splitlines()
    assert captured.out == "" and len(err) == 1
    assert err[0].startswith("claimcheck: error: ") and str(path) in err[0]

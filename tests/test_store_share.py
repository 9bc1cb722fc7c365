"""The overlap setting in a project: each named reviewer's queue is their share."""

from __future__ import annotations

from pathlib import Path

from claimcheck.cli import main
from claimcheck.overlap import OverlapSetting, shares
from claimcheck.store import Project

from ._store_corpus import make_corpus

SETTING = OverlapSetting(("ana", "ben"), 25.0, 3)


def _project(tmp_path: Path) -> Path:
    docs = [(f"d{n}.txt", [("sentence", f"Claim {n} says figure {n} rose.")]) for n in range(40)]
    path = tmp_path / "desk.sqlite"
    Project.create(path, make_corpus(docs), "ana").close()
    return path


def test_each_named_reviewer_sees_their_share_others_see_all(tmp_path: Path) -> None:
    path = _project(tmp_path)
    with Project.open(path, "ana") as project:
        every = [r.group_id for r in project.queue()]
        project.set_overlap(SETTING)
        assert project.overlap_setting() == SETTING
        mine = [r.group_id for r in project.queue()]
        assert set(mine) == shares(every, SETTING)["ana"]
        assert mine == [g for g in every if g in set(mine)]  # in queue order
        project.set_label(mine[0], "generic")
        assert project.stats().total == len(mine)  # progress over the share
    with Project.open(path, "ben") as project:
        assert {r.group_id for r in project.queue()} == shares(every, SETTING)["ben"]
    with Project.open(path, "editor") as project:  # not named: every group
        assert [r.group_id for r in project.queue()] == every
        project.set_overlap(None)
    with Project.open(path, "ana") as project:
        assert project.overlap_setting() is None
        assert len(project.queue()) == len(every)


def test_the_review_command_refuses_a_half_setting(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    path = _project(tmp_path)
    assert main(["review", str(path), "--overlap", "20"]) == 2
    assert "--overlap and --team go together" in capsys.readouterr().err
    assert main(["review", str(path), "--overlap", "20", "--team", "ana"]) == 2
    assert "two or more distinct reviewers" in capsys.readouterr().err
    missing = tmp_path / "none.sqlite"
    assert main(["review", "corpus", "--db", str(missing), "--overlap", "20", "--team", "a,b"]) == 2
    with Project.open(path, "x") as project:
        assert project.overlap_setting() is None


def test_setting_the_shares_from_a_script_says_so_and_succeeds(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    """With no terminal (a script, or a desk editor's one-off command) the setting is
    the whole job: it said "error: review needs a terminal" and exit 1 after saving it."""
    path = _project(tmp_path)
    args = ["review", str(path), "--overlap", "25", "--team", "ana,ben", "--seed", "3"]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "error" not in err
    with Project.open(path, "x") as project:
        assert project.overlap_setting() == SETTING
        every = [r.group_id for r in project.queue()]
    sizes = {name: len(share) for name, share in shares(every, SETTING).items()}
    assert f"ana {sizes['ana']}, ben {sizes['ben']} of 40 groups" in err
    assert f"claimcheck review {path} --reviewer ana" in err

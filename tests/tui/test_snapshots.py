"""Snapshots of the review screen, the help screen and the note dialog.

Deterministic: a hand-made corpus (no grouper or suggester changes move them), a
fresh project (the rate needs two decisions in a session, so it shows "—"), a
fixed terminal size, and no clock in the header.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.store import Project

from .conftest import REVIEWER, make_app, settled
from .handmade import handmade_corpus

TERMINAL = (120, 36)


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    path = tmp_path / "review.sqlite"
    Project.create(path, handmade_corpus(), REVIEWER).close()
    return path


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 50)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_review_screen(snap_compare, project_path: Path, size: tuple[int, int]) -> None:
    """A laptop over SSH (stacked), a roomy terminal, a wide one (side by side)."""
    assert snap_compare(make_app(project_path), press=["d"], terminal_size=size, run_before=settled)


def test_help_screen(snap_compare, project_path: Path) -> None:
    app = make_app(project_path)
    assert snap_compare(app, press=["question_mark"], terminal_size=TERMINAL, run_before=settled)


def test_note_dialog(snap_compare, project_path: Path) -> None:
    app = make_app(project_path)
    keys = ["n", *"ask the desk"]
    assert snap_compare(app, press=keys, terminal_size=TERMINAL, run_before=settled)

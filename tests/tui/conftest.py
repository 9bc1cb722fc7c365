"""Fixtures for the review TUI: the sample corpus once per run, a fresh project per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.models import Corpus
from claimcheck.pipeline import RunOptions, build_corpus
from claimcheck.store import Project
from claimcheck.tui.app import ReviewApp

CORPUS_DIR = Path(__file__).resolve().parents[2] / "corpus"
SIZE = (120, 36)
REVIEWER = "tester"


@pytest.fixture(autouse=True)
def no_user_keymap(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The reviewer's own keymap must not change what the tests press."""
    monkeypatch.setenv("CLAIMCHECK_KEYMAP", str(tmp_path / "no-keymap.toml"))


@pytest.fixture(scope="session")
def sample_corpus() -> Corpus:
    return build_corpus([str(CORPUS_DIR)], RunOptions(workers=1))


@pytest.fixture
def project_path(tmp_path: Path, sample_corpus: Corpus) -> Path:
    path = tmp_path / "review.sqlite"
    Project.create(path, sample_corpus, REVIEWER).close()
    return path


def make_app(path: Path, **kwargs: object) -> ReviewApp:
    return ReviewApp(path, REVIEWER, **kwargs)  # type: ignore[arg-type]


async def settled(pilot) -> None:  # noqa: ANN001 - a textual Pilot
    """Before a snapshot's keys: the refit started at mount is done, so its outcome
    (a "Learning" note when it saw a label) cannot land in the picture by timing."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()

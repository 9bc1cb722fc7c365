"""A reviewer's 20-key session at 80x24 in a real terminal (tmux), screen by screen.

Every screen must show the footer's "? Help" and "q Quit" (dialogs aside) and no
word cut in half; quitting must print what was saved and how to resume, with no
terminal escape codes in a redirected stderr. Skipped where tmux is missing.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from claimcheck.models import Corpus
from claimcheck.store import Project

from .conftest import REVIEWER
from .screen import clipped_words

TMUX = shutil.which("tmux")
pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed")
SIZE = (80, 24)
# (key as tmux names it, a dialog is open after it): 20 keys of a short session.
SESSION = [
    ("d", False), ("j", False), ("g", False), ("u", False), ("Space", False),
    ("f", False), ("z", False), ("C-y", False), ("]", False), ("]", False),
    ("[", False), ("o", False), ("v", True), ("Escape", False), ("?", True),
    ("Escape", False), ("n", True), ("Escape", False), ("k", False), ("r", False),
]  # fmt: skip
SETTLE_S, CHANGE_S, POLL_S, START_TIMEOUT_S = 0.12, 0.6, 0.03, 30.0


class Tmux:
    def __init__(self, command: str, size: tuple[int, int]) -> None:
        self.name = f"claimcheck-{uuid.uuid4().hex[:8]}"
        width, height = size
        self.run("new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height),
                 command)  # fmt: skip

    def run(self, *args: str) -> str:
        done = subprocess.run([TMUX, *args], capture_output=True, text=True, check=False)
        return done.stdout

    def screen(self) -> list[str]:
        return self.run("capture-pane", "-p", "-t", self.name).splitlines()

    def settled(self, timeout: float = 10.0) -> list[str]:
        """The screen once it stopped changing for SETTLE_S."""
        deadline = time.monotonic() + timeout
        last, since = self.screen(), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(POLL_S)
            now = self.screen()
            if now != last:
                last, since = now, time.monotonic()
            elif time.monotonic() - since >= SETTLE_S:
                break
        return last

    def press(self, key: str) -> list[str]:
        """Send ``key``; the screen once it changed (or CHANGE_S passed: some keys change
        nothing) and then stopped changing."""
        before = self.screen()
        self.run("send-keys", "-t", self.name, key)
        deadline = time.monotonic() + CHANGE_S
        while self.screen() == before and time.monotonic() < deadline:
            time.sleep(POLL_S)
        return self.settled()

    def alive(self) -> bool:
        return subprocess.run([TMUX, "has-session", "-t", self.name], capture_output=True,
                              check=False).returncode == 0  # fmt: skip

    def kill(self) -> None:
        self.run("kill-session", "-t", self.name)


def test_twenty_keys_at_80x24(tmp_path: Path, sample_corpus: Corpus) -> None:
    project = tmp_path / "desk.sqlite"
    Project.create(project, sample_corpus, REVIEWER).close()
    err = tmp_path / "stderr.txt"
    review = [sys.executable, "-m", "claimcheck", "review", str(project), "--reviewer", REVIEWER]
    command = f"{shlex.join(review)} 2>{shlex.quote(str(err))}"
    tmux = Tmux(f"env CLAIMCHECK_KEYMAP={tmp_path / 'none.toml'} {command}", SIZE)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while "Quit" not in "".join(tmux.screen()) and time.monotonic() < deadline:
            time.sleep(POLL_S)
        problems: list[str] = []
        for n, (key, dialog) in enumerate(SESSION, 1):
            lines = tmux.press(key)
            if not dialog and not ("? Help" in lines[-1] and "q Quit" in lines[-1]):
                problems.append(f"key {n} ({key}): footer is {lines[-1]!r}")
            problems += [
                f"key {n} ({key}): clipped {word!r} in {line!r}"
                for line in lines
                for word in clipped_words([line], dialog)
            ]
        tmux.press("q")
        deadline = time.monotonic() + 10
        while tmux.alive() and time.monotonic() < deadline:
            time.sleep(POLL_S)
    finally:
        tmux.kill()
    assert problems == []
    said = err.read_text(encoding="utf-8")
    with Project.open(project, REVIEWER) as p:
        logged = len(p.log())
    assert f"{logged} decisions saved to {project}; resume with: claimcheck review" in said
    assert "\x1b" not in said  # no terminal escapes in a redirected stderr

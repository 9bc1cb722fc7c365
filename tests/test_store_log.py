"""The decision log under kill -9: labels, merges, splits, undo and redo interleaved in
a process killed at a random moment; every decision it was told is saved is in the
file, and the derived state (labels, memberships) equals a replay of the log."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from claimcheck.store import Project, replay
from claimcheck.store.log import replay_members

from ._store_corpus import make_corpus

REPO = Path(__file__).resolve().parents[1]
SAVED_BEFORE_KILL = 60

_WORKER = """
import random, sys
from claimcheck.store import Project
rng = random.Random(int(sys.argv[2]))
with Project.open(sys.argv[1], "ana") as p:
    while True:
        rows = p.queue()
        op = rng.choice(["label", "label", "merge", "split", "undo", "redo"])
        d = None
        if op == "label":
            d = p.set_label(rng.choice(rows).group_id, rng.choice(["dated_news", "generic"]))
        elif op == "merge" and len(rows) > 3:
            a, b = rng.sample(rows, 2)
            d = p.merge(a.group_id, b.group_id, keep="target")
        elif op == "split":
            big = [r for r in rows if r.size > 1]
            if big:
                g = rng.choice(big)
                d = p.split(g.group_id, rng.choice(p.members(g.group_id)).uid)
        elif op == "undo":
            d = p.undo()
        elif op == "redo":
            d = p.redo()
        if d is not None:
            print("SAVED", d.seq, flush=True)
"""


def _docs() -> list[tuple[str, list[tuple[str, str]]]]:
    claims = [f"Claim number {i} was said in {i % 7} places." for i in range(40)]
    return [
        (f"d{n}.txt", [("sentence", claims[(n * 3 + k) % 40]) for k in range(8)]) for n in range(12)
    ]


def test_kill_9_amid_labels_merges_splits_undo_and_redo(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    Project.create(path, make_corpus(_docs()), "ana").close()
    base = tmp_path / "base.sqlite"
    shutil.copyfile(path, base)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-c", _WORKER, str(path), "7"], stdout=subprocess.PIPE, text=True, env=env
    )
    assert proc.stdout is not None
    saved = []
    while len(saved) < SAVED_BEFORE_KILL:
        line = proc.stdout.readline()
        assert line, "the worker stopped before it was killed"
        saved.append(int(line.split()[1]))
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with Project.open(path, "check") as after:
        log = after.log()
        assert set(saved) <= {d.seq for d in log}  # everything shown as saved is there
        assert {d.action for d in log} >= {"label", "merge", "split", "undo"}
        assert replay(log) == after.states()
    db, old = sqlite3.connect(path), sqlite3.connect(base)
    try:
        members = set(db.execute("SELECT position, rank, uid FROM members"))
        initial = list(old.execute("SELECT position, rank, uid FROM members"))
        assert replay_members(initial, log) == members
        sizes = dict(db.execute("SELECT position, size FROM groups"))
        counted: dict[int, int] = {}
        for pos, _, _ in members:
            counted[pos] = counted.get(pos, 0) + 1
        assert {p: n for p, n in sizes.items() if n} == counted  # sizes follow the members
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        db.close()
        old.close()

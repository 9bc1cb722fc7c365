"""Time the review TUI on a synthetic project of many groups.

Usage: python benchmarks/tui_bench.py [--groups N] [--keys K] [--size WxH ...] [--dir DIR]
       [--json OUT] [--learn] [--team]

Builds a project of N groups (store_bench's synthetic corpus), then, in a headless
Textual session (``App.run_test``, 160x50 unless ``--size`` says otherwise; several
``--size`` are timed in turn on the same project, the first one the baseline):
- open: from constructing the app (which opens the project) to the queue shown
  with its first group's detail;
- key latency: from a label key (d/g/u in turn, sent by ``Pilot.press``) to the
  first frame the compositor renders with the next group in the detail pane: the
  store write, the row refresh, auto-advance, the detail read and the redraw;
  median and p95 over K keys.

Methodology, and why it is fair:
- The clock starts just before ``Pilot.press``, whose first act is to hand the key
  to the driver; it stops inside ``App._display`` (hooked) at the first frame for
  which the detail pane holds the expected group. Pilot's own overhead is left
  out: ``Pilot.press`` returns much later (it also waits for the process to look
  idle, ~40 ms even in an empty app), so its duration is not the latency.
- The headless driver never encodes frames for a terminal; the hook does (the
  ``render_segments`` a real terminal driver would run), so that cost is counted.
  Only the write to the terminal itself is not.
- Keys are sent one at a time, each after the app went idle: a reviewer's pace,
  not a key-repeat burst. The median is the floor; the p95/max mostly show the
  store's fsync (``synchronous = FULL``) when the disk is busy, reported on its own
  as ``write``.
``--learn`` then times the same keys on a fresh project while the review app refits
its learned model (every 5 labels, in a worker thread) and the model wins the gate, so
every refit rewrites the pending groups' suggestions.
``--surgery`` then times group surgery on a project whose first group has 200+
members: the split key (``x``, the selected member out into a new group), a merge of
another group into it (the store call and screen update the merge dialog ends with),
and the undo key (``z``) after each, from the call to the first frame showing the
group's new size.
Floors: open < 3 s, median key < 50 ms (also while refitting); issue 15: median key
<= 15 ms at 100,000 groups at 80x24 (``--size 80x24``); issue 12's: open <= 1 s,
key median <= 10 ms and p95 <= 25 ms, surgery on a 200-member group <= 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from store_bench import synthetic_corpus  # noqa: E402

from claimcheck.store import Project  # noqa: E402
from claimcheck.tui.app import ReviewApp  # noqa: E402
from claimcheck.tui.keymap import LoadedKeymap  # noqa: E402
from claimcheck.tui.widgets.group_detail import GroupDetail  # noqa: E402
from claimcheck.tui.widgets.queue_list import QueueList  # noqa: E402

OPEN_FLOOR_S = 3.0
KEY_FLOOR_MS = 50.0
SURGERY_FLOOR_MS = 100.0
BIG_GROUP = 200  # groups joined into the first one for --surgery
SIZE = (160, 50)


async def _shown(app: ReviewApp, group_id: str | None = None) -> GroupDetail:
    """Wait until the detail pane shows ``group_id`` (or any group)."""
    while True:
        try:
            detail = app.screen.query_one(GroupDetail)
        except Exception:  # the review screen is not mounted yet
            detail = None
        row = detail.row if detail is not None else None
        if row is not None and (group_id is None or row.group_id == group_id):
            return detail
        await asyncio.sleep(0)


class FrameClock:
    """Records when the first frame showing ``expected`` in the detail pane is rendered."""

    def __init__(self, app: ReviewApp) -> None:
        self.app = app
        self.expected: str | None = None
        self.shown_at: float | None = None
        self._display = app._display
        app._display = self._frame  # type: ignore[method-assign]

    def _frame(self, screen, renderable) -> None:  # noqa: ANN001 - Textual's private hook
        if renderable is not None and hasattr(renderable, "render_segments"):
            renderable.render_segments(self.app.console)  # what a terminal driver would do
        self._display(screen, renderable)
        if renderable is None or self.shown_at is not None or self.expected is None:
            return
        detail = self.app.screen.query_one(GroupDetail)
        if detail.row is not None and detail.row.group_id == self.expected:
            self.shown_at = time.perf_counter()

    def expect(self, group_id: str) -> None:
        self.expected, self.shown_at = group_id, None


# --learn: the reviewer reads every rules' label as the next one, a pattern the model
# learns (and the rules never match), so refits win the gate and rewrite the pending
# groups' suggestions while the keys are timed.
ROTATE_KEY = {"dated_news": "g", "generic": "u", "unsupported": "d"}


async def measure(
    path: Path, keys: int, learn: bool = False, size: tuple[int, int] = SIZE,
    reviewer: str = "bench", adjudicate: bool = False,
) -> dict[str, float]:  # fmt: skip
    started = time.perf_counter()
    app = ReviewApp(path, reviewer, keymap=LoadedKeymap(), adjudicate=adjudicate)
    async with app.run_test(size=size) as pilot:
        await _shown(app)
        open_s = time.perf_counter() - started
        queue = app.screen.query_one(QueueList)
        rows = len(queue.rows)
        clock = FrameClock(app)
        project = app.screen.project  # type: ignore[attr-defined]
        writes: list[float] = []
        set_label = project.set_label

        def timed_set_label(*args):  # noqa: ANN002
            t = time.perf_counter()
            try:
                return set_label(*args)
            finally:
                writes.append((time.perf_counter() - t) * 1000)

        project.set_label = timed_set_label
        latencies = []
        rules = {r.group_id: r.suggested_label for r in queue.rows}
        refits = _count_refits(app) if learn else None
        for i in range(keys):
            expected = queue.rows[queue.cursor + 1].group_id
            clock.expect(expected)
            key = ROTATE_KEY[rules[queue.rows[queue.cursor].group_id]] if learn else "dgu"[i % 3]
            t0 = time.perf_counter()
            await pilot.press(key)
            while clock.shown_at is None:
                await asyncio.sleep(0.001)
            latencies.append((clock.shown_at - t0) * 1000)
        labelled = app.screen.project.stats().labelled  # type: ignore[attr-defined]
        if learn:
            await app.workers.wait_for_complete()
            learned = app.screen._learned  # type: ignore[attr-defined]
    latencies.sort()
    writes.sort()
    return {
        "groups": rows,
        "open_s": open_s,
        "key_median_ms": statistics.median(latencies),
        "key_p95_ms": latencies[int(len(latencies) * 0.95) - 1],
        "key_max_ms": latencies[-1],
        "write_median_ms": statistics.median(writes),
        "write_p95_ms": writes[int(len(writes) * 0.95) - 1],
        "write_max_ms": writes[-1],
        "labelled": labelled,
        **(
            {"refits": len(refits or []), "model_used": bool(learned and learned.use_model)}
            if learn
            else {}
        ),
    }


def _count_refits(app: ReviewApp) -> list[float]:
    """Start times of the learner's refits (the real ones, observed)."""
    from claimcheck.learn import Learner

    started: list[float] = []
    original = Learner.refit

    def observed(self, labels):  # noqa: ANN001, ANN202
        started.append(time.perf_counter())
        return original(self, labels)

    Learner.refit = observed  # type: ignore[method-assign]
    return started


def _size(text: str) -> tuple[int, int]:
    width, _, height = text.partition("x")
    return int(width), int(height)


def _report(name: str, figures: dict[str, float], keys: int) -> None:
    print(f"[{name}] open to queue shown: {figures['open_s']:.2f} s (floor {OPEN_FLOOR_S} s)")
    print(
        f"[{name}] label key to next group shown over {keys} keys: median "
        f"{figures['key_median_ms']:.1f} ms, p95 {figures['key_p95_ms']:.1f} ms, "
        f"max {figures['key_max_ms']:.1f} ms (floor {KEY_FLOOR_MS} ms median)"
    )
    print(
        f"[{name}]   of which the store write (fsync): median "
        f"{figures['write_median_ms']:.1f} ms, p95 {figures['write_p95_ms']:.1f} ms, "
        f"max {figures['write_max_ms']:.1f} ms"
    )


def big_group_corpus(n_groups: int):  # noqa: ANN201 - a Corpus
    """store_bench's corpus with its first BIG_GROUP groups joined into one."""
    corpus = synthetic_corpus(n_groups)
    first = corpus.groups[0]
    for other in corpus.groups[1:BIG_GROUP]:
        first.members.extend(other.members)
    first.n_docs = len({corpus.units[m].doc_id for m in first.members})
    del corpus.groups[1:BIG_GROUP]
    return corpus


class SizeClock:
    """Records the first frame whose detail pane shows ``group_id`` at ``size``."""

    def __init__(self, app: ReviewApp) -> None:
        self.app, self.want, self.shown_at = app, ("", -1), None
        self._display = app._display
        app._display = self._frame  # type: ignore[method-assign]

    def _frame(self, screen, renderable) -> None:  # noqa: ANN001 - Textual's private hook
        if renderable is not None and hasattr(renderable, "render_segments"):
            renderable.render_segments(self.app.console)
        self._display(screen, renderable)
        if renderable is None or self.shown_at is not None:
            return
        row = self.app.screen.query_one(GroupDetail).row
        if row is not None and (row.group_id, row.size) == self.want:
            self.shown_at = time.perf_counter()

    async def time(self, want: tuple[str, int], act) -> float:  # noqa: ANN001
        self.want, self.shown_at = want, None
        t0 = time.perf_counter()
        await act()
        while self.shown_at is None:
            await asyncio.sleep(0.001)
        return (self.shown_at - t0) * 1000


async def measure_surgery(path: Path, repeats: int) -> dict[str, float]:
    app = ReviewApp(path, "bench", keymap=LoadedKeymap())
    times: dict[str, list[float]] = {"split": [], "merge": [], "undo": []}
    async with app.run_test(size=SIZE) as pilot:
        detail = await _shown(app)
        screen = app.screen
        clock = SizeClock(app)
        big = detail.row
        others = [r for r in screen.query_one(QueueList).rows[1 : repeats + 1]]
        for other in others:
            times["split"].append(await clock.time((big.group_id, big.size - 1),
                                                   lambda: pilot.press("x")))  # fmt: skip
            times["undo"].append(await clock.time((big.group_id, big.size),
                                                  lambda: pilot.press("z")))  # fmt: skip

            async def merge(other=other) -> None:  # noqa: ANN001
                screen._merge(screen.queue.current, other.group_id, "target")

            grown = (big.group_id, big.size + other.size)
            times["merge"].append(await clock.time(grown, merge))
            times["undo"].append(await clock.time((big.group_id, big.size),
                                                  lambda: pilot.press("z")))  # fmt: skip
    out: dict[str, float] = {"big_group_size": big.size}
    for name, values in times.items():
        values.sort()
        out[f"{name}_median_ms"] = statistics.median(values)
        out[f"{name}_max_ms"] = values[-1]
    return out


def _team_labels(path: Path) -> None:
    """Every group labelled by three reviewers (a label each, in turn)."""
    labels = ("dated_news", "generic", "unsupported")
    for i, name in enumerate(("ana", "ben", "cy")):
        with Project.open(path, name) as project:
            ids = [r.group_id for r in project.queue()]
            project.decide_many([(g, "label", labels[(j + i) % 3]) for j, g in enumerate(ids)])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=100_000)
    parser.add_argument("--keys", type=int, default=200)
    parser.add_argument(
        "--size", type=_size, action="append",
        help="terminal size, e.g. 80x24 (repeat to compare, first = baseline; default 160x50)",
    )  # fmt: skip
    parser.add_argument("--dir", type=Path, help="where to build the project (default: temp)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument(
        "--learn", action="store_true",
        help="then label so that the learned model wins and refits while keys are timed "
        "(the plain run is the baseline)",
    )  # fmt: skip
    parser.add_argument(
        "--surgery", type=int, default=0, metavar="N",
        help="then time N splits and N merges (each undone) of a 200-member group",
    )  # fmt: skip
    parser.add_argument(
        "--team", action="store_true",
        help="three other reviewers (ana, ben, cy) have labelled every group first: the "
        "app reviews blind, as a team's fourth member, then an editor adjudicates (every "
        "group is disputed); a project without their labels is the baseline (issue 13)",
    )  # fmt: skip
    args = parser.parse_args()
    sizes = args.size or [SIZE]
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        path = Path(tmp) / "bench.sqlite"
        t0 = time.perf_counter()
        Project.create(path, synthetic_corpus(args.groups), "bench").close()
        if args.team:
            _team_labels(path)
        print(f"built a {args.groups:,}-group project in {time.perf_counter() - t0:.1f} s")
        if args.team:  # the same corpus without the team's labels: the baseline
            alone = Path(tmp) / "alone.sqlite"
            Project.create(alone, synthetic_corpus(args.groups), "bench").close()
            runs = {
                "alone": asyncio.run(measure(alone, args.keys, size=sizes[0])),
                "team (blind)": asyncio.run(measure(path, args.keys, size=sizes[0])),
                "adjudicating": asyncio.run(
                    measure(path, args.keys, size=sizes[0], reviewer="editor", adjudicate=True)
                ),
            }
        else:
            runs = {
                f"{w}x{h}": asyncio.run(measure(path, args.keys, size=(w, h))) for w, h in sizes
            }
        if args.learn:
            learn_path = Path(tmp) / "learn.sqlite"
            Project.create(learn_path, synthetic_corpus(args.groups), "bench").close()
            with_learning = asyncio.run(measure(learn_path, args.keys, learn=True, size=sizes[0]))
        if args.surgery:
            surgery_path = Path(tmp) / "surgery.sqlite"
            Project.create(surgery_path, big_group_corpus(args.groups), "bench").close()
            surgery = asyncio.run(measure_surgery(surgery_path, args.surgery))
    for name, run in runs.items():
        _report(name, run, args.keys)
    base_name, figures = next(iter(runs.items()))
    for name, run in list(runs.items())[1:]:
        ratio = run["key_median_ms"] / figures["key_median_ms"]
        print(f"[{name}] key median {ratio:.2f}x the {base_name} baseline")
    if args.learn:
        print(
            f"while refitting ({with_learning['refits']} refits, model used: "
            f"{with_learning['model_used']}): key median {with_learning['key_median_ms']:.1f} ms, "
            f"p95 {with_learning['key_p95_ms']:.1f} ms, max {with_learning['key_max_ms']:.1f} ms; "
            f"median {with_learning['key_median_ms'] / figures['key_median_ms']:.2f}x the above"
        )
        figures["learn"] = with_learning  # type: ignore[assignment]
    if args.surgery:
        print(
            f"surgery on a {surgery['big_group_size']:.0f}-member group, to the frame showing"
            f" it ({args.surgery} each): "
            + ", ".join(
                f"{name} median {surgery[f'{name}_median_ms']:.1f} ms, max"
                f" {surgery[f'{name}_max_ms']:.1f} ms"
                for name in ("split", "merge", "undo")
            )
            + f" (floor {SURGERY_FLOOR_MS:g} ms)"
        )
        figures["surgery"] = surgery  # type: ignore[assignment]
    assert all(run["labelled"] >= args.keys for run in runs.values()), runs
    if args.json:
        out = figures if len(runs) == 1 else {"sizes": runs}
        args.json.write_text(json.dumps(out, indent=2) + "\n")
    ok = all(
        r["open_s"] < OPEN_FLOOR_S and r["key_median_ms"] < KEY_FLOOR_MS for r in runs.values()
    )
    if args.learn:
        ok = ok and with_learning["key_median_ms"] < KEY_FLOOR_MS
    if args.surgery:
        ok = ok and all(surgery[f"{n}_median_ms"] <= SURGERY_FLOOR_MS for n in ("split", "merge"))
    print("OK" if ok else "FAILED: over a floor")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

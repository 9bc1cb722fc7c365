"""Where a `claimcheck group` run's wall time goes: its stages and each process's CPU.

    python benchmarks/timeline.py [--every 2] -- group CORPUS -o OUT.csv [options]

Runs the CLI in this process with a progress function that prints each stage as it
starts (``MARK <seconds> <stage>``; grouping's steps as ``grouping0`` ... ``grouping6``) and
a thread that prints, every ``--every`` seconds, the CPU share of this process and of each
of its children over the last interval (``CPU <seconds> <pid mod 1000>:<share> ...``;
100% = one core). Read it for the serial stretches: the main process near 100% and the
workers at 0% (or gone) is a core idling on a two-core machine. The run ends with
``quick_exit``, so the last line is the last sample before the output was written.
"""

from __future__ import annotations

import sys
import threading
import time

import psutil

T0 = time.perf_counter()


class StageMarks:
    """A ``ProgressFn`` (and the context manager the CLI wraps it in) printing stages."""

    def __init__(self, enabled: bool = True) -> None:
        self.last = ""

    def __enter__(self) -> StageMarks:
        return self

    def __exit__(self, *exc: object) -> bool:
        return False

    def __call__(self, stage: str, done: int, total: int | None = None) -> None:
        key = f"grouping{done}" if stage == "grouping" else stage
        if key != self.last:
            self.last = key
            print(f"MARK {time.perf_counter() - T0:7.1f} {key}", file=sys.stderr, flush=True)


def poll(every: float) -> None:
    """Print each process's CPU share over the last ``every`` seconds, forever."""
    me = psutil.Process()
    before: dict[int, float] = {}
    while True:
        time.sleep(every)
        shares = []
        for proc in [me, *me.children(recursive=True)]:
            try:
                times = proc.cpu_times()
            except psutil.Error:
                continue  # ended meanwhile
            total = times.user + times.system
            shares.append(f"{proc.pid % 1000}:{(total - before.get(proc.pid, 0.0)) / every:.0%}")
            before[proc.pid] = total
        line = f"CPU {time.perf_counter() - T0:7.1f} {' '.join(shares)}"
        print(line, file=sys.stderr, flush=True)


def main() -> int:
    args = sys.argv[1:]
    every = 2.0
    if args[:1] == ["--every"]:
        every, args = float(args[1]), args[2:]
    if args[:1] == ["--"]:
        args = args[1:]
    import claimcheck.progress

    claimcheck.progress.TerminalProgress = StageMarks  # type: ignore[misc,assignment]
    threading.Thread(target=poll, args=(every,), daemon=True).start()
    from claimcheck.__main__ import run

    sys.argv = ["claimcheck", *args]
    return run()


if __name__ == "__main__":
    sys.exit(main())

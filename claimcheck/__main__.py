"""``python -m claimcheck`` and the ``claimcheck`` script.

The imports are inside ``run`` so that Ctrl-C while they load (numpy, nltk, the
pipeline: a second or so) ends in one line and exit 130, not a traceback; an
interrupted run ends through ``quick_exit.exit_interrupted`` (why: its docstring).
Only ``exit_codes`` (constants, no imports) loads before ``run``'s guard: an import
outside it, however small, is a window in which Ctrl-C gives a traceback.
"""

import os
import sys

from .exit_codes import EXIT_INTERRUPTED


def run() -> int:
    try:
        from .arenas import limit_arenas
        from .quick_exit import arm, exit_interrupted, exit_now, holding

        limit_arenas()  # before numpy's and grouping's threads: their arenas add to the peak
        from .cli import main
    except KeyboardInterrupt:
        print("claimcheck: interrupted", file=sys.stderr)
        sys.stderr.flush()
        # Nothing has started (no pool, no file), so no atexit handler has work to do;
        # os._exit, as quick_exit.exit_interrupted, which may itself be what was loading.
        os._exit(EXIT_INTERRUPTED)
    arm()
    code = main()
    if code == EXIT_INTERRUPTED:
        exit_interrupted(code)
    if holding():  # a big corpus nobody reads any more: not freed object by object
        exit_now(code)
    return code


if __name__ == "__main__":
    sys.exit(run())

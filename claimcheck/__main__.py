"""``python -m claimcheck`` and the ``claimcheck`` script.

The imports are inside ``run`` so that Ctrl-C while they load (numpy, nltk, the
pipeline: a second or so) ends in one line and exit 130, not a traceback; an
interrupted run ends through ``quick_exit.exit_interrupted`` (why: its docstring).
"""

import sys

from .exit_codes import EXIT_INTERRUPTED
from .quick_exit import arm, exit_interrupted, exit_now, holding  # the standard library only


def run() -> int:
    try:
        from .arenas import limit_arenas

        limit_arenas()  # before numpy's and grouping's threads: their arenas add to the peak
        from .cli import main
    except KeyboardInterrupt:
        print("claimcheck: interrupted", file=sys.stderr)
        exit_interrupted(EXIT_INTERRUPTED)
    arm()
    code = main()
    if code == EXIT_INTERRUPTED:
        exit_interrupted(code)
    if holding():  # a big corpus nobody reads any more: not freed object by object
        exit_now(code)
    return code


if __name__ == "__main__":
    sys.exit(run())

"""``python -m claimcheck`` and the ``claimcheck`` script.

The imports are inside ``run`` so that Ctrl-C while they load (numpy, nltk, the
pipeline: a second or so) ends in one line and exit 130, not a traceback.
"""

import sys


def run() -> int:
    try:
        from .cli import main
    except KeyboardInterrupt:
        print("claimcheck: interrupted", file=sys.stderr)
        return 130
    return main()


if __name__ == "__main__":
    sys.exit(run())

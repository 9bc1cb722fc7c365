"""Suite-wide set-up."""

import signal


def pytest_configure() -> None:
    # A suite started in the background by a script (`pytest &`) inherits SIGINT
    # ignored, and so would every claimcheck process it starts: the Ctrl-C tests would
    # see runs that cannot be interrupted. Delivered again, as at a terminal.
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)

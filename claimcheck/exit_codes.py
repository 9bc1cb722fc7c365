"""The process exit statuses of every command, defined once.

A module of its own, importing nothing, so that the entry point can use them while
(or before) the rest of the program loads.
"""

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143  # 128 + SIGINT, 128 + SIGTERM

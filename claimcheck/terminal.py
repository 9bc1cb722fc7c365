"""Text from a corpus made safe to print on a terminal.

File names, record ids and parser messages come from whoever wrote the corpus:
an ESC or an 8-bit CSI (0x9b) in them would clear the screen, recolour it or
forge ``claimcheck:`` lines, and a newline would split one warning into two.
Every control character (C0, DEL, C1) is shown as ``\\xNN``; line and
paragraph separators and bidirectional overrides, which reorder or break what
follows, as ``\\uNNNN``. A byte of a file name that is not UTF-8 (Python
keeps it as a lone surrogate, U+DC80-U+DCFF, which no output can encode) is
shown as ``\\xNN`` of that byte; any other lone surrogate as ``\\uNNNN``.
Everything else, any script, prints as it is.
"""

from __future__ import annotations

import re
import sys

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for an undecodable byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every character that could act on a terminal escaped."""
    return _UNSAFE.sub(_escape, text)


def has_terminal() -> bool:
    """Keys can be read and a screen drawn: stdin and stdout are both terminals.

    A full-screen app without them (``review </dev/null >out``, a cron job) would
    wait for keys that never come and draw escape codes into a file."""
    return all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stdout))

"""The review TUI (Textual). ``run_review`` is the entry point (see ``app``)."""

from __future__ import annotations

from typing import Any


def run_review(*args: Any, **kwargs: Any) -> int:
    """Lazy: importing the package must not import Textual."""
    from claimcheck.tui.app import run_review as run

    return run(*args, **kwargs)

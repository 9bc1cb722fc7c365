"""The review TUI (Textual); ``claimcheck.tui.app.run_review`` is the entry point.

Importing this package imports no Textual: the CLI imports ``tui.app`` only for ``review``.
"""

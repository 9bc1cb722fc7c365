"""The review TUI (Textual). The entry point is ``claimcheck.tui.app.run_review``."""

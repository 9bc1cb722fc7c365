"""Messages the review widgets post; screens react, widgets never reach across."""

from __future__ import annotations

from textual.message import Message

from claimcheck.store import QueueRow


class GroupHighlighted(Message):
    """The queue cursor moved to a group (``row`` is None when the view is empty)."""

    def __init__(self, row: QueueRow | None, index: int) -> None:
        super().__init__()
        self.row = row
        self.index = index


class CorpusProgress(Message):
    """A step of building the corpus (posted from the build worker's thread)."""

    def __init__(self, stage: str, done: int, total: int | None) -> None:
        super().__init__()
        self.stage = stage
        self.done = done
        self.total = total

"""The desk's overlap setting in a project (``claimcheck review ... --overlap``).

Kept in the ``meta`` table (key ``overlap``) as JSON: the reviewers named in the
project, the percentage and the seed. While it names the current reviewer (and the
app is not adjudicating), the queue holds that reviewer's share only
(``claimcheck.overlap.shares``); anyone else (an editor, a newcomer) sees every group.
"""

from __future__ import annotations

import json

from ..overlap import OverlapSetting, shares

OVERLAP_KEY = "overlap"


class ShareMixin:
    """The overlap part of ``Project`` (see project.py for the shared state)."""

    def set_overlap(self, setting: OverlapSetting | None) -> None:
        """Save the desk's overlap setting (None removes it: everyone sees every group)."""
        with self._write("save the overlap setting") as db:
            if setting is None:
                db.execute("DELETE FROM meta WHERE key = ?", (OVERLAP_KEY,))
            else:
                value = {"reviewers": list(setting.reviewers), "percent": setting.percent,
                         "seed": setting.seed}  # fmt: skip
                db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                           (OVERLAP_KEY, json.dumps(value)))  # fmt: skip
        self._rows = None  # the queue is rebuilt with the new shares

    def overlap_setting(self) -> OverlapSetting | None:
        rows = self._read("SELECT value FROM meta WHERE key = ?", (OVERLAP_KEY,))
        if not rows:
            return None
        value = json.loads(rows[0][0])
        return OverlapSetting(
            tuple(value["reviewers"]), float(value["percent"]), int(value["seed"])
        )

    def in_share(self) -> bool:
        """Whether the queue holds this reviewer's share only (as last built)."""
        with self._lock:
            self._all_rows()
            return self._shared

    def _my_share(self, group_ids: list[str]) -> set[str] | None:
        """This reviewer's groups under the overlap setting; None: every group."""
        setting = self.overlap_setting()
        if setting is None or self.reviewer not in setting.reviewers:
            return None
        return shares(group_ids, setting)[self.reviewer]

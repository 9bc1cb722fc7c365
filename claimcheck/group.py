"""Near-duplicate grouping (placeholder: exact match on normalised text)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from .models import Group, ProgressFn, Unit, no_progress


@dataclass(frozen=True)
class GroupOptions:
    threshold: float = 85.0
    method: str = "token_sort_ratio"


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.findall(r"\w+", text))


def group_units(
    units: Sequence[Unit], options: GroupOptions | None = None, progress: ProgressFn = no_progress
) -> list[Group]:
    by_key: dict[str, list[int]] = {}
    for i, u in enumerate(units):
        if u.is_claim:
            by_key.setdefault(normalize(u.text), []).append(i)
    groups = []
    for key, members in by_key.items():
        gid = "g" + hashlib.sha1(key.encode()).hexdigest()[:12]
        groups.append(Group(gid, members, len({units[m].doc_id for m in members})))
    groups.sort(key=lambda g: g.members[0])
    return groups

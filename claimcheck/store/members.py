"""What the detail pane shows of a group: its members in context, its related groups.

A group's members load in ONE query (each member's neighbours and evidence gathered
by correlated subqueries as JSON), so a 200-member group is one round trip, not 800.
"""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MemberView:
    unit_id: str
    doc_path: str
    title: str
    source: str
    date: str
    text: str
    start: int  # offsets of ``text`` in the document's text
    end: int
    before: list[str]  # up to ``context`` neighbouring unit texts, nearest last
    after: list[str]  # nearest first
    evidence: list[tuple[int, int, str, str]]  # (start, end, signal, label) within text
    doc_kind: str = ""  # the page's kind as shown: "news report (0.98), dated 2024-08-13"
    url: str = ""  # the page's address, when the input gave one
    captured: str = ""  # when a web archive captured it (WARC input)
    uid: int = -1  # the unit's row in the project (what surgery moves)
    lang: str = ""  # the document's language (ISO 639-1), "" when unsure


@dataclass(frozen=True, slots=True)
class RelatedView:
    """A group close to another one, below the grouping threshold."""

    group_id: str
    score: float  # 0..1, the best member-pair score between the two groups
    size: int
    n_docs: int
    text: str  # its representative's text


_MEMBERS = """
SELECT u.uid, u.unit_id, d.path, d.title, d.source, d.date, u.text, u.start, u."end",
       u.idx, d.url, d.lang, coalesce(c.captured, ''), k.kind, k.confidence, k.page_date,
       (SELECT json_group_array(json_array(n.idx, n.text)) FROM units n
        WHERE n.doc_id = u.doc_id AND n.idx BETWEEN u.idx - :context AND u.idx + :context
          AND n.idx != u.idx),
       (SELECT json_group_array(json_array(e.start, e."end", e.signal, e.label))
        FROM evidence e WHERE e.uid = u.uid)
FROM groups g JOIN members m ON m.position = g.position
JOIN units u ON u.uid = m.uid JOIN documents d ON d.doc_id = u.doc_id
LEFT JOIN captures c ON c.doc_id = u.doc_id LEFT JOIN doc_kinds k ON k.doc_id = u.doc_id
WHERE g.group_id = :gid ORDER BY m.uid != g.rep_uid, m.rank LIMIT :limit
"""


class MembersMixin:
    """The member reads of ``Project`` (see project.py for the shared state)."""

    def members(
        self, group_id: str, context: int = 2, limit: int | None = None
    ) -> list[MemberView]:
        """The group's units, representative first, each with neighbours and evidence."""
        rows = self._read(
            _MEMBERS, {"gid": group_id, "context": context, "limit": -1 if limit is None else limit}
        )
        if not rows:
            self.row(group_id)  # KeyError for an unknown group
        return [_member(r) for r in rows]

    def related(self, group_id: str) -> list[RelatedView]:
        """The group's related groups, best first (merged-away ones left out)."""
        rows = self._read(
            """SELECT o.group_id, r.score, o.size, o.n_docs, o.text
               FROM groups g JOIN related r ON r.position = g.position
               JOIN groups o ON o.group_id = r.other
               WHERE g.group_id = ? AND o.size > 0 AND o.group_id != g.group_id
               ORDER BY r.rank""",
            (group_id,),
        )
        return [RelatedView(*r) for r in rows]


def _member(r: tuple) -> MemberView:
    (uid, unit_id, path, title, source, date, text, start, end, idx, url, lang, captured,
     kind, confidence, page_date, near, evidence) = r  # fmt: skip
    neighbours = sorted((i, t) for i, t in json.loads(near))
    shown_kind = ""
    if kind is not None:
        shown_kind = f"{kind.replace('_', ' ')} ({confidence:.2f})"
        shown_kind += f", dated {page_date}" if page_date else ""
    return MemberView(
        unit_id, path, title, source, date, text, start, end,
        before=[t for i, t in neighbours if i < idx], after=[t for i, t in neighbours if i > idx],
        evidence=sorted(tuple(e) for e in json.loads(evidence)), doc_kind=shown_kind,
        url=url, captured=captured, uid=uid, lang=lang,
    )  # fmt: skip

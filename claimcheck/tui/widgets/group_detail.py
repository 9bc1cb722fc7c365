"""The selected group in full: suggestion, every member with its document, context.

Everything taken from documents goes through ``literal`` (never markup), with
evidence spans and the words that differ from the representative highlighted.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from claimcheck.labels import BY_ID, RECORDS, label_name
from claimcheck.store import MemberView, QueueRow, RelatedView
from claimcheck.tui.literal import StyleSpan, differing_words, literal, one_line

# Showing thousands of members would make every cursor move slow; the count is shown.
MAX_MEMBERS = 200
# The detail pane's marks (the help screen's legend).
LEGEND = (
    ("means:", "the suggested label's definition, in one line (? for the guide)"),
    ("▶", "the selected member ([ and ] choose; its context is shown below)"),
    ("underlined", "words where a member differs from the group's representative"),
    ("highlighted", "the evidence for the suggestion, in its label's colour"),
    ("member 2/5", "which member is selected, of how many"),
    ("Changed since you labelled it", "a re-grouping gave the group members your label was"
     " not given for: look at them, then label it again"),
    ("0.48  1×1", "a related group: how close (0-1), members × documents (r goes there)"),
)
# From this many members on, each member's lines are rendered (and kept) on their own.
CACHED_FROM = 20


def _label_css() -> str:
    """Each label's evidence and name styles, from its record's colour."""
    rules = []
    for r in RECORDS:
        rules.append(
            f"GroupDetail > .group-detail--evidence-{r.id} "
            f"{{ background: {r.colour} 35%; text-style: bold; }}"
        )
        rules.append(
            f"GroupDetail > .group-detail--label-{r.id} {{ color: {r.colour}; text-style: bold; }}"
        )
    return "\n".join(rules)


class GroupDetail(ScrollView, can_focus=False):
    """Detail pane for one claim group; ``show`` replaces its content.

    Line API rather than a Static: a new group re-renders only this pane. Its
    virtual height never drops below the viewport, so a group that fits causes
    no layout pass over the whole screen (~80 ms at 160x50), only a repaint; nor
    does a long group after a long group (only the scrollbar's range changes).

    Only the lines that differ from what is on screen are marked for repaint
    (the blank lines under a short group, the member list when only the header
    changed), and the member/context lines are kept while the same group is
    shown, so a new decision on it re-renders its header only.
    """

    COMPONENT_CLASSES = {
        "group-detail--heading",
        "group-detail--dim",
        "group-detail--selected",
        "group-detail--diff",
        "group-detail--changed",
        *(f"group-detail--evidence-{r.id}" for r in RECORDS),
        *(f"group-detail--label-{r.id}" for r in RECORDS),
    }
    DEFAULT_CSS = _label_css()

    selected: reactive[int] = reactive(0, init=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.row: QueueRow | None = None
        # Adjudicating: each reviewer's (name, label, note), shown side by side.
        self.reviews: list[tuple[str, str | None, str]] = []
        # Labelled groups that gained members at a re-grouping (the queue's, shared).
        self.grown: dict[str, int] = {}
        self.members: list[MemberView] = []
        self.related: list[RelatedView] = []
        self.lines: list[Strip] = []
        # Caches, dropped whenever the CSS changes (notify_style_update).
        self._base_style: Style | None = None  # DOMNode.rich_style walks every ancestor
        self._component_styles: dict[str, Style] = {}  # refresh() clears Textual's own
        self._body: tuple[tuple[object, ...], list[Strip]] | None = None
        self._shown = 0  # counts show() calls: the body cache is for one showing
        # Each member's rendered lines while one group is shown: after a split, merge or
        # undo on it (same group, other members) only the members new to it are drawn.
        self._member_strips: dict[tuple[object, ...], list[Strip]] = {}
        self._member_group = ""

    def show(
        self,
        row: QueueRow | None,
        members: list[MemberView],
        related: list[RelatedView] | None = None,
    ) -> None:
        """Show a group (or an empty view); the first member is selected."""
        self.row, self.members = row, members[:MAX_MEMBERS]
        self.related = related or []
        self._shown += 1
        self.set_reactive(GroupDetail.selected, 0)
        if self.scroll_y:
            self.scroll_home(animate=False, immediate=True)  # repaints the whole pane
        self._redraw()

    def on_resize(self, event: events.Resize) -> None:
        self._redraw(full=True)  # re-wrap at the new width

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._base_style = None
        self._component_styles.clear()
        self._body = None
        self._member_strips.clear()
        if self.is_mounted:
            self.call_later(self._redraw, full=True)  # the lines hold the old colours

    @property
    def base_style(self) -> Style:
        if self._base_style is None:
            self._base_style = self.rich_style
        return self._base_style

    def render_line(self, y: int) -> Strip:
        index = int(self.scroll_y) + y
        width = self.scrollable_content_region.width
        if index >= len(self.lines):
            return Strip.blank(width, self.base_style)
        return self.lines[index].crop_extend(0, width, self.base_style)

    def _render(self, content: RenderableType, width: int) -> list[Strip]:
        console = self.app.console
        options = console.options.update_width(width)
        base = self.base_style
        return [
            Strip(line).apply_style(base)
            for line in console.render_lines(content, options, style=base, pad=False)
        ]

    def _set_lines(self, lines: list[Strip], width: int, full: bool) -> None:
        """Show ``lines``, repainting only the screen lines that change."""
        old, self.lines = self.lines, lines
        viewport = self.scrollable_content_region.height
        height = max(len(lines), viewport)
        size = Size(width, height)
        if self.virtual_size != size:
            if self.virtual_size.height > viewport and height > viewport:
                # The scrollbar stays: a new range, but no layout pass for the screen.
                self.set_reactive(GroupDetail.virtual_size, size)
                self.vertical_scrollbar.window_virtual_size = height
            else:
                self.virtual_size = size  # the scrollbar appears or goes: a layout
                full = True
        if full:
            self.refresh()
            return
        top = int(self.scroll_y)
        changed = [
            y
            for y in range(viewport)
            if (old[top + y] if top + y < len(old) else None)
            != (lines[top + y] if top + y < len(lines) else None)
        ]
        if changed:
            self.refresh(*_runs(changed, width))

    def refresh_row(self, row: QueueRow) -> None:
        """The same group with a new state (label, flag, note): its header is redrawn."""
        self.row = row
        self._redraw()

    def select_member(self, delta: int) -> None:
        if self.members:
            self.selected = (self.selected + delta) % len(self.members)

    def watch_selected(self) -> None:
        self._redraw()

    # -- rendering --------------------------------------------------------

    def _style(self, name: str) -> Style:
        style = self._component_styles.get(name)
        if style is None:
            style = self.get_component_rich_style(f"group-detail--{name}", partial=True)
            self._component_styles[name] = style
        return style

    def _redraw(self, full: bool = False) -> None:
        width = self.scrollable_content_region.width
        if width <= 0:
            return
        row = self.row
        if row is None:
            self._body = None
            lines = self._render(Text("No groups in this view.", style="italic"), width)
            self._set_lines(lines, width, full)
            return
        head = self._render(Group(*self._header(row), Text("")), width)
        # The member and context lines depend on the group's members, its text (the
        # reference for differing words), the selected member and the width; not on
        # the decision, so they are reused when only the header changes.
        key = (row.group_id, row.text, row.size, self._shown, self.selected, width)
        if self._body is None or self._body[0] != key:
            parts: list[RenderableType] = []
            if self.members:
                parts.append(Text(""))
                parts.extend(self._context_lines(self.members[self.selected]))
            if self.related:
                parts.append(Text(""))
                parts.extend(self._related_lines())
            body = self._member_block(row, width)
            self._body = (key, body + (self._render(Group(*parts), width) if parts else []))
        self._set_lines(head + self._body[1], width, full)

    def _header(self, row: QueueRow) -> list[Text]:
        lines: list[Text] = []
        if row.suggested_label:
            head = Text("Suggested: ", style=self._style("heading"))
            head.append(
                label_name(row.suggested_label), self._style(f"label-{row.suggested_label}")
            )
            if row.confidence is not None:
                head.append(f"  confidence {row.confidence:.2f}", self._style("dim"))
            lines.append(head)
            record = BY_ID.get(row.suggested_label)
            if record is not None:
                lines.append(Text(f"means: {record.definition}", style=self._style("dim")))
            if row.explanation:
                lines.append(literal(row.explanation, style=self._style("dim")))
        else:
            lines.append(Text("No suggestion", style=self._style("dim")))
        state = Text("Decision: ", style=self._style("heading"))
        if row.label:
            state.append(label_name(row.label), self._style(f"label-{row.label}"))
        else:
            state.append(row.state)
        if row.flagged:
            state.append("  ⚑ flagged")
        state.append(
            f"   {row.size} member{'s' * (row.size != 1)} in "
            f"{row.n_docs} document{'s' * (row.n_docs != 1)}",
            self._style("dim"),
        )
        if len(self.members) > 1:  # where ] and [ are in the members
            state.append(f" · member {self.selected + 1}/{len(self.members)}", self._style("dim"))
        lines.append(state)
        gained = self.grown.get(row.group_id, 0) if row.label else 0
        if gained:
            lines.append(Text(
                f"Changed since you labelled it: {gained} member{'s' * (gained != 1)} joined"
                " at a re-grouping; label it again once you have looked",
                style=self._style("changed"),
            ))  # fmt: skip
        if row.note:
            lines.append(Text("Note: ", style=self._style("heading")) + literal(row.note))
        lines.extend(self._review_lines())
        return lines

    def _review_lines(self) -> list[Text]:
        """Adjudicating: the reviewers' labels side by side, then their notes."""
        if not self.reviews:
            return []
        line = Text("Reviewers: ", style=self._style("heading"))
        for i, (name, label, _) in enumerate(self.reviews):
            if i:
                line.append(" · ")
            line.append_text(literal(name))
            line.append(" ")
            if label:
                line.append(label_name(label), self._style(f"label-{label}"))
            else:
                line.append("no label", self._style("dim"))
        notes = [literal(f"  {name}: {note}") for name, _, note in self.reviews if note]
        return [line, *notes]

    def _member_block(self, row: QueueRow, width: int) -> list[Strip]:
        """The "Members" heading, each member (rendered once per group shown, see
        ``_member_strips``) and the count of those not shown."""
        heading = Text("Members", style=self._style("heading"))
        hidden = row.size - len(self.members)
        more = Text(f"  … and {hidden:,} more members", style=self._style("dim"))
        if len(self.members) <= CACHED_FROM:  # one render call: cheaper for a few members
            parts = [heading]
            for i, member in enumerate(self.members):
                parts.extend(self._member_lines(member, i, row.text))
            return self._render(Group(*parts, *([more] if hidden > 0 else [])), width)
        if self._member_group != row.group_id:
            self._member_strips.clear()
            self._member_group = row.group_id
        lines = self._render(heading, width)
        for i, member in enumerate(self.members):
            # what its lines show: a page kind set meanwhile changes its evidence too
            key = (member.unit_id, member.doc_kind, tuple(member.evidence), i == self.selected,
                   row.text, width)  # fmt: skip
            strips = self._member_strips.get(key)
            if strips is None:
                strips = self._render(Group(*self._member_lines(member, i, row.text)), width)
                self._member_strips[key] = strips
            lines.extend(strips)
        if hidden > 0:
            lines.extend(self._render(more, width))
        return lines

    def _member_lines(self, member: MemberView, i: int, reference: str) -> list[Text]:
        marker = "▶ " if i == self.selected else "  "
        source = Text(marker, style=self._style("selected"))
        source.append(self._document_line(member), self._style("dim"))
        return [source, Text("    ") + literal(member.text, self._spans(member, reference))]

    def _related_lines(self) -> list[Text]:
        """Groups close to this one (below the grouping threshold), best first; ``r``
        jumps to them in turn."""
        lines = [Text("Related groups (r: go to the next)", style=self._style("heading"))]
        for rel in self.related:
            line = Text(f"  {rel.score:.2f}  {rel.size}×{rel.n_docs}  ", style=self._style("dim"))
            line.append_text(literal(rel.text))
            lines.append(line)
        return lines

    def _document_line(self, member: MemberView) -> str:
        parts = [member.title or member.doc_path, member.source, member.date, member.doc_kind]
        line = " · ".join(one_line(p) for p in parts if p)
        if member.title:
            line += f"  ({one_line(member.doc_path)})"
        if member.url:  # provenance: the address, and the capture a claim can be cited by
            line += f"\n    {one_line(member.url)}"
            if member.captured:
                line += f"  captured {one_line(member.captured)}"
        return line

    def _spans(self, member: MemberView, reference: str) -> list[StyleSpan]:
        spans: list[StyleSpan] = []
        if member.text != reference:
            diff = self._style("diff")
            spans.extend(
                (start, end, diff) for start, end in differing_words(reference, member.text)
            )
        for start, end, _signal, label in member.evidence:
            # A whole-sentence signal ("no checkable specifics") marks nothing in particular.
            if end - start < len(member.text):
                spans.append((start, end, self._style(f"evidence-{label}")))
        return spans

    def _context_lines(self, member: MemberView) -> list[Text]:
        title = Text("Context", style=self._style("heading"))
        title.append(f"  {one_line(member.doc_path)}", self._style("dim"))
        lines = [title]
        dim = self._style("dim")
        lines.extend(Text("  ") + literal(s, style=dim) for s in member.before)
        lines.append(Text("▶ ", style=self._style("selected")) + literal(member.text))
        lines.extend(Text("  ") + literal(s, style=dim) for s in member.after)
        return lines


def _runs(rows: list[int], width: int) -> list[Region]:
    """Regions covering ascending ``rows``, consecutive rows merged."""
    regions: list[Region] = []
    start = previous = rows[0]
    for y in rows[1:]:
        if y != previous + 1:
            regions.append(Region(0, start, width, previous - start + 1))
            start = y
        previous = y
    regions.append(Region(0, start, width, previous - start + 1))
    return regions

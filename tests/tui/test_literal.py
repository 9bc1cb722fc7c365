"""Document text reaches the screen literally: no markup, no raw escape sequences."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.geometry import Region

from claimcheck.models import SENTENCE, Corpus, Document, Evidence, Group, Suggestion, Unit
from claimcheck.store import Project
from claimcheck.tui.literal import differing_words, literal, one_line
from claimcheck.tui.widgets.group_detail import GroupDetail
from claimcheck.tui.widgets.queue_list import QueueList

from .conftest import REVIEWER, make_app

HOSTILE = "Officials said [bold red]nothing[/] on \x1b[31mMonday\x1b[0m [link=http://x.test]here[/link]\x07."
VARIANT = "Officials said [bold red]little[/] on \x1b[31mMonday\x1b[0m \u202eevil\u202c."


def hostile_corpus() -> Corpus:
    corpus = Corpus(root="mem")
    for n, text in enumerate((HOSTILE, VARIANT)):
        doc_id = f"doc{n}"
        corpus.documents.append(
            Document(doc_id, f"d{n}.txt", text, title=f"[i]Title {n}[/i]", source="\x1b]0;x\x07")
        )
        corpus.units.append(Unit(doc_id, 0, 0, len(text), text, SENTENCE))
    start = HOSTILE.index("Monday")
    evidence = (Evidence(0, start, start + 6, "date", "dated_news"),)
    suggestion = Suggestion("dated_news", 0.8, "weekday [Monday]", evidence)
    corpus.groups.append(Group("g1", [0, 1], 2, suggestion))
    return corpus


def screen_text(widget, width: int, height: int) -> str:
    strips = widget.render_lines(Region(0, 0, width, height))
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)


def test_literal_escapes_controls_and_keeps_offsets() -> None:
    text = literal("a\x1b[31mb", [(5, 6, "bold")])
    assert text.plain == "a\\x1b[31mb"
    assert text.plain[text.spans[-1].start : text.spans[-1].end] == "m"
    assert one_line("x\ny\u202e") == "x\\ny\\u202e"
    assert isinstance(literal("[bold]"), Text) and literal("[bold]").plain == "[bold]"


def test_differing_words_against_the_representative() -> None:
    text = "the dog sat on the mat today"
    spans = differing_words("the cat sat on the mat", text)
    assert [text[a:b] for a, b in spans] == ["dog", "today"]


async def test_markup_and_escapes_display_as_text(tmp_path: Path) -> None:
    path = tmp_path / "hostile.sqlite"
    Project.create(path, hostile_corpus(), REVIEWER).close()
    app = make_app(path)
    async with app.run_test(size=(200, 40)) as pilot:  # the whole row fits the queue
        await pilot.pause()
        queue = app.screen.query_one(QueueList)
        row_line = screen_text(queue, queue.size.width, 1)
        assert "[bold red]nothing[/] on \\x1b[31mMonday" in row_line
        body = app.screen.query_one(GroupDetail)
        shown = screen_text(body, body.size.width, body.size.height)
        flat = shown.replace("\n", "")
        assert "[bold red]nothing[/]" in flat
        assert "\\x1b[31mMonday\\x1b[0m" in flat
        assert "[link=http://x.test]here[/link]\\x07" in flat
        assert "\\u202eevil\\u202c" in flat
        assert "[i]Title 0[/i]" in flat and "\\x1b]0;x\\x07" in flat
        assert "weekday [Monday]" in flat
        assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown

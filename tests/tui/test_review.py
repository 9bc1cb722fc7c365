"""Pilot tests: the real app on the sample corpus, each checked against the store."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList

from claimcheck.store import Project, ProjectError
from claimcheck.tui.app import ReviewApp
from claimcheck.tui.screens.help import HelpScreen
from claimcheck.tui.screens.note import NoteDialog
from claimcheck.tui.screens.review import ReviewScreen, default_export_path
from claimcheck.tui.widgets.group_detail import GroupDetail
from claimcheck.tui.widgets.queue_list import QueueList

from .conftest import REVIEWER, SIZE, make_app


def queue(app: ReviewApp) -> QueueList:
    return app.screen.query_one(QueueList)


def current_id(app: ReviewApp) -> str:
    row = queue(app).current
    assert row is not None
    return row.group_id


def stored(path: Path, group_id: str):
    with Project.open(path, REVIEWER) as project:
        return project.row(group_id)


async def test_label_advances_and_undo_redo(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        first = current_id(app)
        await pilot.press("d")
        assert stored(project_path, first).label == "dated_news"
        assert queue(app).cursor == 1  # auto-advanced to the next pending group
        second = current_id(app)
        await pilot.press("g")
        assert stored(project_path, second).label == "generic"
        await pilot.press("z", "backspace")  # two undos: back to the first group
        assert stored(project_path, second).label is None
        assert stored(project_path, first).label is None
        assert current_id(app) == first
        await pilot.press("ctrl+y")
        assert stored(project_path, first).label == "dated_news"
        await pilot.press("z", "ctrl+z", "ctrl+z")  # more undos than decisions: no-ops
        assert stored(project_path, first).label is None
        assert app.screen.check_action("undo", ()) is False  # and the footer hides it
        assert app.screen.check_action("redo", ()) is True


async def test_accept_takes_the_suggestion(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        row = queue(app).current
        assert row is not None and row.suggested_label
        await pilot.press("enter")
        assert stored(project_path, row.group_id).label == row.suggested_label


async def test_accept_without_a_suggestion_says_so(tmp_path: Path) -> None:
    """The trial: enter on a group without a suggestion did nothing, with no word."""
    from .handmade import handmade_corpus

    path = tmp_path / "handmade.sqlite"
    Project.create(path, handmade_corpus(), REVIEWER).close()
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("end")  # g4: no suggestion
        row = queue(app).current
        assert row is not None and row.suggested_label is None
        await pilot.press("enter")
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert any("no suggestion to accept" in m for m in said)
        assert stored(path, row.group_id).label is None and current_id(app) == row.group_id


async def test_skip_flag_and_note(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        first = current_id(app)
        await pilot.press("space")
        assert stored(project_path, first).skipped
        second = current_id(app)
        assert second != first
        await pilot.press("f")
        assert stored(project_path, second).flagged
        await pilot.press("n")
        assert isinstance(app.screen, NoteDialog)
        await pilot.press(*"see [source]", "enter")
        assert isinstance(app.screen, ReviewScreen)
        assert stored(project_path, second).note == "see [source]"
        await pilot.press("n", "escape")  # cancelled: the note stays
        assert stored(project_path, second).note == "see [source]"
        detail = app.screen.query_one(GroupDetail)
        assert detail.row is not None and detail.row.note == "see [source]"


async def test_filter_sort_and_search(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d", "d", "u")
        await pilot.press("v")
        options = app.screen.query_one(OptionList)
        options.highlighted = [o.id for o in options.options].index("dated_news")
        await pilot.press("enter")
        rows = queue(app).rows
        assert len(rows) == 2 and {r.label for r in rows} == {"dated_news"}
        await pilot.press("escape")  # back to all groups
        with Project.open(project_path, REVIEWER) as project:
            total = len(project.queue())
            matching = [r.group_id for r in project.queue(search="Ministry")]
        assert len(queue(app).rows) == total
        await pilot.press("slash")
        assert isinstance(app.screen.focused, Input)
        await pilot.press(*"Ministry", "enter")
        assert [r.group_id for r in queue(app).rows] == matching
        assert isinstance(app.screen.focused, QueueList)
        await pilot.press("o")  # sort by size: the biggest group first
        sizes = [r.size for r in queue(app).rows]
        assert sizes == sorted(sizes, reverse=True)


async def test_export_writes_next_to_the_project(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        labelled = current_id(app)
        await pilot.press("u", "e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        out = default_export_path(project_path)
        assert out == project_path.with_name("review.labels.csv")
        with out.open(encoding="utf-8", newline="") as handle:
            rows = {r["group_id"]: r for r in csv.DictReader(handle)}
        assert rows[labelled]["label"] == "unsupported"
        assert any(str(out) in n.message for n in app._notifications)


async def test_resume_after_restart(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        done = [current_id(app)]
        await pilot.press("d")
        done.append(current_id(app))
        await pilot.press("g")
        await pilot.press("q")
    again = make_app(project_path)
    async with again.run_test(size=SIZE):
        rows = queue(again).rows
        assert [r.label for r in rows[:2]] == ["dated_news", "generic"]
        assert [r.group_id for r in rows[:2]] == done
        assert queue(again).cursor == 2  # resumes at the first pending group


async def test_a_store_error_is_shown_and_nothing_moves(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        first = current_id(app)

        def broken(group_id: str, label: str | None):
            raise ProjectError("review.sqlite: cannot label, nothing was changed: disk I/O error")

        app.project.set_label = broken  # type: ignore[method-assign,union-attr]
        await pilot.press("d")
        assert current_id(app) == first  # no pretending it saved
        assert stored(project_path, first).label is None
        errors = [n for n in app._notifications if n.severity == "error"]
        assert errors and "disk I/O error" in errors[-1].message


async def test_help_lists_every_binding_id(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        ids = {row[0] for row in app.screen.rows}
        assert ids == ReviewApp.binding_ids()
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)


async def test_keymap_file_remaps_keys(project_path: Path, tmp_path: Path, monkeypatch) -> None:
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('[keys]\n"label.dated_news" = "1"\nundo = ["x"]\nnope = "y"\n')
    monkeypatch.setenv("CLAIMCHECK_KEYMAP", str(keymap))
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        first = current_id(app)
        await pilot.press("1")
        assert stored(project_path, first).label == "dated_news"
        await pilot.press("x")
        assert stored(project_path, first).label is None
        assert any("nope" in n.message for n in app._notifications)  # unknown id reported


async def test_open_a_missing_project_exits_with_an_error(tmp_path: Path) -> None:
    app = make_app(tmp_path / "missing.sqlite")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
    assert app.return_code == 1


def detail_on_screen(app: ReviewApp) -> list[str]:
    """The detail pane's text as the compositor would send it to the terminal now."""
    detail = app.screen.query_one(GroupDetail)
    region = detail.scrollable_content_region
    strips = app.screen._compositor.render_strips()
    return [strips[y].crop(region.x, region.right).text for y in range(region.y, region.bottom)]


def detail_expected(app: ReviewApp) -> list[str]:
    detail = app.screen.query_one(GroupDetail)
    return [detail.render_line(y).text for y in range(detail.scrollable_content_region.height)]


@pytest.mark.parametrize("size", [SIZE, (100, 14)], ids=["fits", "scrolls"])
async def test_detail_repaints_every_line_that_changes(
    project_path: Path, size: tuple[int, int]
) -> None:
    """Only changed lines are marked for repaint: none may be left showing the old group.
    At 100x14 groups overflow the pane (the scrollbar stays, its range changes)."""
    app = make_app(project_path)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert detail_on_screen(app) == detail_expected(app)
        for keys in (["d"], ["f"], ["right_square_bracket"], ["g"], ["n", *"x", "enter"],
                     ["z"], ["j"], ["end"], ["home"], ["u"], ["space"]):  # fmt: skip
            await pilot.press(*keys)
            await pilot.pause()
            assert detail_on_screen(app) == detail_expected(app), keys


async def test_label_shows_the_next_group_without_waiting_for_a_message(
    project_path: Path,
) -> None:
    """The label action itself puts the next group in the detail pane (same event-loop
    turn), so the first frame after the key already shows it."""
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        following = queue(app).rows[1].group_id
        screen.action_label("dated_news")
        detail = screen.query_one(GroupDetail)
        assert detail.row is not None and detail.row.group_id == following
        assert queue(app).cursor == 1
        await pilot.pause()


async def test_another_apps_decisions_show_up(project_path: Path, monkeypatch) -> None:
    from claimcheck.tui.screens import review

    monkeypatch.setattr(review, "POLL_SECONDS", 0.05)
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        rows = queue(app).rows
        shown, other = rows[0].group_id, rows[3].group_id
        with Project.open(project_path, REVIEWER) as elsewhere:  # the same reviewer's
            elsewhere.set_label(shown, "generic")  # other app (a second terminal)
            elsewhere.toggle_flag(other)
        await pilot.pause(0.3)
        assert queue(app).rows[0].label == "generic"  # the queue line
        assert queue(app).rows[3].flagged
        detail = app.screen.query_one(GroupDetail)
        assert detail.row is not None and detail.row.label == "generic"  # the detail header
        assert "generic" in " ".join(detail_on_screen(app))
        assert queue(app).cursor == 0  # nothing moved under the reviewer
        stats = app.screen.query_one("#stats")
        assert "1/" in str(stats.render())  # progress counts the other app's label
        # and one's own decisions still work on top
        await pilot.press("d")
        assert stored(project_path, shown).label == "dated_news"


async def test_another_reviewers_decisions_stay_hidden(project_path: Path, monkeypatch) -> None:
    """A team reviews blind: someone else's labels are theirs, not shown here."""
    from claimcheck.tui.screens import review

    monkeypatch.setattr(review, "POLL_SECONDS", 0.05)
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        shown = queue(app).rows[0].group_id
        with Project.open(project_path, "someone else") as elsewhere:
            elsewhere.set_label(shown, "generic")
        await pilot.pause(0.3)
        assert queue(app).rows[0].state == "pending"
        await pilot.press("d")  # one's own label, on top of the other's
        assert app.project.cached_row(shown).label == "dated_news"  # type: ignore[union-attr]
    with Project.open(project_path, "someone else") as elsewhere:
        assert elsewhere.row(shown).label == "generic"  # theirs kept, as their own


async def test_show_others_shows_the_desks_latest(project_path: Path) -> None:
    with Project.open(project_path, "someone else") as elsewhere:
        shown = elsewhere.queue()[0].group_id
        elsewhere.set_label(shown, "generic")
    app = ReviewApp(project_path, REVIEWER, show_others=True)
    async with app.run_test(size=SIZE):
        assert queue(app).rows[0].label == "generic"


async def test_polling_is_cheap_when_nothing_changed(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        reads = []
        original = app.project.row  # type: ignore[union-attr]
        app.project.row = lambda gid: reads.append(gid) or original(gid)  # type: ignore
        screen.poll_changes()
        screen.poll_changes()
        assert reads == []  # no other app wrote: one PRAGMA, no row reads
        await pilot.pause()


async def test_footer_restyles_accept_in_place(tmp_path: Path) -> None:
    """Groups with and without a suggestion alternate: the footer greys out Accept on
    its existing key instead of recomposing (a layout pass over the screen)."""
    from textual.widgets._footer import FooterKey

    from .handmade import handmade_corpus

    path = tmp_path / "handmade.sqlite"
    Project.create(path, handmade_corpus(), REVIEWER).close()
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()

        def accept() -> FooterKey:
            keys = [k for k in app.screen.query(FooterKey) if k.action == "accept"]
            assert len(keys) == 1
            return keys[0]

        before = accept()
        assert not before.has_class("-disabled")
        await pilot.press("end")  # g4: no suggestion
        await pilot.pause()
        assert accept() is before and before.has_class("-disabled")
        await pilot.press("home")
        await pilot.pause()
        assert accept() is before and not before.has_class("-disabled")
        await pilot.press("d")  # undo now applies: a key appears, so the footer recomposes
        await pilot.pause()
        assert [k for k in app.screen.query(FooterKey) if k.action == "undo"]


async def test_a_failing_poll_is_quiet(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, ReviewScreen)

        def busy() -> bool:
            raise ProjectError("review.sqlite: cannot read the project: database is locked")

        app.project.changed = busy  # type: ignore[method-assign,union-attr]
        screen.poll_changes()
        await pilot.pause()
        assert not [n for n in app._notifications if n.severity == "error"]


async def test_related_groups_shown_and_r_tours_them(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        with Project.open(project_path, REVIEWER) as project:
            origin = next(
                r.group_id for r in project.queue() if len(project.related(r.group_id)) >= 2
            )
            stops = [r.group_id for r in project.related(origin)]
        queue(app).move_to(queue(app).index_of(origin))
        app.screen.show_current()
        await pilot.pause()
        detail = app.screen.query_one(GroupDetail)
        assert [r.group_id for r in detail.related] == stops
        assert any("Related groups" in strip.text for strip in detail.lines)
        seen = []
        for _ in range(len(stops) + 1):
            await pilot.press("r")
            seen.append(current_id(app))
        assert seen == [*stops, origin]  # every related group in turn, then back


async def test_b_goes_back_to_where_r_jumped_from_after_labelling(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        with Project.open(project_path, REVIEWER) as project:
            origin = next(r.group_id for r in project.queue() if project.related(r.group_id))
            first_stop = project.related(origin)[0].group_id
        queue(app).move_to(queue(app).index_of(origin))
        app.screen.show_current()
        await pilot.press("r")
        assert current_id(app) == first_stop
        await pilot.press("g")  # labelled: the queue moves on past the related group
        await pilot.pause()
        assert current_id(app) not in (origin, first_stop)
        await pilot.press("b")
        assert current_id(app) == origin
        await pilot.press("b")  # nothing further back: said, the cursor stays
        assert current_id(app) == origin
        assert any("b follows an r" in n.message for n in app._notifications)


def _first_doc(project: Project, gid: str) -> str:
    """The document of the group's first member (the page ``p`` acts on)."""
    return project.members(gid, 0, 1)[0].unit_id.rsplit(":", 1)[0]


async def test_page_kind_key_sets_the_page_and_its_suggestions_follow(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        gid = current_id(app)
        with Project.open(project_path, REVIEWER) as project:
            doc_id = _first_doc(project, gid)
            before = project.doc_kind_of(doc_id)[0]
        await pilot.press("p")  # returns at once: the store work runs in a worker
        await app.workers.wait_for_complete()
        await pilot.pause()
        with Project.open(project_path, REVIEWER) as project:
            kind, by_reviewer = project.doc_kind_of(doc_id)
            assert by_reviewer and (kind == "news_report") != (before == "news_report")
            if kind == "news_report":
                assert project.row(gid).suggested_label == "dated_news"
        assert current_id(app) == gid
        said = [n.message for n in app._notifications]
        assert any("suggestions recomputed" in m and "p again goes back" in m for m in said)


async def test_page_kind_key_again_goes_back_to_the_inferred_kind(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        gid = current_id(app)
        with Project.open(project_path, REVIEWER) as project:
            doc_id = _first_doc(project, gid)
            inferred = project.doc_kind_of(doc_id)
            suggested = project.row(gid).suggested_label
        for _ in range(2):  # set, then taken back (not toggled to a third kind)
            await pilot.press("p")
            await app.workers.wait_for_complete()
            await pilot.pause()
        with Project.open(project_path, REVIEWER) as project:
            assert project.doc_kind_of(doc_id) == inferred and not inferred[1]
            assert project.row(gid).suggested_label == suggested
        name = inferred[0].replace("_", " ")
        assert any(
            n.message.startswith(f"Page kind back to {name} (inferred); ")
            for n in app._notifications
        )


# --- learning from the reviewer -------------------------------------------------------

ROTATE = {"dated_news": "generic", "generic": "unsupported", "unsupported": "dated_news"}


def _record_refits(monkeypatch: pytest.MonkeyPatch, call: str = "refit") -> list[str]:
    """Names of the threads the learner ran on (the real code, only observed):
    ``Learner.refit``, or ``too_few``, the label-count check a refit starts with."""
    import threading

    from claimcheck import learn

    threads: list[str] = []
    owner = learn.Learner if call == "refit" else learn
    original = getattr(owner, call)

    def observed(*args):  # noqa: ANN002, ANN202
        threads.append(threading.current_thread().name)
        return original(*args)

    monkeypatch.setattr(owner, call, observed)
    return threads


def _learned(explanation: str) -> bool:
    return "learned from" in explanation or "carried to it" in explanation


async def test_refit_runs_off_the_ui_thread_and_updates_pending_suggestions(
    project_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    threads = _record_refits(monkeypatch)
    with Project.open(project_path, REVIEWER) as project:
        rows = project.queue()
        # The reviewer reads every rules' label as another one: learnable, and the rules
        # score nothing on it, so the model wins the gate. The pending groups are the last
        # 40 but those the rules call dated news: the sample has too few of these for the
        # model to be trusted on them (a sign test, 7 to 0 at least), and they would keep
        # the rules' suggestion.
        for row in rows[:-40] + [r for r in rows[-40:] if r.suggested_label == "dated_news"]:
            if row.suggested_label:
                project.set_label(row.group_id, ROTATE[row.suggested_label])
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert threads and threading.main_thread().name not in threads
        pending = [r.group_id for r in queue(app).rows if r.state == "pending"]
        assert pending
        # from the model, or the reviewer's dated news carried from a close rewording
        assert all(_learned(stored(project_path, g).explanation) for g in pending)
        shown = queue(app).current
        assert shown is not None and _learned(shown.explanation)
        assert app.screen.detail.row is shown  # the detail pane shows the learned suggestion
        await pilot.press("j")  # a row the refit changed: it shows its new suggestion
        moved = queue(app).current
        assert moved is not None and moved.group_id in pending
        assert _learned(moved.explanation)
        for _ in range(5):  # five more labels: another refit, still in a worker
            await pilot.press("d")
        await app.workers.wait_for_complete()
        assert len(threads) == 2 and threading.main_thread().name not in threads


async def test_no_labels_keeps_the_rules_and_never_crashes(
    project_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    threads = _record_refits(monkeypatch, "too_few")
    with Project.open(project_path, REVIEWER) as project:
        before = {r.group_id: r.explanation for r in project.queue()}
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        for _ in range(5):  # one label only, five times: the gate keeps the rules
            await pilot.press("g")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(threads) == 2 and threading.main_thread().name not in threads
        assert app.screen.is_current and isinstance(app.screen, ReviewScreen)
        stats = app.screen.query_one("#stats")
        assert stats.learning == "rules kept: only 1 label seen (generic)"
        after = {r.group_id: r.explanation for r in queue(app).rows}
    assert after == before


async def test_learned_suggestions_revert_to_the_rules_when_the_labels_go(
    project_path: Path,
) -> None:
    with Project.open(project_path, REVIEWER) as project:
        rules = {r.group_id: r.explanation for r in project.queue()}
        labelled = [r for r in project.queue()[:-40] if r.suggested_label]
        for row in labelled:
            project.set_label(row.group_id, ROTATE[row.suggested_label])
    async with make_app(project_path).run_test(size=SIZE) as pilot:
        await pilot.app.workers.wait_for_complete()
    with Project.open(project_path, REVIEWER) as project:
        assert any("learned from" in r.explanation for r in project.queue())
        for row in labelled:  # every label taken back, e.g. in another app
            project.set_label(row.group_id, None)
    async with make_app(project_path).run_test(size=SIZE) as pilot:
        await pilot.app.workers.wait_for_complete()
    with Project.open(project_path, REVIEWER) as project:
        assert {r.group_id: r.explanation for r in project.queue()} == rules


async def test_members_show_url_and_capture_and_w_copies_them(tmp_path: Path) -> None:
    from claimcheck.pipeline import RunOptions, build_corpus

    warc = Path(__file__).resolve().parents[1] / "data" / "fetched.warc.gz"
    corpus = build_corpus([str(warc)], RunOptions(workers=1))
    captured = [d for d in corpus.documents if d.url and d.captured]
    assert captured
    path = tmp_path / "warc.sqlite"
    Project.create(path, corpus, REVIEWER).close()
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        detail = app.screen.query_one(GroupDetail)
        member = detail.members[0]
        doc = next(d for d in corpus.documents if member.unit_id.startswith(d.doc_id))
        assert (member.url, member.captured) == (doc.url, doc.captured)
        assert any(doc.url in strip.text for strip in detail.lines)
        await pilot.press("w")
        assert app.clipboard == f"{doc.url} (captured {doc.captured})"


def test_per_sentence_export_carries_url_and_capture(tmp_path: Path) -> None:
    from claimcheck.export import export_labels
    from claimcheck.pipeline import RunOptions, build_corpus

    warc = Path(__file__).resolve().parents[1] / "data" / "fetched.warc.gz"
    corpus = build_corpus([str(warc)], RunOptions(workers=1))
    path = tmp_path / "warc.sqlite"
    Project.create(path, corpus, REVIEWER).close()
    out = tmp_path / "units.csv"
    export_labels(str(path), str(out), per_sentence=True)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    by_doc = {d.doc_id: d for d in corpus.documents}
    assert rows and all(
        (r["url"], r["captured"]) == (by_doc[r["doc_id"]].url, by_doc[r["doc_id"]].captured)
        for r in rows
    )
    assert any(r["captured"] for r in rows)

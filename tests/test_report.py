"""The source report's figures, from hand-made corpora (no grouper, no suggester)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from claimcheck.models import (
    DATED_NEWS,
    GENERIC,
    HEADING,
    SENTENCE,
    UNSUPPORTED,
    Corpus,
    Document,
    Group,
    Suggestion,
    Unit,
)
from claimcheck.pagedate import PageDate
from claimcheck.pagekind import CONTENT_FARM, KINDS, NEWS_REPORT, PageKind
from claimcheck.pipeline import RunOptions, build_corpus
from claimcheck.report import build_report, kind_text, report_of_project
from claimcheck.store import Project

SCHEMA = json.loads((Path(__file__).parents[1] / "docs" / "report.schema.json").read_text())

SHARED = "The port authority opened the new container terminal on 2 May."
FARM = "Container shipping is the backbone of the global economy."
LOCAL = "The terminal can handle 1.2 million containers a year."
QUOTE = "Experts say the terminal will double the port's trade."
CONFLICT_A = "The port authority said the new terminal cost 310 million euros to build."
CONFLICT_B = "The port authority said the new terminal cost 350 million euros to build."


def make() -> tuple[Corpus, dict[str, str]]:
    """Three documents: an early dated report, a later dated report that copies it, and an
    undated content page sharing a claim with both. Returns the corpus and group labels."""
    docs = [
        ("early", "2025-05-02", "Port News", [(SHARED, "g1"), (LOCAL, "g2"), (CONFLICT_A, "g5")]),
        ("late", "2025-05-04", "Coast Daily", [(SHARED, "g1"), (QUOTE, "g3"), (CONFLICT_B, "g6")]),
        ("farm", "", "", [(FARM, "g4"), (QUOTE, "g3"), (SHARED, "g1"), ("Read more", None)]),
    ]
    corpus = Corpus(root="mem")
    members: dict[str, list[int]] = {}
    for doc_id, date, source, parts in docs:
        text, pos = [], 0
        for i, (sentence, gid) in enumerate(parts):
            kind = SENTENCE if gid else HEADING
            corpus.units.append(Unit(doc_id, i, pos, pos + len(sentence), sentence, kind))
            if gid:
                members.setdefault(gid, []).append(len(corpus.units) - 1)
            text.append(sentence)
            pos += len(sentence) + 1
        corpus.documents.append(
            Document(doc_id, f"{doc_id}.txt", " ".join(text), f"{doc_id} title", source, date)
        )
    labels = {"g1": DATED_NEWS, "g2": UNSUPPORTED, "g3": UNSUPPORTED, "g4": GENERIC,
              "g5": DATED_NEWS, "g6": DATED_NEWS}  # fmt: skip
    for gid, ms in members.items():
        n_docs = len({corpus.units[m].doc_id for m in ms})
        corpus.groups.append(Group(gid, ms, n_docs, Suggestion(labels[gid], 0.7, "rule")))
    return corpus, labels


def by_id(items: list[dict], key: str = "doc_id") -> dict[str, dict]:
    return {item[key]: item for item in items}


def test_per_source_counts_backing_and_shares() -> None:
    corpus, _ = make()
    report = build_report(corpus)
    jsonschema.validate(report, SCHEMA)
    src = by_id(report["sources"])
    early, late, farm = src["early"], src["late"], src["farm"]
    assert early["claims"] == 3 and farm["claims"] == 3  # the heading is not a claim
    assert early["labels"] == {DATED_NEWS: 2, GENERIC: 0, UNSUPPORTED: 1, "unlabelled": 0}
    assert early["suggested"][DATED_NEWS] == 2  # no review: every label is a suggestion
    # early: SHARED backed by "late" (a dated report); LOCAL and CONFLICT_A only here.
    assert (early["specific"], early["backed"], early["only_here"]) == (3, 1, 2)
    # farm: SHARED and QUOTE backed by dated reports; FARM is generic, not specific.
    assert (farm["specific"], farm["backed"], farm["only_here"]) == (2, 2, 0)
    late_share = by_id(late["shares"])["early"]
    assert late_share["claims"] == 1 and late_share["share"] == pytest.approx(1 / 3, abs=1e-3)
    assert late_share["direction"] == "earlier"  # late may copy early
    assert by_id(early["shares"])["late"]["direction"] == "later"
    assert by_id(farm["shares"])["late"]["claims"] == 2


def test_copy_edges_run_from_the_earlier_dated_source() -> None:
    report = build_report(make()[0])
    edges = {(e["from"], e["to"]): e for e in report["copies"]}
    assert edges[("early", "late")]["directed"] is True
    assert ("late", "early") not in edges
    assert edges[("late", "farm")] == {"from": "late", "to": "farm", "claims": 2,
                                       "directed": False}  # fmt: skip


def test_corroboration_names_the_dated_report_and_timeline_is_ordered() -> None:
    report = build_report(make()[0])
    groups = by_id(report["groups"], "group_id")
    assert groups["g3"]["corroborated_by"] == ["late"]  # unsupported, carried by a report
    assert groups["g2"]["corroborated_by"] == ["early"]  # its own report counts too
    assert groups["g4"]["corroborated_by"] == []
    assert [d["doc_id"] for d in groups["g1"]["documents"]] == ["early", "late", "farm"]
    dates = [(t["date"], t["group_id"]) for t in report["timeline"]]
    assert dates == sorted(dates) and dates[0] == ("2025-05-02", "g1")


def test_conflicts_in_report_earliest_side_first() -> None:
    report = build_report(make()[0])
    (conflict,) = report["conflicts"]
    assert [s["doc_ids"] for s in conflict["sides"]] == [["early"], ["late"]]
    assert [s["values"] for s in conflict["sides"]] == ["310000000", "350000000"]


def test_project_report_uses_reviewed_labels_and_conflict_verdicts(tmp_path: Path) -> None:
    corpus, _ = make()
    path = tmp_path / "p.sqlite"
    with Project.create(path, corpus, "ann") as project:
        project.set_label("g4", UNSUPPORTED)
        cid = build_report(corpus)["conflicts"][0]["conflict_id"]
        project.decide_conflict(cid, "confirmed")
    report = report_of_project(str(path))
    jsonschema.validate(report, SCHEMA)
    groups = by_id(report["groups"], "group_id")
    assert (groups["g4"]["label"], groups["g4"]["label_source"]) == (UNSUPPORTED, "reviewed")
    assert groups["g1"]["label_source"] == "suggested"
    assert report["totals"]["reviewed_groups"] == 1
    assert report["conflicts"][0]["verdict"] == "confirmed"
    assert by_id(report["sources"])["farm"]["suggested"][UNSUPPORTED] == 1  # g3 only


def test_page_kinds_from_the_corpus_with_confidence() -> None:
    corpus, _ = make()
    corpus.kinds = {"early": PageKind(NEWS_REPORT, 0.9812), "late": PageKind(CONTENT_FARM, 0.93)}
    report = build_report(corpus)
    jsonschema.validate(report, SCHEMA)
    src = by_id(report["sources"])
    assert (src["early"]["kind"], src["early"]["kind_confidence"]) == (NEWS_REPORT, 0.981)
    assert src["early"]["kind_from"] == "inferred"
    assert (src["farm"]["kind"], src["farm"]["kind_confidence"], src["farm"]["kind_from"]) == (
        "unknown",
        None,
        "",
    )
    assert kind_text(src["early"]) == "news report 0.98" and kind_text(src["farm"]) == "unknown"
    kinds = SCHEMA["properties"]["sources"]["items"]["properties"]["kind"]["enum"]
    assert set(kinds) == {*KINDS, "unknown"}  # the schema keeps up with pagekind
    # "late" is a content farm, so no dated report: early's SHARED is shared, but not backed.
    assert (src["early"]["backed"], src["early"]["shared_undated"]) == (0, 1)


def test_project_report_shows_inferred_kinds_and_the_reviewers_override(
    tmp_path: Path,
) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "wire.txt").write_text(
        "HARBOURTON, March 3 (Reuters) - The port authority opened a container terminal on "
        "Monday, its director told reporters.\nThe director said the terminal cost 40 million "
        "euros.\n"
    )
    (root / "guide.txt").write_text(
        "What is a container terminal?\nA container terminal is a place where ships are "
        "loaded.\nYou can visit one on an open day.\n"
    )
    corpus = build_corpus([str(root)], RunOptions(workers=1))
    inferred = {d.path: corpus.kinds[d.doc_id] for d in corpus.documents}
    path = tmp_path / "p.sqlite"
    with Project.create(path, corpus, "ann") as project:
        guide = next(d.doc_id for d in corpus.documents if d.path == "guide.txt")
        project.set_doc_kind(guide, CONTENT_FARM)
    src = {s["path"]: s for s in report_of_project(str(path))["sources"]}
    wire = src["wire.txt"]
    assert (wire["kind"], wire["kind_from"]) == (inferred["wire.txt"].kind, "inferred")
    assert wire["kind_confidence"] == round(inferred["wire.txt"].confidence, 3)
    assert (src["guide.txt"]["kind"], src["guide.txt"]["kind_from"]) == (CONTENT_FARM, "reviewer")
    assert kind_text(src["guide.txt"]) == "content farm (reviewer)"


def undated_late(page_date: str) -> Corpus:
    """``make()`` with "late" stripped of its metadata date and given ``page_date`` as the
    date its text states (a "Published ..." line)."""
    corpus, _ = make()
    corpus.documents = [replace(d, date="") if d.doc_id == "late" else d for d in corpus.documents]
    how = "published line" if page_date else ""
    corpus.kinds = {"late": PageKind(NEWS_REPORT, 0.9, PageDate(page_date, how, 0))}
    return corpus


def test_a_page_date_dates_the_source_when_metadata_has_none() -> None:
    report = build_report(undated_late("2025-05-04"))
    jsonschema.validate(report, SCHEMA)
    src = by_id(report["sources"])
    assert (src["late"]["date"], src["late"]["date_from"]) == ("2025-05-04", "page")
    assert (src["early"]["date"], src["early"]["date_from"]) == ("2025-05-02", "metadata")
    assert (src["farm"]["date"], src["farm"]["date_from"]) == ("", "")
    edges = {(e["from"], e["to"]): e["directed"] for e in report["copies"]}
    assert edges[("early", "late")] is True  # the page date orders the copy
    (conflict,) = report["conflicts"]
    assert [s["date"] for s in conflict["sides"]] == ["2025-05-02", "2025-05-04"]
    assert by_id(report["groups"], "group_id")["g3"]["corroborated_by"] == ["late"]


def test_a_page_date_without_a_year_does_not_date_the_source() -> None:
    report = build_report(undated_late("--05-04"))  # "Published 4 May": which year?
    src = by_id(report["sources"])
    assert (src["late"]["date"], src["late"]["date_from"]) == ("", "")
    edges = {(e["from"], e["to"]): e["directed"] for e in report["copies"]}
    assert edges[("early", "late")] is False


def test_a_teams_report_shows_the_final_label_not_the_last_reviewers(tmp_path: Path) -> None:
    """In a team the report's label is export's final one: adjudicated, else the one
    label the reviewers gave; a group still disputed shows its suggestion. (The project's
    latest decision was shown before: the loser of an adjudication, or a dispute as
    settled.)"""
    corpus, _ = make()
    path = tmp_path / "p.sqlite"
    with Project.create(path, corpus, "ana") as ana:
        for gid in ("g2", "g3", "g4"):
            ana.set_label(gid, UNSUPPORTED)
    with Project.open(path, "ben") as ben:
        ben.set_label("g3", GENERIC)  # disputed, settled below
        ben.set_label("g4", GENERIC)  # disputed, never settled
    with Project.open(path, "editor") as editor:
        editor.adjudicate("g3", UNSUPPORTED)
    groups = by_id(report_of_project(str(path))["groups"], "group_id")
    shown = {g: (groups[g]["label"], groups[g]["label_source"]) for g in ("g2", "g3", "g4")}
    assert shown["g2"] == (UNSUPPORTED, "reviewed")  # one reviewer's label
    assert shown["g3"] == (UNSUPPORTED, "reviewed")  # the adjudicated label, not ben's
    assert shown["g4"][1] == "suggested"  # disputed: no reviewed label yet

"""The suggestion's evidence as one plain sentence (claimcheck.evidence)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from claimcheck.evidence import Found, sentence
from claimcheck.models import DATED_NEWS, GENERIC, UNSUPPORTED, Corpus
from claimcheck.pagedate import PageDate
from claimcheck.pagekind import EXPLAINER, NEWS_REPORT, PageKind

NEWS_PAGE = PageKind(NEWS_REPORT, 0.98, PageDate("2026-01-14", "dateline"))
CORPUS = Path(__file__).resolve().parent.parent / "corpus"
# Words of the suggester's own vocabulary that a reviewer should never have to read.
INTERNAL = ("no own time", "attribution", "signal", "entity", "no_specifics", "thin evidence",
            "relative_time", "in_year", "page (0.")  # fmt: skip


def test_a_named_source_on_a_dated_news_page() -> None:
    found = [Found("speaker", "Gen. Ode said"), Found("weekday", "Monday")]
    assert sentence(DATED_NEWS, found, page=NEWS_PAGE) == (
        "It is attributed to a named source (“Gen. Ode said”) and gives a day (“Monday”),"
        " on a news page dated 14 Jan 2026."
    )


def test_a_repeated_name_is_given_once() -> None:
    who = "World Health Organization"
    found = [Found("entity", who), Found("entity", who), Found("acronym", "WHO"),
             Found("number", "18")]  # fmt: skip
    assert sentence(UNSUPPORTED, found) == (
        "It names World Health Organization and WHO and gives a figure (“18”),"
        " with no date or source."
    )


def test_names_are_given_without_a_possessive() -> None:
    found = [Found("entity", "European Union’s"), Found("country", "Laos'")]
    text = sentence(UNSUPPORTED, found)
    assert text == "It names European Union and Laos, with no date or source."


def test_words_inside_a_span_already_shown_are_not_shown_again() -> None:
    found = [Found("speaker", "Africa CDC said"), Found("entity", "Africa CDC")]
    assert sentence(DATED_NEWS, found) == "It is attributed to a named source (“Africa CDC said”)."


def test_words_inside_a_quote_are_not_shown_again_whatever_the_punctuation() -> None:
    found = [Found("quote", "“saved lives last night.”"), Found("relative_time", "last night")]
    assert sentence(DATED_NEWS, found) == "It quotes someone directly (“saved lives last night.”)."


def test_spans_of_one_kind_share_a_phrase() -> None:
    found = [Found("evaluative", "robust"), Found("evaluative", "state-of-the-art"),
             Found("no_specifics", "The whole sentence.")]  # fmt: skip
    assert sentence(GENERIC, found, thin=True) == (
        "It uses evaluative wording (“robust”, “state-of-the-art”) and has nothing specific"
        " to check (weak evidence)."
    )


def test_the_page_alone_supplies_the_date() -> None:
    named = sentence(DATED_NEWS, [Found("country", "Laos")], page=NEWS_PAGE, page_only=True)
    assert named == (
        "It names Laos; it has no date or source of its own, but is on a news page dated"
        " 14 Jan 2026."
    )
    bare = sentence(DATED_NEWS, [], page=NEWS_PAGE, page_only=True)
    assert bare == "It has no date or source of its own, but is on a news page dated 14 Jan 2026."


def test_an_undated_page_is_not_named_and_a_date_without_year_reads_plainly() -> None:
    explainer = PageKind(EXPLAINER, 0.9)
    assert sentence(GENERIC, [Found("hedge", "may")], page=explainer) == "It hedges (“may”)."
    no_year = PageKind(NEWS_REPORT, 0.9, PageDate("--08-13", "date line"))
    assert sentence(DATED_NEWS, [Found("quote", "“We act.”")], page=no_year) == (
        "It quotes someone directly (“We act.”), on a news page dated 13 Aug."
    )


def test_evidence_of_a_group_names_its_member_and_long_spans_are_cut_at_a_word() -> None:
    other = "The minister said on Monday that the new dam had cost forty million dollars in all."
    text = sentence(DATED_NEWS, [Found("weekday", "Monday")], member=other)
    assert text.startswith(
        "One member (“The minister said on Monday that the new dam had cost forty ...”)"
    )
    assert text.endswith("gives a day (“Monday”).")


def test_at_most_three_kinds_are_named() -> None:
    found = [Found(name, name) for name in ("date", "speaker", "quote", "agency", "dateline")]
    assert sentence(DATED_NEWS, found).count(" and ") == 1  # "a, b and c"
    assert "news agency" not in sentence(DATED_NEWS, found)


def test_an_unknown_signal_still_reads() -> None:
    assert sentence(GENERIC, [Found("new_cue", "x y")]) == "It has new cue (“x y”)."


@pytest.fixture(scope="module")
def sample() -> Corpus:
    from claimcheck.pipeline import RunOptions, build_corpus

    return build_corpus([str(CORPUS)], RunOptions(workers=1))


def test_every_explanation_of_the_sample_is_one_plain_sentence(sample: Corpus) -> None:
    explanations = [g.suggestion.explanation for g in sample.groups if g.suggestion]
    assert len(explanations) > 100
    for text in explanations:
        assert text[0].isupper() and text.endswith(".") and "\n" not in text, text
        assert not any(term in text for term in INTERNAL), text
        quoted = re.findall(r"“([^”]*)”", text)
        assert len(quoted) == len(set(quoted)), text  # no span twice


def test_the_jsonl_keeps_the_raw_signals(sample: Corpus, tmp_path: Path) -> None:
    from claimcheck.export import write_units

    out = tmp_path / "u.jsonl"
    write_units(sample, str(out), "jsonl")
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    texts = {(u.doc_id, u.unit_id): u.text for u in sample.units}
    with_signals = [r for r in rows if r["signals"]]
    assert with_signals and all(r["suggested_label"] for r in with_signals)
    for row in with_signals:
        for sig in row["signals"]:
            assert sig["for"] in (DATED_NEWS, GENERIC, UNSUPPORTED)
            assert texts[sig["doc_id"], sig["unit_id"]][sig["start"] : sig["end"]] == sig["text"]
    assert all(r["signals"] == [] for r in rows if not r["is_claim"])

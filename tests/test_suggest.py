"""Suggester: one test per signal on crafted sentences, the group rule, confidence."""

from __future__ import annotations

import importlib.util
import pickle
from pathlib import Path

import pytest

from claimcheck.models import (
    DATED_NEWS,
    GENERIC,
    SENTENCE,
    UNSUPPORTED,
    Corpus,
    Document,
    Group,
    Unit,
)
from claimcheck.suggest import suggest_groups, unit_signals

ROOT = Path(__file__).resolve().parent.parent
# Measured 0.961 on the dev set when its author's rules set the labels; 0.77 since
# the rules follow the shared gold (sample_gold.json, 0.853 there), which labels
# "both countries" + a concrete joint activity unsupported and news-page glosses
# dated, where dev_labels.csv says generic. A regression guard, not an estimate.
DEV_MACRO_F1_FLOOR = 0.75


def names(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for s in unit_signals(text):
        out.setdefault(s.name, []).append(text[s.start : s.end])
    return out


@pytest.mark.parametrize(
    ("text", "signal", "span"),
    [
        ("The summit opened on 03/11/2025 in the capital.", "date", "03/11/2025"),
        ("Talks resumed on March 3, 2024 after a pause.", "date", "March 3, 2024"),
        ("Delegates met at 09:30 to sign the text.", "time", "09:30"),
        ("The council convened on Tuesday to vote.", "weekday", "on Tuesday"),
        (
            "The plan was adopted at the 7th Party Plenum of the ruling bloc.",
            "event",
            "7th Party Plenum",
        ),
        ("The recently concluded summit set new goals.", "relative_time", "recently concluded"),
        ("OSLO – Fishermen protested new quotas.", "dateline", "OSLO –"),
        ("(ABC/XYZ) Farmers received new seed.", "agency", "(ABC/XYZ)"),
        (
            "Water tariffs will rise, Finance Minister Ana Ruiz said.",
            "speaker",
            "Finance Minister Ana Ruiz said",
        ),
        (
            "The reforms will continue, the spokesperson stressed.",
            "speaker",
            "the spokesperson stressed",
        ),
        (
            "She said “we will not retreat from the coast this year” to reporters.",
            "quote",
            "“we will not retreat from the coast this year”",
        ),
        (
            "The agency plays a pivotal role in shaping policy.",
            "evaluative",
            "plays a pivotal role",
        ),
        ("This effort underscores the importance of partnerships.", "evaluative", "underscores"),
        ("The agency aims to strengthen ties with neighbours.", "hedge", "aims to"),
        ("Furthermore, the bureau works hard.", "opener", "furthermore,"),
        ("The fleet trains with Norway and Chile every spring.", "country", "Norway"),
        (
            "Its officers attend courses at the Royal Naval College in the west.",
            "entity",
            "Royal Naval College",
        ),
        ("The force joined the NATO exercise last spring.", "acronym", "NATO"),
        ("The ministry bought 240 trucks.", "number", "240"),
        (
            "Peru and Chile have signed a mutual defence treaty on fisheries.",
            "relation",
            "mutual defence treaty",
        ),
    ],
)
def test_each_signal(text: str, signal: str, span: str) -> None:
    found = names(text)
    assert signal in found, found
    assert any(span.casefold() == s.casefold() for s in found[signal]), found[signal]


def test_no_false_dates_in_modal_may_and_ordinals_without_event() -> None:
    found = names("Challenges may arise, and the third option could work.")
    assert "date" not in found and "event" not in found


def test_a_month_before_a_number_is_no_hedge() -> None:
    assert "hedge" not in names("Elections are scheduled for 5 May 2026.")
    assert "hedge" in names("Elections may come in 2026.")


def test_two_dates_joined_by_a_dash_are_a_span_not_a_report_date() -> None:
    found = names("Ana Petrova (2 May 1850 – 9 June 1921) was a Ruritanian painter.")
    assert found["date_span"] == ["2 May 1850", "9 June 1921"] and "date" not in found
    assert "date" in names("The museum reopened on 9 June 2024 after repairs.")


def test_sentence_initial_word_and_label_are_not_entities() -> None:
    found = names("• Joint Drills: Cooperation grows between the two services.")
    assert "entity" not in found


def test_abbreviated_common_noun_is_not_a_name() -> None:
    assert "acronym" not in names("They bought unmanned aerial vehicles (UAVs) last year.")


# --- whole corpus -------------------------------------------------------------------


def _corpus(docs: list[tuple[Document, list[str]]], groups: list[list[int]]) -> Corpus:
    units: list[Unit] = []
    for doc, sentences in docs:
        pos = 0
        for i, s in enumerate(sentences):
            units.append(Unit(doc.doc_id, i, pos, pos + len(s), s, SENTENCE))
            pos += len(s) + 1
    gs = [Group(f"g{i}", members, 1) for i, members in enumerate(groups)]
    return Corpus(documents=[d for d, _ in docs], units=units, groups=gs)


FARM = Document("farm", "farm.txt", "", title="The Ruritania Navy Explained")
NEWS = Document("news", "news.txt", "", title="Navy gets ships", source="Wire", date="2025-05-02")


def test_group_is_dated_when_any_member_is_with_that_members_evidence() -> None:
    farm = "The Ruritania Navy commissioned two frigates built in Korea."
    news = (
        "The Ruritania Navy commissioned two frigates built in Korea, Admiral Ode said on Monday."
    )
    corpus = _corpus([(FARM, [farm]), (NEWS, [news])], [[0, 1]])
    suggest_groups(corpus)
    s = corpus.groups[0].suggestion
    assert s is not None and s.label == DATED_NEWS
    sentence_ev = [e for e in s.evidence if e.end > e.start]
    assert sentence_ev and all(e.unit_index == 1 for e in sentence_ev)
    assert s.explanation.startswith("One member (“The Ruritania Navy commissioned two frigates")


def test_generic_and_unsupported_on_a_content_page() -> None:
    generic = "The navy plays a vital role in safeguarding the nation and fostering stability."
    specific = "The navy maintains close partnerships with countries like Peru and Chile."
    corpus = _corpus([(FARM, [generic, specific])], [[0], [1]])
    suggest_groups(corpus)
    assert corpus.groups[0].suggestion.label == GENERIC
    assert corpus.groups[1].suggestion.label == UNSUPPORTED


def test_page_topic_is_not_a_specific() -> None:
    # "Ruritania Navy" is the page's title: swapping it leaves the sentence generic.
    text = "Overall, the Ruritania Navy remains essential to regional peace."
    corpus = _corpus([(FARM, [text])], [[0]])
    suggest_groups(corpus)
    assert corpus.groups[0].suggestion.label == GENERIC


def test_news_page_content_is_dated_through_the_page_but_background_is_not() -> None:
    # Both gold sets label every claim of a news report dated news except timeless
    # background ("what X is", what happened years before the report).
    report = "The Ruritania Navy will station the frigates at Port Vell."
    gloss = "These steps will contribute to peace and stability in the region and beyond."
    background = "Traditionally, the navy's frigates were built in Korea."
    corpus = _corpus([(NEWS, [report, gloss, background])], [[0], [1], [2]])
    suggest_groups(corpus)
    first = corpus.groups[0].suggestion
    assert first.label == DATED_NEWS
    assert "on a news page dated 2 May 2025" in first.explanation
    assert "no date or source of its own" in first.explanation
    assert first.confidence <= 0.6
    assert corpus.groups[1].suggestion.label == DATED_NEWS
    assert corpus.groups[1].suggestion.confidence <= 0.5
    assert corpus.groups[2].suggestion.label == UNSUPPORTED
    assert "gives background (“Traditionally”)" in corpus.groups[2].suggestion.explanation


def test_a_state_in_the_simple_present_on_a_news_page_is_background() -> None:
    sents = [
        "Port Vell handles about 2 million ferry passengers a year.",  # a timeless state
        "Port Vell handled about 2 million ferry passengers last year.",  # told in the past
        "Port Vell is now handling about 2,000 extra passengers a day.",  # going on now
        "The Ruritania Navy has moved 3 frigates to Port Vell.",  # the present perfect
        # a plural subject's verb, a present passive, an adjective in -ed: still states
        "Ferries make up 40% of the traffic of Port Vell.",
        "Ferries are regulated by the Ruritania Maritime Office.",
        "The United Ferries of Ruritania carry 2 million passengers a year.",
    ]
    corpus = _corpus([(NEWS, sents)], [[k] for k in range(len(sents))])
    suggest_groups(corpus)
    labels = [g.suggestion.label for g in corpus.groups]
    assert labels == [UNSUPPORTED, DATED_NEWS, DATED_NEWS, DATED_NEWS, *[UNSUPPORTED] * 3]


def test_advice_to_the_reader_on_a_news_page_is_generic() -> None:
    report = "The harbour office closed the north quay to ferries."
    advice = "Check your sailing time before leaving for the port."
    quoted = "“Check the gates twice,” the harbour master told crews on Monday."
    corpus = _corpus([(NEWS, [report, advice, quoted])], [[0], [1], [2]])
    suggest_groups(corpus)
    assert [g.suggestion.label for g in corpus.groups] == [DATED_NEWS, GENERIC, DATED_NEWS]


def test_a_labelled_judgement_is_generic_on_any_page() -> None:
    """"Our take: ...", "Bottom line: ...": the page's own view or advice, whatever
    figures or times it names; "Fun fact:" introduces a fact."""
    report = "The harbour office closed the north quay to ferries on Monday."
    take = "Our take: nothing about this week changes the case for the 12% harbour fee."
    bottom = "Bottom line: ditch the ferry and take the coast road."
    fact = "Fun fact: the Port Vell harbour handles 2 million passengers a year."
    corpus = _corpus([(NEWS, [report, take]), (FARM, [bottom, fact])], [[0], [1], [2], [3]])
    suggest_groups(corpus)
    labels = [g.suggestion.label for g in corpus.groups]
    assert labels == [DATED_NEWS, GENERIC, GENERIC, UNSUPPORTED]
    assert "gives an opinion (“Our take”)" in corpus.groups[1].suggestion.explanation


def test_a_forecast_or_a_stated_belief_with_nothing_to_check_is_generic() -> None:
    sents = [
        "The harbours that figure this out first will win the race for ships.",
        "We believe a rested crew sails better boats.",
        "Unpopular opinion: the ferry timetable is a relic.",
        "Experts predict that the ferries will carry more cars.",
    ]
    assert _labels(FARM, sents) == [GENERIC] * 4
    # the same forecast about a named, counted thing stays checkable
    assert _labels(FARM, ["Port Vell will handle 2 million passengers in 2027."]) == [UNSUPPORTED]


def test_the_writers_own_experience_is_generic_and_hearsay_stays_checkable() -> None:
    """A forum post's "I tried it and woke up panicking" is what happened to the writer,
    which no record can check; "my cousin says the quay was shut" passes on a claim about
    the world, and a quoted "I" is someone else's statement."""
    own = [
        "I tried the coast road in a storm and turned back at the lighthouse.",
        "The ferry crossing wrecked me for a week after the harbour trip.",
    ]
    for sentence in own:
        corpus = _corpus([(FARM, [sentence])], [[0]])
        suggest_groups(corpus)
        s = corpus.groups[0].suggestion
        assert s.label == GENERIC, sentence
        assert "tells the writer's own experience" in s.explanation
    others = [
        "My cousin works at the harbour and says the north quay was shut all winter.",
        "I read that the ferries burn twice the diesel of the old boats.",
        "The harbour master wrote: \"I closed the north quay after the storm.\"",
        "Drivers tried the coast road in a storm and turned back at the lighthouse.",
    ]
    assert _labels(FARM, others) == [UNSUPPORTED] * 4


def test_a_roman_numeral_i_is_not_the_writer() -> None:
    from claimcheck.suggest import _own_experience

    for text in ("The harbour was mined in World War I and cleared later.",
                 "The quay held a Phase I trial of electric ferries."):
        assert _own_experience(text, text.lower()) is None, text
    text = "Then I tried the coast road and turned back."
    assert _own_experience(text, text.lower()) == (5, 6)


def test_imperative_openers_are_advice() -> None:
    sents = ["Never leave the ferry tickets in a hot car.", "Switch to the coast road in May."]
    assert _labels(FARM, sents) == [GENERIC, GENERIC]


def test_thin_evidence_gives_low_confidence() -> None:
    corpus = _corpus([(FARM, ["The boats are grey and the crews are busy."])], [[0]])
    suggest_groups(corpus)
    s = corpus.groups[0].suggestion
    assert s.confidence < 0.5 and s.explanation.endswith("(weak evidence).")


def test_explanation_names_the_evidence_and_offsets_slice_the_text() -> None:
    text = "Talks ended on 14/02/2025, Defence Minister Ana Ruiz said."
    corpus = _corpus([(FARM, [text])], [[0]])
    suggest_groups(corpus)
    s = corpus.groups[0].suggestion
    assert s.label == DATED_NEWS and s.confidence >= 0.8
    assert "gives a date (“14/02/2025”)" in s.explanation
    assert "attributed to a named source (“Defence Minister Ana Ruiz said”)" in s.explanation
    for e in s.evidence:
        span = corpus.units[e.unit_index].text[e.start : e.end]
        assert e.start == e.end or span.strip() == span and span
    assert any(corpus.units[0].text[e.start : e.end] == "14/02/2025" for e in s.evidence)


def test_progress_is_reported() -> None:
    calls: list[tuple[str, int, int | None]] = []
    corpus = _corpus([(FARM, ["The navy is strong."])], [[0]])
    suggest_groups(corpus, lambda stage, done, total: calls.append((stage, done, total)))
    assert calls[-1] == ("suggesting", 1, 1)


def test_dev_set_macro_f1_stays_above_floor() -> None:
    spec = importlib.util.spec_from_file_location(
        "suggest_eval", ROOT / "benchmarks" / "suggest_eval.py"
    )
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    res = mod.evaluate(ROOT / "corpus", ROOT / "tests" / "data" / "dev_labels.csv")
    assert res["suggester"]["macro_f1"] >= DEV_MACRO_F1_FLOOR
    assert res["suggester"]["macro_f1"] > res["baseline"]["macro_f1"] + 0.1


def test_per_document_path_gives_the_corpus_path_suggestions() -> None:
    from claimcheck.pipeline import RunOptions, build_corpus
    from claimcheck.suggest import (
        Signal,
        document_verdicts,
        pack_verdicts,
        shift_verdicts,
        unpack_verdicts,
    )

    corpus = build_corpus([str(ROOT / "corpus")], RunOptions(suggest=False, workers=1))
    suggest_groups(corpus)
    expected = [g.suggestion for g in corpus.groups]
    docs = {d.doc_id: d for d in corpus.documents}
    verdicts: list = []
    start = 0
    while start < len(corpus.units):
        doc_id, end = corpus.units[start].doc_id, start
        while end < len(corpus.units) and corpus.units[end].doc_id == doc_id:
            end += 1
        local = shift_verdicts(document_verdicts(docs[doc_id], corpus.units[start:end]), start)
        packed = pickle.loads(pickle.dumps(pack_verdicts(local)))  # as from a worker
        unpacked = unpack_verdicts(packed)
        assert unpacked == local
        assert [type(v) for v in unpacked] == [type(v) for v in local]
        assert all(type(s) is Signal for v in unpacked if v for s in v.evidence)
        verdicts += unpacked
        start = end
    for g in corpus.groups:
        g.suggestion = None
    suggest_groups(corpus, verdicts=verdicts)
    assert [g.suggestion for g in corpus.groups] == expected


# --- page context: what makes a news page -------------------------------------------

BARE = Document("bare", "bare.txt", "")  # no title, source or date metadata


def _labels(doc: Document, sentences: list[str]) -> list[str]:
    corpus = _corpus([(doc, sentences)], [[i] for i in range(len(sentences))])
    suggest_groups(corpus)
    return [g.suggestion.label for g in corpus.groups]


def test_date_line_at_top_makes_a_news_page() -> None:
    for line in ("Tuesday, 4 March 2025", "03/04/2025 10:15", "Posted on March 4, 2025"):
        labels = _labels(BARE, [line, "The Ruritania Navy will station frigates at Port Vell."])
        assert labels[1] == DATED_NEWS, line


def test_historical_or_month_year_date_at_top_makes_no_news_page() -> None:
    lead = "Ana Petrova (2 May 1850 – 9 June 1921) was a Ruritanian painter and engraver."
    school = "In autumn she studied at Port Vell, and in March 1866 joined the Salon des Arts."
    later = "Her teacher Jorge Lamas admired the Harbour Series and bought two of them."
    assert _labels(BARE, [lead, later])[1] == UNSUPPORTED
    assert _labels(BARE, [school, later])[1] == UNSUPPORTED


def test_a_year_alone_is_not_a_dated_report() -> None:
    # Issue 10: unsourced history on an explainer is a specific, not dated news.
    text = "In 1902 the Ruritanian Rowing Club moved its boathouse to Port Vell."
    assert names(text)["in_year"] == ["1902"]
    corpus = _corpus([(BARE, [text])], [[0]])
    suggest_groups(corpus)
    s = corpus.groups[0].suggestion
    assert s.label == UNSUPPORTED
    assert "in_year" not in names("The club's 1902 boathouse at Port Vell still stands.")


# --- attribution: present tense, pronoun and common-noun subjects --------------------


@pytest.mark.parametrize(
    ("text", "signal", "span"),
    [
        ("Most lakes in the north are drying up, scientists say.", "source", "scientists say"),
        ("The survey states that rents rose in every district.", "source", "survey states"),
        ("Officials said the bridge would reopen.", "source", "Officials said"),
        (
            "The harbour was closed, according to local police.",
            "source",
            "according to local police",
        ),
        ("According to the statement, two boats sank.", "source", "According to the statement"),
        ("She says the ferry will run again.", "reporting", "She says"),
        ("They said the pier was unsafe.", "reporting", "They said"),
        # an institution named earlier in the story (AP style)
        ("Shares fell 5% in early trading, the company said.", "source", "company said"),
        ("The council said the coast road would reopen.", "source", "council said"),
        # "It": the agency or report the story just named ("It said 2024 was warmer")
        ("It said the harbour was 0.12 metres higher than in 2023.", "reporting", "It said"),
    ],
)
def test_common_noun_and_pronoun_attribution(text: str, signal: str, span: str) -> None:
    found = names(text)
    assert signal in found, found
    assert span in found[signal], found[signal]


def test_it_is_said_is_no_attribution() -> None:
    assert "reporting" not in names("It is said that the harbour was higher than in 2023.")


def test_quantified_source_is_weasel_not_attribution() -> None:
    found = names("Some researchers say the lakes are drying up.")
    assert "source" not in found and "speaker" not in found


def test_source_attribution_on_a_news_page_is_dated() -> None:
    text = "Rents rose fastest near the port, the survey's authors say."
    assert _labels(NEWS, [text]) == [DATED_NEWS]
    # off a news page it still needs its own time anchor
    assert _labels(BARE, [text]) != [DATED_NEWS]
    assert _labels(BARE, ["Police said on Monday that two boats sank."]) == [DATED_NEWS]


# --- what is not a checkable specific --------------------------------------------------


def test_citation_brackets_are_not_numbers() -> None:
    found = names("Lakes shrink in dry years [3], [4]–[7] as farms draw water [b].")
    assert "number" not in found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Visit Port Vell early in the day.", "Port Vell"),
        ("Because Maria trained there, the club grew.", "Maria"),
        ("Following Ortega's advice, the crew turned back.", "Ortega's"),
    ],
)
def test_sentence_initial_non_name_word_is_dropped(text: str, name: str) -> None:
    assert names(text)["entity"] == [name]


def test_sentence_initial_country_is_kept() -> None:
    assert names("United States troops left the port.")["country"] == ["United States"]


def test_repeated_name_after_dropped_imperative_is_the_page_topic() -> None:
    sents = [
        "Choose Redleaf plants with firm stems.",
        "Buy Redleaf seedlings from a nursery.",
        "Keep Redleaf pots out of the midday sun.",
    ]
    assert _labels(BARE, sents) == [GENERIC, GENERIC, GENERIC]


@pytest.mark.parametrize(
    "text",
    [
        "My guess is that the Ruritania Navy bought the frigates from Korea.",
        "The club probably moved to Port Vell for the cheaper rent.",
        "I think Maria Lopez sold the boathouse to the council.",
    ],
)
def test_first_person_speculation_is_generic(text: str) -> None:
    assert _labels(BARE, [text]) == [GENERIC]


@pytest.mark.parametrize(
    "text",
    [
        "The farmers of Ruritania deserve better from their government.",
        "Keeping the harbour open has never been more important.",
        "Of course, some limits on the new port are needed.",
        "It was one of the worst floods the Ruritania valley has seen.",
        "Once again, Port Vell has chosen to build first and plan later.",
        "We cannot keep blaming bad luck for every collapse.",
        "We hope the ferry workers of Port Vell will be back at the quay one day.",
        "Small islands are too often treated as an afterthought by Ruritania's capital.",
    ],
)
def test_editorial_stance_is_generic_even_with_names(text: str) -> None:
    assert _labels(BARE, [text]) == [GENERIC]


def test_month_and_weekday_names_are_no_entities() -> None:
    found = names("The bans came first, in February 2025, and the review on Monday.")
    assert "entity" not in found
    assert "entity" in names("The bans came first under Theresa May in London.")


def test_a_figure_with_a_glued_scale_is_a_figure() -> None:
    for text, figure in (("Fares hit $50k a seat.", "50k"), ("The refit cost $1.85B.", "1.85B")):
        found = [(s.name, text[s.start : s.end]) for s in unit_signals(text)]
        assert ("number", figure) in found, text


def test_an_imperative_verb_before_of_is_a_noun() -> None:
    sents = ["Use of the ferry rose 320% in one year.", "Use the ferry when the bridge is shut.",
             "Follow-up: a median of 8 years."]  # a hyphen makes a noun too
    assert _labels(BARE, sents) == [UNSUPPORTED, GENERIC, UNSUPPORTED]


def test_a_thread_number_is_no_figure_and_starts_the_sentence() -> None:
    # "8/ " numbers the posts of a social thread, as "8. " numbers a list
    for text in ("8/ Flexibility is the new salary.", "8. Flexibility is the new salary."):
        assert [s.name for s in unit_signals(text)] == [], text
    assert [s.name for s in unit_signals("3/ Ferries carry 40 cars.")] == ["number"]


def test_speculation_with_its_own_date_and_speaker_stays_dated() -> None:
    text = "Maria Lopez said on 3 March 2025 that the club will probably move."
    assert _labels(BARE, [text]) == [DATED_NEWS]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Fishermen in the village of Santa Irene said the catch fell.",
         "Fishermen in the village of Santa Irene said"),
        ("The port reopened, residents of Santa Irene said.", "residents of Santa Irene said"),
        ("Ana Ruiz said the catch fell.", "Ana Ruiz said"),
    ],
)  # fmt: skip
def test_a_name_after_a_preposition_is_not_the_speaker(text: str, speaker: str) -> None:
    """The speaker's words are the noun phrase the place name belongs to."""
    spans = [text[s.start : s.end] for s in unit_signals(text) if s.name == "speaker"]
    assert spans == [speaker]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("The talks were productive, said Foreign Minister Ana Ruiz.",
         "said Foreign Minister Ana Ruiz"),
        # a qualifier before the title: the speaker is the name after it, not "Japanese"
        ("The tariffs will hurt exports, said Japanese trade minister Yoji Muto on Monday.",
         "said Japanese trade minister Yoji Muto"),
        ("The plan is sound, said Ana Ruiz of the port authority.", "said Ana Ruiz"),
    ],
)  # fmt: skip
def test_speaker_after_the_reporting_verb(text: str, speaker: str) -> None:
    spans = [text[s.start : s.end] for s in unit_signals(text) if s.name == "speaker"]
    assert spans == [speaker]


# --- issue 10: the page first, then the sentence --------------------------------------

REPORT_PAGE = Document("rep", "rep.txt", "", title="Council vote", date="2025-03-04")


def test_attributed_statement_on_a_dated_page_is_dated_news() -> None:
    text = "Security analyst Ivo Bell said that the harbour plan was sound."
    assert _labels(REPORT_PAGE, [text]) == [DATED_NEWS]
    reported = "The minister urged the commanders “to keep the harbour open at all times”."
    assert _labels(REPORT_PAGE, [reported]) == [DATED_NEWS]


def test_named_actor_at_a_fixed_time_on_an_undated_page_is_dated_news() -> None:
    text = "Sweden reported its first case of the new strain on August 15."
    assert _labels(BARE, [text]) == [DATED_NEWS]


def test_swap_test_page_subject_is_not_a_specific() -> None:
    # The page repeats "Department of Harbours": its own subject, not a named party.
    sents = [
        "The Department of Harbours is the executive department of the port city.",
        "The Department of Harbours plays a vital role in keeping trade moving.",
        "The Department of Harbours is committed to excellence in service.",
    ]
    assert _labels(BARE, sents)[1:] == [GENERIC, GENERIC]


def test_modal_hypothetical_and_advice_are_generic_even_with_names() -> None:
    sents = [
        "Closer ties with Peru could strengthen the fleet.",
        "If the navy trains with Chile, readiness might improve.",
        "Follow the advice of the Harbour Office in Port Vell.",
        "In Chile you can contact the coast guard.",
    ]
    assert _labels(BARE, sents) == [GENERIC] * 4


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Rights groups said the dredging would destroy the colony.", "Rights groups said"),
        ("Residents said the water was cut for three days.", "Residents said"),
        ("Some critics said the plan would cost jobs.", None),  # quantified: weasel wording
    ],
)
def test_collective_sources_of_a_reports_colour(text: str, source: str | None) -> None:
    found = [text[s.start : s.end] for s in unit_signals(text) if s.name == "source"]
    assert found == ([source] if source else [])


def test_a_plain_sentence_on_an_opinion_page_is_argument() -> None:
    argued = "Harbours belong to the people who unload the boats on their quays."
    counted = "The harbour lost 22 boats in the storm of 2019."
    column = Document("c", "c.txt", "", title="Opinion: the harbour deserves better")
    assert _labels(column, [argued, counted]) == [GENERIC, UNSUPPORTED]
    assert _labels(BARE, [argued, counted]) == [UNSUPPORTED, UNSUPPORTED]


def test_obligation_or_prediction_about_named_parties_on_an_opinion_page_is_argument() -> None:
    must = "The Harbour Board must fund new fenders before the next storm, not after it."
    will = "No ruling will make the Harbour Board popular in Portsmouth or Plymouth."
    counted = "The Harbour Board will spend 40 million pounds on new fenders."
    column = Document("c", "c.txt", "", title="Opinion: the harbour deserves better")
    assert _labels(column, [must, will, counted]) == [GENERIC, GENERIC, UNSUPPORTED]
    # off an opinion page the named parties stay checkable specifics
    assert _labels(BARE, [must, will]) == [UNSUPPORTED, UNSUPPORTED]


def test_a_recordings_offset_is_no_time_of_day() -> None:
    names = [s.name for s in unit_signals("[00:03:58] RAFAEL PIKE: Which is what you say.")]
    assert "time" not in names
    assert "time" in [s.name for s in unit_signals("Trading halted at 10:30 for an hour.")]


def _named(text: str) -> list[str]:
    return [text[s.start : s.end] for s in unit_signals(text) if s.name in ("entity", "acronym")]


def test_a_lone_capital_letter_names_nobody() -> None:
    # a unit after a number, a grade, an article after a dash: not parties
    assert _named("The sea was about 31 C (88 F) when the storm passed.") == []
    assert _named("The agency put the sweetener in Group 2B last year.") == ["Group"]
    assert _named("In London — A string of clubs said they had no interest.") == ["London"]


def test_the_sentence_after_a_dateline_starts_afresh() -> None:
    assert _named("TOKYO (AWN) — The number of people confirmed dead rose.") == ["AWN"]
    assert "Hurricane Otis" in _named("ACAPULCO (PAN) — Hurricane Otis hit the coast.")


def test_a_spelled_number_opening_a_sentence_names_nothing() -> None:
    assert _named("Ten RBIs in one game is a new franchise record.") == ["RBIs"]
    assert _named("Dozens of Flights were cancelled.") == ["Flights"]


def test_words_in_capitals_for_stress_are_no_acronyms() -> None:
    assert _named("The committee did NOT change the limit, the WHO said.") == ["WHO"]
    assert _named("It was the hottest year EVER recorded.") == []


def test_dotted_and_ampersand_abbreviations_are_one_name() -> None:
    assert _named("The analysis covered more than 20,000 U.S. adults.") == ["U.S."]
    assert _named("The index, the S&P 500, slid 3% that day.") == ["S&P"]


def test_a_name_and_its_weekday_or_month_are_two_things() -> None:
    assert _named("Regulators met in Portland on Friday.") == ["Portland"]
    assert _named("It landed in New Mexico on Sept. 7.") == ["New Mexico"]
    # "on" inside a name still joins it
    assert _named("A ruling by the Committee on Food Additives came next.") == [
        "Committee on Food Additives"
    ]


def test_the_pronoun_i_names_nobody() -> None:
    for text in ("Honestly, I think the lesson is about risk.", "Yesterday I'm told it rained."):
        assert [s.name for s in unit_signals(text) if s.name in ("entity", "acronym")] == []


def test_a_transcripts_speaker_labels_are_no_datelines_and_name_nothing_claimed() -> None:
    turns = [
        "HOST: Welcome back to the show.",
        "JONAS BRENNER: Nobody got hacked.",
        "HOST: So what went wrong at the harbour?",
        "**JONAS BRENNER:** It's a question of money.",
    ]
    labels = _labels(BARE, turns)
    assert labels[1] != DATED_NEWS  # "JONAS BRENNER:" is a speaker, not a dateline
    assert labels[3] == GENERIC  # "It's" after the label starts the sentence: no name
    # one capitalised label opening a page is still a dateline
    assert "dateline" in [s.name for s in unit_signals("NEW DELHI: The port closed on Monday.")]


def test_a_sweeping_generalisation_is_generic_unless_it_names_something() -> None:
    sents = [
        "Investment in harbours always pays for itself many times over.",
        "Every coastal town needs evacuation routes that still work in a storm.",
        "Every ship entering Port Vell pays a fee of 12 euros per tonne.",  # checkable
        "Divers found the hull where sunlight never reaches the seabed.",  # "never": a fact
    ]
    assert _labels(BARE, sents) == [GENERIC, GENERIC, UNSUPPORTED, UNSUPPORTED]


def test_stance_adverbs_tendencies_and_unnamed_camps_are_generic() -> None:
    sents = [
        "Honestly, the harbour board only wanted a headline.",  # the speaker's stance
        "Ferry crews tend to quit when the winter timetable starts.",  # a kind's tendency
        "Critics say a bigger terminal does not make the crossing any safer.",  # weasel
        "Ferry crews quit when the winter timetable started.",  # a plain fact
    ]
    assert _labels(BARE, sents) == [GENERIC, GENERIC, GENERIC, UNSUPPORTED]


def test_a_superlative_with_nothing_named_is_peacock_wording() -> None:
    sents = [
        "Ferries remain one of the safest ways to cross the bay.",
        "Ferries carry more passengers across the bay than buses do.",  # a plain fact
        "Port Vell is one of the busiest harbours in Ruritania.",  # named: checkable
    ]
    assert _labels(BARE, sents) == [GENERIC, UNSUPPORTED, UNSUPPORTED]


def test_a_conditional_rule_and_a_future_in_the_past_are_no_hypothesis() -> None:
    sents = [
        "A shipping firm from Peru is covered if its boats call at Port Vell.",
        "Ana Ruiz founded the harbour school in 1921, where the museum would later stand.",
    ]
    assert _labels(BARE, sents) == [UNSUPPORTED, UNSUPPORTED]


def test_plain_concrete_fact_is_unsupported_and_boilerplate_is_generic() -> None:
    fact = "The disease causes fever, muscle aches and large skin lesions."
    boiler = "This structure ensures coordination and accountability across operations."
    assert _labels(BARE, [fact, boiler]) == [UNSUPPORTED, GENERIC]


def test_concrete_joint_activity_between_named_parties_is_unsupported() -> None:
    text = "Peru and Chile hold joint naval exercises that play a pivotal role in trust."
    assert _labels(BARE, [text]) == [UNSUPPORTED]


def test_explanation_is_one_plain_sentence_naming_member_and_words() -> None:
    farm = "The Ruritania Navy commissioned two frigates built in Korea."
    news = "The Ruritania Navy commissioned two frigates, Admiral Ode said on Monday."
    corpus = _corpus([(FARM, [farm]), (NEWS, [news])], [[0, 1]])
    suggest_groups(corpus)
    why = corpus.groups[0].suggestion.explanation
    assert why.startswith("One member (“The Ruritania Navy") and why.endswith(".")
    assert "Admiral Ode said" in why and "\n" not in why


def test_page_kinds_reach_the_corpus_and_the_outputs(tmp_path: Path) -> None:
    import json

    from claimcheck.export import write_units

    docs = [(FARM, ["The navy plays a vital role."]), (NEWS, ["Ships sailed."])]
    corpus = _corpus(docs, [[0], [1]])
    suggest_groups(corpus)
    assert not corpus.kinds["farm"].is_news and corpus.kinds["news"].is_news
    out = tmp_path / "u.jsonl"
    write_units(corpus, str(out), "jsonl")
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert rows[1]["doc_kind"] == "news_report" and rows[1]["page_date"] == "2025-05-02"
    assert {"url", "doc_kind", "doc_kind_confidence", "page_date"} <= rows[0].keys()


def test_reviewer_kind_override_changes_the_verdicts() -> None:
    from claimcheck.pagekind import NEWS_REPORT, with_kind
    from claimcheck.suggest import document_verdicts

    text = "The navy commissioned two frigates built in Korea."
    units = [Unit("bare", 0, 0, len(text), text, SENTENCE)]
    inferred = document_verdicts(BARE, units)[0]
    assert inferred is not None and inferred.label == UNSUPPORTED
    forced = with_kind(inferred.page_kind, NEWS_REPORT)
    overridden = document_verdicts(BARE, units, forced)[0]
    assert overridden is not None and overridden.label == DATED_NEWS


def test_official_act_in_the_present_perfect_is_dated_news_at_low_confidence() -> None:
    text = "The Ruritanian Health Office has declared the outbreak a national emergency."
    corpus = _corpus([(BARE, [text])], [[0]])
    suggest_groups(corpus)
    s = corpus.groups[0].suggestion
    assert s.label == DATED_NEWS and s.confidence < 0.5
    assert "reports an official act (“has declared”)" in s.explanation
    # evaluative framing keeps it out: not how a report states an act
    puff = "The Ruritanian Health Office has confirmed its pivotal role in fostering trust."
    assert _labels(BARE, [puff]) != [DATED_NEWS]


def test_direct_quote_of_a_named_speaker_is_dated_news_on_any_page() -> None:
    text = "“We will keep the harbour open,” Mayor Ana Ruiz said."
    assert _labels(BARE, [text]) == [DATED_NEWS]


def test_undated_report_reads_years_against_the_corpus_year(tmp_path: Path) -> None:
    """Background on an undated news page ("the 2019 flood") is unsupported when the
    corpus's dated pages report in a later year, though the page names no later year."""
    from claimcheck.pipeline import RunOptions, build_corpus

    (tmp_path / "a.txt").write_text(
        "14/03/2026 09:10\nPORT VELL – The river burst its banks on Tuesday, the mayor"
        " said.\n“We moved 300 families,” Mayor Ode told reporters on Tuesday.\nThe"
        " council said on Wednesday that repairs would start in May.\n",
        encoding="utf-8",
    )
    background = "The previous flood, in 2019, destroyed the Santa Rita bridge."
    # the same year, told by the story's speaker: reported at the event
    told = "Ferries sunk in the 2019 storm will be raised next year, he said."
    (tmp_path / "b.txt").write_text(
        "PORT VELL – Rescuers reached the last cut-off village on Wednesday, officials"
        f" said.\nThe army sent two boats, a spokesman said.\n{background}\n{told}\n",
        encoding="utf-8",
    )
    corpus = build_corpus([str(tmp_path)], RunOptions(workers=1))
    label = {corpus.units[g.representative].text: g.suggestion.label for g in corpus.groups
             if g.suggestion}  # fmt: skip
    assert label[background] == UNSUPPORTED
    assert label[told] == DATED_NEWS


def test_a_lone_year_well_before_the_report_is_background(tmp_path: Path) -> None:
    """A year two or more before the page's, with no attribution or time of the story,
    is background even when it is the sentence's only specific ("was appointed in 2022"
    on a 2025 report); the report's own event stays dated news."""
    from claimcheck.pipeline import RunOptions, build_corpus

    lead = "LOS ANGELES - Mayor Karen Bass removed Fire Chief Kristin Crowley on Friday."
    background = "Crowley, the first woman to lead the department, was appointed in 2022."
    recent = "Crowley, the first woman to lead the department, was appointed in 2024."
    (tmp_path / "a.txt").write_text(
        f"Chief removed\n\n21 February 2025\n\n{lead}\n\n{background}\n\n{recent}\n",
        encoding="utf-8")  # fmt: skip
    corpus = build_corpus([str(tmp_path)], RunOptions(workers=1))
    label = {corpus.units[g.representative].text: g.suggestion.label for g in corpus.groups
             if g.suggestion}  # fmt: skip
    assert label[lead] == DATED_NEWS
    assert label[background] == UNSUPPORTED
    assert label[recent] == DATED_NEWS  # last year's may be the story's own run-up


def test_time_gates_pass_every_text_their_pattern_matches() -> None:
    """A gate that skips a time pattern must hold wherever the pattern would match
    (the gates only save the pattern's scan): random texts of date and time pieces."""
    import random

    from claimcheck import suggest as s

    gates = [
        (s._MONTH_DATE, lambda t: s._MONTH_NAME(t)),
        (s._NUMERIC_DATE, lambda t: s._NUMERIC_GATE(t)),
        (s._EVENT, lambda t: s._EVENT_GATE(t)),
        (s._TIME, lambda t: ":" in t or ".m." in t),
    ]
    pieces = ["1", "12", "2024", "31", "/", ".", "-", ":", " ", "  ", "\n", "st", "nd", "th",
              "a.m.", "p.m.", "pm", "May", "Sept", "August", "Congress", "the", ",", "x",
              "12th ", "3:45", "14/01/2026", "2024-08-13", "5 p.m.", "3rd\nWorld"]  # fmt: skip
    rng = random.Random(3)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(5000)]
    for pattern, gate in gates:
        hits = [t for t in texts if pattern.search(t)]
        assert hits  # the pieces do make matches
        assert all(gate(t) for t in hits), pattern.pattern


def test_hypothesis_gate_passes_every_text_its_pattern_matches() -> None:
    """The gate before ``_HYPOTHETICAL`` only saves its scan: random lower-case texts of
    its words, their pieces and look-alikes."""
    import random

    from claimcheck import suggest as s

    pieces = ["could", "would", "should", "might", "may", "may 5", "maybe", "potential",
              "potentially", "for", "to", "possibly", "perhaps", "later", "go on", "x", " ",
              "  ", "-", ",", "\n", "ou", "ld", "c", "mig", "ht", "_", "2"]  # fmt: skip
    rng = random.Random(5)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 10))) for _ in range(5000)]
    hits = [t for t in texts if s._HYPOTHETICAL.search(t)]
    assert len(hits) > 300  # the pieces do make matches
    assert all(any(w in t for w in s._HYPOTHETICAL_GATE) for t in hits)


def test_packed_verdicts_unpack_to_the_same_verdicts() -> None:
    """Awkward lists: empty, no verdict at all, verdicts without evidence, page fields."""
    from claimcheck.pagekind import PageKind
    from claimcheck.suggest import Signal, Verdict, pack_verdicts, unpack_verdicts

    page = PageKind("news_report", 0.8)
    sig = Signal("entity", UNSUPPORTED, 3, 9, "laos")
    lists: list[list] = [
        [],
        [None, None],
        [Verdict(GENERIC, 0.4, ())],
        [None, Verdict(DATED_NEWS, 0.9, (sig, Signal("date", DATED_NEWS, 0, 2)), page=page), None],
        [Verdict(UNSUPPORTED, 0.5, (sig,), True, (), "why", page, page), None,
         Verdict(GENERIC, 0.55, ()), Verdict(GENERIC, 0.6, (sig, sig, sig))],
    ]  # fmt: skip
    for verdicts in lists:
        got = unpack_verdicts(pickle.loads(pickle.dumps(pack_verdicts(verdicts))))
        assert got == verdicts
        assert [type(v) for v in got] == [type(v) for v in verdicts]


@pytest.mark.parametrize(
    ("span", "parts"),
    [
        ("5 June 2024", (2024, 6, 5)),
        ("June 2024", (2024, 6, 0)),
        ("July 14", (0, 7, 14)),
        ("Sept. 3rd, 2024", (2024, 9, 3)),
        ("14/07/2023", (2023, 7, 14)),
        ("07/14/2023", (2023, 7, 14)),  # day first unless it cannot be
        ("2024-08-05", (2024, 8, 5)),
        ("05.08.24", (2024, 8, 5)),
    ],
)
def test_date_parts_read_the_time_patterns_spans(span: str, parts: tuple) -> None:
    from claimcheck.suggest import _date_parts

    assert _date_parts(span) == parts


def test_an_explainer_date_inside_the_weeks_the_reports_cover_is_dated_news(
    tmp_path: Path,
) -> None:
    """LABELS: a specific claim is dated news when a dated report in the corpus backs
    it. An explainer's date inside the days the corpus's news pages report on names
    their event; an earlier year is history the page tells, unsupported."""
    from claimcheck.pipeline import RunOptions, build_corpus

    (tmp_path / "a.txt").write_text(
        "14/03/2026 09:10\nPORT VELL – The council doubled the harbour fees on Tuesday,"
        " the mayor said.\n“We had no choice,” Mayor Ode told reporters on Tuesday.\n",
        encoding="utf-8",
    )
    inside = "The Port Vell council raised its dock charges in March 2026."
    before = "The Port Vell council first set its dock charges in April 2011."
    (tmp_path / "b.md").write_text(
        f"# Explainer: what the harbour fees mean\n\n{inside}\n\n{before}\n",
        encoding="utf-8",
    )
    corpus = build_corpus([str(tmp_path)], RunOptions(workers=1))
    by_text = {corpus.units[g.representative].text: g.suggestion for g in corpus.groups
               if g.suggestion}  # fmt: skip
    assert by_text[inside].label == DATED_NEWS
    assert "within the weeks the corpus's news reports cover" in by_text[inside].explanation
    assert "March 2026" in by_text[inside].explanation
    assert by_text[before].label == UNSUPPORTED


# --- the group half's fast paths -------------------------------------------------------


def test_evidence_of_is_the_dataclass_made_by_its_init() -> None:
    import dataclasses

    from claimcheck.models import Evidence
    from claimcheck.suggest import Signal, _evidence_of

    signals = [Signal("date", DATED_NEWS, 3, 9), Signal("entity", UNSUPPORTED, 0, 2, "ode")]
    made = _evidence_of(7, signals)
    want = tuple(Evidence(7, s.start, s.end, s.name, s.label) for s in signals)
    assert made == want
    assert [type(e) for e in made] == [Evidence, Evidence]
    assert list(map(hash, made)) == list(map(hash, want))
    assert pickle.loads(pickle.dumps(made)) == want
    with pytest.raises(dataclasses.FrozenInstanceError):
        made[0].start = 4  # type: ignore[misc]
    assert _evidence_of(7, []) == ()


def test_a_lone_member_is_combined_as_the_rule_says() -> None:
    from claimcheck.pipeline import RunOptions, build_corpus
    from claimcheck.suggest import _by_the_rule, combine, unit_verdicts

    corpus = build_corpus([str(ROOT / "corpus")], RunOptions(suggest=False, workers=1))
    by_index = unit_verdicts(corpus)
    verdicts = [by_index.get(i) for i in range(len(corpus.units))]
    lone = [Group(f"g{i}", [i], 1) for i in by_index]  # every claim alone: each label
    assert {verdicts[g.members[0]].label for g in lone} == {DATED_NEWS, GENERIC, UNSUPPORTED}
    assert any(verdicts[g.members[0]].thin for g in lone)
    for group in [*lone, *corpus.groups]:
        got = combine(group, verdicts, corpus.units)
        assert got == _by_the_rule(group, verdicts, corpus.units), group


def test_a_spelled_out_amount_is_a_figure() -> None:
    """"three metres", "one million passengers": a measured amount in words is as
    checkable as in digits; a number word alone ("one trial", "two countries") is not."""
    def numbers(text: str) -> list[str]:
        return [text[s.start : s.end] for s in unit_signals(text) if s.name == "number"]

    assert numbers("The water rose three metres in about twenty minutes.") == [
        "three metres", "twenty minutes"]  # fmt: skip
    assert numbers("Over one million passengers were stranded.") == ["one million"]
    assert numbers("One trial at one company cannot settle the debate.") == []
    assert numbers("Two countries signed it.") == []
    # with a spelled amount, evaluative wording no longer makes a sentence generic
    vague = "The queue, a remarkable testament to resilience, stretched for a long way."
    measured = "The queue, a remarkable testament to resilience, stretched for two miles."
    corpus = _corpus([(FARM, [vague, measured])], [[0], [1]])
    suggest_groups(corpus)
    assert corpus.groups[0].suggestion.label == GENERIC
    assert corpus.groups[1].suggestion.label == UNSUPPORTED

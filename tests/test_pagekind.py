"""Page kinds from general features, with evidence and confidence."""

from __future__ import annotations

import pytest

from claimcheck.models import BULLET, FRAGMENT, HEADING, NOISE, SENTENCE, Document, Unit
from claimcheck.pagekind import (
    CONTENT_FARM,
    DIRECTORY,
    EXPLAINER,
    NEWS_REPORT,
    OTHER,
    infer_kind,
    with_kind,
)
from claimcheck.suggest import page_kind, unit_signals

DOC = Document("d", "d.txt", "")


def _kind(texts: list[tuple[str, str]], doc: Document = DOC):
    units = [Unit("d", i, 0, len(t), t, k) for i, (t, k) in enumerate(texts)]
    signals = {i: unit_signals(u.text) for i, u in enumerate(units) if u.is_claim}
    return page_kind(doc, units, signals)


NEWS = [
    ("Port Vell council approves new harbour fees", HEADING),
    ("By Ana Ruiz", NOISE),
    (
        "PORT VELL – The city council on Tuesday approved new harbour fees, Mayor Ode said.",
        SENTENCE,
    ),
    ("“We had no choice,” Ode told reporters after the vote.", SENTENCE),
    ("The fees rise by 12 percent from March, the council said in a statement.", SENTENCE),
    ("Fishermen protested outside the hall on Monday.", SENTENCE),
    ("Union leader Ivo Bell said the rise would cost jobs.", SENTENCE),
    ("The council has approved two rises since 2020.", SENTENCE),
]
EXPLAIN = [
    ("What is a harbour fee?", HEADING),
    ("A harbour fee is a charge that ports levy on ships.", SENTENCE),
    ("Fees are usually set per tonne of cargo.", SENTENCE),
    ("How are fees set?", HEADING),
    ("You can check the tariff of your port online.", SENTENCE),
    ("Most ports publish their tariffs each year.", SENTENCE),
    ("Fees are a type of charge that covers upkeep.", SENTENCE),
    ("If you run a small boat, your fee may be lower.", SENTENCE),
]
FARM = [
    ("Port Vell Harbour: A Pillar of Prosperity", HEADING),
    ("The harbour stands as a pillar of regional prosperity and resilience.", SENTENCE),
    ("It plays a pivotal role in fostering trade and strengthening ties.", SENTENCE),
    ("Moreover, its robust commitment to excellence underscores its importance.", SENTENCE),
    ("By fostering collaboration, the harbour ensures sustainable growth.", SENTENCE),
    ("Overall, the harbour remains a beacon of innovation.", SENTENCE),
    ("This strategic approach underscores the importance of partnerships.", SENTENCE),
]


def test_news_report_from_dateline_byline_attribution_and_news_time() -> None:
    kind = _kind(NEWS)
    assert kind.kind == NEWS_REPORT and kind.is_news and kind.confidence > 0.8
    features = {e.feature for e in kind.evidence}
    assert {"dateline", "byline", "attribution", "news_time"} <= features
    assert "news report page" in kind.reason


def test_explainer_from_questions_definitions_and_second_person() -> None:
    kind = _kind(EXPLAIN)
    assert kind.kind == EXPLAINER and not kind.is_news
    assert {"question_heading", "definition", "second_person"} <= {e.feature for e in kind.evidence}


def test_content_farm_from_evaluative_density() -> None:
    kind = _kind(FARM)
    assert kind.kind == CONTENT_FARM and not kind.is_news


def test_directory_from_bullets() -> None:
    items = [(f"- Harbour office number {i} lists its opening hours.", BULLET) for i in range(8)]
    assert _kind([("Harbour offices", HEADING), *items]).kind == DIRECTORY


def test_a_chronology_of_dated_entries_is_no_news_report() -> None:
    entries = [
        "April 2021: The harbour board publishes its plan for new fees.",
        "13 March 2024: The council approves the fees by 23 votes to 4.",
        "May 9 - The mayor signs the fee order.",
        "1 August 2024: The new fees take effect.",
        "2 February 2025: The first review of the fees is due.",
        "2026: The fees rise again by 5 percent.",
    ]
    kind = _kind([("Harbour fees: key dates", HEADING), *((t, BULLET) for t in entries)])
    assert not kind.is_news
    assert "timeline" in {e.feature for e in kind.evidence}
    # the same events reported as news, not led by their dates, stay a report
    assert _kind(NEWS).is_news


@pytest.mark.parametrize(
    "label", ["Opinion: fees will not save the harbour", "COMMENTARY", "By Ana Ruiz, columnist"]
)
def test_a_page_labelled_opinion_is_no_news_report(label: str) -> None:
    # the news page's own sentences, under an opinion label: argued, not reported
    kind = _kind([NEWS[0], (label, NOISE), *NEWS[2:]])
    assert kind.kind == OTHER and not kind.is_news
    assert "opinion" in {e.feature for e in kind.evidence}
    titled = Document("d", "d.txt", "", title="Opinion: the council got it wrong")
    assert not _kind(NEWS, titled).is_news
    assert _kind(NEWS).is_news  # without the label, a report
    # a navigation line naming the opinion section labels no page
    assert _kind([NEWS[0], ("Opinion | Sport | World", NOISE), *NEWS[1:]]).is_news


def test_a_columnists_bio_closing_a_weakly_newsy_page_makes_it_no_report() -> None:
    column = [
        ("The harbour deserves better", HEADING),
        ("By Ana Ruiz", NOISE),
        ("The council voted for new fees on Tuesday, and fishermen will pay.", SENTENCE),
        ("That is a fair point, and the council should take it seriously.", SENTENCE),
        ("Harbours belong to the people who work in them.", SENTENCE),
        ("No fee will make an empty quay busy again.", SENTENCE),
    ]
    assert _kind(column).is_news  # a byline and a dated vote: a weak report
    bio = ("Ana Ruiz writes about harbours and their money every Thursday.", SENTENCE)
    kind = _kind([*column, bio])
    assert not kind.is_news and "bio" in {e.feature for e in kind.evidence}
    assert _kind([*NEWS, bio]).is_news  # a strong report stays one
    # the bio under the headline, as a fragment (segment keeps it out of the queue)
    top = _kind([column[0], (bio[0], FRAGMENT), *column[1:]])
    assert not top.is_news and "bio" in {e.feature for e in top.evidence}


def test_a_page_labelled_explainer_is_an_explainer() -> None:
    titled = Document("d", "d.txt", "", title="Explainer: what the harbour fees mean")
    kind = _kind(NEWS, titled)
    assert kind.kind == EXPLAINER and not kind.is_news
    assert "explainer" in {e.feature for e in kind.evidence}


def test_a_wiki_page_is_an_explainer_however_dated() -> None:
    sections = [NEWS[0], *NEWS[2:5], ("History", HEADING), ("[edit]", NOISE), *NEWS[5:],
                ("Reactions[edit]", HEADING)]  # fmt: skip
    kind = _kind(sections)
    assert kind.kind == EXPLAINER and not kind.is_news
    tagline = [NEWS[0], ("From Wikipedia, the free encyclopedia", NOISE), *NEWS[2:]]
    assert _kind(tagline).kind == EXPLAINER
    assert _kind([NEWS[0], ("[edit]", NOISE), *NEWS[2:]]).is_news  # one edit link: no wiki


@pytest.mark.parametrize(
    ("title", "lead"),
    [
        ("Port Vell harbour fees (2024)", "The Port Vell harbour fees are charges that the city"
         " levies on ships, last raised by the council in 2024."),
        ("Port Vell harbour fees", "Port Vell harbour fees were a dispute between the council"
         " and fishermen over the 2024 rise."),
    ],
)  # fmt: skip
def test_a_first_sentence_defining_the_title_is_a_reference_articles_lead(
    title: str, lead: str
) -> None:
    """A reference article opens by saying what its title is; the same page led by a
    report's sentence stays a report."""
    doc = Document("d", "d.txt", "", title=title)
    rest = [
        ("The fees were first set in 1998 and revised in 2010.", SENTENCE),
        ("Ships over 500 tonnes pay twice the base rate.", SENTENCE),
        ("Union leader Ivo Bell said the rise would cost jobs.", SENTENCE),
        ("The council approved the latest rise in 2024.", SENTENCE),
        ("Fishing boats under ten metres pay no fee.", SENTENCE),
    ]
    kind = _kind([(title, HEADING), (lead, SENTENCE), *rest], doc)
    assert not kind.is_news and "defines_title" in {e.feature for e in kind.evidence}
    assert _kind([(title, HEADING), NEWS[2], *rest], doc).is_news
    # what happens to it is no definition: "... were expected to rise", "... is over"
    for told in ("were expected to rise by 12 percent, the council said on Tuesday.",
                 "rise is over, the council said on Tuesday."):  # fmt: skip
        report = [(title, HEADING), (f"The {title} {told}", SENTENCE), *rest]
        assert "defines_title" not in {e.feature for e in _kind(report, doc).evidence}


def test_a_page_citing_references_sentence_after_sentence_is_an_explainer() -> None:
    cited = [(t[:-1] + ".[" + str(i) + "]", k) if k == SENTENCE else (t, k)
             for i, (t, k) in enumerate(NEWS)]  # fmt: skip
    assert _kind(cited).kind == EXPLAINER
    assert _kind(NEWS[:3] + cited[3:4] + NEWS[4:]).is_news  # one cited sentence: a report


def test_a_thread_of_dated_posts_is_no_news_report() -> None:
    def post(user: str, day: int) -> tuple[str, str]:
        return (f"**{user}** · Member · 214 posts · Feb {day}, 2024", NOISE)

    thread = [
        ("Is it safe to sail the night ferry again?", HEADING),
        post("wandering_wren", 11),
        ("The council said on Tuesday the ferry would run again.", SENTENCE),
        ("I have a booking next month and wonder whether to switch.", SENTENCE),
        post("harbour_dog", 11),
        ("Every ferry was inspected before it came back, the operator said.", SENTENCE),
        post("wandering_wren", 12),
        ("ok that's reassuring, thanks", SENTENCE),
        post("mx_techie", 12),
        ("Still, I'd take it.", SENTENCE),
        post("harbour_dog", 13),
        ("Same here, no complaints at all.", SENTENCE),
    ]
    assert _kind(thread[:4]).is_news  # one dated post: reads as a short report
    kind = _kind(thread)
    assert not kind.is_news and "posts" in {e.feature for e in kind.evidence}


@pytest.mark.parametrize(
    "head",
    ["Posted on 15 April 2024 by Rolf Halvorsen | 31 comments",  # a blog post
     "*Posted 12 April 2024 by Laura · Travel*",
     "Issue #112 · week of 26.02.24",  # a newsletter
     "Jules @greenwithjules · 11 Jan",  # a social post
     "**@scrollsmith** · Jan 19",
     "\U0001F9F5 Standing desks: what the studies say",  # a thread, by its spool sign
     "Standing desks: what the studies say (1/8)"],  # ... or its first post's number
)
def test_a_self_published_head_line_cancels_its_date(head: str) -> None:
    body = NEWS[2:]  # the report's sentences, dated by the head line alone
    dated = _kind([("Harbour fees", HEADING), ("Published 15 April 2024", NOISE), *body])
    assert dated.is_news
    kind = _kind([("Harbour fees", HEADING), (head, NOISE), *body])
    assert "self_published" in {e.feature for e in kind.evidence}
    score = sum(e.weight for e in kind.evidence)
    assert score < sum(e.weight for e in dated.evidence)
    # a blogger's retelling, dated only by its head line: no news report
    retold = [("Totality in Burlington lasted a little over three minutes.", SENTENCE),
              ("The temperature dropped and the birds went quiet.", SENTENCE),
              ("On Monday the Moon's shadow swept across North America.", SENTENCE),
              ("We drove six hours to get there.", SENTENCE)]
    assert _kind([("Three minutes of dark", HEADING), ("Published 12 April 2024", NOISE),
                  *retold]).is_news
    assert not _kind([("Three minutes of dark", HEADING), (head, NOISE), *retold]).is_news


def test_a_self_published_pages_name_in_capitals_is_no_dateline() -> None:
    """ "THE SLOW THINKER" over "Posted on ... by Miles" is a blog's masthead; over a
    report's dateless lede, the same capitals read as a dateline ("WASHINGTON")."""
    posted = ("Posted on 4 December 2024 by Miles Arden", NOISE)
    blog = [("THE SLOW THINKER", NOISE), posted, *NEWS[3:]]
    assert "dateline" not in {e.feature for e in _kind(blog).evidence}
    report = [("THE HARBOUR DESK", NOISE), ("Harbour fees", HEADING), *NEWS[3:]]
    assert "dateline" in {e.feature for e in _kind(report).evidence}


@pytest.mark.parametrize(
    "head", ["Posted 06/06/2024", "Posted Jan. 17, 2025 at 10:05 a.m. PT", "By Ana Ruiz"]
)
def test_a_news_sites_posted_line_names_no_author_and_stays_news(head: str) -> None:
    kind = _kind([("Harbour fees", HEADING), (head, NOISE), *NEWS[2:]])
    assert "self_published" not in {e.feature for e in kind.evidence}


def test_a_live_blogs_time_stamped_entries_make_a_report_not_sections() -> None:
    blog = [
        ("Stocks today: the harbour fund overtakes the rail fund", HEADING),
        ("4:31 p.m. ET — It's official at the close", HEADING),
        ("The fund closed up 3.5% for a value of $3.3 billion.", SENTENCE),
        ("That makes it the largest in the region for the first time.", SENTENCE),
        ("3:05 p.m. ET — Rail fund drifts lower", HEADING),
        ("Rail fund shares are down 0.4% this afternoon.", SENTENCE),
        ("1:47 p.m. ET — An analyst sees a race", HEADING),
        ("An analyst wrote that the two funds would race to $4 billion.", SENTENCE),
        ("9:48 a.m. ET — Opening bell", HEADING),
        ("The fund opened higher within minutes.", SENTENCE),
    ]
    kind = _kind(blog)
    assert kind.is_news and "live_entries" in {e.feature for e in kind.evidence}
    unstamped = [(t.split(" — ")[-1], k) if k == HEADING else (t, k) for t, k in blog]
    assert not _kind(unstamped).is_news  # the same sections without times: an explainer


def test_a_transcripts_running_times_are_not_a_live_blogs_entries() -> None:
    transcript = [
        ("Transcript excerpt (auto-generated, lightly edited).", FRAGMENT),
        ("[00:03:12] HOST: OK, so the big one this week.", FRAGMENT),
        ("[00:03:21] HOST: Right.", FRAGMENT),
        ("[00:03:36] GUEST: Which is wild.", FRAGMENT),
        ("[00:04:03] HOST: Ha.", FRAGMENT),
        ("The harbour fund is the biggest in the region.", SENTENCE),
    ]
    assert "live_entries" not in {e.feature for e in _kind(transcript).evidence}
    # minutes and seconds only ("[00:07] TOM: ..."): still a speaker's line, no entry
    short = [(t.replace("[00:0", "[0"), k) for t, k in transcript]
    assert short[1][0].startswith("[03:12] HOST")
    assert "live_entries" not in {e.feature for e in _kind(short).evidence}


def test_page_date_line_makes_a_short_page_a_report() -> None:
    texts = [("14/01/2026 12:47", NOISE), ("The council approved the fees.", SENTENCE)]
    kind = _kind(texts)
    assert kind.is_news and kind.date.iso == "2026-01-14"


def test_one_attributed_sentence_alone_is_too_little_to_call_a_page_news() -> None:
    assert not _kind([("Rents rose, the survey's authors say.", SENTENCE)]).is_news


def test_kind_infers_from_signal_names_without_the_suggester() -> None:
    units = [Unit("d", 0, 0, 10, "Some text.", SENTENCE)]
    kind = infer_kind(DOC, units, {0: {"evaluative"}})
    assert not kind.is_news and 0.5 <= kind.confidence <= 1


def test_reviewer_override() -> None:
    kind = with_kind(_kind(FARM), NEWS_REPORT)
    assert kind.is_news and kind.overridden and "set by the reviewer" in kind.reason
    with pytest.raises(ValueError):
        with_kind(kind, "blog")


def test_a_listicle_is_no_news_report_however_dated() -> None:
    """A titled count of facts, each with its date: a list to share, not a report."""
    facts = [
        "The harbour fees rose by 12% on 1 August 2024, the council said on Tuesday.",
        "Ships queued for three days on Monday, the port authority said.",
        "The mayor announced the new fee on Friday, officials told reporters.",
    ]
    units = [("7 Things Nobody Tells You About the Harbour Fees", HEADING)]
    for i, fact in enumerate(facts, 1):
        units += [(f"{i}) A fact", HEADING), (fact, SENTENCE)]
    kind = _kind(units)
    assert kind.kind == CONTENT_FARM and not kind.is_news
    assert "listicle" in {e.feature for e in kind.evidence}
    # the same sentences under a report's headline stay a report
    assert _kind([("Harbour fees rise by 12%", HEADING), *((f, SENTENCE) for f in facts)]).is_news

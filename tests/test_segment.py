"""Tests for claimcheck.segment: offsets, coverage, sentence rules, line kinds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from claimcheck.models import BULLET, CLAIM_KINDS, FRAGMENT, HEADING, NOISE, SENTENCE
from claimcheck.segment import has_reference_section, marker_end, segment, split_sentences

CORPUS = sorted((Path(__file__).resolve().parent.parent / "corpus").glob("*.txt"))


def _nonws(text: str) -> str:
    return "".join(text.split())


def _units(text: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.kind) for s in segment(text)]


def _check_spans(text: str) -> None:
    spans = segment(text)
    prev_end = 0
    for span in spans:
        piece = text[span.start : span.end]
        assert piece, span
        assert piece == piece.strip(), span
        assert span.start >= prev_end, "spans overlap or are out of order"
        prev_end = span.end
    # Every non-whitespace character is in exactly one span, but bullet markers.
    bounds = [0, *(x for s in spans for x in (s.start, s.end)), len(text)]
    for a, b in zip(bounds[::2], bounds[1::2], strict=True):
        gap = _nonws(re.sub("[\u200b\ufeff]", "", text[a:b]))  # invisible: never units
        assert not gap or marker_end(gap + " x") == len(gap) + 1, f"uncovered {gap!r}"


# --- offsets and coverage -----------------------------------------------------


def test_corpus_exists() -> None:
    assert CORPUS, "sample corpus missing"


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_corpus_offsets_cover_all_text(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    _check_spans(text)
    kinds = {s.kind for s in segment(text)}
    assert kinds & CLAIM_KINDS


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "One.",
        "  Leading spaces. And trailing.  \n",
        "A\u00a0line with a no-break space.\n\n\tTabbed line here.",
        "\u200b\n\u200bZero\u200bwidth at the edges.\u200b \u00a0\n\ufeff",
        "x\n-\n• \n1.\n",
        "Ellipsis . . . . Then more. . . .",
    ],
)
def test_edge_texts_are_covered(text: str) -> None:
    _check_spans(text)


def test_empty_text() -> None:
    assert segment("") == []
    assert segment("\n\n   \n") == []
    assert split_sentences("") == []


def test_offsets_point_into_the_document() -> None:
    text = "Title Here\n\nFirst sentence here. Second one follows.\n"
    spans = segment(text)
    assert [(s.start, s.end) for s in spans] == [(0, 10), (12, 32), (33, 52)]
    assert [s.kind for s in spans] == [HEADING, SENTENCE, SENTENCE]


# --- sentence splitting -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # abbreviations and titles
        (
            "Lt. Gen. Khamlieng visited the U.S. Army base. He met Mr. Smith.",
            ["Lt. Gen. Khamlieng visited the U.S. Army base.", "He met Mr. Smith."],
        ),
        ("I live in the U.S. How about you?", ["I live in the U.S.", "How about you?"]),
        ("The talks ended on Jan. 5 in Vientiane.", ["The talks ended on Jan. 5 in Vientiane."]),
        ("See No. 5 and e.g. the annex. It helps.", ["See No. 5 and e.g. the annex.", "It helps."]),
        ("My name is Jonas E. Smith. I am here.", ["My name is Jonas E. Smith.", "I am here."]),
        # a US state in a news dateline, AP style
        (
            "SPRINGFIELD, Ky. (Wire) — The plant closed on Friday. Its staff left.",
            ["SPRINGFIELD, Ky. (Wire) — The plant closed on Friday.", "Its staff left."],
        ),
        ("It reached critical mass. It stopped.", ["It reached critical mass.", "It stopped."]),
        # dates, times and decimals
        (
            "It was signed on 14/01/2026 12:47 in the capital. Growth was 4.5 percent.",
            ["It was signed on 14/01/2026 12:47 in the capital.", "Growth was 4.5 percent."],
        ),
        ("She has $100.00. It is in her bag.", ["She has $100.00.", "It is in her bag."]),
        # a day as an ordinal ("am 3. März"): a date, not a sentence end
        (
            "Der Rat hat am 3. März 2026 die Linie genehmigt. Sie kostet 420 Millionen Euro.",
            ["Der Rat hat am 3. März 2026 die Linie genehmigt.", "Sie kostet 420 Millionen Euro."],
        ),
        (
            "Die Wahl ist am 14. September. Dann zählt es.",
            ["Die Wahl ist am 14. September.", "Dann zählt es."],
        ),
        (
            "The toll rose to 12. March was the worst.",
            ["The toll rose to 12.", "March was the worst."],
        ),
        # quotes and parentheses
        (
            'He said, "We agree." Then he left.',
            ['He said, "We agree."', "Then he left."],
        ),
        ("“We agree.” The minister smiled.", ["“We agree.”", "The minister smiled."]),
        ("'This is great.' she said.", ["'This is great.' she said."]),
        (
            "He worked (for 5 years as an engineer.) at the University.",
            ["He worked (for 5 years as an engineer.) at the University."],
        ),
        # ellipses
        ("I never meant that.... She left.", ["I never meant that....", "She left."]),
        ("He was weakened . . . but kept going.", ["He was weakened . . . but kept going."]),
        # exclamations and questions
        ("Hello!! Long time no see.", ["Hello!!", "Long time no see."]),
        ("She works at Yahoo! in accounting.", ["She works at Yahoo! in accounting."]),
        # citations stay with the sentence they support
        ("It rose sharply. [3] Later it fell.", ["It rose sharply. [3]", "Later it fell."]),
        # inline lists
        ("1. The first item 2. The second item", ["1. The first item", "2. The second item"]),
        ("a) one thing b) another", ["a) one thing", "b) another"]),
        ("• 9. First item • 10. Second item", ["• 9. First item", "• 10. Second item"]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_newline_always_ends_a_sentence() -> None:
    assert split_sentences("features\ncontact manager\n") == ["features", "contact manager"]


def test_split_sentences_returns_substrings_in_order() -> None:
    text = "A first one. A second one! A third one? Yes."
    pieces = split_sentences(text)
    assert len(pieces) == 4
    pos = 0
    for piece in pieces:
        found = text.find(piece, pos)
        assert found >= pos
        pos = found + len(piece)
    assert _nonws("".join(pieces)) == _nonws(text)


# --- line kinds ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Overview of the Defense Ministry", HEADING),
        ("Decoding Military Diplomacy: Strategies and Impact", HEADING),
        ("Top", NOISE),
        ("Share this", NOISE),
        ("Read more", NOISE),
        ("See also  Some Other Article Title", NOISE),
        ("KPL", NOISE),
        ("AFP", NOISE),
        ("Vientiane Times/ANN", NOISE),
        ("(KPL/VNA)", NOISE),
        ("Xinhua/VNA", NOISE),
        ("Communiqué de presse", NOISE),
        ("By John Smith", NOISE),
        ("Posted on March 3, 2024", NOISE),
        ("-", NOISE),
        ("14/01/2026 12:47", FRAGMENT),
        ("Jan. 5, 2024", FRAGMENT),
        ("Monday, 14 January 2026", FRAGMENT),
        ("Key features of the programme include:", FRAGMENT),
        ("ok", FRAGMENT),
        ("The minister opened the meeting on Monday.", SENTENCE),
        # a heading wrapped in emphasis or rules, a question one too
        ("**Did the WHO say aspartame causes cancer?**", HEADING),
        ("=== 1) Aspartame gets a cancer label ===", HEADING),
        ("**The WHO classified aspartame as possibly carcinogenic.**", SENTENCE),
        # a wire's staff credit, a link line, a post's tags, a breadcrumb trail
        ("(Reporting by Ines Marchetti in Geneva; editing by Dana Whitcombe)", NOISE),
        ("(Additional reporting by Paul Okafor)", NOISE),
        ("Reporting by the BBC showed that the leak came early.", SENTENCE),
        ("[Read the full story at GPN →]", NOISE),
        ("#aspartame #nutrition #dietitian", NOISE),
        ("**FizzFans Community** › Drinks Talk › Diet & Zero", NOISE),
        # newsletter, blog and live-blog furniture
        ("Here's what you need to know before your next sip.", FRAGMENT),
        ("*This post is not medical advice.*", FRAGMENT),
        ("That's it for this week.", FRAGMENT),
        ("*You are receiving this because you subscribed at brief.example.*", FRAGMENT),
        ("See you next Monday,", FRAGMENT),
        ("thanks all, feeling better.", FRAGMENT),
        ("Refresh this page for the latest entries.", FRAGMENT),
        ("Stay tuned for more updates!", FRAGMENT),
        ("That's where we'll pause our coverage for the night.", FRAGMENT),
        ("That's it from us.", FRAGMENT),
        # a speaker's turn of a word or two and no figure is a reply, as "Yes." is
        ("CROWE: Right.", FRAGMENT),
        ("**A:** Not really.", FRAGMENT),
        ("MARCUS OYELOWO-TANAKA: It left.", FRAGMENT),
        ("JONAS BRENNER: Nobody got hacked.", SENTENCE),
        ("Leavers: 57% fewer.", SENTENCE),
        ("[00:03:21] DANA WEISSKOPF: Right.", FRAGMENT),  # after a transcript's timestamp
        ("[00:03:36] DANA WEISSKOPF: Which is wild.", SENTENCE),
        # letters and notices: salutations, valedictions, contact lines, credits
        ("Dear Valued Customer,", FRAGMENT),
        ("To all travel arrangers and travelling employees,", FRAGMENT),
        ("With thanks for your continued support,", FRAGMENT),
        ("Hi all — lots to get through this week.", FRAGMENT),
        ("Thanks both, very helpful!", FRAGMENT),
        ("For further information, please contact your local representative.", FRAGMENT),
        ("Media enquiries: press office, 01954 000 000.", FRAGMENT),
        ("*Edited for length and clarity.*", FRAGMENT),
        ("Editing by Rob Lyle.", NOISE),
        ("(Reporting by Marisol Achterberg-Quispe in Houston; additional reporting by Tevita "
         "Fifita in Washington; editing by Grzegorz Wójcik)", NOISE),
        ("Let us know in the comments below!", FRAGMENT),
        ("Related: Chip stocks' worst days since 2020 · Intel weighs cuts", NOISE),
        ("Disclosure: the author owns an index fund and no chip stocks.", FRAGMENT),
        ("Transcript excerpt (auto-generated, lightly edited).", FRAGMENT),
        ("© 2024 Capital Markets Weekly.", FRAGMENT),
        ("Comments are closed on this article.", FRAGMENT),
        ("Interviews are condensed and edited.", FRAGMENT),
        # a columnist's bio is about the writer (the page kind still reads it)
        ("Gareth Pryce writes about football and its business every Thursday.", FRAGMENT),
        ("Ann Lee is a former bond trader who writes about Asian markets.", FRAGMENT),
        ("The minister writes about the plan in a letter to voters.", SENTENCE),
        ("Related questions were raised by the regulator on Monday.", SENTENCE),
        # ... and the claims that open the same way
        ("To date, 500 people have died.", SENTENCE),
        ("Thanks to the new law, 5,000 people got benefits.", SENTENCE),
        ("Hi-tech firms lost ground on Monday.", SENTENCE),
        ("Hi all — the fund lost 5% on Monday.", SENTENCE),
        ("Press freedom groups said the law was harsh.", SENTENCE),
    ],
)
def test_line_kinds(line: str, kind: str) -> None:
    assert _units(line) == [(line, kind)]


@pytest.mark.parametrize(
    "line",
    [
        "• Item text.",
        "- Item text.",
        "* Item text.",
        "1. Item text.",
        "2) Item text.",
        "a) Item text.",
    ],
)
def test_bullet_marker_is_not_part_of_the_unit(line: str) -> None:
    [(text, kind)] = _units(line)
    assert kind == BULLET
    assert text == "Item text."
    assert line[marker_end(line) :] == "Item text."


def test_a_numbered_head_in_capitals_is_a_heading_not_an_item() -> None:
    text = "3) QUICK HITS\n- US GDP ROSE 2% IN Q2.\n1) Slots cut to 22"
    assert _units(text) == [
        ("QUICK HITS", HEADING),
        ("US GDP ROSE 2% IN Q2.", BULLET),
        ("Slots cut to 22", BULLET),
    ]


def test_multi_sentence_bullet_yields_a_bullet_per_sentence() -> None:
    line = "  - Compliance: The ministry honours treaties. Laos keeps its word."
    assert _units(line) == [
        ("Compliance: The ministry honours treaties.", BULLET),
        ("Laos keeps its word.", BULLET),
    ]


def test_marker_end_without_marker() -> None:
    assert marker_end("No marker here.") == 0


def test_trailing_agency_credit_is_noise() -> None:
    line = 'The meeting was a success," General Chansamone said. Vientiane Times/ANN'
    assert _units(line) == [
        ('The meeting was a success," General Chansamone said.', SENTENCE),
        ("Vientiane Times/ANN", NOISE),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "KPL (KPL/VNA) Laos is advancing the development of a national defence posture.",
        "VIENTIANE – Laos and other ASEAN member countries are enhancing cooperation.",
    ],
)
def test_dateline_stays_in_the_sentence(line: str) -> None:
    assert _units(line) == [(line, SENTENCE)]


def test_document_mixes_kinds() -> None:
    text = (
        "Laos focuses on national defence\n\n14/01/2026 12:47\n"
        "Laos is advancing its defence posture. The minister said so.\n\n"
        "  • Upholding sovereignty.\nKPL\n\nTop"
    )
    assert [k for _, k in _units(text)] == [
        HEADING,
        FRAGMENT,
        SENTENCE,
        SENTENCE,
        BULLET,
        NOISE,
        NOISE,
    ]


# --- non-claims kept out of the queue (issue 10) ---------------------------------


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("(Photo by Ana Ruiz/Wire)", NOISE),
        ("(Source: https://example.org/page)", NOISE),
        ("Photo: Ana Ruiz", NOISE),
        ("https://example.org/a https://example.org/b", NOISE),
        (".", NOISE),
        ("| Aug 13, 2024", FRAGMENT),
        ("**22:40 JST**", FRAGMENT),  # a live blog's entry time, in emphasis marks
        ("This article explores how harbour fees are set.", FRAGMENT),
        ("This post contains affiliate links.", FRAGMENT),
        ("What is a harbour fee?", HEADING),
        ("In this article, we'll explore how harbour fees are set.", FRAGMENT),
        ("More on harbour fees here.", FRAGMENT),
        ("The fee can be paid through:", FRAGMENT),
        ("Here are the main steps:", FRAGMENT),
        # page furniture that reads like a sentence
        ("harbour.example · World · 13 Mar 2024", NOISE),
        ("*Explainer · 9 min read*", NOISE),
        ("Home / News / Council approves harbour fees", NOISE),
        ("*By a contributing writer*", NOISE),
        ("Last reviewed by our explainers desk.", NOISE),
        ("(Harbour Gazette)", NOISE),
        ("— AP", NOISE),  # the dash is part of the unit: no bullet item
        ("You may also like...", NOISE),
        ("Share this list with your friends!", NOISE),
        ("Don’t get left behind — subscribe for weekly updates!", NOISE),
        ("Your email address will not be published.", FRAGMENT),
        ("Yes.", FRAGMENT),
        ("Image source, Harbour Gazette", NOISE),
        ("Photo credit: Dana Whitfield", NOISE),
        ("By Ann Lee & Raj Patel in Colombo and Singapore", NOISE),
        ("By Ann Lee, Raj Patel and Tom Hale", NOISE),
        ("Follow us on X.", NOISE),
        ("Like and share!", NOISE),
        ("Sign up for our morning briefing.", NOISE),
    ],
)
def test_non_claim_lines(line: str, kind: str) -> None:
    assert _units(line) == [(line, kind)]


@pytest.mark.parametrize(
    "line",
    [
        "Two others survived.",  # three words: a claim
        "The fees rose to record highs this year!",  # an exclamation that addresses no one
        "Published figures show fees doubled after the council vote in March.",
        "The port reopened in June · after 11 weeks of salvage.",  # prose with a dot
        "**The council said 22 boats were lost.**",  # a sentence in emphasis marks
        "This timeline of the vote was wrong about its date.",  # about a page, no signpost
        "By March the Harbour Council had lost 22 boats.",  # "By" a date, then a clause
        "Image quality at the port cameras fell after the storm.",
        "Subscribers to the port's tariff list rose by a third.",
        "Follow-up talks with the union are due in May.",
    ],
)
def test_claims_that_look_like_furniture_stay_claims(line: str) -> None:
    assert _units(line)[0][1] == SENTENCE


@pytest.mark.parametrize(
    ("line", "title"),
    [("# Key dates of the harbour vote", "Key dates of the harbour vote"),
     ("## What happened? ##", "What happened?")],
)
def test_markdown_heading_markers_are_not_part_of_the_heading(line: str, title: str) -> None:
    assert _units(line) == [(title, HEADING)]


def test_full_clause_lead_in_stays_a_claim() -> None:
    lead = (
        "Within this framework, the city council has set three clear priorities for the"
        " harbour and its workers:"
    )
    assert _units(lead)[0][1] == SENTENCE


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("Why did fees rise? The council needed money for dredging.", [FRAGMENT, SENTENCE]),
        ("The ferries stopped in May. Which fact surprised you most?", [SENTENCE, FRAGMENT]),
        ("HOST: Could it happen again? GUEST: The harbour has no second quay.",
         [FRAGMENT, SENTENCE]),
        ("*Got a question for our harbour pilots?* The quay opens at six.", [FRAGMENT, SENTENCE]),
        ("The quay reopened in May. The fee rose 12%; what will the council do with it?",
         [SENTENCE, SENTENCE]),
        ("The quay reopened in May. Beneath the recovery lies a question: what if it fails?",
         [SENTENCE, SENTENCE]),
    ],
)
def test_a_question_in_prose_asks_and_asserts_nothing(text: str, kinds: list[str]) -> None:
    """A question is kept as a unit but is no claim (over the gold corpora a sentence
    ending in "?" was a claim 5 times in 815); a statement before a colon or semicolon
    keeps the sentence a claim."""
    assert [k for _, k in _units(text)] == kinds


@pytest.mark.parametrize(
    "line", ["**harbour_watcher wrote:**", "harbour_watcher wrote:", "*Key facts:*"]
)
def test_a_post_header_or_lead_in_in_emphasis_is_no_claim(line: str) -> None:
    """The colon may sit inside the emphasis marks; the line still only leads in."""
    assert _units(line) == [(line, FRAGMENT)]


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("> the ferry sank in May\nIt did not; it was towed away.", [FRAGMENT, SENTENCE]),
        ('>> "We closed the quay," the pilot said.', [FRAGMENT]),
        (">the quay closed in May.", [SENTENCE]),  # no space: not a quoting mark
    ],
)
def test_a_quoted_line_repeats_another_post_and_is_no_claim(
    text: str, kinds: list[str]
) -> None:
    assert [k for _, k in _units(text)] == kinds


@pytest.mark.parametrize(
    "line",
    [
        "Explainer: why Port Vell is betting on a bigger harbour",
        "Opinion | The council has lost its way",
    ],
)
def test_a_title_opened_by_its_genre_is_a_heading(line: str) -> None:
    assert _units(line) == [(line, HEADING)]


def test_a_call_to_the_reader_after_a_claim_leaves_the_claim() -> None:
    text = "The mayor resigned on Monday after the audit. Share if you agree!"
    assert _units(text) == [
        ("The mayor resigned on Monday after the audit.", SENTENCE),
        ("Share if you agree!", NOISE),
    ]


def test_every_floating_signpost_opens_with_a_word_so_the_search_stays_gated() -> None:
    from claimcheck.segment import _signposts

    # a line opening with a group ("\\b(?:in|to) ...") has no first word: the gate is
    # dropped and the whole alternation is searched in every sentence
    assert _signposts()[2] is not None


def test_signpost_sentence_inside_prose_is_a_fragment() -> None:
    text = "Harbour fees rose in March. In this article, we explore why."
    assert [k for _, k in _units(text)] == [SENTENCE, FRAGMENT]


@pytest.mark.parametrize(
    "furniture",
    [
        "Unsubscribe any time.",
        "You are getting this email because you signed up at harbour.example.",
        "Tell us in the comments and share this list!",
        "Share this list with a friend who loves ferries!",
        "Send it in through the form below.",
        "Back next week.",
    ],
)
def test_newsletter_furniture_in_prose_is_no_claim(furniture: str) -> None:
    """Sign-ups, sign-offs and calls to comment or share: about the page, not the world."""
    text = f"Harbour fees rose in March. {furniture}"
    kinds = [k for _, k in _units(text)]
    assert kinds[0] == SENTENCE and len(kinds) == 2 and kinds[1] not in CLAIM_KINDS


@pytest.mark.parametrize(
    "claim",
    [
        "Back then the quay handled 40 ferries a day.",
        "Contact with the ferry was lost at 9 p.m.",
        "Sharing this quay with cargo ships cost the ferries 20 minutes a day.",
    ],
)
def test_claims_opening_like_furniture_stay_claims(claim: str) -> None:
    text = f"Harbour fees rose in March. {claim}"
    assert [k for _, k in _units(text)] == [SENTENCE, SENTENCE]


def test_a_short_reply_opening_a_speakers_turn_is_a_fragment() -> None:
    text = "MAYA OKONKWO: So. The blue screens came from one bad update."
    assert _units(text) == [
        ("MAYA OKONKWO: So.", FRAGMENT),
        ("The blue screens came from one bad update.", SENTENCE),
    ]


def test_a_pages_first_line_that_reads_as_a_title_is_a_heading() -> None:
    headline = "New Key Bridge will cost up to $1.9 billion, open in 2028, state says"
    text = f"{headline}\nThe state said on Monday the bridge would open in 2028."
    assert _units(text)[0] == (headline, HEADING)
    # the same line alone is a text, not a title; a first line ending in a full stop, or
    # not the first line, is prose
    assert _units(headline) == [(headline, SENTENCE)]
    assert _units(f"{headline}.\nMore text here today.")[0] == (f"{headline}.", SENTENCE)
    assert _units(f"Intro here today.\n{headline}")[1] == (headline, SENTENCE)


def test_furniture_words_inside_a_claim_leave_it_a_claim() -> None:
    line = "The regulator said the guidance is not medical advice but a labelling rule."
    assert _units(line) == [(line, SENTENCE)]


def test_cut_off_line_with_an_auxiliary_is_a_sentence_not_a_heading() -> None:
    line = "The council has also set up a fund for the fishermen of the"
    assert _units(line)[0][1] == SENTENCE
    assert _units("Council approves harbour fees")[0][1] == HEADING


def _guarded_punkt():  # type: ignore[no-untyped-def]
    """The same Punkt as ``segment._punkt()`` but with nltk's own (timeout-wrapped)
    token and realignment patterns."""
    from claimcheck import segment as seg
    from claimcheck._nltk import PunktLanguageVars, PunktToken

    class Guarded(seg._LanguageVars):
        re_boundary_realignment = PunktLanguageVars.re_boundary_realignment

    ours = seg._punkt()
    return seg._Punkt(ours._params, lang_vars=Guarded(), token_cls=PunktToken)


def test_unguarded_punkt_patterns_cut_as_nltks_own() -> None:
    """Punkt's patterns without nltk's timeout wrapper (a speed change) give the same
    sentence cuts as the wrapped ones on varied and awkward text."""
    import random

    from claimcheck.segment import _punkt

    rng = random.Random(3)
    pieces = [*"ab.C. D!?\"')]}‘’“”«»-–— \t1234567890…é\u0301Σ日。", "...", "Mr. "]
    pieces += ["U.S. ", "e.g. ", "No. 5", "Jan. ", "(Sent1.) ", "--", '." ', ".) ", "3.5 "]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 60))) for _ in range(3000)]
    texts += [line for path in CORPUS for line in path.read_text().splitlines()]
    ours, theirs = _punkt(), _guarded_punkt()
    assert type(next(iter(ours._tokenize_words("Dr. Who")))) is not type(
        next(iter(theirs._tokenize_words("Dr. Who")))
    )
    for text in texts:
        assert list(ours.span_tokenize(text)) == list(theirs.span_tokenize(text)), text


def test_a_line_closed_by_reference_marks_is_a_sentence_not_a_heading() -> None:
    text = (
        "Restrictions\n"
        "A further reduction, to 31, followed at the start of November.[5]\n"
        "The canal opened in 1914.[1][2] It was built by the United States.[3] Then it grew.\n"
    )
    assert _units(text) == [
        ("Restrictions", HEADING),
        ("A further reduction, to 31, followed at the start of November.[5]", SENTENCE),
        ("The canal opened in 1914.[1][2]", SENTENCE),
        ("It was built by the United States.[3]", SENTENCE),
        ("Then it grew.", SENTENCE),
    ]


def test_reference_sections_hold_no_claims() -> None:
    text = (
        "The project would move about 2,000 residents.[10]\n"
        "See also\n"
        "- Panama Canal expansion project\n"
        "## References\n"
        "1. Panama Canal Authority (31 October 2023).\n"
        "History[edit]\n"
        "The canal opened in 1914.\n"
    )
    kinds = dict(_units(text))
    assert kinds["Panama Canal expansion project"] == NOISE
    assert kinds["Panama Canal Authority (31 October 2023)."] == NOISE
    # a new section ends the reference list
    assert kinds["The canal opened in 1914."] == SENTENCE
    assert kinds["The project would move about 2,000 residents.[10]"] == SENTENCE
    assert has_reference_section(text)
    assert not has_reference_section("The sources said so.\nSee also the council's report.\n")


def test_a_live_blogs_entry_times_and_an_issued_line_are_no_claims() -> None:
    text = (
        "12:28 a.m. PT\n"
        "The board is asking anyone who finds pieces of the plug to call the police.\n"
        "**Issued: Monday, 8 January 2024, 09:00 PT**\n"
        "Issued guidance was ignored by many airlines.\n"
    )
    assert [k for _, k in _units(text)] == [FRAGMENT, SENTENCE, NOISE, SENTENCE]


def test_plain_period_end_is_the_regex_it_replaced() -> None:
    """``_plain_period_end`` tells what ``[^\\W\\d_]{2,}\\.\\s*$`` searched for: random
    windows of letters, digits, numerals that are no digits, underscores and Unicode
    spaces."""
    import random

    from claimcheck.segment import _plain_period_end

    plain = re.compile(r"[^\W\d_]{2,}\.\s*$")
    pieces = ["a", "B", "é", "1", "²", "_", ".", " ", "\n", "\t", "\u00a0", "\u2003", "ab",
              "x.", "\x1c", "\x85", "٣", "Ⅳ", "-", "\u200b"]  # fmt: skip
    rng = random.Random(1)
    windows = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 8))) for _ in range(50000)]
    assert sum(plain.search(w) is not None for w in windows) > 500
    for w in windows:
        assert _plain_period_end(w) == (plain.search(w) is not None), repr(w)


def test_ends_ellipsis_is_the_search_it_gates() -> None:
    """``_ends_ellipsis`` answers as ``_ENDS_ELLIPSIS.search`` over the same piece: random
    texts of dots, spaces, letters and Unicode spaces, random pieces of them."""
    import random

    from claimcheck.segment import _ENDS_ELLIPSIS, _ends_ellipsis

    pieces = ["a", ".", " ", "\n", "\t", "\u00a0", "..", ". ", "x.", "…", "\x85", "  "]
    rng = random.Random(2)
    hits = 0
    for _ in range(50000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        want = _ENDS_ELLIPSIS.search(text, start, end) is not None
        hits += want
        assert _ends_ellipsis(text, start, end) == want, (text, start, end)
    assert hits > 500


def _awkward_lines(seed: int, n: int) -> list[str]:
    """Random lines dense in sentence ends, closing marks, abbreviations, non-ASCII and
    every kind of whitespace (CRLF too), empty ones among them; then the corpus's lines."""
    import random

    rng = random.Random(seed)
    pieces = [*"ab.C. D!?\"')]}‘’“”«»-–— \t\r\n\x0b\x0c1234567890…é\u0301Σ日。\u00a0", "..."]
    pieces += ["Mr. ", "U.S. ", "e.g. ", "No. 5", "Jan. ", "(Sent1.) ", "--", '." ', ".) ", "\r\n"]
    pieces += ["3.5 ", "  ", ". \t", "Dr. Lee", "a. The", "word. Next", "ÉTAT. Le", "1. ", "• "]
    lines = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 40))) for _ in range(n)]
    return lines + [line for path in CORPUS for line in path.read_text().splitlines()]


def test_sentence_starts_are_span_tokenizes() -> None:
    """``_Punkt.sentence_starts`` (nltk's generators as two list loops, a speed change)
    gives the starts of ``span_tokenize``'s spans, in order, on awkward text."""
    from claimcheck.segment import _punkt

    punkt = _punkt()
    cut = 0
    for text in _awkward_lines(6, 4000):
        want = [start for start, _ in punkt.span_tokenize(text)]
        cut += len(want) > 1
        assert punkt.sentence_starts(text) == want, repr(text)
    assert cut > 1000


def test_sentbreak_shortcut_is_nltks_answer_with_our_abbreviations() -> None:
    """The "word. Next" shortcut reads the abbreviations as a plain set (a letters-only
    word is no dotted acronym): same answers as the full ``_Abbreviations`` lookup."""
    from claimcheck._nltk import PunktSentenceTokenizer
    from claimcheck.segment import _BANG_CONTEXT, _WORD_PERIOD_CONTEXT, _punkt

    punkt = _punkt()

    def reference(text: str) -> bool:
        m = _WORD_PERIOD_CONTEXT.match(text)
        if _BANG_CONTEXT.match(text) or m and m.group(1).lower() not in punkt._params.abbrev_types:
            return True
        return PunktSentenceTokenizer.text_contains_sentbreak(punkt, text)

    words = [*sorted(set.__iter__(punkt._params.abbrev_types))[:300], "ab", "Word", "Écrit"]
    contexts = [f"{w}. {nxt}" for w in words for nxt in ("The", "the", "5", "(", "Dr.")]
    contexts += _awkward_lines(7, 3000)
    for text in contexts:
        assert punkt.text_contains_sentbreak(text) == reference(text), repr(text)


def test_marker_only_reads_the_stripped_piece() -> None:
    """``_MARKER_ONLY.fullmatch(text, a, b)`` answers as the old pattern on
    ``text[a:b].strip()`` (no copy of each sentence before a cut)."""
    import random

    from claimcheck.segment import _BULLET_CHARS, _ENUM, _MARKER_ONLY

    old = re.compile(rf"[{_BULLET_CHARS}]?\s*{_ENUM}")
    pieces = ["1", "12", "123", ".", ")", "(", "a", "B", " ", "\t", "\u00a0", "\x1c", "\u2003",
              "•", "▪", ".)", "x", "\u200b", "\n", "\x85", "é"]  # fmt: skip
    rng = random.Random(5)
    hits = 0
    for _ in range(50000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 9)))
        a = rng.randint(0, len(text))
        b = rng.randint(a, len(text))
        want = old.fullmatch(text[a:b].strip()) is not None
        hits += want
        assert (_MARKER_ONLY.fullmatch(text, a, b) is not None) == want, (text, a, b)
    assert hits > 300


def test_is_credit_is_the_credit_pattern() -> None:
    """``_is_credit`` (a length and slash gate before the regex) answers as
    ``_CREDIT.fullmatch`` on random credits, acronyms and sentences."""
    import random

    from claimcheck.segment import _CREDIT, _is_credit

    pieces = ["KPL", "VNA", "Vientiane Times", "ANN", "/", " / ", "(", ")", "A", "B&C", " ",
              "x", "Xinhua", "É", "1", "’", ".", "-", "AFP", "said the", "ABCDEFGH"]  # fmt: skip
    rng = random.Random(8)
    hits = 0
    for _ in range(50000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
        want = _CREDIT.fullmatch(text) is not None
        hits += want
        assert _is_credit(text) == want, repr(text)
    assert hits > 1000


def test_starts_lower_looks_at_the_window_only_before_a_lower_case_start() -> None:
    """``_starts_lower`` (the next letter first, then the period window) answers as
    the window first did, on random texts and cut positions."""
    import random

    from claimcheck.segment import _LEADING_PUNCT, _plain_period_end, _starts_lower

    def reference(text: str, pos: int) -> bool:
        if _plain_period_end(text[max(0, pos - 40) : pos]):
            return False
        while pos < len(text) and (text[pos].isspace() or text[pos] in _LEADING_PUNCT):
            pos += 1
        return pos < len(text) and text[pos].islower()

    pieces = ["ab", "Cd", ". ", "x.", "1.", " ", "\u00a0", '"', "(", "é", "É", "..", "\t", ""]
    rng = random.Random(9)
    hits = 0
    for _ in range(30000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        pos = rng.randint(0, len(text))
        want = reference(text, pos)
        hits += want
        assert _starts_lower(text, pos) == want, (text, pos)
    assert hits > 1000


def test_trim_is_the_stripped_piece() -> None:
    """``_trim`` gives the bounds of ``text[a:b]`` without spaces and invisible characters
    at either end (ASCII pieces by lengths of their strips), on random ASCII and
    non-ASCII text, CRLF and empty pieces."""
    import random

    from claimcheck.segment import _INVISIBLE, _trim

    rng = random.Random(12)
    pieces = ["a", "B.", " ", "\t", "\r\n", "\n", "\x0b", "\x1c", "\u00a0", "\u200b", "é", "日"]
    hits = 0
    for _ in range(30000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        a = rng.randint(0, len(text))
        b = rng.randint(a, len(text))
        piece = text[a:b]
        blank = set(_INVISIBLE) | {c for c in piece if c.isspace()}
        start = next((i for i, c in enumerate(piece) if c not in blank), None)
        if start is None:
            assert _trim(text, a, b) is None, (text, a, b)
            continue
        end = max(i for i, c in enumerate(piece) if c not in blank) + 1
        hits += 1
        assert _trim(text, a, b) == (a + start, a + end), (text, a, b)
    assert hits > 5000

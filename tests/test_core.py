"""Claim cores: attribution frames, datelines, quotes and acronyms stripped or mapped."""

from __future__ import annotations

import pytest

from claimcheck.core import claim_core, claim_cores, find_acronyms


@pytest.mark.parametrize(
    ("text", "core"),
    [
        (
            "The army opened a base in the north, the minister said in a statement on Friday.",
            "The army opened a base in the north.",
        ),
        ('"We will reopen the border," he told a press conference.', "We will reopen the border."),
        ('"We are concerned," said the spokeswoman.', "We are concerned."),
        ("The ministry said that the dam opened in 2020.", "the dam opened in 2020."),
        ("According to the agency, the dam opened in 2020.", "the dam opened in 2020."),
        ("The dam opened in 2020, according to the agency.", "The dam opened in 2020."),
        ("Speaking at a briefing, he said that prices rose.", "prices rose."),
        ("VIENTIANE – Laos will host the meeting.", "Laos will host the meeting."),
        ("MANILA (November 24, 2023) - The navy held drills.", "The navy held drills."),
        ("(MENAFN) Prices rose sharply.", "Prices rose sharply."),
        ("March 20 (Reuters) - The board approved the loan.", "The board approved the loan."),
        ("Nov. 24, 2023 (AP) — The navy held drills.", "The navy held drills."),
        ("In addition, 14,000 cases were reported.", "14000 cases were reported."),
        ("Background: The virus spreads by contact.", "The virus spreads by contact."),
    ],
)
def test_frames_stripped(text: str, core: str) -> None:
    assert claim_core(text) == core


@pytest.mark.parametrize(
    "text",
    [
        "Cases have been reported in the capital and two provinces.",  # passive, no frame
        "Since January, the agency has reported 14,000 cases.",  # the claim is the report
        "The committee said nothing.",  # a frame that is all there is keeps its words
        # a clause after a comma that starts with a preposition or conjunction is no
        # speaker, though a reporting verb follows
        "Since May 2022, mpox has spread, with cases reported from new countries.",
        "The emergency, declared in 2022, was caused by the milder clade.",
        "Sales fell sharply, while analysts estimated a slow recovery.",
        "May 20 (the deadline) passed without a deal.",  # a date and a parenthesis, no dash
        # a pronoun after the verb starts the claim's clause: no inverted ", said Tedros."
        "The FDA, which regulates tampons as devices, said it planned to evaluate the study.",
    ],
)
def test_claims_that_only_look_like_frames_keep_their_content(text: str) -> None:
    core = claim_core(text)
    assert len(core.split()) >= len(text.split()) - 1


def test_acronyms_from_the_corpus_both_ways() -> None:
    texts = [
        "The Xenon Yield Zone (XYZ) was set up in 2021.",
        "MOD (Ministry of Defence) staff attended.",
        "The XYZ concept is new; KPL reported it.",  # KPL: no definition, stays as it is
    ]
    acronyms = find_acronyms(texts)
    assert acronyms == {"XYZ": "Xenon Yield Zone", "MOD": "Ministry of Defence"}
    cores = claim_cores(texts, acronyms)
    assert cores[0] == "The Xenon Yield Zone was set up in 2021."
    assert "Xenon Yield Zone concept" in cores[2] and "KPL" in cores[2]


def test_direct_quote_and_reported_speech_meet() -> None:
    from claimcheck.group import score_text_pairs

    quote = (
        '"I urge our commanders to exert all efforts to operationalize the XYZ," '
        "the secretary said."
    )
    reported = (
        'The secretary urged commanders "to exert all efforts to operationalize the '
        'Xenon Yield Zone concept".'
    )
    definition = "The Xenon Yield Zone (XYZ) is a defence concept."
    score, clash = score_text_pairs([quote, quote], [reported, definition])
    assert score[0] >= 0.5 and not clash[0]
    assert score[0] > score[1]


def test_cores_never_empty_and_aligned() -> None:
    texts = ["", "he said.", "Line one\nline two said he.", "部长宣布大坝于2020年开放。"]
    cores = claim_cores(texts)
    assert len(cores) == len(texts)
    assert all(c or not t for c, t in zip(cores, texts, strict=True))


def test_shortcuts_give_the_cores_of_every_step_run_in_turn() -> None:
    """``_frames`` skips the leading steps on one failed alternation and each frame step
    on a text without its words; on awkward strings the cores are those of every step
    tried in turn (the frame steps on every text naming a word that can start one)."""
    import random
    import re

    from claimcheck import core

    def every_step(original: str, steps) -> str:
        text = original
        for pattern, _ in core._LEADING:
            m = pattern.match(text)
            if m:
                text = text[m.end() :]
        words = re.findall("[a-z]+", text.lower())
        for pattern, repl in [*core._FRAMES, *steps] if set(words) & triggers else steps:
            text = pattern.sub(repl, text)
        return text.strip(" ,;:-–—") or original

    triggers = core._TRIGGER_WORDS
    acronyms = {"WHO": "World Health Organization"}
    steps = core._JOINED + core._acronym_steps(acronyms)
    rnd = random.Random(2)
    parts = ["According to the WHO, ", "according to him", "ACCORDıNG to x", " said ",
             "the minister said", ", he said.", "Speaking at a briefing, ", "MANILA (AP) - ",
             "(MENAFN) ", "Background: ", "In addition, ", "“", '"', " told reporters",
             "Tedros", " that ", "14,000 cases", ", said Tedros.", "points out", " added: ",
             "é", "Ünï ", ". ", ",", " ", "x", "SAID", "unsaid", "WHO"]  # fmt: skip
    texts = ["".join(rnd.choice(parts) for _ in range(rnd.randint(1, 10))) for _ in range(20000)]
    # a cut inside a word leaves a new one: "said" once "accordıng to xx" is gone
    texts += ["Prices rose according to him, the minister saidaccording to officials"]
    texts += ["that according to himÜnï  In addition, éthe minister saidACCORDıNG to xx"]
    assert claim_cores(texts, acronyms) == [every_step(t, steps) for t in texts]


def test_ascii_joined_steps_equal_the_regex_steps() -> None:
    # the quote and thousands steps' ASCII forms (string replace, numpy masks) give the
    # regexes' output on random ASCII text dense in digits, separators and word ends
    import random

    from claimcheck.core import _ASCII_STEPS, _JOINED

    assert len(_ASCII_STEPS) == 2 and set(_ASCII_STEPS) <= {p for p, _ in _JOINED}
    rng = random.Random(3)
    alphabet = "0123456789" * 3 + ", ,_aZ.\n\"'[]-"
    for _ in range(5000):
        big = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        want = got = big
        for pattern, repl in _JOINED:
            want = pattern.sub(repl, want)
            step = _ASCII_STEPS.get(pattern)
            got = step(got) if step is not None else pattern.sub(repl, got)
        assert got == want, big


def test_thousands_in_an_ascii_chunk_and_a_unicode_one() -> None:
    texts = ["Prices rose 1,234,567 and 12 345 units.", '"It cost 1,000x," he said.', "7 000"]
    ascii_cores = claim_cores(texts)
    assert ascii_cores[0] == "Prices rose 1234567 and 12345 units."
    assert ascii_cores[1] == "It cost 1,000x."  # "1,000x": a word follows, no thousands
    assert ascii_cores[2] == "7000"
    # one non-ASCII text sends the chunk through the regexes: the same cores
    assert claim_cores([*texts, "“Quoted” 2,500 cases"])[:3] == ascii_cores


def test_a_thread_post_number_is_no_part_of_the_core() -> None:
    """ "5/ It was launched in 1977." (a thread's fifth post): the "5" is no figure of the
    claim, so the fact guard must not read it; a fraction ("1/2 of ...") stays."""
    assert claim_core("5/ It was launched in 1977.") == "It was launched in 1977."
    assert claim_core("1/2 of adults walk daily.") == "1/2 of adults walk daily."


@pytest.mark.parametrize(
    ("text", "core"),
    [
        ("[00:09] JUNE: It passed in 2022.", "It passed in 2022."),
        ("GUEST (Amara): The group lived no longer.", "The group lived no longer."),
        ("**A:** The thrusters were tested twice.", "The thrusters were tested twice."),
    ],
)
def test_a_speaker_label_is_no_part_of_the_core(text: str, core: str) -> None:
    """Who speaks is not what is said; "[00:09] JUNE: " holds no clock time or month of
    the claim for the fact guard to read."""
    assert claim_core(text) == core

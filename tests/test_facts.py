"""The fact guard blocks conflicts, not omissions."""

from __future__ import annotations

import numpy as np
import pytest

from claimcheck.facts import conflict, content_stems, fact_table, facts_of


@pytest.mark.parametrize(
    ("a", "b", "clash"),
    [
        ("The 18th meeting was held.", "The 17th meeting was held.", True),
        ("The agency was founded in 1921.", "The agency was founded in 1950.", True),
        ("They met on Wednesday.", "They met on Friday.", True),
        ("Laos has recorded gains.", "Laos has never recorded gains.", True),
        ("14,000 cases and 511 deaths.", "14,000 cases and 600 deaths.", True),
        # omissions: a fact on one side only
        ("They met on Wednesday.", "They met.", False),
        ("14,000 cases and 511 deaths.", "511 deaths.", False),
        ("Twelve ministers met twice.", "12 ministers met twice.", False),
        ("It rose 2.50 percent.", "It rose 2.5 percent.", False),
        ("No facts here.", "None at all here.", False),
        # rounded and approximate figures are one figure; beyond the tolerance, two
        ("A nearly $3 billion bailout.", "A $2.9 billion bailout.", False),
        ("1,456 deaths were recorded.", "About 1,500 deaths were recorded.", False),
        ("SDR 2.286 billion (about US$3 billion).", "USD 3 billion.", False),
        ("14,000 cases were recorded.", "15,000 cases were recorded.", True),
        ("It had 17 members.", "It had 18 members.", True),
        # numbers are compared per unit: the counted word, a currency, "%"
        ("A nearly $3 billion loan over four years.", "A $2.9 billion loan to unlock $7 billion.",
         False),
        ("More than 500 deaths were reported.", "More than 600 cases were reported.", False),
        ("More than 500 deaths were reported.", "More than 600 deaths were reported.", True),
        ("It cost $3 million.", "It cost $3 billion.", True),
        ("It cost $3 million.", "It cost 3 million dollars.", False),
        ("The ship hit one of the piers.", "The ship brought down the 1.6-mile span.", False),
        ("It rose 4 percent to 12 plants.", "It rose 4% to 12 plants.", False),
        ("The ship struck at 1:30 a.m.", "The ship struck at 2:10 a.m.", True),
        ("Version 9.3.5 fixed it.", "Version 9.3.6 fixed it.", True),  # codes, no amounts
        ("Version 9.3.5 fixed it in 3 days.", "Version 9.3.5 fixed it.", False),
        # a negation conflicts when it denies what the other side says, not when the
        # other side lacks the negated clause
        ("The WHO did not declare an emergency.", "The WHO declared an emergency.", True),
        ("No injuries were reported.", "Injuries were reported.", True),
        ("Moore declared an emergency and said there was no evidence of terrorism.",
         "Moore declared an emergency.", False),
        ("The reactors have been offline since 2011.", "The reactors had not run since 2011.",
         False),
        # a copy cut short has unknown polarity: the negation may be in the lost part
        ("The board approved the plan ...", "The board approved the plan but did not sign.", False),
        ("The board approved the plan.", "The board did not approve the plan.", True),
        # a negation word in an idiom that denies nothing
        ("It landed soon after it took off.", "It landed not long after it took off.", False),
        ("The rule bans cars.", "The rule does not ban cars for long.", True),
        ("The offer is for all.", "No, the offer is for all.", False),  # a reply's "No,"
        ("The offer is for all.", "There is no offer for all.", True),
        # a negation denies what the other side says only where all the words it governs
        # are there: one shared word is another clause's
        ("Police identified the victims.", "Police did not identify the victims.", True),
        ("Each can holds 200 to 300 mg of the sweetener.",
         "An adult with no other source of the sweetener would need 14 cans.", False),
    ],
)
def test_conflict(a: str, b: str, clash: bool) -> None:
    wa, wb = content_stems(a), content_stems(b)
    assert conflict(facts_of(a), facts_of(b), wa, wb) is clash
    assert conflict(facts_of(b), facts_of(a), wb, wa) is clash
    # the array path the grouping uses says the same, both ways
    table = fact_table([a, b])
    both = table.conflicts(np.array([0, 1]), np.array([1, 0]))
    assert both.tolist() == [clash, clash]


def test_kinds() -> None:
    f = facts_of("On Monday, 3 of the 12th brigade's units left in January 2024.")
    assert f.kinds() == {
        "weekday": {"monday"},
        "number": {"|3"},  # "3 of": no unit
        "ordinal": {"12"},
        "month": {"january"},
        "year": {"2024"},
    }


def test_fact_table_agrees_with_conflict_on_every_pair() -> None:
    """The array form of the guard (used at scale) gives ``conflict``'s answer on every
    pair, including sets of several values (containment, not equality)."""
    texts = [
        "The 18th meeting was held.", "The 17th meeting was held.", "No meeting was held.",
        "14,000 cases and 511 deaths.", "14,000 cases and 600 deaths.", "511 deaths.",
        "14,000 cases.", "They met on Wednesday in 1921.", "They met on Friday in 1921.",
        "They met in 1921 and 1950.", "They met.", "Twelve ministers met twice.",
        "12 ministers didn't meet.", "It rose 2.50 percent.", "It rose 2.5 percent.",
    ]  # fmt: skip
    facts = [facts_of(t) for t in texts]
    a, b = np.triu_indices(len(texts), 1)
    words = [content_stems(t) for t in texts]
    expected = [conflict(facts[i], facts[j], words[i], words[j]) for i, j in zip(a, b, strict=True)]
    assert fact_table(texts).conflicts(a, b).tolist() == expected
    assert any(expected) and not all(expected)


def test_fact_table_reads_only_the_rows_asked() -> None:
    table = fact_table(["In 1921.", "In 1950.", "In 1975."], np.array([0, 1]))
    assert table.conflicts(np.array([0, 0]), np.array([1, 2])).tolist() == [True, False]


def test_fact_regex_skips_nothing_inside_words() -> None:
    """The "n't" branch runs only at word starts; a negation after an ordinal's letters
    and fact words beside digits are still read."""
    assert facts_of("the 1stdon't rule").negated
    assert facts_of("Monday2 and 3rd").values == {("weekday", "monday"), ("number", "|2"),
                                                 ("ordinal", "3")}
    assert not facts_of("fiftyfive nothings").values


def test_fact_table_reads_every_core_as_facts_of_does() -> None:
    """The table's bulk paths (rows without a fact skipped, letter runs and digit tokens
    instead of the regex scan for plain ASCII) give ``facts_of`` on awkward strings."""
    import random

    from claimcheck.facts import KINDS, NO_FACTS, UNKNOWN, fact_table, facts_of

    rnd = random.Random(3)
    parts = [*"ab t'’n9 ,.-_T", "Monday", "monday's", "NOT", "didn't", "1st", "Ünï", "...",
             "five", "fivefold", "june", "Junebug", "5june", "never", "4third", "18TH",
             "thirty", "2nd", "1,000", "3.50", "DON'T", "…", "2024", "Sunday"]  # fmt: skip
    cores = ["".join(rnd.choice(parts) for _ in range(rnd.randint(0, 12))) for _ in range(20000)]
    table = fact_table(cores)
    skipped = 0
    for i, core in enumerate(cores):
        facts = facts_of(core)
        polarity = UNKNOWN if facts.negated is None else int(facts.negated)
        assert table.negated[i] == polarity, core
        kinds = facts.kinds()
        got = {k: table.values[table.sets[i, j]] for j, k in enumerate(KINDS)}
        assert got == {k: kinds.get(k, frozenset()) for k in KINDS}, core
        skipped += facts is NO_FACTS
    assert 0 < skipped < len(cores)  # both kinds of row are there


def test_fact_regex_tried_at_candidates_finds_what_the_scan_finds() -> None:
    """The anchored tries at digit-run starts and fact-word places (``_matches_at``)
    give the same matches as the fact regex scanning every position, on awkward ASCII
    strings (digit runs with separators and suffixes, fact words inside other words)."""
    import random

    from claimcheck.facts import _FACT_RE_NO_NT, _FACT_WORD_SET, _candidates, _matches_at
    from claimcheck.letters import digit_run_starts, letter_words

    rnd = random.Random(5)
    parts = [*"ab 9,.:-_x", "one", "none", "someone", "nothing", "4third", "1st", "12:30"]
    parts += ["1:234", "3.5.6", "2,000", "june", "junes", "monday", "not", "cannot", "20th"]
    texts = ["".join(rnd.choice(parts) for _ in range(rnd.randint(0, 14))) for _ in range(20000)]
    for text, words, digits in zip(
        texts, letter_words(texts), digit_run_starts(texts), strict=True
    ):
        assert words is not None and digits is not None
        found = _FACT_WORD_SET.intersection(words.split())
        tried = [m.span() for m in _matches_at(text, _candidates(text, found, digits))]
        assert tried == [m.span() for m in _FACT_RE_NO_NT.finditer(text)], text


def test_a_scale_glued_to_a_figure_scales_it() -> None:
    assert facts_of("Bottles hold 240k plastic particles").values == facts_of(
        "Bottles hold 240,000 plastic particles").values
    # "$4M" and "$3,975,000" are one figure, rounded: no conflict
    assert not conflict(facts_of("A shipper paid $4M for a slot"),
                        facts_of("A shipper paid $3,975,000 for a slot"))
    assert conflict(facts_of("A shipper paid $4m for a slot"),
                    facts_of("A shipper paid $2m for a slot"))
    assert facts_of("It lost £1.2bn").values == facts_of("It lost £1.2 billion").values
    assert ("number", "m|50") in facts_of("A 50m wall fell").values  # metres, not millions


def test_number_words_that_spell_one_figure_are_one() -> None:
    spelled = facts_of("Bottles hold two hundred and forty thousand plastic bits")
    assert spelled.values == facts_of("Bottles hold 240,000 plastic bits").values
    assert facts_of("Twenty-six billion dollars of revenue").values == facts_of(
        "$26 billion of revenue").values
    # words that spell no one number stay apart: "one or two", "nine eleven"
    assert ("number", "pier|2") in facts_of("one or two piers fell").values
    assert len(facts_of("the nine eleven attacks").values) == 2


@pytest.mark.parametrize(
    ("a", "b", "clash"),
    [
        # a day of a month is a date, whatever its spelling, not a count of the next word
        ("A jobs report on August 2 showed few jobs.", "The report on Aug. 2 showed few.", False),
        ("Trading began on 10 June.", "Holders of record on June 6 got shares.", True),
        ("Slots fell to 25 on 3 November.", "From November 3, slots were cut to 25.", False),
        # "May" and "March" with their capital are months after a day as before it
        ("Elections are set for 5 May 2026.", "The election is set for 5 March 2026.", True),
        ("Polls open on 5 March.", "From March 5, polls are open.", False),
        # a span of days is no one date: its ends are plain numbers
        ("It was shown from January 1 to 4.", "It was shown from 1 to 4 January.", False),
        # a number in a name is a code: the name's other number is no conflict ...
        ("They grounded 171 Boeing 737 MAX 9 jets.", "They grounded 171 MAX 9 aircraft.", False),
        ("The two astronauts return with Crew-9.", "Crew-9, planned with four crew, flies.", False),
        ("It became a Category 5 hurricane.", "It grew into a Class 5 hurricane.", False),
        # ... but another number in the same place is
        ("It became a Category 4 hurricane.", "It became a Category 5 hurricane.", True),
        ("Crew-8 returned.", "Crew-9 returned.", True),
        # a date is in its month: another month alone conflicts, the same one does not
        ("On March 7, the embassy warned of attacks.", "The embassy warned in January.", True),
        ("On 7 August, the embassy warned.", "The embassy warned in August.", False),
        ("On March 7 the embassy warned.", "In January and on March 7 it warned.", False),
    ],
)
def test_dates_and_names_are_not_counts(a: str, b: str, clash: bool) -> None:
    words = content_stems(a), content_stems(b)
    assert conflict(facts_of(a), facts_of(b), *words) is clash
    assert fact_table([a, b]).conflicts(np.array([0]), np.array([1]))[0] == clash


def test_an_amount_in_a_currency_is_no_name() -> None:
    kinds = facts_of("The Board approved USD 3 billion under the EFF.").kinds()
    assert "code" not in kinds and kinds["number"] == frozenset({"$|3e+09"})
    # a non-breaking hyphen joins a figure to its unit as a hyphen does
    hyphen, non_breaking = facts_of("a 48-month plan"), facts_of("a 48\u2011month plan")
    assert hyphen.kinds() == non_breaking.kinds() == {"number": frozenset({"month|48"})}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Prize money: SEK 11 million.", "$|1.1e+07"),  # an ISO code before the figure
        ("It is worth 11 million Swedish kronor.", "$|1.1e+07"),  # nationality + name
        ("Tickets cost 300 baht.", "$|300"),
        ("They try 5 times a day.", "time|5"),  # a code that is also a word is no currency
        ("About 11 million Swedish people voted.", "swedi|1.1e+07~"),
    ],
)
def test_currencies_by_code_or_name_are_amounts(text: str, value: str) -> None:
    assert facts_of(text).kinds()["number"] == frozenset({value})


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("It reached 1897 parts per billion.", {"number": frozenset({"part|1897"})}),
        ("It sold 2000 cars.", {"number": frozenset({"cars|2000"})}),
        # a core drops the comma of "up to 2,000 soldiers": the hedge says it counts
        ("It sent up to 2000 soldiers.", {"number": frozenset({"soldi|2000~"})}),
        ("It ran from 1990 to 2000 in all.", {"year": frozenset({"1990", "2000"})}),
        ("About 2,000 times sweeter.", {"number": frozenset({"time|2000~"})}),
        ("In 2024 people voted.", {"year": frozenset({"2024"})}),
        ("The 2024 elections were held.", {"year": frozenset({"2024"})}),
        ("2024 marks the end.", {"year": frozenset({"2024"})}),
        ("It said 2024 was warmer.", {"year": frozenset({"2024"})}),
        ("It gave fiscal 2025 results.", {"year": frozenset({"2025"})}),
    ],
)
def test_a_year_like_figure_that_counts_something_is_a_number(
    text: str, kinds: dict[str, frozenset[str]]
) -> None:
    assert facts_of(text).kinds() == kinds


def test_a_decade_holds_its_years_and_differs_from_another_decade() -> None:
    nineties = facts_of("Fujitsu built it for the Post Office in the late 1990s.")
    assert nineties.kinds() == {"decade": frozenset({"1990"})}
    assert not conflict(nineties, facts_of("Fujitsu built it for the Post Office in 1999."))
    assert conflict(nineties, facts_of("Fujitsu built it for the Post Office in the 1980s."))


def test_a_count_that_looks_like_a_year_does_not_conflict_with_the_year() -> None:
    record = "Carbon dioxide reached a record 422 parts per million in 2024."
    both = "CO2 and methane hit records, at 422 parts per million and 1897 parts per billion."
    assert not conflict(facts_of(record), facts_of(both))


def test_a_temperature_is_one_unit_however_it_is_written() -> None:
    for text in ("It was 1.6 °C above.", "It was 1.6C above.", "It was 1.6 degrees Celsius above."):
        assert facts_of(text).kinds() == {"number": frozenset({"°|1.6"})}, text
    assert conflict(facts_of("It was 1.6 °C above."), facts_of("It was 1.5 C above."))


def test_a_count_under_100_is_told_exactly() -> None:
    bases = facts_of("He finished the year with 59 stolen bases.")
    assert conflict(bases, facts_of("He finished the year with 60 stolen bases."))
    assert not conflict(bases, facts_of("He finished the year with 59 stolen bases and 54 homers."))
    # larger figures and decimals keep the tolerance: rounded tellings of one figure
    assert not conflict(facts_of("1,456 deaths were recorded."), facts_of("About 1,500 deaths."))
    assert not conflict(facts_of("A $2.9 billion bailout."), facts_of("A $3 billion bailout."))


def test_two_unrounded_counts_are_told_exactly_unless_one_is_hedged() -> None:
    toll = facts_of("The toll had stood at 115 since August 21.")
    assert conflict(toll, facts_of("The confirmed toll stood at 111 on Thursday."))
    # a bound or an estimate may round; a round figure may be a rounding
    assert not conflict(facts_of("They were heading for fewer than 125 seats."),
                        facts_of("They won 121 seats."))
    assert not conflict(facts_of("About 117 people died."), facts_of("115 people died."))
    assert not conflict(facts_of("The toll reached 120."), facts_of("The toll reached 118."))
    assert facts_of("It cost about $3 billion.").kinds() == {"number": frozenset({"$|3e+09~"})}


def test_two_figures_given_to_the_same_place_are_two_figures() -> None:
    crest = facts_of("The river could rise to about 8.5 metres.")
    assert conflict(crest, facts_of("The river crested at about 8.3 metres."))
    assert conflict(facts_of("Inflation was 4.4% in May."), facts_of("Inflation was 4.5% in May."))
    assert conflict(facts_of("About 8,300 people fled."), facts_of("About 8,500 people fled."))
    # one telling rounds the other, or only one is hedged: one figure
    assert not conflict(crest, facts_of("The river crested at 8.47 metres."))
    assert not conflict(facts_of("Inflation was 4.5% in May."), facts_of("Inflation was 4.46%."))
    assert not conflict(crest, facts_of("The river rose to 8.3 metres."))


def test_and_a_half_is_part_of_the_figure() -> None:
    assert facts_of("It was lifted two and a half hours later.").kinds() == {
        "number": frozenset({"secon|9000"})}
    assert conflict(facts_of("It was lifted about six hours later."),
                    facts_of("It was lifted two and a half hours later."))


def test_a_duration_in_two_units_is_one_figure_in_the_larger() -> None:
    longest = facts_of("Totality lasted up to 4 minutes and 28 seconds near Nazas.")
    assert "secon|268~" in longest.kinds()["number"]
    assert not conflict(longest, facts_of("The longest totality was just under four and a half "
                                          "minutes, near Nazas."))
    assert not conflict(longest, facts_of("It lasted four minutes and twenty-eight seconds."))
    assert conflict(longest, facts_of("Totality lasted up to 3 minutes and 28 seconds."))
    # only the next smaller unit joins: "4 minutes and 28 people" is two counts
    assert facts_of("4 minutes and 28 people").kinds()["number"] == {"secon|240", "peopl|28"}
    # abbreviated, with no "and": the same figure
    assert "secon|268" in facts_of("Longest totality: 4 min 28 s, near Nazas.").kinds()["number"]


@pytest.mark.parametrize(
    ("a", "b", "clash"),
    [
        ("US tap water is fluoridated at 1.0 mg/L.",
         "US water is fluoridated at 1.5 milligrams per liter.", True),
        ("Winds reached 140 mph.", "Winds reached 140 miles per hour.", False),
        ("Winds reached 140 mph.", "Winds reached 150 miles per hour.", True),
        ("About 15 GW was lost.", "About 15 gigawatts disappeared.", False),
        ("The wait was 90 min.", "The wait was 1.5 hrs.", False),
        ("The wall is 3 km long.", "The wall is 3 kilometres long.", False),
        ("A dose of 5 mg a day.", "A dose of 5 millimetres.", False),  # two units: no clash
    ],
)  # fmt: skip
def test_a_unit_abbreviated_is_the_unit_spelled(a: str, b: str, clash: bool) -> None:
    """ "mg" and "milligrams", "mph" and "miles" are one unit, and their figures compare;
    the stems alone would have merged milligrams with millimetres."""
    assert conflict(facts_of(a), facts_of(b)) is clash


def test_one_prize_in_kronor_by_code_and_by_name_is_one_amount() -> None:
    a = "Prize money: SEK 11 million, divided equally between the two laureates."
    b = "The prize money of 11 million Swedish kronor was divided equally between the two."
    assert not conflict(facts_of(a), facts_of(b))
    assert conflict(facts_of(b), facts_of("The prize money was 10 million Swedish kronor."))


def test_a_negated_comparative_is_a_superlative_not_a_denial() -> None:
    strongest = "It was the strongest hurricane on record to reach the coast."
    none_stronger = "No hurricane on record had reached the coast with stronger winds."
    assert not conflict(facts_of(strongest), facts_of(none_stronger))
    assert facts_of("Nothing is more important than this.").negated is False
    # a negation whose clause has no comparative still denies
    assert facts_of("No hurricane on record had reached the coast.").negated
    assert facts_of("There was no evidence, more or less.").negated


@pytest.mark.parametrize(
    "text",
    ["The next total eclipse over the lower 48 states is not until 2044.",
     "The next total eclipse over the lower 48 states will not come until 2044.",
     "The bridge did not fully reopen until May."],
)
def test_not_until_tells_a_time_and_denies_nothing(text: str) -> None:
    assert facts_of(text).negated is False
    assert facts_of("The bridge did not reopen.").negated  # no "until": a denial


def test_one_of_names_a_member_not_a_count() -> None:
    crowd = "More than 50,000 people gathered at the speedway, one of the places NASA filmed."
    assert facts_of(crowd).kinds() == {"number": frozenset({"peopl|50000~"})}
    assert facts_of("One engine failed.").kinds() == {"number": frozenset({"engin|1"})}


def test_advising_against_is_advising_not_to() -> None:
    against = "The FDA and CDC both advise against drinking raw milk during this outbreak."
    not_to = "The FDA and the CDC have advised consumers not to drink raw milk."
    a, b = facts_of(against), facts_of(not_to)
    assert a.negated and not conflict(a, b, content_stems(against), content_stems(not_to))
    drink = "The FDA and CDC both advise drinking raw milk during this outbreak."
    assert conflict(a, facts_of(drink), content_stems(against), content_stems(drink))
    # "against" after no directive, or with its object before it, denies nothing
    assert facts_of("The team played against Miami.").negated is False
    assert facts_of("A hull design that experts had warned against.").negated is False


def test_a_count_of_people_is_one_unit_whatever_noun_counts_them() -> None:
    people = facts_of("About 31.6 million people live in the path of totality.")
    assert conflict(people, facts_of("More than 100 million Americans lived inside the path."))
    assert not conflict(people, facts_of("Some 31.6 million Americans live in the path."))
    assert facts_of("About 500 residents left.").kinds() == {"number": frozenset({"peopl|500~"})}
    # a study's participants too: a trial "of 2,100 patients" is none "of 40,000 people"
    trial = facts_of("The trial enrolled 2,100 patients in four countries.")
    assert conflict(trial, facts_of("The trial followed more than 40,000 people."))
    assert not conflict(trial, facts_of("About 2,100 volunteers took part in the trial."))
    # a plural in "-ans" that is no nation's people stays its own unit
    assert facts_of("It made 40 loans.").kinds() == {"number": frozenset({"loan|40"})}


def test_a_participle_before_the_counted_noun_is_not_the_unit() -> None:
    five = facts_of("All five confirmed deaths were in the area of the fire.")
    assert five.kinds() == {"number": frozenset({"death|5"})}
    assert conflict(five, facts_of("The examiner has confirmed at least 10 deaths."))
    assert not conflict(five, facts_of("Five deaths were confirmed in the area."))
    assert facts_of("It has 1,200 registered voters.").kinds() == {
        "number": frozenset({"voter|1200"})}
    # a participle with no noun after it is the counted word ("5 injured")
    assert facts_of("It left 5 injured and 2 dead.").kinds()["number"] >= {"injur|5"}


def test_a_time_in_a_named_zone_is_a_local_rendering_not_a_fact() -> None:
    wire = facts_of("The blackout struck at 12:33 p.m. on Monday.")
    assert wire.kinds()["time"] == frozenset({"12:33"})
    for local in ("The blackout struck at 11:33 a.m. Lisbon time on Monday.",
                  "The blackout struck at 10:33 GMT on Monday.",
                  "The blackout struck at 12:33 p.m. local time on Monday."):
        assert "time" not in facts_of(local).kinds()
        assert not conflict(wire, facts_of(local))
    # two times with no zone still differ
    assert conflict(wire, facts_of("The blackout struck at 11:33 a.m. on Monday."))


def test_unable_to_is_a_negation_as_could_not_is() -> None:
    unable = "NOW said it was unable to find a laboratory able to test creatine."
    could_not = "NOW said it could not find a laboratory able to test creatine, it said."
    found = "NOW said it did find a laboratory able to test creatine."
    assert facts_of(unable).negated is True
    stems = content_stems
    assert not conflict(facts_of(unable), facts_of(could_not), stems(unable), stems(could_not))
    assert conflict(facts_of(unable), facts_of(found), stems(unable), stems(found))


@pytest.mark.parametrize(
    ("a", "b", "clash"),
    [
        ("Standing burns about 50 more calories an hour.", "Standing burns 300 calories.", True),
        ("The airline ran 12 extra flights.", "The airline ran 12 flights.", False),
        ("There were five fewer deaths this year.", "There were 9 deaths.", True),
    ],
)
def test_a_comparative_between_a_figure_and_its_noun_counts_the_noun(
    a: str, b: str, clash: bool
) -> None:
    assert conflict(facts_of(a), facts_of(b)) is clash


@pytest.mark.parametrize(
    ("a", "b", "clash"),
    [
        ("A signal takes 22.5 hours to get there.", "It takes 22.5 minutes to get there.", True),
        ("The walk took 90 minutes.", "The walk took 1.5 hours.", False),
        ("Eat within an eight-hour window.", "Eat within eight hours.", False),
        ("It lasted 1 hour.", "It lasted 3 hours.", True),
        ("The search took three days.", "The search took 72 hours.", False),
        ("There was 1 case.", "There were 2 cases.", True),
    ],
)
def test_a_duration_is_one_unit_and_a_short_plural_its_singular(
    a: str, b: str, clash: bool
) -> None:
    """Hours, minutes, days are compared in seconds; "hours" and "hour" (stems of five
    letters keep the plural "s") are one unit."""
    assert conflict(facts_of(a), facts_of(b)) is clash


def test_may_and_march_without_a_capital_are_verbs_not_months() -> None:
    assert ("month", "may") not in facts_of("Of the 12 cases, 5 may be linked to the farm.").values
    assert facts_of("Troops march 5 miles.").values == {("number", "mi|5")}
    assert ("date", "may 5") in facts_of("Polls close on 5 May 2026.").values


@pytest.mark.parametrize(
    ("a", "b", "clash"),
    [
        ("One in ten pupils vapes.", "About 1.8% of pupils vape.", True),
        ("One in five adults smokes.", "18% of adults smoke.", False),
        ("Nearly nine in ten firms kept it.", "89% of the firms kept it.", False),
        ("Two in three homes have one.", "About two-thirds of homes have one.", False),
        ("Nearly half of voters backed it.", "45% of voters backed it.", False),
        ("Nearly half of voters backed it.", "38% of voters backed it.", True),
        ("One in three children is affected.", "One in four children is affected.", True),
        ("A quarter of the staff left.", "25% of the staff left.", False),
        ("The pouch gave twice the nicotine.", "The pouch gave ten times the nicotine.", True),
        ("The pouch gave twice the nicotine.", "The pouch gave two times the nicotine.", False),
    ],
)  # fmt: skip
def test_a_share_in_words_is_a_loose_percentage(a: str, b: str, clash: bool) -> None:
    """ "one in ten" is 10%, "two-thirds" 67%, "nearly half" 50%: compared with a
    percentage within ``SHARE_TOLERANCE`` (words round), and the table agrees."""
    assert conflict(facts_of(a), facts_of(b)) is clash
    table = fact_table([a, b])
    assert bool(table.conflicts(np.array([0]), np.array([1]))[0]) is clash


@pytest.mark.parametrize(
    "text",
    [
        "Tests ran in the second half of last year.",
        "The rate rose by a quarter of a percentage point.",
        "Five people died in 2024.",
        "Prices rose 5 in 10 years.",
        "It opened in October 2012 in 77 towns.",  # not "12 in 77": the number is 2012
    ],
)
def test_no_share_where_the_words_tell_a_time_or_a_point(text: str) -> None:
    assert not any(v.startswith("%|") for _, v in facts_of(text).values)

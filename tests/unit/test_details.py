"""What a shown sentence must hold beyond the question's words: its figures, its details
unchanged, its predicate (ranking); wording of ports, banks and ministries, not the seeds."""

from __future__ import annotations

import pytest

from rag.answerability import changed_detail, figure_missing, other_part, other_people, roman_value
from rag.evidence import holds_count, question_predicates, states_predicates
from rag.text import term_set

# Words of one kind (directions, ordinals, degrees) are alternatives; other pairs are not.
_KINDS = [{"eastern", "western", "northern", "southern"}, {"first", "second", "third", "fourth", "fifth"},
          {"lowest", "highest"}, {"north", "south", "east", "west"}, {"beginning", "start"}]


def similarity(a: str, b: str) -> float:
    return 0.9 if any(a in k and b in k for k in _KINDS) else 0.1


@pytest.mark.parametrize(("question", "sentence", "said"), [
    ("How many cranes stand on the port's eastern quay?", "Four cranes stand on the port's western quay.", "western"),
    ("Who chaired the bank's fifth meeting?", "The governor chaired the bank's fourth meeting in May.", "fourth"),
    ("Who called it the lowest rate on record?", "The ministry called it the highest rate on record.", "highest"),
    # a proper name that says which one: another name in its place is another thing
    ("How many cranes stand at the Rotterdam port?", "Four cranes stand at Hamburg's port.", "Hamburg"),
    ("How many cranes stand at Rotterdam's port?", "Four cranes stand at the Hamburg port.", "Hamburg"),
    # a word of a longer name says which one as much
    ("What did the Hamburg Port Authority announce?", "The Rotterdam Port Authority announced a new quay.", "Rotterdam"),
    # a noun that says which kind, against a noun WordNet tells apart from it in every sense
    ("How many container cranes stand on the quay?", "Four grain cranes stand on the quay.", "grain"),
    ("Who paid the union workers?", "The port paid the dock workers in May.", "dock"),
    # the question's name said of another noun, while this noun has another name
    ("Which quay in Rotterdam harbour did the ship reach?",
     "The ship reached the Maas quay, in Hamburg harbour, on its way to Rotterdam.", "Hamburg"),
])
def test_a_sentence_that_changes_a_detail_of_the_question_is_about_something_else(question, sentence, said) -> None:
    found = changed_detail(question, sentence, similarity)
    assert found is not None and found.said == said
    assert said in found.reason
    assert not found.held_by(sentence) and found.held_by(sentence.replace(said, found.asked))


@pytest.mark.parametrize(("question", "sentence"), [
    ("How many cranes stand on the port's eastern quay?", "Four cranes stand on the port's eastern quay."),
    ("How many cranes stand on the port's eastern quay?", "Four cranes stand on the quay."),  # no alternative named
    ("What was the ministry's primary aim?", "The ministry's slow aim was noted."),  # not of one kind
    ("How many new cranes did the port buy?", "The port bought four new cranes."),
    ("How many cranes stand at the Rotterdam port?", "Four cranes stand at Rotterdam's port."),
    ("How many cranes stand at the Roterdam port?", "Four cranes stand at Rotterdam's port."),  # misspelt
    ("How many cranes stand at the Rotterdam port?", "Four cranes stand at the eastern port."),  # a name is no adjective
    ("What did Anna Kowalski announce?", "Maria Kowalski announced a new quay."),  # a person's names are one name
    ("How many harbour cranes stand on the quay?", "Four port cranes stand on the quay."),  # one kind in WordNet
    # names joined by "and" describe the noun together
    ("How many cranes stand in Hamburg harbour?", "Four cranes stand in Rotterdam and Hamburg harbours."),
    ("Which quay in Rotterdam harbour did the ship reach?", "The ship reached the Maas quay in Rotterdam harbour."),
    # the question's name anywhere in the noun's phrase: deeper in it, or in apposition
    ("Where was the Maas Agency reporting from?", "According to Holland’s Maas news agency, the ships have left the port."),
    ("How close to Rotterdam City had the ships sailed?",
     "Thousands of ships pushed on, reaching the outskirts of Holland’s second largest city Rotterdam and taking ports."),
    # only a place's name is told apart where the sentence has the name elsewhere: people and
    # things go by two names ("the Mongol emperors" were "the Yuan emperors")
    ("What did the Tudor kings build?", "The Stuart kings built the palace that the Tudor court had planned."),
    # a name given by its initials ("AP") is the name written out ("Associated Press")
    ("What did the AP writer add to the report?", "Associated Press writer Anna Kowalski added to this report."),
])
def test_a_sentence_that_keeps_or_omits_the_detail_is_not_flagged(question, sentence) -> None:
    assert changed_detail(question, sentence, similarity) is None


@pytest.mark.parametrize(("question", "sentence", "said"), [
    # another part of the same whole, of the question's part's kind (WordNet tells them apart; the embedder puts them close)
    ("Which bank has offices in the north of the county?", "Largely in the south of the county, the bank has offices.", "south"),
    ("How many cranes stand in the east of the port?", "Four cranes stand in the west of the port.", "west"),
    # the part kept, another whole, a part named another way, or a part of another kind: left alone
    ("Which bank has offices in the north of the county?", "In the north of the county, the bank has offices.", None),
    ("Which bank has offices in the north of the county?", "In the south of the city, the bank has offices.", None),
    ("What happened at the beginning of the strike?", "At the start of the strike, the dockers left.", None),
    ("What happened at the end of the strike?", "At the start of the strike, the dockers left.", None),
])
def test_a_sentence_about_another_part_of_the_whole_is_about_something_else(question, sentence, said) -> None:
    found = other_part(question, sentence, similarity)
    assert (found.said if found else None) == said
    if found:
        assert not found.held_by(sentence) and found.held_by(sentence.replace(said, found.asked))


@pytest.mark.parametrize(("question", "sentence", "said"), [
    # other people tied to the same words: described alike, "of" the same figure, undergoing the same deed
    ("What did the mayor ask the town's teachers to do?", "The mayor asked the town's nurses to stay home.", "nurses"),
    ("Who said the strike has left thousands of farmers without pay?",
     "The union said the strike has left thousands of dockers without pay.", "dockers"),
    ("How many passengers were injured in the crash?", "Police said dozens of sailors were injured in the crash.",
     "sailors"),
    # the same people named another way, a kind of them, things rather than people: left alone
    ("What did the mayor ask the town's inhabitants to do?", "The mayor asked the town's residents to stay home.", None),
    ("How many people were injured in the crash?", "Police said dozens of passengers were injured in the crash.", None),
    ("What did the port's cranes lift?", "The port's tugs moved two tankers.", None),
    ("What did the mayor ask the town's nurses to do?", "The mayor asked the town's nurses to stay home.", None),
])
def test_a_sentence_about_other_people_is_about_someone_else(question, sentence, said) -> None:
    found = other_people(question, sentence)
    assert (found.said if found else None) == said
    if found:
        assert not found.held_by(sentence) and found.held_by(sentence.replace(said, found.asked))


def test_people_the_rest_of_the_evidence_names_are_a_name_for_the_same_people() -> None:
    q, s = "How many insurgents were killed in the clashes?", "Dozens of fighters were killed in the clashes."
    assert other_people(q, s) is not None
    assert other_people(q, s, evidence="The insurgents, who call themselves fighters, took the town.") is None


def test_the_figure_of_the_question_must_be_in_the_shown_sentence() -> None:
    q = "On which day did the port load more than 50 ships?"
    assert figure_missing(q, "The port loaded more than 50 ships on Monday.") is None
    assert "50" in figure_missing(q, "On Friday the port loaded grain for the ministry.")


def test_roman_numerals_stand_for_their_figures() -> None:
    assert [roman_value(w) for w in ("II", "XIV", "IX", "I", "DC", "Ivan", "IIII")] == [2, 14, 9, None, None, None, None]
    assert figure_missing("What did Basel phase 2 change?", "Basel Phase II raised capital buffers.") is None
    assert figure_missing("What did Basel phase 3 change?", "Basel Phase II raised capital buffers.") is not None


@pytest.mark.parametrize(("question", "stems"), [
    ("Who commissioned the new harbour wall?", ["commiss"]),
    ("When did the governor of the bank die?", ["die"]),
    ("What was the ministry's budget?", []),                       # "be" says nothing by itself
    ("According to the ministry, what did the port build?", ["build"]),  # "according" is not the predicate
    ("After the strike ended, what did the dockers demand?", ["demand"]),  # a scene-setting clause is not asked
])
def test_the_question_s_predicate_is_its_main_verb(question, stems) -> None:
    assert question_predicates(question) == stems


def test_a_sentence_states_the_predicate_in_another_form() -> None:
    assert states_predicates(["partner"], term_set("The bank, in partnership with the port, built it."))
    assert states_predicates(["challeng"], term_set("The union was challenging the ruling."))
    assert not states_predicates(["commiss"], term_set("The harbour wall is a work of granite."))
    assert not states_predicates([], term_set("Anything at all."))


def test_the_question_s_detail_is_held_only_where_it_describes_the_same_noun() -> None:
    found = changed_detail("Which method counts the first vote?", "The second vote is counted by the d'Hondt method.",
                           similarity)
    assert found is not None
    assert found.held_by("The first vote is counted by plurality.")
    assert not found.held_by("To award the first seat, the votes are divided.")  # both words, not the phrase


@pytest.mark.parametrize(("question", "sentence", "holds"), [
    ("How many cranes did the port buy?", "The port bought four cranes in 2019.", True),
    ("How many cranes did the port buy?", "The port bought dozens of cranes.", True),
    ("How many cranes did the port buy?", "The port bought new cranes in 2019.", False),  # a year is not a count
    ("How many cranes did the port buy?", "The port grew by 400 square kilometres.", False),  # a measure of land
    ("How many cranes did the port buy?", "The port spent $5 million on cranes.", False),  # money, not cranes
    ("How many years did the port stay closed?", "The port stayed closed for 12 years.", True),  # a measure of years
    ("How much did the port spend?", "The port spent $5 million on cranes.", True),  # any figure
    ("How much did the port spend?", "The port spent heavily on cranes.", False),
    # a count of another thing the question names is not a count of what it asks
    ("How many cranes did the dockers unload?", "Hundreds of dockers unloaded the ship.", False),
    ("How many cranes did the dockers unload?", "Two dockers unloaded the ship.", False),
    ("How many cranes did the dockers unload?", "Two of the dockers unloaded three cranes.", True),
    ("How many cranes did the dockers unload?", "Two teams unloaded the cranes.", True),  # not named: may be them
    # a count of something else, or of nothing the parse can tell, needs the question's deed
    ("How many cranes did the storm destroy?", "The storm sank two ships at the port.", False),
    ("How many cranes did the storm destroy?", "The storm left hundreds stranded at the port.", False),
    ("How many cranes did the storm destroy?", "The storm destroyed dozens at the port.", True),
    # a count of the very things asked may say the deed another way
    ("How many cranes did the storm destroy?", "The storm wrecked four cranes.", True),
    ("How many dockers died in the fire?", "The fire killed six dockers.", True),  # killing causes dying
    ("How many mines did the crew detonate?", "The crew blew up ten mines.", True),  # a phrasal verb
    # … but not as a deed that WordNet tells apart from the question's
    ("How many dockers were injured in the fire?", "The fire killed six dockers.", False),
    ("How many cranes were sold by the port?", "The port bought four cranes in 2019.", False),
    ("How many mines did the crew defuse?", "The crew blew up ten mines.", False),
    ("How many dockers were injured in the fire?", "The fire killed six people, including two dockers.", False),
])
def test_how_many_is_answered_by_a_count_of_the_things_asked(question, sentence, holds) -> None:
    assert holds_count(question, sentence) is holds


@pytest.mark.parametrize(("question", "holds"), [
    ("How far is the lighthouse from the harbour?", False),  # the distance of the quay, not of the lighthouse
    ("How many kilometres from the harbour is the lighthouse?", False),
    ("How far is the quay from the harbour?", True),
    ("How many kilometres from the harbour is the quay?", True),
])
def test_a_question_without_a_verb_measures_its_subject(question, holds) -> None:
    sentence = "Dockers took the north quay, about four kilometres from the harbour."
    assert holds_count(question, sentence) is holds


@pytest.mark.parametrize(("question", "sentence", "holds"), [
    ("How long did the strike last?", "The strike of 1920 was a turning point for the dockers.", False),  # a point in time
    ("How long did the strike last?", "The strike lasted for weeks.", True),  # a span, with no figure
    ("How long did the strike last?", "The strike lasted 70 days.", True),
    ("How long is the quay?", "The quay runs 300 metres along the river.", True),  # a length that is no time
])
def test_how_long_takes_a_span_not_a_point_in_time(question, sentence, holds) -> None:
    assert holds_count(question, sentence) is holds


@pytest.mark.parametrize(("question", "sentence", "holds"), [
    # the place the question sets the count in must be the sentence's, or another word for it
    ("How many dockers were killed at the warehouse?", "The fire killed six people, including two dockers.", False),
    ("How many dockers were killed at the warehouse?", "The fire at the warehouse killed six dockers.", True),
    ("How many dockers were killed at the harbour?", "The fire at the port killed six dockers.", True),
    # an event is no place: "in the fire" is what happened, not where
    ("How many dockers were killed in the fire?", "The blaze killed six dockers.", True),
])
def test_a_count_set_at_a_place_needs_that_place(question, sentence, holds) -> None:
    assert holds_count(question, sentence) is holds


def test_the_other_side_of_a_time_frame_is_a_changed_detail() -> None:
    from rag.answerability import other_frame

    found = other_frame("How many ferries were built after the strike of 1921?",
                        "Before the strike of 1921, about twenty ferries had been built.")
    assert found is not None and (found.asked, found.said) == ("after", "before")
    assert found.held_by("After the strike of 1921, six ferries were built.")
    assert not found.held_by("Before the strike of 1921, six ferries were built.")
    assert other_frame("How many ferries were built before the strike of 1921?",
                       "Before the strike of 1921, about twenty ferries had been built.") is None
    # a frame of something else
    assert other_frame("How many ferries were built after the strike?", "Before the war, twenty ferries were built.") is None


def test_a_subject_that_refers_back_is_told_apart() -> None:
    from rag.assistant import _subject_referred_back

    assert _subject_referred_back("He was installed as the mayor in Kelmar, while Olaf Dahl's son ruled Varnes.")
    assert _subject_referred_back("However he cannot do so until a week has passed.")
    # a named subject, or a pronoun its own sentence binds
    assert not _subject_referred_back("Berg was installed as the mayor in Kelmar.")
    assert not _subject_referred_back("Olaf Dahl said he was installed as the mayor.")

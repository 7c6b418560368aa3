"""A quoted speaker given as "the agency" or "she" is traced to the name before it."""

from __future__ import annotations

import pytest

from rag.speakers import (antecedent, asked_speaker, attributed, naming_clause, refers_to_asked_kind, speaker_reference,
                          speaks)

TEXT = ("Port strike. "
        "Belgium's Transport Ministry, citing two officials, said the port of Antwerp closed on Monday. "
        "Traffic was diverted to Rotterdam. "
        "The ministry also said that the strike would last a week. "
        "Maria Lopez, the union's leader, called the closure a success. "
        "She said that talks would resume on Friday.")


def test_the_subject_reference_is_found_and_names_are_left_alone() -> None:
    assert speaker_reference("The ministry also said that the strike would last a week.") == "ministry"
    assert speaker_reference("She said that talks would resume on Friday.") == "she"
    assert speaker_reference("Reuters said the port closed.") is None
    assert speaker_reference("Traffic was diverted to Rotterdam.") is None


def test_the_reference_leads_to_the_sentence_that_named_it() -> None:
    a, b, x, y = antecedent(TEXT, 0, TEXT.index("The ministry"), "ministry") or (0, 0, 0, 0)
    assert TEXT[a:b].startswith("Belgium's Transport Ministry")  # two sentences back, past one naming none
    assert TEXT[x:y] == "Transport Ministry"
    a, b, x, y = antecedent(TEXT, 0, TEXT.index("She said"), "she") or (0, 0, 0, 0)
    assert TEXT[a:b].startswith("Maria Lopez")
    assert antecedent(TEXT, 0, TEXT.index("Traffic"), "agency") is None


def test_the_quoted_clause_always_holds_the_name() -> None:
    """A long sentence is cut, but never before the name it is quoted for."""
    text = ("In a statement released late on Sunday evening after the long meeting of the cabinet had ended in the "
            "capital city, the Harbour Authority said the strike had cost millions, adding that talks would go on. "
            "The authority also said the port would reopen.")
    found = antecedent(text, 0, text.index("The authority"), "authority")
    assert found is not None
    a, b = naming_clause(text, found)
    assert "Harbour Authority" in text[a:b] and text[a:b].startswith("the Harbour Authority said")
    short = "The Harbour Authority said the port closed on Monday. The authority said it would reopen."
    a, b = naming_clause(short, antecedent(short, 0, short.index("The authority"), "authority"))
    assert short[a:b] == "The Harbour Authority said the port closed on Monday."


@pytest.mark.parametrize(("question", "speaker"), [
    ("How many cranes did the Harbour Board say the port bought?", "Harbour Board"),
    ("According to the Maritime Institute, when did the port close?", "Maritime Institute"),
    ("What did Harbour Radio report about the strike?", "Harbour Radio"),  # "report" often parsed as a noun
    ("What did Russian Major Oleg Petrov claim on Monday?", "Russian Major Oleg Petrov"),  # and "did" as the main verb
    # "report" is the subject: it says nothing of Petrov's
    ("What did Petrov's report in 1973 recommend building?", None),
    ("Who said the port closed in May?", None),  # the speaker is what is asked
    ("When did the port close?", None),
    # said of the dockers, by someone the question does not name; a claim to have done is the claimant's
    ("Where were the Portmere dockers said to be marching, according to the footage?", None),
    ("What did the Harbour Board claim to have bought?", "Harbour Board"),
    # a capitalised noun the small tagger takes for a common one is a name all the same
    ("When did the storm reach the coast, according to the Observatory?", "Observatory"),
])
def test_the_named_source_a_question_asks_about(question, speaker) -> None:
    assert asked_speaker(question) == speaker


def test_a_sentence_is_attributed_when_it_names_most_of_the_speaker() -> None:
    assert attributed("Harbour Board", "The Harbour Board said the port bought four cranes.")
    assert attributed("Maritime Institute", "The institute's head said the Maritime staff left.")  # half the name
    assert not attributed("Harbour Board", "The port bought four cranes, the mayor said.")


@pytest.mark.parametrize(("speaker", "sentence", "said"), [
    ("Harbour Board", "The Harbour Board said the port bought four cranes.", True),
    ("Harbour Board", "According to the Harbour Board, the port bought four cranes.", True),
    ("Harbour Board", "The port bought four cranes, the Harbour Board's chairman said.", True),
    ("Harbour Board", "The Harbour Board estimated that the port lost a week.", True),
    ("Harbour Board", "Jan Smit, the head of the Harbour Board, said the port was full.", True),
    # what the board issued says it
    ("Harbour Board", "The Harbour Board issued a statement saying the port bought four cranes.", True),
    ("Harbour Board", "The Harbour Board issued a statement on the cranes.", False),
    # named, but as someone spoken to or of: the words are another's
    ("Harbour Board", "In a letter to the Harbour Board, the union said the strike would end.", False),
    ("Harbour Board", "Harbour Board-linked firms have been idle since May.", False),
])
def test_a_speaker_must_be_the_one_who_says_it(speaker, sentence, said) -> None:
    assert speaks(speaker, sentence) is said


def test_a_subject_that_refers_back_speaks_for_the_name_it_stands_for() -> None:
    sentence = "It said the port bought four cranes."
    assert speaks("Harbour Board", sentence, stands_for="the Harbour Board")
    assert not speaks("Harbour Board", sentence, stands_for="the Maritime Institute")
    assert not speaks("Harbour Board", "It bought four cranes.", stands_for="the Harbour Board")  # no saying


def test_the_agency_of_the_sentence_may_be_the_agency_the_question_asks_for() -> None:
    assert refers_to_asked_kind("agency", "Which agency reported that the dockers struck?")
    assert refers_to_asked_kind("it", "What agency said the port was closed?")
    assert not refers_to_asked_kind("ministry", "Which agency reported that the dockers struck?")
    # the kind asked for is not the doer asked for
    assert not refers_to_asked_kind("agency", "Which port did the agency close?")

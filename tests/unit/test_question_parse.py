"""A question whose inverted auxiliary the small parser takes for the main verb is parsed in
statement order (rag.nlp.parse_question). Wording of ports and councils."""

from __future__ import annotations

import pytest

from rag.nlp import parse_question


def _verb(question: str) -> tuple[str, str, str]:
    doc = parse_question(question)
    root = next(t for t in doc if t.dep_ == "ROOT")
    subject = next((c.lemma_ for c in root.children if c.dep_ == "nsubj"), "")
    thing = next((c.lemma_ for c in root.children if c.dep_ == "dobj"), "")
    return root.lemma_, subject, thing


@pytest.mark.parametrize(("question", "verb", "subject", "thing"), [
    ("Since which year have port-linked unions controlled the harbour?", "control", "union", "harbour"),
    ("How many cranes have the dockers destroyed?", "destroy", "docker", "crane"),
    # the verb after "do" read as the end of a compound noun ("the harbour board use"), put in
    # the tense "did" carries
    ("What new crane did the harbour board use in the strike?", "use", "board", "crane"),
    ("How many cranes did the council supply to the dockers?", "supply", "council", "crane"),
])
def test_a_misparsed_inverted_question_is_read_in_statement_order(question, verb, subject, thing) -> None:
    assert _verb(question) == (verb, subject, thing)


@pytest.mark.parametrize("question", [
    "When did the dockers occupy the harbour?",  # parsed right as it is
    "Who did the mayor call on?",  # the order says it asks for the object: kept
    "What is the harbour called?",
    "Where didn't the dockers work?",  # a denied deed is not rewritten
])
def test_other_questions_keep_their_own_parse(question) -> None:
    assert parse_question(question).text == question


def test_a_verb_read_as_a_noun_is_inflected_in_place_of_do() -> None:
    assert parse_question("What did the port authority post online?").text == "the port authority posted what online?"


def test_an_infinitive_is_not_taken_for_the_verb_after_do() -> None:
    # "form" read as a noun ("Jan form"); "to oppose" is what the union was formed for
    assert parse_question("What union did Jan form to oppose the board?").text == \
        "Jan formed what union to oppose the board?"


@pytest.mark.parametrize(("question", "statement"), [
    # the verb read as a noun after a people's adjective, or as the root after its own subject
    ("What did the Danish exploit in the harbour?", "the Danish exploited what in the harbour?"),
    ("When did the blockade of Bruges end?", "the blockade of Bruges ended when?"),
    # the verb made part of the verbal noun after it, which stays before the thing asked for
    ("What did residents in Ostend report hearing?", "residents in Ostend reported hearing what?"),
])
def test_other_verbs_read_as_nouns(question, statement) -> None:
    assert parse_question(question).text == statement

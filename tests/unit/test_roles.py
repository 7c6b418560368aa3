"""Who does the question's verb: a sentence that says it of someone else is not the answer.
Wording of ports, banks and councils, not the seeds or squad-half."""

from __future__ import annotations

import pytest

from rag.roles import doers, other_deed, other_doer


@pytest.mark.parametrize(("question", "sentence", "said"), [
    # the question's doer is in the sentence, doing something else; the verb is another's
    ("When did Mayor Hollis resign?", "When Mayor Brandt resigned in 1911, Mayor Hollis was elected to the council.",
     "Mayor Brandt"),
    ("Since when has the harbour been managed by the city council?",
     "The city council bought the docks in 1950, which were managed by the rail company.", "rail company"),
])
def test_a_sentence_that_says_the_verb_of_another_doer_is_flagged(question, sentence, said) -> None:
    found = other_doer(question, sentence)
    assert found is not None and found.said == said
    assert said in found.reason


@pytest.mark.parametrize(("question", "sentence"), [
    ("When did Mayor Hollis resign?", "Mayor Hollis resigned in 1911."),
    # a longer name of the same doer
    ("Since when has the harbour been managed by the council?", "The harbour has been managed by the city council since 1950."),
    # a doer named differently is not in the sentence: a paraphrase, not a change
    ("When did the traders leave the port?", "The merchants left the port in May."),
    # who is meant is not in this sentence
    ("When did Mayor Hollis resign?", "Mayor Hollis was praised. He resigned in 1911."),
    # the question's doer is part of a larger group that does it
    ("Where was the town settled by Huguenots?", "A small group of Huguenots settled the town on the river."),
])
def test_the_same_doer_or_no_named_doer_is_not_flagged(question, sentence) -> None:
    assert other_doer(question, sentence) is None


@pytest.mark.parametrize(("question", "sentence"), [
    # the doer's other deed carries the time
    ("When did the dock workers occupy the harbour?", "The dock workers, who had blocked the gates since 2019, marched to the city hall."),
    # the same deed done to something else
    ("When did the council close the Harbour Street market?", "Trade fell most since 2012, when the council closed three schools."),
])
def test_a_time_of_another_deed_of_the_same_doer_is_flagged(question, sentence) -> None:
    assert other_deed(question, sentence) is not None


@pytest.mark.parametrize(("question", "sentence"), [
    ("When did the dock workers occupy the harbour?", "The dock workers occupied the harbour in 2019."),
    # a time said of someone else: who reported it is not a second doer
    ("When did the dock workers occupy the harbour?", "The dock workers marched on, officials said on Friday."),
    # the question's doer is not in the sentence: nothing to compare
    ("When did the dock workers occupy the harbour?", "The police cleared the harbour in 2019."),
    ("When did the council close the Harbour Street market?", "The council closed the Harbour Street market in 2012."),
])
def test_a_time_of_the_asked_deed_or_of_someone_else_is_not_flagged(question, sentence) -> None:
    assert other_deed(question, sentence) is None


def test_the_doer_of_the_asked_deed_is_someone_even_unnamed() -> None:
    from rag.evidence import names_someone

    question = "Who has blocked the harbour gates since 2019?"
    sentence = "The strike came as port-linked unions, who had blocked the harbour gates since 2019, grew."
    assert "unions" in " ".join(doers(question, sentence))
    assert names_someone(sentence, question)
    assert not names_someone("The gates were blocked by it in 2019.", question)  # a pronoun says not who

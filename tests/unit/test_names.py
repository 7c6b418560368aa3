"""The question's proper names must be given by the sentence, its paragraph or its title."""

import pytest

from rag.names import name_unmentioned


@pytest.mark.parametrize(("question", "sentence", "context", "flagged"), [
    # a paragraph about another network: the sentence shares the deed and the thing, not the name
    ("Who paid for the Redline network?", "Harland and Sons paid for the network.", "Bluenet was a network.", True),
    ("Who paid for the Redline network?", "Harland and Sons paid for the network.", "Redline was a network.", False),
    # the title of the document names it, or the sentence does, by initials or by a pronoun
    ("Who paid for the Redline network?", "Harland and Sons paid for the network.", "Redline", False),
    ("Who led the deportation of the Acadians?", "Lawrence led the deportation of the Acadian people.", "", False),
    ("Who funded the Coastal Railway Line?", "The CRL was funded by Harland.", "", False),
    ("Who funded the Coastal Railway Line?", "It was funded by Harland.", "", False),
    # another name of the place, or its initials spelt out
    ("Who was a famous painter in Holland?", "The most famous painter in the Netherlands was Vermeer.", "", False),
    ("Whom did the US navy fight?", "The navy of the United States fought pirates.", "", False),
    # a people is told by whom the sentence names as often as by its name
    ("What were the requests made to the British?", "Amherst granted the governor's request for land.", "", False),
    # the question's doer and a time are not this check's
    ("When did Redline close its doors?", "The network closed in 1990.", "", False),
    ("What did the mill make in October 1990?", "The mill made bricks.", "", False),
])
def test_a_question_s_name_must_be_in_the_sentence_or_its_paragraph(question, sentence, context, flagged) -> None:
    assert (name_unmentioned(question, sentence, context) is not None) is flagged


def test_a_word_the_evidence_writes_in_lower_case_is_no_name() -> None:
    assert name_unmentioned("Who paid for the Westward expansion?", "Banks paid.", "", "the westward expansion") is None

"""Whether a sentence speaks of anything the question asks about (rag.topic): real spaCy parses."""

from __future__ import annotations

import pytest

from rag.topic import speaks_of_none


@pytest.mark.parametrize(("question", "sentence", "none"), [
    # the deed and the answer's kind shared, none of the things
    ("What is the ceremonial sword made from?", "In front of the desk is the parliamentary mace, which is made from silver.",
     True),
    ("What is the ceremonial sword made from?", "The ceremonial sword is made from silver.", False),
    # another word for the thing, a misspelt name, initials
    ("Which airfield did the rebels take?", "The rebels took the airbase on Monday.", False),
    ("What difficulties was Shirly having?", "Shirley's efforts were bogged down in logistical difficulties.", False),
    ("Where did the AP report come from?", "The Associated Press report was filed from Beirut.", False),
    # a pronoun may stand for the thing; a noun pointed back to may be named otherwise
    ("When was the harbour board set up?", "It was set up in 1921.", False),
    ("When were these settlers naturalised?", "In 1705 the assembly naturalised the 148 Huguenots.", False),
    # the noun a "which N" question asks for is the answer's kind, not a thing to share
    ("Which town did the rebels take?", "The rebels took Voss on Monday.", False),
    ("Which town did the rebels take?", "The storm hit Voss on Monday.", True),
])
def test_speaks_of_none(question, sentence, none) -> None:
    assert (speaks_of_none(question, sentence) is not None) is none


@pytest.mark.parametrize(("question", "sentence", "none"), [
    # a pronoun after a noun subject of its own sentence is said of that noun, not of the question's thing
    ("When did the harbour close?", "The mill shut in spring, when its owner died.", True),
    ("When did the harbour close?", "In spring, its gates were shut for good.", False),
])
def test_a_pronoun_bound_in_its_own_sentence_stands_for_nothing_before(question, sentence, none) -> None:
    assert (speaks_of_none(question, sentence) is not None) is none


@pytest.mark.parametrize(("context", "none"), [
    # "the line" stands for what the paragraph before named with that noun, the question's thing
    ("The Coastal Railway Line (CRL) opened in 1901.", False),
    # a paragraph that names the noun but not the question's thing
    ("The Valley Railway Line opened in 1901.", True),
    ("", True),
])
def test_a_definite_subject_stands_for_a_thing_the_paragraph_named(context, none) -> None:
    question = "Which company built the CRL?"
    sentence = "The line was built by Harland and Sons under a state contract."
    assert (speaks_of_none(question, sentence, context) is not None) is none


@pytest.mark.parametrize(("question", "sentence", "title", "only"), [
    # the only shared thing is the document's subject, and the deed is not stated
    ("Which port is linked with Bergen in the trade of salt?", "In the area of shipbuilding Bergen had many yards.",
     "Bergen", True),
    # the deed stated, or another of the question's things held
    ("Which port is linked with Bergen in the trade of salt?", "Bergen and Lübeck were linked by the salt trade.",
     "Bergen", False),
    ("Which port is linked with Bergen in the trade of salt?", "The trade of salt made Bergen rich.", "Bergen", False),
    # a thing that is not the title's
    ("When did the harbour of Bergen freeze?", "In 1709 the harbour was closed by ice.", "Bergen", False),
])
def test_a_sentence_that_shares_only_the_documents_subject(question, sentence, title, only) -> None:
    from rag.topic import only_its_topic

    assert (only_its_topic(question, sentence, title) is not None) is only

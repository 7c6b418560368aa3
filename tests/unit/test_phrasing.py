import pytest

from rag.phrasing import direct_question


@pytest.mark.parametrize(("request_", "question"), [
    ("Tell me what the dockers posted online.", "What did the dockers post online?"),
    ("Tell me when the strikes started", "When did the strikes start?"),
    ("Can you tell me who leads the dock union?", "Who leads the dock union?"),
    ("Do you know where the Harbour Watch is based?", "Where is the Harbour Watch based?"),
    ("I'd like to know how many cranes the dockers have seized.", "How many cranes have the dockers seized?"),
    ("Could you tell me who the head of the harbour board is?", "Who is the head of the harbour board?"),
    # the main verb takes "did", not a verb of the clause below it
    ("Please tell me which town the dockers said they had taken.", "Which town did the dockers say they had taken?"),
    ("I wonder why the mayor could not verify the claims.", "Why could the mayor not verify the claims?"),
])
def test_a_request_is_read_as_the_question_it_asks(request_: str, question: str) -> None:
    assert direct_question(request_) == question


@pytest.mark.parametrize("text", [
    "What did the dockers post online?",  # a question already
    "Tell me about the dock union.",  # no question word: an "about" request, answered as one
    "Who told me the strike was over?",
])
def test_other_text_is_left_as_it_is(text: str) -> None:
    assert direct_question(text) == text

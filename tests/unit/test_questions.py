import pytest
from hypothesis import given, strategies as st

from rag.errors import QuestionError
from rag.questions import clean_question


@pytest.mark.parametrize("bad, message", [
    ("", "empty"), ("   \n\t ", "empty"), ("x" * 2001, "limit"), ("what\x00is", "control"), ("bell\x07", "control"),
    (None, "text"),
])
def test_bad_questions(bad, message):
    with pytest.raises(QuestionError, match=message):
        clean_question(bad, 2000)


def test_whitespace_and_invisible_characters_are_normalised():
    assert clean_question("  What\u200b was\n HTS  called? ") == "What was HTS called?"


@given(st.text(max_size=3000))
def test_property_clean_or_one_line_error(text):
    try:
        out = clean_question(text, 2000)
    except QuestionError as err:
        assert "\n" not in str(err) and str(err)
    else:
        assert out and out == out.strip() and len(out) <= 2000
        assert not any(ord(ch) < 32 for ch in out)


def test_previous_questions_reads_every_history_shape_gradio_sends():
    from rag.questions import previous_questions

    gradio6 = [
        {"role": "user", "content": [{"type": "text", "text": "Who is Rami Abdurrahman?"}]},
        {"role": "assistant", "content": [{"type": "text", "text": "He heads the Observatory [1]."}]},
        {"role": "user", "content": [{"type": "file", "file": {"path": "/tmp/x.png"}}]},
        {"role": "user", "content": {"type": "text", "text": "What did he say?"}},
    ]
    assert previous_questions(gradio6) == ["Who is Rami Abdurrahman?", "What did he say?"]
    assert previous_questions([{"role": "user", "content": "plain"}, ("pair", "bot")]) == ["plain", "pair"]
    assert previous_questions(["a string"]) == ["a string"]

    class Message:  # gr.ChatMessage and similar objects
        def __init__(self, role, content):
            self.role, self.content = role, content

    assert previous_questions([Message("user", "obj"), Message("assistant", "x")]) == ["obj"]


def test_an_unanswered_question_is_not_carried_into_follow_ups():
    from rag.answer import ABSTAIN_ANSWER
    from rag.questions import previous_questions

    history = [
        {"role": "user", "content": "Who is Rami Abdurrahman?"},
        {"role": "assistant", "content": "He heads the Observatory [1]."},
        {"role": "user", "content": [{"type": "text", "text": "What is the population of Aleppo?"}]},
        {"role": "assistant", "content": [{"type": "text", "text": "ℹ️ " + ABSTAIN_ANSWER}]},
    ]
    assert previous_questions(history, ABSTAIN_ANSWER) == ["Who is Rami Abdurrahman?"]
    assert previous_questions(history) == ["Who is Rami Abdurrahman?", "What is the population of Aleppo?"]
    pairs = [("Who is Rami Abdurrahman?", "He heads it [1]."), ("What is the mayor's name?", ABSTAIN_ANSWER)]
    assert previous_questions(pairs, ABSTAIN_ANSWER) == ["Who is Rami Abdurrahman?"]

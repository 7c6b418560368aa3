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

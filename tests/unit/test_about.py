"""Which questions are about a document itself (its dateline, date, author) and which are about its body."""

from __future__ import annotations

import pytest

from rag.about import asked_field


@pytest.mark.parametrize("question", [
    "Where was the Reuters dispatch filed?",
    "Which city is the Reuters dispatch datelined?",
    "What is the dateline of the port authority's report?",
    "From which city was the report filed?",
    "In which country was the article filed?",
])
def test_dateline_questions_ask_for_the_place_of_filing(question: str) -> None:
    assert asked_field(question) == "place"


@pytest.mark.parametrize("question", [
    "Which city did the port authority report from?",  # the source's words, not the document's dateline
    "Which city did the dockers enter?",
    "Where did the ministry file its complaint?",
])
def test_questions_about_the_body_are_not_about_the_document(question: str) -> None:
    assert asked_field(question) != "place"

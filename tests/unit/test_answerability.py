"""The answerability checks: a question's negation, figures and names must be in the evidence."""

from __future__ import annotations

import pytest

from rag.answerability import unanswered_reason

EVIDENCE = (
    "The railway reached Leeds in 1850, two years after the company was founded. "
    "Einstein published four papers in 1905. The United Kingdom joined the union in 1973, "
    "and the army of France captured Lille."
)


@pytest.mark.parametrize("question", [
    "When did the railway reach Leeds?",
    "What did Einstien publish in 1905?",          # a misspelt name is still that name
    "When did the UK join the union?",              # initials of a name in the evidence
    "What did the French army capture?",            # nationality adjectives are not checked
    "How many papers did Einstein publish?",
    "Since what year has the union not been without the United Kingdom?",  # the start of a negative state
    "Why did the army not stop at Lille?",                               # its cause
])
def test_questions_about_what_the_evidence_says_pass(question: str) -> None:
    assert unanswered_reason(question, EVIDENCE) is None


@pytest.mark.parametrize(("question", "why"), [
    ("Which city did the railway not reach?", "did not happen"),
    ("Where didn't the railway go in 1850?", "did not happen"),
    ("What did Einstein publish in 1915?", "1915"),
    ("When did the railway reach York?", "York"),
    ("What did Marie Curie publish in 1905?", "Marie Curie"),
])
def test_one_changed_detail_is_caught(question: str, why: str) -> None:
    reason = unanswered_reason(question, EVIDENCE)
    assert reason is not None and why in reason


def test_a_negated_question_is_answered_by_negated_evidence() -> None:
    assert unanswered_reason("Which city did the railway not reach?", "The railway never reached York.") is None

"""Framing questions about a name quote each source's first reference to it."""

from __future__ import annotations

import pytest

from rag.framing import first_reference, named_subject


@pytest.mark.parametrize(("question", "subject"), [
    ("How do the two articles describe Médecins Sans Frontières?", "Médecins Sans Frontières"),
    ("What does each report call the Wagner Group?", "Wagner Group"),
    ("How is Jair Bolsonaro portrayed by the two outlets?", "Jair Bolsonaro"),
    ("How do the reports refer to NATO?", "NATO"),
    ("How do the two papers describe the Bank of England?", "Bank of England"),
    ("How do the two reports describe the protesters who gathered in the square?", None),  # a description, not a name
    ("How does each article describe the vote?", None),
])
def test_the_described_name_is_found(question: str, subject: str | None) -> None:
    assert named_subject(question) == subject


def test_the_first_reference_is_the_first_sentence_naming_it_in_any_spelling() -> None:
    text = ("HEADER LINE\n\nThe far-right Al-Mansur Brigade fighters crossed the river, the militia said. "
            "Later the Al Mansur Brigade withdrew. Its leader spoke.")
    a, b = first_reference(text, text.index("The far"), "Al Mansur Brigade")
    assert text[a:b].startswith("The far-right Al-Mansur Brigade fighters")
    assert first_reference(text, 0, "Red Cross") is None


def test_what_a_framing_question_asks_about_must_be_spoken_of_in_one_sentence() -> None:
    from rag.framing import subject_found, subject_words

    assert subject_words("How do the two reports describe the harbour master of Kelmar?") == [
        "harbour", "master", "Kelmar"]
    assert subject_words("How do the reports describe Norway's role?") == ["Norway"]  # a name's aspect: the name
    assert subject_words("What does each report call the strikers?") == ["strikers"]
    sentences = ["The harbour of Kelmar was closed.", "A master mariner spoke to the press."]
    assert not subject_found(["harbour", "master", "Kelmar"], sentences)  # its words, but in different places
    assert subject_found(["harbour", "master", "Kelmar"], ["Kelmar's harbour master resigned on Monday."])


def test_a_long_sentence_is_quoted_where_it_speaks_of_the_question():
    from rag.disagreement import Candidate
    from rag.framing import cut_around
    from rag.text import content_terms

    text = ("Earlier on Monday, the dockers claimed to have closed some 40 berths of the port in Kelmar and Varno "
            "provinces, and to have seized cranes and other heavy machinery from the harbour authority.")
    c = Candidate("a.txt", 100, 100 + len(text), text, 0.9)
    weights = {t: 1.0 for t in content_terms("Do both reports say the dockers seized cranes?")}
    cut = cut_around(c, weights, 25)
    assert "seized cranes" in cut.text and len(cut.text.split()) <= 25
    assert text[cut.start - 100 : cut.end - 100] == cut.text  # still a span of the document
    opening = cut_around(c, {t: 1.0 for t in content_terms("Which berths did the dockers close?")}, 25)
    assert opening.text.startswith("Earlier on Monday")

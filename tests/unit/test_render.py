"""The sources panel never highlights the wrong text: an answer made before its file
changed shows its quote as it was, not `text[start:end]` of the new version."""

from __future__ import annotations

from rag.answer import Answer, Citation, PassageOut
from rag.documents import Document, sha256_text
from rag.index import Index
from rag.render import passages_html, sources_html

OLD = "The ferry leaves Kelmar at noon. It returns at six."
NEW = "Kelmar has a new mayor since May. The ferry leaves at nine."


def _index(text: str) -> Index:
    import numpy as np

    return Index({"f.txt": Document("f.txt", text, sha256_text(text))}, [], np.zeros((0, 4), dtype="float32"), "x", 4)


def _answer() -> Answer:
    quote = "The ferry leaves Kelmar at noon."
    return Answer(question="When does the ferry leave?", answer=f"{quote} [1].", abstained=False,
                  citations=[Citation(n=1, source="f.txt", start=0, end=len(quote), quote=quote, sha256=sha256_text(OLD))],
                  passages=[PassageOut(source="f.txt", start=0, end=len(OLD), score=1.0, sha256=sha256_text(OLD))])


def test_a_current_file_is_highlighted_in_place():
    html = sources_html(_answer(), _index(OLD))
    assert "<mark>The ferry leaves Kelmar at noon.</mark>" in html and "It returns at six" in html


def test_a_changed_file_shows_the_quote_as_it_was():
    html = sources_html(_answer(), _index(NEW))
    assert "<mark>The ferry leaves Kelmar at noon.</mark>" in html and "has changed" in html
    assert "new mayor" not in html
    table = passages_html(_answer(), _index(NEW))
    assert "new mayor" not in table and "changed" in table


def test_each_comparison_is_titled_by_its_kind():
    from rag.answer import Claim, Disagreement

    claims = [Claim(source="a.txt", quote="The ferry left at noon."), Claim(source="b.txt", quote="No ferry left.")]
    answer = _answer().model_copy(update={"disagreements": [
        Disagreement(topic="When did the ferry leave", claims=claims),
        Disagreement(topic="Did the ferry leave", claims=claims, kind="denial"),
        Disagreement(topic="How do the reports describe the ferry", claims=claims, kind="framing"),
    ]})
    html = sources_html(answer, _index(OLD))
    titles = [html.index(t) for t in ("The sources disagree:", "A claim and its denial:", "Each source's own words:")]
    assert titles == sorted(titles) and html.count("rag-claim'") == 6


def test_a_respelt_question_is_shown_as_read() -> None:
    from rag.cli import render_answer
    from rag.render import chat_message

    answer = _answer().model_copy(update=dict(question="When does the fery leave Kelmarr?",
                                              read_as="When does the ferry leave Kelmar?"))
    assert chat_message(answer).startswith("<sub>Read as: When does the ferry leave Kelmar?</sub>")
    assert render_answer(answer).splitlines()[0] == "(read as: When does the ferry leave Kelmar?)"
    assert "Read as" not in chat_message(_answer()) and "read as" not in render_answer(_answer())

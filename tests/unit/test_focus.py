"""A long quoted sentence is cut to the clause that answers (rag.evidence.focus)."""

from __future__ import annotations

from rag.evidence import Evidence, focus

DOC = ("Intro. The Northern Province, made up of the old hill districts, the lake country and the river towns along "
       "the border, was held to be the richest part of the kingdom and was ruled directly by the Grand Council in "
       "Verlen; likewise the coastal districts, from the salt marshes in the west to the cliffs of the far east, were "
       "run by a governor appointed each spring by the king and his ministers, who met for that purpose at court.")


def _sentence() -> Evidence:
    a = DOC.index("The Northern")
    return Evidence(1, "k.txt", a, len(DOC), DOC[a:], 1.0)


def test_the_clause_holding_the_question_is_quoted_exactly() -> None:
    e = _sentence()
    weights = {"rule": 1.0, "northern": 2.0, "province": 2.0}
    cut = focus(e, "Who ruled the Northern Province?", weights)
    assert cut.text.endswith("Grand Council in Verlen") and DOC[cut.start : cut.end] == cut.text
    assert len(cut.text.split()) < len(e.text.split())


def test_short_sentences_and_clauses_without_the_answer_kind_stay_whole() -> None:
    e = _sentence()
    assert focus(e, "Who ruled the Northern Province?", {"northern": 1.0}, max_words=200) == e
    # "when": the best clause holds no time, so nothing is cut away
    assert focus(e, "When was the Northern Province ruled?", {"northern": 1.0}) == e

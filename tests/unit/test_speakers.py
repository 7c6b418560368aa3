"""A quoted speaker given as "the agency" or "she" is traced to the name before it."""

from __future__ import annotations

from rag.speakers import antecedent, speaker_reference

TEXT = ("Port strike. "
        "Belgium's Transport Ministry, citing two officials, said the port of Antwerp closed on Monday. "
        "Traffic was diverted to Rotterdam. "
        "The ministry also said that the strike would last a week. "
        "Maria Lopez, the union's leader, called the closure a success. "
        "She said that talks would resume on Friday.")


def test_the_subject_reference_is_found_and_names_are_left_alone() -> None:
    assert speaker_reference("The ministry also said that the strike would last a week.") == "ministry"
    assert speaker_reference("She said that talks would resume on Friday.") == "she"
    assert speaker_reference("Reuters said the port closed.") is None
    assert speaker_reference("Traffic was diverted to Rotterdam.") is None


def test_the_reference_leads_to_the_sentence_that_named_it() -> None:
    a, b = antecedent(TEXT, 0, TEXT.index("The ministry"), "ministry") or (0, 0)
    assert TEXT[a:b].startswith("Belgium's Transport Ministry")  # two sentences back, past one naming none
    a, b = antecedent(TEXT, 0, TEXT.index("She said"), "she") or (0, 0)
    assert TEXT[a:b].startswith("Maria Lopez")
    assert antecedent(TEXT, 0, TEXT.index("Traffic"), "agency") is None

"""Abbreviations a document defines count as its long form, and the reverse."""

from __future__ import annotations

from rag.aliases import defined, with_aliases
from rag.text import term_set

TEXT = ("Dock workers of the Port of London Authority (PLA) walked out on Monday. The walkout was led by "
        "the Transport and General Workers' Union, or TGWU, and the Islamic Society (IS, formerly ISOC) joined. "
        "The PLA said the harbour is closed. Acme Logistics (see below) said nothing; the Harbour Trust (HQ) neither.")


def test_definitions_are_read_where_the_letters_are_the_initials_of_the_words_before() -> None:
    found = dict(defined(TEXT))
    assert found["PLA"] == frozenset(term_set("Port of London Authority"))
    assert found["IS"] == frozenset(term_set("Islamic Society"))
    assert found["TGWU"] == frozenset(term_set("Transport and General Workers' Union"))  # "and" spells nothing
    assert "see" not in {a.lower() for a in found}  # "(see below)" defines nothing
    assert "HQ" not in found  # letters that are not the initials of the words before


def test_a_sentence_with_either_form_holds_both() -> None:
    aliases = defined(TEXT)
    short = "The PLA said the harbour is closed."
    assert term_set("Port London Authority") <= with_aliases(short, term_set(short), aliases)
    full = "The Port of London Authority said so."
    assert "pla" in with_aliases(full, term_set(full), aliases)
    # an abbreviation counts only as written: the verb "is" is not the Islamic Society
    plain = "The harbour is closed."
    assert with_aliases(plain, term_set(plain), aliases) == term_set(plain)

"""The kind a "what N" / "which N" question asks for (rag.kinds): real spaCy parses, real WordNet files."""

from __future__ import annotations

import pytest

from rag import lexicon
from rag.kinds import kind_missing


@pytest.mark.parametrize(("lemma", "kind", "expected"), [
    ("rifle", "weapon", True),  # a kind of it, several steps down
    ("neighborhood", "neighbourhood", True),  # another spelling of one sense
    ("restaurant", "building", True),
    ("weapon", "weapon", True),
    ("soldier", "weapon", False),
    ("weapon", "rifle", False),  # a kind is no member of its own members
])
def test_a_noun_is_a_kind_of_another(lemma, kind, expected) -> None:
    assert lexicon.kind_of(lemma, kind) is expected


def test_first_sense_kind() -> None:
    assert lexicon.first_noun_file("rifle") == "artifact"
    assert lexicon.first_noun_file("attack") == "act"
    assert lexicon.first_noun_file("qwzxv") is None


@pytest.mark.parametrize(("question", "sentence", "missing"), [
    # shares the question's words, names no weapon
    ("What new weapon did the navy test near Bergen?",
     "The navy's exercise near Bergen was the largest since 1990, according to Admiral Hans Olsen.", True),
    ("What new weapon did the navy test near Bergen?", "The navy tested a new torpedo near Bergen.", False),
    # a name is one of the kinds its label can be: an organisation is no weapon, but may be an agency
    ("What weapons did Norway sell to the rebels?", "Norway has backed the rebels, who fight the Northern Front.", True),
    ("Which agency did Norway fund?", "Norway funded the Northern Relief Agency last year.", False),
    # the noun itself, named by its modifier
    ("Which district did the rebels take?", "The rebels took the Old Harbour district on Monday.", False),
    # a place for a "which town" question; the question's own place is no answer
    ("Which town near Bergen did the rebels take?", "The rebels took Voss on Monday.", False),
    ("Which town near Bergen did the rebels take?", "The rebels attacked near Bergen on Monday.", True),
    # abstract kinds are answered in other words and are left alone
    ("What plan did the navy make?", "The navy decided to blockade the port.", False),
    # not a "what N" question
    ("What did the navy test near Bergen?", "The navy's exercise near Bergen was the largest since 1990.", False),
])
def test_kind_missing(question, sentence, missing) -> None:
    assert (kind_missing(question, sentence) is not None) is missing

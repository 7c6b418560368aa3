"""Which verbs can say one deed (WordNet's verb senses, rag.lexicon): real WordNet files."""

from __future__ import annotations

import pytest

from rag import lexicon


@pytest.mark.parametrize(("one", "other"), [
    ("seize", "capture"),  # a shared sense
    ("broker", "negotiate"),  # a kind of the other
    ("kill", "die"),  # causes it
    ("detonate", "blow_up"),  # a phrasal verb, as WordNet writes it
    ("build", "build"),
    ("Murder", "kill"),  # any case
])
def test_verbs_that_can_say_one_deed(one, other) -> None:
    assert lexicon.same_deed(one, other) and lexicon.same_deed(other, one)


@pytest.mark.parametrize(("one", "other"), [
    ("injure", "kill"),
    ("win", "lose"),  # antonyms keep no deed
    ("broker", "violate"),
    ("build", "destroy"),
    ("buy", "sell"),
])
def test_verbs_that_say_other_deeds(one, other) -> None:
    assert not lexicon.same_deed(one, other)


def test_a_verb_wordnet_does_not_have_is_unknown() -> None:
    assert lexicon.known("negotiate") and lexicon.known("blow up")
    assert not lexicon.known("zorbify")


def test_without_the_wordnet_files_no_verb_is_known_and_nothing_fails(monkeypatch, caplog) -> None:
    monkeypatch.setattr(lexicon, "_data_dir", lambda: None)
    lexicon._part.cache_clear()
    try:
        assert not lexicon.known("kill")
        assert not lexicon.same_deed("kill", "die")
        assert lexicon.same_deed("kill", "kill")  # the same word needs no lexicon
        assert "WordNet" in caplog.text
    finally:
        lexicon._part.cache_clear()


def test_nouns_of_one_kind_and_the_verbs_of_a_role() -> None:
    assert lexicon.same_kind("spokesperson", "spokesman") and lexicon.same_kind("leader", "head")
    assert not lexicon.same_kind("spokesperson", "ministry")
    assert lexicon.does_the_work_of("leader", "lead") and lexicon.does_the_work_of("speaker", "speak")
    assert not lexicon.does_the_work_of("leader", "sell")
    assert lexicon.known_noun("spokesperson") and not lexicon.known_noun("zorbification")


def test_the_usual_sense_of_each_verb() -> None:
    # the first (most frequent) senses of both share the deed
    assert lexicon.same_deed("detonate", "blow_up", usual=True) and lexicon.same_deed("kill", "die", usual=True)
    # a rare sense shared is not enough: "caught … unprepared" is no seizing, "sit" no setting
    assert lexicon.same_deed("seize", "catch") and not lexicon.same_deed("seize", "catch", usual=True)
    assert lexicon.same_deed("set", "sit") and not lexicon.same_deed("set", "sit", usual=True)


def test_a_compound_written_as_one_word_is_found() -> None:
    # WordNet 3.0 writes "cease-fire", "web_site" and "e-mail"; texts write "ceasefire", "website", "email"
    assert lexicon.known_noun("ceasefire") and lexicon.same_kind("ceasefire", "truce")
    assert lexicon.known_noun("website") and lexicon.known_noun("email")


def test_nouns_told_apart_in_every_sense() -> None:
    assert lexicon.other_kinds("ceasefire", "agreement") and lexicon.other_kinds("truce", "contract")
    # a kind of the other at any depth is not told apart: a pact is a written agreement, an agreement
    assert not lexicon.other_kinds("pact", "agreement") and not lexicon.other_kinds("agreement", "contract")
    assert not lexicon.other_kinds("army", "group")
    # an unknown word is never told apart
    assert not lexicon.other_kinds("zorbification", "agreement")


def test_places_are_locations_structures_and_facilities() -> None:
    assert all(lexicon.a_place(w) for w in ("airbase", "university", "city", "harbour", "warehouse"))
    assert not any(lexicon.a_place(w) for w in ("fighting", "battle", "fire", "helicopter", "zorbification"))


def test_nouns_that_name_people_or_groups_of_them() -> None:
    assert all(lexicon.names_people(w) for w in ("soldier", "resident", "family", "nurse", "docker"))
    assert not any(lexicon.names_people(w) for w in ("weapon", "edge", "loss", "crane", "salary"))


def test_verbs_that_can_tell_of_a_saying() -> None:
    assert all(lexicon.communicates(v) for v in ("say", "argue", "write", "tell", "add"))
    assert not any(lexicon.communicates(v) for v in ("help", "know", "last", "reclaim"))


def test_an_adjective_of_place_names_its_place() -> None:
    assert {"us", "united states", "america"} <= lexicon.places_named_by("American")
    assert "russia" in lexicon.places_named_by("Russian") and "france" in lexicon.places_named_by("french")
    # an adjective of direction or of no place names none
    assert not lexicon.places_named_by("Western") and not lexicon.places_named_by("heavy")


def test_an_english_word_is_known_in_any_form() -> None:
    for word in ("casualties", "displaced", "unprotected", "incomplete", "happens", "Toronto", "Iraq", "attach",
                 "began", "mice", "among", "whereas"):  # irregular forms; function words WordNet leaves out
        assert lexicon.english_word(word), word
    for typo in ("Shirly", "betwen", "ARPNET", "Dusquesne", "Geroge"):
        assert not lexicon.english_word(typo), typo


@pytest.mark.parametrize(("one", "other", "opposite"), [
    ("successful", "unsuccessful", True), ("more", "less", True), ("early", "late", True),
    ("successful", "late", False), ("early", "first", False),
])
def test_opposite_adjectives_and_adverbs(one: str, other: str, opposite: bool) -> None:
    assert lexicon.opposite_words(one, other) is opposite


@pytest.mark.parametrize(("one", "other", "opposite"), [
    ("victory", "defeat", True),  # WordNet's noun antonyms
    ("importer", "exporter", True), ("buyer", "seller", True),  # nouns of opposite deeds
    ("city", "town", False), ("exporter", "producer", False),
])
def test_opposite_nouns(one: str, other: str, opposite: bool) -> None:
    assert lexicon.opposite_nouns(one, other) is opposite and lexicon.opposite_nouns(other, one) is opposite


@pytest.mark.parametrize(("word", "adjective"), [("norse", True), ("danish", True), ("ritzau", False)])
def test_english_adjectives(word: str, adjective: bool) -> None:
    assert lexicon.english_adjective(word) is adjective


@pytest.mark.parametrize(("verb", "without_object"), [
    ("settle", True), ("move", True), ("die", True),  # "the Huguenots settled in Virginia"
    ("elect", False), ("appoint", False), ("kill", False),
])
def test_verbs_said_without_an_object(verb: str, without_object: bool) -> None:
    assert lexicon.intransitive(verb) is without_object


@pytest.mark.parametrize(("adjective", "verb", "opposite"), [
    ("victorious", "defeat", True),  # victory / defeat
    ("victorious", "win", False), ("victorious", "sail", False),
])
def test_opposite_outcomes(adjective: str, verb: str, opposite: bool) -> None:
    assert lexicon.opposite_outcomes(adjective, verb) is opposite

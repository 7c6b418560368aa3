"""What kind of thing a "what N" / "which N" question asks for, and whether a sentence holds one.

"What new *weapon* did the Syrian army use in the battle for Aleppo?" is not answered by "The
2016 battle for Aleppo was a turning point …": the sentence shares the question's words but
names no weapon. A question's noun after "what" or "which" says the kind of its answer; a
sentence answers only if it names something of that kind: a noun WordNet files under it
("missile"), a name whose entity kind can be one ("Hayat Tahrir al-Sham" for a *group*), or
the noun itself ("the Scientific Research Center *neighborhood*").

Only concrete kinds are checked, by the noun's most frequent sense (WordNet lists it first): a
thing made, a person, a place, a body of people, a living thing, a substance. An abstract
noun ("attack", "plan", "culture of …", "order") is answered as often by a phrase or clause
that is no kind of it ("the deportation of the Acadians" for an *order*) and is left alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# The broad kinds (WordNet's noun files) whose members a sentence names by a noun or a name
CONCRETE = frozenset({"artifact", "person", "location", "group", "animal", "plant", "food", "substance", "object",
                      "body"})

# What a name of each entity label can be, as WordNet nouns: a name labelled FAC can be a
# *hall* (a kind of structure) or a *neighbourhood* (a location), never a *weapon*. The tagger
# mixes up people, organisations and places often enough ("Aleppo" as a PERSON) that their
# labels stand for one another.
_AGENT_OR_PLACE = ("person", "organization", "social_group", "people", "location", "structure", "facility")
ENTITY_KINDS: dict[str, tuple[str, ...]] = {
    "PERSON": _AGENT_OR_PLACE, "ORG": _AGENT_OR_PLACE + ("establishment", "publication", "institution"),
    "NORP": _AGENT_OR_PLACE + ("religion", "culture", "language"),
    "GPE": _AGENT_OR_PLACE, "LOC": _AGENT_OR_PLACE + ("geological_formation", "body_of_water"),
    "FAC": _AGENT_OR_PLACE + ("way",),
    "EVENT": ("event", "act"), "PRODUCT": ("artifact", "substance", "food"),
    "WORK_OF_ART": ("creation", "communication", "document"), "LAW": ("law", "document", "act"),
    "LANGUAGE": ("language",), "DATE": ("time_period",), "TIME": ("time_period",),
    "CARDINAL": ("measure",), "QUANTITY": ("measure",), "MONEY": ("measure", "possession"),
    "PERCENT": ("measure",),
}


def _can_name(label: str, noun: str) -> bool:
    """Whether a name of an entity label can be one of `noun`'s kind."""
    from rag.lexicon import kind_of

    return any(kind_of(noun, kind) for kind in ENTITY_KINDS.get(label, ()))


def asked_noun(question: Doc) -> Token | None:
    """The noun "what" or "which" determines at the question's opening ("*What new weapon* did
    …", "In *which town* …"), or None when the question asks otherwise."""
    for t in question[:3]:
        if t.lower_ in ("what", "which") and t.dep_ == "det" and t.head.pos_ == "NOUN" and t.head.i > t.i:
            return t.head
    return None


def checked(noun: Token) -> bool:
    """Whether a question's asked-for noun is checked: its most frequent sense is concrete."""
    from rag.lexicon import first_noun_file

    return first_noun_file(noun.lemma_.lower()) in CONCRETE


def _may_be_one(word: str, lemma: str) -> bool:
    """Whether a sentence's noun can be one of the asked-for noun's kind: a kind of it, or a noun
    one of whose usual senses is of the broad kind of the asked-for noun's most frequent sense.
    WordNet files a *bomb* under explosive devices and a *tank* under vehicles, not under
    weapons; both are things made (artifacts), as a weapon is, and a battle is not."""
    from rag.lexicon import first_noun_file, kind_of, noun_kinds

    return kind_of(word, lemma) or first_noun_file(lemma) in noun_kinds(word)


def holds_kind(noun: Token, sentence: Doc, given: set[str]) -> bool:
    """Whether a sentence names something that can be the asked-for noun: the noun itself, a
    noun of its kind, or a name (one the question does not give) whose entity label fits it.
    A proper noun the tagger gives no label is read as the common noun it spells ("Admiral"),
    or, unknown to WordNet, may be anything."""
    from rag.lexicon import known_noun

    lemma = noun.lemma_.lower()
    for t in sentence:
        word = t.lemma_.lower()
        if t.pos_ == "NOUN" and word == lemma:
            return True
        if word in given:
            continue
        plain = t.pos_ == "PROPN" and not t.ent_type_  # a name the tagger could not place
        if t.ent_type_ and _can_name(t.ent_type_, lemma) or plain and not known_noun(word):
            return True
        if (t.pos_ == "NOUN" or plain) and _may_be_one(word, lemma):
            return True
    return False


def kind_missing(question: str, text: str) -> str | None:
    """For "What/Which N …?" with a concrete N, why `text` cannot answer: it names nothing that
    can be an N. None when it can, or the question asks no such kind."""
    from rag.nlp import parse

    asked = parse(question)
    noun = asked_noun(asked)
    if noun is None or not checked(noun):
        return None
    given = {t.lemma_.lower() for t in asked}
    if holds_kind(noun, parse(text), given):
        return None
    return f"the sentence names no {noun.text}"

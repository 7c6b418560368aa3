"""Who "the agency" or "he" is: the name that a quoted sentence's speaker stands for.

A sentence that answers "who said …?" often names its speaker by a short reference to a
name given a sentence or two before: "The agency also reported that the insurgents
attacked a military airbase …" follows "Turkey's state-run Anadolu Agency, reporting from
Idlib, estimated …". Quoted alone it does not say who. When the subject of the quoted
sentence is such a reference — a pronoun, or "the" + a common noun — the nearest of the
two sentences before it that names a matching someone is quoted with it: for "the agency"
a name whose last word is "agency" (Anadolu Agency); for "he" or "she" a person, for "it" or
"they" an organisation, place or group, as the subject of that sentence.
"""

from __future__ import annotations

from rag.chunking import sentence_spans
from rag.text import fold

_PRONOUNS = {"he": {"PERSON"}, "she": {"PERSON"}, "it": {"ORG", "GPE", "NORP"}, "they": {"ORG", "NORP", "GPE"}}
_NAMES = {"PERSON", "ORG", "NORP", "GPE", "FAC"}


def speaker_reference(sentence: str) -> str | None:
    """The pronoun ("he") or the noun of "the agency" that is the sentence's subject, or None
    when its subject is a name or there is none."""
    from rag.nlp import parse

    for t in parse(sentence):
        if t.dep_ != "nsubj" or t.head.dep_ != "ROOT":
            continue
        if t.lower_ in _PRONOUNS:
            return t.lower_
        if t.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "the" for c in t.children):
            return fold(t.lemma_)
    return None


def antecedent(text: str, body_start: int, start: int, reference: str) -> tuple[int, int] | None:
    """The span of the nearest of the two sentences before offset `start` that names what
    `reference` stands for, or None."""
    from rag.nlp import parse

    before = sentence_spans(text, body_start, start)[-2:]
    for a, b in reversed(before):
        for ent in parse(text[a:b]).ents:
            if reference in _PRONOUNS:
                if ent.label_ in _PRONOUNS[reference] and ent.root.dep_ in ("nsubj", "nsubjpass"):
                    return a, b
            elif ent.label_ in _NAMES and fold(ent.root.lemma_) == reference:
                return a, b
    return None

"""Who "the agency" or "he" is: the name that a quoted sentence's speaker stands for.

A sentence that answers "who said …?" often names its speaker by a short reference to a
name given a sentence or two before: "The agency also reported that the insurgents
attacked a military airbase …" follows "Turkey's state-run Anadolu Agency, reporting from
Idlib, estimated …". Quoted alone it does not say who. When the subject of the quoted
sentence is such a reference — a pronoun, or "the" + a common noun — the nearest of the
two sentences before it that names a matching someone is quoted with it (its first 25
words, or the clause around the name when the name comes later): for "the agency" a name
whose last word is "agency" (Anadolu Agency); for "he" or "she" a person, for "it" or
"they" an organisation, place or group, as the subject of that sentence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rag.chunking import sentence_spans
from rag.disagreement import Candidate
from rag.framing import cut_words
from rag.text import fold, words

if TYPE_CHECKING:
    from spacy.tokens import Token

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


def antecedent(text: str, body_start: int, start: int, reference: str) -> tuple[int, int, int, int] | None:
    """The nearest of the two sentences before offset `start` that names what `reference`
    stands for: (sentence start, sentence end, name start, name end), or None."""
    from rag.nlp import parse

    before = sentence_spans(text, body_start, start)[-2:]
    for a, b in reversed(before):
        for ent in parse(text[a:b]).ents:
            if reference in _PRONOUNS:
                found = ent.label_ in _PRONOUNS[reference] and ent.root.dep_ in ("nsubj", "nsubjpass")
            else:
                found = ent.label_ in _NAMES and fold(ent.root.lemma_) == reference
            if found:
                return a, b, a + ent.start_char, a + ent.end_char
    return None


def naming_clause(text: str, found: tuple[int, int, int, int], max_words: int = 25) -> tuple[int, int]:
    """The span to quote from an antecedent sentence: its first `max_words` words, or, when
    the name comes later, the clause around the name (from the comma before it to the
    comma or opening quotation mark after it), so the quote always holds the name it is
    quoted for."""
    a, b, name_start, name_end = found
    cut = cut_words(Candidate("", a, b, text[a:b], 0.0), max_words)
    if name_end <= cut.end:
        return cut.start, cut.end
    left = text.rfind(", ", a, name_start)
    ends = [i for i in (text.find(mark, name_end, b) for mark in (",", "\u201c", '"')) if i >= 0]
    end = min(ends) if ends else b
    while end > name_end and text[end - 1].isspace():
        end -= 1
    return (left + 2 if left >= 0 else a), end


def asked_speaker(question: str) -> str | None:
    """The named source the question asks about: "How many villages did *the Anadolu Agency*
    say …?", "According to *the Observatory*, when …?". None when it names none, and for
    "who said …?", where the speaker is what is asked."""
    from rag.evidence import SPEECH_VERBS, answer_kind
    from rag.nlp import parse_question

    if answer_kind(question) == "who":
        return None
    for t in parse_question(question):
        subject = None
        if (t.pos_ == "VERB" and t.lemma_.lower() in SPEECH_VERBS
                and not any(c.dep_ == "auxpass" for c in t.children)):  # "was announced": no speaker given
            subject = next((c for c in t.children if c.dep_ == "nsubj"), None)
        elif t.lower_ == "according":
            to = next((c for c in t.children if c.lower_ == "to"), None)
            subject = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        # the subject's own name ("the Anadolu Agency"), not names hanging off it ("the truce between …")
        names = ([w.text for w in subject.subtree if w.pos_ == "PROPN" and _in_name(w, subject)]
                 if subject is not None else [])
        if names:
            return " ".join(names)
    return None


def _in_name(word: Token, head: Token) -> bool:
    """Whether `word` belongs to the name of `head`: joined to it only through compounds and
    modifiers ("Syrian Defense Ministry", "Syria's state media"), not through a preposition."""
    while word.i != head.i:
        if word.dep_ not in ("compound", "flat", "amod", "nmod", "poss"):
            return False
        word = word.head
    return True


def attributed(speaker: str, text: str) -> bool:
    """Whether `text` (a sentence with the words that name its speaker) names `speaker`: at
    least half of its name's words ("Anadolu" of "Anadolu Agency")."""
    name = {fold(w) for w in words(speaker)}
    said = {fold(w) for w in words(text)}
    return 2 * len(name & said) >= len(name)

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
        if t.dep_ == "nsubj" and t.head.dep_ == "ROOT" and (reference := _reference(t)):
            return reference
    return None


def refers_to_asked_kind(reference: str, question: str) -> bool:
    """Whether a sentence's subject ("the agency", "it"; `speaker_reference`) may stand for the
    doer a "Which agency …?" or "What group …?" asks for: the same noun, or a pronoun. Then
    "The agency also reported …" answers only with the sentence that names the agency."""
    from rag.nlp import parse_question

    doc = parse_question(question)
    if len(doc) < 2 or doc[0].lower_ not in ("which", "what") or doc[0].dep_ != "det":
        return False
    noun = doc[0].head
    if noun.pos_ != "NOUN" or noun.dep_ not in ("nsubj", "nsubjpass"):
        return False
    return reference == fold(noun.lemma_) or reference in _PRONOUNS


def _reference(t: Token) -> str | None:
    """The word by which a noun phrase refers back: "he", "it", or the noun of "the agency"."""
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
    from rag.nlp import parse_question, proper

    if answer_kind(question) == "who":
        return None
    for t in parse_question(question):
        subject = None
        if t.pos_ == "VERB" and t.lemma_.lower() in SPEECH_VERBS and not _passive(t):
            subject = next((c for c in t.children if c.dep_ == "nsubj"), None)
        elif t.lower_ == "according":
            to = next((c for c in t.children if c.lower_ == "to"), None)
            subject = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        # the subject's own name ("the Anadolu Agency"), not names hanging off it ("the truce between …"),
        # with a nationality that opens it ("*Russian* Major Oleg Petrov", as `_after_do` reads it)
        names = ([w.text for w in subject.subtree if _in_name(w, subject) and (proper(w) or (
                  w.ent_type_ == "NORP" and w.i + 1 < len(w.doc) and w.doc[w.i + 1].pos_ == "PROPN"))]
                 if subject is not None else _after_do(t))
        if names:
            return " ".join(names)
    return None


def _passive(verb: Token) -> bool:
    """Whether a verb of saying names no speaker: "was announced", and "were HTS gunmen *said
    to be* marauding" (which the small parser may join to "were" as a second verb), where the
    subject is what is said of; "HTS *claimed to* have seized" is HTS's claim."""
    if any(c.dep_ == "auxpass" for c in verb.children):
        return True
    to_be = any(c.dep_ == "xcomp" and any(a.tag_ == "TO" for a in c.children) for c in verb.children)
    return to_be and (verb.tag_ == "VBN" or verb.dep_ == "conj" and verb.head.lemma_ == "be")


def _after_do(verb: Token) -> list[str]:
    """The name between "did" and a verb of saying that the small parser took for a noun
    ("What did *Al Jazeera* report about …?", parsed as the compound "Al Jazeera report")."""
    from rag.evidence import SPEECH_VERBS

    if verb.pos_ != "NOUN" or verb.lemma_.lower() not in SPEECH_VERBS:
        return []
    if verb.dep_ in ("nsubj", "nsubjpass") and verb.head.lemma_ != "do":
        return []  # "What did Kilbrandon's *report* recommend?": the subject of another verb, a noun indeed
    before = list(verb.doc[: verb.i])
    # "did" is the auxiliary, or the main verb where the parser took "claim" for a noun
    do = next((i for i in range(len(before) - 1, -1, -1) if before[i].lemma_ == "do" and before[i].pos_ in ("AUX", "VERB")), None)
    between = before[do + 1:] if do is not None else []
    if not between or any(w.pos_ not in ("DET", "PROPN", "PART", "ADJ") for w in between):
        return []
    if any(w.tag_ == "POS" for w in between):
        return []  # "Petrov's report": a possessed noun, not a misread verb
    return [w.text for w in between if w.pos_ == "PROPN"]


def _in_name(word: Token, head: Token) -> bool:
    """Whether `word` belongs to the name of `head`: joined to it only through compounds and
    modifiers ("Syrian Defense Ministry", "Syria's state media"), not through a preposition."""
    while word.i != head.i:
        if word.dep_ not in ("compound", "flat", "amod", "nmod", "poss"):
            return False
        word = word.head
    return True


# Words that join a name to the noun phrase it is part of ("Türkiye's *Anadolu news agency*",
# "Rami Abdurrahman, *the head of the Observatory*"), climbed to find the phrase's role.
_WITHIN = {"compound", "flat", "amod", "nmod", "poss", "appos", "conj"}


def speaks(speaker: str, text: str, stands_for: str = "") -> bool:
    """Whether `text` (a sentence with the words that name its speaker) gives `speaker` as
    one who says something: a word of its name in the subject of a verb of saying or of a
    verb with a clause of what was said ("HTS said that …", "the agency estimated that …"),
    in the subject of a verb whose object says it ("OPEC issued a communiqué stating
    that …"), after "according to", or in the "by" of a passive verb of saying. A name in
    another role says nothing: "In a statement *to Al Jazeera*, HTS said …" is HTS's word, not Al Jazeera's,
    and "*Iran*-linked groups … have been preoccupied" says nothing of Iran's. When the
    sentence's subject is "it" or "the agency", `stands_for` is the name it refers to
    (`speaker_reference`, `antecedent`), and that subject speaks for it."""
    from rag.evidence import SPEECH_VERBS
    from rag.nlp import parse

    named = bool(stands_for) and attributed(speaker, stands_for)
    if not named and not attributed(speaker, text):
        return False
    name = {fold(w) for w in words(speaker)}

    def says(verb: Token) -> bool:
        return verb.lemma_.lower() in SPEECH_VERBS or any(c.dep_ == "ccomp" for c in verb.children)

    for t in parse(text):
        referring = named and t.dep_ == "nsubj" and _reference(t) is not None
        if fold(t.text) not in name and not referring:
            continue
        # up to the noun phrase's head, through "the head *of* the Observatory"
        while t.dep_ in _WITHIN or (t.dep_ == "pobj" and t.head.lower_ in ("of", "for")
                                     and t.head.head.pos_ in ("NOUN", "PROPN")):
            t = t.head if t.dep_ in _WITHIN else t.head.head
        if t.dep_ == "nsubj" and t.head.pos_ in ("VERB", "AUX") and says(t.head):
            return True
        # "OPEC issued a joint communiqué *stating that* …": what it issued says it
        if t.dep_ == "nsubj" and any(o.dep_ == "dobj" and any(c.dep_ == "acl" and says(c) for c in o.children)
                                     for o in t.head.children):
            return True
        if t.dep_ == "pobj" and t.head.lower_ == "to" and t.head.head.lower_ == "according":
            return True
        if t.dep_ == "pobj" and t.head.dep_ == "agent" and says(t.head.head):
            return True
    return False


def attributed(speaker: str, text: str) -> bool:
    """Whether `text` (a sentence with the words that name its speaker) names `speaker`: at
    least half of its name's words ("Anadolu" of "Anadolu Agency")."""
    name = {fold(w) for w in words(speaker)}
    said = {fold(w) for w in words(text)}
    return 2 * len(name & said) >= len(name)

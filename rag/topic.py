"""Whether a sentence speaks of anything the question asks about.

"What is the ceremonial *sword* made from?" is not answered by "… the parliamentary *mace*, which
is made from silver …": the sentence shares the question's deed and its kind of answer, but
none of its things. A sentence that answers a question speaks of at least one of the nouns it
asks about: in some form or by another word for it (`mentions`), misspelt ("Shirly" /
"Shirley"), by initials ("AP"), or by a pronoun that may stand for it. The noun a "what N"
question asks for is the answer's kind, not a thing it must share; a noun the question points
back to ("*these* settlers") may be named otherwise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rag.text import fold, norm, words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Words that stand for a thing named in another sentence
REFERRING = frozenset({"it", "its", "they", "their", "them", "he", "his", "him", "she", "her",
                       "this", "these", "those"})
_POINTING = {"this", "these", "that", "those"}


def speaks_of_none(question: str, text: str, context: str = "") -> str | None:
    """Why `text` does not speak of the question's things: none of its nouns is in it in any
    form, and no pronoun may stand for one, nor its subject "the N" for one the `context` (the
    paragraph before it) names with that noun ("The Very high-speed Backbone *Network* Service
    (vBNS) came on line …" / "*The network* was engineered …"). None when one is, or the
    question names none."""
    from rag.answerability import capital_initials, misspelt
    from rag.evidence import mentions
    from rag.kinds import asked_noun
    from rag.nlp import parse

    asked = parse(question)
    kind = asked_noun(asked)
    things = [t for t in asked if t.pos_ in ("NOUN", "PROPN") and (kind is None or t.i != kind.i)
              and not any(c.lower_ in _POINTING for c in t.children)]
    if not things or len(things) < sum(t.pos_ in ("NOUN", "PROPN") for t in asked) - (kind is not None):
        return None  # no things, or one pointed back to ("these settlers")
    sentence = parse(text)
    if any(_refers_out(t) for t in sentence) or _described_before(sentence, things, context):
        return None
    initials = capital_initials(text)
    names = [fold(t.text) for t in sentence if t.pos_ == "PROPN"]
    for t in things:
        if mentions(sentence, t) or fold(t.text) in initials or t.text.isupper() and fold(t.text) in names:
            return None
        if t.pos_ == "PROPN" and any(misspelt(fold(t.text), n) for n in names):
            return None
    return f"the sentence speaks of none of {', '.join(repr(t.text) for t in things)}"


def only_its_topic(question: str, text: str, title: str) -> str | None:
    """Why `text` speaks of the question only as its whole document does: the question's things
    it holds are all words of the document's title, and it states none of the question's deed.
    "In the area of Chinese painting during the *Yuan* dynasty there were many famous painters"
    is about the Yuan, as every sentence of "Yuan dynasty" is, and not about which dynasty is
    *linked* with it in the development of sculpture. None when it holds another of the
    question's things, states its deed, or the question has neither."""
    from rag.evidence import mentions, question_predicates, states_predicates
    from rag.kinds import asked_noun
    from rag.nlp import parse
    from rag.text import term_set

    asked = parse(question)
    kind = asked_noun(asked)
    things = [t for t in asked if t.pos_ in ("NOUN", "PROPN") and (kind is None or t.i != kind.i)]
    sentence = parse(text)
    held = [t for t in things if mentions(sentence, t)]
    topic = term_set(title)
    if not held or any(fold(t.text) not in topic for t in held):
        return None
    predicates = question_predicates(question)
    if not predicates or states_predicates(predicates, term_set(text)):
        return None
    return f"the sentence shares only its document's subject ({', '.join(repr(t.text) for t in held)}) with the question"


def _refers_out(word: Token) -> bool:
    """Whether a word may stand for something named before its sentence: "this", "these" or
    "those", or a pronoun with no noun subject before it in its own sentence ("… the *words* …
    reinforcing the authority of the Parliament in *its* ability": "its" is said of them)."""
    if word.lower_ in REFERRING & _POINTING:
        return True
    return word.lower_ in REFERRING and not any(
        t.dep_ in ("nsubj", "nsubjpass") and t.pos_ in ("NOUN", "PROPN") for t in word.doc[:word.i])


def _described_before(sentence: Doc, things: list[Token], context: str) -> bool:
    """Whether the sentence's subject is a bare "the N" that the `context` names with N's word
    while it names one of the question's `things` ("the vBNS … Network Service" / "the network")."""
    if not context:
        return False
    said = {norm(w) for w in words(context)}
    return any(t.dep_ in ("nsubj", "nsubjpass") and t.pos_ == "NOUN" and norm(t.text) in said
               and [c.lower_ for c in t.children] == ["the"] for t in sentence) and any(
        norm(t.text) in said for t in things)

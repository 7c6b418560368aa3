"""Whether a sentence, read where it stands, gives the proper names a question holds.

"Who provided the financing for *Tymnet*?" is not answered by "BBN provided the financing", a
sentence of a paragraph about another network: it shares the question's deed and thing, not
the name that says which financing is meant. A sentence names what it speaks of, or leaves it
to its paragraph or to its document's title ("the Yuan" of an article on the Yuan
dynasty), or stands for it by a pronoun. A name in none of those places is another's story.
The question's doer is held to its own sentence by `rag.roles.participant_unmentioned`; this
looks at the question's other names (the thing done, whose it is, for whom).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rag.answerability import capital_initials, place_given
from rag.text import fold, norm, words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Pronouns that may stand for a name the sentence does not give (not "I", "we", "you")
_STANDING_IN = {"it", "its", "they", "their", "them", "he", "his", "him", "she", "her"}
# A month's name ("in *October* 2007") is a time, which the checks of figures and times judge; a
# people ("requests made to the *British*") is told by whom a sentence names as often as by its name
_NOT_NAMES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "NORP"}


def name_unmentioned(question: str, text: str, context: str = "", evidence: str = "") -> str | None:
    """The question's proper name (not the doer, not what is asked for) that `text` gives in
    no form (`rag.roles.named_in`: its words, initials or a misspelling; `place_given`: its
    adjective, or another name WordNet gives it, "Holland" / "the Netherlands") and its `context`
    (the document's title and the paragraph before it) gives in none either, where no pronoun
    of `text` may stand for it, as a reason; else None. A word the `evidence` writes in lower
    case is no name, however the question spells it."""
    from rag.nlp import parse, parse_question
    from rag.roles import free_pronouns, initials_of, named_in

    asked = parse_question(question)
    sentence = parse(text)
    if free_pronouns(sentence) & _STANDING_IN:
        return None
    common = {w for w in words(evidence) if w.islower()}
    around = {norm(w) for w in words(context)}
    # "CRL" in capitals, or the initials of a capitalised run ("Coastal Railway Line")
    initials = capital_initials(context) | {fold(w) for w in words(f"{context} {text}") if w.isupper()}
    for name in _names(asked):
        if any(fold(t.text) in common for t in name):
            continue
        if not any(named_in(name[i:i + 1], sentence) for i in range(len(name))) and not place_given(
                name.text, sentence) and not any(norm(t.text) in around for t in name) and not (
                len(name) > 1 and fold(initials_of(name)) in initials):
            return f"the question asks about {name.text!r}; neither the sentence nor its paragraph names it"
    return None


def _names(question: Doc) -> list[Span]:
    """The question's proper names as runs of capitalised name words ("Queen Anne", "War"),
    leaving out its doer (a subject) and the words of what it asks for ("*which Syrian city*")."""
    runs: list[list[Token]] = []
    for t in question:
        if not t.text[:1].isupper() or t.i == 0 or t.ent_type_ in _NOT_NAMES or _asked_or_doer(t):
            continue
        if runs and runs[-1][-1].i == t.i - 1 and t.pos_ in ("PROPN", "NOUN"):
            runs[-1].append(t)  # "the Coastal Railway *Line*"
        elif t.pos_ == "PROPN":
            runs.append([t])
    return [question[r[0].i:r[-1].i + 1] for r in runs]


def _asked_or_doer(word: Token) -> bool:
    """Whether a name word is (part of) the question's doer or of the phrase it asks for."""
    for t in (word, *word.ancestors):
        if t.pos_ in ("VERB", "AUX"):
            return False
        if t.dep_ in ("nsubj", "nsubjpass") or any(c.tag_ in ("WDT", "WP", "WP$") for c in t.children):
            return True
    return False

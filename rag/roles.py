"""Who did what, and when: a sentence that holds the question's words but says them of
another doer or another deed is not its answer.

"When did Tugh Temur die?" against "When Yesün Temür died in 1328, Tugh Temür was
recalled …": the sentence holds the question's verb, its year and even its name, and yet
says the death of another man (`other_doer`). "When did government forces seize the
Scientific Research Center neighbourhood?" against "… since 2020, when government forces
seized areas …": the doer and the verb are the question's, the year belongs to another
seizure (`other_deed`). Word coverage and embedding similarity both rate such sentences
highly; the parse says who does what. And a "who" question is answered by whoever does
what it asks about, named or only described ("Iran-linked groups, who had backed …"; `doers`).

The checks fire only when the question's doer is *in* the sentence. A doer merely named
differently ("the fighters" / "the jihadists") is not, so a paraphrase is never taken for
a change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rag.evidence import question_predicates, same_stem
from rag.text import norm, term_set

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# What hangs off a noun without being part of its name: "forces, which …", "Rollo, the leader".
_NOT_THE_NAME = {"relcl", "acl", "appos", "advcl", "conj", "cc", "punct"}


@dataclass(frozen=True)
class OtherDoer:
    """The sentence's `verb` is done by `said`, not by the question's `asked`."""

    verb: str
    asked: str
    said: str

    @property
    def reason(self) -> str:
        return f"the sentence's {self.verb!r} is said of {self.said!r}, not of {self.asked!r}"


def _doer(verb: Token) -> Token | None:
    """The noun that does the verb: its active subject, or the object of its passive "by".
    None when that is a pronoun ("it was controlled", "they died"): who is meant is not in
    the sentence."""
    doer = None
    for c in verb.children:
        if c.dep_ == "nsubj":
            # "groups, who had backed …": the relative pronoun stands for the noun the clause describes
            doer = verb.head if c.tag_ in ("WP", "WDT") and verb.dep_ == "relcl" else c
            break
        if c.dep_ == "agent":
            doer = next((g for g in c.children if g.dep_ == "pobj"), None)
            break
    return doer if doer is not None and doer.pos_ in ("NOUN", "PROPN") else None


def _name(noun: Token) -> list[Token]:
    """The words that name a noun phrase: its compounds and modifiers ("government forces",
    "a small group of Huguenots"), not a clause or apposition hanging off it."""
    cut = {t.i for c in noun.children if c.dep_ in _NOT_THE_NAME and not _name_part(noun, c) for t in c.subtree}
    return [t for t in noun.subtree if t.i not in cut and t.pos_ in ("NOUN", "PROPN", "ADJ")]


def _name_part(noun: Token, child: Token) -> bool:
    """"Mayor Hollis" parsed as a noun and its apposition: one name, not a clause."""
    return child.dep_ == "appos" and child.pos_ == "PROPN" and abs(child.i - noun.i) == 1


def _terms(tokens: list[Token]) -> set[str]:
    return {norm(t.text) for t in tokens}


def _spoken(tokens: list[Token]) -> str:
    return " ".join(t.text for t in tokens)


def _one(name: set[str], other: set[str]) -> bool:
    """Two names of one doer: one holds the other ("forces" / "government forces")."""
    return name <= other or other <= name


def _asked(question: str, said: set[str]) -> list[tuple[Token, list[Token]]]:
    """The question's predicate verbs whose doer is a noun that `said` (a sentence's terms)
    holds, each with the words of that doer's name."""
    from rag.nlp import parse

    predicates = set(question_predicates(question))
    return [(t, name) for t in parse(question)
            if t.pos_ == "VERB" and norm(t.text) in predicates and (d := _doer(t)) is not None
            and (name := _name(d)) and _terms(name) <= said]


def doers(question: str, text: str) -> list[str]:
    """Who does what the question asks about in `text`: the named or described doer of each
    verb that states one of the question's predicates ("Iran-linked groups, who had *backed*
    …" → "Iran linked groups"). Pronouns are left out: they do not say who."""
    from rag.nlp import parse

    predicates = question_predicates(question)
    found = []
    for t in parse(text):
        if t.pos_ in ("VERB", "AUX") and any(same_stem(p, norm(t.text)) for p in predicates):
            if (doer := _doer(t)) is not None:
                found.append(_spoken(_name(doer)))
    return found


def other_doer(question: str, text: str) -> OtherDoer | None:
    """Where `text` says the question's verb of another doer while naming the question's own
    doer elsewhere, or None. Two doers are the same when one's name holds the other's
    ("forces" / "government forces")."""
    from rag.nlp import parse

    asked = _asked(question, term_set(text))
    if not asked:
        return None
    for t in parse(text):
        if t.pos_ not in ("VERB", "AUX"):
            continue
        for verb, name in asked:
            if not same_stem(norm(verb.text), norm(t.text)):
                continue
            other = _doer(t)
            if other is None:
                continue
            theirs = _terms(_name(other))
            if theirs and not _one(_terms(name), theirs):
                return OtherDoer(t.text, _spoken(name), _spoken(_name(other)))
    return None


@dataclass(frozen=True)
class OtherDeed:
    """The time a sentence gives is that of `deed`, not of the question's `asked` deed."""

    deed: str
    asked: str

    @property
    def reason(self) -> str:
        return f"its time is of {self.deed!r}, not of {self.asked!r}"


def _times(sentence: Doc) -> list[Token]:
    """The heads of the sentence's time expressions that name a time (a figure or a day, not "that year")."""
    from rag.evidence import TIME_WORDS

    return [ent.root for ent in sentence.ents if ent.label_ in ("DATE", "TIME")
            and (any(ch.isdigit() for ch in ent.text) or TIME_WORDS.search(ent.text))]


def _deed(time: Token) -> Token | None:
    """The verb a time belongs to: the clause said of it ("2020, *when* forces seized …"),
    else the verb it hangs from; None when there is none."""
    for c in time.children:
        if c.dep_ in ("relcl", "advcl") and any(w.lower_ == "when" for w in c.children):
            return c
    t = time
    while t.pos_ not in ("VERB", "AUX") and t.head.i != t.i:
        t = t.head
    return t if t.pos_ in ("VERB", "AUX") else None


def _same_doer(verb: Token, name: set[str]) -> bool:
    doer = _doer(verb)
    theirs = _terms(_name(doer)) if doer is not None else set()
    return bool(theirs) and _one(name, theirs)


def other_deed(question: str, text: str) -> OtherDeed | None:
    """For "when did X do V (to O)?": where every time `text` gives belongs to another deed
    of X — X doing something else ("Iran-linked groups, who had *backed* the army since
    2015" for "since when have they *controlled* Aleppo?"), or doing V to something else
    ("since 2020, when government forces seized *areas*" for "when did they seize the
    *Scientific Research Center* neighbourhood?"). The time of another deed is not the time
    asked for, however much of the question the sentence holds. A time said of someone else
    ("…, activists said Friday") is left alone: who reported a deed is not a second doer."""
    from rag.nlp import parse

    said = term_set(text)
    asked = _asked(question, said)
    if not asked:
        return None
    found = [_deed(t) for t in _times(parse(text))]
    deeds = [v for v in found if v is not None]
    if not deeds or len(deeds) < len(found):  # a time that belongs to no verb: nothing to compare
        return None
    for verb, name in asked:
        if not all(_same_doer(v, _terms(name)) for v in deeds):
            continue
        same = [v for v in deeds if same_stem(norm(verb.text), norm(v.text)) or v.lemma_ == verb.lemma_]
        if not same:
            return OtherDeed(f"{_spoken(name)} {deeds[0].text}", f"{_spoken(name)} {verb.text}")
        thing = next((c for c in verb.children if c.dep_ == "dobj"), None)
        names = [w for w in thing.subtree if w.pos_ == "PROPN"] if thing is not None else []
        if thing is None or not names or _terms(names) <= said:
            continue
        for v in same:
            other = next((c for c in v.children if c.dep_ == "dobj"), None)
            if other is not None and norm(other.text) != norm(thing.text):
                return OtherDeed(f"{v.text} {other.text}", f"{verb.text} {' '.join(w.text for w in thing.subtree)}")
    return None

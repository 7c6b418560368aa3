"""Who did what, when, how many, and whether it happened: the structure of a sentence.

Word overlap cannot tell "The lighthouse was kept by Quillon." from "The lighthouse of
Quillon was kept by Zorblax.", "Four students were killed" from "killing four people,
including two students", or "Civilians were killed" from "No civilians were killed":
every word of the first is in the second. A dependency parse (spaCy, `rag.nlp`) can.
For each predicate (a verb's lemma) a sentence gives:

- roles: its agent (active subject, or the "by" phrase of a passive), its patient
  (object, or passive subject), its time (a DATE/TIME phrase attached to it); and for
  each counted noun, its count ("4 people");
- polarity: negated ("not", "never", "no civilians", a denial of it) or affirmed.

A claim conflicts with its evidence when an event of the claim and an event of the
evidence are the same event (same predicate, a shared participant) and the evidence
fills a role with other things than the claim does, counts a noun differently, or has
the opposite polarity. Where the evidence says nothing about a role the claim fills,
there is no conflict here (word overlap has already required the claim's words to be
there).
Numbers are read as values before parsing (`rag.numbers`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rag.numbers import canonical_numbers
from rag.text import norm

_SUBJECT = {"nsubj", "csubj", "expl"}
_PASSIVE_SUBJECT = {"nsubjpass", "csubjpass"}
_OBJECT = {"dobj", "obj", "attr", "oprd"}
_TIME_PREPS = {"on", "in", "at", "since", "until", "till", "during", "by", "before", "after"}
_RELATIVE = {"that", "which", "who", "whom", "whose"}
_NEGATIVE_DETS = {"no", "neither"}
_NEGATIVE_WORDS = {"nobody", "nothing", "none", "never", "nowhere", "noone"}
_DENIALS = {"deny", "refute", "reject", "dismiss", "disprove"}


@dataclass
class Event:
    """One predicate occurrence: its lemma, the fillers of its roles, and its polarity."""

    predicate: str
    roles: dict[str, set[str]] = field(default_factory=dict)
    negated: bool = False

    def add(self, role: str, fillers: set[str]) -> None:
        if fillers:
            self.roles.setdefault(role, set()).update(fillers)

    def participants(self) -> set[str]:
        return set().union(*self.roles.values()) if self.roles else set()


def _fillers(token) -> set[str]:
    """The normalised head words a role is filled with: the token and its conjuncts.
    A relative pronoun stands for the noun its clause modifies; other pronouns name
    nothing checkable and give nothing."""
    out: set[str] = set()
    for t in [token, *token.conjuncts]:
        if t.lower_ in _RELATIVE and t.head.dep_ == "relcl":
            t = t.head.head
        if t.pos_ == "PRON":
            continue
        out.add(norm(t.text))
    return out


def _is_time(token) -> bool:
    return token.ent_type_ in ("DATE", "TIME")


def _negated(verb) -> bool:
    neg = False
    for child in verb.children:
        if child.dep_ == "neg" or child.lower_ in _NEGATIVE_WORDS:
            neg = True
        elif child.dep_ in _SUBJECT | _PASSIVE_SUBJECT | _OBJECT:
            if any(g.dep_ == "det" and g.lower_ in _NEGATIVE_DETS for g in child.children):
                neg = True
    if verb.dep_ in ("ccomp", "xcomp") and verb.head.lemma_.lower() in _DENIALS:
        neg = not neg
    return neg


def analyse(text: str) -> list[Event]:
    """One event per predicate of `text` (counts of nouns are events of their own)."""
    from rag.nlp import parse

    doc = parse(canonical_numbers(text))
    events: list[Event] = []
    for token in doc:
        if token.dep_ == "nummod" and token.head.pos_ in ("NOUN", "PROPN"):
            count = Event(f"#{norm(token.head.text)}")
            count.add("count", {norm(token.text)})
            count.add("of", {norm(token.head.text)})
            events.append(count)
        if token.pos_ not in ("VERB", "AUX") or (token.pos_ == "AUX" and token.dep_ in ("aux", "auxpass")):
            continue
        event = Event(token.lemma_.lower(), negated=_negated(token))
        for child in token.children:
            if child.dep_ in _SUBJECT:
                event.add("agent", _fillers(child))
            elif child.dep_ in _PASSIVE_SUBJECT or child.dep_ in _OBJECT:
                event.add("patient", _fillers(child))
            elif child.dep_ == "agent":
                for pobj in (g for g in child.children if g.dep_ == "pobj"):
                    event.add("agent", _fillers(pobj))
            elif child.dep_ in ("npadvmod", "tmod", "obl") and _is_time(child):
                event.add("time", _fillers(child))
            elif child.dep_ == "prep" and child.lower_ in _TIME_PREPS:
                for pobj in (g for g in child.children if g.dep_ == "pobj" and _is_time(g)):
                    event.add("time", _fillers(pobj))
        events.append(event)
    return events


def _difference(mine: Event, theirs: Event) -> str | None:
    """How `theirs` contradicts `mine` (same predicate, shared participant), or None."""
    for role, fillers in mine.roles.items():
        other = theirs.roles.get(role)
        if other and not fillers <= other:
            what = f"the count of '{mine.predicate[1:]}'" if role == "count" else f"the {role} of '{mine.predicate}'"
            return f"{what} is {', '.join(sorted(other))} in the cited evidence, not {', '.join(sorted(fillers))}"
    if mine.negated != theirs.negated:
        return ("negates what the cited evidence says" if mine.negated
                else f"the cited evidence says '{mine.predicate}' did not happen")
    return None


_REPORTING = {"say", "claim", "report", "state", "tell", "announce", "allege", "estimate", "accuse", "deny",
              "insist", "add", "confirm", "warn", "assert", "describe", "suggest"}


def _words_of(tokens) -> set[str]:
    return {norm(t.text) for t in tokens if t.is_alpha or t.like_num}


def attributions(text: str) -> list[tuple[set[str], set[str]]]:
    """(speaker words, reported words) for each "X said ..." / "according to X" in `text`."""
    from rag.nlp import parse

    doc = parse(canonical_numbers(text))
    out = []
    for tok in doc:
        if tok.lemma_.lower() in _REPORTING and tok.pos_ == "VERB":
            speakers = [c for c in tok.children if c.dep_ in _SUBJECT]
            reported = [c for c in tok.children if c.dep_ in ("ccomp", "xcomp")]
            if speakers and reported:
                who = set().union(*(_words_of(s.subtree) for s in speakers))
                said = set().union(*(_words_of(r.subtree) for r in reported))
                out.append((who, said))
        elif tok.lower_ == "according":
            for to in (c for c in tok.children if c.lower_ == "to"):
                who = set().union(*(_words_of(p.subtree) for p in to.children if p.dep_ == "pobj"))
                said = _words_of(t for t in doc if t not in set(tok.subtree))
                if who:
                    out.append((who, said))
    return out


def dropped_speaker(claim: str, evidence: str, ignore: set[str]) -> str | None:
    """Who said it, when the evidence reports the claim's content as someone's words and
    the claim states it as plain fact (no speaker, no reporting verb of its own); else
    None. `ignore`: words that never decide (stop words, the question's words)."""
    from rag.nlp import parse

    doc = parse(canonical_numbers(claim))
    mine = {w for w in _words_of(doc) if w not in ignore}
    if not mine or any(t.lemma_.lower() in _REPORTING for t in doc):
        return None
    for who, said in attributions(evidence):
        speaker = who - ignore
        if speaker and not (mine & speaker) and len(mine & said) >= 0.6 * len(mine):
            return " ".join(sorted(speaker))
    return None


def conflict(claim: str, evidence: str) -> str | None:
    """Why `claim` contradicts `evidence` in structure, or None when it does not.

    Each event of the claim is compared with the evidence's events of the same predicate
    that share a participant with it (the same event told twice); it passes if one of them
    agrees on every role both fill and on polarity. Events of the evidence that share no
    participant are other events and say nothing about this one."""
    theirs = analyse(evidence)
    for mine in analyse(claim):
        same = [e for e in theirs if e.predicate == mine.predicate and e.participants() & mine.participants()]
        if not same:
            continue
        reasons = [_difference(mine, e) for e in same]
        if all(reasons):
            return reasons[0]
    return None

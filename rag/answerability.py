"""Does the evidence answer this question, or only share its words?

Coverage of the question's words (`Selection.support`) cannot tell "What did France do in
1598?" from "What did Iran do in 1598?" when the evidence is about France: one changed
detail costs a little coverage, and the rest of the question matches perfectly. These
checks look at the details a question pins down and that an answer must be about:

- a negated question asking for a thing, person, place or time ("Where did the canal *not*
  begin?") needs evidence that says what did not happen; a plain statement of what did is
  not its answer. Asking for the cause, start or length of a negative state ("Why didn't
  they ...", "Since when has X not ...", "How long ... not") is different: the event that
  began it ("X was ousted in 2016") answers it;
- likewise a question about a denial ("Who denied that …?") needs evidence that denies,
  disputes or negates something: the claim itself does not say who denied it;
- a figure or year the question states ("in 1745", "the 21st century") must be in the
  evidence: another year is another event;
- a name the question states (a person, place, organisation, event) must be in the
  evidence, allowing for a misspelling ("Kllbrandon" is Kilbrandon) and for initials
  ("US" is "United States"). Adjectives of nationality ("French", "British") are not
  checked: the evidence says "France" or "the British" as often as not.

Each check returns the reason the evidence does not answer, or None. Measured on
squad-half (split in two halves by id, each judged separately) before they were kept:
together they raised abstention on unanswerable questions by 24 and 28 points and cost
about 3 points of false abstention on each half (README, "How the abstention rules were
chosen").
"""

from __future__ import annotations

import difflib
import re

from rag.text import fold, norm, term_set, words

_STATE_OF_NEGATION = re.compile(r"^\s*(why|how come)\b|\b(since|how long|until|till)\b", re.I)
_NEGATION = re.compile(r"\b(not|never|no|none|nobody|nothing|neither|nor|without)\b|n['’]t\b", re.I)
# Words that deny or dispute a claim: "Who denied that …?" is answered only by evidence that
# denies, disputes or negates something, never by the claim itself.
_DENIAL = re.compile(r"\b(den(y|ies|ied|ying|ials?)|refut\w*|rebut\w*|disput\w*|contradict\w*|dismiss\w*|"
                     r"reject\w*|false(ly)?|untrue)\b", re.I)
# Entities that name one particular thing. NORP (nationalities, groups as adjectives) and
# times/figures are left out: figures are checked as digits, and "French" vs "France" is style.
_NAMED = {"PERSON", "GPE", "LOC", "FAC", "ORG", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT"}
TYPO_RATIO = 0.8  # difflib similarity at which two spellings are the same word (one or two letters off)


def _present(word: str, terms: set[str], spelled: set[str], initials: set[str]) -> bool:
    n = norm(word)
    if not n or n in terms:
        return True
    f = fold(word)
    if word.isupper() and len(word) >= 2 and f in initials:
        return True
    return any(difflib.SequenceMatcher(None, f, w).ratio() >= TYPO_RATIO for w in spelled if abs(len(w) - len(f)) <= 2)


def _initials(text: str) -> set[str]:
    """"United States" → "us": runs of capitalised words read as their initials."""
    out: set[str] = set()
    ws = words(text)
    for i in range(len(ws)):
        run = ""
        for w in ws[i : i + 6]:
            if not w[:1].isupper():
                break
            run += fold(w[0])
            if len(run) >= 2:
                out.add(run)
    return out


def asks_about_denial(question: str) -> bool:
    return bool(_DENIAL.search(question))


def denies(text: str) -> bool:
    """Whether `text` denies, disputes or negates anything."""
    return bool(_DENIAL.search(text) or _NEGATION.search(text))


def unanswered_reason(question: str, evidence_text: str) -> str | None:
    """Why `evidence_text` (the best evidence and its neighbours) cannot answer `question`, or None."""
    from rag.nlp import parse

    asks_against = _NEGATION.search(question) and not _STATE_OF_NEGATION.search(question)
    if asks_against and not _NEGATION.search(evidence_text):
        return "the question asks what did not happen; the evidence only says what did"
    if asks_about_denial(question) and not denies(evidence_text):
        return "the question asks about a denial; the evidence denies nothing"
    terms = term_set(evidence_text)
    spelled = {fold(w) for w in words(evidence_text)}
    initials = _initials(evidence_text)
    doc = parse(question)
    for token in doc:
        if any(ch.isdigit() for ch in token.text) and not all(
            _present(w, terms, set(), set()) for w in words(token.text)
        ):
            return f"the question's figure {token.text!r} is not in the evidence"
    for ent in doc.ents:
        names = [w for w in words(ent.text) if w[:1].isupper()]  # "Norman first": the name is "Norman"
        if ent.label_ in _NAMED and not all(_present(w, terms, spelled, initials) for w in names):
            return f"the question names {ent.text!r}, which the evidence does not mention"
    return None
